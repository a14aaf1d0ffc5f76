// Money-flow benchmark at a given database/API latency (LOCALCLOUD_DB_LATENCY_MS's model): database
// requests per order.create and per payment notification (with 0 and with 10,000 earlier orders); settle
// over 20,000 matured entries across 500 distributors (beside a naive per-entry settlement, at 0 ms); a hot
// distributor (200 payments for their shoppers at once: how many are credited at their first delivery,
// and whether the books still reconcile); and a shopper journey (N shoppers at once: enter → browse →
// create → pay → notification, p50/p95 per step and orders per second). Requests are counted by the local
// cloud's metrics.
import { ADMIN, LocalCloud, withCloud } from './cloud';
import { sdkFor } from '../../test/support/sdk';

const DAY = 86_400_000;
const address = {
  userName: '王五',
  telNumber: '13700000000',
  provinceName: '北京市',
  cityName: '北京市',
  countyName: '朝阳区',
  detailInfo: '1 号',
};

export interface StepFigures {
  p50Ms: number;
  p95Ms: number;
}

export interface MoneyBenchResult {
  latencyMs: number;
  orderCreateRequests: number;
  notifyRequestsFresh: number;
  notifyRequestsAfter10k: number;
  settle: {
    entries: number;
    distributors: number;
    requests: number;
    /** Requests beyond the round constants, per distributor. */
    perDistributor: number;
    seconds: number;
    timedOut: boolean;
  };
  naive?: { entries: number; requests: number; seconds: number };
  hot: { payments: number; firstDelivery: number; seconds: number; reconciled: boolean };
  journey: { shoppers: number; steps: Record<string, StepFigures>; ordersPerSecond: number; failed: number };
}

function seedShop(cloud: LocalCloud, withAccounts = true): void {
  const now = cloud.clock.date();
  cloud.engine.insert('settings', [
    { _id: 'global', admins: [ADMIN], payment: { provider: 'cloudPay', subMchId: '1900000109' } },
  ]);
  const person = (id: string, inviterId: string | null, active: boolean) => ({
    _id: id,
    nickname: id,
    avatarUrl: '',
    ...(inviterId ? { inviterId, boundAt: now } : {}),
    createdAt: now,
    firstSeenAt: now,
    updatedAt: now,
    paidSpendFen: 0,
    inviteeCount: 0,
    distributor: active ? { status: 'active', code: `B${id}`, joinedAt: now } : { status: 'none' },
  });
  cloud.engine.insert('users', [person('A', null, true), person('B', 'A', true), person('C', 'B', false)]);
  if (!withAccounts) return;
  // Activation opens a distributor's account (core/data/accounts.ts); seeded distributors get theirs here.
  const account = (id: string) => ({
    _id: id,
    available: 0,
    withdrawing: 0,
    withdrawn: 0,
    debt: 0,
    rev: 0,
    settleSeq: 0,
  });
  cloud.engine.insert('accounts', [account('A'), account('B')]);
  cloud.engine.insert('products', [
    { _id: 'p', name: '商品', price: 9990, stock: 1_000_000, category: 'x', images: [], status: 'on' },
  ]);
}

const dbRequests = (cloud: LocalCloud, fn: string) => cloud.metrics.snapshot().functions[fn]?.dbRequests ?? 0;

async function orderAndNotify(cloud: LocalCloud): Promise<{ create: number; notify: number }> {
  cloud.metrics.reset();
  const created = await cloud.invoke(
    'order',
    { action: 'create', items: [{ productId: 'p', quantity: 1 }], address },
    'C',
  );
  const order = ((created.ok ? created.result : {}) as { data?: { order?: { _id: string } } }).data?.order;
  if (!order) throw new Error(`order.create failed: ${JSON.stringify(created)}`);
  const create = dbRequests(cloud, 'order');
  await cloud.invoke('order', { action: 'pay', orderId: order._id }, 'C');
  cloud.metrics.reset();
  await cloud.pay.pay(order._id, 'SUCCESS');
  return { create, notify: dbRequests(cloud, 'payNotify') };
}

