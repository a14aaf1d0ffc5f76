// Analytics end to end through the local cloud and the real wx-server-sdk: a scripted run of orders,
// payments, refunds and a settlement around Beijing midnight, whose totals the test works out on its own
// and every stats.* action must answer exactly; and every stats/export action refuses non-admins and bad input.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ShopCloud, startShopCloud } from '../../scripts/start/shop-cloud';
import { confirmInWeChat } from '../support/cloud';

const MINUTE = 60_000;
const DAY = 86_400_000;
const ADMIN = 'merchant';
const SHIPPING = 800;
let cloud: ShopCloud;
let dataDir: string;

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

async function call(
  action: string,
  data: Record<string, unknown>,
  openid: string,
  fn = 'admin',
): Promise<Envelope> {
  const outcome = await cloud.invoke(fn, { action, ...data }, openid);
  if (!outcome.ok) throw new Error(`${fn}.${action} crashed: ${outcome.errMsg}`);
  return outcome.result as Envelope;
}

async function ok(action: string, data: Record<string, unknown>, openid = ADMIN, fn = 'admin'): Promise<any> {
  const answer = await call(action, data, openid, fn);
  if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

const docs = (collection: string, query: Record<string, unknown> = {}) =>
  cloud.engine.find(collection, { query, limit: 1000 }) as Record<string, any>[];

/** The Beijing date of an instant, by the platform's time-zone database (not the code under test's arithmetic). */
const beijingDate = (at: Date | number) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));

const address = {
  userName: '李四',
  telNumber: '13900000000',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '文三路 2 号',
};

/** What the script did to each paid order: the test's own books. */
interface Sold {
  id: string;
  date: string;
  goods: number;
  /** Money returned (goods first, then shipping). */
  refunded: number;
}
const sold: Sold[] = [];
let T0 = 0; // the first 23:30 Beijing time after the test starts
let D0 = '';
let D1 = '';

function person(
  id: string,
  fields: { inviterId?: string; boundAt?: number; createdAt: number; joinedAt?: number; status?: string },
) {
  const created = new Date(fields.createdAt);
  const status = fields.status ?? (fields.joinedAt ? 'active' : 'none');
  return {
    _id: id,
    nickname: `昵称${id}`,
    avatarUrl: '',
    ...(fields.inviterId
      ? { inviterId: fields.inviterId, boundAt: new Date(fields.boundAt!), bindSource: 'poster' }
      : {}),
    createdAt: created,
    firstSeenAt: created,
    updatedAt: created,
    paidSpendFen: 0,
    inviteeCount: 0,
    distributor: fields.joinedAt
      ? { status, code: `C${id}`, joinedAt: new Date(fields.joinedAt) }
      : { status: 'none' },
  };
}

async function buyAndPay(buyer: string, productId: string, quantity: number): Promise<any> {
  const { order } = await ok('create', { items: [{ productId, quantity }], address }, buyer, 'order');
  await ok('pay', { orderId: order._id }, buyer, 'order');
  await cloud.pay.pay(order.outTradeNo, 'SUCCESS');
  const paid = cloud.engine.getById('orders', order._id) as any;
  expect(paid.status).toBe('paid');
  sold.push({ id: order._id, date: beijingDate(paid.paidAt), goods: order.goodsAmount, refunded: 0 });
  return order;
}

async function refund(buyer: string, orderId: string, amount?: number) {
  const { refund: asked } = await ok(
    'refund',
    { orderId, ...(amount ? { amount } : {}), reason: '不想要了' },
    buyer,
    'order',
  );
  await ok('refunds.review', { refundId: asked._id, approve: true });
  await cloud.pay.idle();
  const order = cloud.engine.getById('orders', orderId) as any;
  sold.find((s) => s.id === orderId)!.refunded = order.refundedAmount;
  return order;
}

async function settleNow() {
  const outcome = await cloud.invoke('settle', { Type: 'Timer', TriggerName: 'settleEvery10Minutes' });
  if (!outcome.ok) throw new Error(outcome.errMsg);
}

