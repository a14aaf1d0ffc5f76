// The ledger's movements: every random sequence of money events keeps the account (the sum of its rows)
// equal to what the events say independently, never lets a balance go negative, never leaves debt beside
// available money, and writes every row with a non-negative amount.
import fc from 'fast-check';
import {
  applyDeltas,
  Balances,
  balanceProblem,
  balancesEqual,
  EMPTY_BALANCES,
  InsufficientFunds,
  Movement,
  movements,
  withdrawalFee,
} from './account';

type Op =
  | { kind: 'earn'; amount: number }
  | { kind: 'void'; pick: number; fraction: number }
  | { kind: 'settle' }
  | { kind: 'reverseSettled'; pick: number; fraction: number }
  | { kind: 'withdraw'; amount: number }
  | { kind: 'resolveWithdrawal'; pick: number; paid: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('earn' as const), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({
    kind: fc.constant('void' as const),
    pick: fc.nat(),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('settle' as const) }),
  fc.record({
    kind: fc.constant('reverseSettled' as const),
    pick: fc.nat(),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('withdraw' as const), amount: fc.integer({ min: 1, max: 200_000 }) }),
  fc.record({ kind: fc.constant('resolveWithdrawal' as const), pick: fc.nat(), paid: fc.boolean() }),
);

interface Entry {
  net: number;
  settled: boolean;
}
interface Withdrawal {
  amount: number;
  status: 'requested' | 'paid' | 'returned';
}

test('property: the account always reconciles with its ledger rows', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      let account: Balances = { ...EMPTY_BALANCES };
      const rows: Movement[] = [];
      const apply = (moved: Movement[]) => {
        rows.push(...moved);
        account = applyDeltas(account, moved);
      };
      const entries: Entry[] = [];
      const withdrawals: Withdrawal[] = [];
      for (const o of ops) {
        if (o.kind === 'earn') {
          entries.push({ net: o.amount, settled: false });
          apply(movements.earn(o.amount));
        } else if (o.kind === 'void' || o.kind === 'reverseSettled') {
          const pool = entries.filter((e) => e.settled === (o.kind === 'reverseSettled') && e.net > 0);
          const entry = pool[o.pick % Math.max(1, pool.length)];
          if (!entry) continue;
          const cut = Math.max(1, Math.floor(entry.net * o.fraction));
          entry.net -= cut;
          apply(movements.reverse(account, cut, o.kind === 'reverseSettled'));
        } else if (o.kind === 'settle') {
          const batch = entries.filter((e) => !e.settled);
          const total = batch.reduce((s, e) => s + e.net, 0);
          batch.forEach((e) => (e.settled = true));
          apply(movements.settle(account, total));
        } else if (o.kind === 'withdraw') {
          try {
            apply(movements.requestWithdrawal(account, o.amount));
            withdrawals.push({ amount: o.amount, status: 'requested' });
          } catch (error) {
            expect(error).toBeInstanceOf(InsufficientFunds);
            expect(o.amount).toBeGreaterThan(account.available);
          }
        } else {
          const open = withdrawals.filter((w) => w.status === 'requested');
          const w = open[o.pick % Math.max(1, open.length)];
          if (!w) continue;
          w.status = o.paid ? 'paid' : 'returned';
          const fee = withdrawalFee(w.amount, 100);
          apply(
            o.paid
              ? movements.payWithdrawal(account, w.amount, fee)
              : movements.returnWithdrawal(account, w.amount),
          );
        }
        expect(balanceProblem(account)).toBeNull();
        expect(rows.every((row) => Number.isSafeInteger(row.amount) && row.amount > 0)).toBe(true);
        // The account is the plain sum of its rows, and equals what the events say on their own.
        expect(balancesEqual(account, applyDeltas(EMPTY_BALANCES, rows))).toBe(true);
        const settledNet = entries.filter((e) => e.settled).reduce((s, e) => s + e.net, 0);
        const withdrawing = withdrawals
          .filter((x) => x.status === 'requested')
          .reduce((s, x) => s + x.amount, 0);
        const withdrawn = withdrawals.filter((x) => x.status === 'paid').reduce((s, x) => s + x.amount, 0);
        const net = settledNet - withdrawing - withdrawn;
        expect(account).toEqual({
          pending: entries.filter((e) => !e.settled).reduce((s, e) => s + e.net, 0),
          available: Math.max(0, net),
          withdrawing,
          withdrawn,
          debt: Math.max(0, -net),
        });
      }
    }),
    { numRuns: 300 },
  );
});

test('debt is paid off first by later commission, in a row of its own', () => {
  let account: Balances = { ...EMPTY_BALANCES };
  const step = (moved: Movement[]) => ((account = applyDeltas(account, moved)), moved.map((m) => m.kind));
  step(movements.earn(1000));
  step(movements.settle(account, 1000));
  step(movements.requestWithdrawal(account, 1000));
  expect(movements.reverse(account, 300, true)).toEqual([
    { kind: 'reversed', amount: 300, delta: { ...EMPTY_BALANCES, debt: 300 } },
  ]);
  step(movements.reverse(account, 300, true));
  expect([account.available, account.debt]).toEqual([0, 300]);
  step(movements.earn(500));
  expect(step(movements.settle(account, 500))).toEqual(['settled', 'debt_paid']);
  expect([account.available, account.debt]).toEqual([200, 0]);
});

test('a paid withdrawal writes what reached the distributor and the fee apart', () => {
  const before = { ...EMPTY_BALANCES, withdrawing: 1000 };
  expect(movements.payWithdrawal(before, 1000, 6).map((m) => [m.kind, m.amount, m.delta.withdrawn])).toEqual([
    ['withdrawn', 994, 994],
    ['fee', 6, 6],
  ]);
  expect(() => movements.requestWithdrawal({ ...EMPTY_BALANCES, available: 5 }, 6)).toThrow(
    InsufficientFunds,
  );
});

test('withdrawal fee floors to the fen', () => {
  expect(withdrawalFee(999, 60)).toBe(5);
  expect(withdrawalFee(100, 0)).toBe(0);
  expect(withdrawalFee(10_000_000_000, 10)).toBe(10_000_000);
});
