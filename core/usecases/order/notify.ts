// Payment and refund results. A cloudPay notification is only a hint: WeChat Pay is asked (queryOrder,
// queryRefund) and what it answers is applied, so a forged or stale notification writes nothing (v3
// notifications are signed and decrypted instead, see payout/notify-v3.ts). Each result is applied in
// ONE transaction with the ledger rows it justifies; a replay finds the work done.
import { movements } from '../../domain/account';
import { commissionId, Level, planCommission, remainingAfterRefund } from '../../domain/commission';
import type { CommissionEntry, Refund } from '../../domain/ledger';
import { commissionMachine, refundMachine } from '../../domain/ledger';
import { commissionLines, Order, orderMachine, refundedGoods, statusAfterRefund } from '../../domain/order';
import { AppError } from '../../errors';
import type { ActionContext } from '../../handler';
import { command, getById, inTransaction, Transaction, txGet, txSet, txUpdate } from '../../data/db';
import { audit } from '../../data/events';
import {
  PAID_STATES,
  parseCloudPayNotice,
  PaymentNotice,
  PaymentProvider,
  RefundNotice,
} from '../../data/payment';
import { notify } from '../../data/notices';
import { loadSettings } from '../../data/settings';
import { addPaidSpend } from '../../data/users';
import { holdCommission, isSettled, post, postPending, txGetAccount } from '../ledger';
import { lateRefundId } from './ids';
import { providerFor } from './pay';
import { txReturnCoupon } from './coupons';
import { EMPTY_HELD } from '../../domain/account';
import type { Settings } from '../../domain/settings';

const rejectNotice = (message: string) => new AppError('FAILED_PRECONDITION', message);

export async function handlePayNotification(
  event: Record<string, unknown>,
  ctx: ActionContext,
): Promise<void> {
  const notice = parseCloudPayNotice(event);
  if (!notice) throw rejectNotice('not a payment or refund notification');
  const settings = await loadSettings();
  const provider = providerFor(settings);
  if (notice.kind === 'payment') {
    // A failed payment changes nothing: the order stays payable until it expires.
    if (!notice.success) return;
    const confirmed = await confirmedPayment(provider, notice.outTradeNo);
    if (!confirmed) throw rejectNotice(`WeChat Pay does not confirm a payment of ${notice.outTradeNo}`);
    await applyPayment(confirmed, ctx.now, provider, settings);
  } else {
    const confirmed = await confirmedRefund(provider, notice);
    await applyRefund(confirmed, ctx.now);
  }
}

/** The payment as WeChat Pay reports it now, when it was made; null when it was not (or is unknown). */
export async function confirmedPayment(
  provider: PaymentProvider,
  outTradeNo: string,
): Promise<PaymentNotice | null> {
  const state = await provider.queryPayment(outTradeNo);
  if (!state || !PAID_STATES.has(state.tradeState)) return null;
  return {
    kind: 'payment',
    outTradeNo,
    totalFee: state.totalFee,
    success: true,
    transactionId: state.transactionId,
    provider: provider.name,
    ...(state.openid ? { openid: state.openid } : {}),
  };
}

/** The refund as WeChat Pay reports it now; a refund still processing is not a result yet. */
async function confirmedRefund(provider: PaymentProvider, notice: RefundNotice): Promise<RefundNotice> {
  const state = await provider.queryRefund(notice.outRefundNo);
  if (!state || state.outTradeNo !== notice.outTradeNo)
    throw rejectNotice(`WeChat Pay does not know refund ${notice.outRefundNo} of ${notice.outTradeNo}`);
  if (state.status === 'PROCESSING') throw rejectNotice(`refund ${notice.outRefundNo} is still processing`);
  return { ...notice, refundFee: state.refundFee, success: state.status === 'SUCCESS' };
}

/**
 * The one idempotent path of a payment WeChat Pay confirmed (queried, or a signed v3 notice). An order
 * still waiting for it becomes paid, with its commission entries and ledger rows. A payment for an order
 * already cancelled or closed is refunded in full, automatically (`provider` asks for it; without one the
 * settle timer does). `settings`, when the caller has read them, spare the notices a read.
 */
