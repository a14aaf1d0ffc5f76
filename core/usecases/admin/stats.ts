// The merchant's analytics actions of `admin` (stats.*): every figure is summed by an aggregation pipeline
// in the database ($match on the range, $group, $sort, $limit), never by reading all documents here.
//
// Definitions (all ranges are inclusive Beijing dates, see domain/analytics.ts). Everything is dated
// when it happened: a December refund of a November sale is December's.
// - A sale is an order with paidAt in the range and a status that says it was paid (SOLD_ORDER_STATUSES:
//   a refunded order was still paid). `orders` counts them and `grossSales` is their goods amount.
//   `refunds` is the money refunded in the range (refundedAt, shipping included), and `sales` is
//   grossSales less the goods part of those refunds (refunds take goods first, then shipping, as
//   domain/order.ts refundedGoods does). averageOrder = floor(sales / orders). A payment that arrived for
//   an order already closed was never a sale, and its automatic refund is not counted.
// - Commission comes from the ledger's rows: `gross` = earned in the range (its `entries` count the
//   entries), `reversed` = taken back by refunds in the range, `settled` = became withdrawable in the
//   range, `net` = gross − reversed. `pending` in the overview is what all distributors hold pending now.
// - Distributors: total = active or frozen now; new = joinedAt in the range; active = distinct
//   distributors credited with an entry (either level) in the range, i.e. who sold something.
// - Distributor sales = the base of their level-1 commission earned in the range less the base refunds
//   took back in the range (what they sold directly); commission = their earned less reversed rows of
//   both levels; recruits = users whose (latest) binding to them was made in the range.
import { adminStatsApi } from '../../contracts/admin-stats';
import { UPLOAD_ALERT_ATTEMPTS } from '../order/shipping';
import type { CommissionFigures, DaySales, DistributorFigures } from '../../contracts/admin-stats';
import type { ParsedOf } from '../../contracts/contract';
import {
  averageFen,
  DateRange,
  dateRange,
  DISTRIBUTOR_STATUSES,
  fillDays,
  shareBp,
  SOLD_ORDER_STATUSES,
  sumRows,
} from '../../domain/analytics';
import { notFound } from '../../errors';
import type { ActionContext, Handlers } from '../../handler';
import { aggregate, command, countWhere } from '../../data/db';
import { offsetOf } from '../../data/paging';
import { loadSettings } from '../../data/settings';
import { getUser, nicknamesOf } from '../../data/users';
import { between, DAY_ROWS, dayOf, num, orZero } from './aggregates';
import { behaviourByDay, buyerFigures, distributorConversion, productFunnel } from './behaviour';

type Input<K extends keyof typeof adminStatsApi> = ParsedOf<(typeof adminStatsApi)[K]>;

/** How many distributors the overview ranks. */
export const OVERVIEW_TOP = 10;
/** The page size of stats.topDistributors when the caller does not say. */
export const TOP_PAGE = 20;

/** A ledger row's amount, added for earned rows and taken away for reversed ones. */
const signed = (field: string) => ({
  $cond: [{ $eq: ['$kind', 'earned'] }, orZero(field), { $multiply: [orZero(field), -1] }],
});
const level1Only = (expression: unknown) => ({ $cond: [{ $eq: ['$level', 1] }, expression, 0] });
/** Commission rows of a range: what was earned and what refunds took back, dated when it happened. */
const commissionRows = (range: DateRange, extra: Record<string, unknown> = {}) => {
  const _ = command();
  return { $match: { at: between(range), kind: _.in(['earned', 'reversed']), ...extra } };
};

// ---- sales

const noSales = (): DaySales => ({
  orders: 0,
  sales: 0,
  grossSales: 0,
  refunds: 0,
  couponDiscount: 0,
  couponOrders: 0,
});

