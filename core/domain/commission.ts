// Commission policy: who earns on an order (the referrer snapshot) and how much, per line and level.
//
// Rules, in order:
// - The base of a line is its paid goods amount (price × quantity less its share of discounts);
//   shipping is never part of the base.
// - A product may override the rates ('rate', basis points per level, within the shop's cap), pay a
//   fixed amount per unit ('fixed', fen per unit per level), or be excluded ('none'). Otherwise each
//   beneficiary earns the rate of their grade (or the shop's default rates).
// - Amounts are floored to the fen per line and level (money.ts), then summed per level.
// - The total of both levels never exceeds floor(total base × capBp / 10000); when it would, level 2
//   is trimmed first, then level 1, so the direct seller keeps priority.
import { applyRateFloor, BP_PER_UNIT, proportionFloor } from './money';
import { LevelRates, ratesForGrade, Settings } from './settings';

export type Level = 1 | 2;

/** A product's own commission rule: a rate in basis points, a fixed amount in fen per unit, or none. */
export type ProductCommission =
  | { mode: 'rate'; level1Bp: number; level2Bp: number }
  | { mode: 'fixed'; level1Fen: number; level2Fen: number }
  | { mode: 'none' };

/**
 * A rule as stored by earlier versions (`{ mode, level1, level2 }`, one field for rates and amounts) read
 * as today's shape; today's shape is returned as it is. Orders created before the change keep paying
 * what they promised.
 */
export function productCommissionOf(stored: unknown): ProductCommission | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const rule = stored as Record<string, unknown>;
  const n = (value: unknown) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
  if (rule.mode === 'none') return { mode: 'none' };
  if (rule.mode === 'rate')
    return {
      mode: 'rate',
      level1Bp: n(rule.level1Bp ?? rule.level1),
      level2Bp: n(rule.level2Bp ?? rule.level2),
    };
  if (rule.mode === 'fixed')
    return {
      mode: 'fixed',
      level1Fen: n(rule.level1Fen ?? rule.level1),
      level2Fen: n(rule.level2Fen ?? rule.level2),
    };
  return undefined;
}

export interface Upline {
  level1?: { userId: string; grade?: string };
  level2?: { userId: string; grade?: string };
}

export interface Beneficiary {
  userId: string;
  /** The rate (bp) this beneficiary earns on lines without a product override. */
  rate: number;
  grade?: string;
}

/** Who earns on an order, frozen onto it at creation. */
export interface ReferrerSnapshot {
  level1?: Beneficiary;
  level2?: Beneficiary;
  /** Why these beneficiaries: 'inviter' (the buyer's upline) or 'self' (self-purchase commission). */
  rule: 'inviter' | 'self' | 'none';
  capBp: number;
}

export interface CommissionLine {
  productId: string;
  quantity: number;
  /** Paid goods amount of the line in fen (the commission base). */
  base: number;
  commission?: ProductCommission;
}

/** How a level's commission was worked out: by rates, by fixed amounts per unit, or both on different lines. */
export type CommissionBasis = 'rate' | 'fixed' | 'mixed';

export interface LevelCommission {
  userId: string;
  level: Level;
  base: number;
  /** The effective rate in bp (for display); fixed-amount lines make it approximate. */
  rate: number;
  amount: number;
  basis: CommissionBasis;
}

function basisOf(lines: CommissionLine[]): CommissionBasis {
  const paying = lines.filter((line) => productCommissionOf(line.commission)?.mode !== 'none');
  const fixed = paying.filter((line) => productCommissionOf(line.commission)?.mode === 'fixed').length;
  return fixed === 0 ? 'rate' : fixed === paying.length ? 'fixed' : 'mixed';
}

export interface CommissionPlan {
  base: number;
  cap: number;
  levels: LevelCommission[];
}

/**
 * The beneficiaries of a purchase by `buyer`. With self-purchase commission on, an active
 * distributor buying for themselves is their own level 1 and their inviter is level 2; otherwise the
 * buyer's upline earns. In one-level mode there is never a level 2.
 */
