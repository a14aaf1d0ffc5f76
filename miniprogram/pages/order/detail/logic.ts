// Order detail: the lines, money and shipping as a buyer reads them.
import type { Order } from '../../../services/types';
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
  addressText: string;
  actions: OrderActions;
}

/** Shipping is a fee (fen) before shipment and a record (carrier, tracking number) after, depending on the function. */
export function shippingOf(order: Order): { fee: number; carrier: string; trackingNo: string } {
  const shipping = order.shipping;
  if (shipping && typeof shipping === 'object') {
    return {
      fee: shipping.fee ?? 0,
      carrier: shipping.carrier ?? order.carrier ?? '',
      trackingNo: shipping.trackingNo ?? order.trackingNo ?? '',
    };
  }
  return {
    fee: typeof shipping === 'number' ? shipping : 0,
    carrier: order.carrier ?? '',
    trackingNo: order.trackingNo ?? '',
  };
}

export function orderDetailView(order: Order): OrderDetailView {
  const shipping = shippingOf(order);
  const a = order.address;
  return {
    statusText: STATUS_TEXT[order.status] ?? order.status,
    lines: order.items.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      priceText: formatFen(item.price),
    })),
    goodsText: formatFen(order.goodsAmount),
    shippingText: shipping.fee ? formatFen(shipping.fee) : '免运费',
    amountText: formatFen(order.amount),
    refundedText: order.refundedAmount ? formatFen(order.refundedAmount) : '',
    carrier: shipping.carrier,
    trackingNo: shipping.trackingNo,
    addressText: a
      ? `${a.userName} ${a.telNumber} ${a.provinceName}${a.cityName}${a.countyName}${a.detailInfo}`
      : '',
    actions: actionsFor(order),
  };
}
