// order.create: prices and stock from the database, the referrer snapshot frozen, stock reserved.
import type { BuyerOrder, CreateOrderInput } from '../../contracts/order';
import { planCommission, referrerSnapshot } from '../../domain/commission';
import { buildItems, commissionLines, goodsAmountOf, Order, Product, shippingFor } from '../../domain/order';
import { precondition } from '../../errors';
import { formatYuan, MAX_FEN } from '../../domain/money';
import { ActionContext } from '../../handler';
import { command, find, getById, insert, isDuplicateKey, updateById, updateWhere } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { getUser, uplineOf } from '../../data/users';
import { orderIdFor, orderNoFor } from './ids';
import { beijingDate } from '../../domain/analytics';
import { buyerOrder } from './views';

export async function createOrder(
  input: CreateOrderInput,
  ctx: ActionContext,
): Promise<{ order: BuyerOrder }> {
  const orderId = orderIdFor(ctx.openid, input.clientRequestId);
  if (input.clientRequestId) {
    const existing = await getById<Order>('orders', orderId);
    if (existing) return { order: buyerOrder(existing) };
  }
  const settings = await loadSettings();
  const productIds = [...new Set(input.items.map((item) => item.productId))];
  const _ = command();
  const found = await find<Product>('products', { _id: _.in(productIds) }, { limit: productIds.length });
  const items = buildItems(input.items, new Map(found.map((p) => [p._id, p])));
  const goodsAmount = goodsAmountOf(items);
  const shipping = shippingFor(settings, goodsAmount);
  // Refused before any commission maths: no single money field may exceed MAX_FEN.
  if (goodsAmount + shipping > MAX_FEN)
    throw precondition(`订单金额超过单笔上限 ${formatYuan(MAX_FEN)} 元，请分开下单`);
  const upline = await uplineOf(ctx.openid, settings, ctx.now);
  // The buyer's own distributor state matters only for self-purchase commission: read it only then.
  const self = settings.selfPurchase ? (await getUser(ctx.openid))?.distributor : undefined;
  const buyer = {
    userId: ctx.openid,
    isActiveDistributor: self?.status === 'active',
    ...(self?.grade ? { grade: self.grade } : {}),
  };
  const referrer = referrerSnapshot(settings, buyer, upline);
  const plan = planCommission(referrer, commissionLines(items));
  const order: Order = {
    _id: orderId,
    buyerId: ctx.openid,
    status: 'created',
    items,
    goodsAmount,
    shipping,
    amount: goodsAmount + shipping,
    referrer,
    spendCanActivate: settings.joinMode === 'threshold',
    commissionPreview: {
      level1: plan.levels.find((e) => e.level === 1)?.amount ?? 0,
      level2: plan.levels.find((e) => e.level === 2)?.amount ?? 0,
    },
    address: input.address,
    remark: input.remark ?? '',
    ...(input.clientRequestId ? { clientRequestId: input.clientRequestId } : {}),
    outTradeNo: orderId,
    orderNo: orderNoFor(orderId, beijingDate(ctx.now)),
    refundedAmount: 0,
    refundCount: 0,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + settings.unpaidCloseMinutes * 60_000),
    updatedAt: ctx.now,
  };
  if (order.amount <= 0) throw precondition('订单金额必须大于 0');

  // Each reservation is one conditional update, atomic on its document; the order is written after
  // all of them, and a failure gives back what was taken. A crash in between can only under-count
  // stock, never oversell.
  const reserved: { productId: string; quantity: number }[] = [];
  try {
    for (const item of items) {
      const updated = await updateWhere(
        'products',
        { _id: item.productId, status: 'on', stock: _.gte(item.quantity) },
        { stock: _.inc(-item.quantity), updatedAt: ctx.now },
      );
      if (updated !== 1) throw precondition(`库存不足：${item.name}`);
      reserved.push(item);
    }
    await insert('orders', { ...order });
    return { order: buyerOrder(order) };
  } catch (error) {
    await releaseStock(reserved, ctx.now);
    if (isDuplicateKey(error) && input.clientRequestId) {
      const existing = await getById<Order>('orders', orderId);
      if (existing) return { order: buyerOrder(existing) };
    }
    throw error;
  }
}

/** Gives reserved stock back (an order failed, was cancelled or expired unpaid). */
export async function releaseStock(
  items: { productId: string; quantity: number }[],
  now: Date,
): Promise<void> {
  const _ = command();
  for (const item of items) {
    await updateById('products', item.productId, { stock: _.inc(item.quantity), updatedAt: now });
  }
}
