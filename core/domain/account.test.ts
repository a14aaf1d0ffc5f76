// Account transitions: every random sequence of ledger events keeps the account equal to what the
// ledger rows say, never lets available go negative, and never leaves debt beside available money.
import fc from 'fast-check';
import {
  applyTo,
  balancesEqual,
  expectedBalances,
  InsufficientFunds,
  newAccount,
  transitions,
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
      let account = newAccount('B');
      const entries: Entry[] = [];
      const withdrawals: Withdrawal[] = [];
      for (const o of ops) {
        if (o.kind === 'earn') {
          entries.push({ net: o.amount, settled: false });
          account = applyTo(account, (b) => transitions.earn(b, o.amount));
        } else if (o.kind === 'void' || o.kind === 'reverseSettled') {
          const pool = entries.filter((e) => e.settled === (o.kind === 'reverseSettled') && e.net > 0);
          const entry = pool[o.pick % Math.max(1, pool.length)];
          if (!entry) continue;
          const cut = Math.max(1, Math.floor(entry.net * o.fraction));
          entry.net -= cut;
          account = applyTo(account, (b) =>
            o.kind === 'void' ? transitions.voidPending(b, cut) : transitions.reverseSettled(b, cut),
          );
        } else if (o.kind === 'settle') {
          const batch = entries.filter((e) => !e.settled);
          const total = batch.reduce((s, e) => s + e.net, 0);
          batch.forEach((e) => (e.settled = true));
          account = applyTo(account, (b) => transitions.settle(b, total));
        } else if (o.kind === 'withdraw') {
          try {
            account = applyTo(account, (b) => transitions.requestWithdrawal(b, o.amount));
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
          account = applyTo(account, (b) =>
            o.paid ? transitions.paidWithdrawal(b, w.amount) : transitions.returnWithdrawal(b, w.amount),
          );
        }
        expect(account.available).toBeGreaterThanOrEqual(0);
        expect(account.pending).toBeGreaterThanOrEqual(0);
        expect(account.debt).toBeGreaterThanOrEqual(0);
        if (account.debt > 0) expect(account.available).toBe(0);
        const facts = {
          pendingNet: entries.filter((e) => !e.settled).reduce((s, e) => s + e.net, 0),
          settledNet: entries.filter((e) => e.settled).reduce((s, e) => s + e.net, 0),
          withdrawing: withdrawals.filter((x) => x.status === 'requested').reduce((s, x) => s + x.amount, 0),
          withdrawn: withdrawals.filter((x) => x.status === 'paid').reduce((s, x) => s + x.amount, 0),
        };
        expect(balancesEqual(account, expectedBalances(facts))).toBe(true);
      }
    }),
    { numRuns: 300 },
  );
});

test('debt is paid off first by later commission', () => {
  let account = newAccount('B');
  account = applyTo(account, (b) => transitions.earn(b, 1000));
  account = applyTo(account, (b) => transitions.settle(b, 1000));
  account = applyTo(account, (b) => transitions.requestWithdrawal(b, 1000));
  account = applyTo(account, (b) => transitions.reverseSettled(b, 300));
  expect([account.available, account.debt]).toEqual([0, 300]);
  account = applyTo(account, (b) => transitions.earn(b, 500));
  account = applyTo(account, (b) => transitions.settle(b, 500));
  expect([account.available, account.debt]).toEqual([200, 0]);
  expect(account.rev).toBe(6);
});

test('withdrawal fee floors to the fen', () => {
  expect(withdrawalFee(999, 60)).toBe(5);
  expect(withdrawalFee(100, 0)).toBe(0);
  expect(withdrawalFee(10_000_000_000, 10)).toBe(10_000_000);
});
