// 我的优惠券: the coupons the shopper holds, by state — usable (soonest to expire first), used, expired. A usable one
// leads back to the shop (checkout applies the best one by itself); an empty list leads to the coupon centre.
import { messageOf } from '../../../services/errors';
import * as order from '../../../services/order';
import type { CouponState } from '../../../services/api';
import { COUPON_STATE_TABS, MyCouponView, myCouponViews } from '../../../utils/coupon';

const isState = (value: unknown): value is CouponState =>
  COUPON_STATE_TABS.some((tab) => tab.value === value);

Component({
  data: {
    tabs: COUPON_STATE_TABS,
    state: 'usable' as CouponState,
    status: 'loading' as 'loading' | 'ready' | 'empty' | 'error',
    error: '',
    coupons: [] as MyCouponView[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (isState(query.state)) this.setData({ state: query.state });
    },
    onShow() {
      return this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      const state = this.data.state;
      this.setData({ status: 'loading', error: '' });
      try {
        const { items } = await order.myCoupons(state);
        if (state !== this.data.state) return;
        const coupons = myCouponViews(items);
        this.setData({ coupons, status: coupons.length ? 'ready' : 'empty' });
      } catch (error) {
        if (state === this.data.state) this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: CouponState }>) {
      if (!isState(e.detail.value)) return;
      this.setData({ state: e.detail.value, coupons: [] });
      return this.load();
    },
    onUse() {
      wx.switchTab({ url: '/pages/shop/home/index' });
    },
    onCenter() {
      wx.navigateTo({ url: '/pages/coupon/center/index' });
    },
  },
});
