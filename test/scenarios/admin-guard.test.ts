// Every action of the admin function refuses a caller who is not an admin, before it reads or writes
// anything. The table of sample inputs must name every action the contracts declare, so a new action
// cannot skip this test.
import { adminApi } from '../../core/contracts';
import { startCloud, TestCloud } from '../support/cloud';
import { productDoc, userDoc } from '../support/fixtures';

const ADMIN = 'guard-admin';
const range = { from: '2026-01-01', to: '2026-01-31' };

/** A well-formed input for each action, so that only the caller decides the answer. */
const SAMPLE: Record<string, Record<string, unknown>> = {
  'settings.get': {},
  'settings.update': { settings: { rates: { level1: 1500 } } },
  'settings.preview': { settings: { levels: 1 } },
  'products.list': { status: 'on' },
  'products.categories': {},
  'products.upsert': {
    product: { name: '新品', price: 100, stock: 1, category: '茶', images: [], status: 'on' },
  },
  'products.remove': { productId: 'tea' },
  'orders.list': { q: 'x' },
  'orders.ship': { orderId: 'o1', expressCompany: 'SF', trackingNo: 'SF1234567' },
  'orders.expressCompanies': {},
  'orders.track': { orderId: 'o1' },
  'coupons.upsert': {
    coupon: {
      name: '券',
      rule: { kind: 'amount', thresholdFen: 0, offFen: 100 },
      scope: { kind: 'all' },
      validity: { kind: 'days', days: 1 },
      totalLimit: 0,
      perUserLimit: 1,
    },
  },
  'coupons.list': {},
  'stats.behaviour': { from: '2026-11-01', to: '2026-11-07' },
  'stats.products': { from: '2026-11-01', to: '2026-11-07' },
  'stats.conversion': { from: '2026-11-01', to: '2026-11-07' },
  'stats.buyers': { from: '2026-11-01', to: '2026-11-07' },
  'coupons.disable': { couponId: 'c1' },
  'orders.refund': { orderId: 'o1', reason: '商品缺货' },
  'refunds.list': {},
  'refunds.review': { refundId: 'r1', approve: true },
  'withdrawals.list': {},
  'withdrawals.review': { withdrawalId: 'w1', approve: true },
  'withdrawals.markPaid': { withdrawalId: 'w1', reference: 'BANK-1' },
  'withdrawals.markFailed': { withdrawalId: 'w1', reason: '账户异常' },
  reconcile: {},
  settle: {},
  'distributors.list': { q: 'A' },
  'distributors.review': { userId: 'C', approve: true },
  'distributors.freeze': { userId: 'A', frozen: true },
  'distributors.rebind': { userId: 'C', inviterId: null },
  'distributors.team': { userId: 'A', level: 1 },
  'stats.todo': {},
  'stats.overview': range,
  'stats.daily': range,
  'stats.commissionByLevel': range,
  'stats.topDistributors': range,
  'stats.funnel': range,
  'stats.distributor': { ...range, userId: 'A' },
  export: { ...range, kind: 'orders' },
  'export.status': { exportId: 'a1b2c3d4e5f6' },
};

let shop: TestCloud;
const everything = () =>
  JSON.stringify(
    ['settings', 'products', 'users', 'orders', 'events', 'accounts'].map((c) =>
      shop.local.engine.find(c, { query: {}, limit: 1000 }),
    ),
  );

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const now = shop.local.clock.date();
  shop.local.engine.insert('users', [userDoc('A', null, 'active', now), userDoc('C', 'A', 'none', now)]);
  shop.local.engine.insert('products', [productDoc('tea', 1000)]);
});
afterAll(() => shop?.stop());

test('the sample table names exactly the actions the admin contracts declare', () => {
  const declared = Object.keys(adminApi);
  expect(Object.keys(SAMPLE).sort()).toEqual(declared.sort());
});

test.each(Object.keys(SAMPLE))(
  '%s: a distributor, a shopper and a stranger are refused; nothing changes',
  async (action) => {
    const before = everything();
    for (const openid of ['A', 'C', 'stranger']) {
      // Claiming the admin's identity in the event changes nothing: the caller comes from the WeChat context,
      // and the guard runs before the input (with its unknown key `openid`) is even read.
      const answer = await shop.call('admin', action, { ...SAMPLE[action], openid: ADMIN }, openid);
      expect([openid, answer.ok ? 'ok' : answer.error.code]).toEqual([openid, 'PERMISSION_DENIED']);
    }
    expect(everything()).toBe(before);
  },
);

test('the admin is not refused by the same inputs (the samples are well formed)', async () => {
  for (const action of ['settings.get', 'products.list', 'distributors.team', 'stats.overview']) {
    expect([action, (await shop.call('admin', action, SAMPLE[action]!, ADMIN)).ok]).toEqual([action, true]);
  }
});
