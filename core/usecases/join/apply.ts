// join.apply: asks to become a distributor; the join mode decides active, pending or "not yet".
import type { ApplyInput } from '../../contracts/join';
import { planApply } from '../../domain/distributor';
import { inTransaction } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { ensureUser, publicUser, txApplyStatusPlan, txGetUser, txPutUser } from '../../data/users';
import type { ActionContext } from '../../handler';

export async function apply(input: ApplyInput, ctx: ActionContext) {
  await ensureUser(ctx.openid, ctx.now);
  const settings = await loadSettings();
  const user = await inTransaction(async (tx) => {
    const current = (await txGetUser(tx, ctx.openid))!;
    // Planned on the transaction's read, so two taps cannot both issue a code.
    const plan = planApply(current.distributor, settings, current.paidSpendFen);
    const details = {
      ...(input.realName ? { realName: input.realName } : {}),
      ...(input.mobile ? { mobile: input.mobile } : {}),
      ...(input.reason ? { applyReason: input.reason } : {}),
    };
    const withDetails = { ...current, distributor: { ...current.distributor, ...details } };
    const type = plan.kind === 'pend' ? 'distributor.apply' : 'distributor.activate';
    const saved = await txApplyStatusPlan(tx, withDetails, plan, ctx.now, {
      type,
      actorId: ctx.openid,
      source: 'self',
      reason: `join_mode_${settings.joinMode}`,
    });
    // A repeated application (still pending) may still update the applicant's details.
    if (plan.kind === 'unchanged' && Object.keys(details).length > 0)
      return txPutUser(tx, withDetails, ctx.now);
    return saved;
  });
  return { status: user.distributor.status, code: publicUser(user).distributor.code };
}
