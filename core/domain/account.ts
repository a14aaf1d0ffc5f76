// A distributor's money: the ledger of corrections. Every change is a new row with a kind, an amount, the
// signed change it makes to each balance (`delta`) and the date it happened; no row is ever edited. The
// account document holds the sum of its rows for the balances that must be checked before money moves
// (available, withdrawing, withdrawn, debt), written in the same transaction as the rows. Pending is not
// held there: it is the sum of the rows' pending, so crediting a payment writes rows only and payments of
// one distributor's shoppers never contend for one document. `reconcile` is the plain sums. This file says
// which rows each money event makes; usecases/ledger.ts writes them.
//
// Balances (fen): pending (earned, after-sale window still open), available (withdrawable), withdrawing
// (requested, not yet paid), withdrawn (paid out, fees included), debt (commission reversed after it was
// settled and already spent). Invariant: debt > 0 implies available = 0, because money arriving in
// available pays debt first (a `debt_paid` row).

export interface Balances {
  pending: number;
  available: number;
  withdrawing: number;
  withdrawn: number;
  debt: number;
}

/** The balances the account document holds (all but pending, which is the sum of the rows). */
export type Held = Omit<Balances, 'pending'>;

export interface Account extends Held {
  _id: string;
  /** Bumped by every change, so a settlement can tell that nothing moved under it. */
  rev: number;
  /** The last settlement batch applied (batches are numbered per account from 1). */
  settleSeq: number;
}

export const EMPTY_BALANCES: Balances = { pending: 0, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };
export const BALANCE_KEYS = ['pending', 'available', 'withdrawing', 'withdrawn', 'debt'] as const;
export const HELD_KEYS = ['available', 'withdrawing', 'withdrawn', 'debt'] as const;
export const EMPTY_HELD: Held = { available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };

export function newAccount(userId: string): Account {
  return { _id: userId, ...EMPTY_HELD, rev: 0, settleSeq: 0 };
}

/**
 * What happened, as the ledger names it:
 * - `earned`: a paid order's commission (pending +)
 * - `reversed`: a refund took commission back (pending −; after settlement available −, the rest debt +)
 * - `settled`: the after-sale window closed (pending − available +)
 * - `debt_paid`: money arriving in available paid debt off first (available − debt −)
 * - `withdrawing`: a withdrawal was asked for (available − withdrawing +)
 * - `withdrawn`: it was paid out (withdrawing − withdrawn +), and `fee`: the merchant's fee kept from it
 * - `returned`: a withdrawal was rejected or failed (withdrawing − available +)
 * - `adjusted`: the opening balance of data kept before this ledger existed (migration only)
 */
export type MovementKind =
  | 'earned'
  | 'reversed'
  | 'settled'
  | 'debt_paid'
  | 'withdrawing'
  | 'withdrawn'
  | 'fee'
  | 'returned'
  | 'adjusted';

export interface Movement {
  kind: MovementKind;
  /** Fen, never negative: how much moved. */
  amount: number;
  /** The signed change to each balance; the account is the sum of every row's delta. */
  delta: Balances;
}

export class InsufficientFunds extends Error {
  constructor(
    readonly available: number,
    readonly requested: number,
  ) {
    super(`available ${available} < requested ${requested}`);
  }
}

function move(kind: MovementKind, amount: number, delta: Partial<Balances>): Movement {
  const full = { ...EMPTY_BALANCES };
  // `|| 0` turns -0 into 0, so equal rows compare equal and print plainly.
  for (const key of BALANCE_KEYS) full[key] = delta[key] || 0;
  return { kind, amount, delta: full };
}

/** The balances after the movements: all five (Balances), or the held four (Held). */
export function applyDeltas<B extends Held>(b: B, movements: Movement[]): B {
  const next = { ...b };
  const keys = 'pending' in b ? BALANCE_KEYS : HELD_KEYS;
  for (const m of movements) for (const key of keys) (next as unknown as Balances)[key] += m.delta[key];
  return next;
}

function positive(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`${what} must be whole fen ≥ 0, got ${amount}`);
}

/** After money arrived in available: the debt it pays off, if any. */
function payDebt(after: Held): Movement[] {
  const payoff = Math.min(after.debt, after.available);
  return payoff > 0 ? [move('debt_paid', payoff, { available: -payoff, debt: -payoff })] : [];
}

/**
 * The rows of each money event, given the balances before it (some splits depend on them). Each
 * returns the rows in the order they apply; an event of 0 fen makes no row.
 */
