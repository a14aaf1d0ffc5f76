// Becoming and being a distributor: the join modes (everyone / apply / threshold) and the status
// machine none → pending → active ⇄ frozen, with rejection back to none. Pure: callers pass settings
// and the user's paid spending, and write what the plan says.
import { denied, precondition } from '../errors';
import { formatYuan } from './money';
import type { Settings } from './settings';

export type DistributorStatus = 'none' | 'pending' | 'active' | 'frozen';

export interface DistributorState {
  status: DistributorStatus;
  /**
   * The invite code, issued when the user first applies (or is activated) and kept for life. Only an
   * active distributor's code binds; a pending, rejected or frozen one's is refused with its reason.
   */
  code?: string;
  grade?: string;
  /** First activation. */
  joinedAt?: Date;
  /** When the user last asked to join (or was made a distributor automatically). */
  appliedAt?: Date;
  rejectReason?: string;
  /** What the applicant wrote in their application. */
  realName?: string;
  mobile?: string;
  applyReason?: string;
  frozenAt?: Date;
}

export type StatusPlan =
  /** Becomes (or becomes again) active; an invite code is issued if there is none yet. */
  | { kind: 'activate' }
  | { kind: 'pend' }
  | { kind: 'reject'; reason: string }
  | { kind: 'freeze' }
  /** Already in the wanted state: nothing to write, success for the caller (safe to retry). */
  | { kind: 'unchanged' };

/** What `apply` does for this user under the shop's join mode. Throws when they may not join now. */
export function planApply(current: DistributorState, settings: Settings, paidSpendFen: number): StatusPlan {
  switch (current.status) {
    case 'frozen':
      throw denied('你的分销员资格已被冻结，请联系商家');
    case 'active':
      return { kind: 'unchanged' };
    case 'pending':
    case 'none': {
      // A pending applicant is activated when the merchant has since switched to an automatic mode.
      if (settings.joinMode === 'everyone') return { kind: 'activate' };
      if (settings.joinMode === 'apply')
        return current.status === 'pending' ? { kind: 'unchanged' } : { kind: 'pend' };
      if (reachesThreshold(settings, paidSpendFen)) return { kind: 'activate' };
      const missing = settings.joinThreshold - paidSpendFen;
      throw precondition(
        `累计消费满 ${formatYuan(settings.joinThreshold)} 元即可成为分销员，还差 ${formatYuan(missing)} 元`,
      );
    }
  }
}

function reachesThreshold(settings: Settings, paidSpendFen: number): boolean {
  return (
    settings.joinMode === 'threshold' && settings.joinThreshold > 0 && paidSpendFen >= settings.joinThreshold
  );
}

/**
 * Threshold mode makes a shopper a distributor the moment their paid spending reaches the threshold,
 * without asking (the merchant chose it); frozen distributors stay frozen.
 */
export function activatesByThreshold(
  current: DistributorState,
  settings: Settings,
  paidSpendFen: number,
): boolean {
  return (
    (current.status === 'none' || current.status === 'pending') && reachesThreshold(settings, paidSpendFen)
  );
}

export const DEFAULT_REJECT_REASON = '暂不符合成为分销员的条件';

/** The merchant's decision on a pending application. */
export function planReview(current: DistributorState, approve: boolean, reason?: string): StatusPlan {
  if (current.status !== 'pending') throw precondition('该用户没有待审核的分销员申请');
  return approve ? { kind: 'activate' } : { kind: 'reject', reason: reason?.trim() || DEFAULT_REJECT_REASON };
}

/** Freezing suspends an active distributor (their code binds no one, they earn nothing); unfreezing restores them. */
export function planFreeze(current: DistributorState, frozen: boolean): StatusPlan {
  if (frozen) {
    if (current.status === 'frozen') return { kind: 'unchanged' };
    if (current.status === 'active') return { kind: 'freeze' };
  } else {
    if (current.status === 'active') return { kind: 'unchanged' };
    if (current.status === 'frozen') return { kind: 'activate' };
  }
  throw precondition('该用户不是分销员');
}

/** The distributor state after a plan; `code` is the invite code to record when there is none yet. */
export function applyPlan(
  current: DistributorState,
  plan: StatusPlan,
  now: Date,
  code: string | undefined,
): DistributorState {
  switch (plan.kind) {
    case 'unchanged':
      return current;
    case 'pend': {
      const issued = current.code ?? code;
      return {
        ...withoutKeys(current, ['rejectReason']),
        status: 'pending',
        appliedAt: now,
        ...(issued ? { code: issued } : {}),
      };
    }
    case 'reject':
      return { ...current, status: 'none', rejectReason: plan.reason };
    case 'freeze':
      return { ...current, status: 'frozen', frozenAt: now };
    case 'activate': {
      const issued = current.code ?? code;
      if (!issued) throw new Error('activating a distributor needs an invite code');
      return {
        ...withoutKeys(current, ['rejectReason', 'frozenAt']),
        status: 'active',
        code: issued,
        joinedAt: current.joinedAt ?? now,
        appliedAt: current.appliedAt ?? now,
      };
    }
  }
}

function withoutKeys<T extends object, K extends keyof T>(value: T, keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}
