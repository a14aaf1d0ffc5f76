// join.profile: the caller sets their nickname and avatar (shown on posters and in teams).
import type { ProfileInput } from '../../contracts/join';
import { inTransaction } from '../../data/db';
import { ensureUser, publicUser, txGetUser, txPutUser } from '../../data/users';
import type { ActionContext } from '../../handler';

export async function profile(input: ProfileInput, ctx: ActionContext) {
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
