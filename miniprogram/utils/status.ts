// Statuses in words and colours, one table per kind (order, refund, withdrawal and its 商家转账, distributor,
// commission entry), with the audience where it reads differently (the merchant's 待审核, the distributor's
// 审核中), and the tabs a list page builds from them. Every page reads its status words here.
import type {
  DistributorStatus,
  OrderRefund,
  OrderStatus,
  WalletEntry,
  WithdrawalStatus,
} from '../services/api';

export type RefundStatus = OrderRefund['status'];

// ---- orders

export const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  created: '待付款',
  paid: '待发货',
  shipped: '待收货',
  completed: '已完成',
  cancelled: '已取消',
  closed: '已关闭',
  refunding: '退款中',
  refunded: '已退款',
};

export const orderStatusText = (status: OrderStatus) => ORDER_STATUS_WORDS[status] ?? status;

/** The class that colours a status (app.wxss .status--*). */
export const statusClass = (status: OrderStatus) => `status status--${status}`;

/** A refund's or withdrawal's status in the colours of the order statuses: waiting, under way, done, refused, failed. */
const REQUEST_COLOUR: Record<RefundStatus | WithdrawalStatus, OrderStatus> = {
  requested: 'created',
  processing: 'paid',
  approved: 'paid',
  refunded: 'completed',
  paid: 'completed',
  rejected: 'closed',
  failed: 'refunding',
};

export const requestStatusClass = (status: RefundStatus | WithdrawalStatus) =>
  REQUEST_COLOUR[status] ? statusClass(REQUEST_COLOUR[status]) : 'status';

// ---- refunds

/** As the merchant reads them. */
export const REFUND_STATUS_WORDS: Record<RefundStatus, string> = {
  requested: '待处理',
  processing: '处理中',
  refunded: '已退款',
  rejected: '已拒绝',
  failed: '退款失败',
};

/** As the buyer reads them on the order. */
export const BUYER_REFUND_STATUS_WORDS: Record<RefundStatus, string> = {
  requested: '等待商家处理',
  processing: '商家已同意，退款中',
  refunded: '已退款',
  rejected: '商家已拒绝',
  failed: '退款失败，请联系商家',
};

// ---- withdrawals

/** As the merchant reads them. */
export const WITHDRAWAL_STATUS_WORDS: Record<WithdrawalStatus, string> = {
  requested: '待审核',
  approved: '待打款',
  paid: '已打款',
  rejected: '已拒绝',
  failed: '打款失败',
};

/** As the distributor reads their own. */
export const MY_WITHDRAWAL_STATUS_WORDS: Record<WithdrawalStatus, string> = {
  requested: '审核中',
  approved: '待打款',
  paid: '已到账',
  rejected: '已驳回',
  failed: '打款失败',
};

/** A 商家转账 bill's state (core/data/wechatpay-v3 TransferState, plus ERROR when creating it failed). */
export const TRANSFER_STATE_WORDS: Record<string, string> = {
  ACCEPTED: '转账单已受理',
  PROCESSING: '转账处理中',
  WAIT_USER_CONFIRM: '待分销员确认收款',
  TRANSFERING: '转账中',
  SUCCESS: '转账成功',
  FAIL: '转账失败',
  CANCELING: '转账撤销中',
  CANCELLED: '转账已撤销',
  ERROR: '转账单创建失败',
};

// ---- distributors and their commission

export const DISTRIBUTOR_STATUS_WORDS: Record<Exclude<DistributorStatus, 'none'>, string> = {
  pending: '待审核',
  active: '分销员',
  frozen: '已冻结',
};

/** 'none' with a refusal on file is a rejected applicant; without one, a plain shopper. */
export function distributorStatusText(
  status: DistributorStatus | string | undefined,
  rejectReason?: string | null,
): string {
  const word = DISTRIBUTOR_STATUS_WORDS[status as keyof typeof DISTRIBUTOR_STATUS_WORDS];
  return word ?? (rejectReason ? '已拒绝' : '普通用户');
}

export const COMMISSION_STATUS_WORDS: Record<WalletEntry['status'], string> = {
  pending: '待结算',
  settled: '已结算',
  reversed: '已取消',
};

// ---- tabs

export interface StatusTab<V extends string> {
  value: V;
  label: string;
}

/** Tabs over `values` in that order, each labelled with its word in `words` ('' is 全部). */
export function statusTabs<V extends string>(
  values: readonly V[],
  words: Record<Exclude<V, ''>, string>,
): StatusTab<V>[] {
  return values.map((value) => ({ value, label: value === '' ? '全部' : words[value as Exclude<V, ''>] }));
}

/** The tab a page opens on: `wanted` (from its query) when it is one of `tabs`, else `fallback`. */
export function tabOf<V extends string>(tabs: readonly StatusTab<V>[], wanted: unknown, fallback: V): V {
  return tabs.find((tab) => tab.value === wanted)?.value ?? fallback;
}
