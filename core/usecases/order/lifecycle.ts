// Order state changes outside payment: closing unpaid orders (buyer cancel or expiry) with their
// stock, and completing received orders, which starts the after-sale window of their commission.
import { commissionId, Level } from '../../domain/commission';
import { assertMove, maturesAt, Order, orderMachine } from '../../domain/order';
import { Settings } from '../../domain/settings';
import { getById, inTransaction, txGet, txUpdate } from '../../data/db';
import { notFound, precondition } from '../../errors';
import { tradeOrderState } from '../../data/openapi';
import { applyPayment, confirmedPayment } from './notify';
import { audit } from '../../data/events';
import { CLOSED_CODES, PAID_CODE, PaymentError, PaymentNotice, PaymentProvider } from '../../data/payment';
import { loadSettings } from '../../data/settings';
import type { BuyerOrder } from '../../contracts/order';
import type { ActionContext } from '../../handler';
import { configuredProvider, ownOrder } from './pay';
import { buyerOrder } from './views';
import { txReturnCoupon } from './coupons';
import { txReleaseStock } from './stock';

/** What WeChat Pay says to a close: the payment can no longer be made, or it was made already. */
type CloseOutcome = { kind: 'closed'; providerFailed?: boolean } | { kind: 'paid'; notice: PaymentNotice };

/**
 * Asks the provider to close an unpaid payment. ORDERPAID means the shopper paid after all (the payment
 * is confirmed by a query); a payment it never heard of, or already closed, cannot be made any more.
 * Any other failure (a network error, a close asked too soon) falls back to a query: the order closes
 * only if the payment is not made, and the settle timer closes it at the provider later.
 */
async function closeAtProvider(provider: PaymentProvider, outTradeNo: string): Promise<CloseOutcome> {
  try {
    await provider.closePayment(outTradeNo);
    return { kind: 'closed' };
  } catch (error) {
    if (error instanceof PaymentError && error.code && CLOSED_CODES.has(error.code))
      return { kind: 'closed' };
    const notice = await confirmedPayment(provider, outTradeNo);
    if (notice) return { kind: 'paid', notice };
    if (error instanceof PaymentError && error.code === PAID_CODE)
      throw new Error(`closeOrder said ${outTradeNo} is paid, queryOrder does not`);
    console.warn(
      `closePayment ${outTradeNo} failed; closing here, the timer closes it at the provider`,
      error,
    );
    return { kind: 'closed', providerFailed: true };
  }
}

/**
 * Cancels (`cancelled`, the buyer) or closes (`closed`, expiry) an unpaid order and gives its stock back.
 * WeChat Pay is asked to close the payment FIRST, so an order is never closed here while it can still be
 * paid there; when WeChat Pay says it was paid, the payment is applied and the order is refused closing.
 */
export async function closeUnpaid(
  orderId: string,
  to: 'cancelled' | 'closed',
  now: Date,
  provider: PaymentProvider | undefined,
  expectBuyer?: string,
): Promise<Order> {
  const before = await getById<Order>('orders', orderId);
  if (!before || (expectBuyer && before.buyerId !== expectBuyer)) throw notFound('订单不存在');
  orderMachine.assertMove(before.status, to);
  const outcome: CloseOutcome = provider
    ? await closeAtProvider(provider, before.outTradeNo)
    : { kind: 'closed' };
  if (outcome.kind === 'paid') {
    await applyPayment(outcome.notice, now, provider);
    throw precondition('订单已支付，不能取消');
  }
  return inTransaction(async (tx) => {
    const current = await txGet<Order>(tx, 'orders', orderId);
    if (!current) throw notFound('订单不存在');
    orderMachine.assertMove(current.status, to);
    await txReleaseStock(tx, current.items, now);
    await txReturnCoupon(tx, current, now);
    const changes = {
      status: to,
      closedAt: now,
      ...(outcome.providerFailed ? { providerCloseFailed: true } : {}),
      updatedAt: now,
    };
    await txUpdate(tx, 'orders', orderId, changes);
    return { ...current, ...changes };
  });
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
        await txUpdate(tx, 'commissions', id, { maturesAt: due, updatedAt: now });
    }
    await txUpdate(tx, 'orders', orderId, { status: 'completed', completedAt: now, updatedAt: now });
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
export async function cancelOrder(
  input: { orderId: string },
  ctx: ActionContext,
): Promise<{ order: BuyerOrder }> {
  await ownOrder(input.orderId, ctx);
  const settings = await loadSettings();
  const order = await closeUnpaid(
    input.orderId,
    'cancelled',
    ctx.now,
    configuredProvider(settings),
    ctx.openid,
  );
  return { order: buyerOrder(order) };
}

/** WeChat's states of a payment under 交易结算管理 that mean the buyer confirmed receipt (or the deal closed). */
const RECEIVED_STATES: ReadonlySet<number> = new Set([3, 4]);

/**
 * Under 发货信息管理, a shipment WeChat knows of is received in WeChat's confirm-receipt component: the
 * server asks WeChat whether the buyer did before completing the order, so no page can complete it alone.
 */
async function receivedAtWeChat(order: Order, settings: Settings): Promise<boolean> {
  const uploaded = order.shippingUpload?.state === 'uploaded';
  const transactionId = order.payment?.transactionId;
  if (!settings.wechatShipping.enabled || !uploaded || !transactionId) return true;
  const state = await tradeOrderState(transactionId).catch((error: unknown) => {
    console.warn(`getOrder ${order._id} failed`, error);
    return 0;
  });
  return RECEIVED_STATES.has(state);
}

export async function assertReceivedAtWeChat(order: Order, settings: Settings): Promise<void> {
  if (!(await receivedAtWeChat(order, settings))) throw precondition('请先在微信的确认收货页面确认收货');
}

/** order.confirm: the buyer confirms receipt of their shipped order. */
export async function confirmOrder(
  input: { orderId: string },
  ctx: ActionContext,
): Promise<{ order: BuyerOrder }> {
  const order = await ownOrder(input.orderId, ctx);
  const settings = await loadSettings();
  await assertReceivedAtWeChat(order, settings);
  return { order: buyerOrder(await completeOrder(input.orderId, ctx.now, settings, ctx.openid)) };
}

/**
 * WeChat's push trade_manage_order_settlement (消息推送, routed to the settle function) comes when the
 * shipment is complete and again at settlement: once WeChat says the buyer received the parcel (they
 * confirmed, or WeChat did for them), the order completes here too. The push is not trusted: getOrder is.
 */
export async function completeFromWeChat(outTradeNo: string, now: Date): Promise<'completed' | 'ignored'> {
  const order = await getById<Order>('orders', outTradeNo);
  if (!order || order.status !== 'shipped') return 'ignored';
  const settings = await loadSettings();
  if (!(await receivedAtWeChat(order, settings))) return 'ignored';
  await completeOrder(order._id, now, settings, 'wechat');
  return 'completed';
}
