// The merchant's distributor actions of the admin function: list, review applications, freeze and
// unfreeze, and rebind a user (cycle-checked and audited). Every action requires an admin.
import { adminDistributorApi, AdminUser } from '../../contracts/admin-distributors';
import type { ParsedOf } from '../../contracts/contract';
import { planFreeze, planReview } from '../../domain/distributor';
import { notFound, precondition } from '../../errors';
import { command, containsText, inTransaction } from '../../data/db';
import { findInvite } from '../../data/invites';
import { getUser, nicknamesOf, pageUsers, txApplyStatusPlan, txGetUser, UserDoc } from '../../data/users';
import type { ActionContext, Handlers } from '../../handler';
import { notify } from '../../data/notices';
import { bind, unbind } from '../join/bind';
import { teamOf } from '../share/team';

type Input<K extends keyof typeof adminDistributorApi> = ParsedOf<(typeof adminDistributorApi)[K]>;

/** What the merchant sees of a user: the public fields plus application details and counters. */
/** The merchant's view of users, each with the nickname of who invited them. */
export async function adminViews(users: UserDoc[]): Promise<AdminUser[]> {
  const inviters = [...new Set(users.map((u) => u.inviterId).filter((id): id is string => !!id))];
  const names = await nicknamesOf(inviters);
  return users.map((user) => adminView(user, names));
}

async function adminViewOf(user: UserDoc): Promise<AdminUser> {
  return (await adminViews([user]))[0]!;
}

function adminView(user: UserDoc, names: ReadonlyMap<string, string>): AdminUser {
  return {
    _id: user._id,
    nickname: user.nickname,
    avatarUrl: user.avatarUrl,
    inviterId: user.inviterId ?? null,
    inviterNickname: user.inviterId ? (names.get(user.inviterId) ?? '') : null,
    boundAt: user.boundAt ?? null,
    bindSource: user.bindSource ?? null,
    createdAt: user.createdAt,
    paidSpendFen: user.paidSpendFen,
    inviteeCount: user.inviteeCount,
    distributor: user.distributor,
  };
}

/** What the merchant typed in the search box: an openid or invite code exactly, or part of a nickname. */
function searchWhere(q: string) {
  const _ = command();
  return _.or([{ _id: q }, { 'distributor.code': q.toUpperCase() }, { nickname: containsText(q) }]);
}

async function list(input: Input<'distributors.list'>) {
  // Without a status: everyone who ever applied or was made a distributor, newest application first; a
  // search without a status looks at every user (the merchant may be looking for a shopper to rebind).
  const byStatus = input.status ? { 'distributor.status': input.status } : {};
  const where = input.q ? command().and([byStatus, searchWhere(input.q)]) : byStatus;
  const byApplication = input.status ? input.status !== 'none' : !input.q;
  const field = byApplication ? 'distributor.appliedAt' : 'createdAt';
  const page = await pageUsers(where, field, input.limit ?? 20, input.cursor);
  return { items: await adminViews(page.items), next: page.next };
}

async function review(input: Input<'distributors.review'>, ctx: ActionContext) {
  const user = await inTransaction(async (tx) => {
    const target = await txGetUser(tx, input.userId);
    if (!target) throw notFound('用户不存在');
    const plan = planReview(target.distributor, input.approve, input.reason);
    return txApplyStatusPlan(tx, target, plan, ctx.now, {
      type: 'distributor.review',
      actorId: ctx.openid,
      source: 'admin',
      reason: plan.kind === 'reject' ? plan.reason : 'approved',
    });
  });
  await notify(
    'applicationReviewed',
    user._id,
    `${user._id}:${ctx.now.getTime()}`,
    {
      approved: input.approve,
      remark: input.approve ? '你已成为分销员，快去分享赚佣金吧' : (input.reason ?? '资料不全'),
      at: ctx.now,
    },
    ctx.now,
  );
  return { user: await adminViewOf(user) };
}

async function freeze(input: Input<'distributors.freeze'>, ctx: ActionContext) {
  const user = await inTransaction(async (tx) => {
    const target = await txGetUser(tx, input.userId);
    if (!target) throw notFound('用户不存在');
    return txApplyStatusPlan(tx, target, planFreeze(target.distributor, input.frozen), ctx.now, {
      type: input.frozen ? 'distributor.freeze' : 'distributor.unfreeze',
      actorId: ctx.openid,
      source: 'admin',
      reason: input.reason,
    });
  });
  return { user: await adminViewOf(user) };
}

async function team(input: Input<'distributors.team'>) {
  const user = await getUser(input.userId);
  if (!user) throw notFound('用户不存在');
  const { userId, ...page } = input;
  return teamOf(userId, page);
}

async function rebind(input: Input<'distributors.rebind'>, ctx: ActionContext) {
  if (input.inviterId === null)
    return { user: await adminViewOf(await unbind(input.userId, ctx.openid, ctx.now)) };
  // The merchant may type the new inviter's openid or the invite code printed on their poster.
  const invite = (await getUser(input.inviterId)) ? null : await findInvite(input.inviterId.toUpperCase());
  const outcome = await bind({
    userId: input.userId,
    candidateId: invite?.userId ?? input.inviterId,
    source: 'admin',
    actorId: ctx.openid,
    now: ctx.now,
  });
  if (!outcome.decision.bind) {
    if (outcome.decision.reason === 'unknown_code') throw notFound('邀请人不存在');
    // Asking for the binding that already exists is success: the request is safe to repeat.
    if (outcome.decision.reason !== 'same_inviter') throw precondition(outcome.decision.message);
  }
  return { user: await adminViewOf(outcome.user) };
}

export const distributorAdminHandlers: Handlers<typeof adminDistributorApi> = {
  'distributors.list': list,
  'distributors.review': review,
  'distributors.freeze': freeze,
  'distributors.team': team,
  'distributors.rebind': rebind,
};
