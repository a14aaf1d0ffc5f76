// The binding policy: whether opening a distributor's invite binds (or rebinds) the shopper to them,
// why not when it does not, the upline chain walk that keeps the inviter graph free of cycles, and
// who a buyer's level-1 and level-2 uplines are. Pure: users, settings and "now" are passed in.
import type { Upline } from './commission';
import type { DistributorStatus } from './distributor';
import type { Settings } from './settings';

export type BindSource = 'poster' | 'link' | 'share' | 'admin';

/** The part of a user the binding policy reads. */
export interface BindingSubject {
  id: string;
  inviterId?: string | null;
  boundAt?: Date | null;
  createdAt: Date;
  /** Paid spending in fen (a shopper who has bought is no longer new). */
  paidSpendFen?: number;
  distributor: { status: DistributorStatus; grade?: string };
}

/** Stable reason codes (sent to the client and written to the audit log) with their Chinese message. */
export const BIND_REFUSALS = {
  unknown_code: '邀请码无效',
  self_bind: '不能绑定自己',
  inviter_not_distributor: '邀请人还不是分销员',
  inviter_pending: '邀请人的分销员资格正在审核中',
  inviter_frozen: '邀请人的分销员资格已被冻结',
  would_cycle: '不能绑定到自己邀请的人',
  chain_too_deep: '邀请关系层级过深，无法绑定',
  already_bound: '你已绑定其他分销员',
  same_inviter: '你已绑定该分销员',
  binding_in_validity: '当前绑定关系仍在有效期内',
  not_new_user: '仅新用户可以绑定分销员',
} as const;

export type BindRefusal = keyof typeof BIND_REFUSALS;

export type BindDecision =
  /** `renew`: the same inviter again after a validity bind lapsed (the clock restarts). */
  | { bind: true; kind: 'bind' | 'rebind' | 'renew'; previousInviterId?: string }
  | { bind: false; reason: BindRefusal; message: string };

export function refuse(reason: BindRefusal): BindDecision & { bind: false } {
  return { bind: false, reason, message: BIND_REFUSALS[reason] };
}

const DAY_MS = 86_400_000;

/**
 * A shopper counts as new for `newUsersOnly` when created by this very launch, or within this window
 * after their first launch as long as they have not paid for anything: the first launch is often a
 * plain visit, with the poster scanned minutes later, and that shopper is still the distributor's catch.
 */
export const NEW_USER_WINDOW_MS = DAY_MS;

export function isNewUser(user: BindingSubject, createdNow: boolean, now: Date): boolean {
  if (createdNow) return true;
  return (user.paidSpendFen ?? 0) === 0 && now.getTime() - user.createdAt.getTime() < NEW_USER_WINDOW_MS;
}

/** In validity mode a bind lapses `validityDays` after `boundAt` (computed with today's settings). */
export function bindingLapsed(
  user: Pick<BindingSubject, 'inviterId' | 'boundAt'>,
  settings: Settings,
  now: Date,
): boolean {
  if (!user.inviterId || settings.binding.mode !== 'validity' || !user.boundAt) return false;
  return now.getTime() >= user.boundAt.getTime() + settings.binding.validityDays * DAY_MS;
}

/** The inviter the user is bound to right now, if any. */
export function currentInviterId(
  user: Pick<BindingSubject, 'inviterId' | 'boundAt'>,
  settings: Settings,
  now: Date,
): string | undefined {
  return user.inviterId && !bindingLapsed(user, settings, now) ? user.inviterId : undefined;
}

/**
 * Bounds the upline walk. The graph has no cycles, so a walk ends at a root; the cap only stops a
 * pathological or corrupted chain from turning one scan into unbounded reads. A chain deeper than
 * this refuses to bind (safe side) rather than binding unchecked.
 */
export const MAX_CHAIN_HOPS = 50;

export interface UplineChain {
  /** The candidate's inviter, that inviter's inviter, … up to the root (in order). */
  ids: string[];
  /** True when the walk stopped at the cap or met an id twice, i.e. the chain could not be verified. */
  truncated: boolean;
}

/**
 * Walks up from `startId` (exclusive) through `inviterOf`. Stored inviters are followed even when a
 * validity bind has lapsed: the edge still exists in the data, and treating it as live only errs on
 * the side of refusing a bind.
 */
