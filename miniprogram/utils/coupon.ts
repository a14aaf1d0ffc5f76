// Coupons in words: the big figure and its condition on a coupon's stub, where it applies, how long it lasts,
// and what the coupon centre's button says. The rule's own words (「满100减20」) are the server's ruleText.
import type { CenterCoupon, MyCoupon } from '../services/api';
import { formatDate } from './date';
import { formatFen, yuanText } from './money';

type Rule = CenterCoupon['rule'];
type Scope = CenterCoupon['scope'];

/** ¥ without trailing zeros: 2000 → '¥20', 1250 → '¥12.5'. */
const yuan = (fen: number) => `¥${yuanText(fen)}`;

/** The stub's figure: 「¥20」 off, or 「9折」 (percentOffBp 1000 = 10% off = 9折, 1500 = 8.5折). */
export function couponFigure(rule: Rule): string {
  if (rule.kind === 'amount') return yuan(rule.offFen);
  return `${Number(((10_000 - rule.percentOffBp) / 1000).toFixed(2))}折`;
}

/** Under the figure: 「满¥100可用」 or 「无门槛」; a discount says its cap. */
export function couponCondition(rule: Rule): string {
  const threshold = rule.thresholdFen > 0 ? `满${yuan(rule.thresholdFen)}可用` : '无门槛';
  return rule.kind === 'percent' && rule.capFen > 0 ? `${threshold}，最多减${yuan(rule.capFen)}` : threshold;
}

export function scopeText(scope: Scope): string {
  if (scope.kind === 'categories') return `限${scope.categories.join('、')}可用`;
  if (scope.kind === 'products') return '限指定商品可用';
  return '全场通用';
}

/** How long a coupon of the centre lasts once claimed. */
export function validityText(validity: CenterCoupon['validity']): string {
  if (validity.kind === 'days') return `领取后 ${validity.days} 天内有效`;
  return `${formatDate(validity.startsAt)} 至 ${formatDate(validity.endsAt)} 有效`;
}

export interface CouponCardView {
  id: string;
  figure: string;
  condition: string;
  name: string;
  /** The rule and where it applies: 「满100减20 · 全场通用」. */
  detail: string;
  /** How long it lasts. */
  note: string;
}

export interface CenterCouponView extends CouponCardView {
  couponId: string;
  canClaim: boolean;
  /** 「领取」 / 「再领一张」 / 「已领取」 / 「已领完」. */
  actionText: string;
  /** 「已领 1 张 · 剩 12 张」; '' when there is nothing to say. */
  countText: string;
}

/** The coupon centre's coupons, with what the caller holds and how many are left. */
export function centerCouponViews(items: CenterCoupon[]): CenterCouponView[] {
  return items.map((coupon) => {
    const actionText = coupon.canClaim
      ? coupon.held > 0
        ? '再领一张'
        : '领取'
      : coupon.held > 0
        ? '已领取'
        : coupon.left === 0
          ? '已领完'
          : '不可领取';
    return {
      id: coupon.couponId,
      couponId: coupon.couponId,
      figure: couponFigure(coupon.rule),
      condition: couponCondition(coupon.rule),
      name: coupon.name,
      detail: `${coupon.ruleText} · ${scopeText(coupon.scope)}`,
      note: validityText(coupon.validity),
      canClaim: coupon.canClaim,
      actionText,
      countText: [
        coupon.held > 0 ? `已领 ${coupon.held} 张` : '',
        coupon.left !== null ? `剩 ${coupon.left} 张` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    };
  });
}

export const COUPON_STATE_TABS: { value: MyCoupon['state']; label: string }[] = [
  { value: 'usable', label: '可使用' },
  { value: 'used', label: '已使用' },
  { value: 'expired', label: '已过期' },
];

export interface MyCouponView extends CouponCardView {
  state: MyCoupon['state'];
  /** Used and expired coupons are drawn grey, with a stamp. */
  muted: boolean;
  stamp: string;
}

/** The caller's coupons: where each applies and until when (or that it was used / has expired). */
export function myCouponViews(items: MyCoupon[]): MyCouponView[] {
  return items.map((coupon) => ({
    id: coupon.userCouponId,
    figure: couponFigure(coupon.rule),
    condition: couponCondition(coupon.rule),
    name: coupon.name,
    detail: `${coupon.ruleText} · ${scopeText(coupon.scope)}`,
    note: `${formatDate(coupon.validFrom)} 至 ${formatDate(coupon.validUntil)}`,
    state: coupon.state,
    muted: coupon.state !== 'usable',
    stamp: coupon.state === 'used' ? '已使用' : coupon.state === 'expired' ? '已过期' : '',
  }));
}

/** 「-¥20.00」: what a coupon takes off, as checkout shows it. */
export const discountText = (fen: number) => `-${formatFen(fen)}`;
