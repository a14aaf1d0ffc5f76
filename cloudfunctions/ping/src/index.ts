// ping: proves the path from a page through the local cloud to a function and back.
import { pingApi } from '../../../core/contracts';
import { defineFunction } from '../../../core/handler';

export const main = defineFunction(pingApi, {
  ping: async (_input, ctx) => ({ openid: ctx.openid, now: ctx.now }),
});
