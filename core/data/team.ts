// Read-only aggregations behind a distributor's team and stats: counts of invited users, and what
// orders and commission entries (written by the money flow) say about them. Pipelines, not loops.
import { collection, command } from './db';

/** Orders that were paid and not (yet) fully refunded. */
export const PAID_ORDER_STATUSES = ['paid', 'shipped', 'completed', 'refunding'];

interface Row {
  _id: unknown;
  [key: string]: unknown;
}

async function aggregate(
  name: 'orders' | 'commissions',
  match: Record<string, unknown>,
  group: Record<string, unknown>,
): Promise<Row[]> {
  const builder = (
    collection(name) as unknown as {
      aggregate(): { match(m: unknown): { group(g: unknown): { end(): Promise<{ list: Row[] }> } } };
    }
  ).aggregate();
  const { list } = await builder.match(match).group(group).end();
  return list ?? [];
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
/** Net commission of an entry: what was credited less what refunds took back. */
const NET_AMOUNT = { $subtract: ['$amount', { $ifNull: ['$reversedAmount', 0] }] };

/** Per buyer: paid orders and paid goods amount (fen). */
export async function paidOrdersByBuyer(
  buyerIds: string[],
): Promise<Map<string, { orders: number; goodsFen: number }>> {
  const result = new Map<string, { orders: number; goodsFen: number }>();
  if (buyerIds.length === 0) return result;
  const _ = command();
  const rows = await aggregate(
    'orders',
    { buyerId: _.in(buyerIds), status: _.in(PAID_ORDER_STATUSES) },
    { _id: '$buyerId', orders: { $sum: 1 }, goodsFen: { $sum: '$goodsAmount' } },
  );
  for (const row of rows)
    result.set(String(row._id), { orders: num(row.orders), goodsFen: num(row.goodsFen) });
  return result;
}

/** Per buyer: commission entries of `level` crediting `beneficiaryId`, and their net amount (fen). */
export async function commissionByBuyer(
  beneficiaryId: string,
  level: 1 | 2,
  buyerIds: string[],
): Promise<Map<string, { orders: number; amountFen: number }>> {
  const result = new Map<string, { orders: number; amountFen: number }>();
  if (buyerIds.length === 0) return result;
  const _ = command();
  const rows = await aggregate(
    'commissions',
    { beneficiaryId, level, buyerId: _.in(buyerIds) },
    { _id: '$buyerId', orders: { $sum: 1 }, amountFen: { $sum: NET_AMOUNT } },
  );
  for (const row of rows)
    result.set(String(row._id), { orders: num(row.orders), amountFen: num(row.amountFen) });
  return result;
}

export interface CommissionTotals {
  /** Entries (one per order and level) crediting the distributor, by level. */
  orders: { level1: number; level2: number };
  /** Net amounts in fen. */
  byLevel: { level1: number; level2: number };
  byStatus: { pending: number; settled: number; reversed: number };
}

/** All of a distributor's commission entries, summed by level and status. */
export async function commissionTotals(beneficiaryId: string): Promise<CommissionTotals> {
  const rows = await aggregate(
    'commissions',
    { beneficiaryId },
    {
      _id: { level: '$level', status: '$status' },
      entries: { $sum: 1 },
      net: { $sum: NET_AMOUNT },
      reversed: { $sum: { $ifNull: ['$reversedAmount', 0] } },
    },
  );
  const totals: CommissionTotals = {
    orders: { level1: 0, level2: 0 },
    byLevel: { level1: 0, level2: 0 },
    byStatus: { pending: 0, settled: 0, reversed: 0 },
  };
  for (const row of rows) {
    const key = row._id as { level?: unknown; status?: unknown };
    const level = key.level === 2 ? 'level2' : 'level1';
    totals.orders[level] += num(row.entries);
    totals.byLevel[level] += num(row.net);
    if (key.status === 'pending') totals.byStatus.pending += num(row.net);
    if (key.status === 'settled') totals.byStatus.settled += num(row.net);
    totals.byStatus.reversed += num(row.reversed);
  }
  return totals;
}