async function salesByDay(range: DateRange): Promise<Array<{ date: string } & DaySales>> {
  const _ = command();
  const [sold, refunded] = await Promise.all([
    aggregate<{
      _id: string;
      orders: number;
      grossSales: number;
      couponDiscount: number;
      couponOrders: number;
    }>('orders', [
      { $match: { paidAt: between(range), status: _.in([...SOLD_ORDER_STATUSES]) } },
      {
        $group: {
          _id: dayOf('paidAt'),
          orders: { $sum: 1 },
          grossSales: { $sum: '$goodsAmount' },
          couponDiscount: { $sum: orZero('coupon.discount') },
          couponOrders: { $sum: { $cond: [{ $gt: [orZero('coupon.discount'), 0] }, 1, 0] } },
        },
      },
      { $sort: { _id: 1 } },
      DAY_ROWS,
    ]),
    aggregate<{ _id: string; refunds: number; goods: number }>('refunds', [
      { $match: { refundedAt: between(range), status: 'refunded', origin: _.neq('late_payment') } },
      {
        $group: { _id: dayOf('refundedAt'), refunds: { $sum: '$amount' }, goods: { $sum: orZero('goods') } },
      },
      { $sort: { _id: 1 } },
      DAY_ROWS,
    ]),
  ]);
  const byDate = new Map<string, DaySales>();
  const day = (date: string) => {
    let row = byDate.get(date);
    if (!row) byDate.set(date, (row = noSales()));
    return row;
  };
  for (const r of sold) {
    const row = day(r._id);
    row.orders = num(r.orders);
    row.grossSales = num(r.grossSales);
    row.sales += num(r.grossSales);
    row.couponDiscount = num(r.couponDiscount);
    row.couponOrders = num(r.couponOrders);
  }
  for (const r of refunded) {
    const row = day(r._id);
    row.refunds = num(r.refunds);
    row.sales -= num(r.goods);
  }
  return fillDays(range, byDate, noSales);
}

const SALES_KEYS = ['orders', 'sales', 'grossSales', 'refunds', 'couponDiscount', 'couponOrders'] as const;

// ---- commission

const noCommission = (): CommissionFigures => ({ entries: 0, gross: 0, reversed: 0, settled: 0, net: 0 });

/** Commission earned, reversed and settled in the range, by level, from the ledger's rows. */
async function commissionByLevelAndKind(range: DateRange) {
  const _ = command();
  const rows = await aggregate<{ _id: { level: number; kind: string }; rows: number; amount: number }>(
    'ledger',
    [
      { $match: { at: between(range), kind: _.in(['earned', 'reversed', 'settled']) } },
      { $group: { _id: { level: '$level', kind: '$kind' }, rows: { $sum: 1 }, amount: { $sum: '$amount' } } },
      { $limit: 20 },
    ],
  );
  const levels = { level1: noCommission(), level2: noCommission() };
  for (const row of rows) {
    const figures = row._id.level === 2 ? levels.level2 : levels.level1;
    if (row._id.kind === 'earned') {
      figures.entries += num(row.rows);
      figures.gross += num(row.amount);
    }
    if (row._id.kind === 'reversed') figures.reversed += num(row.amount);
    if (row._id.kind === 'settled') figures.settled += num(row.amount);
  }
  for (const figures of [levels.level1, levels.level2]) figures.net = figures.gross - figures.reversed;
  const total = noCommission();
  for (const figures of [levels.level1, levels.level2]) {
    for (const key of Object.keys(total) as (keyof CommissionFigures)[]) total[key] += figures[key];
  }
  return { ...levels, total };
}

/** What every distributor holds pending now: the sum of the pending side of every ledger row. */
async function pendingNow(): Promise<number> {
  const [row] = await aggregate<{ pending: number }>('ledger', [
    { $group: { _id: null, pending: { $sum: '$delta.pending' } } },
    { $limit: 1 },
  ]);
  return num(row?.pending);
}

// ---- distributors

async function distributorCounts(range: DateRange) {
  const _ = command();
  const joinedInRange = {
    $and: [{ $gte: ['$distributor.joinedAt', range.start] }, { $lt: ['$distributor.joinedAt', range.end] }],
  };
  const [counts] = await aggregate<{ total: number; frozen: number; new: number }>('users', [
    { $match: { 'distributor.status': _.in([...DISTRIBUTOR_STATUSES]) } },
    {
      $group: {
        _id: null,
        total: { $sum: 1 },
        frozen: { $sum: { $cond: [{ $eq: ['$distributor.status', 'frozen'] }, 1, 0] } },
        new: { $sum: { $cond: [joinedInRange, 1, 0] } },
      },
    },
    { $limit: 1 },
  ]);
  return { total: num(counts?.total), frozen: num(counts?.frozen), new: num(counts?.new) };
}

