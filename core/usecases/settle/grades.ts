// Distributor grades go up (never down) once a distributor's results reach the next grade's
// threshold: sales they brought in, distributors they recruited, or commission settled to them.
import { gradeFor, Settings, UpgradeMetric } from '../../domain/settings';
import { aggregate, getById, updateById } from '../../data/db';
import { audit } from '../../data/events';

interface GradedUser {
  inviteeCount?: number;
  distributor?: { status?: string; grade?: string };
}

/** Checks one distributor against the grade ladder; answers the new grade when it changed. */
export async function upgradeGrade(
  userId: string,
  settings: Settings,
  now: Date,
): Promise<string | undefined> {
  if (settings.grades.length === 0) return undefined;
  const user = await getById<GradedUser>('users', userId);
  if (user?.distributor?.status !== 'active') return undefined;
  const [sums] = await aggregate<{ sales: number; commission: number }>('commissions', [
    { $match: { beneficiaryId: userId } },
    {
      $group: {
        _id: null,
        // Sales are the goods amounts of the buyers they serve directly, net of refunds.
        sales: {
          $sum: {
            $cond: [{ $eq: ['$level', 1] }, { $subtract: ['$base', { $ifNull: ['$refundedBase', 0] }] }, 0],
          },
        },
        commission: {
          $sum: {
            $cond: [{ $eq: ['$status', 'settled'] }, { $subtract: ['$amount', '$reversedAmount'] }, 0],
          },
        },
      },
    },
  ]);
  const metrics: Record<UpgradeMetric, number> = {
    sales: sums?.sales ?? 0,
    commission: sums?.commission ?? 0,
    recruits: user.inviteeCount ?? 0,
  };
  const current = user.distributor.grade;
  const next = gradeFor(settings, metrics, current);
  if (!next || next === current) return undefined;
  await updateById('users', userId, { distributor: { grade: next }, updatedAt: now });
  await audit(
    {
      type: 'distributor.grade',
      subjectId: userId,
      actorId: 'system',
      source: 'system',
      detail: { from: current ?? null, to: next, metrics },
    },
    now,
  );
  return next;
}