export async function applyPayment(
  notice: PaymentNotice,
  now: Date,
  provider?: PaymentProvider,
  settings?: Settings,
): Promise<void> {
  if (!notice.success) return;
  const outcome = await inTransaction(async (tx) => {
    const order = await txGet<Order>(tx, 'orders', notice.outTradeNo);
    if (!order) throw rejectNotice(`unknown order ${notice.outTradeNo}`);
    if (order.amount !== notice.totalFee)
      throw rejectNotice(`amount ${notice.totalFee} does not match order ${order.amount}`);
    if (order.status === 'cancelled' || order.status === 'closed') return latePayment(tx, order, notice, now);
    if (order.status !== 'created') return 'replay';
    orderMachine.assertMove(order.status, 'paid');
    await creditCommission(tx, order, now);
    await recordSpend(tx, order, now);
    await txUpdate(tx, 'orders', order._id, {
      status: 'paid',
      paidAt: now,
      payment: {
        provider: notice.provider,
        transactionId: notice.transactionId,
        totalFee: notice.totalFee,
        paidAt: now,
      },
      updatedAt: now,
    });
    return 'applied';
  });
  if (outcome === 'late' && provider) await requestLateRefund(provider, notice.outTradeNo, now);
  if (outcome === 'applied')
    await noticeCommission(notice.outTradeNo, now, settings ?? (await loadSettings()));
}

/** Each distributor credited by a payment hears of it (if they subscribed). */
async function noticeCommission(orderId: string, now: Date, settings: Settings): Promise<void> {
  // Without the merchant's template there is nothing to send: not the order and its entries.
  if (!settings.notices.commissionCredited.templateId) return;
  const order = await getById<Order>('orders', orderId);
  if (!order) return;
  for (const level of [1, 2] as Level[]) {
    const entry = await getById<CommissionEntry>('commissions', commissionId(orderId, level));
    if (!entry) continue;
    await notify(
      'commissionCredited',
      entry.beneficiaryId,
      entry._id,
      { amountFen: entry.amount, orderNo: order.orderNo ?? order._id, level, at: now },
      now,
    );
  }
}

/** The commission entries of a paid order and their `earned` rows, written with the payment. */
async function creditCommission(tx: Transaction, order: Order, now: Date): Promise<void> {
  const plan = planCommission(order.referrer, commissionLines(order.items));
  for (const level of plan.levels) {
    const entry: CommissionEntry = {
      _id: commissionId(order._id, level.level),
      orderId: order._id,
      level: level.level,
      beneficiaryId: level.userId,
      buyerId: order.buyerId,
      base: level.base,
      rate: level.rate,
      amount: level.amount,
      basis: level.basis,
      reversedAmount: 0,
      status: 'pending',
      maturesAt: null,
      settleBatch: null,
      onHold: false,
      createdAt: now,
      updatedAt: now,
    };
    const { _id, ...data } = entry;
    await txSet(tx, 'commissions', _id, data);
    await postPending(tx, _id, movements.earn(level.amount), {
      userId: level.userId,
      at: now,
      orderId: order._id,
      base: level.base,
      buyerId: order.buyerId,
      level: level.level,
      entryId: _id,
    });
  }
}

/**
 * A payment for an order the shop had already closed: recorded on the order and turned into a full
 * refund (origin `late_payment`) that the merchant's to-do shows until WeChat Pay confirms it.
 */