async function sellingDistributors(range: DateRange): Promise<number> {
  const [row] = await aggregate<{ n: number }>('ledger', [
    { $match: { at: between(range), kind: 'earned' } },
    { $group: { _id: '$userId' } },
    { $group: { _id: null, n: { $sum: 1 } } },
    { $limit: 1 },
  ]);
  return num(row?.n);
}

interface EarningsRow {
  _id: string;
  sales: number;
  commission: number;
  orders: number;
}

const EARNINGS_GROUP = {
  $group: {
    _id: '$userId',
    sales: { $sum: level1Only(signed('base')) },
    commission: { $sum: signed('amount') },
    orders: { $sum: level1Only({ $cond: [{ $eq: ['$kind', 'earned'] }, 1, 0] }) },
  },
};

/** Sales and commission per distributor, ranked in the database; one page of the ranking. */
async function rankByEarnings(range: DateRange, by: 'sales' | 'commission', offset: number, size: number) {
  const _ = command();
  return aggregate<EarningsRow>('ledger', [
    commissionRows(range),
    EARNINGS_GROUP,
    // Someone who only earned level 2 sold nothing directly: not a top seller.
    ...(by === 'sales' ? [{ $match: { sales: _.gt(0) } }] : []),
    { $sort: { [by]: -1, _id: 1 } },
    ...(offset > 0 ? [{ $skip: offset }] : []),
    { $limit: size },
  ]);
}

async function earningsOf(range: DateRange, userIds: string[]): Promise<Map<string, EarningsRow>> {
  if (userIds.length === 0) return new Map();
  const _ = command();
  const rows = await aggregate<EarningsRow>('ledger', [
    commissionRows(range, { userId: _.in(userIds) }),
    EARNINGS_GROUP,
    { $limit: userIds.length },
  ]);
  return new Map(rows.map((row) => [row._id, row]));
}

const RECRUIT_MATCH = (range: DateRange) => {
  const _ = command();
  return { boundAt: between(range), inviterId: _.exists(true) };
};

async function rankByRecruits(range: DateRange, offset: number, size: number) {
  return aggregate<{ _id: string; recruits: number }>('users', [
    { $match: RECRUIT_MATCH(range) },
    { $group: { _id: '$inviterId', recruits: { $sum: 1 } } },
    { $sort: { recruits: -1, _id: 1 } },
    ...(offset > 0 ? [{ $skip: offset }] : []),
    { $limit: size },
  ]);
}

async function recruitsOf(range: DateRange, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const _ = command();
  const rows = await aggregate<{ _id: string; recruits: number }>('users', [
    { $match: { ...RECRUIT_MATCH(range), inviterId: _.in(userIds) } },
    { $group: { _id: '$inviterId', recruits: { $sum: 1 } } },
    { $limit: userIds.length },
  ]);
  return new Map(rows.map((row) => [row._id, num(row.recruits)]));
}

/** One page of the distributor ranking by `by`, with the other two figures filled in for the same people. */
async function topDistributors(
  range: DateRange,
  by: 'sales' | 'commission' | 'recruits',
  offset: number,
  size: number,
): Promise<DistributorFigures[]> {
  let ids: string[];
  let earnings: Map<string, EarningsRow>;
  let recruits: Map<string, number>;
  if (by === 'recruits') {
    const ranked = await rankByRecruits(range, offset, size);
    ids = ranked.map((row) => row._id);
    recruits = new Map(ranked.map((row) => [row._id, num(row.recruits)]));
    earnings = await earningsOf(range, ids);
  } else {
    const ranked = await rankByEarnings(range, by, offset, size);
    ids = ranked.map((row) => row._id);
    earnings = new Map(ranked.map((row) => [row._id, row]));
    recruits = await recruitsOf(range, ids);
  }
  const names = await nicknamesOf(ids);
  return ids.map((userId) => {
    const e = earnings.get(userId);
    return {
      userId,
      nickname: names.get(userId) ?? '',
      sales: num(e?.sales),
      commission: num(e?.commission),
      orders: num(e?.orders),
      recruits: recruits.get(userId) ?? 0,
    };
  });
}

// ---- actions

