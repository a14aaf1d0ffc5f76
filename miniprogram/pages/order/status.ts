// The shopper's order tabs, which buttons each status allows (mirrors the server's machine, the after-sale window
// included), and the order card of the list. The statuses' words and colours are utils/status.ts's.
import type { Order, OrderStatus } from '../../services/api';
import { beijingDate, DAY_MS, formatShortTime, timeLeftText } from '../../utils/date';
import { formatOrderNo } from '../../utils/format';
import { formatFen } from '../../utils/money';
import { LineView, lineViews } from '../../utils/order';
import { ORDER_STATUS_WORDS, orderStatusText, statusClass, statusTabs } from '../../utils/status';

export const STATUS_TABS = statusTabs<OrderStatus | ''>(
  ['', 'created', 'paid', 'shipped', 'completed', 'refunding'],
  {
    ...ORDER_STATUS_WORDS,
    refunding: '售后',
  },
);

/** Where the 我的 page's shortcuts leave the tab the order list should open on (switchTab takes no query). */
export const ORDER_TAB_KEY = 'orders:tab';

/** What the after-sale rule needs: the shop's window (null while unknown) and the phone's clock. */
export interface AfterSale {
  afterSaleDays: number | null;
  nowMs: number;
}

/**
 * A completed order can be refunded until `afterSaleDays` after receipt (the server refuses later). While the
 * window is unknown the button stays and the server has the last word.
 */
export function inAfterSaleWindow(order: Pick<Order, 'status' | 'completedAt'>, rule?: AfterSale): boolean {
  if (order.status !== 'completed') return true;
  if (!rule || rule.afterSaleDays === null || !order.completedAt) return true;
  return Date.parse(order.completedAt) + rule.afterSaleDays * DAY_MS > rule.nowMs;
}

/** The last day a completed order may ask for a refund, 'YYYY-MM-DD' in Beijing time ('' when unknown). */
export function afterSaleEnd(order: Pick<Order, 'completedAt'>, afterSaleDays: number | null): string {
  if (!order.completedAt || afterSaleDays === null) return '';
  const end = Date.parse(order.completedAt) + afterSaleDays * DAY_MS;
  return beijingDate(end);
}

export interface OrderActions {
  pay: boolean;
  cancel: boolean;
  confirm: boolean;
  refund: boolean;
}

/**
 * Unpaid: pay or cancel. Shipped: confirm receipt. Paid, shipped, or completed inside the after-sale window, and
 * not refunded in full: ask for a refund.
 */
export function actionsFor(
  order: Pick<Order, 'status' | 'amount' | 'refundedAmount' | 'completedAt'>,
  rule?: AfterSale,
): OrderActions {
  const refundable =
    ['paid', 'shipped', 'completed'].includes(order.status) &&
    (order.refundedAmount ?? 0) < order.amount &&
    inAfterSaleWindow(order, rule);
  return {
    pay: order.status === 'created',
    cancel: order.status === 'created',
    confirm: order.status === 'shipped',
    refund: refundable,
  };
}

/** What the total is called: paid money is 实付; an unpaid order 需付款; one that closed unpaid only had an amount. */
export function amountLabel(order: Pick<Order, 'status' | 'paidAt'>): string {
  if (order.status === 'created') return '需付款';
  if ((order.status === 'cancelled' || order.status === 'closed') && !order.paidAt) return '订单金额';
  return '实付';
}

/** A payment that reached the order after it closed, and was sent back in full by the shop. */
export function latePaymentText(order: Pick<Order, 'latePayment'>): string {
  return order.latePayment ? `订单关闭后到账的 ${formatFen(order.latePayment.totalFee)} 已全额退回` : '';
}

/** The one button a card offers: what the shopper would do next with this order. */
export interface NextAction {
  key: 'pay' | 'confirm' | 'refund';
  text: string;
  primary: boolean;
}

export function nextAction(actions: OrderActions): NextAction | null {
  if (actions.pay) return { key: 'pay', text: '去支付', primary: true };
  if (actions.confirm) return { key: 'confirm', text: '确认收货', primary: true };
  if (actions.refund) return { key: 'refund', text: '申请退款', primary: false };
  return null;
}

export interface OrderCard extends Order {
  statusText: string;
  statusClass: string;
  orderNoText: string;
  timeText: string;
  amountLabel: string;
  amountText: string;
  /** Units bought, for 「共 3 件」. */
  count: number;
  /** One line of names for a single product; the pictures carry a card of several. */
  summary: string;
  /** A one-product order's SKU and unit price, with the price a limited-time price cut; null for several. */
  line: LineView | null;
  /** Up to four product pictures ('' keeps a grey square for a product without one). */
  thumbs: { key: string; src: string }[];
  /** Unpaid: 「剩余 23 分 05 秒」 until it closes; '' otherwise. */
  leftText: string;
  lateText: string;
  actions: OrderActions;
  next: NextAction | null;
}

export function toOrderCards(orders: Order[], rule?: AfterSale): OrderCard[] {
  const nowMs = rule?.nowMs ?? Date.now();
  return orders.map((order) => {
    const actions = actionsFor(order, rule);
    const left = order.status === 'created' ? timeLeftText(order.expiresAt, nowMs) : '';
    return {
      ...order,
      statusText: orderStatusText(order.status),
      statusClass: statusClass(order.status),
      orderNoText: formatOrderNo(order.orderNo),
      timeText: formatShortTime(order.createdAt),
      amountLabel: amountLabel(order),
      amountText: formatFen(order.amount),
      count: order.items.reduce((sum, item) => sum + item.quantity, 0),
      summary: order.items.map((item) => `${item.name} ×${item.quantity}`).join('，'),
      line: order.items.length === 1 ? lineViews(order.items)[0]! : null,
      thumbs: order.items.slice(0, 4).map((item, i) => ({ key: `${i}`, src: item.image ?? '' })),
      leftText: left ? `剩余 ${left}` : '',
      lateText: latePaymentText(order),
      actions,
      next: nextAction(actions),
    };
  });
}
