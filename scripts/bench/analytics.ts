// Analytics benchmark: a year of paid orders (50,000 by default, with their commission entries, 20,000
// users and 1,000,000 behaviour events) seeded straight into the engine, then each stats action over that
// year and an export of every order (in parts across calls, as the merchant's page drives it) through
// cloud.invoke, timed, with the database requests the local cloud counted for each. With 200,000 orders
// (`large`) only the overview and the export run: the two whose requests must not grow with the shop.
import { ADMIN, LocalCloud, withCloud } from './cloud';

const DAY = 86_400_000;
const YEAR = { from: '2024-01-01', to: '2024-12-31' };
/** Beijing midnight of 2024-01-01. */
const START = Date.UTC(2024, 0, 1) - 8 * 3_600_000;
/** cloudfunctions/admin/config.json */
const TIMEOUT_S = 60;

export interface AnalyticsBenchRow {
  action: string;
  /** All calls together; for an export, `calls` invocations of which the longest took `longestCall` s. */
  seconds: number;
  requests: number;
  ok: boolean;
  calls?: number;
  longestCall?: number;
}

export interface AnalyticsBenchResult {
  events: number;
  /** Timer runs (and seconds) to roll up the year's days before the first overview. */
  rollup: { runs: number; seconds: number };
  orders: number;
  entries: number;
  users: number;
  distributors: number;
  /** The local cloud's delay per database request. */
  latencyMs: number;
  runs: AnalyticsBenchRow[];
}

const STATUSES = [
  'paid',
  'shipped',
  'completed',
  'completed',
  'completed',
  'refunded',
  'cancelled',
  'closed',
];

export function seed(cloud: LocalCloud, orderCount: number, distributors: number, shoppers: number) {
  cloud.engine.insert('settings', [{ _id: 'global', admins: [ADMIN] }]);
  const users = [];
  for (let d = 0; d < distributors; d++) {
    const joinedAt = new Date(START + ((d * 7919) % 366) * DAY);
    users.push({
      _id: `d${d}`,
      nickname: `分销员${d}`,
      avatarUrl: '',
      ...(d > 0 ? { inviterId: `d${Math.floor(d / 10)}`, boundAt: joinedAt } : {}),
      createdAt: joinedAt,
      firstSeenAt: joinedAt,
      updatedAt: joinedAt,
      paidSpendFen: 0,
      inviteeCount: 0,
      distributor: { status: d % 50 === 7 ? 'frozen' : 'active', code: `D${d}`, joinedAt },
    });
  }
  for (let s = 0; s < shoppers; s++) {
    const createdAt = new Date(START + ((s * 104_729) % (366 * 24)) * 3_600_000);
    users.push({
      _id: `s${s}`,
      nickname: `顾客${s}`,
      avatarUrl: '',
      ...(s % 4 ? { inviterId: `d${s % distributors}`, boundAt: createdAt } : {}),
      createdAt,
      firstSeenAt: createdAt,
      updatedAt: createdAt,
      paidSpendFen: s % 3 ? 9990 : 0,
      inviteeCount: 0,
      distributor: { status: 'none' },
    });
  }
  cloud.engine.insert('users', users);

  const orders = [];
  const entries = [];
  for (let i = 0; i < orderCount; i++) {
    const createdAt = new Date(START + Math.floor((i / orderCount) * 366 * DAY) + (i % 997) * 1000);
    const status = STATUSES[i % STATUSES.length]!;
    const paid = status !== 'cancelled' && status !== 'closed';
    const goods = 1000 + (i % 50) * 199;
    const level1 = `d${i % distributors}`;
    const level2 = i % distributors > 0 ? `d${Math.floor((i % distributors) / 10)}` : undefined;
    const refunded = status === 'refunded' ? goods : 0;
    orders.push({
      _id: `O${i}`,
      buyerId: `s${i % shoppers}`,
      status,
      items: [{ productId: `p${i % 20}`, name: `商品${i % 20}`, price: goods, quantity: 1 }],
      goodsAmount: goods,
      shipping: 0,
      amount: goods,
      referrer: {
        level1: { userId: level1, rate: 1000 },
        ...(level2 ? { level2: { userId: level2, rate: 500 } } : {}),
      },
      outTradeNo: `O${i}`,
      refundedAmount: refunded,
      refundCount: refunded ? 1 : 0,
      address: {
        userName: '王五',
        telNumber: '13700000000',
        provinceName: '北京市',
        cityName: '北京市',
        countyName: '朝阳区',
        detailInfo: '1 号',
      },
      remark: '',
      createdAt,
      updatedAt: createdAt,
      ...(paid ? { paidAt: new Date(createdAt.getTime() + 60_000) } : {}),
    });
    if (!paid) continue;
    const entryStatus = refunded ? 'reversed' : status === 'completed' && i % 2 ? 'settled' : 'pending';
    for (const [level, userId, rate] of [
      [1, level1, 1000],
      [2, level2, 500],
    ] as const) {
      if (!userId) continue;
      const amount = Math.floor((goods * rate) / 10_000);
      entries.push({
        _id: `O${i}:L${level}`,
        orderId: `O${i}`,
        level,
        beneficiaryId: userId,
        buyerId: `s${i % shoppers}`,
        base: goods,
        rate,
        amount,
        reversedAmount: refunded ? amount : 0,
        refundedBase: refunded ? goods : 0,
        status: entryStatus,
        maturesAt: null,
        settleBatch: null,
        onHold: false,
        createdAt: new Date(createdAt.getTime() + 60_000),
        updatedAt: createdAt,
      });
    }
  }
  cloud.engine.insert('orders', orders);
  cloud.engine.insert('commissions', entries);
  // The ledger rows the money flow writes with them: earned, and reversed for refunded orders.
  const rows = entries.flatMap((e) => {
    const facts = {
      userId: e.beneficiaryId,
      orderId: e.orderId,
      buyerId: e.buyerId,
      level: e.level,
      entryId: e._id,
    };
    const earned = {
      _id: `${e._id}:earned`,
      kind: 'earned',
      amount: e.amount,
      delta: { pending: e.amount, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 },
      at: e.createdAt,
      base: e.base,
      ...facts,
    };
    if (!e.reversedAmount) return [earned];
    return [
      earned,
      {
        _id: `${e._id}:R:reversed`,
        kind: 'reversed',
        amount: e.reversedAmount,
        delta: { pending: -e.reversedAmount, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 },
        at: new Date(e.createdAt.getTime() + DAY),
        base: e.base,
        ...facts,
      },
    ];
  });
  cloud.engine.insert('ledger', rows);
  return { orders: orders.length, entries: entries.length, users: users.length };
}