async function overview(input: Input<'stats.overview'>) {
  const range = dateRange(input.from, input.to);
  // Independent pipelines: sent together, so the invocation waits for the slowest, not for their sum.
  const [daily, commission, pending, distributors, active, top] = await Promise.all([
    salesByDay(range),
    commissionByLevelAndKind(range),
    pendingNow(),
    distributorCounts(range),
    sellingDistributors(range),
    topDistributors(range, 'sales', 0, OVERVIEW_TOP),
  ]);
  const totals = sumRows(daily, SALES_KEYS);
  return {
    from: range.from,
    to: range.to,
    sales: totals.sales,
    grossSales: totals.grossSales,
    orders: totals.orders,
    refunds: totals.refunds,
    averageOrder: averageFen(totals.sales, totals.orders),
    couponDiscount: totals.couponDiscount,
    couponOrders: totals.couponOrders,
    commission: {
      earned: commission.total.gross,
      settled: commission.total.settled,
      reversed: commission.total.reversed,
      pending,
    },
    distributors: { total: distributors.total, active, new: distributors.new, frozen: distributors.frozen },
    daily: daily.map(({ date, sales, orders }) => ({ date, sales, orders })),
    topDistributors: top.map(({ userId, nickname, sales, commission, recruits }) => ({
      userId,
      nickname,
      sales,
      commission,
      recruits,
    })),
  };
}

/** How long an automatic refund of a late payment stays on the to-do after it happened. */
const LATE_REFUND_NOTICE_MS = 7 * 86_400_000;

/** The counts behind the merchant's to-do badges; each is one count request, sent together. */
async function todo(_input: unknown, ctx: ActionContext) {
  const _ = command();
  const [applications, toShip, refunds, withdrawals, toPay, lateRefunds, failedRefunds, shipmentUploads] =
    await Promise.all([
      countWhere('users', { 'distributor.status': 'pending' }),
      countWhere('orders', { status: 'paid' }),
      countWhere('refunds', { status: 'requested' }),
      countWhere('withdrawals', { status: 'requested' }),
      countWhere('withdrawals', { status: 'approved' }),
      countWhere('refunds', {
        origin: 'late_payment',
        createdAt: _.gte(new Date(ctx.now.getTime() - LATE_REFUND_NOTICE_MS)),
      }),
      countWhere('refunds', { status: 'failed' }),
      countWhere('orders', {
        'shippingUpload.state': 'retrying',
        'shippingUpload.attempts': _.gte(UPLOAD_ALERT_ATTEMPTS),
      }),
    ]);
  return { applications, toShip, refunds, withdrawals, toPay, lateRefunds, failedRefunds, shipmentUploads };
}

async function daily(input: Input<'stats.daily'>) {
  const range = dateRange(input.from, input.to);
  const days = await salesByDay(range);
  const totals = sumRows(days, SALES_KEYS);
  return {
    from: range.from,
    to: range.to,
    items: days.map((day) => ({ ...day, averageOrder: averageFen(day.sales, day.orders) })),
    total: { ...totals, averageOrder: averageFen(totals.sales, totals.orders) },
  };
}

async function commissionByLevel(input: Input<'stats.commissionByLevel'>) {
  const range = dateRange(input.from, input.to);
  return { from: range.from, to: range.to, ...(await commissionByLevelAndKind(range)) };
}

async function topDistributorsPage(input: Input<'stats.topDistributors'>) {
  const range = dateRange(input.from, input.to);
  const by = input.by ?? 'sales';
  const size = input.limit ?? TOP_PAGE;
  const offset = offsetOf(input.cursor);
  // One extra row tells whether another page exists.
  const rows = await topDistributors(range, by, offset, size + 1);
  const items = rows.slice(0, size).map((row, i) => ({ rank: offset + i + 1, ...row }));
  return {
    from: range.from,
    to: range.to,
    by,
    items,
    next: rows.length > size ? String(offset + size) : null,
  };
}

/**
 * The funnel of the users invited in the range (their binding made then): how many have bought (still
 * have net paid spending, so a buyer refunded in full does not count) and how many became distributors.
 * Rates are basis points of `invited`. `newUsers` (first seen in the range) gives the scale beside it.
 */
