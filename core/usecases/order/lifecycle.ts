// Order state changes outside payment: closing unpaid orders (buyer cancel or expiry) with their
// stock, and completing received orders, which starts the after-sale window of their commission.
import { commissionId, Level } from '../../domain/commission';
import { assertMove, maturesAt, Order } from '../../domain/order';
import { Settings } from '../../domain/settings';
import { command, inTransaction, txGet } from '../../data/db';
import { audit } from '../../data/events';
import { PaymentProvider } from '../../data/payment';
import { loadSettings } from '../../data/settings';
import type { BuyerOrder } from '../../contracts/order';
import type { ActionContext } from '../../handler';
import { ownOrder, providerFor } from './pay';
import { buyerOrder } from './views';

/** Cancels or closes an unpaid order and gives its stock back, in one transaction. False if it was no longer unpaid. */
export async function closeUnpaid(
  orderId: string,
  to: 'cancelled' | 'closed',
  now: Date,
  provider: PaymentProvider | undefined,
  expectBuyer?: string,
): Promise<Order> {
  const order = await inTransaction(async (tx) => {
    const current = await txGet<Order>(tx, 'orders', orderId);
    if (!current || (expectBuyer && current.buyerId !== expectBuyer))
      throw new Error(`order ${orderId} vanished`);
    assertMove(current, to);
    const _ = command();
    for (const item of current.items) {
      await tx
        .collection('products')
        .doc(item.productId)
        .update({ data: { stock: _.inc(item.quantity), updatedAt: now } });
    }
    await tx
      .collection('orders')
      .doc(orderId)
      .update({ data: { status: to, closedAt: now, updatedAt: now } });
    return { ...current, status: to, closedAt: now };
  });
  // Best effort: a closed WeChat Pay order cannot be paid any more. If this fails, a late payment is
  // still caught by payNotify ('payment.after_close').
  await provider
    ?.closePayment(order.outTradeNo)
    .catch((error: unknown) => console.warn('closePayment failed', error));
  return order;
}

/** Marks a shipped order received; its commission matures once the after-sale window closes. */
export async function completeOrder(
  orderId: string,
  now: Date,
  settings: Settings,
  actorId: string,
): Promise<Order> {
  return inTransaction(async (tx) => {
    const order = await txGet<Order>(tx, 'orders', orderId);
    if (!order) throw new Error(`order ${orderId} vanished`);
    assertMove(order, 'completed');
    const due = maturesAt(now, settings);
    for (const level of [1, 2] as Level[]) {
      const id = commissionId(orderId, level);
      if (await txGet(tx, 'commissions', id))
        await tx
          .collection('commissions')
          .doc(id)
          .update({ data: { maturesAt: due, updatedAt: now } });
    }
    await tx
      .collection('orders')
      .doc(orderId)
      .update({ data: { status: 'completed', completedAt: now, updatedAt: now } });
    await audit(
      {
        type: 'order.completed',
        subjectId: orderId,
        actorId,
        source: actorId === 'system' ? 'system' : 'self',
      },
      now,
      tx,
    );
    return { ...order, status: 'completed', completedAt: now };
  });
}

/** order.cancel: the buyer cancels their unpaid order. */
export async function cancelOrder(input: { orderId: string }, ctx: ActionContext): Promise<{ order: BuyerOrder }> {
  await ownOrder(input.orderId, ctx);
  const settings = await loadSettings();
  const order = await closeUnpaid(input.orderId, 'cancelled', ctx.now, providerFor(settings), ctx.openid);
  return { order: buyerOrder(order) };
}

/** order.confirm: the buyer confirms receipt of their shipped order. */
export async function confirmOrder(input: { orderId: string }, ctx: ActionContext): Promise<{ order: BuyerOrder }> {
  await ownOrder(input.orderId, ctx);
  return { order: buyerOrder(await completeOrder(input.orderId, ctx.now, await loadSettings(), ctx.openid)) };
}
