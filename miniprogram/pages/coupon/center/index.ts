// 领券中心: every coupon the shopper can claim now, with how many they hold and how many are left; 领取 claims one
// more (within the merchant's limits, which the server keeps). 我的优惠券 is one tap away.
import { messageOf } from '../../../services/errors';
import * as order from '../../../services/order';
import { CenterCouponView, centerCouponViews } from '../../../utils/coupon';

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
    async onClaim(e: WechatMiniprogram.BaseEvent) {
      const couponId = String(e.currentTarget.dataset.id ?? '');
      const coupon = this.data.coupons.find((c) => c.couponId === couponId);
      if (!coupon || !coupon.canClaim || this.data.claiming) return;
      this.setData({ claiming: couponId });
      try {
        await order.claimCoupon(couponId);
        wx.showToast({ title: '领取成功', icon: 'success' });
      } catch (error) {
        // Gone meanwhile, or the limit reached: the server says which.
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ claiming: '' });
      }
      await this.load();
    },
    onMine() {
      wx.navigateTo({ url: '/pages/coupon/mine/index' });
    },
  },
});
