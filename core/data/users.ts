// The `users` collection (_id = openid): creating a user exactly once, transactional reads and writes,
// the upline lookup for orders, paid spending for the threshold join mode, and keyset paging.
import { txEnsureAccount } from './accounts';
import { activatesByThreshold, applyPlan, DistributorState, StatusPlan } from '../domain/distributor';
import { BindingSubject, BindSource, resolveUpline } from '../domain/binding';
import type { Upline } from '../domain/commission';
import type { Settings } from '../domain/settings';
import { collection, command, find, getById, isDuplicateKey, Query, Transaction, txGet } from './db';
import { audit } from './events';
import { issueInviteCode } from './invites';
import { loadSettings } from './settings';
import { readPage } from './paging';

export interface UserDoc {
  _id: string;
  nickname: string;
  avatarUrl: string;
  /** The distributor this user is bound to; absent when unbound. */
  inviterId?: string;
  boundAt?: Date;
  bindSource?: BindSource;
  createdAt: Date;
  /** The first launch; equal to createdAt for users created by `join.enter`. */
  firstSeenAt: Date;
  updatedAt: Date;
  /** Paid goods spending in fen, kept by the money flow through addPaidSpend. */
  paidSpendFen: number;
  /**
   * How many users are bound to this one (inviterId = this _id), kept in every bind transaction. Besides
   * the team count, it tells a bind whether the binding user has a downline at all (see usecases/join/bind.ts).
   */
  inviteeCount: number;
  distributor: DistributorState;
}

export const DEFAULT_NICKNAME = '微信用户';

export function newUserDoc(openid: string, now: Date): UserDoc {
  return {
    _id: openid,
    nickname: DEFAULT_NICKNAME,
    avatarUrl: '',
    createdAt: now,
    firstSeenAt: now,
    updatedAt: now,
    paidSpendFen: 0,
    inviteeCount: 0,
    distributor: { status: 'none' },
  };
}

/** Stored documents may predate a field (or be written by seeding): fill what is missing. */
function normalize(raw: UserDoc | null): UserDoc | null {
  if (!raw) return null;
  return {
    ...raw,
    nickname: raw.nickname ?? DEFAULT_NICKNAME,
    avatarUrl: raw.avatarUrl ?? '',
    firstSeenAt: raw.firstSeenAt ?? raw.createdAt,
    updatedAt: raw.updatedAt ?? raw.createdAt,
    paidSpendFen: raw.paidSpendFen ?? 0,
    inviteeCount: raw.inviteeCount ?? 0,
    distributor: raw.distributor ?? { status: 'none' },
  };
}

export function asSubject(user: UserDoc): BindingSubject {
  return { ...user, id: user._id };
}

export async function getUser(id: string): Promise<UserDoc | null> {
  return normalize(await getById<UserDoc>('users', id));
}

export async function txGetUser(tx: Transaction, id: string): Promise<UserDoc | null> {
  return normalize(await txGet<UserDoc>(tx, 'users', id));
}

/** Replaces the whole document (so removed optional fields disappear) and stamps updatedAt. */
export async function txPutUser(tx: Transaction, user: UserDoc, now: Date): Promise<UserDoc> {
  const { _id, ...data } = { ...user, updatedAt: now };
  await tx.collection('users').doc(_id).set({ data });
  return { _id, ...data };
}

/**
 * Returns the user, creating them on first sight. The _id is the openid, so concurrent first launches
 * race on one insert: exactly one succeeds (`created: true`), the others meet the duplicate key and
 * read the winner's document.
 */
