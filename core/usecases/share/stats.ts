// share.stats: a distributor's figures: how many they invited at each level, the orders that earned
// them commission, and that commission by level and state (fen).
import type { ShareStats } from '../../contracts/share';
import { beijingDate, beijingMidnight } from '../../domain/analytics';
import { aggregate, collection, command } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { commissionTotals } from '../../data/team';
import type { ActionContext } from '../../handler';
import { requireDistributor } from './distributor';
import { level1DistributorIds } from './team';

async function countUsers(where: Record<string, unknown>): Promise<number> {
  const { total } = (await collection('users').where(where).count()) as unknown as { total: number };
  return total;
}

/** Commission credited to `userId` since Beijing midnight today (earned rows, before any refund). */
async function earnedToday(userId: string, now: Date): Promise<number> {
  const _ = command();
  const [row] = await aggregate<{ earned: number }>('ledger', [
    { $match: { userId, kind: 'earned', at: _.gte(beijingMidnight(beijingDate(now))!) } },
    { $group: { _id: null, earned: { $sum: '$amount' } } },
    { $limit: 1 },
  ]);
  return row?.earned ?? 0;
}

export async function stats(_input: unknown, ctx: ActionContext): Promise<ShareStats> {
  const me = await requireDistributor(ctx.openid, 'view');
  const settings = await loadSettings();
  const parents = settings.levels === 2 ? await level1DistributorIds(me._id) : [];
  const [level1, level2, totals, today] = await Promise.all([
    countUsers({ inviterId: me._id }),
    parents.length > 0 ? countUsers({ inviterId: command().in(parents) }) : Promise.resolve(0),
    commissionTotals(me._id),
    earnedToday(me._id, ctx.now),
  ]);
  return {
    today: { earned: today },
    invited: { level1, level2, total: level1 + level2 },
    orders: { ...totals.orders, total: totals.orders.level1 + totals.orders.level2 },
    commission: {
      ...totals.byLevel,
      total: totals.byLevel.level1 + totals.byLevel.level2,
      ...totals.byStatus,
    },
  };
}
