// settle: the timer job. Closes unpaid orders that expired, completes orders shipped long ago, and
// settles matured commission one distributor at a time, so its database requests grow with the
// number of distributors, not the number of entries.
//
// Settling a distributor (each step is safe to repeat; a cut-off run resumes on the next one):
//  1. read the account: revision r and last batch s; the batch is "<userId>:<s+1>";
//  2. claim matured, unheld, unclaimed pending entries for that batch (one multi-document update);
//  3. sum the batch per level (one aggregation);
//  4. in one transaction: the account must still be at revision r (a payment or refund in between
//     changed it: start over), then write the `settled` ledger rows (one per level, so analytics can
//     say what settled at each level) and any `debt_paid` row, moving the sum from pending to available
//     (paying debt first), and set the last batch to s+1;
//  5. mark the batch's entries settled (one multi-document update). Until this runs, an entry of an
//     applied batch already counts as settled (ledger.isSettled), so a crash here loses nothing.
import { Account, movements, newAccount } from '../../domain/account';
import type { SettleReport } from '../../contracts/admin-money';
import { Order } from '../../domain/order';
import { beijingDate } from '../../domain/analytics';
import { LOG_DAYS } from '../../domain/behaviour';
import { Settings } from '../../domain/settings';
import {
  aggregate,
  command,
  find,
  getById,
  inTransaction,
  removeWhere,
  updateById,
  updateWhere,
} from '../../data/db';
import { deleteFiles } from '../../data/storage';
import { retryShipmentUploads } from '../order/shipping';
import { post, txGetAccount } from '../ledger';
import { notify } from '../../data/notices';
import { loadSettings } from '../../data/settings';
import { closeUnpaid, completeOrder } from '../order/lifecycle';
import { applyPayment, confirmedPayment, requestLateRefund } from '../order/notify';
import { configuredProvider } from '../order/pay';
import { CLOSED_CODES, PaymentError, PaymentProvider } from '../../data/payment';
import type { Refund } from '../../domain/ledger';
import { upgradeGrade } from './grades';

/** Leave room inside the function's 60 s timeout to finish the step in hand. */
const TIME_BUDGET_MS = 45_000;
const BATCH = 100;
const DAY_MS = 86_400_000;

class OutOfTime extends Error {}

export async function runSettle(now: Date): Promise<SettleReport> {
  const started = Date.now();
  const checkTime = () => {
    if (Date.now() - started > TIME_BUDGET_MS) throw new OutOfTime();
  };
  const report: SettleReport = {
    closed: 0,
    latePayments: 0,
    lateRefunds: 0,
    completed: 0,
    shipmentUploads: 0,
    exportsDeleted: 0,
    behaviourPruned: 0,
    settledDistributors: 0,
    settledEntries: 0,
    settledAmount: 0,
    upgraded: 0,
    resumable: false,
  };
  const settings = await loadSettings();
  const provider = configuredProvider(settings);
  try {
    report.closed = await closeExpired(provider, now, checkTime);
    if (provider) {
      report.latePayments = await recheckClosed(provider, now, checkTime);
      report.lateRefunds = await retryLateRefunds(provider, now, checkTime);
    }
    report.completed = await completeShipped(settings, now, checkTime);
    report.shipmentUploads = await retryShipmentUploads(settings, now, checkTime);
    report.exportsDeleted = await deleteExpiredExports(now);
    report.behaviourPruned = await pruneBehaviour(now);
    await settleMatured(settings, now, report, checkTime);
  } catch (error) {
    if (!(error instanceof OutOfTime)) throw error;
    report.resumable = true;
  }
  return report;
}

async function closeExpired(
  provider: PaymentProvider | undefined,
  now: Date,
  checkTime: () => void,
): Promise<number> {
  const _ = command();
  let closed = 0;
  for (;;) {
    const due = await find<Order>('orders', { status: 'created', expiresAt: _.lte(now) }, { limit: BATCH });
    let progressed = false;
    for (const order of due) {
      checkTime();
      // A payment WeChat Pay took meanwhile is applied instead (the order leaves `created` either way).
      await closeUnpaid(order._id, 'closed', now, provider).then(
        () => ((closed += 1), (progressed = true)),
        (error: unknown) => console.warn(`close ${order._id} skipped`, error),
      );
    }
    if (due.length < BATCH || !progressed) return closed;
  }
}

/** How long after closing an order WeChat Pay is asked once more whether it was paid after all. */
const RECHECK_AFTER_MS = 10 * 60_000;
const RECHECK_WITHIN_MS = 7 * DAY_MS;

/**
 * Asks WeChat Pay about orders closed recently: a payment it took after all (a notification lost, a
 * close that failed there) is applied, which refunds it in full; a close that failed there is retried.
 * Each closed order is checked once. Answers how many late payments were found.
 */
