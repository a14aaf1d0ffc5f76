// join.enter: every app launch. Creates the user once, then lets the binding policy decide what the
// opened invite (scene or code) does, and says why when it binds no one.
import type { EnterInput } from '../../contracts/join';
import { BindDecision, BindSource, refuse } from '../../domain/binding';
import { inviteFromScene } from '../../domain/invite-code';
import { audit } from '../../data/events';
import { findInvite } from '../../data/invites';
import { loadSettings } from '../../data/settings';
import { ensureUser, getUser, publicUser, UserDoc } from '../../data/users';
import type { ActionContext } from '../../handler';
import { bind } from './bind';
import { countEntry } from './track';

export function inviterCard(inviter: UserDoc | null) {
  return inviter
    ? { userId: inviter._id, nickname: inviter.nickname, avatarUrl: inviter.avatarUrl }
    : undefined;
}

function invitedCode(input: EnterInput): { code?: string; invalid?: boolean; source: BindSource } {
  if (input.inviteCode) return { code: input.inviteCode.toUpperCase(), source: input.source ?? 'link' };
  if (!input.scene) return { source: 'poster' };
  const invite = inviteFromScene(input.scene);
  if (invite.kind === 'code') return { code: invite.code, source: input.source ?? 'poster' };
  return { invalid: invite.kind === 'invalid', source: input.source ?? 'poster' };
}

export async function enter(input: EnterInput, ctx: ActionContext) {
  const { user, created } = await ensureUser(ctx.openid, ctx.now);
  const { code, invalid, source } = invitedCode(input);
  const current = async () => (user.inviterId ? getUser(user.inviterId) : null);

  if (!code && !invalid) {
    return { user: publicUser(user), isNew: created, bound: false, inviter: inviterCard(await current()) };
  }
  const invite = code ? await findInvite(code) : null;
  if (!invite) {
    const decision = refuse('unknown_code');
    await audit(
      {
        type: 'bind.rejected',
        subjectId: ctx.openid,
        actorId: ctx.openid,
        source,
        reason: decision.reason,
        detail: { code: code ?? input.scene ?? null },
      },
      ctx.now,
    );
    return answer(user, created, decision, await current());
  }
  // A scan or a link of someone else's code counts for them, whether or not it binds.
  if (invite.userId !== ctx.openid)
    await countEntry(invite.userId, ctx.openid, source === 'poster' ? 'scan' : 'link', ctx.now);
  const settings = await loadSettings();
  const outcome = await bind({
    userId: ctx.openid,
    candidateId: invite.userId,
    source,
    actorId: ctx.openid,
    now: ctx.now,
    scan: { settings, createdNow: created, code },
  });
  return answer(outcome.user, created, outcome.decision, outcome.inviter);
}

function answer(user: UserDoc, isNew: boolean, decision: BindDecision, inviter: UserDoc | null) {
  return {
    user: publicUser(user),
    isNew,
    bound: decision.bind,
    ...(decision.bind
      ? { bindKind: decision.kind }
      : { reason: { code: decision.reason, message: decision.message } }),
    inviter: inviterCard(inviter),
  };
}