async function funnel(input: Input<'stats.funnel'>) {
  const range = dateRange(input.from, input.to);
  const [[invited], [fresh]] = await Promise.all([
    aggregate<{ invited: number; bought: number; distributors: number }>('users', [
      { $match: RECRUIT_MATCH(range) },
      {
        $group: {
          _id: null,
          invited: { $sum: 1 },
          bought: { $sum: { $cond: [{ $gt: [orZero('paidSpendFen'), 0] }, 1, 0] } },
          distributors: {
            $sum: {
              $cond: [
                { $in: [{ $ifNull: ['$distributor.status', 'none'] }, [...DISTRIBUTOR_STATUSES]] },
                1,
                0,
              ],
            },
          },
        },
      },
      { $limit: 1 },
    ]),
    aggregate<{ n: number }>('users', [
      { $match: { createdAt: between(range) } },
      { $group: { _id: null, n: { $sum: 1 } } },
      { $limit: 1 },
    ]),
  ]);
  const counts = {
    invited: num(invited?.invited),
    bought: num(invited?.bought),
    distributors: num(invited?.distributors),
  };
  return {
    from: range.from,
    to: range.to,
    newUsers: num(fresh?.n),
    ...counts,
    rates: {
      bought: shareBp(counts.bought, counts.invited),
      distributors: shareBp(counts.distributors, counts.invited),
    },
  };
}

/** One distributor over time: per Beijing day, direct sales, commission (both levels), direct orders and recruits. */
async function distributorPerformance(input: Input<'stats.distributor'>) {
  const range = dateRange(input.from, input.to);
  const [user, settings] = await Promise.all([getUser(input.userId), loadSettings()]);
  if (!user) throw notFound('用户不存在');
  const grade = user.distributor.grade
    ? settings.grades.find((g) => g.id === user.distributor.grade)
    : undefined;
  const [earned, recruited] = await Promise.all([
    aggregate<{ _id: string; sales: number; commission: number; orders: number }>('ledger', [
      commissionRows(range, { userId: input.userId }),
      { $group: { ...EARNINGS_GROUP.$group, _id: dayOf('at') } },
      DAY_ROWS,
    ]),
    aggregate<{ _id: string; recruits: number }>('users', [
      { $match: { inviterId: input.userId, boundAt: between(range) } },
      { $group: { _id: dayOf('boundAt'), recruits: { $sum: 1 } } },
      DAY_ROWS,
    ]),
  ]);
  const byDate = new Map<string, { sales: number; commission: number; orders: number; recruits: number }>();
  const day = (date: string) => {
    let row = byDate.get(date);
    if (!row) byDate.set(date, (row = { sales: 0, commission: 0, orders: 0, recruits: 0 }));
    return row;
  };
  for (const r of earned)
    Object.assign(day(r._id), { sales: num(r.sales), commission: num(r.commission), orders: num(r.orders) });
  for (const r of recruited) day(r._id).recruits = num(r.recruits);
  const items = fillDays(range, byDate, () => ({ sales: 0, commission: 0, orders: 0, recruits: 0 }));
  return {
    from: range.from,
    to: range.to,
    user: {
      userId: user._id,
      nickname: user.nickname,
      avatarUrl: user.avatarUrl,
      inviterId: user.inviterId ?? null,
      inviteeCount: user.inviteeCount,
      distributor: {
        status: user.distributor.status,
        code: user.distributor.code ?? null,
        grade: user.distributor.grade ?? null,
        /** The grade's name in the settings (a removed grade keeps its id only). */
        gradeName: grade?.name ?? null,
        joinedAt: user.distributor.joinedAt ?? null,
      },
    },
    total: sumRows(items, ['sales', 'commission', 'orders', 'recruits'] as const),
    items,
  };
}

export const statsAdminHandlers: Omit<Handlers<typeof adminStatsApi>, 'export'> = {
  'stats.todo': todo,
  'stats.behaviour': behaviourByDay,
  'stats.products': productFunnel,
  'stats.conversion': distributorConversion,
  'stats.buyers': buyerFigures,
  'stats.overview': overview,
  'stats.daily': daily,
  'stats.commissionByLevel': commissionByLevel,
  'stats.topDistributors': topDistributorsPage,
  'stats.funnel': funnel,
  'stats.distributor': distributorPerformance,
};
