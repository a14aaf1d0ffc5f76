// Product detail: a swiper of its pictures, price, stock, what an active distributor earns by sharing it (with
// 分享给好友 and 生成海报), and the bar to the cart, add to cart or buy now.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as order from '../../../services/order';
import type { Product } from '../../../services/api';
import { addToCart, CART_KEY, cartCount, parseCart } from '../../../utils/cart';
import { posterPath, productSharePath, productView, ProductView } from './logic';

Component({
  data: {
    id: '',
    status: 'loading' as 'loading' | 'ready' | 'error' | 'empty',
    error: '',
    product: null as Product | null,
    view: null as ProductView | null,
    inviteCode: '',
    /** The picture the swiper shows (for the 「1/3」 counter). */
    current: 0,
    /** Units in the cart, on the 购物车 button. */
    inCart: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      this.load();
    },
    onShow() {
      this.setData({ inCart: cartCount(parseCart(getStorage(CART_KEY))) });
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
          current: 0,
        });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    onSwipe(e: WechatMiniprogram.CustomEvent<{ current: number }>) {
      this.setData({ current: e.detail.current });
    },
    onPreview(e: WechatMiniprogram.BaseEvent) {
      const product = this.data.product;
      if (!product || !product.images.length) return;
      wx.previewImage({ urls: product.images, current: e.currentTarget.dataset.src as string });
    },
    add(): boolean {
      const product = this.data.product;
      if (!product || !this.data.view?.canBuy) return false;
      const cart = addToCart(parseCart(getStorage(CART_KEY)), product, 1);
      setStorage(CART_KEY, cart);
      this.setData({ inCart: cartCount(cart) });
      return true;
    },
    onAddToCart() {
      if (this.add()) wx.showToast({ title: '已加入购物车', icon: 'success' });
    },
    onBuyNow() {
      if (this.add()) wx.navigateTo({ url: '/pages/shop/cart/index' });
    },
    onGoCart() {
      wx.navigateTo({ url: '/pages/shop/cart/index' });
    },
    onGoHome() {
      wx.switchTab({ url: '/pages/shop/home/index' });
    },
    onPoster() {
      wx.navigateTo({ url: posterPath(this.data.id) });
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
