// Order detail: payment, shipping (carrier, tracking number), cancel, confirm receipt and refund requests.
import { messageOf, ServiceError } from '../../../services/errors';
import * as order from '../../../services/order';
import type { Order, OrderRefund } from '../../../services/api';
import { orderDetailView, OrderDetailView } from './logic';

Component({
  data: {
    id: '',
    status: 'loading' as 'loading' | 'ready' | 'error' | 'empty',
    error: '',
    order: null as Order | null,
    refunds: [] as OrderRefund[],
    view: null as OrderDetailView | null,
    busy: false,
    refundReason: '',
    refundOpen: false,
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
      if (!this.data.id) return this.setData({ status: 'empty' });
      this.setData({ status: this.data.order ? 'ready' : 'loading', error: '' });
      try {
        const answer = await order.detail(this.data.id);
        this.show(answer.order, answer.refunds);
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    show(next: Order, refunds?: OrderRefund[]) {
      const shown = refunds ?? (this.data.refunds as OrderRefund[]);
      this.setData({ status: 'ready', order: next, refunds: shown, view: orderDetailView(next, shown) });
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
        const cancelled = error instanceof ServiceError && error.code === 'CANCELLED';
        wx.showToast({ title: cancelled ? '已取消支付' : messageOf(error), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
    onPay() {
      return this.run(() => order.payAndWait(this.data.id), '支付成功');
    },
    async onCancel() {
      const { confirm } = await wx.showModal({ title: '取消订单', content: '确定取消这个订单吗？' });
      if (confirm) await this.run(async () => (await order.cancel(this.data.id)).order, '已取消');
    },
    async onConfirm() {
      const { confirm } = await wx.showModal({ title: '确认收货', content: '确认已收到商品吗？' });
      if (confirm) await this.run(async () => (await order.confirm(this.data.id)).order, '已确认收货');
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
      // The answer is the request; the page reloads the order, whose status it changed.
      await this.run(async () => {
        await order.refund(this.data.id, reason);
        return undefined;
      }, '已提交退款申请');
      this.setData({ refundOpen: false, refundReason: '' });
    },
    onCopyTracking() {
      if (this.data.view?.trackingNo) wx.setClipboardData({ data: this.data.view.trackingNo });
    },
  },
});