async function latePayment(
  tx: Transaction,
  order: Order,
  notice: PaymentNotice,
  now: Date,
): Promise<'late' | 'replay'> {
  const refundId = lateRefundId(order._id);
  if (await txGet<Refund>(tx, 'refunds', refundId)) return 'late';
  const refund: Refund = {
    _id: refundId,
    orderId: order._id,
    buyerId: order.buyerId,
    amount: notice.totalFee,
    origin: 'late_payment',
    reason: '订单关闭后才到账的付款，全额退回',
    status: 'processing',
    createdAt: now,
    updatedAt: now,
  };
  const { _id, ...data } = refund;
  await txSet(tx, 'refunds', _id, data);
  await txUpdate(tx, 'orders', order._id, {
    latePayment: {
      transactionId: notice.transactionId,
      totalFee: notice.totalFee,
      paidAt: now,
      refundId,
    },
    updatedAt: now,
  });
  await audit(
    {
      type: 'payment.after_close',
      subjectId: order._id,
      actorId: 'system',
      source: 'system',
      reason: 'refunded_in_full',
      detail: { transactionId: notice.transactionId, totalFee: notice.totalFee, refundId },
    },
    now,
    tx,
  );
  return 'late';
}

/**
 * Asks WeChat Pay to return a late payment in full. Safe to repeat (the refund number is fixed); a
 * failure leaves the refund processing without `requestedAt`, and the settle timer asks again.
 */
export async function requestLateRefund(
  provider: PaymentProvider,
  orderId: string,
  now: Date,
): Promise<void> {
  const refundId = lateRefundId(orderId);
  try {
    const data = await getById<Refund>('refunds', refundId);
    if (!data || data.status !== 'processing' || data.requestedAt) return;
    await provider.requestRefund({
      outTradeNo: orderId,
      outRefundNo: refundId,
      totalFee: data.amount,
      refundFee: data.amount,
    });
    await inTransaction(async (tx) => {
      await txUpdate(tx, 'refunds', refundId, { requestedAt: now, updatedAt: now });
    });
  } catch (error) {
    console.warn(`late payment refund ${refundId} not requested yet`, error);
  }
}

/**
 * Adds the order's goods amount to the buyer's paid spending. Only the threshold join mode needs the
 * full read-check-write (it may make the buyer a distributor); otherwise a blind increment will do.
 */
async function recordSpend(tx: Transaction, order: Order, now: Date): Promise<void> {
  if (!order.spendCanActivate) {
    const _ = command();
    const updated = await txUpdate(tx, 'users', order.buyerId, {
      paidSpendFen: _.inc(order.goodsAmount),
      updatedAt: now,
    });
    if (updated === 1) return;
  }
  await addPaidSpend(tx, order.buyerId, order.goodsAmount, now);
}

/**
 * The one idempotent path of a refund result WeChat Pay confirmed. Only a refund the shop asked WeChat
 * Pay for (processing) can end: a request the merchant never approved is not refunded by any notice.
 */
export async function applyRefund(notice: RefundNotice, now: Date): Promise<void> {
  const settings = await loadSettings();
  const ended = await inTransaction(async (tx): Promise<{ refund: Refund; order: Order } | null> => {
    const refund = await txGet<Refund>(tx, 'refunds', notice.outRefundNo);
    if (!refund || refund.orderId !== notice.outTradeNo)
      throw rejectNotice(`unknown refund ${notice.outRefundNo}`);
    if (refund.amount !== notice.refundFee)
      throw rejectNotice(`refund amount ${notice.refundFee} does not match ${refund.amount}`);
    // A result already applied (a replay): nothing more to do.
    if (refund.status === 'refunded' || refund.status === 'failed') return null;
    if (refund.status !== 'processing')
      throw rejectNotice(`refund ${refund._id} was never sent to WeChat Pay (it is ${refund.status})`);
    const order = await txGet<Order>(tx, 'orders', refund.orderId);
    if (!order) throw rejectNotice(`unknown order ${refund.orderId}`);
    const to = notice.success ? 'refunded' : 'failed';
    refundMachine.assertMove(refund.status, to);
    const totalRefunded = order.refundedAmount + refund.amount;
    const goodsRefunded = refundedGoods(order, totalRefunded);
    const goodsDelta = goodsRefunded - refundedGoods(order, order.refundedAmount);
    await txUpdate(tx, 'refunds', refund._id, {
      status: to,
      ...(notice.success
        ? { refundedAt: now, goods: refund.origin === 'late_payment' ? 0 : goodsDelta }
        : {}),
      updatedAt: now,
    });
    if (refund.origin === 'late_payment') return null;
    if (!notice.success) {
      await reopenOrder(tx, order, now);
      return { refund, order };
    }
    for (const level of [1, 2] as Level[]) {
      await reverseEntry(tx, commissionId(order._id, level), goodsRefunded, refund, now);
    }
    if (goodsDelta > 0) await addPaidSpend(tx, order.buyerId, -goodsDelta, now, settings);
    const full = totalRefunded >= order.amount;
    if (full) orderMachine.assertMove(order.status, 'refunded');
    // Refunded in full, the order is as if never bought: its coupon can be used again.
    if (full) await txReturnCoupon(tx, order, now);
    const status = full ? 'refunded' : statusAfterRefund(order);
    await txUpdate(tx, 'orders', order._id, { refundedAmount: totalRefunded, status, updatedAt: now });
    return { refund, order };
  });
  if (ended) {
    await notify(
      'refundResult',
      ended.refund.buyerId,
      ended.refund._id,
      {
        orderNo: ended.order.orderNo ?? ended.order._id,
        amountFen: ended.refund.amount,
        outcome: notice.success ? 'refunded' : 'failed',
        remark: notice.success ? '款项将原路退回' : '退款未成功，请联系商家',
      },
      now,
    );
  }
}

