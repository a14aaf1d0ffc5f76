// The merchant's money actions of `admin`: settings, products, orders and shipping, refunds,
// withdrawals, the reconciliation check and a manual settle run.
import * as z from 'zod/mini';
import type { Coupon } from '../domain/coupon';
import type { OrderStatus, Product } from '../domain/order';
import type { Refund, Withdrawal } from '../domain/ledger';
import type { NoticeEvent, Settings } from '../domain/settings';
import { answer, define, Page } from './contract';
import {
  bp,
  cursor,
  docId,
  fen,
  input,
  instant,
  int,
  multilineText,
  noInput,
  positiveFen,
  requiredText,
  text,
} from './common';
import { EXPRESS_CODES, ExpressCompany } from '../domain/express';
import { MAX_SKUS, MAX_SPEC_DIMENSIONS, MAX_SPEC_VALUES } from '../domain/catalog';
import { AdminOrder, ORDER_STATUSES, TrackingRoute } from './order';
import type { ReconcileReport } from './wallet';

const rates = z.strictObject({ level1: bp(), level2: bp() });
/** A part of a settings group: every field optional, unknown ones refused. */
const part = <T extends z.core.$ZodLooseShape>(shape: T) => z.partial(z.strictObject(shape));

export const NOTICE_EVENTS = [
  'orderShipped',
  'refundResult',
  'applicationReviewed',
  'commissionCredited',
  'commissionSettled',
  'withdrawalResult',
  'transferConfirm',
] as const satisfies readonly NoticeEvent[];
/** A template id from 订阅消息 ('' for none), and field → keyword overrides (thing1, amount2…). */
const noticeTemplate = () =>
  part({
    templateId: z.string().check(z.regex(/^[\w-]{0,64}$/)),
    keys: z.record(z.string().check(z.regex(/^\w{1,32}$/)), z.string().check(z.regex(/^[a-z_]+\d+$/))),
  });
/** A partial settings object: every field optional, each checked for its type and range. */
export const settingsPatch = z.strictObject({
  shopName: z.optional(requiredText(30)),
  levels: z.optional(z.literal([1, 2])),
  rates: z.optional(z.partial(rates)),
  joinMode: z.optional(z.enum(['everyone', 'apply', 'threshold'])),
  joinThreshold: z.optional(fen()),
  binding: z.optional(
    part({
      mode: z.enum(['permanent', 'validity', 'overwrite']),
      validityDays: int(0, 3650),
      newUsersOnly: z.boolean(),
    }),
  ),
  selfPurchase: z.optional(z.boolean()),
  capBp: z.optional(bp()),
  afterSaleDays: z.optional(int(0, 365)),
  autoCompleteDays: z.optional(int(0, 365)),
  unpaidCloseMinutes: z.optional(int(1, 7 * 24 * 60)),
  withdrawal: z.optional(part({ minAmount: fen(), feeBp: bp() })),
  grades: z.optional(
    z
      .array(
        z.strictObject({
          id: z.string().check(z.regex(/^[\w-]{1,20}$/)),
          name: requiredText(20),
          rates,
          upgrade: z.strictObject({ metric: z.enum(['sales', 'recruits', 'commission']), threshold: fen() }),
        }),
      )
      .check(z.maxLength(10)),
  ),
  shipping: z.optional(part({ feeFen: fen(), freeOverFen: fen() })),
  payment: z.optional(
    part({
      provider: z.enum(['cloudPay', 'wechatpay-v3']),
      subMchId: z.string().check(z.regex(/^\d{0,32}$/)),
      notifyUrl: text(256),
    }),
  ),
  // 商家转账's report fields and remark are at most 32 characters each on the platform.
  payout: z.optional(
    part({
      mode: z.enum(['manual', 'transfer']),
      postType: text(32),
      rewardDescription: text(32),
      remark: text(32),
    }),
  ),
  admins: z.optional(
    z.array(z.string().check(z.regex(/^[\w-]{1,64}$/))).check(z.minLength(1), z.maxLength(20)),
  ),
  banners: z.optional(
    z
      .array(
        z.strictObject({
          image: z.string().check(z.maxLength(500), z.regex(/^(cloud|https):\/\/\S+$/)),
          productId: z.optional(docId()),
        }),
      )
      .check(z.maxLength(5)),
  ),
  wechatShipping: z.optional(part({ enabled: z.boolean() })),
  notices: z.optional(
    part({
      orderShipped: noticeTemplate(),
      refundResult: noticeTemplate(),
      applicationReviewed: noticeTemplate(),
      commissionCredited: noticeTemplate(),
      commissionSettled: noticeTemplate(),
      withdrawalResult: noticeTemplate(),
      transferConfirm: noticeTemplate(),
    }),
  ),
  tracking: z.optional(part({ provider: z.enum(['logistics', 'kuaidi100', 'none']) })),
  share: z.optional(part({ codeEnvVersion: z.enum(['release', 'trial', 'develop']) })),
  exports: z.optional(part({ keepHours: int(1, 24 * 30) })),
});

