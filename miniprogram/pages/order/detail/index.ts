// Order detail: the status and what comes next (an unpaid order counts down to closing), shipping (carrier,
// tracking number and the parcel's route), address, the lines (SKU, list price), money (goods before and after
// the coupon), remark, times; pay, cancel, confirm receipt and refund requests — paying and asking for a refund
// ask for the notices of what comes next.
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import * as order from '../../../services/order';
import type { Order, OrderRefund, SubscribeTemplates } from '../../../services/api';
import { SUBSCRIBE_MOMENTS } from '../../../utils/subscribe';
import { secondTicker } from '../../../utils/ticker';
import { hasShipment, orderDetailView, OrderDetailView, routeView, RouteView } from './logic';

/** The countdown of an unpaid order ticks while the page is open. */
const ticker = secondTicker();

Component({
  data: {
    id: '',
    status: 'loading' as 'loading' | 'ready' | 'error' | 'empty',
    error: '',
    order: null as Order | null,
    refunds: [] as OrderRefund[],
    view: null as OrderDetailView | null,
    afterSaleDays: null as number | null,
    /** The merchant's 订阅消息 templates (join.me). */
    subscribe: {} as SubscribeTemplates,
    /** The parcel's route once asked for (null before, or without a shipment). */
    route: null as RouteView | null,
    busy: false,
    refundReason: '',
    refundOpen: false,
  },
  lifetimes: {
    detached() {
      ticker.stop();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // 申请退款 on an order card opens the form at once.
      this.setData({ id: query.id ?? '', refundOpen: query.refund === '1' });
      this.load();
    },
    onUnload() {
      ticker.stop();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) return this.setData({ status: 'empty' });
      this.setData({ status: this.data.order ? 'ready' : 'loading', error: '' });
      try {
        const [answer, me] = await Promise.all([
          order.detail(this.data.id),
          // The after-sale window only decides whether 申请退款 still shows; the order shows without it.
          this.data.afterSaleDays === null ? join.me().catch(() => null) : Promise.resolve(null),
        ]);
        if (me) this.setData({ afterSaleDays: me.settings.afterSaleDays, subscribe: me.subscribe });
        this.show(answer.order, answer.refunds);
        if (hasShipment(answer.order)) this.loadRoute();
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    show(next: Order, refunds?: OrderRefund[]) {
      const shown = refunds ?? (this.data.refunds as OrderRefund[]);
      const view = orderDetailView(next, shown, {
        afterSaleDays: this.data.afterSaleDays,
        nowMs: Date.now(),
      });
      this.setData({
        status: 'ready',
        order: next,
        refunds: shown,
        view,
        refundOpen: this.data.refundOpen && view.actions.refund,
      });
      if (next.status === 'created') this.startTicking();
      else ticker.stop();
    },
    /** The parcel's route: a convenience under the tracking number, which stays whatever happens here. */
    async loadRoute() {
      try {
        this.setData({ route: routeView(await order.track(this.data.id)) });
      } catch (error) {
        this.setData({ route: { steps: [], note: messageOf(error) } });
      }
    },
    startTicking() {
      ticker.start(() => {
        const current = this.data.order as Order | null;
        if (!current || current.status !== 'created') return ticker.stop();
        this.setData({
          'view.statusNote': orderDetailView(current, [], {
            afterSaleDays: this.data.afterSaleDays,
            nowMs: Date.now(),
          }).statusNote,
        });
      });
    },
    /** One action at a time; the fresh order from the function replaces what is on screen. */
    async run(action: () => Promise<Order | undefined>, done: string) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        const next = await action();
        if (next) this.show(next);
        else await this.load();
        wx.showToast({ title: done, icon: 'success' });
      } catch (error) {
        // A cancelled cashier or confirm-receipt sheet says so in its own words (已取消支付 / 已取消确认收货).
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
    onPay() {
      if (this.data.busy) return;
      // Inside the tap, before anything is awaited: WeChat shows the notices sheet only then.
      const asked = join.askSubscribe(this.data.subscribe, SUBSCRIBE_MOMENTS.pay);
      return this.run(async () => {
        await asked;
        return order.payAndWait(this.data.id);
      }, '支付成功');
    },
    async onCancel() {
      const { confirm } = await wx.showModal({ title: '取消订单', content: '确定取消这个订单吗？' });
      if (confirm) await this.run(async () => (await order.cancel(this.data.id)).order, '已取消');
    },
    async onConfirm() {
      const { confirm } = await wx.showModal({ title: '确认收货', content: '确认已收到商品吗？' });
      const current = this.data.order as Order | null;
      if (confirm && current)
        await this.run(async () => (await order.confirmReceipt(current)).order, '已确认收货');
    },
    onRefundOpen() {
      this.setData({ refundOpen: true });
    },
    onRefundClose() {
      this.setData({ refundOpen: false });
    },
    onRefundReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ refundReason: e.detail.value });
    },
    async onRefundSubmit() {
      const reason = this.data.refundReason.trim();
      if (!reason) {
        wx.showToast({ title: '请填写退款原因', icon: 'none' });
        return;
      }
      if (this.data.busy) return;
      const asked = join.askSubscribe(this.data.subscribe, SUBSCRIBE_MOMENTS.refund);
      // The answer is the request; the page reloads the order, whose status it changed.
      await this.run(async () => {
        await asked;
        await order.refund(this.data.id, reason);
        return undefined;
      }, '已提交退款申请');
      this.setData({ refundOpen: false, refundReason: '' });
    },
    onCopyTracking() {
      if (this.data.view?.trackingNo) wx.setClipboardData({ data: this.data.view.trackingNo });
    },
    onCopyOrderNo() {
      if (this.data.order) wx.setClipboardData({ data: this.data.order.orderNo });
    },
  },
});
