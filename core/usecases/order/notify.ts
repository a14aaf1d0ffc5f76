// payNotify: WeChat Pay's payment and refund results. Each is checked against our records, then
// applied in ONE transaction with the ledger rows it justifies; a replay finds the work done.
import { commissionId, Level, planCommission, remainingAfterRefund } from '../../domain/commission';
import { transitions, Balances } from '../../domain/account';
import { commissionLines, Order, refundedGoods } from '../../domain/order';
import { AppError } from '../../errors';
import { ActionContext } from '../../handler';
import { command, inTransaction, Transaction, txGet } from '../../data/db';
import { audit } from '../../data/events';
import { parseCloudPayNotice, PaymentNotice, RefundNotice } from '../../data/payment';
import type { CommissionEntry, Refund } from '../../domain/ledger';
import { applyToAccount, creditPending, holdCommission, isSettled } from '../ledger';
import { loadSettings } from '../../data/settings';
import { addPaidSpend } from '../../data/users';

const rejectNotice = (message: string) => new AppError('FAILED_PRECONDITION', message);

export async function handlePayNotification(
  event: Record<string, unknown>,
  ctx: ActionContext,
): Promise<void> {
  const notice = parseCloudPayNotice(event);
  if (!notice) throw rejectNotice('not a payment or refund notification');
  if (notice.kind === 'payment') await applyPayment(notice, ctx.now);
  else await applyRefund(notice, ctx.now);
}

/** The one idempotent path of a verified payment result, whichever provider reported it. */
export async function applyPayment(notice: PaymentNotice, now: Date): Promise<void> {
  if (!notice.success) {
    // A failed payment changes nothing: the order stays payable until it expires.
    await audit(
      { type: 'payment.failed', subjectId: notice.outTradeNo, actorId: 'system', source: 'system' },
      now,
    );
    return;
  }
  const outcome = await inTransaction(async (tx) => {
    const order = await txGet<Order>(tx, 'orders', notice.outTradeNo);
    if (!order) throw rejectNotice(`unknown order ${notice.outTradeNo}`);
    if (order.amount !== notice.totalFee)
      throw rejectNotice(`amount ${notice.totalFee} does not match order ${order.amount}`);
    if (order.status !== 'created')
      return order.payment?.transactionId === notice.transactionId ? 'replay' : 'late';
    const plan = planCommission(order.referrer, commissionLines(order.items));
    for (const entry of plan.levels) {
      const row: CommissionEntry = {
        _id: commissionId(order._id, entry.level),
        orderId: order._id,
        level: entry.level,
        beneficiaryId: entry.userId,
        buyerId: order.buyerId,
        base: entry.base,
        rate: entry.rate,
        amount: entry.amount,
        reversedAmount: 0,
        status: 'pending',
        maturesAt: null,
        settleBatch: null,
        onHold: false,
        createdAt: now,
        updatedAt: now,
      };
      await tx
        .collection('commissions')
        .doc(row._id)
        .set({ data: stripId(row) });
      await creditPending(tx, entry.userId, entry.amount);
    }
    await recordSpend(tx, order, now);
    await tx
      .collection('orders')
      .doc(order._id)
      .update({
        data: {
          status: 'paid',
          paidAt: now,
          payment: {
            provider: notice.provider,
            transactionId: notice.transactionId,
            totalFee: notice.totalFee,
            paidAt: now,
          },
          updatedAt: now,
        },
      });
    return 'applied';
  });
  if (outcome === 'late') {
    // Paid after it was cancelled or closed: the money must go back; the merchant sees this event.
    await audit(
      {
        type: 'payment.after_close',
        subjectId: notice.outTradeNo,
        actorId: 'system',
        source: 'system',
        reason: 'needs_refund',
      },
      now,
    );
  }
}

/**
 * Adds the order's goods amount to the buyer's paid spending. Only the threshold join mode needs the
 * full read-check-write (it may make the buyer a distributor); otherwise a blind increment will do.
 */
