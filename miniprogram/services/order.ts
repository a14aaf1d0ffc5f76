// order: catalog, checkout (quote, create, pay), coupons, and what a buyer can do with orders afterwards.
import type { InputFor, Order, OrderStatus } from './api';
import { call, callCreate, confirmReceiptInWeChat, pay, sleep } from './client';

/** Drops empty filters: the contract refuses an empty category or keyword only by meaning, not by type. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as T;
}

/** The shop's name, the merchant's banners and the shipping rule. */
export const shop = () => call('order', 'shop');
export const catalog = (query: InputFor<'order', 'catalog'> = {}) => call('order', 'catalog', compact(query));
export const categories = () => call('order', 'categories');
export const product = (productId: string) => call('order', 'product', { productId });

export type QuoteItems = InputFor<'order', 'quote'>['items'];

/**
 * What checkout shows, priced by the server: `couponId` undefined lets it pick the best coupon held, null
 * asks for none, an id asks for that one (refused in words when it cannot be used).
 */
export const quote = (items: QuoteItems, couponId?: string | null) =>
  call('order', 'quote', couponId === undefined ? { items } : { items, couponId });

export type CreateOrderInput = Omit<InputFor<'order', 'create'>, 'clientRequestId'>;

/** With a client request id: tapping 提交订单 twice, or retrying after a lost answer, makes one order. */
export const create = (input: CreateOrderInput) => callCreate('order', 'create', compact(input));

export const requestPay = (orderId: string) => call('order', 'pay', { orderId });
export const list = (status?: OrderStatus | '', cursor?: string | null) =>
  call('order', 'list', compact({ status: status || undefined, cursor }));
export const detail = (orderId: string) => call('order', 'detail', { orderId });
export const cancel = (orderId: string) => call('order', 'cancel', { orderId });
export const confirm = (orderId: string) => call('order', 'confirm', { orderId });
/** The parcel's route, newest step first (a note instead when the provider could not answer). */
export const track = (orderId: string) => call('order', 'track', { orderId });

/** The coupons the caller can claim now; of one product when given. */
export const couponCenter = (productId?: string) =>
  call('order', 'coupons.center', productId ? { productId } : {});
export const claimCoupon = (couponId: string) => call('order', 'coupons.claim', { couponId });
export const myCoupons = (state?: InputFor<'order', 'coupons.mine'>['state']) =>
  call('order', 'coupons.mine', state ? { state } : {});

/**
 * Confirms receipt: in WeChat's own component first when WeChat knows of the shipment (发货信息管理), then with
 * the shop, which completes the order.
 */
export async function confirmReceipt(order: Pick<Order, '_id' | 'confirmInWeChat'>) {
  if (order.confirmInWeChat) await confirmReceiptInWeChat(order.confirmInWeChat.transactionId);
  return confirm(order._id);
}
export const refund = (orderId: string, reason: string, amount?: number) =>
  call('order', 'refund', compact({ orderId, reason, amount }));

/**
 * Pay an order and wait for the payment callback to land: the cashier returning is not proof of payment,
 * the order turning `paid` is. Gives up quietly after `attempts` and returns the order as it stands.
 */
export async function payAndWait(orderId: string, attempts = 10, intervalMs = 500): Promise<Order> {
  const { payment, outTradeNo } = await requestPay(orderId);
  await pay(payment, outTradeNo);
  let order = (await detail(orderId)).order;
  for (let i = 1; i < attempts && order.status === 'created'; i++) {
    await sleep(intervalMs);
    order = (await detail(orderId)).order;
  }
  return order;
}
