// Input contracts of the admin function's analytics and export actions (shared with the merchant pages).
import * as z from 'zod/mini';
import { rangeProblem } from '../domain/analytics';
import { cursor, dateString, docId } from './common';

const rangeOk = ({ from, to }: { from: string; to: string }) => rangeProblem(from, to) === null;

/** `{ from, to }`: inclusive Beijing dates, from ≤ to, at most MAX_RANGE_DAYS days (domain/analytics.ts). */
const range = <T extends z.core.$ZodLooseShape>(extra: T) =>
  z.object({ from: dateString(), to: dateString(), ...extra }).check(
    z.refine((value: unknown) => rangeOk(value as { from: string; to: string }), {
      // The exact reason (bad date, reversed, too long) is repeated by the use case's own check.
      message: '日期范围无效：需为 YYYY-MM-DD，开始不晚于结束，且不超过 366 天',
      path: ['from'],
    }),
  );

export const EXPORT_KINDS = ['orders', 'commissions', 'distributors', 'withdrawals'] as const;
export const TOP_BY = ['sales', 'commission', 'recruits'] as const;

export const adminStatsContracts = {
  /** What waits for the merchant now: applications, orders to ship, refund requests, withdrawals. */
  'stats.todo': z.object({}),
  'stats.overview': range({}),
  'stats.daily': range({}),
  'stats.commissionByLevel': range({}),
  'stats.topDistributors': range({
    by: z.optional(z.enum(TOP_BY)),
    cursor: cursor(),
    limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(50))),
  }),
  'stats.funnel': range({}),
  'stats.distributor': range({ userId: docId() }),
  export: range({ kind: z.enum(EXPORT_KINDS) }),
};
