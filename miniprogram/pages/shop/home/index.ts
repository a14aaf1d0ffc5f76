// Shop home: the shop's name as the title, the merchant's banners, search, the way to the coupon centre (when
// there are coupons to claim), categories, and the paged product list (pull to refresh, scroll to load more).
import * as order from '../../../services/order';
import { listPage, mapPage } from '../../../utils/paged';
import {
  BannerView,
  bannerViews,
  catalogQuery,
  categoryChips,
  couponStrip,
  ProductCard,
  toCards,
} from './logic';

const paging = listPage<ProductCard>();

Component({
  data: {
    shopName: '',
    banners: [] as BannerView[],
    bannerIndex: 0,
    categories: ['全部'] as string[],
    category: '全部',
    keyword: '',
    /** 「3 张优惠券可领」, '' when there is nothing to claim. */
    couponsText: '',
    ...paging.data,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    /** Everything on the page; the strip, the name and the chips each fail alone. */
    reload() {
      this.loadCoupons();
      this.loadShop();
      this.loadCategories();
      return this.load(true);
    },
    /** The name and banners are the shop's face; without them the products still show. */
    async loadShop() {
      try {
        const shop = await order.shop();
        this.setData({ shopName: shop.shopName, banners: bannerViews(shop.banners) });
        if (shop.shopName) wx.setNavigationBarTitle({ title: shop.shopName });
      } catch {
        // keep the title of app.json
      }
    },
    /** The coupon strip only shows when something can be claimed; the shop works without it. */
    async loadCoupons() {
      try {
        const { items } = await order.couponCenter();
        this.setData({ couponsText: couponStrip(items) });
      } catch {
        this.setData({ couponsText: '' });
      }
    },
    onCoupons() {
      wx.navigateTo({ url: '/pages/coupon/center/index' });
    },
    /** The chips are a convenience: without them the shop still lists everything. */
    async loadCategories() {
      try {
        const { items } = await order.categories();
        this.setData({ categories: categoryChips(items) });
      } catch {
        // keep the chips shown so far
      }
    },
    async fetchPage(cursor: string | null) {
      const query = catalogQuery(this.data.category, this.data.keyword);
      return mapPage(await order.catalog({ ...query, cursor }), toCards);
    },
    onBanner(e: WechatMiniprogram.CustomEvent<{ current: number }>) {
      this.setData({ bannerIndex: e.detail.current });
    },
    onCategory(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ category: e.detail.value });
      this.load(true);
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: e.detail.value ?? '' });
      this.load(true);
    },
    onClearSearch() {
      this.setData({ keyword: '' });
      this.load(true);
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (id) wx.navigateTo({ url: `/pages/shop/product/index?id=${encodeURIComponent(id)}` });
    },
    onShareAppMessage() {
      return { title: this.data.shopName || '好物推荐', path: '/pages/shop/home/index' };
    },
  },
});