export function referrerSnapshot(
  settings: Settings,
  buyer: { userId: string; isActiveDistributor: boolean; grade?: string },
  upline: Upline,
): ReferrerSnapshot {
  const self = settings.selfPurchase && buyer.isActiveDistributor;
  const first = self ? { userId: buyer.userId, grade: buyer.grade } : upline.level1;
  const second = settings.levels === 2 ? (self ? upline.level1 : upline.level2) : undefined;
  const beneficiary = (who: { userId: string; grade?: string } | undefined, level: keyof LevelRates) => {
    if (!who || (!self && who.userId === buyer.userId)) return undefined;
    const rate = ratesForGrade(settings, who.grade)[level];
    return { userId: who.userId, rate, ...(who.grade ? { grade: who.grade } : {}) };
  };
  const level1 = beneficiary(first, 'level1');
  const level2 = level1 ? beneficiary(second, 'level2') : undefined;
  return {
    ...(level1 ? { level1 } : {}),
    ...(level2 && level2.userId !== level1?.userId ? { level2 } : {}),
    rule: level1 ? (self ? 'self' : 'inviter') : 'none',
    capBp: settings.capBp,
  };
}

function lineAmount(line: CommissionLine, level: Level, beneficiary: Beneficiary): number {
  const override = productCommissionOf(line.commission);
  if (override?.mode === 'none') return 0;
  if (override?.mode === 'fixed')
    return (level === 1 ? override.level1Fen : override.level2Fen) * line.quantity;
  const rate =
    override?.mode === 'rate' ? (level === 1 ? override.level1Bp : override.level2Bp) : beneficiary.rate;
  // A rate beyond 100% can only come from data written before rates were checked; the cap trims the rest.
  return applyRateFloor(line.base, Math.min(rate, BP_PER_UNIT));
}

/** The commission each level earns on these lines under the snapshot frozen on the order. */
export function planCommission(snapshot: ReferrerSnapshot, lines: CommissionLine[]): CommissionPlan {
  const base = lines.reduce((sum, line) => sum + line.base, 0);
  const cap = applyRateFloor(base, snapshot.capBp);
  const raw: LevelCommission[] = [];
  for (const [level, who] of [
    [1, snapshot.level1],
    [2, snapshot.level2],
  ] as const) {
    if (!who) continue;
    const amount = lines.reduce((sum, line) => sum + lineAmount(line, level, who), 0);
    raw.push({ userId: who.userId, level, base, rate: who.rate, amount, basis: basisOf(lines) });
  }
  // Trim to the cap, level 2 first (raw is ordered level 1, level 2).
  let excess = raw.reduce((sum, entry) => sum + entry.amount, 0) - cap;
  for (let i = raw.length - 1; i >= 0 && excess > 0; i--) {
    const entry = raw[i]!;
    const cut = Math.min(entry.amount, excess);
    entry.amount -= cut;
    excess -= cut;
  }
  return { base, cap, levels: raw.filter((entry) => entry.amount > 0) };
}

/**
 * How much of a commission stays earned once `refundedBase` of its `base` has been refunded in
 * total: floor(amount × remaining / base). Computed from cumulative totals, so several partial
 * refunds never drift from one refund of the same sum.
 */
export function remainingAfterRefund(amount: number, base: number, refundedBase: number): number {
  if (base <= 0) return 0;
  return proportionFloor(amount, Math.max(0, base - Math.min(refundedBase, base)), base);
}

/**
 * What a level-1 distributor of `grade` earns when a shopper they invited buys `line` (one product's
 * quantity): the product's own rule or the grade's rate, floored, within the cap. What 「分享赚」 shows.
 */
export function level1Earning(settings: Settings, grade: string | undefined, line: CommissionLine): number {
  const snapshot = referrerSnapshot(
    settings,
    { userId: 'buyer', isActiveDistributor: false },
    { level1: { userId: 'distributor', ...(grade ? { grade } : {}) } },
  );
  return planCommission(snapshot, [line]).levels.find((entry) => entry.level === 1)?.amount ?? 0;
}

/** The id of the ledger entry of (order, level): deterministic, so a replay cannot make a second. */
export const commissionId = (orderId: string, level: Level) => `${orderId}:L${level}`;
