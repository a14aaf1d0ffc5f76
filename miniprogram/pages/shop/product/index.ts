// Product detail: a swiper of its video (a cover until tapped) and pictures, the price with a limited-time price's
// list price and countdown, the product's coupons (领取 in a sheet), the SKU picker (values that lead to no SKU in
// stock are off; the chosen SKU's price, stock and picture), what an active distributor earns by sharing it (with
// 分享给好友 and 生成海报), and the bar to the cart, add to cart or buy now.
import { fileUrl, getStorage, setStorage } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as order from '../../../services/order';
import type { AnswerFor, Product } from '../../../services/api';

type Share = NonNullable<AnswerFor<'order', 'product'>['share']>;
import { addToCart, CART_KEY, cartCount, parseCart } from '../../../utils/cart';
import { CenterCouponView, centerCouponViews } from '../../../utils/coupon';
import { claimTapped } from '../../../utils/coupon-claim';
import { countdownText } from '../../../utils/date';
import { secondTicker } from '../../../utils/ticker';
import {
  chosenSku,
  hasSpecs,
  initialSelection,
  Selection,
  skuView,
  SkuView,
  toggleValue,
} from '../../../utils/sku';
import {
  couponsSummary,
  gallerySlides,
  posterPath,
  productSharePath,
  productView,
  ProductView,
  Slide,
} from './logic';

/** The limited-time countdown ticks while the page is open. */
const ticker = secondTicker();

type PickerAction = '' | 'cart' | 'buy';