/**
 * A commission rule of a product or SKU: a rate per level in basis points (their sum at most the shop's
 * cap), a fixed amount per unit per level in fen, or none at all.
 */
const commissionRule = () =>
  z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('rate'), level1Bp: bp(), level2Bp: bp() }),
    z.strictObject({ mode: z.literal('fixed'), level1Fen: fen(), level2Fen: fen() }),
    z.strictObject({ mode: z.literal('none') }),
  ]);
/** A file in cloud storage or on the web. */
const fileUrl = () => z.string().check(z.maxLength(500), z.regex(/^(cloud|https):\/\/\S+$/));

export const productInput = z.strictObject({
  _id: z.optional(docId()),
  name: requiredText(60),
  description: z.optional(multilineText(2000)),
  /** Without specifications: the price and stock. With them, the server derives both from the SKUs. */
  price: fen(),
  stock: int(0, 10_000_000),
  category: requiredText(20),
  images: z.array(z.string().check(z.maxLength(500), z.regex(/^\S+$/))).check(z.maxLength(9)),
  /** A video shown before the pictures (cloud storage). */
  video: z.optional(fileUrl()),
  status: z.enum(['on', 'off']),
  sort: z.optional(int(-1_000_000, 1_000_000)),
  /** The product's own commission. Absent: the distributors' own rates. */
  commission: z.optional(commissionRule()),
  /** Up to 3 dimensions (容量: 250g / 500g), each with its values. */
  specs: z.optional(
    z
      .array(
        z.strictObject({
          name: requiredText(10),
          values: z.array(requiredText(20)).check(z.minLength(1), z.maxLength(MAX_SPEC_VALUES)),
        }),
      )
      .check(z.maxLength(MAX_SPEC_DIMENSIONS)),
  ),
  /** One per combination sold: a value of each dimension in order, its price, stock, picture, commission. */
  skus: z.optional(
    z
      .array(
        z.strictObject({
          skuId: z.string().check(z.regex(/^[\w-]{1,32}$/)),
          specs: z.array(requiredText(20)).check(z.maxLength(MAX_SPEC_DIMENSIONS)),
          price: positiveFen(),
          stock: int(0, 10_000_000),
          image: z.optional(fileUrl()),
          commission: z.optional(commissionRule()),
        }),
      )
      .check(z.maxLength(MAX_SKUS)),
  ),
  /** 限时折扣: a lower price for chosen SKUs (skuId → fen; `default` without specifications) in a window. */
  limited: z.optional(
    z.strictObject({
      startsAt: instant(),
      endsAt: instant(),
      prices: z.record(z.string().check(z.regex(/^[\w-]{1,32}$/)), positiveFen()),
    }),
  ),
});

const couponRule = () =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('amount'), thresholdFen: fen(), offFen: positiveFen() }),
    z.strictObject({
      kind: z.literal('percent'),
      thresholdFen: fen(),
      /** Off in basis points: 1000 = 10% off (九折). */
      percentOffBp: int(1, 9_900),
      /** The most it takes off, in fen (0: no cap). */
      capFen: fen(),
    }),
  ]);

