// The money flow end to end through the local cloud and the real wx-server-sdk: order → pay →
// commission → settle → withdraw, refunds before and after settlement, replays, races, bad input.
import { startCloud, TestCloud } from '../support/cloud';
import { ADDRESS as address, productDoc as product, userDoc } from '../support/fixtures';
import type { Balances } from '../../core/domain/account';

const DAY = 86_400_000;
const ADMIN = 'merchant';
let shop: TestCloud;

const call = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.call(fn, action, data, openid);
const ok = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.ok(fn, action, data, openid);

const docs = (collection: string, query: Record<string, unknown> = {}) =>
  shop.local.engine.find(collection, { query, limit: 1000 }) as Record<string, any>[];
/** A distributor's five balances as wallet.summary answers them (pending is the sum of their ledger rows). */
const account = async (userId: string): Promise<Balances> => ok('wallet', 'summary', {}, userId);
const snapshot = () =>
  JSON.stringify(
    ['orders', 'commissions', 'accounts', 'withdrawals', 'refunds', 'products', 'users'].map((c) => docs(c)),
  );

async function buy(buyer: string, items: { productId: string; quantity: number }[]): Promise<any> {
  return (await ok('order', 'create', { items, address }, buyer)).order;
}

async function buyAndPay(buyer: string, items: { productId: string; quantity: number }[]): Promise<any> {
  const order = await buy(buyer, items);
  await ok('order', 'pay', { orderId: order._id }, buyer);
  await shop.local.pay.pay(order.outTradeNo, 'SUCCESS');
  return order;
}

async function complete(orderId: string, buyer: string) {
  await ok('admin', 'orders.ship', { orderId, expressCompany: 'SF', trackingNo: 'SF123456789' }, ADMIN);
  await shop.receive(orderId, buyer);
}

async function settleNow() {
  const outcome = await shop.local.invoke('settle', { Type: 'Timer', TriggerName: 'settleEvery10Minutes' });
  if (!outcome.ok) throw new Error(outcome.errMsg);
  return (outcome.result as { data: any }).data;
}

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const now = shop.local.clock.date();
  const user = (id: string, inviterId: string | null, status: 'none' | 'active') =>
    userDoc(id, inviterId, status, now);
  // A recruited B, B recruited C (a shopper); D is a distributor with nobody above them.
  shop.local.engine.insert('users', [
    user('A', null, 'active'),
    user('B', 'A', 'active'),
    user('C', 'B', 'none'),
    user('D', null, 'active'),
  ]);
  shop.local.engine.insert('products', [
    product('p999', 9990),
    product('pfixed', 10000, { commission: { mode: 'fixed', level1: 500, level2: 200 } }),
    product('pnone', 5000, { commission: { mode: 'none', level1: 0, level2: 0 } }),
    product('pcheap', 19),
  ]);
});

afterAll(() => shop?.stop());

test('A→B→C: C buys, B earns level 1 and A level 2, pending until the window closes, then available', async () => {
  const order = await buyAndPay('C', [
    { productId: 'p999', quantity: 1 },
    { productId: 'pcheap', quantity: 1 },
  ]);
  // Per line, floored: 9990 × 10% = 999 and 19 × 10% = 1 → 1000; 9990 × 5% = 499 and 19 × 5% = 0 → 499.
  const [seen] = (await ok('admin', 'orders.list', { q: order._id }, ADMIN)).items;
  expect(seen.commissionPreview).toEqual({ level1: 1000, level2: 499 });
  expect(seen.referrer).toMatchObject({ level1: { userId: 'B' }, level2: { userId: 'A' } });
  // The buyer's own view of the order says nothing of who earns from it, nor at what rate.
  const mine = (await ok('order', 'detail', { orderId: order._id }, 'C')).order;
  expect(mine).not.toHaveProperty('referrer');
  expect(mine).not.toHaveProperty('commissionPreview');
  const entries = docs('commissions', { orderId: order._id });
  expect(entries.map((e) => [e._id, e.beneficiaryId, e.amount, e.status]).sort()).toEqual([
    [`${order._id}:L1`, 'B', 1000, 'pending'],
    [`${order._id}:L2`, 'A', 499, 'pending'],
  ]);
  expect(await account('B')).toMatchObject({ pending: 1000, available: 0 });
  expect((shop.local.engine.getById('orders', order._id) as any).status).toBe('paid');

  await complete(order._id, 'C');
  shop.local.clock.advance(6 * DAY);
  await settleNow();
  expect(await account('B')).toMatchObject({ pending: 1000, available: 0 });

  shop.local.clock.advance(1 * DAY + 1000);
  const report = await settleNow();
  expect(report).toMatchObject({ settledEntries: 2, settledAmount: 1499 });
  expect(await account('B')).toMatchObject({ pending: 0, available: 1000 });
  expect(await account('A')).toMatchObject({ pending: 0, available: 499 });
  expect(docs('commissions', { orderId: order._id }).every((e) => e.status === 'settled')).toBe(true);
  const summary = await ok('wallet', 'summary', {}, 'B');
  expect(summary).toMatchObject({ pending: 0, available: 1000, withdrawing: 0, withdrawn: 0, debt: 0 });
});

