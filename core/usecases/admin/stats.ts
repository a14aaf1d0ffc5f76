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
  beijingDate,
  beijingMidnight,
  DateRange,
  dateRange,
  datesOf,
  DAY_MS,
  DISTRIBUTOR_STATUSES,
  MAX_RANGE_DAYS,
  fillDays,
  shareBp,
  SOLD_ORDER_STATUSES,
  sumRows,
} from '../../domain/analytics';
import { notFound } from '../../errors';
import type { ActionContext, Handlers } from '../../handler';
import { aggregate, command, countWhere, find, setById } from '../../data/db';
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

// ---- distributors

/**
 * The distributors now (all, frozen) and those who joined in the range, and the nicknames of `nameIds`
 * (the overview's top sellers), in one pass over the users: the names ride along, costing no request.
 */
async function distributorCounts(range: DateRange, nameIds: string[] = []) {
  const _ = command();
  const isDistributor = { $in: ['$distributor.status', [...DISTRIBUTOR_STATUSES]] };
  const joinedInRange = {
    $and: [{ $gte: ['$distributor.joinedAt', range.start] }, { $lt: ['$distributor.joinedAt', range.end] }],
  };
  const [counts] = await aggregate<{
    total: number;
    frozen: number;
    new: number;
    names: ({ id: string; nickname?: string } | null)[];
  }>('users', [
    {
      $match: nameIds.length
        ? _.or([{ 'distributor.status': _.in([...DISTRIBUTOR_STATUSES]) }, { _id: _.in(nameIds) }])
        : { 'distributor.status': _.in([...DISTRIBUTOR_STATUSES]) },
    },
    {
      $group: {
        _id: null,
        total: { $sum: { $cond: [isDistributor, 1, 0] } },
        frozen: { $sum: { $cond: [{ $eq: ['$distributor.status', 'frozen'] }, 1, 0] } },
        new: { $sum: { $cond: [{ $and: [isDistributor, joinedInRange] }, 1, 0] } },
        names: {
          $addToSet: { $cond: [{ $in: ['$_id', nameIds] }, { id: '$_id', nickname: '$nickname' }, null] },
        },
      },
    },
    { $limit: 1 },
  ]);
  const names = new Map(
    (counts?.names ?? []).flatMap((entry) => (entry ? [[entry.id, entry.nickname ?? ''] as const] : [])),
  );
  return { total: num(counts?.total), frozen: num(counts?.frozen), new: num(counts?.new), names };
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

const RECRUIT_MATCH = (range: DateRange) => {
  const _ = command();
  return { boundAt: between(range), inviterId: _.exists(true) };
};

// ---- daily rollups
//
// Each Beijing day's sales, refunds, commission by level and recruits per inviter are kept in one
// `statsDays` document (every figure is dated when it happened, so a day that is over does not change):
// a year's overview reads 366 small documents, whatever the number of orders. The settle timer rolls up
// the days that are over (yesterday, and days never rolled up, a quarter per run); a read computes the days
// it finds no final rollup for (today, always) with grouped aggregations over just those days.

export interface DayRollup {
  _id: string;
  computedAt: Date;
  sales: DaySales;
  commission: { level1: CommissionFigures; level2: CommissionFigures };
  /** Users bound that day, per inviter. */
  recruits: Record<string, number>;
}

/** A day's rollup is final once computed this long after the day ended (late writes of that day land). */
const ROLLUP_FINAL_AFTER_MS = 10 * 60_000;
/** Days the timer rolls up per run when rollups are missing (a shop upgraded to 0.3.0). */
const ROLLUP_BACKFILL_DAYS = 92;

const emptyDay = (date: string): DayRollup => ({
  _id: date,
  computedAt: new Date(0),
  sales: noSales(),
  commission: { level1: noCommission(), level2: noCommission() },
  recruits: {},
});

/** Every day of the range's figures at once: four aggregations grouped by Beijing day. */
async function computeDays(range: DateRange, now: Date): Promise<DayRollup[]> {
  const _ = command();
  const [sales, commission, recruits] = await Promise.all([
    salesByDay(range),
    aggregate<{ _id: { day: string; level: number; kind: string }; rows: number; amount: number }>('ledger', [
      { $match: { at: between(range), kind: _.in(['earned', 'reversed', 'settled']) } },
      {
        $group: {
          _id: { day: dayOf('at'), level: '$level', kind: '$kind' },
          rows: { $sum: 1 },
          amount: { $sum: '$amount' },
        },
      },
      { $limit: (MAX_RANGE_DAYS + 1) * 6 },
    ]),
    aggregate<{ _id: { day: string; inviter: string }; recruits: number }>('users', [
      { $match: RECRUIT_MATCH(range) },
      { $group: { _id: { day: dayOf('boundAt'), inviter: '$inviterId' }, recruits: { $sum: 1 } } },
      { $limit: 1_000_000 },
    ]),
  ]);
  const days = new Map(
    sales.map(({ date, ...figures }) => [date, { ...emptyDay(date), computedAt: now, sales: figures }]),
  );
  for (const row of commission) {
    const day = days.get(row._id.day);
    if (!day) continue;
    const figures = row._id.level === 2 ? day.commission.level2 : day.commission.level1;
    if (row._id.kind === 'earned') {
      figures.entries += num(row.rows);
      figures.gross += num(row.amount);
    }
    if (row._id.kind === 'reversed') figures.reversed += num(row.amount);
    if (row._id.kind === 'settled') figures.settled += num(row.amount);
  }
  for (const day of days.values())
    for (const figures of [day.commission.level1, day.commission.level2])
      figures.net = figures.gross - figures.reversed;
  for (const row of recruits) {
    const day = days.get(row._id.day);
    if (day) day.recruits[row._id.inviter] = num(row.recruits);
  }
  return [...days.values()];
}

const dayEnd = (date: string) => beijingMidnight(date)!.getTime() + DAY_MS;
const isFinal = (rollup: DayRollup) =>
  new Date(rollup.computedAt).getTime() >= dayEnd(rollup._id) + ROLLUP_FINAL_AFTER_MS;

/** The rollups of every day of the range: the final ones stored, the others computed now (not saved). */
async function rollupsFor(range: DateRange, now: Date): Promise<DayRollup[]> {
  const dates = datesOf(range);
  const stored = await find<DayRollup>('statsDays', { _id: command().in(dates) }, { limit: dates.length });
  const final = new Map(stored.filter(isFinal).map((r) => [r._id, r]));
  const open = dates.filter((d) => !final.has(d) && beijingMidnight(d)!.getTime() <= now.getTime());
  const computed = open.length
    ? new Map((await computeDays(dateRange(open[0]!, open[open.length - 1]!), now)).map((r) => [r._id, r]))
    : new Map<string, DayRollup>();
  return dates.map((d) => final.get(d) ?? computed.get(d) ?? emptyDay(d));
}

/**
 * The settle timer's step: rolls up the days that are over and have no final rollup yet — yesterday, and
 * up to ROLLUP_BACKFILL_DAYS older days never rolled up (back to the first order), newest first. Answers
 * how many days it wrote.
 */
export async function rollupDays(now: Date): Promise<number> {
  const [first] = await find<{ createdAt: Date }>('orders', {}, { limit: 1, sort: [['createdAt', 'asc']] });
  const lastOver = beijingDate(new Date(now.getTime() - DAY_MS - ROLLUP_FINAL_AFTER_MS));
  if (!first) return 0;
  const from = beijingDate(new Date(first.createdAt));
  if (from > lastOver) return 0;
  const dates = datesOf(dateRange(from, lastOver, 100_000));
  const final = new Set<string>();
  for (let i = 0; i < dates.length; i += 1000) {
    const chunk = dates.slice(i, i + 1000);
    for (const r of await find<DayRollup>('statsDays', { _id: command().in(chunk) }, { limit: chunk.length }))
      if (isFinal(r)) final.add(r._id);
  }
  const due = dates.filter((d) => !final.has(d)).slice(-ROLLUP_BACKFILL_DAYS);
  if (due.length === 0) return 0;
  const computed = await computeDays(dateRange(due[0]!, due[due.length - 1]!), now);
  const wanted = new Set(due);
  let written = 0;
  for (const { _id, ...data } of computed) {
    if (!wanted.has(_id)) continue;
    await setById('statsDays', _id, data);
    written++;
  }
  return written;
}

function commissionOf(rollups: DayRollup[]) {
  const levels = { level1: noCommission(), level2: noCommission() };
  for (const r of rollups)
    for (const level of ['level1', 'level2'] as const)
      for (const key of Object.keys(levels[level]) as (keyof CommissionFigures)[])
        levels[level][key] += num(r.commission[level][key]);
  const total = noCommission();
  for (const figures of [levels.level1, levels.level2])
    for (const key of Object.keys(total) as (keyof CommissionFigures)[]) total[key] += figures[key];
  return { ...levels, total };
}

/** Users bound in the range per inviter, from the rollups. */
function recruitsOf(rollups: DayRollup[]): Map<string, number> {
  const recruits = new Map<string, number>();
  for (const r of rollups)
    for (const [id, n] of Object.entries(r.recruits ?? {}))
      recruits.set(id, (recruits.get(id) ?? 0) + num(n));
  return recruits;
}

/** Every distributor's direct sales, commission, direct orders and earned rows in the range: one aggregation. */
async function earningsByDistributor(
  range: DateRange,
): Promise<Map<string, EarningsRow & { earned: number }>> {
  const rows = await aggregate<EarningsRow & { earned: number }>('ledger', [
    commissionRows(range),
    {
      $group: { ...EARNINGS_GROUP.$group, earned: { $sum: { $cond: [{ $eq: ['$kind', 'earned'] }, 1, 0] } } },
    },
    { $limit: 1_000_000 },
  ]);
  return new Map(rows.map((row) => [row._id, row]));
}

/**
 * What all distributors hold pending now: the sum of every ledger row's pending, summed in the database
 * as one group (a separate request from the range's earnings, so neither pass carries the other's work).
 */
async function pendingNow(): Promise<number> {
  const [row] = await aggregate<{ pending: number }>('ledger', [
    { $group: { _id: null, pending: { $sum: '$delta.pending' } } },
  ]);
  return num(row?.pending);
}

/** One page of the ranking by `by` (without names). */
function ranking(
  earnings: Map<string, EarningsRow & { earned: number }>,
  recruits: Map<string, number>,
  by: 'sales' | 'commission' | 'recruits',
  offset: number,
  size: number,
): Omit<DistributorFigures, 'nickname'>[] {
  const ids = new Set([...earnings.keys(), ...recruits.keys()]);
  const rows = [...ids].map((userId) => {
    const e = earnings.get(userId);
    return {
      userId,
      sales: num(e?.sales),
      commission: num(e?.commission),
      orders: num(e?.orders),
      recruits: recruits.get(userId) ?? 0,
      earned: num(e?.earned),
    };
  });
  const page = rows
    // Someone who only earned level 2 sold nothing directly: not a top seller; a ranking lists who did something.
    .filter((p) =>
      by === 'sales' ? p.sales > 0 : by === 'recruits' ? p.recruits > 0 : p.earned > 0 || p.commission !== 0,
    )
    .sort((x, y) => y[by] - x[by] || (x.userId < y.userId ? -1 : 1))
    .slice(offset, offset + size);
  return page.map(({ earned: _e, ...p }) => p);
}

/** One page of the ranking by `by`, with names. */
async function ranked(...args: Parameters<typeof ranking>): Promise<DistributorFigures[]> {
  const page = ranking(...args);
  const names = await nicknamesOf(page.map((p) => p.userId));
  return page.map((p) => ({ ...p, nickname: names.get(p.userId) ?? '' }));
}

// ---- actions

async function overview(input: Input<'stats.overview'>, ctx: ActionContext) {
  const range = dateRange(input.from, input.to);
  // Independent reads, sent together: the days' rollups, the range's earnings and pending now; then one
  // pass over the users for the counts and the top sellers' names.
  const [rollups, earnings, pending] = await Promise.all([
    rollupsFor(range, ctx.now),
    earningsByDistributor(range),
    pendingNow(),
  ]);
  const daily = rollups.map((r) => ({ date: r._id, ...r.sales }));
  const totals = sumRows(daily, SALES_KEYS);
  const commission = commissionOf(rollups);
  const active = [...earnings.values()].filter((e) => num(e.earned) > 0).length;
  const top = ranking(earnings, recruitsOf(rollups), 'sales', 0, OVERVIEW_TOP);
  const distributors = await distributorCounts(
    range,
    top.map((row) => row.userId),
  );
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
    topDistributors: top.map(({ userId, sales, commission, recruits }) => ({
      userId,
      nickname: distributors.names.get(userId) ?? '',
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

async function daily(input: Input<'stats.daily'>, ctx: ActionContext) {
  const range = dateRange(input.from, input.to);
  const days = (await rollupsFor(range, ctx.now)).map((r) => ({ date: r._id, ...r.sales }));
  const totals = sumRows(days, SALES_KEYS);
  return {
    from: range.from,
    to: range.to,
    items: days.map((day) => ({ ...day, averageOrder: averageFen(day.sales, day.orders) })),
    total: { ...totals, averageOrder: averageFen(totals.sales, totals.orders) },
  };
}

async function commissionByLevel(input: Input<'stats.commissionByLevel'>, ctx: ActionContext) {
  const range = dateRange(input.from, input.to);
  return { from: range.from, to: range.to, ...commissionOf(await rollupsFor(range, ctx.now)) };
}

async function topDistributorsPage(input: Input<'stats.topDistributors'>, ctx: ActionContext) {
  const range = dateRange(input.from, input.to);
  const by = input.by ?? 'sales';
  const size = input.limit ?? TOP_PAGE;
  const offset = offsetOf(input.cursor);
  // One extra row tells whether another page exists.
  const [rollups, earnings] = await Promise.all([rollupsFor(range, ctx.now), earningsByDistributor(range)]);
  const rows = await ranked(earnings, recruitsOf(rollups), by, offset, size + 1);
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

export const statsAdminHandlers: Omit<Handlers<typeof adminStatsApi>, 'export' | 'export.status'> = {
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