async function recheckClosed(provider: PaymentProvider, now: Date, checkTime: () => void): Promise<number> {
  const _ = command();
  let found = 0;
  const due = await find<Order>(
    'orders',
    {
      status: _.in(['cancelled', 'closed']),
      closedAt: _.gte(new Date(now.getTime() - RECHECK_WITHIN_MS)).and(
        _.lte(new Date(now.getTime() - RECHECK_AFTER_MS)),
      ),
      closeCheckedAt: _.exists(false),
    },
    { limit: BATCH },
  );
  for (const order of due) {
    checkTime();
    try {
      const paid = await confirmedPayment(provider, order.outTradeNo);
      if (paid) {
        await applyPayment(paid, now, provider);
        found += 1;
      } else if (order.providerCloseFailed) {
        await provider.closePayment(order.outTradeNo).catch((error: unknown) => {
          if (!(error instanceof PaymentError && error.code && CLOSED_CODES.has(error.code))) throw error;
        });
      }
      await updateById('orders', order._id, { closeCheckedAt: now, providerCloseFailed: false });
    } catch (error) {
      console.warn(`recheck of closed order ${order._id} skipped`, error);
    }
  }
  return found;
}

/** Export files past their time are deleted from storage, with their record. */
/**
 * Deletes what behaviour analytics keep only for a while: visit records once their day is over (they only
 * make a visitor count once that day), the event log after LOG_DAYS, spent per-minute allowances.
 */
async function pruneBehaviour(now: Date): Promise<number> {
  const _ = command();
  const yesterday = beijingDate(new Date(now.getTime() - DAY_MS));
  const [visits, log, limits] = await Promise.all([
    removeWhere('visits', { day: _.lt(yesterday) }),
    removeWhere('behaviourLog', { at: _.lt(new Date(now.getTime() - LOG_DAYS * DAY_MS)) }),
    removeWhere('rateLimits', { expiresAt: _.lt(now) }),
  ]);
  return visits + log + limits;
}

async function deleteExpiredExports(now: Date): Promise<number> {
  const _ = command();
  const due = await find<{ _id: string; fileID: string }>(
    'exports',
    { expiresAt: _.lte(now) },
    { limit: BATCH },
  );
  const deleted = new Set(await deleteFiles(due.map((file) => file.fileID)));
  const gone = due.filter((file) => deleted.has(file.fileID));
  if (gone.length) await removeWhere('exports', { _id: _.in(gone.map((file) => file._id)) });
  return gone.length;
}

/** Late payments whose full refund WeChat Pay has not accepted yet are asked for again. */
async function retryLateRefunds(
  provider: PaymentProvider,
  now: Date,
  checkTime: () => void,
): Promise<number> {
  const _ = command();
  const due = await find<Refund>(
    'refunds',
    { origin: 'late_payment', status: 'processing', requestedAt: _.exists(false) },
    { limit: BATCH },
  );
  for (const refund of due) {
    checkTime();
    await requestLateRefund(provider, refund.orderId, now);
  }
  return due.length;
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
    // Payments write rows only: a distributor's first settlement makes their account.
    const account = (await getById<Account>('accounts', userId)) ?? newAccount(userId);
    const seq = account.settleSeq + 1;
    const batch = `${userId}:${seq}`;
    await updateWhere(
      'commissions',
      { beneficiaryId: userId, ...maturedFilter(now), settleBatch: _.in([null, batch]) },
      { settleBatch: batch },
    );
    const levels = await aggregate<{ _id: 1 | 2; amount: number; entries: number }>('commissions', [
      { $match: { settleBatch: batch } },
      {
        $group: {
          _id: '$level',
          amount: { $sum: { $subtract: ['$amount', '$reversedAmount'] } },
          entries: { $sum: 1 },
        },
      },
      { $sort: { _id: 1 } },
      { $limit: 2 },
    ]);
    const sum = {
      amount: levels.reduce((total, level) => total + level.amount, 0),
      entries: levels.reduce((total, level) => total + level.entries, 0),
    };
    if (sum.entries === 0) {
      // Nothing new: finish the status rows of the previous batch if a cut-off run left them.
      const finished = account.settleSeq > 0 ? await markSettled(`${userId}:${account.settleSeq}`, now) : 0;
      return { entries: 0, amount: 0, progressed: finished > 0 };
    }
    const applied = await inTransaction(async (tx) => {
      let current = await txGetAccount(tx, userId);
      if (current.rev !== account.rev) return false;
      for (const [i, level] of levels.entries()) {
        const last = i === levels.length - 1;
        current = await post(
          tx,
          current,
          `${batch}:L${level._id}`,
          movements.settle(current, level.amount),
          { userId, at: now, level: level._id, batch, entries: level.entries },
          last ? { settleSeq: seq } : {},
        );
      }
      return true;
    });
    if (!applied) continue;
    await markSettled(batch, now);
    await notify(
      'commissionSettled',
      userId,
      batch,
      { amountFen: sum.amount, entries: sum.entries, at: now },
      now,
    );
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
