// Input contracts of the admin function's distributor actions (shared with the merchant pages).
import * as z from 'zod/mini';
import { cursor, docId, text } from './common';
import { shareContracts } from './share';

export const distributorStatus = () => z.enum(['none', 'pending', 'active', 'frozen']);

export const adminDistributorContracts = {
  /** Without `status`: everyone who ever applied or joined (pending, active, frozen, rejected). */
  'distributors.list': z.object({
    status: z.optional(distributorStatus()),
    /** A nickname fragment, an openid or an invite code. */
    q: z.optional(z.string().check(z.trim(), z.maxLength(40))),
    cursor: cursor(),
    limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  }),
  'distributors.review': z.object({ userId: docId(), approve: z.boolean(), reason: z.optional(text(200)) }),
  'distributors.freeze': z.object({ userId: docId(), frozen: z.boolean(), reason: z.optional(text(200)) }),
  /** `inviterId: null` unbinds. The key is required so a forgotten field never unbinds by accident. */
  /** A member's level-1 or level-2 team, as the distributor sees it in share.team. */
  'distributors.team': z.extend(shareContracts.team, { userId: docId() }),
  'distributors.rebind': z.object({ userId: docId(), inviterId: z.nullable(docId()) }),
};
