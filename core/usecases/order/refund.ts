// order.refund (the shopper asks) and refunds.review (the merchant decides): money moves only when
// the provider's refund notification arrives (payNotify), with the proportional commission reversal.
import { Order, refundable } from '../../domain/order';
import { AppError, notFound, precondition } from '../../errors';
import { ActionContext } from '../../handler';
import { inTransaction, txGet } from '../../data/db';
import { audit } from '../../data/events';
import { PaymentError } from '../../data/payment';
import { loadSettings } from '../../data/settings';
import type { Refund } from '../../domain/ledger';
import { holdCommission } from '../ledger';
import { refundIdFor } from './ids';
import { reopenOrder } from './notify';
import { providerFor } from './pay';

export async function requestRefund(
  input: { orderId: string; amount?: number; reason: string },
  ctx: ActionContext,
) {
  const settings = await loadSettings();
  return inTransaction(async (tx) => {
    const order = await txGet<Order>(tx, 'orders', input.orderId);
    if (!order || order.buyerId !== ctx.openid) throw notFound('订单不存在');
    const open =
      order.refundCount > 0
        ? await txGet<Refund>(tx, 'refunds', refundIdFor(order._id, order.refundCount))
        : null;
    if (open && (open.status === 'requested' || open.status === 'processing'))
      throw precondition('已有退款申请在处理中');
    const max = refundable(order, settings, ctx.now);
    if (max <= 0) throw precondition('该订单当前不能申请退款');
    const amount = input.amount ?? max;
    if (amount > max) throw new AppError('INVALID_ARGUMENT', `退款金额不能超过 ${max} 分`);
    const refund: Refund = {
      _id: refundIdFor(order._id, order.refundCount + 1),
      orderId: order._id,
      buyerId: order.buyerId,
      amount,
      reason: input.reason,
      status: 'requested',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    const { _id, ...data } = refund;
    await tx.collection('refunds').doc(_id).set({ data });
    await tx
      .collection('orders')
      .doc(order._id)
      .update({
        data: {
          status: 'refunding',
          statusBeforeRefund: order.status,
          refundCount: order.refundCount + 1,
          updatedAt: ctx.now,
        },
      });
    // Commission of an order under refund waits: it must not settle while the money may go back.
    await holdCommission(tx, order._id, true);
    return { refund };
  });
}

export async function reviewRefund(
  input: { refundId: string; approve: boolean; reason?: string },
  ctx: ActionContext,
) {
  const settings = await loadSettings();
  const { refund, order } = await inTransaction(async (tx) => {
    const found = await txGet<Refund>(tx, 'refunds', input.refundId);
    if (!found) throw notFound('退款申请不存在');
    if (found.status !== 'requested') throw precondition('该退款申请已处理');
    const parent = await txGet<Order>(tx, 'orders', found.orderId);
    if (!parent) throw notFound('订单不存在');
    const status = input.approve ? 'processing' : 'rejected';
    await tx
      .collection('refunds')
      .doc(found._id)
      .update({
        data: {
          status,
          reviewedBy: ctx.openid,
          reviewedAt: ctx.now,
          ...(input.reason ? { rejectReason: input.reason } : {}),
          updatedAt: ctx.now,
        },
      });
    if (!input.approve) await reopenOrder(tx, parent, ctx.now);
    await audit(
      {
        type: 'refund.review',
        subjectId: found._id,
        actorId: ctx.openid,
        source: 'admin',
        detail: { approve: input.approve },
      },
      ctx.now,
      tx,
    );
    return { refund: { ...found, status } as Refund, order: parent };
  });
  if (!input.approve) return { refund };
  try {
    await providerFor(settings).requestRefund({
      outTradeNo: order.outTradeNo,
      outRefundNo: refund._id,
      totalFee: order.amount,
      refundFee: refund.amount,
    });
  } catch (error) {
    // Compensation: the provider refused, so the request goes back to the merchant to decide again.
    await inTransaction(async (tx) => {
      await tx
        .collection('refunds')
        .doc(refund._id)
        .update({ data: { status: 'requested', updatedAt: ctx.now } });
    });
    if (error instanceof PaymentError) throw precondition(`退款提交失败：${error.message}`);
    throw error;
  }
  return { refund };
}
