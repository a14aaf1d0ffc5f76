// Merchant refund requests: status tabs over a paged list, each row with who started it (buyer, merchant, or
// the shop's automatic refund of a late payment) and the order behind it (refunds.list answers it too). A waiting request is approved in
// full or for less after a confirm showing the amount, or rejected with a reason typed on the page.
import * as admin from '../../../services/admin';
import type { AdminRefund as Refund } from '../../../services/admin';
import { listPage, mapPage, runAction, showProblem } from '../../../utils/paged';
import {
  afterDecision,
  approveConfirmText,
  checkPartialAmount,
  partialStart,
  REFUND_TABS,
  RefundCard,
  refundCards,
  RefundStatus,
  REJECT_REASON_MAX,
  rejectReasonProblem,
} from './logic';

const CLOSED_REJECT_FORM = { id: '', reason: '', problem: '' };
const CLOSED_PARTIAL_FORM = { id: '', amountText: '', problem: '', preview: '' };

const paging = listPage<RefundCard, RefundStatus | ''>({
  tabs: REFUND_TABS,
  firstTab: 'requested',
  fetchTab: async (status, cursor) =>
    mapPage(await admin.listRefunds(status || undefined, cursor), refundCards),
  resetOnTab: { reject: CLOSED_REJECT_FORM, partial: CLOSED_PARTIAL_FORM },
});

Component({
  data: {
    ...paging.data,
    reject: { ...CLOSED_REJECT_FORM },
    /** The open 部分退款 form: the request, the yuan typed, and what is wrong with it. */
    partial: { ...CLOSED_PARTIAL_FORM },
    reasonMax: REJECT_REASON_MAX,
    /** The request being decided, so a second tap does nothing. */
    busy: '',
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    onTab: paging.methods.onTab,
    /** Puts the decision on the row (or takes the row out of this tab); an emptied page loads again. */
    settle(id: string, patch: Partial<Refund>) {
      const items = afterDecision(this.data.list.items, id, patch, this.data.status);
      if (!items.length) {
        this.load(true);
        return;
      }
      this.setData({ 'list.items': items });
    },
    /** Approves after a confirm with the amount: what the buyer asked for, or `amount` fen when less. */
    async approve(row: RefundCard, amount?: number) {
      if (!row.canReview || this.data.busy) return;
      const { confirm } = await wx.showModal({ title: '同意退款', content: approveConfirmText(row, amount) });
      if (!confirm) return;
      const less = amount !== undefined && amount < row.amount ? amount : undefined;
      const answer = await runAction(
        this,
        'busy',
        () => admin.reviewRefund(row._id, true, undefined, less),
        '已同意，退款处理中',
        { busy: row._id, icon: 'none' },
      );
      if (!answer) return;
      const { refund } = answer;
      this.setData({ partial: { ...CLOSED_PARTIAL_FORM } });
      this.settle(row._id, {
        status: refund.status,
        amount: refund.amount,
        requestedAmount: refund.requestedAmount,
      });
    },
    async onApprove(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(e);
      if (row) await this.approve(row);
    },
    onPartialOpen(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(e);
      if (!row) return;
      this.setData({
        partial: { ...CLOSED_PARTIAL_FORM, id: row._id, amountText: partialStart(row) },
        reject: { ...CLOSED_REJECT_FORM },
      });
      this.previewPartial();
    },
    /** What the confirm will say, shown under the amount while it is typed. */
    previewPartial() {
      const form = this.data.partial;
      const row = this.rowOf(form.id);
      const checked = row ? checkPartialAmount(form.amountText, row.amount) : null;
      this.setData({ 'partial.preview': row && checked?.ok ? approveConfirmText(row, checked.amount) : '' });
    },
    onPartialClose() {
      this.setData({ partial: { ...CLOSED_PARTIAL_FORM } });
    },
    onPartialAmount(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'partial.amountText': e.detail.value, 'partial.problem': '' });
      this.previewPartial();
    },
    async onPartialSubmit() {
      const form = this.data.partial;
      const row = this.rowOf(form.id);
      if (!row || this.data.busy) return;
      const checked = checkPartialAmount(form.amountText, row.amount);
      if (!checked.ok) {
        showProblem(this, 'partial', checked.problem);
        return;
      }
      await this.approve(row, checked.amount);
    },
    onRejectOpen(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) this.setData({ reject: { ...CLOSED_REJECT_FORM, id }, partial: { ...CLOSED_PARTIAL_FORM } });
    },
    onRejectClose() {
      this.setData({ reject: { ...CLOSED_REJECT_FORM } });
    },
    onRejectReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'reject.reason': e.detail.value, 'reject.problem': '' });
    },
    async onRejectSubmit() {
      const form = this.data.reject;
      const row = this.rowOf(form.id);
      if (!row || this.data.busy) return;
      if (showProblem(this, 'reject', rejectReasonProblem(form.reason))) return;
      const reason = form.reason.trim();
      const answer = await runAction(
        this,
        'busy',
        () => admin.reviewRefund(row._id, false, reason),
        '已拒绝退款',
        {
          busy: row._id,
          icon: 'none',
        },
      );
      if (!answer) return;
      this.setData({ reject: { ...CLOSED_REJECT_FORM } });
      this.settle(row._id, { status: 'rejected', rejectReason: reason });
    },
  },
});
