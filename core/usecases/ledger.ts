// The ledger rows of the money flow and the one way an account changes inside a transaction.
import { Account, applyTo, Balances, newAccount } from '../domain/account';
import { commissionId, Level } from '../domain/commission';
import type { CommissionEntry } from '../domain/ledger';
import { command, Transaction, txGet } from '../data/db';

export const batchSeq = (batch: string) => Number(batch.slice(batch.lastIndexOf(':') + 1));

/** An entry counts as settled once its batch has been applied to the account, even before its status row says so. */
export function isSettled(
  entry: Pick<CommissionEntry, 'status' | 'settleBatch'>,
  account: Pick<Account, 'settleSeq'>,
): boolean {
  if (entry.status === 'settled') return true;
  return entry.settleBatch !== null && batchSeq(entry.settleBatch) <= account.settleSeq;
}

/**
 * Applies a balance change to a distributor's account inside `tx`, creating the account on first
 * use. `change` also sees the stored account (for its settlement state). Answers the account as it
 * was before the change.
 */
export async function applyToAccount(
  tx: Transaction,
  userId: string,
  change: (balances: Balances, account: Account) => Balances,
): Promise<Account> {
  const stored = await txGet<Account>(tx, 'accounts', userId);
  const account = stored ? { ...stored, _id: userId } : newAccount(userId);
  const next = applyTo(account, (b) => change(b, account));
  const { _id, ...data } = next;
  void _id;
  await tx.collection('accounts').doc(userId).set({ data });
  return account;
}

/**
 * Adds newly earned commission to pending without reading the account first (one request instead
 * of two on the payment path); a missing account is created. Earning needs no balance check.
 */
export async function creditPending(tx: Transaction, userId: string, amount: number): Promise<void> {
  const _ = command();
  const accounts = tx.collection('accounts');
  const { stats } = await accounts.doc(userId).update({ data: { pending: _.inc(amount), rev: _.inc(1) } });
  if (stats.updated === 0) {
    const { _id, ...fresh } = newAccount(userId);
    void _id;
    await accounts.doc(userId).set({ data: { ...fresh, pending: amount, rev: 1 } });
  }
}

/** Holds (or releases) an order's commission entries: held entries do not settle while a refund is open. */
export async function holdCommission(tx: Transaction, orderId: string, onHold: boolean): Promise<void> {
  for (const level of [1, 2] as Level[]) {
    const id = commissionId(orderId, level);
    if (await txGet(tx, 'commissions', id))
      await tx.collection('commissions').doc(id).update({ data: { onHold } });
  }
}
