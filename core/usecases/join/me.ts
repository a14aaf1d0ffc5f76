// join.me: the caller's own user, distributor standing and money summary, for the "my" page.
import { getById } from '../../data/db';
import { ensureUser, getUser, publicUser } from '../../data/users';
import type { ActionContext } from '../../handler';
import { inviterCard } from './enter';

interface AccountDoc {
  pending?: number;
  available?: number;
  withdrawing?: number;
  withdrawn?: number;
  debt?: number;
}

export async function me(_input: unknown, ctx: ActionContext) {
  const { user } = await ensureUser(ctx.openid, ctx.now);
  // The account is written by the money flow; a shopper who never earned has none yet.
  const [account, inviter] = await Promise.all([
    getById<AccountDoc>('accounts', ctx.openid),
    user.inviterId ? getUser(user.inviterId) : Promise.resolve(null),
  ]);
  const { status, grade, joinedAt, appliedAt, rejectReason } = user.distributor;
  const code = publicUser(user).distributor.code;
  return {
    user: publicUser(user),
    distributor: { status, code, grade, joinedAt, appliedAt, rejectReason, inviteeCount: user.inviteeCount },
    account: {
      pending: account?.pending ?? 0,
      available: account?.available ?? 0,
      withdrawing: account?.withdrawing ?? 0,
      withdrawn: account?.withdrawn ?? 0,
      debt: account?.debt ?? 0,
    },
    inviter: inviterCard(inviter),
  };
}
