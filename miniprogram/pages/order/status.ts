// Order statuses in words, the status tabs, and which buttons each status allows (mirrors the server's machine).
import type { Order, OrderStatus } from '../../services/api';
import { formatFen } from '../../utils/money';

export const STATUS_TEXT: Record<OrderStatus, string> = {
  created: '待付款',
  paid: '待发货',
  shipped: '待收货',
  completed: '已完成',
  cancelled: '已取消',
  closed: '已关闭',
  refunding: '退款中',
  refunded: '已退款',
};

export const STATUS_TABS: { value: OrderStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'created', label: '待付款' },
  { value: 'paid', label: '待发货' },
  { value: 'shipped', label: '待收货' },
  { value: 'completed', label: '已完成' },
  { value: 'refunding', label: '售后' },
];

export interface OrderActions {
  pay: boolean;
  cancel: boolean;
  confirm: boolean;
  refund: boolean;
}

/** Unpaid: pay or cancel. Shipped: confirm receipt. Paid but not refunded in full: ask for a refund. */
export function actionsFor(order: Pick<Order, 'status' | 'amount' | 'refundedAmount'>): OrderActions {
  const refundable =
    ['paid', 'shipped', 'completed'].includes(order.status) && (order.refundedAmount ?? 0) < order.amount;
  return {
    pay: order.status === 'created',
    cancel: order.status === 'created',
    confirm: order.status === 'shipped',
    refund: refundable,
  };
}

export interface OrderCard extends Order {
  statusText: string;
  amountText: string;
  summary: string;
  actions: OrderActions;
}

export function toOrderCards(orders: Order[]): OrderCard[] {
  return orders.map((order) => ({
    ...order,
    statusText: STATUS_TEXT[order.status] ?? order.status,
    amountText: formatFen(order.amount),
    summary: order.items.map((item) => `${item.name} ×${item.quantity}`).join('，'),
    actions: actionsFor(order),
  }));
}
