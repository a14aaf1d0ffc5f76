// order: the shopper's catalogue, orders, payment and after-sale requests.
import { orderApi } from '../../../core/contracts/order';
import { defineFunction } from '../../../core/handler';
import { claimCoupon, couponCenter, mineCoupons } from '../../../core/usecases/order/coupons';
import { createOrder, quoteOrder } from '../../../core/usecases/order/create';
import { cancelOrder, confirmOrder } from '../../../core/usecases/order/lifecycle';
import { payOrder } from '../../../core/usecases/order/pay';
import {
  catalog,
  categories,
  listOrders,
  orderDetail,
  product,
  shop,
} from '../../../core/usecases/order/queries';
import { requestRefund } from '../../../core/usecases/order/refund';
import { trackOrder } from '../../../core/usecases/order/shipping';

export const main = defineFunction(orderApi, {
  shop,
  catalog,
  categories,
  product,
  quote: quoteOrder,
  create: createOrder,
  pay: payOrder,
  list: listOrders,
  detail: orderDetail,
  cancel: cancelOrder,
  confirm: confirmOrder,
  track: trackOrder,
  'coupons.center': couponCenter,
  'coupons.claim': claimCoupon,
  'coupons.mine': mineCoupons,
  refund: requestRefund,
});
