// settle: the timer job. Closes unpaid orders that expired, completes orders shipped long ago, and
// settles matured commission in rounds of up to 100 distributors, so its database requests grow with
// the number of distributors, not the number of entries, and its time with the platform's latency
// divided by the transactions it runs at once.
//
// Settling a round (each step is safe to repeat; a cut-off run resumes on the next one):
//  1. the distributors with matured entries, and their accounts (revision r, last batch s) in one read;
//  2. per distributor, claim its matured, unheld, unclaimed pending entries for batch "<userId>:<s+1>"
//     (one multi-document update each);
//  3. sum every claimed batch per level (one grouped aggregation for the round);
//  4. per distributor, in one transaction: the account must still be at revision r (a refund of a
//     claimed entry bumps it: start over next round), then write the `settled` ledger rows (one per
//     level, so analytics can say what settled at each level) and any `debt_paid` row, moving the sum
//     from pending to available (paying debt first), and set the last batch to s+1;
//  5. mark the round's applied batches' entries settled (one multi-document update). Until this runs, an
//     entry of an applied batch already counts as settled (ledger.isSettled), so a crash here loses
//     nothing, and the next round finishes it.
import { Account, movements, newAccount } from '../../domain/account';
import type { SettleReport } from '../../contracts/admin-money';
import { Order } from '../../domain/order';
import { beijingDate } from '../../domain/analytics';
import { LOG_DAYS } from '../../domain/behaviour';
import { Settings } from '../../domain/settings';
import { aggregate, command, find, inTransaction, removeWhere, updateById, updateWhere } from '../../data/db';
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
import { recheckTransfers } from '../payout/transfer';
import { rollupDays } from '../admin/stats';
import { continueExports, deleteExpiredExports } from '../admin/export';

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
    exportsContinued: 0,
    behaviourPruned: 0,
    transfersRechecked: 0,
    rolledUp: 0,
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
    report.exportsDeleted = await deleteExpiredExports(now, BATCH);
    report.exportsContinued = await continueExports(now);
    report.behaviourPruned = await pruneBehaviour(now);
    if (settings.payout.mode === 'transfer') report.transfersRechecked = await recheckTransfers(now);
    await settleMatured(settings, now, report, checkTime);
    // After settling: a day rolled up now holds the settlements made in this run.
    report.rolledUp = await rollupDays(now);
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

/** Distributors whose transactions run at once: the platform's latency, not the CPU, is the limit. */
const CONCURRENCY = 8;

/** Runs `work` over `items`, at most `limit` at a time; answers the results in order. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

interface Claim {
  userId: string;
  account: Account;
  batch: string;
  levels: { _id: 1 | 2; amount: number; entries: number }[];
}

/**
 * Settles matured commission, up to BATCH distributors per round: their accounts in one read, each one's
 * claim (one update), every claim summed by one grouped aggregation, then per distributor only the
 * transaction that must be atomic, a few at a time; the round's entries are marked settled by one update.
 */
