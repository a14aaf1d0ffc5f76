// settings.get / settings.update / settings.preview: the merchant's rules, validated as a whole and audited.
import type * as z from 'zod/mini';
import { settingsPatch } from '../../contracts/admin-money';
import { planCommission, referrerSnapshot } from '../../domain/commission';
import { formatRate, formatYuan } from '../../domain/money';
import { deepMerge, Settings, settingsProblems } from '../../domain/settings';
import { AppError } from '../../errors';
import { ActionContext } from '../../handler';
import { inTransaction, txSet } from '../../data/db';
import { audit } from '../../data/events';
import { loadSettings, SETTINGS_ID } from '../../data/settings';

export async function updateSettings(
  patch: z.infer<typeof settingsPatch>,
  ctx: ActionContext,
): Promise<{ settings: Settings }> {
  return inTransaction(async (tx) => {
    const current = await loadSettings(tx);
    const next = deepMerge(current, patch);
    const problems = settingsProblems(next);
    if (problems.length > 0) throw new AppError('INVALID_ARGUMENT', problems.join('；'));
    if (!next.admins.includes(ctx.openid)) throw new AppError('INVALID_ARGUMENT', '不能把自己从管理员中移除');
    await txSet(tx, 'settings', SETTINGS_ID, { ...next, updatedAt: ctx.now, updatedBy: ctx.openid });
    await audit(
      {
        type: 'settings.update',
        subjectId: SETTINGS_ID,
        actorId: ctx.openid,
        source: 'admin',
        detail: { patch },
      },
      ctx.now,
      tx,
    );
    return { settings: next };
  });
}

/** What a 100 yuan order pays each level under the current rules, in plain words. */
export function previewOf(settings: Settings) {
  const snapshot = referrerSnapshot(
    settings,
    { userId: 'buyer', isActiveDistributor: false },
    { level1: { userId: 'level1' }, level2: { userId: 'level2' } },
  );
  const plan = planCommission(snapshot, [{ productId: 'example', quantity: 1, base: 10_000 }]);
  const amount = (level: number) => plan.levels.find((e) => e.level === level)?.amount ?? 0;
  const lines = [
    `顾客通过分销员 A 的海报购买 100 元商品（不含运费）：A 获得一级佣金 ${formatYuan(amount(1))} 元（${formatRate(settings.rates.level1)}）。`,
    settings.levels === 2
      ? `邀请 A 成为分销员的 B 获得二级佣金 ${formatYuan(amount(2))} 元（${formatRate(settings.rates.level2)}）。`
      : '当前为一级分销模式，没有二级佣金。',
    `佣金在确认收货 ${settings.afterSaleDays} 天后可提现，期间退款按比例扣回；单笔订单佣金合计不超过 ${formatRate(settings.capBp)}。`,
  ];
  return { level1: amount(1), level2: amount(2), text: lines };
}
