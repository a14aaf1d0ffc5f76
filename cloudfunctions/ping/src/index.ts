// ping: proves the path from a page through the local cloud to a function and back.
import * as z from 'zod/mini';
import { action, defineFunction } from '../../../core/handler';

export const main = defineFunction({
  ping: action(z.object({}), async (_input, ctx) => ({ openid: ctx.openid, now: ctx.now.toISOString() })),
});