/**
 * A year of user behaviour as join.track and join.enter leave it: the daily counters of about
 * `events` events (page and product views, carts, shares, scans) over 20 products and the distributors
 * who shared that day.
 */
function seedBehaviour(cloud: LocalCloud, events: number, distributors: number): number {
  const docs = [];
  const perDay = Math.floor(events / 366);
  let total = 0;
  for (let day = 0; day < 366; day++) {
    const date = new Date(START + day * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
    const views = Math.floor(perDay * 0.5);
    const productViews = Math.floor(perDay * 0.3);
    const carts = Math.floor(perDay * 0.1);
    const shares = perDay - views - productViews - carts;
    total += perDay;
    docs.push({
      _id: date,
      kind: 'day',
      day: date,
      visitors: Math.floor(perDay / 8),
      pageViews: views,
      productViews,
      carts,
      shares,
      posters: 0,
      posterSaves: 0,
      scans: 0,
      links: 0,
    });
    for (let p = 0; p < 20; p++)
      docs.push({
        _id: `${date}:p:p${p}`,
        kind: 'product',
        day: date,
        productId: `p${p}`,
        views: Math.floor(productViews / 20),
        carts: Math.floor(carts / 20),
        shares: 0,
      });
    // A tenth of the distributors share on a given day.
    for (let d = day % 10; d < distributors; d += 10)
      docs.push({
        _id: `${date}:d:d${d}`,
        kind: 'distributor',
        day: date,
        userId: `d${d}`,
        shares: 1,
        posters: 0,
        posterSaves: 0,
        scans: 1,
        links: 0,
        visitors: 1,
      });
  }
  cloud.engine.insert('behaviourDays', docs);
  return total;
}

async function timed(
  cloud: LocalCloud,
  action: string,
  event: Record<string, unknown>,
  label = action,
): Promise<AnalyticsBenchRow> {
  cloud.metrics.reset();
  const started = Date.now();
  const outcome = await cloud.invoke('admin', { action, ...event }, ADMIN);
  const seconds = (Date.now() - started) / 1000;
  const envelope = (outcome.ok ? outcome.result : null) as { ok?: boolean; error?: unknown } | null;
  if (!envelope?.ok)
    console.error(`${action} failed: ${outcome.ok ? JSON.stringify(envelope?.error) : outcome.errMsg}`);
  const requests = cloud.metrics.snapshot().functions.admin?.dbRequests ?? 0;
  return { action: label, seconds, requests, ok: envelope?.ok === true };
}

/** An export as the page drives it: `export`, then `export.status` until the file is joined. */
async function timedExport(cloud: LocalCloud, rows: number): Promise<AnalyticsBenchRow> {
  const label = `export orders (${rows.toLocaleString('en')} rows)`;
  let event: Record<string, unknown> = { action: 'export', ...YEAR, kind: 'orders' };
  let requests = 0;
  let seconds = 0;
  let longestCall = 0;
  for (let calls = 1; calls <= 100; calls++) {
    cloud.metrics.reset();
    const started = Date.now();
    const outcome = await cloud.invoke('admin', event, ADMIN);
    const took = (Date.now() - started) / 1000;
    seconds += took;
    longestCall = Math.max(longestCall, took);
    requests += cloud.metrics.snapshot().functions.admin?.dbRequests ?? 0;
    const envelope = (outcome.ok ? outcome.result : null) as {
      ok?: boolean;
      data?: { exportId: string; status: string; rows: number; total: number };
      error?: unknown;
    } | null;
    if (!envelope?.ok || envelope.data?.status === 'failed') {
      console.error(`export failed: ${outcome.ok ? JSON.stringify(envelope) : outcome.errMsg}`);
      return { action: label, seconds, requests, ok: false, calls, longestCall };
    }
    if (envelope.data!.status === 'done')
      // Every row the range held when the export began (a few seeded orders fall outside the Beijing year).
      return {
        action: label,
        seconds,
        requests,
        ok: envelope.data!.rows === envelope.data!.total,
        calls,
        longestCall,
      };
    event = { action: 'export.status', exportId: envelope.data!.exportId };
  }
  return { action: label, seconds, requests, ok: false, calls: 100, longestCall };
}

/**
 * `scope` 'all': every analytics action and the export; 'large': the overview and the export only, the
 * two whose cost must not grow with the shop (run over 200,000 orders).
 */
export async function runAnalyticsBench(
  orderCount = 50_000,
  latencyMs = 0,
  scope: 'all' | 'large' = 'all',
): Promise<AnalyticsBenchResult> {
  return withCloud(latencyMs, async (cloud) => {
    const distributors = 2_000;
    const counts = seed(cloud, orderCount, distributors, 18_000);
    const events = seedBehaviour(cloud, 1_000_000, distributors);
    // The settle timer rolls up the year's days (31 per run, newest first) before the figures are read.
    const rollupStarted = Date.now();
    let runs = 0;
    for (;;) {
      const outcome = await cloud.invoke('settle', { Type: 'Timer' });
      runs++;
      const report = (outcome.ok ? outcome.result : null) as { data?: { rolledUp?: number } } | null;
      if (!report?.data?.rolledUp || runs > 30) break;
    }
    const rollup = { runs, seconds: (Date.now() - rollupStarted) / 1000 };
    // A first call warms the function instance, so the figures below are the work, not the cold start.
    await timed(cloud, 'stats.funnel', { from: '2024-01-01', to: '2024-01-01' });
    const runsOf =
      scope === 'large'
        ? [await timed(cloud, 'stats.overview', YEAR), await timedExport(cloud, counts.orders)]
        : [
            await timed(cloud, 'stats.overview', YEAR),
            await timed(cloud, 'stats.daily', YEAR),
            await timed(cloud, 'stats.commissionByLevel', YEAR),
            await timed(
              cloud,
              'stats.topDistributors',
              { ...YEAR, by: 'commission' },
              'stats.topDistributors commission',
            ),
            await timed(
              cloud,
              'stats.topDistributors',
              { ...YEAR, by: 'recruits' },
              'stats.topDistributors recruits',
            ),
            await timed(cloud, 'stats.funnel', YEAR),
            await timed(cloud, 'stats.distributor', { ...YEAR, userId: 'd1' }),
            await timed(cloud, 'stats.behaviour', YEAR),
            await timed(cloud, 'stats.products', { ...YEAR, by: 'sales' }),
            await timed(cloud, 'stats.conversion', YEAR),
            await timed(cloud, 'stats.buyers', YEAR),
            await timedExport(cloud, counts.orders),
          ];
    return { ...counts, events, rollup, distributors, latencyMs, runs: runsOf };
  });
}

export function printAnalyticsBench(r: AnalyticsBenchResult): void {
  console.log(
    `analytics over a year at ${r.latencyMs} ms a database request: ${r.orders.toLocaleString('en')} orders, ${r.entries.toLocaleString('en')} commission entries, ${r.users.toLocaleString('en')} users, ${r.events.toLocaleString('en')} behaviour events`,
  );
  console.log(`  rolling up the year's days: ${r.rollup.runs} timer runs, ${r.rollup.seconds.toFixed(1)} s`);
  for (const run of r.runs) {
    const longest = run.longestCall ?? run.seconds;
    const verdict = !run.ok
      ? 'FAILED'
      : longest < TIMEOUT_S
        ? run.calls
          ? `${run.calls} calls, the longest ${longest.toFixed(2)} s: each within the ${TIMEOUT_S} s timeout`
          : `within the ${TIMEOUT_S} s timeout`
        : 'OVER THE TIMEOUT';
    const overviewTarget =
      run.action === 'stats.overview'
        ? ` (target ≤ 5 requests and < 1 s${run.requests <= 5 && run.seconds < 1 ? '' : ' — MISSED'})`
        : '';
    console.log(
      `  ${run.action.padEnd(34)} ${run.seconds.toFixed(2).padStart(6)} s  ${String(run.requests).padStart(3)} requests  ${verdict}${overviewTarget}`,
    );
  }
}

if (require.main === module) {
  runAnalyticsBench(
    Number(process.env.BENCH_ORDERS ?? 50_000),
    Number(process.env.BENCH_LATENCY ?? 0),
    process.env.BENCH_SCOPE === 'large' ? 'large' : 'all',
  )
    .then(printAnalyticsBench)
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
