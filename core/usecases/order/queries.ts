// The shopper's reads: the catalogue, one product, their orders.
import type { Page } from '../../contracts/contract';
import type {
  BuyerOrder,
  CatalogInput,
  ListOrdersInput,
  ProductShare,
  RefundView,
  ShopProduct,
} from '../../contracts/order';
import type { Refund } from '../../domain/ledger';
import { Order, Product } from '../../domain/order';
import { notFound } from '../../errors';
import { ActionContext } from '../../handler';
import { priceAt, shelfPrice, skusOf } from '../../domain/catalog';
import { level1Earning, productCommissionOf } from '../../domain/commission';
import { aggregate, command, getById, query } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { getUser } from '../../data/users';
import { readPage } from '../../data/paging';
import { ownOrder } from './pay';
import { buyerOrder, refundView } from './views';

/** A merchant has a few dozen categories; this many is far beyond any real shop. */
export const MAX_CATEGORIES = 200;

/**
 * The shop's view of a product at `now`: prices as they sell now (limited-time prices inside their
 * window), the merchant's commission rules and sort key left behind.
 */
export function shopProduct(product: Product, now: Date): ShopProduct {
  const { commission: _commission, sort: _sort, skus, limited: _limited, ...shown } = product;
  const shelf = shelfPrice(product, now);
  return {
    ...shown,
    price: shelf.price,
    stock: shelf.stock,
    ...(shelf.listPrice !== undefined ? { listPrice: shelf.listPrice } : {}),
    ...(shelf.limitedEndsAt ? { limitedEndsAt: shelf.limitedEndsAt } : {}),
    ...(skus?.length
      ? {
          skus: skus.map(({ commission: _c, ...sku }) => ({ ...sku, ...priceAt(product, sku, now) })),
        }
      : {}),
  };
}

/** The SKU selling cheapest now: what 「分享赚」 quotes (「起」 when SKUs differ). */
function cheapestSku(product: Product, now: Date) {
  const skus = skusOf(product).map((sku) => ({ sku, price: priceAt(product, sku, now).price }));
  return skus.reduce((best, next) => (next.price < best.price ? next : best));
}

/** Keyword search is a case-insensitive substring match; the keyword is escaped, never a pattern. */
function keywordPattern(keyword: string): RegExp {
  return new RegExp(keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

export async function catalog(input: CatalogInput, ctx: ActionContext): Promise<Page<ShopProduct>> {
  const where: Record<string, unknown> = { status: 'on' };
  if (input.category) where.category = input.category;
  if (input.keyword) where.name = keywordPattern(input.keyword);
  const page = await readPage<Product>(
    'products',
    where,
    [
      ['sort', 'desc'],
      ['_id', 'asc'],
    ],
    input.cursor,
  );
  return { items: page.items.map((p) => shopProduct(p, ctx.now)), next: page.next };
}

export async function product(
  input: { productId: string },
  ctx: ActionContext,
): Promise<{ product: ShopProduct; share?: ProductShare }> {
  const [found, viewer, settings] = await Promise.all([
    getById<Product>('products', input.productId),
    getUser(ctx.openid),
    loadSettings(),
  ]);
  if (!found || found.status !== 'on') throw notFound('商品不存在或已下架');
  const distributor = viewer?.distributor;
  const shown = shopProduct(found, ctx.now);
  if (distributor?.status !== 'active' || !distributor.code) return { product: shown };
  const { sku, price } = cheapestSku(found, ctx.now);
  const commission = productCommissionOf(sku.commission ?? found.commission);
  const earnFen = level1Earning(settings, distributor.grade, {
    productId: found._id,
    quantity: 1,
    base: price,
    ...(commission ? { commission } : {}),
  });
  return { product: shown, share: { earnFen, inviteCode: distributor.code } };
}

/** The shop's name and banners for the home page (the rest of the settings stays with the merchant). */
export async function shop(): Promise<{
  shopName: string;
  banners: { image: string; productId?: string }[];
  shipping: { feeFen: number; freeOverFen: number };
}> {
  const settings = await loadSettings();
  return { shopName: settings.shopName, banners: settings.banners, shipping: settings.shipping };
}

/** The categories a shopper can pick: those of products on sale. */
export async function categories(): Promise<{ items: { category: string; products: number }[] }> {
  const rows = await aggregate<{ _id: string; products: number }>('products', [
    { $match: { status: 'on' } },
    { $group: { _id: '$category', products: { $sum: 1 } } },
    { $sort: { _id: 1 } },
    { $limit: MAX_CATEGORIES },
  ]);
  return { items: rows.map((row) => ({ category: row._id, products: row.products })) };
}

export async function listOrders(input: ListOrdersInput, ctx: ActionContext): Promise<Page<BuyerOrder>> {
  const where: Record<string, unknown> = { buyerId: ctx.openid };
  if (input.status) where.status = input.status;
  const page = await readPage<Order>('orders', where, [['createdAt', 'desc']], input.cursor);
  return { items: page.items.map(buyerOrder), next: page.next };
}

export async function orderDetail(
  input: { orderId: string },
  ctx: ActionContext,
): Promise<{ order: BuyerOrder; refunds: RefundView[] }> {
  const order = await ownOrder(input.orderId, ctx);
  const _ = command();
  const { data: refunds } = await query('refunds', { orderId: order._id, buyerId: _.eq(ctx.openid) }, [
    ['createdAt', 'desc'],
  ])
    .limit(20)
    .get();
  return { order: buyerOrder(order), refunds: (refunds as Refund[]).map(refundView) };
}