/** The test's own totals of the script over a set of Beijing dates. */
function expected(dates: string[]) {
  const mine = sold.filter((s) => dates.includes(s.date));
  const goodsRefunded = (s: Sold) => Math.min(s.goods, s.refunded);
  const sales = mine.reduce((sum, s) => sum + s.goods - goodsRefunded(s), 0);
  return {
    orders: mine.length,
    sales,
    grossSales: mine.reduce((sum, s) => sum + s.goods, 0),
    refunds: mine.reduce((sum, s) => sum + s.refunded, 0),
    averageOrder: mine.length ? Math.floor(sales / mine.length) : 0,
    // This script uses no coupons (test/scenarios/catalog-coupons.test.ts counts them).
    couponDiscount: 0,
    couponOrders: 0,
  };
}

/** Commission totals summed in JS over the stored ledger rows dated (Beijing) on those dates. */
function ledger(dates: string[], level?: 1 | 2) {
  const rows = docs('ledger').filter(
    (r) => dates.includes(beijingDate(r.at)) && (level === undefined || r.level === level),
  );
  const sum = (kind: string) => rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.amount, 0);
  return {
    entries: rows.filter((r) => r.kind === 'earned').length,
    gross: sum('earned'),
    reversed: sum('reversed'),
    settled: sum('settled'),
    net: sum('earned') - sum('reversed'),
  };
}

/** What every distributor holds pending now, from the rows. */
const pendingNow = () => docs('ledger').reduce((s, r) => s + r.delta.pending, 0);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'admin-stats-'));
  cloud = await startShopCloud({ port: 0, dataDir, adminOpenid: ADMIN, quiet: true });
  // Move the virtual clock to the next 23:30 in Beijing, whatever the machine's time zone.
  const now = cloud.clock.now();
  const beijingDayStart = Math.floor((now + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
  T0 = beijingDayStart + 23.5 * 3_600_000;
  if (T0 <= now) T0 += DAY;
  cloud.clock.advance(T0 - now);
  D0 = beijingDate(T0);
  D1 = beijingDate(T0 + DAY);

  cloud.engine.insert('settings', [
    {
      _id: 'global',
      admins: [ADMIN],
      payment: { provider: 'cloudPay', subMchId: '1900000109' },
      shipping: { feeFen: SHIPPING, freeOverFen: 0 },
    },
  ]);
  const longAgo = T0 - 60 * DAY;
  cloud.engine.insert('users', [
    // A: an old distributor; B joined on D0 under A; G is frozen; F is recruited by A and joins on D1.
    person('A', { createdAt: longAgo, joinedAt: longAgo }),
    person('B', { createdAt: longAgo, inviterId: 'A', boundAt: longAgo, joinedAt: T0 - 60 * MINUTE }),
    person('G', { createdAt: longAgo, joinedAt: longAgo, status: 'frozen' }),
    person('F', {
      createdAt: T0 + 45 * MINUTE,
      inviterId: 'A',
      boundAt: T0 + 50 * MINUTE,
      joinedAt: T0 + 55 * MINUTE,
    }),
    // Shoppers: C bound to B on D0, D bound to A long ago, E unbound.
    person('C', { createdAt: T0 - 15 * MINUTE, inviterId: 'B', boundAt: T0 - 10 * MINUTE }),
    person('D', { createdAt: longAgo, inviterId: 'A', boundAt: T0 - 40 * DAY }),
    person('E', { createdAt: T0 - 5 * MINUTE }),
  ]);
  cloud.engine.insert('products', [
    {
      _id: 'p1',
      name: '茶叶礼盒',
      price: 10000,
      stock: 100,
      category: '茶',
      images: [],
      status: 'on',
      sort: 0,
    },
    { _id: 'p2', name: '茶杯', price: 2550, stock: 100, category: '器', images: [], status: 'on', sort: 0 },
  ]);

  // D0, 23:30 Beijing time: C buys through B (B earns level 1, A level 2); E buys with no referrer;
  // C leaves an order unpaid, which never counts.
  const o1 = await buyAndPay('C', 'p1', 1);
  await buyAndPay('E', 'p2', 2);
  await ok('create', { items: [{ productId: 'p2', quantity: 1 }], address }, 'C', 'order');

  // D1, 00:10: D buys through A (level 1 only) and later gets 5000 back; C buys and gets all of it back.
  cloud.clock.advance(40 * MINUTE);
  const o4 = await buyAndPay('D', 'p1', 2);
  const o5 = await buyAndPay('C', 'p2', 1);
  await refund('D', o4._id, 5000);
  expect((await refund('C', o5._id)).refundedAmount).toBe(2550 + SHIPPING);

  // o1 completes and its commission settles once the after-sale window closes.
  await ok('orders.ship', { orderId: o1._id, expressCompany: 'SF', trackingNo: 'SF100000001' });
  await confirmInWeChat(cloud.url, docs('orders', { _id: o1._id })[0], 'C');
  await ok('confirm', { orderId: o1._id }, 'C', 'order');
  cloud.clock.advance(8 * DAY);
  await settleNow();
  expect(docs('commissions', { orderId: o1._id }).map((e) => e.status)).toEqual(['settled', 'settled']);
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the script is what the test thinks it is: two sales on each side of Beijing midnight', () => {
  expect(sold.map((s) => s.date)).toEqual([D0, D0, D1, D1]);
  expect(beijingDate(T0)).toBe(D0);
  // 00:10 in Beijing is 16:10 UTC of the day before: a day key taken in UTC would file D1's sales under D0.
  expect(new Date(T0 + 40 * MINUTE).getUTCHours()).toBe(16);
});

