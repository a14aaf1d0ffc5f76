// The merchant's analytics and export actions of `admin`. Ranges are inclusive Beijing dates.
import * as z from 'zod/mini';
import { rangeProblem } from '../domain/analytics';
import type { DayCounters, DistributorCounters } from '../domain/behaviour';
import type { DistributorStatus } from '../domain/distributor';
import { answer, define } from './contract';
import { cursor, dateString, docId, int, noInput } from './common';

const rangeOk = ({ from, to }: { from: string; to: string }) => rangeProblem(from, to) === null;
/** `{ from, to }`: inclusive Beijing dates, from ≤ to, at most MAX_RANGE_DAYS days (domain/analytics.ts). */
const range = <T extends z.core.$ZodLooseShape>(extra: T) =>
  z.strictObject({ from: dateString(), to: dateString(), ...extra }).check(
    z.refine((value: unknown) => rangeOk(value as { from: string; to: string }), {
      // The exact reason (bad date, reversed, too long) is repeated by the use case's own check.
      message: '日期范围无效：需为 YYYY-MM-DD，开始不晚于结束，且不超过 366 天',
      path: ['from'],
    }),
  );

export const EXPORT_KINDS = ['orders', 'commissions', 'distributors', 'withdrawals'] as const;
export const TOP_BY = ['sales', 'commission', 'recruits'] as const;

/** Fen of a day (or a range): orders paid, their goods (grossSales), money refunded that day, and sales = grossSales less the goods part of those refunds. */
export interface DaySales {
  orders: number;
  sales: number;
  grossSales: number;
  refunds: number;
  /** Fen coupons took off the orders paid that day, and how many of those orders used one. */
  couponDiscount: number;
  couponOrders: number;
}

/** Commission of a range from the ledger, in fen: earned (gross, over `entries` entries), taken back by refunds (reversed), made withdrawable (settled), and net = gross − reversed. */
export interface CommissionFigures {
  entries: number;
  gross: number;
  reversed: number;
  settled: number;
  net: number;
}

export interface DistributorFigures {
  userId: string;
  nickname: string;
  /** Fen sold directly (level-1 base, net of refunds). */
  sales: number;
  /** Fen earned at both levels, net. */
  commission: number;
  /** Orders sold directly. */
  orders: number;
  /** Users bound to them in the range. */
  recruits: number;
}

export interface Todo {
  applications: number;
  toShip: number;
  refunds: number;
  withdrawals: number;
  /** Approved withdrawals waiting to be paid. */
  toPay: number;
  /** Payments that arrived for orders already closed, refunded in full automatically, in the last 7 days. */
  lateRefunds: number;
  /** Refunds WeChat Pay answered as failed: the merchant must settle them with the buyer. */
  failedRefunds: number;
  /** Shipments WeChat's 发货信息管理 keeps refusing (3 tries or more): the money stays frozen until they upload. */
  shipmentUploads: number;
}

export interface Overview {
  from: string;
  to: string;
  sales: number;
  grossSales: number;
  orders: number;
  refunds: number;
  /** floor(sales / orders), fen. */
  averageOrder: number;
  /** Fen coupons took off the orders paid in the range, and how many of them used one. */
  couponDiscount: number;
  couponOrders: number;
  /** Earned, settled and reversed in the range; pending is what all distributors hold pending now. */
  commission: { earned: number; settled: number; reversed: number; pending: number };
  distributors: { total: number; active: number; new: number; frozen: number };
  daily: { date: string; sales: number; orders: number }[];
  topDistributors: Omit<DistributorFigures, 'orders'>[];
}

export interface DistributorPerformance {
  from: string;
  to: string;
  user: {
    userId: string;
    nickname: string;
    avatarUrl: string;
    inviterId: string | null;
    inviteeCount: number;
    distributor: {
      status: DistributorStatus;
      code: string | null;
      grade: string | null;
      /** The grade's name in the settings (a removed grade keeps its id only). */
      gradeName: string | null;
      joinedAt: Date | null;
    };
  };
  total: { sales: number; commission: number; orders: number; recruits: number };
  items: { date: string; sales: number; commission: number; orders: number; recruits: number }[];
}

/** The shop's behaviour on one Beijing day (domain/behaviour.ts DayCounters). */
export type BehaviourDay = { date: string } & DayCounters;

/** One product's funnel over a range: views → add to cart → orders made → paid orders (units, fen paid). */
export interface ProductFunnelRow {
  productId: string;
  name: string;
  views: number;
  carts: number;
  shares: number;
  orders: number;
  paidOrders: number;
  units: number;
  paidAmount: number;
}

/** A distributor's promotion over a range: what their shares brought and what it sold. */
export interface ConversionFigures extends DistributorCounters {
  /** Distinct buyers, paid orders and fen of paid goods of orders they earn level-1 commission on. */
  buyers: number;
  paidOrders: number;
  paidAmount: number;
}

export interface DistributorConversion extends ConversionFigures {
  userId: string;
  nickname: string;
}

export interface BuyerFigures {
  from: string;
  to: string;
  /** Distinct buyers of paid orders in the range; new ones paid for the first time ever in it. */
  buyers: number;
  newBuyers: number;
  returningBuyers: number;
  /** Buyers with two or more paid orders in the range, and their share of all buyers in bp. */
  repeatBuyers: number;
  repurchaseBp: number;
  orders: number;
  /** Paid orders per Beijing hour, 0–23. */
  byHour: number[];
}

