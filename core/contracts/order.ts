// The `order` function: the shopper's catalogue, orders, payment and after-sale requests.
import * as z from 'zod/mini';
import type { ReferrerSnapshot } from '../domain/commission';
import type { Sku } from '../domain/catalog';
import type { CouponRule, CouponScope, CouponValidity } from '../domain/coupon';
import { MAX_ORDER_LINES } from '../domain/order';
import type { Address, OrderStatus, Product, ShippingUpload } from '../domain/order';
import type { RefundStatus } from '../domain/ledger';
import { answer, define, Page } from './contract';
import {
  clientRequestId,
  cursor,
  docId,
  input,
  int,
  noInput,
  positiveFen,
  requiredText,
  text,
} from './common';

export const ORDER_STATUSES = [
  'created',
  'paid',
  'shipped',
  'completed',
  'cancelled',
  'closed',
  'refunding',
  'refunded',
] as const satisfies readonly OrderStatus[];

export const address = z.strictObject({
  userName: requiredText(40),
  telNumber: z.string().check(z.regex(/^[\d+\- ]{5,20}$/)),
  provinceName: requiredText(20),
  cityName: requiredText(20),
  countyName: requiredText(30),
  detailInfo: requiredText(120),
  postalCode: z.optional(z.string().check(z.regex(/^\d{0,10}$/))),
});

/** A SKU as the shop shows it: `price` is what it sells for now (a limited-time price inside its window). */
export interface ShopSku extends Omit<Sku, 'commission'> {
  /** The SKU's own price when a limited-time price cut it. */
  listPrice?: number;
}

/**
 * A product as the shop shows it (commission rules stay with the merchant): `price` is the lowest any SKU
 * sells for now, `listPrice` beside it while a limited-time price cut it, until `limitedEndsAt`.
 */
export interface ShopProduct extends Omit<Product, 'commission' | 'sort' | 'skus' | 'limited'> {
  skus?: ShopSku[];
  listPrice?: number;
  limitedEndsAt?: Date;
}

/** For an active distributor looking at a product: 「分享赚」. */
export interface ProductShare {
  /** Fen they earn at level 1 when a shopper they invited buys one unit (0: the product pays nothing). */
  earnFen: number;
  inviteCode: string;
}

export interface OrderLine {
  productId: string;
  /** The SKU bought and its values in words (「250g / 礼盒」); absent without specifications. */
  skuId?: string;
  specText?: string;
  name: string;
  /** Fen per unit, from the catalogue at ordering time (a limited-time price when one applied). */
  price: number;
  /** The unit price a limited-time price cut. */
  listPrice?: number;
  quantity: number;
  image?: string;
  /** Fen paid for the line after the coupon's share (domain/coupon.ts). */
  paid: number;
}

/** A coupon template as the coupon centre shows it. */
export interface CenterCoupon {
  couponId: string;
  name: string;
  /** 「满100减20」「9折，最多减30元」 */
  ruleText: string;
  rule: CouponRule;
  scope: CouponScope;
  validity: CouponValidity;
  /** How many the caller holds, whether they may claim another, and how many are left (null: no limit). */
  held: number;
  canClaim: boolean;
  left: number | null;
}

/** A coupon the caller holds. */
export interface MyCoupon {
  userCouponId: string;
  couponId: string;
  name: string;
  ruleText: string;
  rule: CouponRule;
  scope: CouponScope;
  validFrom: Date;
  validUntil: Date;
  state: 'usable' | 'used' | 'expired';
  /** The order that used it. */
  orderId?: string;
}

/** What checkout shows before the order is made: every amount is the server's. */
export interface Quote {
  lines: OrderLine[];
  /** Fen the goods cost before the coupon. */
  listAmount: number;
  /** The caller's coupons that are still valid, with what each takes off these lines (0 and why, if none). */
  coupons: {
    userCouponId: string;
    name: string;
    ruleText: string;
    validUntil: Date;
    discount: number;
    reason?: string;
  }[];
  /** The coupon applied: the one asked for, else the best held, else none. */
  coupon: { userCouponId: string; name: string; discount: number } | null;
  /** Fen: goods after the coupon, shipping, and what the shopper pays. */
  goodsAmount: number;
  shipping: number;
  amount: number;
}

export interface ShippingInfo {
  /** The company's code in WeChat's express-company list, and its name. */
  expressCompany?: string;
  carrier: string;
  trackingNo: string;
  shippedAt: Date;
}

/** A parcel's route, newest step first (empty when the merchant set no tracking provider). */
export interface TrackingRoute {
  carrier: string;
  trackingNo: string;
  events: { at: Date; text: string }[];
  /** Why there are no steps when the provider could not answer (the page shows it; the order is fine). */
  note?: string;
}

