// The shopper's reads: the catalogue, one product, their orders.
import type * as z from 'zod/mini';
import { orderContracts } from '../../contracts/order';
import { Order, Product } from '../../domain/order';
import { notFound } from '../../errors';
import { ActionContext } from '../../handler';
import { command, getById, query } from '../../data/db';
import { Page, readPage } from '../../data/paging';
import { ownOrder } from './pay';

/** Keyword search is a case-insensitive substring match; the keyword is escaped, never a pattern. */
function keywordPattern(keyword: string): RegExp {
  return new RegExp(keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

export async function catalog(input: z.infer<typeof orderContracts.catalog>): Promise<Page<Product>> {
  const where: Record<string, unknown> = { status: 'on' };
  if (input.category) where.category = input.category;
  if (input.keyword) where.name = keywordPattern(input.keyword);
  return readPage<Product>(
    query('products', where, [
      ['sort', 'desc'],
      ['_id', 'asc'],
    ]),
    input.cursor,
  );
}

export async function product(input: { productId: string }): Promise<{ product: Product }> {
  const found = await getById<Product>('products', input.productId);
  if (!found || found.status !== 'on') throw notFound('商品不存在或已下架');
  return { product: found };
}

export async function listOrders(
  input: z.infer<typeof orderContracts.list>,
  ctx: ActionContext,
): Promise<Page<Order>> {
  const where: Record<string, unknown> = { buyerId: ctx.openid };
  if (input.status) where.status = input.status;
  return readPage<Order>(query('orders', where, [['createdAt', 'desc']]), input.cursor);
}

export async function orderDetail(input: { orderId: string }, ctx: ActionContext) {
  const order = await ownOrder(input.orderId, ctx);
  const _ = command();
  const { data: refunds } = await query('refunds', { orderId: order._id, buyerId: _.eq(ctx.openid) }, [
    ['createdAt', 'desc'],
  ])
    .limit(20)
    .get();
  return { order, refunds };
}
