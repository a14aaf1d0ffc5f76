// User behaviour analytics (Beijing days, aggregation in the database): visitors and views per day, the
// product funnel, each distributor's conversion from shares to paid orders, new and returning buyers,
// repurchase and orders by hour. Counters come from join.track and join.enter (domain/behaviour.ts);
// orders from the orders themselves.
import type {
  BehaviourDay,
  BuyerFigures,
  DistributorConversion,
  ProductFunnelRow,
} from '../../contracts/admin-stats';
import { DateRange, dateRange, fillDays, SOLD_ORDER_STATUSES, sumRows } from '../../domain/analytics';
import { DAY_KEYS, DISTRIBUTOR_KEYS, DayCounters, PRODUCT_KEYS, repurchaseBp } from '../../domain/behaviour';
import type { Product } from '../../domain/order';
import { aggregate, command, find } from '../../data/db';
import { nicknamesOf } from '../../data/users';
import { between, DAY_ROWS, hourOf, num, orZero } from './aggregates';

const noDay = (): DayCounters => ({
  visitors: 0,
  pageViews: 0,
  productViews: 0,
  carts: 0,
  shares: 0,
  posters: 0,
  posterSaves: 0,
  scans: 0,
  links: 0,
});

const sumOf = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, { $sum: orZero(k) }]));

/** stats.behaviour: the shop's behaviour per Beijing day of the range (every day present) and the total. */
export async function behaviourByDay(input: { from: string; to: string }) {
  const range = dateRange(input.from, input.to);
  const rows = await aggregate<{ _id: string } & DayCounters>('behaviourDays', [
    { $match: { kind: 'day', day: command().gte(range.from).and(command().lte(range.to)) } },
    { $group: { _id: '$day', ...sumOf(DAY_KEYS) } },
    DAY_ROWS,
  ]);
  const byDate = new Map<string, DayCounters>(
    rows.map((row) => {
      const day = noDay();
      for (const key of DAY_KEYS) day[key] = num(row[key]);
      return [row._id, day];
    }),
  );
  const items: BehaviourDay[] = fillDays(range, byDate, noDay);
  return { from: range.from, to: range.to, items, total: sumRows(items, DAY_KEYS) };
}

/** The paid orders' lines of a range, per product: orders, units and what was paid. */
async function paidByProduct(range: DateRange, productIds?: string[]) {
  const _ = command();
  return aggregate<{ _id: string; orders: number; units: number; paid: number }>('orders', [
    { $match: { paidAt: between(range), status: _.in([...SOLD_ORDER_STATUSES]) } },
    { $unwind: '$items' },
    ...(productIds ? [{ $match: { 'items.productId': _.in(productIds) } }] : []),
    // One order counts once per product, whatever its SKU lines.
    {
      $group: {
        _id: { productId: '$items.productId', orderId: '$_id' },
        units: { $sum: '$items.quantity' },
        paid: { $sum: { $ifNull: ['$items.paid', { $multiply: ['$items.price', '$items.quantity'] }] } },
      },
    },
    {
      $group: {
        _id: '$_id.productId',
        orders: { $sum: 1 },
        units: { $sum: '$units' },
        paid: { $sum: '$paid' },
      },
    },
    { $limit: 100_000 },
  ]);
}

/** Orders made in the range per product (paid or not): the funnel's step between cart and payment. */
async function orderedByProduct(range: DateRange, productIds?: string[]) {
  const _ = command();
  return aggregate<{ _id: string; orders: number }>('orders', [
    { $match: { createdAt: between(range) } },
    { $unwind: '$items' },
    ...(productIds ? [{ $match: { 'items.productId': _.in(productIds) } }] : []),
    { $group: { _id: { productId: '$items.productId', orderId: '$_id' } } },
    { $group: { _id: '$_id.productId', orders: { $sum: 1 } } },
    { $limit: 100_000 },
  ]);
}

/**
 * stats.products: per product, views → add to cart → orders → paid orders and amount, the top `limit`
 * by views or by paid amount.
 */
export async function productFunnel(input: {
  from: string;
  to: string;
  by?: 'views' | 'sales';
  limit?: number;
}): Promise<{ from: string; to: string; items: ProductFunnelRow[] }> {
  const range = dateRange(input.from, input.to);
  const [counted, ordered, paid] = await Promise.all([
    aggregate<{ _id: string } & Record<(typeof PRODUCT_KEYS)[number], number>>('behaviourDays', [
      { $match: { kind: 'product', day: command().gte(range.from).and(command().lte(range.to)) } },
      { $group: { _id: '$productId', ...sumOf(PRODUCT_KEYS) } },
      { $limit: 100_000 },
    ]),
    orderedByProduct(range),
    paidByProduct(range),
  ]);
  const rows = new Map<string, ProductFunnelRow>();
  const row = (productId: string) => {
    let r = rows.get(productId);
    if (!r)
      rows.set(
        productId,
        (r = {
          productId,
          name: '',
          views: 0,
          carts: 0,
          shares: 0,
          orders: 0,
          paidOrders: 0,
          units: 0,
          paidAmount: 0,
        }),
      );
    return r;
  };
  for (const c of counted) for (const key of PRODUCT_KEYS) row(c._id)[key] = num(c[key]);
  for (const o of ordered) row(o._id).orders = num(o.orders);
  for (const p of paid)
    Object.assign(row(p._id), { paidOrders: num(p.orders), units: num(p.units), paidAmount: num(p.paid) });
  const by = input.by ?? 'views';
  const top = [...rows.values()]
    .sort((a, b) =>
      by === 'views'
        ? b.views - a.views || b.paidAmount - a.paidAmount
        : b.paidAmount - a.paidAmount || b.views - a.views,
    )
    .slice(0, input.limit ?? 20);
  const ids = top.map((r) => r.productId);
  const products = ids.length
    ? await find<Product>('products', { _id: command().in(ids) }, { limit: ids.length })
    : [];
  const names = new Map(products.map((p) => [p._id, p.name]));
  return {
    from: range.from,
    to: range.to,
    items: top.map((r) => ({ ...r, name: names.get(r.productId) ?? '（已删除的商品）' })),
  };
}