Component({
  data: {
    id: '',
    status: 'loading' as 'loading' | 'ready' | 'error' | 'empty',
    error: '',
    product: null as Product | null,
    view: null as ProductView | null,
    /** For an active distributor: what sharing it earns, and their invite code. */
    share: null as Share | null,
    inviteCode: '',
    slides: [] as Slide[],
    /** The slide the swiper shows (for the 「1/3」 counter). */
    current: 0,
    /** The video plays once its cover was tapped (no download before). */
    playing: false,
    /** 「距结束 2 天 03:12:45」 while a limited-time price is on. */
    countdown: '',
    /** Units in the cart, on the 购物车 button. */
    inCart: 0,
    selection: [] as Selection,
    sku: null as SkuView | null,
    quantity: 1,
    pickerOpen: false,
    /** What the picker's button does: add to the cart, buy now, or both buttons ('' from the 规格 line). */
    pickerAction: '' as PickerAction,
    coupons: [] as CenterCouponView[],
    couponsText: '',
    couponsOpen: false,
    /** The coupon being claimed, so a second tap does nothing. */
    claiming: '',
  },
  lifetimes: {
    detached() {
      ticker.stop();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      this.load();
    },
    onShow() {
      this.setData({ inCart: cartCount(parseCart(getStorage(CART_KEY))) });
      if ((this.data.product as Product | null)?.limitedEndsAt) {
        this.tick();
        ticker.start(() => this.tick());
      }
    },
    onHide() {
      ticker.stop();
    },
    onUnload() {
      ticker.stop();
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
        const { product } = answer;
        const kept = this.data.product?._id === product._id ? this.data.selection : [];
        const selection = hasSpecs(product) ? (kept.length ? kept : initialSelection(product)) : [];
        this.setData({
          status: 'ready',
          product,
          view: productView(answer, selection),
          share: answer.share ?? null,
          inviteCode: answer.share?.inviteCode ?? '',
          selection,
          sku: hasSpecs(product) ? skuView(product, selection) : null,
          slides: gallerySlides(product, ''),
          current: 0,
          playing: false,
        });
        this.tick();
        if (product.limitedEndsAt) ticker.start(() => this.tick());
        this.loadVideo(product);
        this.loadCoupons();
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    /** A video in cloud storage plays from an address the phone can load (local mode asks the local cloud). */
    async loadVideo(product: Product) {
      if (!product.video) return;
      const url = await fileUrl(product.video);
      if (this.data.product?._id === product._id) this.setData({ slides: gallerySlides(product, url) });
    },
    /** The coupons that apply to this product; without them the page is complete all the same. */
    async loadCoupons() {
      try {
        const { items } = await order.couponCenter(this.data.id);
        this.setData({ coupons: centerCouponViews(items), couponsText: couponsSummary(items) });
      } catch {
        this.setData({ coupons: [], couponsText: '' });
      }
    },
    tick() {
      const product = this.data.product as Product | null;
      const text = countdownText(product?.limitedEndsAt, Date.now());
      if (product?.limitedEndsAt && !text) {
        // The limited price just ended: the price the server sells at now.
        ticker.stop();
        this.setData({ countdown: '' });
        this.load();
        return;
      }
      if (text !== this.data.countdown) this.setData({ countdown: text });
    },
    onSwipe(e: WechatMiniprogram.CustomEvent<{ current: number }>) {
      this.setData({ current: e.detail.current, playing: false });
    },
    onPlay() {
      this.setData({ playing: true });
    },
    onPreview(e: WechatMiniprogram.BaseEvent) {
      const product = this.data.product;
      if (!product || !product.images.length) return;
      wx.previewImage({ urls: product.images, current: e.currentTarget.dataset.src as string });
    },
    // ---- the SKU picker
    openPicker(action: PickerAction) {
      this.setData({ pickerOpen: true, pickerAction: action });
    },
    onSpecs() {
      this.openPicker('');
    },
    onPickerClose() {
      this.setData({ pickerOpen: false });
    },
    onPickerVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ pickerOpen: false });
    },
    /** A value chip: chosen, or unchosen when it was; one leading to no SKU in stock does nothing. */
    onChip(e: WechatMiniprogram.BaseEvent) {
      const product = this.data.product as Product | null;
      if (!product) return;
      const dimension = Number(e.currentTarget.dataset.dim);
      const value = String(e.currentTarget.dataset.value ?? '');
      const selection = toggleValue(product, this.data.selection, dimension, value);
      const sku = skuView(product, selection);
      this.setData({
        selection,
        sku,
        view: productView({ product, ...(this.data.share ? { share: this.data.share } : {}) }, selection),
        quantity: Math.max(1, Math.min(this.data.quantity, sku.sku?.stock ?? this.data.quantity)),
      });
    },
    onQuantity(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ quantity: Math.max(1, Math.floor(Number(e.detail.value) || 1)) });
    },
    /** Puts `quantity` of the product (of the chosen SKU) in the cart; false when it cannot go yet. */
    add(quantity: number): boolean {
      const product = this.data.product as Product | null;
      if (!product || !this.data.view?.canBuy) return false;
      let sku = null;
      if (hasSpecs(product)) {
        sku = chosenSku(product, this.data.selection);
        if (!sku || sku.stock <= 0) {
          wx.showToast({ title: this.data.sku?.chosenText || '请选择规格', icon: 'none' });
          return false;
        }
      }
      const cart = addToCart(parseCart(getStorage(CART_KEY)), product, quantity, sku);
      setStorage(CART_KEY, cart);
      this.setData({ inCart: cartCount(cart) });
      return true;
    },
    onAddToCart() {
      if (!this.data.view?.canBuy) return;
      if (this.data.view.hasSpecs) return this.openPicker('cart');
      if (this.add(1)) wx.showToast({ title: '已加入购物车', icon: 'success' });
    },
    onBuyNow() {
      if (!this.data.view?.canBuy) return;
      if (this.data.view.hasSpecs) return this.openPicker('buy');
      if (this.add(1)) wx.navigateTo({ url: '/pages/shop/cart/index' });
    },
    /** The picker's own buttons: the chosen SKU in the quantity chosen. */
    onPickerCart() {
      if (!this.add(this.data.quantity)) return;
      this.setData({ pickerOpen: false });
      wx.showToast({ title: '已加入购物车', icon: 'success' });
    },
    onPickerBuy() {
      if (!this.add(this.data.quantity)) return;
      this.setData({ pickerOpen: false });
      wx.navigateTo({ url: '/pages/shop/cart/index' });
    },
    // ---- coupons
    onCoupons() {
      if (this.data.coupons.length) this.setData({ couponsOpen: true });
    },
    onCouponsClose() {
      this.setData({ couponsOpen: false });
    },
    onCouponsVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ couponsOpen: false });
    },
    onClaim(e: WechatMiniprogram.BaseEvent) {
      return claimTapped(this, e, () => this.loadCoupons());
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
