// The reconciliation check, plain sums: each distributor's account must equal the sum of the deltas of
// their ledger rows, their pending (the rows' sum) what their unsettled entries still hold, and each
// commission entry's net its earned rows less its reversed rows.
import type { Mismatch, ReconcileReport } from '../../contracts/wallet';
import {
  Account,
  BALANCE_KEYS,
  Balances,
  balancesEqual,
  EMPTY_BALANCES,
  EMPTY_HELD,
  pick,
  withPending,
} from '../../domain/account';
import { isSettled } from '../ledger';
import type { CommissionEntry } from '../../domain/ledger';
import { aggregate, command, find, query } from '../../data/db';

/** Every account (the platform answers at most 1000 documents per read, so this pages). */
async function allAccounts(userId?: string): Promise<Account[]> {
  if (userId) return find<Account>('accounts', { _id: userId });
  const accounts: Account[] = [];
  for (;;) {
    const { data } = await query('accounts', {}, [['_id', 'asc']])
      .skip(accounts.length)
      .limit(1000)
      .get();
    accounts.push(...(data as Account[]));
    if (data.length < 1000) return accounts;
  }
}

/** No $limit: the platform would answer only 20 groups. */
const ALL_GROUPS = { $limit: 1_000_000 };

/**
 * Checks every account (or the given one) against its ledger rows, and each distributor's pending (the sum
 * of their rows) against their unsettled commission entries; an empty list means the books balance.
 */
export async function reconcile(userId?: string): Promise<ReconcileReport> {
  const match = userId ? { userId } : {};
  const [accounts, sums, entryNets, entries] = await Promise.all([
    allAccounts(userId),
    aggregate<{ _id: string } & Balances>('ledger', [
      { $match: match },
      {
        $group: {
          _id: '$userId',
          ...Object.fromEntries(BALANCE_KEYS.map((key) => [key, { $sum: `$delta.${key}` }])),
        },
      },
      ALL_GROUPS,
    ]),
    aggregate<{ _id: string; net: number }>('ledger', [
      { $match: { ...match, kind: command().in(['earned', 'reversed']) } },
      {
        $group: {
          _id: '$entryId',
          net: { $sum: { $cond: [{ $eq: ['$kind', 'earned'] }, '$amount', { $multiply: ['$amount', -1] }] } },
        },
      },
      ALL_GROUPS,
    ]),
    aggregate<
      Pick<CommissionEntry, '_id' | 'beneficiaryId' | 'amount' | 'reversedAmount' | 'status' | 'settleBatch'>
    >('commissions', [
      { $match: userId ? { beneficiaryId: userId } : {} },
      { $project: { beneficiaryId: 1, amount: 1, reversedAmount: 1, status: 1, settleBatch: 1 } },
      ALL_GROUPS,
    ]),
  ]);
  const fromRows = new Map(sums.map((row) => [row._id, pick(row)]));
  const accountOf = new Map(accounts.map((a) => [a._id, a]));
  // What the entries say is still pending: their net, unless a settlement already moved it.
  const pendingOfEntries = new Map<string, number>();
  for (const entry of entries) {
    const account = accountOf.get(entry.beneficiaryId) ?? { settleSeq: 0 };
    if (isSettled(entry, account)) continue;
    const net = entry.amount - entry.reversedAmount;
    pendingOfEntries.set(entry.beneficiaryId, (pendingOfEntries.get(entry.beneficiaryId) ?? 0) + net);
  }
  const people = new Set([...accounts.map((a) => a._id), ...fromRows.keys(), ...pendingOfEntries.keys()]);
  const mismatches: Mismatch[] = [];
  for (const id of [...people].sort()) {
    const rows = fromRows.get(id) ?? EMPTY_BALANCES;
    const stored = withPending(accountOf.get(id) ?? EMPTY_HELD, rows.pending);
    const expected = { ...rows, pending: pendingOfEntries.get(id) ?? 0 };
    if (!balancesEqual(stored, rows) || !balancesEqual(stored, expected))
      mismatches.push({ userId: id, stored, expected: balancesEqual(stored, rows) ? expected : rows });
  }
  const nets = new Map(entryNets.map((row) => [row._id, row.net]));
  const entryMismatches = entries
    .filter((entry) => entry.amount - entry.reversedAmount !== (nets.get(entry._id) ?? 0))
    .map((entry) => ({
      entryId: entry._id,
      stored: entry.amount - entry.reversedAmount,
      expected: nets.get(entry._id) ?? 0,
    }));
  return { accounts: accounts.length, mismatches, entries: entries.length, entryMismatches };
}
