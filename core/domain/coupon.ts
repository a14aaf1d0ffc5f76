// Coupons (优惠券), pure: what a coupon takes off an order, and how that discount is spread over the lines
// so each line records what the shopper paid for it (`paid`), the base of its commission.
//
// The spreading rule, written once: the discount is divided over the lines the coupon applies to in
// proportion to their amounts, each share floored to the fen; the fen left over go to the last such line,
// then (only if that line has nothing left to take) to the one before it, and so on. Worked example: 满100减20
// on lines of 80.00 and 40.00 yuan: 2000 × 8000 / 12000 = 1333.33 → 1333 on the first line, the remaining
// 667 on the last; the lines paid 66.67 and 33.33 yuan, 100.00 in all.
import { applyRateFloor, proportionFloor } from './money';

/** 满减: at least `thresholdFen` of eligible goods, `offFen` off; 折扣: `percentOffBp` off, at most `capFen`. */
export type CouponRule =
  | { kind: 'amount'; thresholdFen: number; offFen: number }
  | { kind: 'percent'; thresholdFen: number; percentOffBp: number; capFen: number };

/** Which goods a coupon applies to. */
export type CouponScope =
  { kind: 'all' } | { kind: 'products'; productIds: string[] } | { kind: 'categories'; categories: string[] };

/** When a claimed coupon can be used: a fixed window, or a number of days from claiming. */
export type CouponValidity =
  { kind: 'window'; startsAt: Date; endsAt: Date } | { kind: 'days'; days: number };

/** A coupon template the merchant made. */
export interface Coupon {
  _id: string;
  name: string;
  rule: CouponRule;
  scope: CouponScope;
  validity: CouponValidity;
  /** How many may be claimed in all (0: no limit) and by one shopper. */
  totalLimit: number;
  perUserLimit: number;
  claimed: number;
  used: number;
  status: 'active' | 'disabled';
  createdAt: Date;
  updatedAt: Date;
}

export type UserCouponStatus = 'unused' | 'used';

/** A coupon a shopper holds: the template's rule and scope as they were when claimed. */
export interface UserCoupon {
  /** `<couponId>:<userId>:<n>`, n counting the shopper's claims of it: a claim twice at once collides. */
  _id: string;
  couponId: string;
  userId: string;
  name: string;
  rule: CouponRule;
  scope: CouponScope;
  validFrom: Date;
  validUntil: Date;
  status: UserCouponStatus;
  /** The order that used it (while used). */
  orderId?: string;
  usedAt?: Date;
  claimedAt: Date;
  updatedAt: Date;
}

/** The part of an order line the coupon maths reads. */
export interface DiscountLine {
  productId: string;
  category: string;
  /** Fen before the coupon: unit price × quantity. */
  amount: number;
}

export const userCouponId = (couponId: string, userId: string, n: number) => `${couponId}:${userId}:${n}`;

export function inScope(scope: CouponScope, line: Pick<DiscountLine, 'productId' | 'category'>): boolean {
  if (scope.kind === 'products') return scope.productIds.includes(line.productId);
  if (scope.kind === 'categories') return scope.categories.includes(line.category);
  return true;
}

/** The window a coupon claimed at `claimedAt` can be used in. */
export function validityOf(validity: CouponValidity, claimedAt: Date): { validFrom: Date; validUntil: Date } {
  if (validity.kind === 'window')
    return { validFrom: new Date(validity.startsAt), validUntil: new Date(validity.endsAt) };
  return { validFrom: claimedAt, validUntil: new Date(claimedAt.getTime() + validity.days * 86_400_000) };
}

/** Fen the rule takes off `eligible` fen of goods (0 below the threshold); never more than `eligible`. */
export function discountOf(rule: CouponRule, eligible: number): number {
  if (eligible <= 0 || eligible < rule.thresholdFen) return 0;
  const off =
    rule.kind === 'amount'
      ? rule.offFen
      : Math.min(applyRateFloor(eligible, rule.percentOffBp), rule.capFen > 0 ? rule.capFen : eligible);
  return Math.min(off, eligible);
}

