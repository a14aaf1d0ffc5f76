// order: catalog, creating and paying orders, and what a buyer can do with them afterwards.
import { call, callCreate, pay, sleep } from './client';
import type { Address, Order, OrderStatus, Page, Payment, Product } from './types';

export interface CatalogQuery {
  category?: string;
  keyword?: string;
  cursor?: string | null;
}

function compact<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<T>;
}

export const catalog = (query: CatalogQuery = {}) =>
  call<Page<Product> & { categories?: string[] }>('order', 'catalog', compact(query));
export const product = (productId: string) => call<{ product: Product }>('order', 'product', { productId });

export interface CreateOrderInput {
  items: { productId: string; quantity: number }[];
  address: Address;
  remark?: string;
}

/** With a client request id: tapping 提交订单 twice, or retrying after a lost answer, makes one order. */
export const create = (input: CreateOrderInput) =>
  callCreate<{ order: Order }>('order', 'create', compact(input));

export const requestPay = (orderId: string) =>
  call<{ payment: Payment; outTradeNo?: string }>('order', 'pay', { orderId });
export const list = (status?: OrderStatus | '', cursor?: string | null) =>
  call<Page<Order>>('order', 'list', compact({ status, cursor }));
export const detail = (orderId: string) => call<{ order: Order }>('order', 'detail', { orderId });
export const cancel = (orderId: string) => call<{ order: Order }>('order', 'cancel', { orderId });
export const confirm = (orderId: string) => call<{ order: Order }>('order', 'confirm', { orderId });
export const refund = (orderId: string, reason: string, amount?: number) =>
  call<{ order?: Order; refund?: unknown }>('order', 'refund', compact({ orderId, reason, amount }));

/**
 * Pay an order and wait for the payment callback to land: the cashier returning is not proof of payment,
 * the order turning `paid` is. Gives up quietly after `attempts` and returns the order as it stands.
 */
export async function payAndWait(orderId: string, attempts = 10, intervalMs = 500): Promise<Order> {
  const { payment, outTradeNo } = await requestPay(orderId);
  await pay(payment, outTradeNo ?? (payment.outTradeNo as string | undefined));
  let order = (await detail(orderId)).order;
  for (let i = 1; i < attempts && order.status === 'created'; i++) {
    await sleep(intervalMs);
    order = (await detail(orderId)).order;
  }
  return order;
}
