// Binding a user to an inviter inside one transaction, shared by join.enter (a scan) and the admin's
// distributors.rebind. The decision is the domain's; this file makes it safe under concurrency.
//
// Why the writes look the way they do: the real service runs transactions under snapshot isolation,
// where only write-write conflicts abort (reads take no locks). Two binds that each read the other's
// side and write only their own user (A scans B while B scans A) would both commit and form a cycle.
// So every read the decision depends on is turned into a write:
// - the candidate inviter is always written (its inviteeCount changes, or is restamped on a renew);
// - the binding user is written;
// - when the binding user has a downline (inviteeCount > 0), every user on the candidate's upline
//   chain is restamped too, so any concurrent change of an inviter on that chain conflicts.
// A user with no downline cannot close a cycle unless someone binds to them concurrently, and that
// bind writes them (as its candidate), which conflicts. The local cloud, stricter, also aborts on reads.
import {
  BindDecision,
  BindSource,
  decideAdminRebind,
  decideBind,
  UplineChain,
  walkUpline,
} from '../../domain/binding';
import type { Settings } from '../../domain/settings';
import { AppError, notFound } from '../../errors';
import { inTransaction, Transaction } from '../../data/db';
import { audit } from '../../data/events';
import { asSubject, txGetUser, txPutUser, UserDoc } from '../../data/users';

export interface BindOutcome {
  decision: BindDecision;
  user: UserDoc;
  /** The user's inviter after the attempt (bound or not), when they have one. */
  inviter: UserDoc | null;
}

interface BindRequest {
  userId: string;
  /** The invite code's owner; null when the code is unknown. */
  candidateId: string | null;
  source: BindSource;
  actorId: string;
  now: Date;
  /** Present for a scan (policy applies); absent for the admin override. */
  scan?: { settings: Settings; createdNow: boolean; code?: string };
}

const NO_CHAIN: UplineChain = { ids: [], truncated: false };

export async function bind(request: BindRequest): Promise<BindOutcome> {
  const outcome = await withContentionRetry(() => inTransaction((tx) => bindInTx(tx, request)));
  if (!outcome.decision.bind) {
    // Refusals change nothing, so they are recorded outside the (read-only) transaction.
    await audit(
      {
        type: 'bind.rejected',
        subjectId: request.userId,
        actorId: request.actorId,
        source: request.source,
        reason: outcome.decision.reason,
        detail: { candidateId: request.candidateId, code: request.scan?.code ?? null },
      },
      request.now,
    );
  }
  return outcome;
}

async function bindInTx(tx: Transaction, request: BindRequest): Promise<BindOutcome> {
  const { userId, candidateId, now, scan } = request;
  const user = await txGetUser(tx, userId);
  if (!user) throw notFound('用户不存在');
  const docs = new Map<string, UserDoc | null>([[userId, user]]);
  const read = async (id: string) => {
    if (!docs.has(id)) docs.set(id, await txGetUser(tx, id));
    return docs.get(id) ?? null;
  };
  const candidate = candidateId ? await read(candidateId) : null;
  const decide = (chain: UplineChain): BindDecision =>
    scan
      ? decideBind({
          user: asSubject(user),
          createdNow: scan.createdNow,
          candidate: candidate && asSubject(candidate),
          chain,
          settings: scan.settings,
          now,
        })
      : decideAdminRebind(asSubject(user), candidate && asSubject(candidate), chain);

  // The chain is only walked for a bind the policy would otherwise allow.
  let decision = decide(NO_CHAIN);
  let chain = NO_CHAIN;
  if (decision.bind && candidate) {
    chain = await walkUpline(candidate._id, async (id) => (await read(id))?.inviterId);
    decision = decide(chain);
  }
  const currentInviter = user.inviterId ? await read(user.inviterId) : null;
  if (!decision.bind || !candidate) return { decision, user, inviter: currentInviter };

  const writes = new Map<string, UserDoc>();
  const bound: UserDoc = { ...user, inviterId: candidate._id, boundAt: now, bindSource: request.source };
  writes.set(userId, bound);
  const renew = decision.kind === 'renew';
  writes.set(candidate._id, { ...candidate, inviteeCount: candidate.inviteeCount + (renew ? 0 : 1) });
  if (decision.kind === 'rebind' && currentInviter) {
    writes.set(currentInviter._id, {
      ...currentInviter,
      inviteeCount: Math.max(0, currentInviter.inviteeCount - 1),
    });
  }
  if (user.inviteeCount > 0) {
    for (const id of chain.ids) {
      const doc = docs.get(id);
      if (doc && !writes.has(id)) writes.set(id, doc);
    }
  }
  for (const doc of writes.values()) await txPutUser(tx, doc, now);
  await audit(
    {
      type: decision.kind === 'renew' ? 'bind.renew' : decision.kind,
      subjectId: userId,
      actorId: request.actorId,
      source: request.source,
      detail: {
        inviterId: candidate._id,
        previousInviterId: decision.previousInviterId ?? null,
        code: scan?.code ?? null,
      },
    },
    now,
    tx,
  );
  return { decision, user: { ...bound, updatedAt: now }, inviter: candidate };
}

/** The admin's unbind: the user keeps no inviter; their old inviter's count drops. */
export async function unbind(userId: string, actorId: string, now: Date): Promise<UserDoc> {
  return withContentionRetry(() =>
    inTransaction(async (tx) => {
      const user = await txGetUser(tx, userId);
      if (!user) throw notFound('用户不存在');
      if (!user.inviterId) return user;
      const previous = await txGetUser(tx, user.inviterId);
      const { inviterId, boundAt: _boundAt, bindSource: _source, ...rest } = user;
      const saved = await txPutUser(tx, rest, now);
      if (previous)
        await txPutUser(tx, { ...previous, inviteeCount: Math.max(0, previous.inviteeCount - 1) }, now);
      await audit(
        {
          type: 'unbind',
          subjectId: userId,
          actorId,
          source: 'admin',
          detail: { previousInviterId: inviterId },
        },
        now,
        tx,
      );
      return saved;
    }),
  );
}

/**
 * The SDK retries a conflicting commit at once, several times, and inTransaction then gives up with
 * RESOURCE_EXHAUSTED; when many shoppers scan one poster together (all writing that distributor's
 * count) they can still collide that often. A few more rounds with a growing random pause spread them.
 */
async function withContentionRetry<T>(work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isContention(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
    }
  }
}

function isContention(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'RESOURCE_EXHAUSTED';
  const fields = error as { code?: unknown; message?: unknown; errMsg?: unknown } | null;
  return /TRANSACTION_CONFLICT/.test(
    `${fields?.code ?? ''} ${fields?.message ?? ''} ${fields?.errMsg ?? ''}`,
  );
}
