// The reconciliation check: rebuilds each distributor's balances from the ledger rows (commission
// entries, settlements and withdrawals) with aggregations and compares them with the stored account.
import { Account, Balances, balancesEqual, expectedBalances, pick } from '../../domain/account';
import { aggregate, find, query } from '../../data/db';
import { batchSeq } from '../ledger';

export interface Mismatch {
  userId: string;
  stored: Balances;
  expected: Balances;
}

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

interface EntrySums {
  _id: { user: string; batch: string | null; status: string };
  net: number;
}

/** Checks every account (or the given one); an empty list means the books balance. */
export async function reconcile(userId?: string): Promise<{ accounts: number; mismatches: Mismatch[] }> {
  const accounts = await allAccounts(userId);
  const match = userId ? { beneficiaryId: userId } : {};
  const entrySums = await aggregate<EntrySums>('commissions', [
    { $match: match },
    {
      $group: {
        _id: { user: '$beneficiaryId', batch: '$settleBatch', status: '$status' },
        net: { $sum: { $subtract: ['$amount', '$reversedAmount'] } },
      },
    },
    { $limit: 100_000 },
  ]);
  const withdrawalSums = await aggregate<{ _id: { user: string; status: string }; amount: number }>(
    'withdrawals',
    [
      { $match: userId ? { userId } : {} },
      { $group: { _id: { user: '$userId', status: '$status' }, amount: { $sum: '$amount' } } },
      // Without a $limit the platform answers at most 20 groups.
      { $limit: 100_000 },
    ],
  );
  const mismatches: Mismatch[] = [];
  for (const account of accounts) {
    const facts = { pendingNet: 0, settledNet: 0, withdrawing: 0, withdrawn: 0 };
    for (const row of entrySums) {
      if (row._id.user !== account._id) continue;
      const batch = row._id.batch;
      const settled =
        row._id.status === 'settled' || (batch !== null && batchSeq(batch) <= account.settleSeq);
      if (settled) facts.settledNet += row.net;
      else facts.pendingNet += row.net;
    }
    for (const row of withdrawalSums) {
      if (row._id.user !== account._id) continue;
      if (row._id.status === 'requested' || row._id.status === 'approved') facts.withdrawing += row.amount;
      if (row._id.status === 'paid') facts.withdrawn += row.amount;
    }
    const expected = expectedBalances(facts);
    if (!balancesEqual(account, expected))
      mismatches.push({ userId: account._id, stored: pick(account), expected });
  }
  return { accounts: accounts.length, mismatches };
}
