// Product detail: images, price, stock, the 「分享赚」 hint for distributors, add to cart or buy now.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as order from '../../../services/order';
import type { Product } from '../../../services/api';
import { addToCart, CART_KEY, parseCart } from '../../../utils/cart';
import { productSharePath, productView, ProductView } from './logic';

Component({
  data: {
    id: '',
    status: 'loading' as 'loading' | 'ready' | 'error' | 'empty',
    error: '',
    product: null as Product | null,
    view: null as ProductView | null,
    inviteCode: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) {
        this.setData({ status: 'empty' });
        return;
      }
      this.setData({ status: this.data.product ? 'ready' : 'loading', error: '' });
      try {
        const answer = await order.product(this.data.id);
        this.setData({
          status: 'ready',
          product: answer.product,
          view: productView(answer),
          inviteCode: answer.share?.inviteCode ?? '',
        });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    onPreview(e: WechatMiniprogram.BaseEvent) {
      const product = this.data.product;
      if (!product) return;
      wx.previewImage({ urls: product.images, current: e.currentTarget.dataset.src as string });
    },
    onAddToCart() {
      const product = this.data.product;
      if (!product || !this.data.view?.canBuy) return;
      setStorage(CART_KEY, addToCart(parseCart(getStorage(CART_KEY)), product, 1));
      wx.showToast({ title: '已加入购物车', icon: 'success' });
    },
    onBuyNow() {
      const product = this.data.product;
      if (!product || !this.data.view?.canBuy) return;
      setStorage(CART_KEY, addToCart(parseCart(getStorage(CART_KEY)), product, 1));
      wx.navigateTo({ url: '/pages/shop/cart/index' });
    },
    onGoCart() {
      wx.navigateTo({ url: '/pages/shop/cart/index' });
    },
    onShareAppMessage() {
      const product = this.data.product;
      return {
        title: product ? product.name : '好物推荐',
        path: productSharePath(this.data.id, this.data.inviteCode || undefined),
        imageUrl: product?.images[0],
      };
    },
  },
});