/**
 * Brings one commission entry down to what the refunded goods leave of it (domain/commission.ts
 * remainingAfterRefund), writing the difference as a `reversed` row: from pending before settlement,
 * from available (then as debt) after.
 */
async function reverseEntry(
  tx: Transaction,
  entryId: string,
  goodsRefunded: number,
  refund: Refund,
  now: Date,
): Promise<void> {
  const entry = await txGet<CommissionEntry>(tx, 'commissions', entryId);
  if (!entry) return;
  const reversedTotal = entry.amount - remainingAfterRefund(entry.amount, entry.base, goodsRefunded);
  const delta = reversedTotal - entry.reversedAmount;
  const refundedBase = Math.min(goodsRefunded, entry.base);
  let settled = entry.status === 'settled';
  if (delta > 0) {
    // Only an entry a settlement claimed can be settled: the account says whether its batch was applied.
    const account =
      entry.status === 'settled' || entry.settleBatch !== null
        ? await txGetAccount(tx, entry.beneficiaryId)
        : null;
    settled = account !== null && isSettled(entry, account);
    const facts = {
      userId: entry.beneficiaryId,
      at: now,
      orderId: entry.orderId,
      base: refundedBase - (entry.refundedBase ?? 0),
      buyerId: entry.buyerId,
      level: entry.level,
      entryId,
      refundId: refund._id,
      afterSettlement: settled,
    };
    const event = `${entryId}:${refund._id}`;
    // Unclaimed, the reversal comes out of pending: rows only. Claimed by a settlement, it goes through
    // the account (out of pending if the batch is not applied yet): the account's new revision tells that
    // settlement its sum changed (settle.ts).
    if (account) await post(tx, account, event, movements.reverse(account, delta, settled), facts);
    else await postPending(tx, event, movements.reverse(EMPTY_HELD, delta, false), facts);
  }
  const fully = reversedTotal === entry.amount;
  if (fully) commissionMachine.assertMove(settled ? 'settled' : entry.status, 'reversed');
  await txUpdate(tx, 'commissions', entryId, {
    reversedAmount: Math.max(reversedTotal, entry.reversedAmount),
    refundedBase,
    onHold: false,
    ...(fully ? { status: 'reversed' } : {}),
    updatedAt: now,
  });
}

/** Puts an order back where it was before a refund that ended without money moving. */
export async function reopenOrder(tx: Transaction, order: Order, now: Date): Promise<void> {
  const back = statusAfterRefund(order);
  await txUpdate(tx, 'orders', order._id, { status: back, updatedAt: now });
  await holdCommission(tx, order._id, false);
}
