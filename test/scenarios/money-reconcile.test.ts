// A randomized run of orders, payments, refunds, settlements and withdrawals (fast-check drives the
// choices), then the reconciliation check: every account equals what its ledger rows say.
import fc from 'fast-check';
import { startCloud, TestCloud } from '../support/cloud';
import { userDoc } from '../support/fixtures';

const DAY = 86_400_000;
const ADMIN = 'merchant';
let shop: TestCloud;

const call = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.call(fn, action, data, openid) as Promise<any>;

const address = {
  userName: '李四',
  telNumber: '13900000000',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '1 号',
};
const BUYERS = ['u1', 'u2', 'u3', 'u4'];
const DISTRIBUTORS = ['d1', 'd2', 'd3'];

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  await shop.setSettings({ withdrawal: { minAmount: 1, feeBp: 60 } });
  const now = shop.local.clock.date();
  const person = (id: string, inviterId: string | null, distributor: boolean) =>
    userDoc(id, inviterId, distributor ? 'active' : 'none', now);
  shop.local.engine.insert('users', [
    person('d1', null, true),
    person('d2', 'd1', true),
    person('d3', 'd2', true),
    person('u1', 'd1', false),
    person('u2', 'd2', false),
    person('u3', 'd3', false),
    person('u4', null, false),
  ]);
  shop.local.engine.insert('products', [
    { _id: 'a', name: '甲', price: 12345, stock: 100000, category: 'x', images: [], status: 'on' },
    {
      _id: 'b',
      name: '乙',
      price: 777,
      stock: 100000,
      category: 'x',
      images: [],
      status: 'on',
      commission: { mode: 'fixed', level1: 50, level2: 20 },
    },
  ]);
});

afterAll(() => shop?.stop());

type Step =
  | { kind: 'buy'; buyer: number; product: 'a' | 'b'; quantity: number }
  | { kind: 'complete'; pick: number }
  | { kind: 'refund'; pick: number; share: number; approve: boolean }
  | { kind: 'settle'; days: number }
  | { kind: 'withdraw'; who: number; share: number }
  | { kind: 'payout'; pick: number; outcome: 'paid' | 'reject' | 'failed' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('buy' as const),
      buyer: fc.nat(3),
      product: fc.constantFrom('a' as const, 'b' as const),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(),
      share: fc.double({ min: 0.05, max: 1, noNaN: true }),
      approve: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('settle' as const), days: fc.integer({ min: 0, max: 10 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      who: fc.nat(2),
      share: fc.double({ min: 0.1, max: 1.2, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('payout' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('paid' as const, 'reject' as const, 'failed' as const),
    }),
  },
);

const docs = (collection: string, query: Record<string, unknown>) =>
  shop.local.engine.find(collection, { query, limit: 1000 }) as any[];
const pickOf = <T>(list: T[], n: number): T | undefined => list[n % Math.max(1, list.length)];

async function run(s: Step): Promise<void> {
  if (s.kind === 'buy') {
    const buyer = BUYERS[s.buyer]!;
    const created = await call(
      'order',
      'create',
      { items: [{ productId: s.product, quantity: s.quantity }], address },
      buyer,
    );
    await call('order', 'pay', { orderId: created.data.order._id }, buyer);
    await shop.local.pay.pay(created.data.order._id, 'SUCCESS');
  } else if (s.kind === 'complete') {
    const order = pickOf(docs('orders', { status: 'paid' }), s.pick);
    if (!order) return;
    await call(
      'admin',
      'orders.ship',
      { orderId: order._id, expressCompany: 'YTO', trackingNo: 'YT0000001' },
      ADMIN,
    );
    await shop.receive(order._id, order.buyerId);
  } else if (s.kind === 'refund') {
    const order = pickOf(docs('orders', { status: { $in: ['paid', 'shipped', 'completed'] } }), s.pick);
    if (!order) return;
    const amount = Math.max(1, Math.floor((order.amount - order.refundedAmount) * s.share));
    const asked = await call(
      'order',
      'refund',
      { orderId: order._id, amount, reason: '测试' },
      order.buyerId,
    );
    if (!asked.ok) return;
    await call('admin', 'refunds.review', { refundId: asked.data.refund._id, approve: s.approve }, ADMIN);
    await shop.local.pay.idle();
  } else if (s.kind === 'settle') {
    shop.local.clock.advance(s.days * DAY);
    await shop.local.invoke('settle', { Type: 'Timer' });
  } else if (s.kind === 'withdraw') {
    const who = DISTRIBUTORS[s.who]!;
    const account = shop.local.engine.getById('accounts', who) as any;
    const amount = Math.floor((account?.available ?? 0) * s.share);
    if (amount >= 1) await call('wallet', 'withdraw', { amount }, who);
  } else {
    const open = docs('withdrawals', { status: { $in: ['requested', 'approved'] } });
    const w = pickOf(open, s.pick);
    if (!w) return;
    if (s.outcome === 'reject')
      await call('admin', 'withdrawals.review', { withdrawalId: w._id, approve: false }, ADMIN);
    else {
      if (w.status === 'requested')
        await call('admin', 'withdrawals.review', { withdrawalId: w._id, approve: true }, ADMIN);
      const action = s.outcome === 'paid' ? 'withdrawals.markPaid' : 'withdrawals.markFailed';
      await call(
        'admin',
        action,
        { withdrawalId: w._id, ...(s.outcome === 'paid' ? { reference: 'R1' } : { reason: '账户异常' }) },
        ADMIN,
      );
    }
  }
}

test('property: after any run of the money flow, every account reconciles with its ledger', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 30 }), async (steps) => {
      for (const s of steps) await run(s);
      const answer = await call('admin', 'reconcile', {}, ADMIN);
      expect(answer.ok).toBe(true);
      expect(answer.data.mismatches).toEqual([]);
      for (const who of DISTRIBUTORS) {
        // Pending is the sum of the rows; the account holds the rest (wallet.summary answers all five).
        const balances = (await call('wallet', 'summary', {}, who)).data;
        for (const key of ['pending', 'available', 'withdrawing', 'withdrawn', 'debt'])
          expect(balances[key]).toBeGreaterThanOrEqual(0);
        if (balances.debt > 0) expect(balances.available).toBe(0);
      }
    }),
    { numRuns: 4, seed: 20261125 },
  );
});
