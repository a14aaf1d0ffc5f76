// Refunds: the shopper asks (order.refund) and the merchant decides (refunds.review, possibly for less),
// or the merchant refunds of their own accord at any time WeChat Pay still accepts it (orders.refund).
// Money and commission move only when WeChat Pay's refund result arrives (order/notify.ts), with the
// proportional reversal; until then the order is `refunding` and its commission waits.
import type { RefundView } from '../../contracts/order';
import type { Refund } from '../../domain/ledger';
import { refundMachine } from '../../domain/ledger';
import { Order, orderMachine, refundable } from '../../domain/order';
import { AppError, invalid, notFound, precondition } from '../../errors';
import type { ActionContext } from '../../handler';
import { inTransaction, Transaction, txGet, txSet, txUpdate, updateById } from '../../data/db';
import { audit } from '../../data/events';
import { notify } from '../../data/notices';
import { PaymentError } from '../../data/payment';
import { loadSettings } from '../../data/settings';
import { holdCommission } from '../ledger';
import { refundIdFor } from './ids';
import { reopenOrder } from './notify';
import { providerFor } from './pay';
import { refundView } from './views';

const DAY_MS = 86_400_000;
/** WeChat Pay accepts a refund for a year after the payment. */
export const REFUND_PERIOD_DAYS = 365;

/** The request open on an order (at most one at a time), if any. */
async function openRefund(tx: Transaction, order: Order): Promise<Refund | null> {
  if (order.refundCount === 0) return null;
  const last = await txGet<Refund>(tx, 'refunds', refundIdFor(order._id, order.refundCount));
  return last && (last.status === 'requested' || last.status === 'processing') ? last : null;
}

/** Writes a new refund of `order` and puts the order into `refunding`, its commission on hold. */
async function openRefundOn(
  tx: Transaction,
  order: Order,
  refund: Omit<Refund, '_id' | 'orderId' | 'buyerId'>,
) {
  const record: Refund = {
    _id: refundIdFor(order._id, order.refundCount + 1),
    orderId: order._id,
    buyerId: order.buyerId,
    ...refund,
  };
  const { _id, ...data } = record;
  await txSet(tx, 'refunds', _id, data);
  orderMachine.assertMove(order.status, 'refunding');
  await txUpdate(tx, 'orders', order._id, {
    status: 'refunding',
    statusBeforeRefund: order.status,
    refundCount: order.refundCount + 1,
    updatedAt: refund.updatedAt,
  });
  // Commission of an order under refund waits: it must not settle while the money may go back.
  await holdCommission(tx, order._id, true);
  return record;
}

