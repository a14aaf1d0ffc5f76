// Writing money: the rows of the ledger of corrections (domain/account.ts says which) and the account
// balances they change, always together in one transaction; pending, the rows' sum; the commission
// entries' hold and settled state.
import {
  Account,
  applyDeltas,
  Balances,
  balanceProblem,
  EMPTY_HELD,
  held,
  HELD_KEYS,
  Movement,
  newAccount,
  withPending,
} from '../domain/account';
import { commissionId, Level } from '../domain/commission';
import type { CommissionEntry, LedgerRow } from '../domain/ledger';
import { aggregate, command, getById, Transaction, txGet, txSet, txUpdate } from '../data/db';

/** What every row of one event carries besides its movement: who, when, and what it is about. */
export type RowFacts = Omit<LedgerRow, '_id' | 'kind' | 'amount' | 'delta'>;

/** Row ids: the event's own id and the kind, so one event never writes the same kind twice. */
export const rowId = (event: string, movement: Movement) => `${event}:${movement.kind}`;

async function writeRows(tx: Transaction, event: string, movements: Movement[], facts: RowFacts) {
  for (const m of movements) {
    const row: Omit<LedgerRow, '_id'> = { ...facts, kind: m.kind, amount: m.amount, delta: m.delta };
    await txSet(tx, 'ledger', rowId(event, m), row);
  }
}

export async function txGetAccount(tx: Transaction, userId: string): Promise<Account> {
  const stored = await txGet<Account>(tx, 'accounts', userId);
  return stored ? { ...stored, _id: userId } : newAccount(userId);
}

/**
 * Writes the rows of one money event and the account balances they change, in `tx`. The caller has read
 * `account` in the same transaction and checked the document that makes the event happen once (an order's
 * status, a withdrawal's status, an account's revision): the deterministic row ids then only make a replay
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
  const balances = applyDeltas(held(account), movements);
  const problem = balanceProblem(balances);
  if (problem) throw new RangeError(`account ${account._id} would break: ${problem}`);
  const next: Account = {
    _id: account._id,
    ...balances,
    rev: account.rev + 1,
    settleSeq: account.settleSeq,
    ...patch,
  };
  const { _id, ...data } = next;
  await txSet(tx, 'accounts', _id, data);
  await writeRows(tx, event, movements, facts);
  return next;
}

/**
 * Posts movements that change pending only (commission earned, or reversed before it settled): rows and
 * nothing else, since pending is the sum of the rows. The payment path never touches the account document,
 * so payments for one distributor's shoppers do not contend.
 */
export async function postPending(
  tx: Transaction,
  event: string,
  movements: Movement[],
  facts: RowFacts,
): Promise<void> {
  for (const m of movements)
    if (HELD_KEYS.some((key) => m.delta[key] !== 0))
      throw new RangeError(`${m.kind} changes more than pending: post it with the account`);
  await writeRows(tx, event, movements, facts);
}

/** Each user's pending commission: the sum of their rows' pending. */
export async function pendingOf(userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await aggregate<{ _id: string; pending: number }>('ledger', [
    { $match: { userId: command().in(userIds) } },
    { $group: { _id: '$userId', pending: { $sum: '$delta.pending' } } },
    { $limit: userIds.length },
  ]);
  return new Map(rows.map((row) => [row._id, row.pending]));
}

/** A distributor's five balances: the account's, and pending from the rows. */
export async function balancesOf(userId: string): Promise<Balances> {
  const [account, pending] = await Promise.all([getById<Account>('accounts', userId), pendingOf([userId])]);
  return withPending(account ?? EMPTY_HELD, pending.get(userId) ?? 0);
}

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
    if (await txGet(tx, 'commissions', id)) await txUpdate(tx, 'commissions', id, { onHold });
  }
}
