// The admin-only action wrapper shared by every action of the admin function.
import type * as z from 'zod/mini';
import { requireAdmin } from '../../data/settings';
import { action, ActionContext } from '../../handler';

/** An admin-only action: the admin check runs before anything else the use case does. */
export function adminAction<S extends z.ZodMiniType, R>(
  input: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
) {
  return action(input, async (parsed, ctx) => {
    await requireAdmin(ctx.openid);
    return run(parsed, ctx);
  });
}
