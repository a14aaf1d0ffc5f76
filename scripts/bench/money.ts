// Money-flow benchmark: database requests per order.create and per payment notification (with 0
// and with 10,000 earlier orders), and settle over 20,000 matured entries across 500 distributors,
// beside a naive per-entry settlement, all counted by the local cloud's metrics.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scriptPort, ShopCloud as LocalCloud, startShopCloud } from '../start/shop-cloud';
import { sdkFor } from '../../test/support/sdk';

const DAY = 86_400_000;
const ADMIN = 'bench-admin';
const address = {
  userName: '王五',
  telNumber: '13700000000',
  provinceName: '北京市',
  cityName: '北京市',
  countyName: '朝阳区',
  detailInfo: '1 号',
};

export interface MoneyBenchResult {
  orderCreateRequests: number;
  notifyRequestsFresh: number;
  notifyRequestsAfter10k: number;
  settle: { entries: number; distributors: number; requests: number; seconds: number; timedOut: boolean };
  naive: { entries: number; requests: number; seconds: number };
}

async function withCloud<T>(work: (cloud: LocalCloud) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-money-'));
  const cloud = await startShopCloud({ port: scriptPort(), dataDir, adminOpenid: ADMIN, quiet: true });
  try {
    return await work(cloud);
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
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
    pending: 0,
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

/** 20,000 matured pending entries over 500 distributors, with the accounts that hold them. */
function seedMatured(cloud: LocalCloud, distributors: number, perDistributor: number): void {
  const past = new Date(cloud.clock.now() - DAY);
  const entries = [];
  const accounts = [];
  for (let d = 0; d < distributors; d++) {
    const userId = `dist${d}`;
    for (let e = 0; e < perDistributor; e++) {
      const orderId = `O${d}x${e}`;
      entries.push({
        _id: `${orderId}:L1`,
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
    }
    accounts.push({
      _id: userId,
      pending: perDistributor * 1000,
      available: 0,
      withdrawing: 0,
      withdrawn: 0,
      debt: 0,
      rev: 1,
      settleSeq: 0,
    });
  }
  cloud.engine.insert('commissions', entries);
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

export async function runMoneyBench(): Promise<MoneyBenchResult> {
  const flow = await withCloud(async (cloud) => {
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
  const settle = await withCloud(async (cloud) => {
    seedShop(cloud);
    seedMatured(cloud, 500, 40);
    cloud.metrics.reset();
    const started = Date.now();
    const outcome = await cloud.invoke('settle', { Type: 'Timer' });
    const seconds = (Date.now() - started) / 1000;
    const settled = cloud.engine.count('commissions', { status: 'settled' });
    return {
      entries: settled,
      distributors: 500,
      requests: dbRequests(cloud, 'settle'),
      seconds,
      timedOut: !outcome.ok,
    };
  });
  const naive = await withCloud(async (cloud) => {
    seedShop(cloud);
    seedMatured(cloud, 25, 40); // 1,000 entries measured; requests grow linearly with entries
    const started = Date.now();
    const requests = await naiveSettle(cloud);
    const seconds = (Date.now() - started) / 1000;
    return { entries: 1000, requests, seconds };
  });
  return { ...flow, settle, naive };
}

export function printMoneyBench(r: MoneyBenchResult): void {
  const naivePer20k = (r.naive.requests / r.naive.entries) * r.settle.entries;
  console.log('money flow (database requests counted by the local cloud)');
  console.log(`  order.create                         ${r.orderCreateRequests} requests (target ≤ 8)`);
  console.log(`  payment notification, fresh          ${r.notifyRequestsFresh} requests (target ≤ 10)`);
  console.log(`  payment notification, 10,000 orders  ${r.notifyRequestsAfter10k} requests`);
  console.log(
    `  settle ${r.settle.entries} entries / ${r.settle.distributors} distributors: ${r.settle.requests} requests in ${r.settle.seconds.toFixed(1)} s${r.settle.timedOut ? ' (TIMED OUT)' : ''}`,
  );
  console.log(
    `  naive per-entry settle: ${r.naive.requests} requests for ${r.naive.entries} entries in ${r.naive.seconds.toFixed(1)} s → ${naivePer20k} for ${r.settle.entries} (${(naivePer20k / Math.max(1, r.settle.requests)).toFixed(1)}× more; target ≥ 20×)`,
  );
}

if (require.main === module) {
  runMoneyBench()
    .then(printMoneyBench)
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
