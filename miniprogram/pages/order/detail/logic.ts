// Order detail: the status with what happens next, the lines, money, shipment, address, remark, times and
// refund requests as a buyer reads them.
import type { Order, OrderRefund, ParcelRoute } from '../../../services/api';
import { discountText } from '../../../utils/coupon';
import { formatDateTime, timeLeftText } from '../../../utils/date';
import { addressText, receiverText } from '../../../utils/address';
import { formatOrderNo } from '../../../utils/format';
import { formatFen } from '../../../utils/money';
import { LineView, lineViews, RouteStep, routeSteps } from '../../../utils/order';
import {
  actionsFor,
  AfterSale,
  afterSaleEnd,
  amountLabel,
  inAfterSaleWindow,
  latePaymentText,
  OrderActions,
} from '../status';
import { BUYER_REFUND_STATUS_WORDS, orderStatusText, statusClass } from '../../../utils/status';

export interface OrderDetailView {
  statusText: string;
  statusClass: string;
  /** The line under the status: what happens next, the countdown of an unpaid order. */
  statusNote: string;
  orderNoText: string;
  lines: LineView[];
  /** Goods before the coupon. */
  goodsText: string;
  /** 「优惠券（满100减20）」 and 「-¥20.00」, and the goods after it; '' without a coupon. */
  couponLabel: string;
  couponText: string;
  paidGoodsText: string;
  shippingText: string;
  amountLabel: string;
  amountText: string;
  refundedText: string;
  carrier: string;
  trackingNo: string;
  shippedAtText: string;
  /** 「韩梅梅 138 0000 0000」 and the address on a line of its own. */
  receiver: string;
  addressText: string;
  remark: string;
  times: { label: string; text: string }[];
  lateText: string;
  refunds: { _id: string; title: string; text: string }[];
  actions: OrderActions;
}

function statusNote(order: Order, rule: AfterSale): string {
  switch (order.status) {
    case 'created': {
      const left = timeLeftText(order.expiresAt, rule.nowMs);
      return left ? `剩余 ${left}，超时订单将自动关闭` : '支付时间已到，订单即将关闭';
    }
    case 'paid':
      return '商家正在备货，发货后可在这里查看物流';
    case 'shipped':
      return '商品已发出，收到后请确认收货';
    case 'completed': {
      const end = afterSaleEnd(order, rule.afterSaleDays);
      if (!end) return '交易完成';
      return inAfterSaleWindow(order, rule) ? `交易完成，${end} 前可申请售后` : '交易完成，售后期已过';
    }
    case 'refunding':
      return '退款申请处理中，商家处理后原路退回';
    case 'refunded':
      return '退款已原路退回';
    case 'cancelled':
      return '订单已取消';
    case 'closed':
      return '订单超时未支付，已自动关闭';
  }
}

export function orderDetailView(
  order: Order,
  refunds: OrderRefund[] = [],
  rule: AfterSale = { afterSaleDays: null, nowMs: Date.now() },
): OrderDetailView {
  const a = order.address;
  const times = [
    { label: '下单时间', at: order.createdAt },
    { label: '付款时间', at: order.paidAt },
    { label: '发货时间', at: order.shippedAt ?? order.shippingInfo?.shippedAt },
    { label: '完成时间', at: order.completedAt },
    { label: '关闭时间', at: order.closedAt },
  ];
  return {
    statusText: orderStatusText(order.status),
    statusClass: statusClass(order.status),
    statusNote: statusNote(order, rule),
    orderNoText: formatOrderNo(order.orderNo),
    lines: lineViews(order.items),
    // goodsAmount is already net of the coupon: before it, the coupon's discount is added back.
    goodsText: formatFen(order.goodsAmount + (order.coupon?.discount ?? 0)),
    couponLabel: order.coupon ? `优惠券（${order.coupon.name}）` : '',
    couponText: order.coupon ? discountText(order.coupon.discount) : '',
    paidGoodsText: order.coupon ? formatFen(order.goodsAmount) : '',
    shippingText: order.shipping ? formatFen(order.shipping) : '免运费',
    amountLabel: amountLabel(order),
    amountText: formatFen(order.amount),
    refundedText: order.refundedAmount ? formatFen(order.refundedAmount) : '',
    carrier: order.shippingInfo?.carrier ?? '',
    trackingNo: order.shippingInfo?.trackingNo ?? '',
    shippedAtText: formatDateTime(order.shippingInfo?.shippedAt),
    receiver: receiverText(a),
    addressText: addressText(a),
    remark: order.remark ?? '',
    times: times.filter((t) => !!t.at).map((t) => ({ label: t.label, text: formatDateTime(t.at) })),
    lateText: latePaymentText(order),
    refunds: refunds.map((refund) => ({
      _id: refund._id,
      title: `退款 ${formatFen(refund.amount)} · ${BUYER_REFUND_STATUS_WORDS[refund.status]}`,
      text: [
        formatDateTime(refund.createdAt),
        `原因：${refund.reason}`,
        refund.rejectReason ? `商家说明：${refund.rejectReason}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    })),
    actions: actionsFor(order, rule),
  };
}

export interface RouteView {
  /** Newest first: where the parcel was and when ('11-28 10:05'). */
  steps: RouteStep[];
  /** Why there are no steps (the provider could not answer), or that there are none yet. */
  note: string;
}

/** order.track's answer as the detail shows it under the tracking number. */
export function routeView(route: ParcelRoute): RouteView {
  const steps = routeSteps(route);
  return { steps, note: route.note ?? (steps.length ? '' : '暂无物流轨迹，揽收后会显示在这里') };
}

/** The route is asked for once the order has a shipment (shipped, completed, or refunded after shipping). */
export const hasShipment = (order: Pick<Order, 'shippingInfo'>) => !!order.shippingInfo;
