// The admin guard of the admin function: run by defineFunction before any admin action reads its input.
import { requireAdmin } from '../../data/settings';
import type { Guards } from '../../handler';

export const adminGuards: Guards = {
  admin: async (ctx) => {
    await requireAdmin(ctx.openid);
  },
};