/** An export of a range to CSV, written in parts across calls and joined into one file. */
export interface ExportJob {
  exportId: string;
  kind: (typeof EXPORT_KINDS)[number];
  from: string;
  to: string;
  /** running: parts still to write or join; done: the file is ready; failed: stopped after repeated errors. */
  status: 'running' | 'done' | 'failed';
  /** Rows written so far, and how many the range held when the export started (for a progress bar). */
  rows: number;
  total: number;
  /** When done: the CSV (UTF-8 with BOM, opens in Excel) in cloud storage, and a download URL of it. */
  fileID?: string;
  tempFileURL?: string;
  /** When failed: why, in words for the merchant. */
  error?: string;
  /** The file holds personal data: it is deleted from storage at this time (settings.exports.keepHours). */
  expiresAt: Date;
}

export const adminStatsApi = {
  'stats.behaviour': define({
    input: range({}),
    answer: answer<{ from: string; to: string; items: BehaviourDay[]; total: DayCounters }>(),
    access: 'admin',
    summary:
      'User behaviour per Beijing day (every day present): visitors, page and product views, add to cart, shares, posters and posters saved, entries by scan and by link; and the total.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-07' },
  }),
  'stats.products': define({
    input: range({ by: z.optional(z.enum(['views', 'sales'])), limit: z.optional(int(1, 100)) }),
    answer: answer<{ from: string; to: string; items: ProductFunnelRow[] }>(),
    access: 'admin',
    summary:
      'The product funnel of a range (views → add to cart → orders → paid), the top products by views or by paid amount.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30', by: 'sales', limit: 10 },
  }),
  'stats.conversion': define({
    input: range({ userId: z.optional(docId()), limit: z.optional(int(1, 100)) }),
    answer: answer<{ from: string; to: string; items: DistributorConversion[] }>(),
    access: 'admin',
    summary:
      "Distributors' conversion: shares and posters → scans and links → visitors → buyers → paid amount, the best by paid amount (or one distributor).",
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30', limit: 20 },
  }),
  'stats.buyers': define({
    input: range({}),
    answer: answer<BuyerFigures>(),
    access: 'admin',
    summary:
      'Buyers of the range: new and returning, the repurchase rate (two or more paid orders), and paid orders by Beijing hour.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30' },
  }),
  'stats.todo': define({
    input: noInput(),
    answer: answer<Todo>(),
    access: 'admin',
    summary:
      'What waits for the merchant now: applications, orders to ship, refund requests, withdrawals to review and to pay.',
    errors: ['PERMISSION_DENIED'],
    example: {},
  }),
  'stats.overview': define({
    input: range({}),
    answer: answer<Overview>(),
    access: 'admin',
    summary:
      'The key figures of a range: sales, orders, refunds, commission by state, distributors, sales per day, top distributors.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30' },
  }),
  'stats.daily': define({
    input: range({}),
    answer: answer<{
      from: string;
      to: string;
      items: (DaySales & { date: string; averageOrder: number })[];
      total: DaySales & { averageOrder: number };
    }>(),
    access: 'admin',
    summary: 'Sales per Beijing day of a range (every day present, zeros included) and their total.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-07' },
  }),
  'stats.commissionByLevel': define({
    input: range({}),
    answer: answer<{
      from: string;
      to: string;
      level1: CommissionFigures;
      level2: CommissionFigures;
      total: CommissionFigures;
    }>(),
    access: 'admin',
    summary:
      'Commission earned, reversed by refunds and settled in a range (each dated when it happened), by level.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30' },
  }),
  'stats.topDistributors': define({
    input: range({
      by: z.optional(z.enum(TOP_BY)),
      cursor: cursor(),
      limit: z.optional(int(1, 50)),
    }),
    answer: answer<{
      from: string;
      to: string;
      by: (typeof TOP_BY)[number];
      items: (DistributorFigures & { rank: number })[];
      next: string | null;
    }>(),
    access: 'admin',
    summary: 'One page of the distributor ranking of a range by sales, commission or recruits.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30', by: 'commission', limit: 10 },
  }),
  'stats.funnel': define({
    input: range({}),
    answer: answer<{
      from: string;
      to: string;
      /** Users first seen in the range. */
      newUsers: number;
      /** Users bound to a distributor in the range, how many of them bought, how many became distributors. */
      invited: number;
      bought: number;
      distributors: number;
      /** Basis points of `invited`. */
      rates: { bought: number; distributors: number };
    }>(),
    access: 'admin',
    summary: 'The funnel of users invited in a range: invited → bought → became distributors.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30' },
  }),
  'stats.distributor': define({
    input: range({ userId: docId() }),
    answer: answer<DistributorPerformance>(),
    access: 'admin',
    summary: 'One distributor over a range: per day, direct sales, commission, direct orders and recruits.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND'],
    example: { from: '2026-11-01', to: '2026-11-30', userId: 'o6zAJs1234567890abcdef' },
  }),
  export: define({
    input: range({ kind: z.enum(EXPORT_KINDS) }),
    answer: answer<ExportJob>(),
    access: 'admin',
    summary:
      'Starts writing the orders, commission entries, distributors or withdrawals of a range to a CSV file, in parts of 5,000 rows; a range of up to 20,000 rows is done in this call, a larger one goes on through `export.status`.',
    errors: ['PERMISSION_DENIED'],
    example: { from: '2026-11-01', to: '2026-11-30', kind: 'orders' },
  }),
  'export.status': define({
    input: z.strictObject({ exportId: docId() }),
    answer: answer<ExportJob>(),
    access: 'admin',
    summary:
      'An export and its progress; while it runs, this call writes its next parts (up to 20,000 rows) and joins them into one file at the end. The page calls it until the status is done.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND'],
    example: { exportId: '3f9a1c2b7d4e' },
  }),
};
