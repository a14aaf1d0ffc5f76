// The merchant's orders: status tabs, the search filter, one card per order, and the ship form's checks
// (the same rules as the server's orders.ship contract, so a bad entry is caught before any call).
import type { AdminOrder, OrderStatus } from '../../../services/admin';
import { formatDateTime } from '../../../utils/date';
import { formatFen, formatRate } from '../../../utils/money';
import { STATUS_TEXT } from '../../order/status';

export const ORDER_TABS: { value: OrderStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'created', label: STATUS_TEXT.created },
  { value: 'paid', label: STATUS_TEXT.paid },
  { value: 'shipped', label: STATUS_TEXT.shipped },
  { value: 'completed', label: STATUS_TEXT.completed },
  { value: 'refunding', label: '售后' },
  { value: 'refunded', label: STATUS_TEXT.refunded },
  { value: 'closed', label: STATUS_TEXT.closed },
  { value: 'cancelled', label: STATUS_TEXT.cancelled },
];

/** Carriers offered as one-tap chips; any other name can be typed. */
export const CARRIERS = [
  '顺丰速运',
  '中通快递',
  '圆通速递',
  '韵达快递',
  '申通快递',
  '极兔速递',
  'EMS',
  '京东物流',
];

/** Statuses in which the buyer has paid, so the address is the merchant's to ship to (or was). */
const PAID_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'paid',
  'shipped',
  'completed',
  'refunding',
  'refunded',
]);

/** What orders.list receives: only the filters that are set (no empty status or search text). */
export function orderFilter(status: OrderStatus | '', q: string): { status?: OrderStatus; q?: string } {
  const text = q.trim();
  return { ...(status ? { status } : {}), ...(text ? { q: text } : {}) };
}

export interface AdminOrderCard extends AdminOrder {
  statusText: string;
  timeText: string;
  buyerText: string;
  summary: string;
  amountText: string;
  /** '' when nothing was refunded. */
  refundedText: string;
  /** Name, phone and full address; only for paid orders. */
  addressText: string;
  /** Where the shipment went, '' before shipping (kept apart from the order's own carrier field). */
  carrierText: string;
  trackingText: string;
  shippedText: string;
  /** e.g. 「一级 u1（10%）；二级 u2（5%）」; '' without referrers. */
  referrerText: string;
  canShip: boolean;
}

function shipmentOf(order: AdminOrder): { carrier: string; trackingNo: string; shippedAt: string } {
  return {
    carrier: order.shippingInfo?.carrier ?? '',
    trackingNo: order.shippingInfo?.trackingNo ?? '',
    shippedAt: order.shippingInfo?.shippedAt ?? '',
  };
}

function referrerText(order: AdminOrder): string {
  const levels = [
    ['一级', order.referrer?.level1],
    ['二级', order.referrer?.level2],
  ] as const;
  return levels
    .filter(([, ref]) => !!ref?.userId)
    .map(([label, ref]) => `${label} ${ref!.userId}（${formatRate(ref!.rate)}）`)
    .join('；');
}

export function orderCard(order: AdminOrder): AdminOrderCard {
  const a = order.address;
  const shipment = shipmentOf(order);
  return {
    ...order,
    statusText: STATUS_TEXT[order.status] ?? order.status,
    timeText: formatDateTime(order.createdAt),
    buyerText: order.buyerNickname || order.buyerId,
    summary: (order.items ?? []).map((item) => `${item.name} ×${item.quantity}`).join('，'),
    amountText: formatFen(order.amount),
    refundedText: order.refundedAmount ? formatFen(order.refundedAmount) : '',
    addressText:
      a && PAID_STATUSES.has(order.status)
        ? `${a.userName} ${a.telNumber} ${a.provinceName}${a.cityName}${a.countyName}${a.detailInfo}`
        : '',
    carrierText: shipment.carrier,
    trackingText: shipment.trackingNo,
    shippedText: formatDateTime(shipment.shippedAt),
    referrerText: referrerText(order),
    canShip: order.status === 'paid',
  };
}

export const orderCards = (orders: AdminOrder[]) => orders.map(orderCard);

export type ShipCheck = { ok: true; carrier: string; trackingNo: string } | { ok: false; problem: string };

/** The tracking number's problem in words, or '' when it is fine: 4–40 letters, digits, '-' or '_'. */
export function trackingNoProblem(text: string): string {
  const value = text.trim();
  if (!value) return '请填写快递单号';
  if (value.length < 4 || value.length > 40) return '快递单号应为 4–40 位';
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return '快递单号只能包含字母、数字、“-”和“_”';
  return '';
}

/** The carrier's problem in words, or '' when it is fine: 1–30 characters. */
export function carrierProblem(text: string): string {
  const value = text.trim();
  if (!value) return '请选择或填写快递公司';
  if (value.length > 30) return '快递公司名称最多 30 个字';
  return '';
}

/** The ship form as orders.ship receives it (trimmed), or the first problem to show. */
export function checkShipForm(carrier: string, trackingNo: string): ShipCheck {
  const problem = carrierProblem(carrier) || trackingNoProblem(trackingNo);
  if (problem) return { ok: false, problem };
  return { ok: true, carrier: carrier.trim(), trackingNo: trackingNo.trim() };
}

/**
 * The card after a successful shipment: the server's order when it answers one, else the card moved to
 * 待收货 with the carrier and number just sent.
 */
export function shippedCard(answered: AdminOrder): AdminOrderCard {
  return orderCard(answered);
}