export async function ensureUser(openid: string, now: Date): Promise<{ user: UserDoc; created: boolean }> {
  const existing = await getUser(openid);
  if (existing) return { user: existing, created: false };
  const doc = newUserDoc(openid, now);
  try {
    await collection('users').add({ data: doc });
    return { user: doc, created: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const winner = await getUser(openid);
    if (!winner) throw error;
    return { user: winner, created: false };
  }
}

/**
 * Moves a distributor through a status plan inside `tx`: issues the invite code on first activation
 * and audits the change. Returns the updated user (unchanged plans write nothing).
 */
export async function txApplyStatusPlan(
  tx: Transaction,
  user: UserDoc,
  plan: StatusPlan,
  now: Date,
  event: { type: string; actorId: string; source?: 'admin' | 'self' | 'system'; reason?: string },
): Promise<UserDoc> {
  if (plan.kind === 'unchanged') return user;
  const needsCode = (plan.kind === 'activate' || plan.kind === 'pend') && !user.distributor.code;
  const code = needsCode ? await issueInviteCode(tx, user._id, now) : undefined;
  const distributor = applyPlan(user.distributor, plan, now, code);
  const saved = await txPutUser(tx, { ...user, distributor }, now);
  if (plan.kind === 'activate') await txEnsureAccount(tx, user._id);
  await audit(
    {
      type: event.type,
      subjectId: user._id,
      actorId: event.actorId,
      source: event.source,
      reason: event.reason,
      detail: { from: user.distributor.status, to: distributor.status, ...(code ? { code } : {}) },
    },
    now,
    tx,
  );
  return saved;
}

/**
 * Who earns on `userId`'s orders right now: { level1?: { userId, grade }, level2?: … } (commission.ts's
 * Upline). For the money flow at order creation; pass its transaction to read inside it (doc-by-id only).
 */
export async function uplineOf(
  userId: string,
  settings: Settings,
  now: Date,
  tx?: Transaction,
): Promise<Upline> {
  const read = (id: string) => (tx ? txGetUser(tx, id) : getUser(id));
  const buyer = await read(userId);
  if (!buyer?.inviterId) return {};
  const inviter = await read(buyer.inviterId);
  const second = inviter?.inviterId && settings.levels === 2 ? await read(inviter.inviterId) : null;
  return resolveUpline(
    settings,
    now,
    asSubject(buyer),
    inviter ? asSubject(inviter) : null,
    second ? asSubject(second) : null,
  );
}

/**
 * Adds `fen` of paid goods spending to the user (negative for a refund; never below 0), inside the
 * money flow's payment or refund transaction. In `threshold` join mode a shopper whose spending
 * reaches the threshold becomes an active distributor in this same transaction. `settings` defaults
 * to the stored settings read inside `tx`.
 */
export async function addPaidSpend(
  tx: Transaction,
  userId: string,
  fen: number,
  now: Date,
  settings?: Settings,
): Promise<{ paidSpendFen: number; activated: boolean }> {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  const rules = settings ?? (await loadSettings(tx));
  const user = (await txGetUser(tx, userId)) ?? newUserDoc(userId, now);
  const paidSpendFen = Math.max(0, user.paidSpendFen + fen);
  const updated = { ...user, paidSpendFen };
  if (fen > 0 && activatesByThreshold(user.distributor, rules, paidSpendFen)) {
    await txApplyStatusPlan(tx, updated, { kind: 'activate' }, now, {
      type: 'distributor.activate',
      actorId: 'system',
      source: 'system',
      reason: 'threshold_reached',
    });
    return { paidSpendFen, activated: true };
  }
  await txPutUser(tx, updated, now);
  return { paidSpendFen, activated: false };
}

/** The user as pages see it (API.md's `user`); bookkeeping fields stay on the server. */
export function publicUser(user: UserDoc) {
  const { status, grade, joinedAt, appliedAt, rejectReason } = user.distributor;
  // Only a code that can bind is shown; an applicant's reserved code stays on the server.
  const code = status === 'active' || status === 'frozen' ? user.distributor.code : undefined;
  return {
    _id: user._id,
    nickname: user.nickname,
    avatarUrl: user.avatarUrl,
    ...(user.inviterId
      ? { inviterId: user.inviterId, boundAt: user.boundAt, bindSource: user.bindSource }
      : {}),
    createdAt: user.createdAt,
    distributor: { status, code, grade, joinedAt, appliedAt, rejectReason },
  };
}
export type PublicUser = ReturnType<typeof publicUser>;

/**
 * One page of users matching `where`, ordered by `field` (a Date path) then _id, both descending (keyset
 * paging, data/paging.ts). Users without `field` never match: callers page on a field every matching
 * user has.
 */
export async function pageUsers(
  where: Query,
  field: string,
  limit: number,
  cursor: string | null | undefined,
): Promise<{ items: UserDoc[]; next: string | null }> {
  const _ = command();
  const page = await readPage<UserDoc>(
    'users',
    _.and([where, { [field]: _.exists(true) }] as never[]),
    [
      [field, 'desc'],
      ['_id', 'desc'],
    ],
    cursor,
    limit,
  );
  return { items: page.items.map((doc) => normalize(doc)!), next: page.next };
}

/** Ids of users matching `where`, up to the platform's 1000 per read, paged until done or `max`. */
export async function userIdsWhere(where: Record<string, unknown>, max = 10_000): Promise<string[]> {
  const _ = command();
  const ids: string[] = [];
  let after = '';
  while (ids.length < max) {
    const { data } = (await collection('users')
      .where(_.and([where, { _id: _.gt(after) }]))
      .orderBy('_id', 'asc')
      .field({ _id: true })
      .limit(1000)
      .get()) as unknown as { data: Array<{ _id: string }> };
    for (const doc of data) ids.push(doc._id);
    const last = data[data.length - 1];
    if (data.length < 1000 || !last) break;
    after = last._id;
  }
  return ids;
}

/** Nicknames of `userIds` (at most 1000), for lists that show who did something. */
export async function nicknamesOf(userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const _ = command();
  const users = await find<{ _id: string; nickname?: string }>(
    'users',
    { _id: _.in(userIds) },
    { limit: userIds.length },
  );
  return new Map(users.map((user) => [user._id, user.nickname ?? '']));
}
