// Coupons for shoppers: the coupon centre (and a product's coupons), claiming one, their own coupons, and
// the use of one by an order: taken when the order is made, given back when an unpaid order closes or the
// whole order is refunded. A partial refund keeps the coupon used (the discount stays on the lines paid).
import type { CenterCoupon, MyCoupon } from '../../contracts/order';
import { Coupon, inScope, ruleText, UserCoupon, userCouponId, validityOf } from '../../domain/coupon';
import type { Order, Product } from '../../domain/order';
import { notFound, precondition } from '../../errors';
import type { ActionContext } from '../../handler';
import {
  command,
  find,
  getById,
  insert,
  isDuplicateKey,
  Transaction,
  txGet,
  txUpdate,
  updateById,
  updateWhere,
} from '../../data/db';

/** A shopper holds at most this many coupons of one kind at a time, whatever the merchant sets. */
export const MAX_PER_USER = 20;

/** Whether the template can be claimed at `now`: active, and (for a fixed window) not over yet. */
function claimable(coupon: Coupon, now: Date): boolean {
  if (coupon.status !== 'active') return false;
  if (coupon.validity.kind === 'window' && new Date(coupon.validity.endsAt).getTime() <= now.getTime())
    return false;
  return coupon.totalLimit === 0 || coupon.claimed < coupon.totalLimit;
}

async function heldCount(couponId: string, userId: string): Promise<number> {
  return (await find<UserCoupon>('userCoupons', { couponId, userId }, { limit: MAX_PER_USER + 1 })).length;
}

/** order.coupons.center: coupons the shopper can claim now (those for one product, when given). */
export async function couponCenter(
  input: { productId?: string },
  ctx: ActionContext,
): Promise<{ items: CenterCoupon[] }> {
  const coupons = (await find<Coupon>('coupons', { status: 'active' }, { limit: 100 })).filter((c) =>
    claimable(c, ctx.now),
  );
  const product = input.productId ? await getById<Product>('products', input.productId) : null;
  if (input.productId && !product) throw notFound('商品不存在');
  const shown = product
    ? coupons.filter((c) => inScope(c.scope, { productId: product._id, category: product.category }))
    : coupons;
  const mine = await find<UserCoupon>(
    'userCoupons',
    { userId: ctx.openid, couponId: command().in(shown.map((c) => c._id)) },
    { limit: 1000 },
  );
  return {
    items: shown.map((coupon) => {
      const held = mine.filter((m) => m.couponId === coupon._id).length;
      return {
        couponId: coupon._id,
        name: coupon.name,
        ruleText: ruleText(coupon.rule),
        rule: coupon.rule,
        scope: coupon.scope,
        validity: coupon.validity,
        held,
        canClaim: held < coupon.perUserLimit,
        left: coupon.totalLimit === 0 ? null : coupon.totalLimit - coupon.claimed,
      };
    }),
  };
}

/**
 * order.coupons.claim: one more of the coupon for the caller, within its total and per-shopper limits. The
 * total is taken by one conditional update; the shopper's n-th copy has a fixed id, so two claims at once
 * cannot both take the same place.
 */
export async function claimCoupon(
  input: { couponId: string },
  ctx: ActionContext,
): Promise<{ coupon: MyCoupon }> {
  const coupon = await getById<Coupon>('coupons', input.couponId);
  if (!coupon) throw notFound('优惠券不存在');
  if (!claimable(coupon, ctx.now))
    throw precondition(coupon.status !== 'active' ? '优惠券已停止发放' : '优惠券已领完或已结束');
  const limit = Math.min(coupon.perUserLimit, MAX_PER_USER);
  const held = await heldCount(coupon._id, ctx.openid);
  if (held >= limit) throw precondition(`每人限领 ${coupon.perUserLimit} 张`);
  const _ = command();
  const taken = await updateWhere(
    'coupons',
    {
      _id: coupon._id,
      status: 'active',
      ...(coupon.totalLimit > 0 ? { claimed: _.lt(coupon.totalLimit) } : {}),
    },
    { claimed: _.inc(1), updatedAt: ctx.now },
  );
  if (taken !== 1) throw precondition('优惠券已领完');
  const { validFrom, validUntil } = validityOf(coupon.validity, ctx.now);
  for (let n = held + 1; n <= limit; n++) {
    const mine: UserCoupon = {
      _id: userCouponId(coupon._id, ctx.openid, n),
      couponId: coupon._id,
      userId: ctx.openid,
      name: coupon.name,
      rule: coupon.rule,
      scope: coupon.scope,
      validFrom,
      validUntil,
      status: 'unused',
      claimedAt: ctx.now,
      updatedAt: ctx.now,
    };
    try {
      await insert('userCoupons', { ...mine });
      return { coupon: myCoupon(mine, ctx.now) };
    } catch (error) {
      if (!isDuplicateKey(error)) {
        await updateById('coupons', coupon._id, { claimed: _.inc(-1), updatedAt: ctx.now });
        throw error;
      }
    }
  }
  // Every place was taken by claims made at the same moment: the total goes back.
  await updateById('coupons', coupon._id, { claimed: _.inc(-1), updatedAt: ctx.now });
  throw precondition(`每人限领 ${coupon.perUserLimit} 张`);
}