async function settleMatured(
  settings: Settings,
  now: Date,
  report: SettleReport,
  checkTime: () => void,
): Promise<void> {
  const _ = command();
  for (;;) {
    checkTime();
    const due = await aggregate<{ _id: string }>('commissions', [
      { $match: maturedFilter(now) },
      { $group: { _id: '$beneficiaryId' } },
      { $sort: { _id: 1 } },
      { $limit: BATCH },
    ]);
    if (due.length === 0) return;
    const ids = due.map((d) => d._id);
    const stored = await find<Account>('accounts', { _id: _.in(ids) }, { limit: ids.length });
    const accounts = new Map(stored.map((a) => [a._id, a]));
    // 1. Each distributor's batch "<userId>:<settleSeq + 1>" claims their matured, unheld, unclaimed entries.
    const claims: Claim[] = await inParallel(ids, CONCURRENCY, async (userId) => {
      // Payments write rows only: a distributor's first settlement makes their account.
      const account = accounts.get(userId) ?? newAccount(userId);
      const batch = `${userId}:${account.settleSeq + 1}`;
      await updateWhere(
        'commissions',
        { beneficiaryId: userId, ...maturedFilter(now), settleBatch: _.in([null, batch]) },
        { settleBatch: batch },
      );
      return { userId, account, batch, levels: [] };
    });
    // 2. Every claim summed at once, per batch and level.
    const sums = await aggregate<{ _id: { batch: string; level: 1 | 2 }; amount: number; entries: number }>(
      'commissions',
      [
        { $match: { settleBatch: _.in(claims.map((c) => c.batch)) } },
        {
          $group: {
            _id: { batch: '$settleBatch', level: '$level' },
            amount: { $sum: { $subtract: ['$amount', '$reversedAmount'] } },
            entries: { $sum: 1 },
          },
        },
        { $limit: claims.length * 2 },
      ],
    );
    for (const row of sums) {
      const claim = claims.find((c) => c.batch === row._id.batch);
      claim?.levels.push({ _id: row._id.level, amount: row.amount, entries: row.entries });
    }
    // 3. Per distributor, the transaction: rows and account together, if the account did not move since read.
    const applied = await inParallel(claims, CONCURRENCY, async (claim) => {
      checkTime();
      claim.levels.sort((a, b) => a._id - b._id);
      if (claim.levels.length === 0) return false;
      return settleClaim(claim, now);
    });
    const done = claims.filter((_c, i) => applied[i]);
    // 4. One update marks the applied batches' entries settled (until then ledger.isSettled says so), and
    //    finishes the batches of a run that was cut off after applying them (nothing new was claimed).
    const unfinished = claims
      .filter((c) => c.levels.length === 0 && c.account.settleSeq > 0)
      .map((c) => `${c.userId}:${c.account.settleSeq}`);
    const marked = await markSettled([...done.map((c) => c.batch), ...unfinished], now);
    for (const claim of done) {
      const amount = claim.levels.reduce((s, l) => s + l.amount, 0);
      const entries = claim.levels.reduce((s, l) => s + l.entries, 0);
      report.settledDistributors++;
      report.settledEntries += entries;
      report.settledAmount += amount;
      if (await upgradeGrade(claim.userId, settings, now)) report.upgraded++;
    }
    await noticeSettled(done, settings, now);
    // A distributor whose account moved under the round (a refund meanwhile) is picked up by the next one.
    if (due.length < BATCH || (done.length === 0 && marked === 0)) return;
  }
}

/** Applies one claimed batch: false when the account moved since it was read (the next round redoes it). */
async function settleClaim(claim: Claim, now: Date): Promise<boolean> {
  const { userId, account, batch, levels } = claim;
  const seq = account.settleSeq + 1;
  return inTransaction(async (tx) => {
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
}

/**
 * Tells the distributors whose commission settled, if the merchant set the template: only those holding a
 * grant are asked (one read for the round), so a round's cost does not grow with distributors who never
 * subscribed.
 */
async function noticeSettled(done: Claim[], settings: Settings, now: Date): Promise<void> {
  const templateId = settings.notices.commissionSettled.templateId;
  if (!templateId || done.length === 0) return;
  const subscribed = await find<{ _id: string; grants: Record<string, number> }>(
    'subscriptions',
    { _id: command().in(done.map((c) => c.userId)) },
    { limit: done.length },
  );
  const holding = new Set(subscribed.filter((s) => (s.grants[templateId] ?? 0) > 0).map((s) => s._id));
  for (const claim of done.filter((c) => holding.has(c.userId))) {
    await notify(
      'commissionSettled',
      claim.userId,
      claim.batch,
      {
        amountFen: claim.levels.reduce((s, l) => s + l.amount, 0),
        entries: claim.levels.reduce((s, l) => s + l.entries, 0),
        at: now,
      },
      now,
    );
  }
}

async function markSettled(batches: string[], now: Date): Promise<number> {
  if (batches.length === 0) return 0;
  return updateWhere(
    'commissions',
    { settleBatch: command().in(batches), status: 'pending' },
    { status: 'settled', settledAt: now, updatedAt: now },
  );
}