export const movements = {
  /** A paid order's commission entry is created. */
  earn(amount: number): Movement[] {
    positive(amount, 'earned');
    return amount > 0 ? [move('earned', amount, { pending: amount })] : [];
  },
  /**
   * A refund takes back `amount` of commission: from pending before settlement (the entry's own pending
   * bounds it: its amount less what was reversed), else from available, then as debt.
   */
  reverse(b: Held, amount: number, settled: boolean): Movement[] {
    positive(amount, 'reversed');
    if (amount === 0) return [];
    if (!settled) return [move('reversed', amount, { pending: -amount })];
    const fromAvailable = Math.min(b.available, amount);
    return [move('reversed', amount, { available: -fromAvailable, debt: amount - fromAvailable })];
  },
  /**
   * The after-sale window closed on entries worth `amount` (their pending, claimed by the settlement):
   * pending becomes available, paying debt first.
   */
  settle(b: Held, amount: number): Movement[] {
    positive(amount, 'settled');
    if (amount === 0) return [];
    const settled = move('settled', amount, { pending: -amount, available: amount });
    return [settled, ...payDebt(applyDeltas(b, [settled]))];
  },
  /** A withdrawal request reserves its whole amount (the fee is taken from it at payout). */
  requestWithdrawal(b: Held, amount: number): Movement[] {
    positive(amount, 'withdrawal');
    if (amount > b.available) throw new InsufficientFunds(b.available, amount);
    return [move('withdrawing', amount, { available: -amount, withdrawing: amount })];
  },
  /** The withdrawal was paid: `amount − fee` to the distributor, `fee` kept by the merchant. */
  payWithdrawal(b: Held, amount: number, fee: number): Movement[] {
    positive(amount, 'withdrawal');
    positive(fee, 'fee');
    if (amount > b.withdrawing) throw new RangeError(`cannot pay ${amount} of withdrawing ${b.withdrawing}`);
    if (fee > amount) throw new RangeError(`fee ${fee} exceeds withdrawal ${amount}`);
    const payout = amount - fee;
    return [
      ...(payout > 0 ? [move('withdrawn', payout, { withdrawing: -payout, withdrawn: payout })] : []),
      ...(fee > 0 ? [move('fee', fee, { withdrawing: -fee, withdrawn: fee })] : []),
    ];
  },
  /** A rejected or failed withdrawal returns its money to available (paying debt first). */
  returnWithdrawal(b: Held, amount: number): Movement[] {
    positive(amount, 'withdrawal');
    if (amount > b.withdrawing)
      throw new RangeError(`cannot return ${amount} of withdrawing ${b.withdrawing}`);
    const returned = move('returned', amount, { withdrawing: -amount, available: amount });
    return [returned, ...payDebt(applyDeltas(b, [returned]))];
  },
};

/** The row that brings `from` to `to` (an opening balance); none when they are equal. */
export function adjustment(from: Balances, to: Balances): Movement[] {
  const delta = pick(EMPTY_BALANCES);
  for (const key of BALANCE_KEYS) delta[key] = to[key] - from[key];
  const moved = BALANCE_KEYS.reduce((sum, key) => sum + Math.abs(delta[key]), 0);
  return moved > 0 ? [{ kind: 'adjusted', amount: moved, delta }] : [];
}

/** What must always hold of an account: no balance below zero, and no debt beside available money. */
export function balanceProblem(b: Held | Balances): string | null {
  for (const key of 'pending' in b ? BALANCE_KEYS : HELD_KEYS)
    if ((b as Balances)[key] < 0) return `${key} is ${(b as Balances)[key]}`;
  if (b.debt > 0 && b.available > 0) return `debt ${b.debt} beside available ${b.available}`;
  return null;
}

export function pick(b: Balances): Balances {
  return {
    pending: b.pending,
    available: b.available,
    withdrawing: b.withdrawing,
    withdrawn: b.withdrawn,
    debt: b.debt,
  };
}

export function balancesEqual(a: Balances, b: Balances): boolean {
  return BALANCE_KEYS.every((key) => a[key] === b[key]);
}

/** The held balances of an account (a document written before 0.3.0 may still carry a stale pending). */
export function held(b: Held): Held {
  return { available: b.available, withdrawing: b.withdrawing, withdrawn: b.withdrawn, debt: b.debt };
}

/** A distributor's five balances: what the account holds, and pending summed from the rows. */
export const withPending = (b: Held, pending: number): Balances => ({ pending, ...held(b) });

/** The fee of a withdrawal of `amount`: floored to the fen like every proportional amount. */
export function withdrawalFee(amount: number, feeBp: number): number {
  return Number((BigInt(amount) * BigInt(feeBp)) / 10_000n);
}