export function myCoupon(coupon: UserCoupon, now: Date): MyCoupon {
  const expired = coupon.status === 'unused' && new Date(coupon.validUntil).getTime() <= now.getTime();
  return {
    userCouponId: coupon._id,
    couponId: coupon.couponId,
    name: coupon.name,
    ruleText: ruleText(coupon.rule),
    rule: coupon.rule,
    scope: coupon.scope,
    validFrom: coupon.validFrom,
    validUntil: coupon.validUntil,
    state: coupon.status === 'used' ? 'used' : expired ? 'expired' : 'usable',
    ...(coupon.orderId ? { orderId: coupon.orderId } : {}),
  };
}

/** The caller's coupons (usable first, by expiry; then used and expired ones, newest first). */
export async function heldCoupons(userId: string): Promise<UserCoupon[]> {
  return find<UserCoupon>('userCoupons', { userId }, { limit: 500 });
}

/** order.coupons.mine */
export async function mineCoupons(
  input: { state?: MyCoupon['state'] },
  ctx: ActionContext,
): Promise<{ items: MyCoupon[] }> {
  const all = (await heldCoupons(ctx.openid)).map((c) => myCoupon(c, ctx.now));
  const order = { usable: 0, used: 1, expired: 2 } as const;
  const items = all
    .filter((c) => !input.state || c.state === input.state)
    .sort((a, b) =>
      a.state !== b.state
        ? order[a.state] - order[b.state]
        : a.state === 'usable'
          ? new Date(a.validUntil).getTime() - new Date(b.validUntil).getTime()
          : new Date(b.validUntil).getTime() - new Date(a.validUntil).getTime(),
    );
  return { items };
}

/** Marks the shopper's coupon used by `orderId`; false when it is not theirs or not unused any more. */
export async function useCoupon(coupon: UserCoupon, orderId: string, now: Date): Promise<boolean> {
  const taken = await updateWhere(
    'userCoupons',
    { _id: coupon._id, userId: coupon.userId, status: 'unused' },
    { status: 'used', orderId, usedAt: now, updatedAt: now },
  );
  if (taken === 1) await updateById('coupons', coupon.couponId, { used: command().inc(1), updatedAt: now });
  return taken === 1;
}

/** Gives the order's coupon back (the order failed to be written). */
export async function returnCoupon(userCouponId: string, orderId: string, now: Date): Promise<void> {
  const _ = command();
  const back = await updateWhere(
    'userCoupons',
    { _id: userCouponId, status: 'used', orderId },
    { status: 'unused', orderId: _.remove(), usedAt: _.remove(), updatedAt: now },
  );
  const couponId = userCouponId.split(':')[0]!;
  if (back === 1) await updateById('coupons', couponId, { used: _.inc(-1), updatedAt: now });
}

/** Gives the order's coupon back inside a transaction: the unpaid order closed, or it was refunded in full. */
export async function txReturnCoupon(tx: Transaction, order: Order, now: Date): Promise<void> {
  if (!order.coupon) return;
  const held = await txGet<UserCoupon>(tx, 'userCoupons', order.coupon.userCouponId);
  if (held?.status !== 'used' || held.orderId !== order._id) return;
  const _ = command();
  await txUpdate(tx, 'userCoupons', order.coupon.userCouponId, {
    status: 'unused',
    orderId: _.remove(),
    usedAt: _.remove(),
    updatedAt: now,
  });
  await txUpdate(tx, 'coupons', order.coupon.couponId, { used: _.inc(-1), updatedAt: now });
}