test('stats.overview answers exactly the totals the test worked out', async () => {
  const overview = await ok('stats.overview', { from: D0, to: D1 });
  const both = expected([D0, D1]);
  expect(both).toEqual({
    orders: 4,
    sales: 30100,
    grossSales: 37650,
    refunds: 8350,
    averageOrder: 7525,
    couponDiscount: 0,
    couponOrders: 0,
  });
  const books = ledger([D0, D1]);
  expect(overview).toEqual({
    from: D0,
    to: D1,
    ...both,
    commission: {
      earned: books.gross,
      settled: books.settled,
      reversed: books.reversed,
      pending: pendingNow(),
    },
    distributors: { total: 4, active: 2, new: 2, frozen: 1 },
    daily: [
      { date: D0, sales: expected([D0]).sales, orders: 2 },
      { date: D1, sales: expected([D1]).sales, orders: 2 },
    ],
    topDistributors: [
      // A: o4 direct (20000 less the 5000 refunded); commission 1500 (o4) + 500 (o1, level 2) + 0 (o5, reversed).
      { userId: 'A', nickname: '昵称A', sales: 15000, commission: 2000, recruits: 1 },
      // B: o1 direct; o5 was refunded in full. Recruited C on D0.
      { userId: 'B', nickname: '昵称B', sales: 10000, commission: 1000, recruits: 1 },
    ],
  });
  // And by hand from the script: earned o1 1000 + 500, o4 2000, o5 255 + 127; reversed 500 (o4's 5000 of
  // 20000) + 255 + 127 (o5 in full); o1's settlement came 8 days later, outside the range; o4's 1500 pends.
  expect(overview.commission).toEqual({ earned: 3882, settled: 0, reversed: 882, pending: 1500 });
});

test('a payment at 23:30 Beijing time counts on that Beijing date, one at 00:10 on the next', async () => {
  const first = await ok('stats.overview', { from: D0, to: D0 });
  expect([first.orders, first.sales, first.daily]).toEqual([
    2,
    15100,
    [{ date: D0, sales: 15100, orders: 2 }],
  ]);
  const second = await ok('stats.overview', { from: D1, to: D1 });
  expect([second.orders, second.sales, second.refunds]).toEqual([2, 15000, 8350]);
  const before = await ok('stats.overview', { from: beijingDate(T0 - DAY), to: beijingDate(T0 - DAY) });
  expect([before.orders, before.sales, before.commission]).toEqual([
    0,
    0,
    { earned: 0, settled: 0, reversed: 0, pending: 1500 },
  ]);
});

test('stats.daily: every date of the range, with zero days and the average order', async () => {
  const from = beijingDate(T0 - DAY);
  const to = beijingDate(T0 + 2 * DAY);
  const answer = await ok('stats.daily', { from, to });
  expect(answer.items.map((d: any) => d.date)).toEqual([from, D0, D1, to]);
  const [, d0, d1, last] = answer.items;
  expect(d0).toEqual({ date: D0, ...expected([D0]) });
  expect(d1).toEqual({ date: D1, ...expected([D1]) });
  expect(last).toEqual({
    date: to,
    orders: 0,
    sales: 0,
    grossSales: 0,
    refunds: 0,
    averageOrder: 0,
    couponDiscount: 0,
    couponOrders: 0,
  });
  expect(answer.total).toEqual(expected([D0, D1]));
});

