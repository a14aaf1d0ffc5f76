// join.me: the caller's own user, distributor standing and money summary, for the "my" page.
import { balancesOf } from '../ledger';
import { ratesForGrade } from '../../domain/settings';
import { aggregate, command } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { ensureUser, getUser, publicUser } from '../../data/users';
import type { ActionContext } from '../../handler';
import { inviterCard } from './enter';

/** The order statuses the 我的 page counts: waiting for the buyer, the merchant, the parcel, a refund. */
const WAITING = ['created', 'paid', 'shipped', 'refunding'] as const;

export async function me(_input: unknown, ctx: ActionContext) {
  const { user } = await ensureUser(ctx.openid, ctx.now);
  // The account is written by the money flow; a shopper who never earned has none yet.
  const [account, inviter, settings, byStatus] = await Promise.all([
    balancesOf(ctx.openid),
    user.inviterId ? getUser(user.inviterId) : Promise.resolve(null),
    loadSettings(),
    aggregate<{ _id: string; n: number }>('orders', [
      { $match: { buyerId: ctx.openid, status: command().in([...WAITING]) } },
      { $group: { _id: '$status', n: { $sum: 1 } } },
      { $limit: WAITING.length },
    ]),
  ]);
  const count = (status: string) => byStatus.find((row) => row._id === status)?.n ?? 0;
  const { status, grade, joinedAt, appliedAt, rejectReason } = user.distributor;
  const code = publicUser(user).distributor.code;
  return {
    user: publicUser(user),
    distributor: {
      status,
      code,
      grade,
      ...(grade ? { gradeName: settings.grades.find((g) => g.id === grade)?.name ?? '' } : {}),
      joinedAt,
      appliedAt,
      rejectReason,
      inviteeCount: user.inviteeCount,
    },
    account,
    // The rules the distributor centre explains: their own rates, the freeze window, withdrawal terms.
    settings: {
      levels: settings.levels,
      rates: ratesForGrade(settings, grade),
      afterSaleDays: settings.afterSaleDays,
      withdrawal: settings.withdrawal,
    },
    inviter: inviterCard(inviter),
    subscribe: Object.fromEntries(
      Object.entries(settings.notices)
        .filter(([, template]) => template.templateId)
        .map(([event, template]) => [event, template.templateId]),
    ),
    orders: {
      created: count('created'),
      paid: count('paid'),
      shipped: count('shipped'),
      refunding: count('refunding'),
    },
    // Only decides whether the merchant pages are offered; every admin action checks again itself.
    isAdmin: settings.admins.includes(ctx.openid),
  };
}