function seedEarlierOrders(cloud: LocalCloud, count: number): void {
  const now = cloud.clock.date();
  const rows = Array.from({ length: count }, (_, i) => ({
    _id: `OLD${String(i).padStart(8, '0')}`,
    buyerId: 'C',
    status: 'completed',
    items: [{ productId: 'p', name: '商品', price: 9990, quantity: 1 }],
    goodsAmount: 9990,
    shipping: 0,
    amount: 9990,
    referrer: { rule: 'none', capBp: 3000 },
    outTradeNo: `OLD${String(i).padStart(8, '0')}`,
    refundedAmount: 0,
    refundCount: 0,
    createdAt: now,
    updatedAt: now,
  }));
  cloud.engine.insert('orders', rows);
}

/** 20,000 matured pending entries over 500 distributors, with their `earned` rows and accounts. */
function seedMatured(cloud: LocalCloud, distributors: number, perDistributor: number): void {
  const past = new Date(cloud.clock.now() - DAY);
  const entries = [];
  const rows = [];
  const accounts = [];
  for (let d = 0; d < distributors; d++) {
    const userId = `dist${d}`;
    for (let e = 0; e < perDistributor; e++) {
      const orderId = `O${d}x${e}`;
      const entryId = `${orderId}:L1`;
      entries.push({
        _id: entryId,
        orderId,
        level: 1,
        beneficiaryId: userId,
        buyerId: 'C',
        base: 10_000,
        rate: 1000,
        amount: 1000,
        reversedAmount: 0,
        status: 'pending',
        maturesAt: past,
        settleBatch: null,
        onHold: false,
        createdAt: past,
        updatedAt: past,
      });
      rows.push({
        _id: `${entryId}:earned`,
        kind: 'earned',
        amount: 1000,
        delta: { pending: 1000, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 },
        userId,
        at: past,
        orderId,
        buyerId: 'C',
        level: 1,
        entryId,
        base: 10_000,
      });
    }
    accounts.push({ _id: userId, available: 0, withdrawing: 0, withdrawn: 0, debt: 0, rev: 1, settleSeq: 0 });
  }
  cloud.engine.insert('commissions', entries);
  cloud.engine.insert('ledger', rows);
  cloud.engine.insert('accounts', accounts);
}

/** What a per-entry settlement costs: one transaction per entry (read entry and account, write both). */
async function naiveSettle(cloud: LocalCloud): Promise<number> {
  const db = sdkFor(cloud.url);
  const _ = db.command;
  const entries = cloud.engine.find('commissions', { query: { status: 'pending' }, limit: 1000 }) as {
    _id: string;
  }[];
  let requests = 0;
  for (const { _id } of entries) {
    await db.runTransaction(async (tx: any) => {
      const { data: entry } = await tx.collection('commissions').doc(_id).get();
      const { data: account } = await tx.collection('accounts').doc(entry.beneficiaryId).get();
      await tx
        .collection('commissions')
        .doc(_id)
        .update({ data: { status: 'settled' } });
      await tx
        .collection('accounts')
        .doc(entry.beneficiaryId)
        .update({
          data: { pending: _.inc(-entry.amount), available: account.available + entry.amount },
        });
    });
    requests += 6; // start, 2 gets, 2 updates, commit
  }
  return requests;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0);
};

async function invokeOk(cloud: LocalCloud, fn: string, event: Record<string, unknown>, openid?: string) {
  const outcome = await cloud.invoke(fn, event, openid);
  const answer = (outcome.ok ? outcome.result : undefined) as { ok?: boolean; data?: any; error?: unknown };
  if (!answer?.ok)
    throw new Error(`${fn}.${String(event.action)}: ${JSON.stringify(outcome.ok ? answer : outcome)}`);
  return answer.data;
}

