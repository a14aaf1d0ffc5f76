// 领券中心: every coupon the shopper can claim now, with how many they hold and how many are left; 领取 claims one
// more (within the merchant's limits, which the server keeps). 我的优惠券 is one tap away.
import { messageOf } from '../../../services/errors';
import * as order from '../../../services/order';
import { CenterCouponView, centerCouponViews } from '../../../utils/coupon';
import { claimTapped } from '../../../utils/coupon-claim';

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'empty' | 'error',
    error: '',
    coupons: [] as CenterCouponView[],
    /** The coupon being claimed, so a second tap does nothing. */
    claiming: '',
  },
  methods: {
    onShow() {
      return this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      this.setData({ status: this.data.coupons.length ? 'ready' : 'loading', error: '' });
      try {
        const { items } = await order.couponCenter();
        const coupons = centerCouponViews(items);
        this.setData({ coupons, status: coupons.length ? 'ready' : 'empty' });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    onClaim(e: WechatMiniprogram.BaseEvent) {
      return claimTapped(this, e, () => this.load());
    },
    onMine() {
      wx.navigateTo({ url: '/pages/coupon/mine/index' });
    },
  },
});