/** order.refund: the buyer asks for a refund of a paid order (inside the after-sale window once completed). */
export async function requestRefund(
  input: { orderId: string; amount?: number; reason: string },
  ctx: ActionContext,
): Promise<{ refund: RefundView }> {
  const settings = await loadSettings();
  const refund = await inTransaction(async (tx) => {
    const order = await txGet<Order>(tx, 'orders', input.orderId);
    if (!order || order.buyerId !== ctx.openid) throw notFound('订单不存在');
    if (await openRefund(tx, order)) throw precondition('已有退款申请在处理中');
    const max = refundable(order, settings, ctx.now);
    if (max <= 0) throw precondition('该订单当前不能申请退款');
    const amount = input.amount ?? max;
    if (amount > max) throw new AppError('INVALID_ARGUMENT', `退款金额不能超过 ${max} 分`);
    return openRefundOn(tx, order, {
      amount,
      origin: 'buyer',
      reason: input.reason,
      status: 'requested',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
  });
  return { refund: refundView(refund) };
}

/**
 * Asks WeChat Pay to refund. When it refuses at once, `undo` puts things back and the merchant hears
 * why; when it accepts, the refund records when (its result arrives as a notification).
 */
async function sendToProvider(
  order: Order,
  refund: Refund,
  now: Date,
  undo: (tx: Transaction, current: Refund, order: Order) => Promise<void>,
): Promise<Refund> {
  const settings = await loadSettings();
  try {
    await providerFor(settings).requestRefund({
      outTradeNo: order.outTradeNo,
      outRefundNo: refund._id,
      totalFee: order.amount,
      refundFee: refund.amount,
    });
  } catch (error) {
    await inTransaction(async (tx) => {
      const current = await txGet<Refund>(tx, 'refunds', refund._id);
      const parent = await txGet<Order>(tx, 'orders', refund.orderId);
      // The notification may already have ended it (the provider answered slowly): then nothing to undo.
      if (current?.status === 'processing' && parent) await undo(tx, current, parent);
    });
    if (error instanceof PaymentError) throw precondition(`退款提交失败：${error.message}`);
    throw error;
  }
  await updateById('refunds', refund._id, { requestedAt: now, updatedAt: now });
  return { ...refund, requestedAt: now };
}

/** refunds.review: the merchant approves a request (all of it, or `amount` fen of it) or rejects it. */
export async function reviewRefund(
  input: { refundId: string; approve: boolean; amount?: number; reason?: string },
  ctx: ActionContext,
): Promise<{ refund: Refund }> {
  const { refund, order } = await inTransaction(async (tx) => {
    const found = await txGet<Refund>(tx, 'refunds', input.refundId);
    if (!found) throw notFound('退款申请不存在');
    const parent = await txGet<Order>(tx, 'orders', found.orderId);
    if (!parent) throw notFound('订单不存在');
    const status = input.approve ? 'processing' : 'rejected';
    refundMachine.assertMove(found.status, status);
    if (!input.approve && !input.reason) throw invalid('拒绝退款需要填写原因，买家会看到');
    const amount = input.approve ? (input.amount ?? found.amount) : found.amount;
    if (amount > found.amount) throw invalid(`同意退款的金额不能超过买家申请的 ${found.amount} 分`);
    const changes = {
      status,
      reviewedBy: ctx.openid,
      ...(amount < found.amount ? { amount, requestedAmount: found.amount } : {}),
      ...(input.reason ? { rejectReason: input.reason } : {}),
      updatedAt: ctx.now,
    };
    await txUpdate(tx, 'refunds', found._id, changes);
    if (!input.approve) await reopenOrder(tx, parent, ctx.now);
    await audit(
      {
        type: 'refund.review',
        subjectId: found._id,
        actorId: ctx.openid,
        source: 'admin',
        detail: { approve: input.approve, amount, requested: found.amount },
      },
      ctx.now,
      tx,
    );
    return { refund: { ...found, ...changes } as Refund, order: parent };
  });
  if (!input.approve) {
    await notify(
      'refundResult',
      refund.buyerId,
      refund._id,
      {
        orderNo: order.orderNo ?? order._id,
        amountFen: refund.amount,
        outcome: 'rejected',
        remark: input.reason ?? '',
      },
      ctx.now,
    );
    return { refund };
  }
  // Compensation: the provider refused, so the request goes back to the merchant as the buyer made it.
  const sent = await sendToProvider(order, refund, ctx.now, async (tx, current) => {
    refundMachine.assertMove(current.status, 'requested');
    await txUpdate(tx, 'refunds', current._id, {
      status: 'requested',
      amount: current.requestedAmount ?? current.amount,
      updatedAt: ctx.now,
    });
  });
  return { refund: sent };
}

/**
 * orders.refund: the merchant refunds a paid order, before or after shipping, before or after its
 * commission settled, for as long as WeChat Pay accepts refunds (a year after payment). The whole
 * refundable amount unless `amount` says less.
 */
export async function merchantRefund(
  input: { orderId: string; amount?: number; reason: string },
  ctx: ActionContext,
): Promise<{ refund: Refund }> {
  const { refund, order } = await inTransaction(async (tx) => {
    const order = await txGet<Order>(tx, 'orders', input.orderId);
    if (!order) throw notFound('订单不存在');
    if (await openRefund(tx, order)) throw precondition('该订单有退款申请在处理中，请先处理该申请');
    if (!['paid', 'shipped', 'completed'].includes(order.status))
      throw precondition(`订单${orderMachine.words[order.status]}，不能退款`);
    const paidAt = order.paidAt ? new Date(order.paidAt).getTime() : 0;
    if (ctx.now.getTime() - paidAt > REFUND_PERIOD_DAYS * DAY_MS)
      throw precondition('已超过微信支付的退款期限（支付后一年），请线下与买家协商');
    const max = order.amount - order.refundedAmount;
    if (max <= 0) throw precondition('该订单已全额退款');
    const amount = input.amount ?? max;
    if (amount > max) throw invalid(`退款金额不能超过可退的 ${max} 分`);
    const refund = await openRefundOn(tx, order, {
      amount,
      origin: 'merchant',
      reason: input.reason,
      status: 'processing',
      reviewedBy: ctx.openid,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await audit(
      {
        type: 'refund.merchant',
        subjectId: refund._id,
        actorId: ctx.openid,
        source: 'admin',
        detail: { orderId: order._id, amount },
      },
      ctx.now,
      tx,
    );
    return { refund, order: { ...order, status: 'refunding' as const, statusBeforeRefund: order.status } };
  });
  // Compensation: the provider refused, so the refund failed and the order goes back to where it was.
  const sent = await sendToProvider(order, refund, ctx.now, async (tx, current, parent) => {
    refundMachine.assertMove(current.status, 'failed');
    await txUpdate(tx, 'refunds', current._id, { status: 'failed', updatedAt: ctx.now });
    await reopenOrder(tx, parent, ctx.now);
  });
  return { refund: sent };
}
