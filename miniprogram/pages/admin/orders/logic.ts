// The merchant's orders: status tabs, the search filter, one card per order (its lines with their specs, the
// coupon, the shipment and its upload to WeChat's 发货信息管理), the parcel's route, and the ship form's checks
// (the same rules as the server's orders.ship contract, so a bad entry is caught before any call).
import type { AdminOrder, OrderStatus, TrackingRoute } from '../../../services/admin';
import { formatDateTime, formatShortTime } from '../../../utils/date';
import { addressText, receiverText } from '../../../utils/address';
import { formatOrderNo } from '../../../utils/format';
import { formatFen, formatRate, parseYuan, yuanText } from '../../../utils/money';
import { LineView, lineViews, RouteStep, routeSteps } from '../../../utils/order';
import { ORDER_STATUS_WORDS, orderStatusText, statusClass, statusTabs } from '../../../utils/status';
import { amountLabel, latePaymentText } from '../../order/status';

export const ORDER_TABS = statusTabs<OrderStatus | ''>(
  ['', 'created', 'paid', 'shipped', 'completed', 'refunding', 'refunded', 'closed', 'cancelled'],
  { ...ORDER_STATUS_WORDS, refunding: '售后' },
);

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

/** What became of the shipment's upload to WeChat's 发货信息管理 (「微信发货」 on the card), in words and a tone. */
export interface UploadView {
  tone: 'ok' | 'warning' | 'muted';
  text: string;
  /** The last refusal and the next try: 「第 3 次：支付单不存在（10060001）· 下次 12-06 17:30」. */
  detail: string;
}

export interface AdminOrderCard extends AdminOrder {
  statusText: string;
  statusClass: string;
  /** The order number grouped as people read it out. */
  orderNoText: string;
  timeText: string;
  buyerText: string;
  /** 「明前龙井（250g / 礼盒） ×2，茶杯 ×1」 */
  summary: string;
  lines: LineView[];
  /** 「满100减20」 and what it took off; '' without a coupon. */
  couponName: string;
  couponText: string;
  /** 实付 for paid money, 需付款 while unpaid, 订单金额 for an order that closed unpaid. */
  amountLabel: string;
  amountText: string;
  /** '' when nothing was refunded. */
  refundedText: string;
  /** 「韩梅梅 138 0000 0000」 and the full address below it; only for paid orders. */
  receiverText: string;
  addressText: string;
  remark: string;
  lateText: string;
  /** Where the shipment went, '' before shipping (kept apart from the order's own carrier field). */
  carrierText: string;
  trackingText: string;
  shippedText: string;
  /** The upload to WeChat (null when it was never asked for: not shipped, or 发货信息管理 turned off). */
  upload: UploadView | null;
  /** A shipped order's parcel can be followed (orders.track). */
  canTrack: boolean;
  /** e.g. 「一级 李雷（10%）；二级 王芳（5%）」; '' without referrers. */
  referrerText: string;
  canShip: boolean;
  /** Fen the merchant may still refund (paid, shipped or completed orders); 0 when none. */
  refundable: number;
  refundableText: string;
}

function shipmentOf(order: AdminOrder): { carrier: string; trackingNo: string; shippedAt: string } {
  return {
    carrier: order.shippingInfo?.carrier ?? '',
    trackingNo: order.shippingInfo?.trackingNo ?? '',
    shippedAt: order.shippingInfo?.shippedAt ?? '',
  };
}

/** Who earns on the order, by nickname (the openid only when the nickname is unknown), with their rate. */
function referrerText(order: AdminOrder): string {
  const levels = [
    ['一级', order.referrer?.level1, order.referrerNames?.level1],
    ['二级', order.referrer?.level2, order.referrerNames?.level2],
  ] as const;
  return levels
    .filter(([, ref]) => !!ref?.userId)
    .map(([label, ref, name]) => `${label} ${name || ref!.userId}（${formatRate(ref!.rate)}）`)
    .join('；');
}

/** The line's name with its specification: 「明前龙井（250g / 礼盒）」. */
const lineName = (line: AdminOrder['items'][number]) =>
  line.specText ? `${line.name}（${line.specText}）` : line.name;

/**
 * The upload to 发货信息管理 in words: 已同步微信; a refusal the timer retries, with WeChat's words and code
 * and when it tries again (from the third failure the money is frozen and the to-do shows it); skipped when
 * the order has no WeChat Pay transaction to name.
 */
export function uploadView(upload: AdminOrder['shippingUpload']): UploadView | null {
  if (!upload) return null;
  if (upload.state === 'uploaded')
    return { tone: 'ok', text: '已同步微信', detail: formatShortTime(upload.uploadedAt) };
  if (upload.state === 'skipped') return { tone: 'muted', text: '未同步：订单没有微信支付单号', detail: '' };
  const error = upload.lastError;
  // WeChat's own words, without the SDK's 「openapi.wxa.sec.order.uploadShippingInfo:fail」 before them.
  const words = (error?.message ?? '').replace(/^openapi\.[\w.]+:fail\s*/, '').trim();
  const why = error ? `${words || '微信未说明原因'}（${error.errCode}）` : '';
  const next = upload.nextAt ? `· 下次 ${formatShortTime(upload.nextAt)}` : '';
  return {
    tone: 'warning',
    text: upload.attempts >= 3 ? '同步失败，将自动重试（货款冻结中）' : '同步失败，将自动重试',
    detail: `第 ${upload.attempts} 次：${why}${next}`,
  };
}

/** Statuses the merchant may refund from (orders.refund): paid money not yet all returned. */
const REFUNDABLE_STATUSES: ReadonlySet<OrderStatus> = new Set(['paid', 'shipped', 'completed']);

