// Merchant refund requests: status tabs over a paged list, each row with who started it (buyer, merchant, or
// the shop's automatic refund of a late payment) and the order behind it (refunds.list answers it too). A waiting request is approved in
// full or for less after a confirm showing the amount, or rejected with a reason typed on the page.
import * as admin from '../../../services/admin';
import type { AdminRefund as Refund } from '../../../services/admin';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList, toastError } from '../../../utils/paged';
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

Component({
  data: {
    tabs: REFUND_TABS,
    status: 'requested' as RefundStatus | '',
    list: initialList<RefundCard>() as ListState<RefundCard>,
    footer: '',
    reject: { ...CLOSED_REJECT_FORM },
    /** The open 部分退款 form: the request, the yuan typed, and what is wrong with it. */
    partial: { ...CLOSED_PARTIAL_FORM },
    reasonMax: REJECT_REASON_MAX,
    /** The request being decided, so a second tap does nothing. */
    busy: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const status = query.status ?? 'requested';
      if (REFUND_TABS.some((tab) => tab.value === status))
        this.setData({ status: status as RefundStatus | '' });
      this.load(true);
    },
    onPullDownRefresh() {
      this.load(true);
    },
    onReachBottom() {
      this.load(false);
    },
    async load(replace: boolean) {
      const status = this.data.status || undefined;
      await loadList<RefundCard>(
        this,
        'list',
        async (cursor) => {
          const page = await admin.listRefunds(status, cursor);
          return { items: refundCards(page.items), next: page.next };
        },
        replace,
      );
      this.setData({ footer: footerText(this.data.list) });
    },
    retry() {
      this.load(true);
    },
    onFooterTap() {
      if (this.data.list.moreError) this.load(false);
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: RefundStatus | '' }>) {
      this.setData({
        status: e.detail.value,
        reject: { ...CLOSED_REJECT_FORM },
        partial: { ...CLOSED_PARTIAL_FORM },
      });
      this.load(true);
    },
    rowOf(id: string): RefundCard | undefined {
      return this.data.list.items.find((item) => item._id === id);
    },
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
      this.setData({ busy: row._id });
      try {
        const less = amount !== undefined && amount < row.amount ? amount : undefined;
        const { refund } = await admin.reviewRefund(row._id, true, undefined, less);
        this.setData({ partial: { ...CLOSED_PARTIAL_FORM } });
        this.settle(row._id, {
          status: refund.status,
          amount: refund.amount,
          requestedAmount: refund.requestedAmount,
        });
        wx.showToast({ title: '已同意，退款处理中', icon: 'none' });
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ busy: '' });
      }
    },
    async onApprove(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(String(e.currentTarget.dataset.id ?? ''));
      if (row) await this.approve(row);
    },
    onPartialOpen(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(String(e.currentTarget.dataset.id ?? ''));
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
        this.setData({ 'partial.problem': checked.problem });
        wx.showToast({ title: checked.problem, icon: 'none' });
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
      const problem = rejectReasonProblem(form.reason);
      if (problem) {
        this.setData({ 'reject.problem': problem });
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const reason = form.reason.trim();
      this.setData({ busy: row._id });
      try {
        await admin.reviewRefund(row._id, false, reason);
        this.setData({ reject: { ...CLOSED_REJECT_FORM } });
        this.settle(row._id, { status: 'rejected', rejectReason: reason });
        wx.showToast({ title: '已拒绝退款', icon: 'none' });
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ busy: '' });
      }
    },
  },
});
