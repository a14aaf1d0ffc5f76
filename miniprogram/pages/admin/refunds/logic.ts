// The merchant's refund requests: status tabs, one row per request, the reject reason's check, and where a
// row goes after a decision.
import type { AdminRefund as Refund } from '../../../services/admin';
import { formatDateTime } from '../../../utils/date';
import { formatFen } from '../../../utils/money';

export type RefundStatus = Refund['status'];

export const REFUND_STATUS_TEXT: Record<RefundStatus, string> = {
  requested: '待处理',
  processing: '处理中',
  refunded: '已退款',
  rejected: '已拒绝',
  failed: '退款失败',
};

export const REFUND_TABS: { value: RefundStatus | ''; label: string }[] = [
  { value: 'requested', label: '待处理' },
  { value: 'processing', label: '处理中' },
  { value: 'refunded', label: '已退款' },
  { value: 'rejected', label: '已拒绝' },
  { value: 'failed', label: '失败' },
  { value: '', label: '全部' },
];

export const REJECT_REASON_MAX = 200;

export interface RefundCard extends Refund {
  statusText: string;
  buyerText: string;
  amountText: string;
  timeText: string;
  /** Only a request still waiting for the merchant can be approved or rejected. */
  canReview: boolean;
}

export function refundCard(refund: Refund): RefundCard {
  return {
    ...refund,
    statusText: REFUND_STATUS_TEXT[refund.status] ?? refund.status,
    buyerText: refund.buyerNickname || refund.buyerId,
    amountText: formatFen(refund.amount),
    timeText: formatDateTime(refund.createdAt),
    canReview: refund.status === 'requested',
  };
}

export const refundCards = (refunds: Refund[]) => refunds.map(refundCard);

/** The reject reason's problem in words, or '' when it is fine: 1–200 characters after trimming. */
export function rejectReasonProblem(text: string): string {
  const value = text.trim();
  if (!value) return '请填写拒绝原因';
  if (value.length > REJECT_REASON_MAX) return `拒绝原因最多 ${REJECT_REASON_MAX} 个字`;
  return '';
}

/** What the merchant confirms before money goes back to the buyer. */
export function approveConfirmText(refund: Pick<Refund, 'orderId' | 'amount'>): string {
  return `同意后将向买家退款 ${formatFen(refund.amount)}（订单 ${refund.orderId}），原路退回，不可撤销。`;
}

/**
 * The rows after a decision on `id`: the row takes the new status, and leaves the list when the tab shows
 * one status and that is no longer it (an approved request leaves 待处理).
 */
export function afterDecision(
  items: RefundCard[],
  id: string,
  patch: Partial<Refund>,
  tab: RefundStatus | '',
): RefundCard[] {
  return items.flatMap((item) => {
    if (item._id !== id) return [item];
    const next = refundCard({ ...item, ...patch });
    return tab && next.status !== tab ? [] : [next];
  });
}