/** What orders.refund may still return: the amount less what was refunded, for a refundable status. */
export function refundableOf(order: Pick<AdminOrder, 'status' | 'amount' | 'refundedAmount'>): number {
  if (!REFUNDABLE_STATUSES.has(order.status)) return 0;
  return Math.max(0, order.amount - (order.refundedAmount ?? 0));
}

export function orderCard(order: AdminOrder): AdminOrderCard {
  const a = order.address;
  const shipment = shipmentOf(order);
  const paid = !!a && PAID_STATUSES.has(order.status);
  return {
    ...order,
    statusText: orderStatusText(order.status),
    statusClass: statusClass(order.status),
    orderNoText: formatOrderNo(order.orderNo ?? order._id),
    timeText: formatDateTime(order.createdAt),
    buyerText: order.buyerNickname || order.buyerId,
    summary: (order.items ?? []).map((item) => `${lineName(item)} ×${item.quantity}`).join('，'),
    lines: lineViews(order.items),
    couponName: order.coupon?.name ?? '',
    couponText: order.coupon ? `-${formatFen(order.coupon.discount)}` : '',
    amountLabel: amountLabel(order),
    amountText: formatFen(order.amount),
    refundedText: order.refundedAmount ? formatFen(order.refundedAmount) : '',
    receiverText: paid ? receiverText(a) : '',
    addressText: paid ? addressText(a) : '',
    remark: order.remark ?? '',
    lateText: latePaymentText(order),
    carrierText: shipment.carrier,
    trackingText: shipment.trackingNo,
    shippedText: formatDateTime(shipment.shippedAt),
    upload: order.shippingInfo ? uploadView(order.shippingUpload) : null,
    canTrack: !!order.shippingInfo?.trackingNo,
    referrerText: referrerText(order),
    canShip: order.status === 'paid',
    refundable: refundableOf(order),
    refundableText: formatFen(refundableOf(order)),
  };
}

export const orderCards = (orders: AdminOrder[]) => orders.map(orderCard);

/** `expressCompany`: the code of WeChat's express-company list that WeChat's shipping upload needs. */
export type ShipCheck =
  { ok: true; expressCompany: string; trackingNo: string } | { ok: false; problem: string };

/** The tracking number's problem in words, or '' when it is fine: 4–40 letters, digits, '-' or '_'. */
export function trackingNoProblem(text: string): string {
  const value = text.trim();
  if (!value) return '请填写快递单号';
  if (value.length < 4 || value.length > 40) return '快递单号应为 4–40 位';
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return '快递单号只能包含字母、数字、“-”和“_”';
  return '';
}

/** The ship form as orders.ship receives it (trimmed), or the first problem to show. */
export function checkShipForm(expressCompany: string, trackingNo: string): ShipCheck {
  const problem = (expressCompany ? '' : '请选择快递公司') || trackingNoProblem(trackingNo);
  if (problem) return { ok: false, problem };
  return { ok: true, expressCompany, trackingNo: trackingNo.trim() };
}

/**
 * The card after a successful shipment: the server's order when it answers one, else the card moved to
 * 待收货 with the carrier and number just sent.
 */
export function shippedCard(answered: AdminOrder): AdminOrderCard {
  return orderCard(answered);
}

// ---- the merchant's own refund

export const REFUND_REASON_MAX = 200;

/** The refund form starts from all that is left to refund. */
export const refundStart = (card: Pick<AdminOrderCard, 'refundable'>) => yuanText(card.refundable);

export type RefundCheck = { ok: true; amount: number; reason: string } | { ok: false; problem: string };

/** The amount (yuan, more than nothing, at most what is left) and the reason (1–200 characters) of a refund. */
export function checkRefundForm(amountText: string, reason: string, refundable: number): RefundCheck {
  const fen = parseYuan(amountText);
  if (fen === null || fen <= 0) return { ok: false, problem: '请输入退款金额（元），最多两位小数' };
  if (fen > refundable) return { ok: false, problem: `最多可退 ${formatFen(refundable)}` };
  const text = reason.trim();
  if (!text) return { ok: false, problem: '请填写退款原因（买家可见）' };
  if (text.length > REFUND_REASON_MAX)
    return { ok: false, problem: `退款原因最多 ${REFUND_REASON_MAX} 个字` };
  return { ok: true, amount: fen, reason: text };
}

/** What the merchant confirms before refunding: how much, of which order, and that it cannot be undone. */
export function refundConfirmText(
  card: Pick<AdminOrderCard, 'orderNoText' | 'refundable'>,
  amount: number,
): string {
  const part = amount < card.refundable ? `（可退 ${formatFen(card.refundable)}）` : '';
  return `向买家退款 ${formatFen(amount)}${part}（订单 ${card.orderNoText}），原路退回，佣金按比例扣回，不可撤销。`;
}

// ---- the parcel's route

export interface RouteView {
  /** The order whose route is open ('' when none is). */
  id: string;
  loading: boolean;
  /** 「顺丰速运 SF1234567890」 */
  title: string;
  events: RouteStep[];
  /** Why there is nothing to show (the provider's note, none set, no steps yet), '' when there are steps. */
  empty: string;
  error: string;
}

export const CLOSED_ROUTE: RouteView = {
  id: '',
  loading: false,
  title: '',
  events: [],
  empty: '',
  error: '',
};

/** The route orders.track answered, newest step first as it comes, each with its Beijing time. */
export function routeView(id: string, route: TrackingRoute): RouteView {
  const events = routeSteps(route);
  return {
    id,
    loading: false,
    title: `${route.carrier} ${route.trackingNo}`,
    events,
    empty: events.length
      ? ''
      : route.note || '暂无物流轨迹；未开启查询时请在「分销设置 → 物流轨迹查询」选择服务',
    error: '',
  };
}
