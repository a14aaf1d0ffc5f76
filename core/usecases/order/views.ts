// What each side sees of an order and its refunds: the buyer never learns who earns from their order
// (nor at what rate); the merchant does.
import type { AdminOrder, BuyerOrder, OrderLine, RefundView } from '../../contracts/order';
import type { Refund } from '../../domain/ledger';
import { linePaid, Order, OrderItem } from '../../domain/order';

export function orderLine(item: OrderItem): OrderLine {
  return {
    productId: item.productId,
    ...(item.skuId ? { skuId: item.skuId } : {}),
    ...(item.specText ? { specText: item.specText } : {}),
    name: item.name,
    price: item.price,
    ...(item.listPrice !== undefined ? { listPrice: item.listPrice } : {}),
    quantity: item.quantity,
    ...(item.image ? { image: item.image } : {}),
    paid: linePaid(item),
  };
}

export function buyerOrder(order: Order): BuyerOrder {
  return {
    _id: order._id,
    status: order.status,
    items: order.items.map(orderLine),
    goodsAmount: order.goodsAmount,
    ...(order.coupon ? { coupon: { name: order.coupon.name, discount: order.coupon.discount } } : {}),
    shipping: order.shipping,
    amount: order.amount,
    address: order.address,
    remark: order.remark,
    outTradeNo: order.outTradeNo,
    orderNo: order.orderNo ?? order._id,
    latePayment: order.latePayment && {
      totalFee: order.latePayment.totalFee,
      paidAt: order.latePayment.paidAt,
      refundId: order.latePayment.refundId,
    },
    refundedAmount: order.refundedAmount,
    refundCount: order.refundCount,
    shippingInfo: order.shippingInfo,
    ...(order.status === 'shipped' &&
    order.shippingUpload?.state === 'uploaded' &&
    order.payment?.transactionId
      ? { confirmInWeChat: { transactionId: order.payment.transactionId } }
      : {}),
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    shippedAt: order.shippedAt,
    completedAt: order.completedAt,
    closedAt: order.closedAt,
  };
}

/** The merchant's view; `names` holds the nicknames of the buyer and of the referrers (user id → nickname). */
export function adminOrder(order: Order, names: ReadonlyMap<string, string>): AdminOrder {
  const { level1, level2 } = order.referrer;
  return {
    ...buyerOrder(order),
    buyerId: order.buyerId,
    buyerNickname: names.get(order.buyerId) ?? '',
    referrer: order.referrer,
    referrerNames: {
      ...(level1 ? { level1: names.get(level1.userId) ?? '' } : {}),
      ...(level2 ? { level2: names.get(level2.userId) ?? '' } : {}),
    },
    commissionPreview: order.commissionPreview,
    payment: order.payment,
    ...(order.shippingUpload ? { shippingUpload: order.shippingUpload } : {}),
  };
}

export function refundView(refund: Refund): RefundView {
  return {
    _id: refund._id,
    orderId: refund.orderId,
    amount: refund.amount,
    reason: refund.reason,
    status: refund.status,
    rejectReason: refund.rejectReason,
    createdAt: refund.createdAt,
    updatedAt: refund.updatedAt,
  };
}