test('stats.commissionByLevel: earned, reversed and settled when each happened, by level', async () => {
  const answer = await ok('stats.commissionByLevel', { from: D0, to: D1 });
  expect(answer.level1).toEqual(ledger([D0, D1], 1));
  expect(answer.level2).toEqual(ledger([D0, D1], 2));
  expect(answer.total).toEqual(ledger([D0, D1]));
  expect(answer.level1).toEqual({ entries: 3, gross: 3255, reversed: 755, settled: 0, net: 2500 });
  for (const figures of [answer.level1, answer.level2, answer.total])
    expect(figures.net).toBe(figures.gross - figures.reversed);
  // The settlement is dated the day it ran: o1's 1000 (level 1) and 500 (level 2).
  const settledOn = beijingDate(T0 + 40 * MINUTE + 8 * DAY);
  const later = await ok('stats.commissionByLevel', { from: settledOn, to: settledOn });
  expect([later.level1.settled, later.level2.settled, later.total.gross]).toEqual([1000, 500, 0]);
  expect(later.total).toEqual(ledger([settledOn]));
});

test('stats.topDistributors ranks by sales, commission or recruits and pages', async () => {
  const bySales = await ok('stats.topDistributors', { from: D0, to: D1 });
  expect(bySales.items.map((r: any) => [r.rank, r.userId, r.sales, r.orders])).toEqual([
    [1, 'A', 15000, 1],
    [2, 'B', 10000, 2],
  ]);
  expect(bySales.next).toBeNull();
  // D0 alone: A sold nothing directly that day (only level 2 on o1), so only B ranks by sales.
  const d0 = await ok('stats.topDistributors', { from: D0, to: D0, by: 'sales' });
  expect(d0.items.map((r: any) => r.userId)).toEqual(['B']);
  const d0ByCommission = await ok('stats.topDistributors', { from: D0, to: D0, by: 'commission' });
  expect(d0ByCommission.items.map((r: any) => [r.userId, r.commission])).toEqual([
    ['B', 1000],
    ['A', 500],
  ]);
  // Recruits: A recruited F on D1 and B recruited C on D0; ties go by id.
  const page1 = await ok('stats.topDistributors', { from: D0, to: D1, by: 'recruits', limit: 1 });
  expect(page1.items.map((r: any) => [r.rank, r.userId, r.recruits, r.commission])).toEqual([
    [1, 'A', 1, 2000],
  ]);
  const page2 = await ok('stats.topDistributors', {
    from: D0,
    to: D1,
    by: 'recruits',
    limit: 1,
    cursor: page1.next,
  });
  expect(page2.items.map((r: any) => [r.rank, r.userId, r.recruits, r.sales])).toEqual([[2, 'B', 1, 10000]]);
  expect(page2.next).toBeNull();
});

test('stats.funnel: invited in the range → bought → became distributors', async () => {
  const answer = await ok('stats.funnel', { from: D0, to: D1 });
  // Invited: C (D0) and F (D1). C bought and kept the goods of o1; F bought nothing but joined.
  expect(answer).toEqual({
    from: D0,
    to: D1,
    newUsers: 3,
    invited: 2,
    bought: 1,
    distributors: 1,
    rates: { bought: 5000, distributors: 5000 },
  });
});

test("stats.distributor: one distributor's days", async () => {
  const answer = await ok('stats.distributor', { userId: 'A', from: D0, to: D1 });
  expect(answer.user).toMatchObject({ userId: 'A', nickname: '昵称A', distributor: { status: 'active' } });
  expect(answer.items).toEqual([
    { date: D0, sales: 0, commission: 500, orders: 0, recruits: 0 },
    { date: D1, sales: 15000, commission: 1500, orders: 1, recruits: 1 },
  ]);
  expect(answer.total).toEqual({ sales: 15000, commission: 2000, orders: 1, recruits: 1 });
  expect((await call('stats.distributor', { userId: 'nobody', from: D0, to: D1 }, ADMIN)).ok).toBe(false);
  const missing = await call('stats.distributor', { userId: 'nobody', from: D0, to: D1 }, ADMIN);
  expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND');
});