/**
 * Each line's share of `discount` over the lines flagged eligible, by the rule above; the shares add up to
 * `discount` exactly and no share exceeds its line's amount (requires discount ≤ the eligible amounts).
 */
export function spreadDiscount(amounts: number[], eligible: boolean[], discount: number): number[] {
  const shares = amounts.map(() => 0);
  const total = amounts.reduce((sum, amount, i) => (eligible[i] ? sum + amount : sum), 0);
  if (discount <= 0 || total <= 0) return shares;
  if (discount > total) throw new Error(`discount ${discount} exceeds the eligible ${total}`);
  let given = 0;
  amounts.forEach((amount, i) => {
    if (!eligible[i]) return;
    shares[i] = proportionFloor(discount, amount, total);
    given += shares[i]!;
  });
  let left = discount - given;
  for (let i = amounts.length - 1; i >= 0 && left > 0; i--) {
    if (!eligible[i]) continue;
    const room = amounts[i]! - shares[i]!;
    const take = Math.min(room, left);
    shares[i] = shares[i]! + take;
    left -= take;
  }
  return shares;
}

/** Why a held coupon cannot be used on these lines at `now`, in words; null when it can. */
export function unusableBecause(coupon: UserCoupon, lines: DiscountLine[], now: Date): string | null {
  if (coupon.status !== 'unused') return '已使用';
  if (now.getTime() < new Date(coupon.validFrom).getTime()) return '未到使用时间';
  if (now.getTime() >= new Date(coupon.validUntil).getTime()) return '已过期';
  const eligible = lines.filter((line) => inScope(coupon.scope, line)).reduce((s, l) => s + l.amount, 0);
  if (eligible === 0) return '订单中没有适用的商品';
  if (eligible < coupon.rule.thresholdFen) return `适用商品满 ${coupon.rule.thresholdFen / 100} 元可用`;
  return null;
}

/** What a coupon does to these lines: the discount and each line's share of it. */
export function applyCoupon(
  coupon: Pick<UserCoupon, 'rule' | 'scope'>,
  lines: DiscountLine[],
): { discount: number; shares: number[] } {
  const eligible = lines.map((line) => inScope(coupon.scope, line));
  const eligibleAmount = lines.reduce((sum, line, i) => (eligible[i] ? sum + line.amount : sum), 0);
  const discount = discountOf(coupon.rule, eligibleAmount);
  return {
    discount,
    shares: spreadDiscount(
      lines.map((l) => l.amount),
      eligible,
      discount,
    ),
  };
}

/** The held coupon that takes the most off (the one expiring first among equals), or none. */
export function bestCoupon(coupons: UserCoupon[], lines: DiscountLine[], now: Date): UserCoupon | undefined {
  let best: { coupon: UserCoupon; discount: number } | undefined;
  for (const coupon of coupons) {
    if (unusableBecause(coupon, lines, now)) continue;
    const { discount } = applyCoupon(coupon, lines);
    if (discount <= 0) continue;
    const earlier =
      best && new Date(coupon.validUntil).getTime() < new Date(best.coupon.validUntil).getTime();
    if (!best || discount > best.discount || (discount === best.discount && earlier))
      best = { coupon, discount };
  }
  return best?.coupon;
}

/** 「满100减20」「9折，最多减30元」「无门槛减5元」: a rule in the shopper's words. */
export function ruleText(rule: CouponRule): string {
  const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
  if (rule.kind === 'amount')
    return rule.thresholdFen > 0
      ? `满${yuan(rule.thresholdFen)}减${yuan(rule.offFen)}`
      : `无门槛减${yuan(rule.offFen)}元`;
  const tenths = (10_000 - rule.percentOffBp) / 1000;
  const fold = `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1).replace(/\.0$/, '')}折`;
  const from = rule.thresholdFen > 0 ? `满${yuan(rule.thresholdFen)}打` : '';
  return `${from}${fold}${rule.capFen > 0 ? `，最多减${yuan(rule.capFen)}元` : ''}`;
}
