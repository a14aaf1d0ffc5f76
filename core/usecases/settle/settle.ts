// settle: the timer job. Closes unpaid orders that expired, completes orders shipped long ago, and
// settles matured commission one distributor at a time, so its database requests grow with the
// number of distributors, not the number of entries.
//
// Settling a distributor (each step is safe to repeat; a cut-off run resumes on the next one):
//  1. read the account: revision r and last batch s; the batch is "<userId>:<s+1>";
//  2. claim matured, unheld, unclaimed pending entries for that batch (one multi-document update);
//  3. sum the batch (one aggregation);
//  4. in one transaction: the account must still be at revision r (a payment or refund in between
//     changed it: start over), then write the settlement row and move the sum from pending to
//     available (paying debt first), setting the last batch to s+1;
//  5. mark the batch's entries settled (one multi-document update). Until this runs, an entry of an
//     applied batch already counts as settled (ledger.isSettled), so a crash here loses nothing.
import { applyTo, Account, transitions } from '../../domain/account';
import { Order } from '../../domain/order';
import { Settings } from '../../domain/settings';
import { aggregate, command, find, getById, inTransaction, txGet, updateWhere } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { closeUnpaid, completeOrder } from '../order/lifecycle';
import { providerFor } from '../order/pay';
import { upgradeGrade } from './grades';

/** Leave room inside the function's 60 s timeout to finish the step in hand. */
const TIME_BUDGET_MS = 45_000;
const BATCH = 100;
const DAY_MS = 86_400_000;

export interface SettleReport {
  closed: number;
  completed: number;
  settledDistributors: number;
  settledEntries: number;
  settledAmount: number;
  /** Distributors who reached a higher grade with this settlement. */
  upgraded: number;
  /** True when the run stopped at its time budget; the next run continues. */
  resumable: boolean;
}

class OutOfTime extends Error {}

export async function runSettle(now: Date): Promise<SettleReport> {
  const started = Date.now();
  const checkTime = () => {
    if (Date.now() - started > TIME_BUDGET_MS) throw new OutOfTime();
  };
  const report: SettleReport = {
    closed: 0,
    completed: 0,
    settledDistributors: 0,
    settledEntries: 0,
    settledAmount: 0,
    upgraded: 0,
    resumable: false,
  };
  const settings = await loadSettings();
  try {
    report.closed = await closeExpired(settings, now, checkTime);
    report.completed = await completeShipped(settings, now, checkTime);
    await settleMatured(settings, now, report, checkTime);
  } catch (error) {
    if (!(error instanceof OutOfTime)) throw error;
    report.resumable = true;
  }
  return report;
}

async function closeExpired(settings: Settings, now: Date, checkTime: () => void): Promise<number> {
  const _ = command();
  let provider;
  try {
    provider = providerFor(settings);
  } catch {
    provider = undefined;
  }
  let closed = 0;
  for (;;) {
    const due = await find<Order>('orders', { status: 'created', expiresAt: _.lte(now) }, { limit: BATCH });
    for (const order of due) {
      checkTime();
      await closeUnpaid(order._id, 'closed', now, provider).then(
        () => closed++,
        (error: unknown) => console.warn(`close ${order._id} skipped`, error),
      );
    }
    if (due.length < BATCH) return closed;
  }
}

async function completeShipped(settings: Settings, now: Date, checkTime: () => void): Promise<number> {
  const _ = command();
  const shippedBefore = new Date(now.getTime() - settings.autoCompleteDays * DAY_MS);
  let completed = 0;
  for (;;) {
    const due = await find<Order>(
      'orders',
      { status: 'shipped', shippedAt: _.lte(shippedBefore) },
      { limit: BATCH },
    );
    for (const order of due) {
      checkTime();
      await completeOrder(order._id, now, settings, 'system').then(
        () => completed++,
        (error: unknown) => console.warn(`complete ${order._id} skipped`, error),
      );
    }
    if (due.length < BATCH) return completed;
  }
}

function maturedFilter(now: Date) {
  const _ = command();
  return { status: 'pending', maturesAt: _.lte(now), onHold: _.neq(true) };
}

async function settleMatured(
  settings: Settings,
  now: Date,
  report: SettleReport,
  checkTime: () => void,
): Promise<void> {
  for (;;) {
    const due = await aggregate<{ _id: string }>('commissions', [
      { $match: maturedFilter(now) },
      { $group: { _id: '$beneficiaryId' } },
      { $sort: { _id: 1 } },
      { $limit: BATCH },
    ]);
    let progressed = false;
    for (const { _id: userId } of due) {
      checkTime();
      const result = await settleDistributor(userId, now);
      if (result.entries > 0) {
        if (await upgradeGrade(userId, settings, now)) report.upgraded++;
        report.settledDistributors++;
        report.settledEntries += result.entries;
        report.settledAmount += result.amount;
      }
      progressed ||= result.progressed;
    }
    if (due.length < BATCH || !progressed) return;
  }
}

const ATTEMPTS = 5;

export async function settleDistributor(
  userId: string,
  now: Date,
): Promise<{ entries: number; amount: number; progressed: boolean }> {
  const _ = command();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const account = await getById<Account>('accounts', userId);
    if (!account) return { entries: 0, amount: 0, progressed: false };
    const seq = account.settleSeq + 1;
    const batch = `${userId}:${seq}`;
    await updateWhere(
      'commissions',
      { beneficiaryId: userId, ...maturedFilter(now), settleBatch: _.in([null, batch]) },
      { settleBatch: batch },
    );
    const [sum] = await aggregate<{ amount: number; entries: number }>('commissions', [
      { $match: { settleBatch: batch } },
      {
        $group: {
          _id: null,
          amount: { $sum: { $subtract: ['$amount', '$reversedAmount'] } },
          entries: { $sum: 1 },
        },
      },
    ]);
    if (!sum || sum.entries === 0) {
      // Nothing new: finish the status rows of the previous batch if a cut-off run left them.
      const finished = account.settleSeq > 0 ? await markSettled(`${userId}:${account.settleSeq}`, now) : 0;
      return { entries: 0, amount: 0, progressed: finished > 0 };
    }
    const applied = await inTransaction(async (tx) => {
      const current = await txGet<Account>(tx, 'accounts', userId);
      if (!current || current.rev !== account.rev) return false;
      const next = applyTo({ ...current, _id: userId }, (b) => transitions.settle(b, sum.amount));
      const { _id, ...data } = next;
      void _id;
      await tx
        .collection('accounts')
        .doc(userId)
        .set({ data: { ...data, settleSeq: seq } });
      await tx
        .collection('settlements')
        .doc(batch)
        .set({
          data: {
            userId,
            seq,
            amount: sum.amount,
            entries: sum.entries,
            debtPaid: current.debt - next.debt,
            createdAt: now,
          },
        });
      return true;
    });
    if (!applied) continue;
    await markSettled(batch, now);
    return { entries: sum.entries, amount: sum.amount, progressed: true };
  }
  // The account kept moving under us (a burst of payments); the next run picks it up.
  return { entries: 0, amount: 0, progressed: false };
}

async function markSettled(batch: string, now: Date): Promise<number> {
  return updateWhere(
    'commissions',
    { settleBatch: batch, status: 'pending' },
    { status: 'settled', settledAt: now, updatedAt: now },
  );
}