/**
 * Each distributor's conversion in the range: shares and posters, the scans and links of their code, the
 * visitors those brought, and the buyers and paid amount of orders they earn level-1 commission on.
 * `userId`: only that distributor.
 */
export async function conversionOf(
  range: DateRange,
  userId?: string,
  limit = 20,
): Promise<DistributorConversion[]> {
  const _ = command();
  const [counted, sold] = await Promise.all([
    aggregate<{ _id: string } & Record<(typeof DISTRIBUTOR_KEYS)[number], number>>('behaviourDays', [
      {
        $match: {
          kind: 'distributor',
          day: _.gte(range.from).and(_.lte(range.to)),
          ...(userId ? { userId } : {}),
        },
      },
      { $group: { _id: '$userId', ...sumOf(DISTRIBUTOR_KEYS) } },
      { $limit: 100_000 },
    ]),
    aggregate<{ _id: string; buyers: number; orders: number; paid: number }>('orders', [
      {
        $match: {
          paidAt: between(range),
          status: _.in([...SOLD_ORDER_STATUSES]),
          ...(userId ? { 'referrer.level1.userId': userId } : { 'referrer.level1.userId': _.exists(true) }),
        },
      },
      {
        $group: {
          _id: { d: '$referrer.level1.userId', buyer: '$buyerId' },
          orders: { $sum: 1 },
          paid: { $sum: '$goodsAmount' },
        },
      },
      {
        $group: { _id: '$_id.d', buyers: { $sum: 1 }, orders: { $sum: '$orders' }, paid: { $sum: '$paid' } },
      },
      { $limit: 100_000 },
    ]),
  ]);
  const rows = new Map<string, DistributorConversion>();
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r)
      rows.set(
        id,
        (r = {
          userId: id,
          nickname: '',
          shares: 0,
          posters: 0,
          posterSaves: 0,
          scans: 0,
          links: 0,
          visitors: 0,
          buyers: 0,
          paidOrders: 0,
          paidAmount: 0,
        }),
      );
    return r;
  };
  for (const c of counted) for (const key of DISTRIBUTOR_KEYS) row(c._id)[key] = num(c[key]);
  for (const s of sold)
    Object.assign(row(s._id), { buyers: num(s.buyers), paidOrders: num(s.orders), paidAmount: num(s.paid) });
  if (userId) row(userId);
  const top = [...rows.values()]
    .sort((a, b) => b.paidAmount - a.paidAmount || b.visitors - a.visitors || (a.userId < b.userId ? -1 : 1))
    .slice(0, userId ? 1 : limit);
  const names = await nicknamesOf(top.map((r) => r.userId));
  return top.map((r) => ({ ...r, nickname: names.get(r.userId) ?? '' }));
}

/** stats.conversion */
export async function distributorConversion(input: {
  from: string;
  to: string;
  userId?: string;
  limit?: number;
}) {
  const range = dateRange(input.from, input.to);
  return { from: range.from, to: range.to, items: await conversionOf(range, input.userId, input.limit) };
}

/**
 * stats.buyers: buyers of paid orders in the range, new (their first paid order ever is in the range) or
 * returning, those with two or more paid orders in it (repurchase), and paid orders per Beijing hour.
 */
export async function buyerFigures(input: { from: string; to: string }): Promise<BuyerFigures> {
  const range = dateRange(input.from, input.to);
  const _ = command();
  const sold = { status: _.in([...SOLD_ORDER_STATUSES]) };
  const [buyers, hours] = await Promise.all([
    aggregate<{ buyers: number; newBuyers: number; repeatBuyers: number; orders: number }>('orders', [
      // Everything paid before the range ends: a buyer's first payment ever decides new or returning.
      { $match: { ...sold, paidAt: _.lt(range.end) } },
      {
        $group: {
          _id: '$buyerId',
          first: { $min: '$paidAt' },
          inRange: { $sum: { $cond: [{ $gte: ['$paidAt', range.start] }, 1, 0] } },
        },
      },
      { $match: { inRange: _.gt(0) } },
      {
        $group: {
          _id: null,
          buyers: { $sum: 1 },
          newBuyers: { $sum: { $cond: [{ $gte: ['$first', range.start] }, 1, 0] } },
          repeatBuyers: { $sum: { $cond: [{ $gte: ['$inRange', 2] }, 1, 0] } },
          orders: { $sum: '$inRange' },
        },
      },
    ]),
    aggregate<{ _id: string; orders: number }>('orders', [
      { $match: { ...sold, paidAt: between(range) } },
      { $group: { _id: hourOf('paidAt'), orders: { $sum: 1 } } },
      { $limit: 24 },
    ]),
  ]);
  const totals = buyers[0];
  const byHour = Array.from({ length: 24 }, (_h, hour) =>
    num(hours.find((h) => Number(h._id) === hour)?.orders),
  );
  const count = num(totals?.buyers);
  const repeat = num(totals?.repeatBuyers);
  return {
    from: range.from,
    to: range.to,
    buyers: count,
    newBuyers: num(totals?.newBuyers),
    returningBuyers: count - num(totals?.newBuyers),
    repeatBuyers: repeat,
    repurchaseBp: repurchaseBp(count, repeat),
    orders: num(totals?.orders),
    byHour,
  };
}
