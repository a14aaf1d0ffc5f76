// The `accounts` collection: one balance document per distributor, changed only inside the
// transaction that writes the ledger row justifying the change.
import { newAccount } from '../domain/account';
import { Transaction, txGet } from './db';

/** Opens a distributor's account when they become active, so their first commission is one write. */
export async function txEnsureAccount(tx: Transaction, userId: string): Promise<void> {
  if (await txGet(tx, 'accounts', userId)) return;
  const { _id, ...fresh } = newAccount(userId);
  void _id;
  await tx.collection('accounts').doc(userId).set({ data: fresh });
}