/** `count` shoppers of distributor B, each with an unpaid order sent to WeChat Pay. */
async function shoppersWithOrders(cloud: LocalCloud, count: number): Promise<string[]> {
  const now = cloud.clock.date();
  cloud.engine.insert(
    'users',
    Array.from({ length: count }, (_, i) => ({
      _id: `hot${i}`,
      nickname: `hot${i}`,
      avatarUrl: '',
      inviterId: 'B',
      boundAt: now,
      createdAt: now,
      firstSeenAt: now,
      updatedAt: now,
      paidSpendFen: 0,
      inviteeCount: 0,
      distributor: { status: 'none' },
    })),
  );
  const orders: string[] = [];
  for (let i = 0; i < count; i++) {
    const { order } = await invokeOk(
      cloud,
      'order',
      { action: 'create', items: [{ productId: 'p', quantity: 1 }], address },
      `hot${i}`,
    );
    await invokeOk(cloud, 'order', { action: 'pay', orderId: order._id }, `hot${i}`);
    orders.push(order._id);
  }
  return orders;
}

/** 200 payments for one distributor's shoppers arriving together. */
async function hotDistributor(cloud: LocalCloud, payments: number) {
  const orders = await shoppersWithOrders(cloud, payments);
  const started = Date.now();
  await Promise.all(orders.map((id) => cloud.pay.pay(id, 'SUCCESS')));
  const seconds = (Date.now() - started) / 1000;
  await cloud.pay.idle();
  const firstDelivery = orders.filter((id) => {
    const notify = cloud.pay.order(id)?.notify as { attempts?: number; delivered?: boolean } | undefined;
    return notify?.delivered && notify.attempts === 1;
  }).length;
  const report = await invokeOk(cloud, 'admin', { action: 'reconcile' }, ADMIN);
  return {
    payments,
    firstDelivery,
    seconds,
    reconciled: report.mismatches.length === 0 && report.entryMismatches.length === 0,
  };
}

/** `shoppers` at once, each: enter by B's code → browse → create → pay → WeChat Pay's notification. */
async function shopperJourney(cloud: LocalCloud, shoppers: number) {
  const steps: Record<string, number[]> = { enter: [], browse: [], create: [], pay: [], notification: [] };
  const timed = async <T>(step: string, work: () => Promise<T>) => {
    const started = Date.now();
    const result = await work();
    steps[step]!.push(Date.now() - started);
    return result;
  };
  let failed = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: shoppers }, async (_, i) => {
      const me = `walk${i}`;
      try {
        await timed('enter', () => invokeOk(cloud, 'join', { action: 'enter', scene: 'i=BENCH2' }, me));
        await timed('browse', () => invokeOk(cloud, 'order', { action: 'catalog' }, me));
        const { order } = await timed('create', () =>
          invokeOk(
            cloud,
            'order',
            { action: 'create', items: [{ productId: 'p', quantity: 1 }], address },
            me,
          ),
        );
        await timed('pay', () => invokeOk(cloud, 'order', { action: 'pay', orderId: order._id }, me));
        await timed('notification', () => cloud.pay.pay(order._id, 'SUCCESS'));
      } catch {
        failed++;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await cloud.pay.idle();
  const paid = cloud.engine.count('orders', { status: 'paid', buyerId: { $regex: '^walk' } });
  return {
    shoppers,
    failed,
    ordersPerSecond: Math.round((paid / seconds) * 10) / 10,
    steps: Object.fromEntries(
      Object.entries(steps).map(([step, ms]) => [
        step,
        { p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95) },
      ]),
    ),
  };
}

