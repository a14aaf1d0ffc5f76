// order.quote and order.create: prices from the catalogue at the server's clock (limited-time prices
// included), the coupon's discount spread over the lines, shipping, the referrer snapshot frozen, stock
// reserved per SKU and the coupon taken.
import type { BuyerOrder, CreateOrderInput, Quote, QuoteInput } from '../../contracts/order';
import { planCommission, referrerSnapshot } from '../../domain/commission';
import { applyCoupon, bestCoupon, ruleText, unusableBecause, UserCoupon } from '../../domain/coupon';
import {
  buildItems,
  commissionLines,
  goodsAmountOf,
  listAmountOf,
  Order,
  OrderItem,
  Product,
  RequestedLine,
  shippingFor,
  withCoupon,
} from '../../domain/order';
import type { Settings } from '../../domain/settings';
import { precondition } from '../../errors';
import { formatYuan, MAX_FEN } from '../../domain/money';
import { ActionContext } from '../../handler';
import { command, find, getById, insert } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { getUser, uplineOf } from '../../data/users';
import { beijingDate } from '../../domain/analytics';
import { heldCoupons, returnCoupon, useCoupon } from './coupons';
import { orderIdFor, orderNoFor } from './ids';
import { releaseStock, reserveStock } from './stock';
import { buyerOrder, orderLine } from './views';

interface Priced {
  items: OrderItem[];
  listAmount: number;
  coupon?: { held: UserCoupon; discount: number };
  goodsAmount: number;
  shipping: number;
  options: Quote['coupons'];
}

const discountLines = (items: OrderItem[]) =>
  items.map((item) => ({
    productId: item.productId,
    category: item.category ?? '',
    amount: item.price * item.quantity,
  }));

/**
 * Prices the lines at `ctx.now` with a coupon: `couponId` names one the shopper holds (refused in words
 * when it cannot be used), null means none, undefined means the best they hold (`pickBest`) or none.
 */
async function priceOrder(
  requested: RequestedLine[],
  couponId: string | null | undefined,
  pickBest: boolean,
  settings: Settings,
  ctx: ActionContext,
): Promise<Priced> {
  const productIds = [...new Set(requested.map((item) => item.productId))];
  const found = await find<Product>(
    'products',
    { _id: command().in(productIds) },
    { limit: productIds.length },
  );
  const built = buildItems(requested, new Map(found.map((p) => [p._id, p])), ctx.now);
  const listAmount = listAmountOf(built);
  const lines = discountLines(built);
  // An order made without a coupon needs none of the shopper's coupons read.
  const wanted = couponId !== null || pickBest;
  const held = wanted ? (await heldCoupons(ctx.openid)).filter((c) => c.status === 'unused') : [];
  const options = held
    .filter((c) => new Date(c.validUntil).getTime() > ctx.now.getTime())
    .map((c) => {
      const reason = unusableBecause(c, lines, ctx.now);
      return {
        userCouponId: c._id,
        name: c.name,
        ruleText: ruleText(c.rule),
        validUntil: c.validUntil,
        discount: reason ? 0 : applyCoupon(c, lines).discount,
        ...(reason ? { reason } : {}),
      };
    })
    .sort((a, b) => b.discount - a.discount);
  let chosen: UserCoupon | undefined;
  if (couponId) {
    chosen = held.find((c) => c._id === couponId);
    if (!chosen) throw precondition('优惠券不可用：没有这张券或已使用');
    const reason = unusableBecause(chosen, lines, ctx.now);
    if (reason) throw precondition(`优惠券不可用：${reason}`);
  } else if (couponId === undefined && pickBest) {
    chosen = bestCoupon(held, lines, ctx.now);
  }
  const { items, discount } = chosen ? withCoupon(built, chosen) : { items: built, discount: 0 };
  const goodsAmount = goodsAmountOf(items);
  return {
    items,
    listAmount,
    ...(chosen && discount > 0 ? { coupon: { held: chosen, discount } } : {}),
    goodsAmount,
    shipping: shippingFor(settings, goodsAmount),
    options,
  };
}

/** order.quote: what checkout shows (lines at today's prices, the coupons and the best one, the total). */
export async function quoteOrder(input: QuoteInput, ctx: ActionContext): Promise<Quote> {
  const settings = await loadSettings();
  const priced = await priceOrder(input.items, input.couponId, true, settings, ctx);
  return {
    lines: priced.items.map(orderLine),
    listAmount: priced.listAmount,
    coupons: priced.options,
    coupon: priced.coupon
      ? {
          userCouponId: priced.coupon.held._id,
          name: priced.coupon.held.name,
          discount: priced.coupon.discount,
        }
      : null,
    goodsAmount: priced.goodsAmount,
    shipping: priced.shipping,
    amount: priced.goodsAmount + priced.shipping,
  };
}

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
  const priced = await priceOrder(input.items, input.couponId ?? null, false, settings, ctx);
  const { items, goodsAmount, shipping } = priced;
  // Refused before any commission maths: no single money field may exceed MAX_FEN.
  if (priced.listAmount + shipping > MAX_FEN)
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
    ...(priced.coupon
      ? {
          coupon: {
            userCouponId: priced.coupon.held._id,
            couponId: priced.coupon.held.couponId,
            name: priced.coupon.held.name,
            discount: priced.coupon.discount,
          },
        }
      : {}),
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

  // Stock first, then the coupon, then the order; a failure gives back what was taken. A crash in between
  // can only under-count stock or hold a coupon on no order, never oversell or use a coupon twice.
  await reserveStock(items, ctx.now);
  let couponTaken = false;
  try {
    if (priced.coupon) {
      couponTaken = await useCoupon(priced.coupon.held, orderId, ctx.now);
      if (!couponTaken) throw precondition('优惠券不可用：已被使用');
    }
    await insert('orders', { ...order });
    return { order: buyerOrder(order) };
  } catch (error) {
    await releaseStock(items, ctx.now);
    if (couponTaken) await returnCoupon(priced.coupon!.held._id, orderId, ctx.now);
    // The same request made twice at once: the other call wrote the order (and took the coupon).
    if (input.clientRequestId) {
      const existing = await getById<Order>('orders', orderId);
      if (existing) return { order: buyerOrder(existing) };
    }
    throw error;
  }
}
