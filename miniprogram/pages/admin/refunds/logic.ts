// The merchant's refund requests: status tabs, one row per request with who started it and the order behind it,
// the checks of the reject reason and of a smaller amount, and where a row goes after a decision.
import type { AdminRefund as Refund } from '../../../services/admin';
import { formatDateTime } from '../../../utils/date';
import { formatOrderNo } from '../../../utils/format';
import { changeRow } from '../../../utils/list';
import { formatFen, parseYuan, yuanText } from '../../../utils/money';
import { REFUND_STATUS_WORDS, RefundStatus, requestStatusClass, statusTabs } from '../../../utils/status';
import { amountLabel } from '../../order/status';

export type { RefundStatus };

/** Who started a refund: the buyer's after-sale request, the merchant, or the shop itself. */
export const ORIGIN_TEXT: Record<Refund['origin'], string> = {
  buyer: '买家申请',
  merchant: '商家主动退款',
  late_payment: '自动退款（订单关闭后到账）',
};

export const REFUND_TABS = statusTabs<RefundStatus | ''>(
  ['requested', 'processing', 'refunded', 'rejected', 'failed', ''],
  { ...REFUND_STATUS_WORDS, failed: '失败' },
);

export const REJECT_REASON_MAX = 200;

export interface RefundCard extends Refund {
  statusText: string;
  statusClass: string;
  originText: string;
  buyerText: string;
  amountText: string;
  /** 「买家申请 ¥50.00」 when the merchant approved less than was asked; '' otherwise. */
  requestedText: string;
  timeText: string;
  /** The order's number as people read it (its id when refunds.list could not find the order). */
  orderNoText: string;
  /** What was bought and paid: 「纯棉毛巾 ×2 · 实付 ¥79.80」 (订单金额 when it closed unpaid); '' without the order. */
  orderText: string;
  /** Only a request still waiting for the merchant can be approved or rejected. */
  canReview: boolean;
}

/** A row from a refund as refunds.list answers it, with its order (number, goods, amount, status) inside. */
export function refundCard(refund: Refund): RefundCard {
  const asked = refund.requestedAmount;
  const order = refund.order;
  return {
    ...refund,
    statusText: REFUND_STATUS_WORDS[refund.status] ?? refund.status,
    statusClass: requestStatusClass(refund.status),
    originText: ORIGIN_TEXT[refund.origin] ?? '',
    buyerText: refund.buyerNickname || refund.buyerId,
    amountText: formatFen(refund.amount),
    requestedText: asked && asked !== refund.amount ? `买家申请 ${formatFen(asked)}` : '',
    timeText: formatDateTime(refund.createdAt),
    orderNoText: formatOrderNo(order?.orderNo ?? refund.orderId),
    // A closed order's amount was never paid (a late payment's order): 订单金额, not 实付.
    orderText: order
      ? `${order.summary} · ${amountLabel({ status: order.status })} ${formatFen(order.amount)}`
      : '',
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

/** The yuan a partial approval starts from: what the buyer asked for. */
export const partialStart = (refund: Pick<Refund, 'amount'>) => yuanText(refund.amount);

export type AmountCheck = { ok: true; amount: number } | { ok: false; problem: string };

/** A smaller amount typed in yuan: more than nothing, at most what the buyer asked for. */
export function checkPartialAmount(text: string, asked: number): AmountCheck {
  const fen = parseYuan(text);
  if (fen === null || fen <= 0) return { ok: false, problem: '请输入退款金额（元），最多两位小数' };
  if (fen > asked) return { ok: false, problem: `不能超过买家申请的 ${formatFen(asked)}` };
  return { ok: true, amount: fen };
}

/** What the merchant confirms before money goes back to the buyer (`amount`: a smaller approval). */
export function approveConfirmText(
  refund: Pick<Refund, 'orderId' | 'amount'> & { orderNoText?: string },
  amount: number = refund.amount,
): string {
  const less = amount < refund.amount ? `（买家申请 ${formatFen(refund.amount)}）` : '';
  const order = refund.orderNoText || refund.orderId;
  return `同意后将向买家退款 ${formatFen(amount)}${less}（订单 ${order}），原路退回，不可撤销。`;
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
  return changeRow(
    items,
    id,
    (item) => ({ ...item, ...refundCard({ ...item, ...patch }) }),
    (next) => !tab || next.status === tab,
  );
}
