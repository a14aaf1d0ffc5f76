// Input contracts of the `share` function's actions (shared with miniprogram/services).
import * as z from 'zod/mini';
import { cursor, docId, noInput } from './common';

/** Team pages hold at most 100 members; 20 unless asked. */
export const TEAM_PAGE_MAX = 100;
export const TEAM_PAGE_DEFAULT = 20;

export const shareContracts = {
  code: noInput(),
  poster: z.object({ productId: z.optional(docId()) }),
  team: z.object({
    level: z.union([z.literal(1), z.literal(2)]),
    cursor: cursor(),
    limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(TEAM_PAGE_MAX))),
  }),
  stats: noInput(),
};

export type PosterInput = z.infer<typeof shareContracts.poster>;
export type TeamInput = z.infer<typeof shareContracts.team>;