async function recordSpend(tx: Transaction, order: Order, now: Date): Promise<void> {
  if (!order.spendCanActivate) {
    const _ = command();
    const { stats } = await tx
      .collection('users')
      .doc(order.buyerId)
      .update({ data: { paidSpendFen: _.inc(order.goodsAmount), updatedAt: now } });
    if (stats.updated === 1) return;
  }
  await addPaidSpend(tx, order.buyerId, order.goodsAmount, now);
}

/** The one idempotent path of a verified refund result, whichever provider reported it. */
export async function applyRefund(notice: RefundNotice, now: Date): Promise<void> {
  const settings = await loadSettings();
  await inTransaction(async (tx) => {
    const refund = await txGet<Refund>(tx, 'refunds', notice.outRefundNo);
    if (!refund || refund.orderId !== notice.outTradeNo)
      throw rejectNotice(`unknown refund ${notice.outRefundNo}`);
    if (refund.amount !== notice.refundFee)
      throw rejectNotice(`refund amount ${notice.refundFee} does not match ${refund.amount}`);
    if (refund.status === 'refunded' || refund.status === 'rejected') return;
    const order = await txGet<Order>(tx, 'orders', refund.orderId);
    if (!order) throw rejectNotice(`unknown order ${refund.orderId}`);
    if (!notice.success) {
      await tx
        .collection('refunds')
        .doc(refund._id)
        .update({ data: { status: 'failed', updatedAt: now } });
      await reopenOrder(tx, order, now);
      return;
    }
    const totalRefunded = order.refundedAmount + refund.amount;
    const goodsRefunded = refundedGoods(order, totalRefunded);
    for (const level of [1, 2] as Level[]) {
      await reverseEntry(tx, commissionId(order._id, level), goodsRefunded, refund._id, now);
    }
    const goodsDelta = goodsRefunded - refundedGoods(order, order.refundedAmount);
    if (goodsDelta > 0) await addPaidSpend(tx, order.buyerId, -goodsDelta, now, settings);
    const full = totalRefunded >= order.amount;
    await tx
      .collection('refunds')
      .doc(refund._id)
      .update({ data: { status: 'refunded', refundedAt: now, updatedAt: now } });
    await tx
      .collection('orders')
      .doc(order._id)
      .update({
        data: {
          refundedAmount: totalRefunded,
          status: full ? 'refunded' : (order.statusBeforeRefund ?? 'paid'),
          updatedAt: now,
        },
      });
  });
}

/** Reduces one commission entry to what the refunded goods leave of it, from pending or from settled money. */
async function reverseEntry(
  tx: Transaction,
  entryId: string,
  goodsRefunded: number,
  refundId: string,
  now: Date,
) {
  const entry = await txGet<CommissionEntry>(tx, 'commissions', entryId);
  if (!entry) return;
  const reversedTotal = entry.amount - remainingAfterRefund(entry.amount, entry.base, goodsRefunded);
  const delta = reversedTotal - entry.reversedAmount;
  const account = await applyToAccount(tx, entry.beneficiaryId, (b: Balances, before) =>
    delta <= 0
      ? b
      : isSettled(entry, before)
        ? transitions.reverseSettled(b, delta)
        : transitions.voidPending(b, delta),
  );
  const settled = isSettled(entry, account);
  const _ = command();
  await tx
    .collection('commissions')
    .doc(entryId)
    .update({
      data: {
        reversedAmount: reversedTotal,
        refundedBase: Math.min(goodsRefunded, entry.base),
        onHold: false,
        ...(reversedTotal === entry.amount ? { status: 'reversed' } : {}),
        reversals: _.push({ refundId, amount: delta, afterSettlement: settled, at: now }),
        updatedAt: now,
      },
    });
}

/** Puts an order back where it was before a refund request that ended without money moving. */
export async function reopenOrder(tx: Transaction, order: Order, now: Date): Promise<void> {
  await tx
    .collection('orders')
    .doc(order._id)
    .update({
      data: { status: order.statusBeforeRefund ?? 'paid', updatedAt: now },
    });
  await holdCommission(tx, order._id, false);
}

function stripId<T extends { _id: string }>(row: T): Omit<T, '_id'> {
  const { _id, ...rest } = row;
  void _id;
  return rest;
}
