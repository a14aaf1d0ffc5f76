// Order detail: the lines, money, shipment and refund requests as a buyer reads them.
import type { Order, OrderRefund } from '../../../services/api';
import { formatDateTime } from '../../../utils/date';
import { formatFen } from '../../../utils/money';
import { actionsFor, OrderActions, STATUS_TEXT } from '../status';

export interface OrderDetailView {
  statusText: string;
  lines: { name: string; quantity: number; priceText: string }[];
  goodsText: string;
  shippingText: string;
  amountText: string;
  refundedText: string;
  carrier: string;
  trackingNo: string;
  shippedAtText: string;
  addressText: string;
  refunds: { _id: string; title: string; text: string }[];
  actions: OrderActions;
}

const REFUND_STATUS: Record<OrderRefund['status'], string> = {
  requested: '等待商家处理',
  processing: '商家已同意，退款中',
  refunded: '已退款',
  rejected: '商家已拒绝',
  failed: '退款失败，请联系商家',
};

export function orderDetailView(order: Order, refunds: OrderRefund[] = []): OrderDetailView {
  const a = order.address;
  return {
    statusText: STATUS_TEXT[order.status] ?? order.status,
    lines: order.items.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      priceText: formatFen(item.price),
    })),
    goodsText: formatFen(order.goodsAmount),
    shippingText: order.shipping ? formatFen(order.shipping) : '免运费',
    amountText: formatFen(order.amount),
    refundedText: order.refundedAmount ? formatFen(order.refundedAmount) : '',
    carrier: order.shippingInfo?.carrier ?? '',
    trackingNo: order.shippingInfo?.trackingNo ?? '',
    shippedAtText: formatDateTime(order.shippingInfo?.shippedAt),
    addressText: `${a.userName} ${a.telNumber} ${a.provinceName}${a.cityName}${a.countyName}${a.detailInfo}`,
    refunds: refunds.map((refund) => ({
      _id: refund._id,
      title: `退款 ${formatFen(refund.amount)} · ${REFUND_STATUS[refund.status]}`,
      text: [
        formatDateTime(refund.createdAt),
        `原因：${refund.reason}`,
        refund.rejectReason ? `商家说明：${refund.rejectReason}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    })),
    actions: actionsFor(order),
  };
}