describe('every analytics action is admin-only and validates its input', () => {
  const valid: Record<string, Record<string, unknown>> = {
    'stats.overview': { from: '2024-01-01', to: '2024-01-31' },
    'stats.daily': { from: '2024-01-01', to: '2024-01-31' },
    'stats.commissionByLevel': { from: '2024-01-01', to: '2024-01-31' },
    'stats.topDistributors': { from: '2024-01-01', to: '2024-01-31', by: 'recruits' },
    'stats.funnel': { from: '2024-01-01', to: '2024-01-31' },
    'stats.distributor': { from: '2024-01-01', to: '2024-01-31', userId: 'A' },
    export: { from: '2024-01-01', to: '2024-01-31', kind: 'orders' },
  };
  const malformed: Array<Record<string, unknown>> = [
    {},
    { from: '2024-01-01' },
    { from: '2024-1-1', to: '2024-01-31' },
    { from: '2024-02-30', to: '2024-03-01' },
    { from: '2024-03-02', to: '2024-03-01' },
    { from: '2024-01-01', to: '2025-01-01' }, // 367 days
    { from: 20240101, to: '2024-01-31' },
    { from: { $gt: '' }, to: '2024-01-31' },
  ];
  const storageFiles = () => {
    const root = path.join(dataDir, 'storage');
    try {
      return readdirSync(root, { recursive: true }).map(String).sort();
    } catch {
      return [];
    }
  };
  const snapshot = () =>
    JSON.stringify([
      ['orders', 'commissions', 'users', 'accounts', 'refunds', 'withdrawals', 'events'].map((c) => docs(c)),
      storageFiles(),
    ]);

  test.each(Object.keys(valid))(
    '%s: a non-admin (even a distributor) is refused, an unknown caller too',
    async (action) => {
      for (const openid of ['C', 'A', 'someone-else']) {
        const answer = await call(action, valid[action]!, openid);
        expect(answer.ok ? 'ok' : answer.error.code).toBe('PERMISSION_DENIED');
      }
    },
  );

  test.each(Object.keys(valid))(
    '%s: malformed input is INVALID_ARGUMENT and writes nothing',
    async (action) => {
      const before = snapshot();
      const extra = { ...valid[action] };
      delete extra.from;
      delete extra.to;
      for (const bad of malformed) {
        const answer = await call(action, { ...extra, ...bad }, ADMIN);
        expect([JSON.stringify(bad), answer.ok ? 'ok' : answer.error.code]).toEqual([
          JSON.stringify(bad),
          'INVALID_ARGUMENT',
        ]);
      }
      expect(snapshot()).toBe(before);
    },
  );

  test('action-specific fields are checked too', async () => {
    const before = snapshot();
    const bad: [string, Record<string, unknown>][] = [
      ['stats.topDistributors', { ...valid['stats.topDistributors'], by: 'height' }],
      ['stats.topDistributors', { ...valid['stats.topDistributors'], limit: 0 }],
      ['stats.topDistributors', { ...valid['stats.topDistributors'], limit: 51 }],
      ['stats.topDistributors', { ...valid['stats.topDistributors'], cursor: 'abc' }],
      ['stats.distributor', { ...valid['stats.distributor'], userId: '' }],
      ['stats.distributor', { ...valid['stats.distributor'], userId: { $ne: null } }],
      ['export', { ...valid.export, kind: 'users' }],
      ['export', { from: '2024-01-01', to: '2024-01-31' }],
    ];
    for (const [action, data] of bad) {
      const answer = await call(action, data, ADMIN);
      expect([action, JSON.stringify(data), answer.ok ? 'ok' : answer.error.code]).toEqual([
        action,
        JSON.stringify(data),
        'INVALID_ARGUMENT',
      ]);
    }
    expect(snapshot()).toBe(before);
  });

  test('a year and a day is the longest range; 366 days answer', async () => {
    const answer = await ok('stats.daily', { from: '2024-01-01', to: '2024-12-31' });
    expect(answer.items).toHaveLength(366);
    expect(answer.items[59].date).toBe('2024-02-29');
  });
});
