// order: the shopper's catalogue, orders, payment and after-sale requests.
import { orderContracts as c } from '../../../core/contracts/order';
import { action, defineFunction } from '../../../core/handler';
import { loadSettings } from '../../../core/data/settings';
import { createOrder } from '../../../core/usecases/order/create';
import { closeUnpaid, completeOrder } from '../../../core/usecases/order/lifecycle';
import { ownOrder, payOrder, providerFor } from '../../../core/usecases/order/pay';
import { catalog, listOrders, orderDetail, product } from '../../../core/usecases/order/queries';
import { requestRefund } from '../../../core/usecases/order/refund';

export const main = defineFunction({
  catalog: action(c.catalog, catalog),
  product: action(c.product, product),
  create: action(c.create, createOrder),
  pay: action(c.pay, payOrder),
  list: action(c.list, listOrders),
  detail: action(c.detail, orderDetail),
  cancel: action(c.cancel, async (input, ctx) => {
    await ownOrder(input.orderId, ctx);
    const settings = await loadSettings();
    return {
      order: await closeUnpaid(input.orderId, 'cancelled', ctx.now, providerFor(settings), ctx.openid),
    };
  }),
  confirm: action(c.confirm, async (input, ctx) => {
    await ownOrder(input.orderId, ctx);
    return { order: await completeOrder(input.orderId, ctx.now, await loadSettings(), ctx.openid) };
  }),
  refund: action(c.refund, requestRefund),
});
