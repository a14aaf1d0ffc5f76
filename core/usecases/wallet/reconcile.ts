// The reconciliation check, a plain sum: each distributor's account must equal the sum of the deltas of
// their ledger rows, and each commission entry's net must equal its earned rows less its reversed rows.
import type { Mismatch, ReconcileReport } from '../../contracts/wallet';
import { Account, BALANCE_KEYS, Balances, balancesEqual, EMPTY_BALANCES, pick } from '../../domain/account';
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

/** Checks every account (or the given one) against its ledger rows; an empty list means the books balance. */
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
    aggregate<Pick<CommissionEntry, '_id' | 'amount' | 'reversedAmount'>>('commissions', [
      { $match: userId ? { beneficiaryId: userId } : {} },
      { $project: { amount: 1, reversedAmount: 1 } },
      ALL_GROUPS,
    ]),
  ]);
  const expected = new Map(sums.map((row) => [row._id, pick(row)]));
  const mismatches: Mismatch[] = [];
  for (const account of accounts) {
    const fromRows = expected.get(account._id) ?? EMPTY_BALANCES;
    if (!balancesEqual(account, fromRows))
      mismatches.push({ userId: account._id, stored: pick(account), expected: fromRows });
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