export const couponInput = z.strictObject({
  _id: z.optional(docId()),
  name: requiredText(20),
  rule: couponRule(),
  scope: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('all') }),
    z.strictObject({
      kind: z.literal('products'),
      productIds: z.array(docId()).check(z.minLength(1), z.maxLength(100)),
    }),
    z.strictObject({
      kind: z.literal('categories'),
      categories: z.array(requiredText(20)).check(z.minLength(1), z.maxLength(20)),
    }),
  ]),
  validity: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('window'), startsAt: instant(), endsAt: instant() }),
    z.strictObject({ kind: z.literal('days'), days: int(1, 365) }),
  ]),
  /** How many may be claimed in all (0: no limit) and by one shopper (at most 20). */
  totalLimit: int(0, 10_000_000),
  perUserLimit: int(1, 20),
});

/** A refund request with its buyer's nickname and its order: number, what was bought, what was paid. */
export type AdminRefund = Refund & {
  buyerNickname: string;
  order: { orderNo: string; summary: string; amount: number; status: OrderStatus } | null;
};

/** A coupon template as the merchant manages it, with its rule in words. */
export type AdminCoupon = Coupon & { ruleText: string };

/** A product as the merchant manages it: commission override and sort order included. */
export type AdminProduct = Product & { createdAt?: Date; updatedAt?: Date };

/** What a 100-yuan order pays each level under the (draft) rules, in fen and in words. */
export interface SettingsPreview {
  level1: number;
  level2: number;
  text: string[];
  /** Contradictions of the draft, in words; empty when it can be saved. */
  problems: string[];
}

export interface SettleReport {
  /** Unpaid orders closed (after WeChat Pay closed their payment), shipped orders completed. */
  closed: number;
  completed: number;
  /** Recently closed orders WeChat Pay says were paid after all: refunded in full. */
  latePayments: number;
  /** Full refunds of late payments asked of WeChat Pay again. */
  lateRefunds: number;
  /** Shipments whose upload to WeChat's 发货信息管理 was tried again. */
  shipmentUploads: number;
  /** Export files deleted from storage because their time was up. */
  exportsDeleted: number;
  /** Exports whose page was closed, carried on by a few parts. */
  exportsContinued: number;
  /** Visit records of past days, event batches older than 7 days and spent allowances deleted. */
  behaviourPruned: number;
  /** 商家转账 bills in flight whose final state WeChat Pay answered (their notification was lost). */
  transfersRechecked: number;
  /** Days whose analytics were rolled up (today, yesterday, and days never rolled up). */
  rolledUp: number;
  settledDistributors: number;
  settledEntries: number;
  /** Fen moved from pending to available. */
  settledAmount: number;
  /** Distributors who reached a higher grade with this settlement. */
  upgraded: number;
  /** True when the run stopped at its time budget; the next run continues. */
  resumable: boolean;
}

export const REFUND_STATUSES = ['requested', 'processing', 'refunded', 'rejected', 'failed'] as const;
export const WITHDRAWAL_STATUSES = ['requested', 'approved', 'paid', 'rejected', 'failed'] as const;

const orderId = { orderId: docId() };

