// A distributor's account and the only ways it changes. Each transition is paired, in the same
// database transaction, with the ledger row that justifies it (a commission entry, a settlement, a
// withdrawal), and reconcile() rebuilds the balances from those rows.
//
// Balances (fen): pending (earned, after-sale window still open), available (withdrawable),
// withdrawing (requested, not yet paid), withdrawn (paid out), debt (commission reversed after it
// was settled and already spent). Invariant: debt > 0 implies available = 0, because any money
// arriving in available pays debt first.

export interface Balances {
  pending: number;
  available: number;
  withdrawing: number;
  withdrawn: number;
  debt: number;
}

export interface Account extends Balances {
  _id: string;
  /** Bumped by every change, so a settlement can tell that nothing moved under it. */
  rev: number;
  /** The last settlement batch applied (batches are numbered per account from 1). */
  settleSeq: number;
}

export const EMPTY_BALANCES: Balances = { pending: 0, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };

export function newAccount(userId: string): Account {
  return { _id: userId, ...EMPTY_BALANCES, rev: 0, settleSeq: 0 };
}

export class InsufficientFunds extends Error {
  constructor(
    readonly available: number,
    readonly requested: number,
  ) {
    super(`available ${available} < requested ${requested}`);
  }
}

/** Money arriving in available pays off debt first. */
function receive(b: Balances, amount: number): Balances {
  const payoff = Math.min(b.debt, amount);
  return { ...b, debt: b.debt - payoff, available: b.available + amount - payoff };
}

/** Money taken back from available; what available cannot cover becomes debt. */
function takeBack(b: Balances, amount: number): Balances {
  const fromAvailable = Math.min(b.available, amount);
  return { ...b, available: b.available - fromAvailable, debt: b.debt + amount - fromAvailable };
}

export const transitions = {
  /** A paid order's commission entry is created. */
  earn: (b: Balances, amount: number): Balances => ({ ...b, pending: b.pending + amount }),
  /** A refund inside the window voids part of a pending entry. */
  voidPending: (b: Balances, amount: number): Balances => {
    if (amount > b.pending) throw new RangeError(`cannot void ${amount} of pending ${b.pending}`);
    return { ...b, pending: b.pending - amount };
  },
  /** The after-sale window closed on entries worth `amount`. */
  settle: (b: Balances, amount: number): Balances => {
    if (amount > b.pending) throw new RangeError(`cannot settle ${amount} of pending ${b.pending}`);
    return receive({ ...b, pending: b.pending - amount }, amount);
  },
  /** A refund after settlement reverses already-settled commission. */
  reverseSettled: (b: Balances, amount: number): Balances => takeBack(b, amount),
  /** A withdrawal request reserves its whole amount (the fee is taken from it at payout). */
  requestWithdrawal: (b: Balances, amount: number): Balances => {
    if (amount > b.available) throw new InsufficientFunds(b.available, amount);
    return { ...b, available: b.available - amount, withdrawing: b.withdrawing + amount };
  },
  paidWithdrawal: (b: Balances, amount: number): Balances => {
    if (amount > b.withdrawing) throw new RangeError(`cannot pay ${amount} of withdrawing ${b.withdrawing}`);
    return { ...b, withdrawing: b.withdrawing - amount, withdrawn: b.withdrawn + amount };
  },
  /** A rejected or failed withdrawal returns its money to available (paying debt first). */
  returnWithdrawal: (b: Balances, amount: number): Balances => {
    if (amount > b.withdrawing)
      throw new RangeError(`cannot return ${amount} of withdrawing ${b.withdrawing}`);
    return receive({ ...b, withdrawing: b.withdrawing - amount }, amount);
  },
};

/** Applies a transition to a stored account, bumping its revision. */
export function applyTo(account: Account, change: (b: Balances) => Balances): Account {
  const next = change(account);
  return { ...account, ...pick(next), rev: account.rev + 1 };
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

export interface LedgerFacts {
  /** Net (amount − reversedAmount) of entries not yet settled. */
  pendingNet: number;
  /** Net of settled entries (reversals after settlement included). */
  settledNet: number;
  /** Amounts of withdrawals requested or approved but not paid. */
  withdrawing: number;
  /** Amounts of paid withdrawals. */
  withdrawn: number;
}

/**
 * What the balances must be given the ledger rows; the reconciliation check compares this with the
 * stored account. Debt and available are determined together by (available − debt) and the rule
 * that debt > 0 implies available = 0.
 */
export function expectedBalances(facts: LedgerFacts): Balances {
  const net = facts.settledNet - facts.withdrawing - facts.withdrawn;
  return {
    pending: facts.pendingNet,
    available: Math.max(0, net),
    withdrawing: facts.withdrawing,
    withdrawn: facts.withdrawn,
    debt: Math.max(0, -net),
  };
}

export function balancesEqual(a: Balances, b: Balances): boolean {
  return (
    a.pending === b.pending &&
    a.available === b.available &&
    a.withdrawing === b.withdrawing &&
    a.withdrawn === b.withdrawn &&
    a.debt === b.debt
  );
}

/** The fee of a withdrawal of `amount`: floored to the fen like every proportional amount. */
export function withdrawalFee(amount: number, feeBp: number): number {
  return Number((BigInt(amount) * BigInt(feeBp)) / 10_000n);
}