test('fixed per-unit commission and excluded products', async () => {
  const order = await buyAndPay('C', [
    { productId: 'pfixed', quantity: 3 },
    { productId: 'pnone', quantity: 2 },
  ]);
  const entries = docs('commissions', { orderId: order._id });
  expect(Object.fromEntries(entries.map((e) => [e.level, e.amount]))).toEqual({ 1: 1500, 2: 600 });
});

test('20 replays of one notification, sequential and concurrent, credit once', async () => {
  const order = await buyAndPay('C', [{ productId: 'p999', quantity: 2 }]);
  const delivered = shop.local.pay.order(order.outTradeNo)!.notify!.event;
  const before = snapshot();
  for (let i = 0; i < 10; i++) expect((await shop.local.invoke('payNotify', delivered)).ok).toBe(true);
  const answers = await Promise.all(
    Array.from({ length: 10 }, () => shop.local.invoke('payNotify', delivered)),
  );
  expect(answers.map((a) => (a.ok ? (a.result as any).errcode : 'crash'))).toEqual(Array(10).fill(0));
  expect(snapshot()).toBe(before);
  expect(docs('commissions', { orderId: order._id })).toHaveLength(2);
});

test('tampered notifications change nothing and are not acknowledged', async () => {
  const order = await buy('C', [{ productId: 'p999', quantity: 1 }]);
  await ok('order', 'pay', { orderId: order._id }, 'C');
  const genuine = {
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    outTradeNo: order._id,
    totalFee: order.amount,
    transactionId: 'T1',
  };
  const before = snapshot();
  const answers = await Promise.all([
    shop.local.invoke('payNotify', { ...genuine, totalFee: 1 }),
    shop.local.invoke('payNotify', { ...genuine, outTradeNo: 'O000000000000000000000000' }),
    shop.local.invoke('payNotify', { ...genuine, resultCode: 'FAIL' }),
    shop.local.invoke('payNotify', { ...genuine }, 'C'),
  ]);
  const codes = answers.map((a) => (a.ok ? (a.result as any).errcode : 'crash'));
  expect(codes[0]).not.toBe(0);
  expect(codes[1]).not.toBe(0);
  expect(codes[3]).not.toBe(0);
  expect(snapshot().replace(/"at":"[^"]+"/g, '')).toBe(before.replace(/"at":"[^"]+"/g, ''));
  expect((shop.local.engine.getById('orders', order._id) as any).status).toBe('created');
});

test('50 concurrent withdrawals against a balance that covers one: one succeeds, none overdraws', async () => {
  const available = (await account('B')).available as number;
  expect(available).toBeGreaterThanOrEqual(600);
  const amount = available - 100;
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => call('wallet', 'withdraw', { amount }, 'B')),
  );
  const succeeded = answers.filter((a) => a.ok);
  expect(succeeded).toHaveLength(1);
  for (const failed of answers.filter((a) => !a.ok)) {
    expect(['FAILED_PRECONDITION', 'RESOURCE_EXHAUSTED']).toContain((failed as any).error.code);
  }
  expect(await account('B')).toMatchObject({ available: 100, withdrawing: amount });
  const [withdrawal] = docs('withdrawals', { userId: 'B' });
  await ok('admin', 'withdrawals.review', { withdrawalId: withdrawal!._id, approve: true }, ADMIN);
  await ok('admin', 'withdrawals.markPaid', { withdrawalId: withdrawal!._id, reference: 'BANK-1' }, ADMIN);
  expect(await account('B')).toMatchObject({ available: 100, withdrawing: 0, withdrawn: amount });
});