export const adminMoneyApi = {
  'settings.get': define({
    input: noInput(),
    answer: answer<{ settings: Settings }>(),
    access: 'admin',
    summary: "The shop's rules (the whole settings document, defaults filled in).",
    errors: ['PERMISSION_DENIED'],
    example: {},
  }),
  'settings.update': define({
    input: input({ settings: settingsPatch }),
    answer: answer<{ settings: Settings }>(),
    access: 'admin',
    summary:
      'Changes some rules; the result is checked as a whole (contradictions refused in words) and audited. An admin cannot remove themselves.',
    errors: ['PERMISSION_DENIED'],
    example: { settings: { rates: { level1: 1200 }, withdrawal: { minAmount: 1000 } } },
  }),
  'settings.preview': define({
    input: input({ settings: z.optional(settingsPatch) }),
    answer: answer<SettingsPreview>(),
    access: 'admin',
    summary:
      'What a 100-yuan order pays each level under the saved rules, or under the saved rules with a draft applied; nothing is written.',
    errors: ['PERMISSION_DENIED'],
    example: { settings: { levels: 1, rates: { level2: 0 } } },
  }),
  'products.list': define({
    input: input({
      status: z.optional(z.enum(['on', 'off'])),
      category: z.optional(requiredText(20)),
      cursor: cursor(),
    }),
    answer: answer<Page<AdminProduct>>(),
    access: 'admin',
    summary: 'One page of products, on sale or not, last changed first.',
    errors: ['PERMISSION_DENIED'],
    example: { status: 'off' },
  }),
  'products.categories': define({
    input: noInput(),
    answer: answer<{ items: { category: string; products: number }[] }>(),
    access: 'admin',
    summary: 'Every category in use with how many products it holds.',
    errors: ['PERMISSION_DENIED'],
    example: {},
  }),
  'products.upsert': define({
    input: input({ product: productInput }),
    answer: answer<{ product: AdminProduct }>(),
    access: 'admin',
    summary: 'Creates a product (without `_id`) or replaces one.',
    errors: ['PERMISSION_DENIED'],
    example: {
      product: {
        name: '明前龙井 250g',
        price: 12800,
        stock: 50,
        category: '茶',
        images: ['cloud://env-id.7a6b/products/longjing.jpg'],
        status: 'on',
        commission: { mode: 'rate', level1Bp: 1500, level2Bp: 500 },
      },
    },
  }),
  'products.remove': define({
    input: input({ productId: docId() }),
    answer: answer<{ productId: string; status: 'off' }>(),
    access: 'admin',
    summary: 'Takes a product off sale (products are never deleted: orders point at them).',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND'],
    example: { productId: 'P8c1f0a2b3c4d5e6f' },
  }),
  'coupons.upsert': define({
    input: input({ coupon: couponInput }),
    answer: answer<{ coupon: AdminCoupon }>(),
    access: 'admin',
    summary:
      'Creates a coupon template (without `_id`) or changes one; coupons already claimed keep the rule they were claimed with. The total cannot go below what was claimed.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'INVALID_ARGUMENT'],
    example: {
      coupon: {
        name: '满100减20',
        rule: { kind: 'amount', thresholdFen: 10_000, offFen: 2000 },
        scope: { kind: 'all' },
        validity: { kind: 'days', days: 30 },
        totalLimit: 500,
        perUserLimit: 1,
      },
    },
  }),
  'coupons.list': define({
    input: input({ status: z.optional(z.enum(['active', 'disabled'])), cursor: cursor() }),
    answer: answer<Page<AdminCoupon>>(),
    access: 'admin',
    summary: 'One page of coupon templates, newest first, with how many were claimed and used.',
    errors: ['PERMISSION_DENIED'],
    example: { status: 'active' },
  }),
  'coupons.disable': define({
    input: input({ couponId: docId() }),
    answer: answer<{ coupon: AdminCoupon }>(),
    access: 'admin',
    summary: 'Stops a coupon being claimed; coupons already claimed stay usable until they expire.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND'],
    example: { couponId: 'C1a2b3c4d5e6f7a8b' },
  }),
  'orders.list': define({
    input: input({
      status: z.optional(z.enum(ORDER_STATUSES)),
      /** An order number (the 18 digits people read, spaces allowed), payment number (outTradeNo) or buyer openid, matched exactly. */
      q: z.optional(text(64)),
      cursor: cursor(),
    }),
    answer: answer<Page<AdminOrder>>(),
    access: 'admin',
    summary: 'One page of orders, newest first, by status or found by number or buyer.',
    errors: ['PERMISSION_DENIED'],
    example: { status: 'paid' },
  }),
  'orders.ship': define({
    input: input({
      ...orderId,
      /** The company's code in WeChat's express-company list (orders.expressCompanies). */
      expressCompany: z.enum(EXPRESS_CODES),
      trackingNo: z.string().check(z.trim(), z.minLength(4), z.maxLength(40), z.regex(/^[\w-]+$/)),
    }),
    answer: answer<{ order: AdminOrder }>(),
    access: 'admin',
    summary:
      "Ships a paid order (or corrects a shipment not received yet, once) and uploads it to WeChat's 发货信息管理; a failed upload is retried by the timer and shown on the to-do. The buyer is notified if they subscribed.",
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e', expressCompany: 'SF', trackingNo: 'SF1234567890' },
  }),
  'orders.expressCompanies': define({
    input: noInput(),
    answer: answer<{ items: ExpressCompany[] }>(),
    access: 'admin',
    summary: "The express companies the ship form offers, by their code in WeChat's express-company list.",
    errors: ['PERMISSION_DENIED'],
    example: {},
  }),
  'orders.track': define({
    input: input({ ...orderId }),
    answer: answer<TrackingRoute>(),
    access: 'admin',
    summary: "A shipped order's parcel route, newest step first, from the tracking provider in settings.",
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
  'refunds.list': define({
    input: input({ status: z.optional(z.enum(REFUND_STATUSES)), cursor: cursor() }),
    answer: answer<Page<AdminRefund>>(),
    access: 'admin',
    summary: 'One page of refund requests, newest first, each with its order as the merchant reads it.',
    errors: ['PERMISSION_DENIED'],
    example: { status: 'requested' },
  }),
  'refunds.review': define({
    input: input({
      refundId: docId(),
      approve: z.boolean(),
      /** Fen to refund when approving less than the buyer asked; the whole request when absent. */
      amount: z.optional(positiveFen()),
      /** Required when rejecting: the buyer reads it. */
      reason: z.optional(requiredText(200)),
    }),
    answer: answer<{ refund: Refund }>(),
    access: 'admin',
    summary:
      'Approves a refund request, in full or for less (WeChat Pay is asked to refund; the money and commission move when its result arrives), or rejects it with a reason the buyer reads.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { refundId: 'O3f9a1c2b7d8e4f5a6b7c8d9e-R1', approve: true, amount: 5000 },
  }),
  'orders.refund': define({
    input: input({
      ...orderId,
      /** Fen; everything not refunded yet when absent. */
      amount: z.optional(positiveFen()),
      reason: requiredText(200),
    }),
    answer: answer<{ refund: Refund }>(),
    access: 'admin',
    summary:
      "Refunds a paid order on the merchant's own decision, before or after shipping or settlement, for a year after payment; commission is reversed in proportion (after settlement from the distributor's available balance, the rest as debt).",
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e', amount: 2000, reason: '商品有瑕疵，部分退款' },
  }),
  'withdrawals.list': define({
    input: input({ status: z.optional(z.enum(WITHDRAWAL_STATUSES)), cursor: cursor() }),
    answer: answer<Page<Withdrawal & { nickname: string; realName?: string; mobile?: string }>>(),
    access: 'admin',
    summary: 'One page of withdrawal requests, newest first.',
    errors: ['PERMISSION_DENIED'],
    example: { status: 'requested' },
  }),
  'withdrawals.review': define({
    input: input({ withdrawalId: docId(), approve: z.boolean(), reason: z.optional(text(200)) }),
    answer: answer<{ withdrawal: Withdrawal }>(),
    access: 'admin',
    summary:
      'Approves a withdrawal (in transfer payout mode this also makes the 商家转账 bill the distributor confirms) or rejects it, returning the money to available.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { withdrawalId: 'W3f9a1c2b7d8e4f5a6b7c8d9e', approve: true },
  }),
  'withdrawals.markPaid': define({
    input: input({ withdrawalId: docId(), reference: requiredText(64) }),
    answer: answer<{ withdrawal: Withdrawal }>(),
    access: 'admin',
    summary: 'Records that an approved withdrawal was paid by hand, with the payment reference.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { withdrawalId: 'W3f9a1c2b7d8e4f5a6b7c8d9e', reference: '银行转账 20261128-0012' },
  }),
  'withdrawals.markFailed': define({
    input: input({ withdrawalId: docId(), reason: requiredText(200) }),
    answer: answer<{ withdrawal: Withdrawal }>(),
    access: 'admin',
    summary: 'Records that paying an approved withdrawal failed; the money returns to available.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { withdrawalId: 'W3f9a1c2b7d8e4f5a6b7c8d9e', reason: '收款账户信息有误' },
  }),
  reconcile: define({
    input: noInput(),
    answer: answer<ReconcileReport>(),
    access: 'admin',
    summary: "Checks every distributor's balances against their ledger rows.",
    errors: ['PERMISSION_DENIED'],
    example: {},
  }),
  settle: define({
    input: noInput(),
    answer: answer<SettleReport>(),
    access: 'admin',
    summary:
      "Runs the timer's job now: closes expired unpaid orders, completes orders shipped long ago, settles matured commission.",
    errors: ['PERMISSION_DENIED'],
    example: {},
  }),
};