export async function runMoneyBench(latencyMs = 0): Promise<MoneyBenchResult> {
  const flow = await withCloud(latencyMs, async (cloud) => {
    seedShop(cloud);
    const fresh = await orderAndNotify(cloud);
    seedEarlierOrders(cloud, 10_000);
    const after = await orderAndNotify(cloud);
    return {
      orderCreateRequests: fresh.create,
      notifyRequestsFresh: fresh.notify,
      notifyRequestsAfter10k: after.notify,
    };
  });
  const settle = await withCloud(latencyMs, async (cloud) => {
    seedShop(cloud);
    seedMatured(cloud, 500, 40);
    cloud.metrics.reset();
    const started = Date.now();
    const outcome = await cloud.invoke('settle', { Type: 'Timer' });
    const seconds = (Date.now() - started) / 1000;
    const settled = cloud.engine.count('commissions', { status: 'settled' });
    const requests = dbRequests(cloud, 'settle');
    return {
      entries: settled,
      distributors: 500,
      requests,
      perDistributor: Math.round((requests / 500) * 10) / 10,
      seconds,
      timedOut: !outcome.ok,
    };
  });
  const naive =
    latencyMs === 0
      ? await withCloud(0, async (cloud) => {
          seedShop(cloud);
          seedMatured(cloud, 25, 40); // 1,000 entries measured; requests grow linearly with entries
          const started = Date.now();
          const requests = await naiveSettle(cloud);
          const seconds = (Date.now() - started) / 1000;
          return { entries: 1000, requests, seconds };
        })
      : undefined;
  const hot = await withCloud(latencyMs, async (cloud) => {
    seedShop(cloud);
    return hotDistributor(cloud, 200);
  });
  const journey = await withCloud(latencyMs, async (cloud) => {
    seedShop(cloud);
    cloud.engine.insert('invites', [{ _id: 'BENCH2', userId: 'B', createdAt: cloud.clock.date() }]);
    return shopperJourney(cloud, 50);
  });
  return { latencyMs, ...flow, settle, ...(naive ? { naive } : {}), hot, journey };
}

/** A figure beside its target, with a mark when it is missed. */
export const against = (ok: boolean, target: string) =>
  ok ? `(target ${target})` : `(target ${target} — MISSED)`;

export function printMoneyBench(r: MoneyBenchResult): void {
  console.log(`money flow at ${r.latencyMs} ms per request (database requests counted by the local cloud)`);
  console.log(
    `  order.create                         ${r.orderCreateRequests} requests ${against(r.orderCreateRequests <= 8, '≤ 8')}`,
  );
  console.log(
    `  payment notification, fresh          ${r.notifyRequestsFresh} requests ${against(r.notifyRequestsFresh <= 10, '≤ 10')}`,
  );
  console.log(
    `  payment notification, 10,000 orders  ${r.notifyRequestsAfter10k} requests ${against(r.notifyRequestsAfter10k <= 10, '≤ 10')}`,
  );
  const s = r.settle;
  console.log(
    `  settle ${s.entries} entries / ${s.distributors} distributors: ${s.requests} requests (${s.perDistributor} per distributor) in ${s.seconds.toFixed(1)} s${s.timedOut ? ' (TIMED OUT)' : ''} ${against(!s.timedOut && s.entries === 20_000 && s.seconds < 60, 'all in one 60 s run')}`,
  );
  if (r.naive) {
    const naivePer20k = (r.naive.requests / r.naive.entries) * s.entries;
    console.log(
      `  naive per-entry settle: ${r.naive.requests} requests for ${r.naive.entries} entries → ${naivePer20k} for ${s.entries} (${(naivePer20k / Math.max(1, s.requests)).toFixed(1)}× more) ${against(naivePer20k / Math.max(1, s.requests) >= 20, '≥ 20×')}`,
    );
  }
  const h = r.hot;
  console.log(
    `  hot distributor: ${h.firstDelivery} of ${h.payments} payments credited at their first delivery in ${h.seconds.toFixed(1)} s, books ${h.reconciled ? 'reconcile' : 'DO NOT reconcile'} ${against(h.firstDelivery === h.payments && h.reconciled, 'all, reconciled')}`,
  );
  const j = r.journey;
  console.log(
    `  shopper journey, ${j.shoppers} shoppers at once: ${j.ordersPerSecond} orders/s, ${j.failed} failed ${against(j.failed === 0, 'none failed')}`,
  );
  for (const [step, f] of Object.entries(j.steps))
    console.log(
      `    ${step.padEnd(13)} p50 ${String(f.p50Ms).padStart(5)} ms   p95 ${String(f.p95Ms).padStart(5)} ms`,
    );
}

if (require.main === module) {
  const latencies = (process.env.BENCH_LATENCIES ?? '0,20').split(',').map(Number);
  (async () => {
    for (const latency of latencies) printMoneyBench(await runMoneyBench(latency));
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