test('a rejected withdrawal returns the money; a client request id makes a retry create one withdrawal', async () => {
  const first = await ok('wallet', 'withdraw', { amount: 100, clientRequestId: 'withdraw-retry-1' }, 'B');
  const again = await ok('wallet', 'withdraw', { amount: 100, clientRequestId: 'withdraw-retry-1' }, 'B');
  expect(again.withdrawal._id).toBe(first.withdrawal._id);
  expect(await account('B')).toMatchObject({ available: 0, withdrawing: 100 });
  await ok(
    'admin',
    'withdrawals.review',
    { withdrawalId: first.withdrawal._id, approve: false, reason: '信息有误' },
    ADMIN,
  );
  expect(await account('B')).toMatchObject({ available: 100, withdrawing: 0 });
});

test('partial refund before settlement reverses pending commission in proportion', async () => {
  const order = await buyAndPay('C', [{ productId: 'p999', quantity: 3 }]); // base 29970: L1 2997, L2 1498
  const pendingB = (await account('B')).pending as number;
  const { refund } = await ok(
    'order',
    'refund',
    { orderId: order._id, amount: 9990, reason: '少发一件' },
    'C',
  );
  expect((shop.local.engine.getById('orders', order._id) as any).status).toBe('refunding');
  await ok('admin', 'refunds.review', { refundId: refund._id, approve: true }, ADMIN);
  await shop.local.pay.idle();
  // Remaining base 19980 of 29970: floor(2997 × 2/3) = 1998 stays, 999 reversed.
  const l1 = shop.local.engine.getById('commissions', `${order._id}:L1`) as any;
  expect([l1.amount, l1.reversedAmount, l1.status]).toEqual([2997, 999, 'pending']);
  expect((await account('B')).pending).toBe(pendingB - 999);
  const after = shop.local.engine.getById('orders', order._id) as any;
  expect([after.status, after.refundedAmount]).toEqual(['paid', 9990]);
});

test('a refund after settlement reverses from available and leaves debt, paid off by later commission', async () => {
  const order = await buyAndPay('C', [{ productId: 'p999', quantity: 1 }]); // L1 999 to B
  await ok(
    'admin',
    'orders.ship',
    { orderId: order._id, expressCompany: 'SF', trackingNo: 'SF000000001' },
    ADMIN,
  );
  // The buyer asks for a refund while the order is still open; the merchant decides after settlement
  // of everything else, then B spends the money before the reversal arrives.
  await shop.receive(order._id, 'C');
  const { refund } = await ok('order', 'refund', { orderId: order._id, reason: '质量问题' }, 'C');
  // The entry is on hold while the refund is open: settlement skips it.
  shop.local.clock.advance(8 * DAY);
  await settleNow();
  expect((shop.local.engine.getById('commissions', `${order._id}:L1`) as any).status).toBe('pending');
  await ok('admin', 'refunds.review', { refundId: refund._id, approve: false, reason: '不支持' }, ADMIN);
  await settleNow();
  expect((shop.local.engine.getById('commissions', `${order._id}:L1`) as any).status).toBe('settled');
  const b = await account('B');
  await ok('wallet', 'withdraw', { amount: b.available }, 'B');
  expect(await account('B')).toMatchObject({ available: 0 });

  // Settled, spent, then refunded anyway (the merchant refunds it through the provider after the window).
  const entry = shop.local.engine.getById('commissions', `${order._id}:L1`) as any;
  shop.local.engine.updateById('orders', order._id, { $set: { status: 'paid', completedAt: null } }, {
    merge: true,
    upsert: false,
    multi: false,
  } as any);
  const late = await ok('order', 'refund', { orderId: order._id, reason: '商家同意退货' }, 'C');
  await ok('admin', 'refunds.review', { refundId: late.refund._id, approve: true }, ADMIN);
  await shop.local.pay.idle();
  expect(await account('B')).toMatchObject({ available: 0, debt: entry.amount });
  expect((shop.local.engine.getById('commissions', `${order._id}:L1`) as any).reversedAmount).toBe(
    entry.amount,
  );

  // The next commission pays the debt first.
  const next = await buyAndPay('C', [{ productId: 'pfixed', quantity: 4 }]); // L1 2000
  await complete(next._id, 'C');
  shop.local.clock.advance(8 * DAY);
  await settleNow();
  expect(await account('B')).toMatchObject({ debt: 0, available: 2000 - entry.amount });
});