export async function walkUpline(
  startId: string,
  inviterOf: (id: string) => Promise<string | null | undefined>,
  maxHops = MAX_CHAIN_HOPS,
): Promise<UplineChain> {
  const ids: string[] = [];
  const seen = new Set([startId]);
  let current = startId;
  for (let hop = 0; hop < maxHops; hop += 1) {
    const next = await inviterOf(current);
    if (!next) return { ids, truncated: false };
    if (seen.has(next)) return { ids, truncated: true };
    seen.add(next);
    ids.push(next);
    current = next;
  }
  return { ids, truncated: true };
}

export interface BindRequest {
  user: BindingSubject;
  /** True when this same `enter` call created the user. */
  createdNow: boolean;
  /** The owner of the invite code; null when the code is unknown. */
  candidate: BindingSubject | null;
  /** The candidate's upline chain. */
  chain: UplineChain;
  settings: Settings;
  now: Date;
}

/**
 * Decides a scan. Order: is the inviter eligible at all, then does the policy let this user (re)bind,
 * then would the bind close a cycle anywhere along the candidate's whole upline.
 */
export function decideBind({ user, createdNow, candidate, chain, settings, now }: BindRequest): BindDecision {
  if (!candidate) return refuse('unknown_code');
  if (candidate.id === user.id) return refuse('self_bind');
  const status = candidate.distributor.status;
  if (status === 'none') return refuse('inviter_not_distributor');
  if (status === 'pending') return refuse('inviter_pending');
  if (status === 'frozen') return refuse('inviter_frozen');

  let kind: 'bind' | 'rebind' | 'renew' = 'bind';
  const previous = user.inviterId ?? undefined;
  if (previous) {
    const lapsed = bindingLapsed(user, settings, now);
    const mode = settings.binding.mode;
    if (previous === candidate.id) {
      if (!lapsed) return refuse('same_inviter');
      kind = 'renew';
    } else if (mode === 'permanent') {
      return refuse('already_bound');
    } else if (mode === 'validity' && !lapsed) {
      return refuse('binding_in_validity');
    } else {
      kind = 'rebind';
    }
  } else if (settings.binding.newUsersOnly && !isNewUser(user, createdNow, now)) {
    // Only the first bind is limited to new shoppers; someone already bound follows the mode above.
    return refuse('not_new_user');
  }

  if (chain.truncated) return refuse('chain_too_deep');
  if (chain.ids.includes(user.id)) return refuse('would_cycle');
  return kind === 'bind' ? { bind: true, kind } : { bind: true, kind, previousInviterId: previous };
}

/**
 * The merchant's override (`distributors.rebind`): ignores the binding mode and newUsersOnly, but
 * still binds only to an active distributor, never to oneself, never into a cycle.
 */
export function decideAdminRebind(
  user: BindingSubject,
  candidate: BindingSubject | null,
  chain: UplineChain,
): BindDecision {
  if (!candidate) return refuse('unknown_code');
  if (candidate.id === user.id) return refuse('self_bind');
  if (candidate.distributor.status !== 'active') {
    return refuse(candidate.distributor.status === 'frozen' ? 'inviter_frozen' : 'inviter_not_distributor');
  }
  if (user.inviterId === candidate.id) return refuse('same_inviter');
  if (chain.truncated) return refuse('chain_too_deep');
  if (chain.ids.includes(user.id)) return refuse('would_cycle');
  return user.inviterId
    ? { bind: true, kind: 'rebind', previousInviterId: user.inviterId }
    : { bind: true, kind: 'bind' };
}

/**
 * Who earns on this buyer's orders. Level 1 is the buyer's current inviter, level 2 that inviter's
 * current inviter (two-level mode only); each appears only while an active distributor (a frozen one
 * earns nothing, and the other level is unaffected). Never a third level.
 */
export function resolveUpline(
  settings: Settings,
  now: Date,
  buyer: BindingSubject,
  inviter: BindingSubject | null,
  inviterOfInviter: BindingSubject | null,
): Upline {
  const upline: Upline = {};
  const level1Id = currentInviterId(buyer, settings, now);
  if (!level1Id || !inviter || inviter.id !== level1Id) return upline;
  if (inviter.distributor.status === 'active') upline.level1 = beneficiary(inviter);
  if (settings.levels !== 2) return upline;
  const level2Id = currentInviterId(inviter, settings, now);
  if (!level2Id || !inviterOfInviter || inviterOfInviter.id !== level2Id || level2Id === buyer.id)
    return upline;
  if (inviterOfInviter.distributor.status === 'active') upline.level2 = beneficiary(inviterOfInviter);
  return upline;
}

function beneficiary(user: BindingSubject): { userId: string; grade?: string } {
  return user.distributor.grade ? { userId: user.id, grade: user.distributor.grade } : { userId: user.id };
}
