// Writing money: the rows of the ledger of corrections (domain/account.ts says which) and the account
// they change, always together in one transaction, and the commission entries' hold and settled state.
import {
  Account,
  applyDeltas,
  Balances,
  balanceProblem,
  Movement,
  newAccount,
  pick,
} from '../domain/account';
import { commissionId, Level } from '../domain/commission';
import type { CommissionEntry, LedgerRow } from '../domain/ledger';
import { command, Transaction, txGet } from '../data/db';

/** What every row of one event carries besides its movement: who, when, and what it is about. */
export type RowFacts = Omit<LedgerRow, '_id' | 'kind' | 'amount' | 'delta'>;

/** Row ids: the event's own id and the kind, so one event never writes the same kind twice. */
export const rowId = (event: string, movement: Movement) => `${event}:${movement.kind}`;

async function writeRows(tx: Transaction, event: string, movements: Movement[], facts: RowFacts) {
  for (const m of movements) {
    const row: Omit<LedgerRow, '_id'> = { ...facts, kind: m.kind, amount: m.amount, delta: m.delta };
    await tx.collection('ledger').doc(rowId(event, m)).set({ data: row });
  }
}

export async function txGetAccount(tx: Transaction, userId: string): Promise<Account> {
  const stored = await txGet<Account>(tx, 'accounts', userId);
  return stored ? { ...stored, _id: userId } : newAccount(userId);
}

/**
 * Writes the rows of one money event and the account they change, in `tx`. The caller has read `account`
 * in the same transaction and checked the document that makes the event happen once (an order's status,
 * a withdrawal's status, an account's revision): the deterministic row ids then only make a replay
 * visible, never a second movement. Answers the account after the event.
 */
export async function post(
  tx: Transaction,
  account: Account,
  event: string,
  movements: Movement[],
  facts: RowFacts,
  patch: Partial<Account> = {},
): Promise<Account> {
  const balances = applyDeltas(account, movements);
  const problem = balanceProblem(balances);
  if (problem) throw new RangeError(`account ${account._id} would break: ${problem}`);
  const next: Account = { ...account, ...balances, ...patch, rev: account.rev + 1 };
  const { _id, ...data } = next;
  await tx.collection('accounts').doc(_id).set({ data });
  await writeRows(tx, event, movements, facts);
  return next;
}

/**
 * Posts movements that only add to pending (earned commission) without reading the account first: one
 * request instead of two on the payment path. A missing account is created.
 */
export async function postEarned(
  tx: Transaction,
  userId: string,
  event: string,
  movements: Movement[],
  facts: RowFacts,
): Promise<void> {
  const _ = command();
  const delta = applyDeltas({ pending: 0, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 }, movements);
  if (delta.available || delta.withdrawing || delta.withdrawn || delta.debt || delta.pending < 0)
    throw new RangeError('postEarned only adds to pending');
  const accounts = tx.collection('accounts');
  const { stats } = await accounts
    .doc(userId)
    .update({ data: { pending: _.inc(delta.pending), rev: _.inc(1) } });
  if (stats.updated === 0) {
    const { _id, ...fresh } = newAccount(userId);
    void _id;
    await accounts.doc(userId).set({ data: { ...fresh, pending: delta.pending, rev: 1 } });
  }
  await writeRows(tx, event, movements, facts);
}

export const balancesOf = (account: Account): Balances => pick(account);

export const batchSeq = (batch: string) => Number(batch.slice(batch.lastIndexOf(':') + 1));

/** An entry counts as settled once its batch has been applied to the account, even before its status row says so. */
export function isSettled(
  entry: Pick<CommissionEntry, 'status' | 'settleBatch'>,
  account: Pick<Account, 'settleSeq'>,
): boolean {
  if (entry.status === 'settled') return true;
  return entry.settleBatch !== null && batchSeq(entry.settleBatch) <= account.settleSeq;
}

/** Holds (or releases) an order's commission entries: held entries do not settle while a refund is open. */
export async function holdCommission(tx: Transaction, orderId: string, onHold: boolean): Promise<void> {
  for (const level of [1, 2] as Level[]) {
    const id = commissionId(orderId, level);
    if (await txGet(tx, 'commissions', id))
      await tx.collection('commissions').doc(id).update({ data: { onHold } });
  }
}
