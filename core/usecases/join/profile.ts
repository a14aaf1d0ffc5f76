// join.profile: the caller sets their nickname and avatar (shown on posters and in teams).
import type { ProfileInput } from '../../contracts/join';
import { precondition } from '../../errors';
import { inTransaction } from '../../data/db';
import { checkText } from '../../data/openapi';
import { addGrants } from '../../data/notices';
import { loadSettings } from '../../data/settings';
import { ensureUser, getUser, publicUser, txGetUser, txPutUser } from '../../data/users';
import type { ActionContext } from '../../handler';

/** The nickname others will read: WeChat's content security (v2, scene 资料) decides, risky is refused. */
async function assertFitNickname(openid: string, nickname: string): Promise<void> {
  const verdict = await checkText(openid, nickname, 1).catch((error: unknown) => {
    // WeChat's check being out of reach does not stop people from naming themselves.
    console.warn('msgSecCheck failed; nickname kept', error);
    return { suggest: 'pass', label: 100 };
  });
  if (verdict.suggest === 'risky') throw precondition('昵称含有不合适的内容，请换一个');
}

export async function profile(input: ProfileInput, ctx: ActionContext) {
  // Checked before anything is written: a refused nickname leaves no trace.
  if (input.nickname !== undefined && input.nickname !== (await getUser(ctx.openid))?.nickname)
    await assertFitNickname(ctx.openid, input.nickname);
  const { user } = await ensureUser(ctx.openid, ctx.now);
  if (input.nickname === undefined && input.avatarUrl === undefined) return { user: publicUser(user) };
  const saved = await inTransaction(async (tx) => {
    const current = (await txGetUser(tx, ctx.openid))!;
    return txPutUser(
      tx,
      {
        ...current,
        ...(input.nickname !== undefined ? { nickname: input.nickname } : {}),
        ...(input.avatarUrl !== undefined ? { avatarUrl: input.avatarUrl } : {}),
      },
      ctx.now,
    );
  });
  return { user: publicUser(saved) };
}

/** join.subscribe: the user accepted these templates once more; only the merchant's own templates count. */
export async function subscribe(input: { accepted: string[] }, ctx: ActionContext) {
  const settings = await loadSettings();
  const known = new Set(
    Object.values(settings.notices)
      .map((template) => template.templateId)
      .filter(Boolean),
  );
  const accepted = input.accepted.filter((id) => known.has(id));
  return { grants: accepted.length ? await addGrants(ctx.openid, accepted, ctx.now) : {} };
}