test('settle runs concurrently with itself and settles each entry once', async () => {
  const orders = [];
  for (let i = 0; i < 3; i++) orders.push(await buyAndPay('C', [{ productId: 'p999', quantity: 1 }]));
  for (const order of orders) await complete(order._id, 'C');
  shop.local.clock.advance(8 * DAY);
  const before = { B: await account('B'), A: await account('A') };
  const reports = await Promise.all([settleNow(), settleNow(), settleNow()]);
  expect(reports.reduce((sum, r) => sum + r.settledEntries, 0)).toBe(6);
  expect((await account('B')).available - before.B.available).toBe(3 * 999);
  expect((await account('A')).available - before.A.available).toBe(3 * 499);
  // Each settled entry is counted in exactly one `settled` ledger row, whichever run wrote it.
  const settledRows = docs('ledger', { userId: 'B', kind: 'settled' });
  expect(settledRows.reduce((sum, row) => sum + row.entries, 0)).toBe(
    docs('commissions', { beneficiaryId: 'B' }).filter((entry) => entry.settledAt).length,
  );
});

test('the books reconcile for every distributor', async () => {
  const { data } = (await call('admin', 'reconcile', {}, ADMIN)) as any;
  expect(data.accounts).toBeGreaterThanOrEqual(2);
  expect(data.mismatches).toEqual([]);
  expect(data.entries).toBeGreaterThan(0);
  expect(data.entryMismatches).toEqual([]);
});

test('malformed input answers INVALID_ARGUMENT and writes nothing', async () => {
  const before = snapshot();
  const bad: [string, string, Record<string, unknown>][] = [
    ['order', 'create', {}],
    ['order', 'create', { items: [{ productId: 'p999', quantity: -1 }], address }],
    ['order', 'create', { items: [{ productId: 'p999', quantity: 1.5 }], address }],
    ['order', 'create', { items: [{ productId: 'p999', quantity: 1e9 }], address }],
    ['order', 'create', { items: [{ productId: { $gt: '' }, quantity: 1 }], address }],
    [
      'order',
      'create',
      { items: [{ productId: 'p999', quantity: 1 }], address: { ...address, telNumber: 5 } },
    ],
    ['order', 'pay', { orderId: 12 }],
    ['order', 'refund', { orderId: 'x', amount: -5, reason: 'r' }],
    ['order', 'nope', {}],
    ['wallet', 'withdraw', { amount: '100' }],
    ['wallet', 'withdraw', { amount: 0 }],
    ['wallet', 'withdraw', { amount: Number.MAX_SAFE_INTEGER }],
    ['admin', 'orders.ship', { orderId: 'x' }],
    ['admin', 'settings.update', { settings: { rates: { level1: -1 } } }],
    ['admin', 'settings.update', { settings: { levels: 1 } }],
    ['admin', 'settings.update', { settings: { rates: { level1: 2500, level2: 1000 } } }],
    ['admin', 'withdrawals.markPaid', { withdrawalId: 'x' }],
  ];
  for (const [fn, action, data] of bad) {
    const answer = await call(fn, action, data, fn === 'admin' ? ADMIN : 'C');
    expect([fn, action, answer.ok ? 'ok' : answer.error.code]).toEqual([fn, action, 'INVALID_ARGUMENT']);
  }
  expect(snapshot()).toBe(before);
});

test('other users and non-admins are refused', async () => {
  const order = await buy('C', [{ productId: 'p999', quantity: 1 }]);
  const theirs = await call('order', 'detail', { orderId: order._id }, 'D');
  expect(theirs.ok ? 'ok' : theirs.error.code).toBe('NOT_FOUND');
  // A client-sent identity is refused by name, never read.
  const spoof = await call('order', 'pay', { orderId: order._id, openid: 'C', userId: 'C' }, 'D');
  expect(spoof).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', fields: { openid: expect.any(String), userId: expect.any(String) } },
  });
  const theirsToPay = await call('order', 'pay', { orderId: order._id }, 'D');
  expect(theirsToPay.ok ? 'ok' : theirsToPay.error.code).toBe('NOT_FOUND');
  for (const action of [
    'settings.get',
    'orders.ship',
    'withdrawals.markPaid',
    'refunds.review',
    'reconcile',
  ]) {
    const answer = await call('admin', action, {}, 'C');
    expect([action, answer.ok ? 'ok' : answer.error.code]).toEqual([
      action,
      expect.stringMatching(/PERMISSION_DENIED|INVALID_ARGUMENT/),
    ]);
  }
  const denied = await call('admin', 'settings.get', {}, 'C');
  expect(denied.ok ? 'ok' : denied.error.code).toBe('PERMISSION_DENIED');
});
