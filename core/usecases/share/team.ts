// share.team: a distributor's level-1 members (bound to them) or level-2 members (bound to their
// level-1 distributors), newest first, with each member's orders and the commission they brought.
import type { Page } from '../../contracts/contract';
import { TEAM_PAGE_DEFAULT, TeamInput, TeamMember } from '../../contracts/share';
import { command } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { commissionByBuyer, paidOrdersByBuyer } from '../../data/team';
import { pageUsers, userIdsWhere } from '../../data/users';
import type { ActionContext } from '../../handler';
import { requireDistributor } from './distributor';

/** Level-1 members who are (or were) distributors: the parents of level 2. */
export async function level1DistributorIds(distributorId: string): Promise<string[]> {
  const _ = command();
  return userIdsWhere({ inviterId: distributorId, 'distributor.status': _.in(['active', 'frozen']) });
}

export async function team(input: TeamInput, ctx: ActionContext) {
  const me = await requireDistributor(ctx.openid, 'view');
  return teamOf(me._id, input);
}

/** One page of `distributorId`'s team at `input.level` (the merchant reads anyone's through distributors.team). */
export async function teamOf(distributorId: string, input: TeamInput): Promise<Page<TeamMember>> {
  const settings = await loadSettings();
  const limit = input.limit ?? TEAM_PAGE_DEFAULT;
  let where: Record<string, unknown>;
  if (input.level === 1) {
    where = { inviterId: distributorId };
  } else {
    // One-level mode has no level 2: nobody earns there, so nobody is shown there.
    const parents = settings.levels === 2 ? await level1DistributorIds(distributorId) : [];
    if (parents.length === 0) return { items: [], next: null };
    where = { inviterId: command().in(parents) };
  }
  const page = await pageUsers(where, 'boundAt', limit, input.cursor);
  const ids = page.items.map((member) => member._id);
  const [orders, commission] = await Promise.all([
    paidOrdersByBuyer(ids),
    commissionByBuyer(distributorId, input.level, ids),
  ]);
  const items = page.items.map((member) => ({
    userId: member._id,
    nickname: member.nickname,
    avatarUrl: member.avatarUrl,
    /** When they joined this team (bound). */
    // Paged on boundAt, so every member here has one.
    joinedAt: member.boundAt ?? member.createdAt,
    isDistributor: member.distributor.status === 'active',
    ...(input.level === 2 ? { viaUserId: member.inviterId } : {}),
    orderCount: orders.get(member._id)?.orders ?? 0,
    /** Net commission (fen) this member's orders earned the caller at this level. */
    commission: commission.get(member._id)?.amountFen ?? 0,
  }));
  return { items, next: page.next };
}