/** An order as its buyer sees it: no word of who earns from it. */
export interface BuyerOrder {
  _id: string;
  status: OrderStatus;
  items: OrderLine[];
  /** Fen: goods (after the coupon), shipping, and what the buyer pays (goods + shipping). */
  goodsAmount: number;
  shipping: number;
  amount: number;
  address: Address;
  remark: string;
  /** The order number WeChat Pay knows. */
  outTradeNo: string;
  /** The order number a person reads out (18 digits, date first); the id for orders made before it existed. */
  orderNo: string;
  /** A payment that arrived after the order had closed, and its automatic full refund. */
  latePayment?: { totalFee: number; paidAt: Date; refundId: string };
  /** Fen returned so far, over `refundCount` refund requests. */
  refundedAmount: number;
  refundCount: number;
  /** The coupon used and what it took off (`goodsAmount` is already net of it). */
  coupon?: { name: string; discount: number };
  shippingInfo?: ShippingInfo;
  /**
   * Set while the buyer confirms receipt in WeChat's component (wx.openBusinessView weappOrderConfirm with
   * this transaction id) before order.confirm: the shipment is known to WeChat's 发货信息管理.
   */
  confirmInWeChat?: { transactionId: string };
  createdAt: Date;
  /** An unpaid order closes at this time. */
  expiresAt: Date;
  paidAt?: Date;
  shippedAt?: Date;
  completedAt?: Date;
  closedAt?: Date;
}

/** An order as the merchant sees it: the buyer and who earns at what rate, frozen at creation. */
export interface AdminOrder extends BuyerOrder {
  buyerId: string;
  buyerNickname: string;
  referrer: ReferrerSnapshot;
  /** The nicknames of the referrer snapshot's beneficiaries. */
  referrerNames: { level1?: string; level2?: string };
  /** Commission in fen each level would earn if the order is paid and never refunded. */
  commissionPreview: { level1: number; level2: number };
  payment?: { provider: string; transactionId?: string; paidAt?: Date; totalFee?: number };
  /** The shipment's upload to WeChat's 发货信息管理: until it is uploaded, WeChat keeps the money frozen. */
  shippingUpload?: ShippingUpload;
}

