// `npm run migrate` on a shop kept by an earlier version (commission entries with their reversals listed,
// a `settlements` collection, accounts changed in place) in the local cloud, through @cloudbase/node-sdk as
// against a real environment: afterwards the merchant's reconcile finds every account equal to the sum of
// its ledger rows and every entry equal to its rows; a second run writes the same rows.
import { migrateToLedger, MigrationDb } from '../../scripts/migrate/index';
import { connect } from '../../scripts/seed/index';
import { startCloud, TestCloud } from '../support/cloud';

const ADMIN = 'merchant';
let shop: TestCloud;

const T = (day: number) => new Date(Date.UTC(2026, 5, day, 2));

function entry(
  id: string,
  beneficiaryId: string,
  amount: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    _id: id,
    orderId: id.split(':')[0],
    level: 1,
    beneficiaryId,
    buyerId: 'C',
    base: amount * 10,
    rate: 1000,
    amount,
    reversedAmount: 0,
    status: 'pending',
    maturesAt: null,
    settleBatch: null,
    onHold: false,
    createdAt: T(1),
    updatedAt: T(1),
    ...extra,
  };
}

const account = (id: string, balances: Record<string, number>) => ({
  _id: id,
  pending: 0,
  available: 0,
  withdrawing: 0,
  withdrawn: 0,
  debt: 0,
  rev: 5,
  settleSeq: 1,
  ...balances,
});

const withdrawal = (id: string, amount: number, fee: number, status: string) => ({
  _id: id,
  userId: 'A',
  amount,
  fee,
  payout: amount - fee,
  status,
  createdAt: T(10),
  updatedAt: T(11),
});

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const engine = shop.local.engine;
  engine.insert('commissions', [
    entry('O1:L1', 'A', 1000, { status: 'settled', settleBatch: 'A:1', settledAt: T(9) }),
    entry('O2:L1', 'A', 500, {
      reversedAmount: 200,
      reversals: [{ refundId: 'R1', amount: 200, afterSettlement: false, at: T(3) }],
    }),
    // Reversed after settlement when A had withdrawn most of it: the old code left 500 of debt.
    entry('O3:L1', 'A', 1200, {
      status: 'settled',
      settleBatch: 'A:1',
      settledAt: T(9),
      reversedAmount: 1200,
      reversals: [{ refundId: 'R2', amount: 1200, afterSettlement: true, at: T(12) }],
    }),
    entry('O4:L1', 'B', 300),
  ]);
  engine.addCollection('settlements');
  engine.insert('settlements', [{ _id: 'A:1', userId: 'A', amount: 2200, entries: 2, createdAt: T(9) }]);
  engine.insert('withdrawals', [withdrawal('W1', 1500, 15, 'paid'), withdrawal('W2', 200, 0, 'rejected')]);
  engine.insert('accounts', [
    account('A', { pending: 300, available: 0, withdrawn: 1500, debt: 500 }),
    account('B', { pending: 300 }),
  ]);
  engine.insert('products', [
    {
      _id: 'P1',
      name: '旧规则',
      price: 1000,
      stock: 1,
      status: 'on',
      commission: { mode: 'rate', level1: 1500, level2: 500 },
    },
    {
      _id: 'P2',
      name: '新规则',
      price: 1000,
      stock: 1,
      status: 'on',
      commission: { mode: 'fixed', level1Fen: 300, level2Fen: 100 },
    },
  ]);
});
afterAll(() => shop?.stop());

async function migrate() {
  process.env.LOCALCLOUD_PORT = new URL(shop.url).port;
  return migrateToLedger(connect({}).db as unknown as MigrationDb);
}

const ledger = () => JSON.stringify(shop.local.engine.find('ledger', { limit: 1000, order: { _id: 1 } }));

test('before: the ledger is empty and reconcile finds every account wrong', async () => {
  const report = await shop.ok('admin', 'reconcile', {}, ADMIN);
  expect(report.mismatches.map((m: any) => m.userId).sort()).toEqual(['A', 'B']);
});

test('after: every account is the plain sum of its rows, every entry its earned less reversed rows', async () => {
  expect(await migrate()).toEqual({ rows: 13, openings: 1, products: 1 });
  const report = await shop.ok('admin', 'reconcile', {}, ADMIN);
  expect(report).toMatchObject({ accounts: 2, mismatches: [], entries: 4, entryMismatches: [] });

  // What the old documents cannot split (the reversal after settlement left debt) is A's one opening row.
  const opening = shop.local.engine.getById('ledger', 'A:opening') as any;
  expect(opening).toMatchObject({ kind: 'adjusted', userId: 'A', delta: { available: 500, debt: 500 } });
  // Each row is dated when it happened.
  expect(new Date((shop.local.engine.getById('ledger', 'O3:L1:R2:reversed') as any).at)).toEqual(T(12));
  expect(shop.local.engine.getById('ledger', 'W1:fee')).toMatchObject({ amount: 15 });

  // The old rule shape is rewritten in today's; today's is left alone.
  expect((shop.local.engine.getById('products', 'P1') as any).commission).toEqual({
    mode: 'rate',
    level1Bp: 1500,
    level2Bp: 500,
  });
  expect((shop.local.engine.getById('products', 'P2') as any).commission).toEqual({
    mode: 'fixed',
    level1Fen: 300,
    level2Fen: 100,
  });
});

test('a second run writes the same rows and the books still balance', async () => {
  const before = ledger();
  expect(await migrate()).toEqual({ rows: 13, openings: 1, products: 0 });
  expect(ledger()).toBe(before);
  const report = await shop.ok('admin', 'reconcile', {}, ADMIN);
  expect(report).toMatchObject({ mismatches: [], entryMismatches: [] });
});
