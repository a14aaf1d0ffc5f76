// Input contracts of the merchant's money actions in `admin`: settings, products, orders, refunds, withdrawals.
import * as z from 'zod/mini';
import { bp, cursor, docId, fen, text } from './common';

const rates = z.object({ level1: bp(), level2: bp() });
const count = (max: number) => z.number().check(z.int(), z.minimum(0), z.maximum(max));

/** A partial settings object: every field optional, each checked for its type and range. */
export const settingsPatch = z.object({
  shopName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(30))),
  levels: z.optional(z.union([z.literal(1), z.literal(2)])),
  rates: z.optional(z.partial(rates)),
  joinMode: z.optional(z.enum(['everyone', 'apply', 'threshold'])),
  joinThreshold: z.optional(fen()),
  binding: z.optional(
    z.partial(
      z.object({
        mode: z.enum(['permanent', 'validity', 'overwrite']),
        validityDays: count(3650),
        newUsersOnly: z.boolean(),
      }),
    ),
  ),
  selfPurchase: z.optional(z.boolean()),
  capBp: z.optional(bp()),
  afterSaleDays: z.optional(count(365)),
  autoCompleteDays: z.optional(count(365)),
  unpaidCloseMinutes: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(7 * 24 * 60))),
  withdrawal: z.optional(z.partial(z.object({ minAmount: fen(), feeBp: bp() }))),
  grades: z.optional(
    z
      .array(
        z.object({
          id: z.string().check(z.regex(/^[\w-]{1,20}$/)),
          name: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
          rates,
          upgrade: z.object({ metric: z.enum(['sales', 'recruits', 'commission']), threshold: fen() }),
        }),
      )
      .check(z.maxLength(10)),
  ),
  shipping: z.optional(z.partial(z.object({ feeFen: fen(), freeOverFen: fen() }))),
  payment: z.optional(
    z.partial(
      z.object({
        provider: z.enum(['cloudPay', 'wechatpay-v3']),
        subMchId: z.string().check(z.maxLength(32)),
        notifyUrl: z.string().check(z.trim(), z.maxLength(256)),
      }),
    ),
  ),
  // 商家转账's report fields and remark are at most 32 characters each on the platform.
  payout: z.optional(
    z.partial(
      z.object({
        mode: z.enum(['manual', 'transfer']),
        postType: z.string().check(z.trim(), z.maxLength(32)),
        rewardDescription: z.string().check(z.trim(), z.maxLength(32)),
        remark: z.string().check(z.trim(), z.maxLength(32)),
      }),
    ),
  ),
  admins: z.optional(
    z.array(z.string().check(z.regex(/^[\w-]{1,64}$/))).check(z.minLength(1), z.maxLength(20)),
  ),
});

export const productInput = z.object({
  _id: z.optional(docId()),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  description: z.optional(text(2000)),
  price: fen(),
  stock: count(10_000_000),
  category: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
  images: z.array(z.string().check(z.maxLength(500))).check(z.maxLength(9)),
  status: z.enum(['on', 'off']),
  sort: z.optional(z.number().check(z.int(), z.minimum(-1_000_000), z.maximum(1_000_000))),
  commission: z.optional(z.object({ mode: z.enum(['rate', 'fixed', 'none']), level1: fen(), level2: fen() })),
});

export const adminMoneyContracts = {
  'settings.get': z.object({}),
  'settings.update': z.object({ settings: settingsPatch }),
  /** With `settings`: the preview of the saved rules with that draft applied (nothing is written). */
  'settings.preview': z.object({ settings: z.optional(settingsPatch) }),
  'products.list': z.object({
    status: z.optional(z.enum(['on', 'off'])),
    category: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(20))),
    cursor: cursor(),
  }),
  'products.categories': z.object({}),
  'products.upsert': z.object({ product: productInput }),
  'products.remove': z.object({ productId: docId() }),
  'orders.list': z.object({
    status: z.optional(
      z.enum(['created', 'paid', 'shipped', 'completed', 'cancelled', 'closed', 'refunding', 'refunded']),
    ),
    /** An order number, payment number (outTradeNo) or buyer openid, matched exactly. */
    q: z.optional(z.string().check(z.trim(), z.maxLength(64))),
    cursor: cursor(),
  }),
  'orders.ship': z.object({
    orderId: docId(),
    carrier: z.string().check(z.trim(), z.minLength(1), z.maxLength(30)),
    trackingNo: z.string().check(z.trim(), z.minLength(4), z.maxLength(40), z.regex(/^[\w-]+$/)),
  }),
  'refunds.list': z.object({
    status: z.optional(z.enum(['requested', 'processing', 'refunded', 'rejected', 'failed'])),
    cursor: cursor(),
  }),
  'refunds.review': z.object({ refundId: docId(), approve: z.boolean(), reason: z.optional(text(200)) }),
  'withdrawals.list': z.object({
    status: z.optional(z.enum(['requested', 'approved', 'paid', 'rejected', 'failed'])),
    cursor: cursor(),
  }),
  'withdrawals.review': z.object({
    withdrawalId: docId(),
    approve: z.boolean(),
    reason: z.optional(text(200)),
  }),
  'withdrawals.markPaid': z.object({
    withdrawalId: docId(),
    reference: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  }),
  'withdrawals.markFailed': z.object({
    withdrawalId: docId(),
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  }),
  reconcile: z.object({}),
  settle: z.object({}),
};