export interface RefundView {
  _id: string;
  orderId: string;
  /** Fen asked for. */
  amount: number;
  reason: string;
  status: RefundStatus;
  rejectReason?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What wx.requestPayment takes. */
export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

/** The lines of an order: a product, its SKU when it has specifications, how many. */
const orderLines = () =>
  z
    .array(
      z.strictObject({
        productId: docId(),
        skuId: z.optional(z.string().check(z.regex(/^[\w-]{1,32}$/))),
        quantity: int(1, 999),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_ORDER_LINES));

export const orderApi = {
  shop: define({
    input: noInput(),
    answer: answer<{
      shopName: string;
      banners: { image: string; productId?: string }[];
      /** Fen: the fee, and the goods amount (after coupons) from which shipping is free (0: never). */
      shipping: { feeFen: number; freeOverFen: number };
    }>(),
    access: 'user',
    summary:
      "What the shop shows everyone: its name, the merchant's banners, and the shipping fee rule checkout explains.",
    errors: [],
    example: {},
  }),
  catalog: define({
    input: input({
      category: z.optional(text(30)),
      keyword: z.optional(text(30)),
      cursor: cursor(),
    }),
    answer: answer<Page<ShopProduct>>(),
    access: 'user',
    summary:
      'One page of products on sale, optionally of one category or matching a keyword (part of the name).',
    errors: [],
    example: { category: '茶', keyword: '龙井' },
  }),
  categories: define({
    input: noInput(),
    answer: answer<{ items: { category: string; products: number }[] }>(),
    access: 'user',
    summary: 'The categories of the products on sale, with how many each holds.',
    errors: [],
    example: {},
  }),
  product: define({
    input: input({ productId: docId() }),
    answer: answer<{ product: ShopProduct; share?: ProductShare }>(),
    access: 'user',
    summary:
      'One product on sale; for an active distributor also what they earn when someone they invited buys one, and the invite code their share carries.',
    errors: ['NOT_FOUND'],
    example: { productId: 'P8c1f0a2b3c4d5e6f' },
  }),
  quote: define({
    input: input({
      items: orderLines(),
      /** A coupon the caller holds; null for none; absent for the best they hold. */
      couponId: z.optional(z.nullable(docId())),
    }),
    answer: answer<Quote>(),
    access: 'user',
    summary:
      "What checkout shows: the lines at today's prices (limited-time prices included), the caller's coupons with what each takes off, the one applied (the best unless told), shipping and the total. Nothing is reserved.",
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { items: [{ productId: 'P8c1f0a2b3c4d5e6f', skuId: 's2', quantity: 2 }] },
  }),
  create: define({
    input: input({
      items: orderLines(),
      address,
      remark: z.optional(text(200)),
      /** A coupon the caller holds (from order.quote); none when absent. */
      couponId: z.optional(docId()),
      clientRequestId: clientRequestId(),
    }),
    answer: answer<{ order: BuyerOrder }>(),
    access: 'user',
    summary:
      'Creates an unpaid order with prices and stock from the catalogue (client prices are never read), reserving stock per SKU and using the coupon; the same clientRequestId answers the same order.',
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: {
      items: [{ productId: 'P8c1f0a2b3c4d5e6f', skuId: 's2', quantity: 2 }],
      couponId: 'C1a2b3c4d5e6f7a8b:o1AbC:1',
      address: {
        userName: '张三',
        telNumber: '13800000000',
        provinceName: '浙江省',
        cityName: '杭州市',
        countyName: '西湖区',
        detailInfo: '龙井村 1 号',
      },
      remark: '周末送货',
      clientRequestId: 'r1a2b3c4-d5e6f7g8h9',
    },
  }),
  pay: define({
    input: input({ orderId: docId() }),
    answer: answer<{ payment: PaymentParams; outTradeNo: string }>(),
    access: 'user',
    summary:
      "What wx.requestPayment needs for the caller's unpaid order; the order turns paid only when WeChat Pay's notification arrives.",
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
  list: define({
    input: input({ status: z.optional(z.enum(ORDER_STATUSES)), cursor: cursor() }),
    answer: answer<Page<BuyerOrder>>(),
    access: 'user',
    summary: "One page of the caller's orders, newest first, optionally in one status.",
    errors: [],
    example: { status: 'shipped' },
  }),
  detail: define({
    input: input({ orderId: docId() }),
    answer: answer<{ order: BuyerOrder; refunds: RefundView[] }>(),
    access: 'user',
    summary: "One of the caller's orders with its refund requests (someone else's order is NOT_FOUND).",
    errors: ['NOT_FOUND'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
  cancel: define({
    input: input({ orderId: docId() }),
    answer: answer<{ order: BuyerOrder }>(),
    access: 'user',
    summary: "Cancels the caller's unpaid order and gives its stock back.",
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
  confirm: define({
    input: input({ orderId: docId() }),
    answer: answer<{ order: BuyerOrder }>(),
    access: 'user',
    summary:
      "Confirms receipt of the caller's shipped order: it completes, and the after-sale window starts.",
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
  track: define({
    input: input({ orderId: docId() }),
    answer: answer<TrackingRoute>(),
    access: 'user',
    summary: "The caller's shipped order's parcel route, newest step first.",
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
  'coupons.center': define({
    input: input({ productId: z.optional(docId()) }),
    answer: answer<{ items: CenterCoupon[] }>(),
    access: 'user',
    summary:
      'The coupons the caller can claim now (those that apply to one product, when given), with how many they hold and how many are left.',
    errors: ['NOT_FOUND'],
    example: { productId: 'P8c1f0a2b3c4d5e6f' },
  }),
  'coupons.claim': define({
    input: input({ couponId: docId() }),
    answer: answer<{ coupon: MyCoupon }>(),
    access: 'user',
    summary:
      'Claims one more of a coupon, within its total and per-shopper limits (two claims at once cannot pass the limit).',
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { couponId: 'C1a2b3c4d5e6f7a8b' },
  }),
  'coupons.mine': define({
    input: input({ state: z.optional(z.enum(['usable', 'used', 'expired'])) }),
    answer: answer<{ items: MyCoupon[] }>(),
    access: 'user',
    summary: "The caller's coupons: usable ones first (soonest to expire first), then used and expired.",
    errors: [],
    example: { state: 'usable' },
  }),
  refund: define({
    input: input({
      orderId: docId(),
      /** Fen; the whole refundable amount when absent. */
      amount: z.optional(positiveFen()),
      reason: requiredText(200),
    }),
    answer: answer<{ refund: RefundView }>(),
    access: 'user',
    summary:
      'Asks the merchant for a refund of a paid order (inside the after-sale window once completed); commission waits while it is open.',
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { orderId: 'O3f9a1c2b7d8e4f5a6b7c8d9e', amount: 6800, reason: '包装破损' },
  }),
};

export type CatalogInput = z.output<typeof orderApi.catalog.input>;
export type CreateOrderInput = z.output<typeof orderApi.create.input>;
export type QuoteInput = z.output<typeof orderApi.quote.input>;
export type ListOrdersInput = z.output<typeof orderApi.list.input>;
