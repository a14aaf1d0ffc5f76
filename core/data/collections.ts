// Every collection the project uses and its indexes, declared once: the data layer, the local cloud,
// the deploy script and the docs all read this table.

export interface IndexDeclaration {
  name: string;
  /** Field paths (dot notation) to sort direction. */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  /** A sparse index skips documents where any indexed field is missing or null. */
  sparse?: boolean;
}

export interface CollectionDeclaration {
  /** What a mini-program client may read directly (clients never write; see database-rules/). */
  clientRead: 'none' | 'own' | 'public';
  /** For 'own': the field holding the owner's openid, which the security rule compares with auth.openid. */
  owner?: string;
  /** For 'public': field values a document must have to be readable (e.g. only products on sale). */
  publicWhen?: Record<string, string>;
  purpose: string;
  indexes: IndexDeclaration[];
}

export const COLLECTIONS = {
  settings: { clientRead: 'none', purpose: 'the one settings document (_id "global")', indexes: [] },
  users: {
    clientRead: 'own',
    owner: '_id',
    purpose: 'shoppers and distributors; _id is the openid',
    indexes: [
      { name: 'distributor_code', keys: { 'distributor.code': 1 }, unique: true, sparse: true },
      { name: 'inviter', keys: { inviterId: 1, boundAt: -1 } },
      { name: 'distributor_status', keys: { 'distributor.status': 1, 'distributor.joinedAt': -1 } },
      // distributors.list pages by status, newest application first.
      { name: 'distributor_applied', keys: { 'distributor.status': 1, 'distributor.appliedAt': -1 } },
      // Analytics: the funnel and recruits by binding time, new users, the distributors export.
      { name: 'bound_at', keys: { boundAt: -1 } },
      { name: 'created_at', keys: { createdAt: -1 } },
      { name: 'distributor_joined', keys: { 'distributor.joinedAt': 1, _id: 1 } },
    ],
  },
  invites: { clientRead: 'none', purpose: 'invite code (_id) to distributor', indexes: [] },
  products: {
    clientRead: 'public',
    publicWhen: { status: 'on' },
    purpose: 'the catalogue; prices in fen',
    indexes: [{ name: 'status_category', keys: { status: 1, category: 1, sort: -1 } }],
  },
  orders: {
    // Not even the buyer reads an order directly: it holds who earns from it and at what rate, which the
    // buyer's view (order.detail) leaves out.
    clientRead: 'none',
    purpose: 'orders with the referrer snapshot frozen at creation',
    indexes: [
      { name: 'out_trade_no', keys: { outTradeNo: 1 }, unique: true, sparse: true },
      // The merchant finds an order by the number the buyer reads out.
      { name: 'order_no', keys: { orderNo: 1 }, sparse: true },
      { name: 'client_request', keys: { buyerId: 1, clientRequestId: 1 }, unique: true, sparse: true },
      { name: 'buyer', keys: { buyerId: 1, createdAt: -1 } },
      { name: 'status_time', keys: { status: 1, createdAt: -1 } },
      // Analytics: sales by payment time; the orders export pages by (createdAt, _id).
      { name: 'paid_at', keys: { paidAt: -1 } },
      { name: 'created_at', keys: { createdAt: 1, _id: 1 } },
    ],
  },
  commissions: {
    clientRead: 'none',
    purpose: 'the commission ledger: one entry per (order, level), _id "<orderId>:L<level>"',
    indexes: [
      { name: 'beneficiary_status', keys: { beneficiaryId: 1, status: 1, maturesAt: 1 } },
      { name: 'settle_batch', keys: { settleBatch: 1 } },
      { name: 'order', keys: { orderId: 1 } },
      // Analytics: entries by creation time (and one distributor's), the commissions export.
      { name: 'created_at', keys: { createdAt: 1, _id: 1 } },
      { name: 'beneficiary_time', keys: { beneficiaryId: 1, createdAt: -1 } },
    ],
  },
  accounts: { clientRead: 'none', purpose: 'per-distributor balances; _id is the user id', indexes: [] },
  ledger: {
    clientRead: 'none',
    purpose:
      'the ledger of corrections: one signed row per money movement (earned, reversed, settled, withdrawn…), never edited',
    indexes: [
      // A distributor's rows, newest first; reconcile sums them per user.
      { name: 'user_time', keys: { userId: 1, at: -1 } },
      // Analytics: movements by the date they happened.
      { name: 'time', keys: { at: 1, _id: 1 } },
      // A distributor's team: what each buyer's orders earned them, per level.
      { name: 'user_buyer', keys: { userId: 1, buyerId: 1, level: 1 } },
      { name: 'entry', keys: { entryId: 1 } },
    ],
  },
  withdrawals: {
    clientRead: 'none',
    purpose: 'withdrawal requests and their payout state',
    indexes: [
      { name: 'client_request', keys: { userId: 1, clientRequestId: 1 }, unique: true, sparse: true },
      { name: 'user', keys: { userId: 1, createdAt: -1 } },
      { name: 'status', keys: { status: 1, createdAt: -1 } },
      { name: 'created_at', keys: { createdAt: 1, _id: 1 } },
    ],
  },
  refunds: {
    clientRead: 'none',
    purpose: 'after-sale refund requests and their provider state',
    indexes: [
      { name: 'order', keys: { orderId: 1 } },
      { name: 'status', keys: { status: 1, createdAt: -1 } },
      // The settle timer's retry of late-payment refunds WeChat Pay has not accepted yet.
      { name: 'origin_status', keys: { origin: 1, status: 1 } },
    ],
  },
  secrets: {
    clientRead: 'none',
    purpose:
      'merchant keys (document "wechatpay": mchid, APIv3 key, private key, WeChat Pay public key; document "kuaidi100": customer, key); functions only',
    indexes: [],
  },
  subscriptions: {
    clientRead: 'none',
    purpose: "a user's one-time 订阅消息 grants not used yet, per template; _id is the openid",
    indexes: [],
  },
  notices: {
    clientRead: 'none',
    purpose: 'every subscribe message an event would send, and what became of it; _id "<event>:<subject>"',
    indexes: [{ name: 'user_time', keys: { userId: 1, at: -1 } }],
  },
  statsDays: {
    clientRead: 'none',
    purpose:
      "each Beijing day's analytics rolled up (_id the date): sales, refunds, commission by level, per distributor",
    indexes: [],
  },
  behaviourDays: {
    clientRead: 'none',
    purpose:
      'user behaviour counters per Beijing day: the shop\'s (_id "<day>"), each product\'s ("<day>:p:<id>"), each distributor\'s ("<day>:d:<openid>")',
    indexes: [
      { name: 'kind_day', keys: { kind: 1, day: 1 } },
      { name: 'distributor_day', keys: { userId: 1, day: 1 } },
    ],
  },
  visits: {
    clientRead: 'none',
    purpose:
      'one record per visitor and day (and per distributor who brought them), so a visitor counts once',
    indexes: [{ name: 'day', keys: { day: 1 } }],
  },
  behaviourLog: {
    clientRead: 'none',
    purpose: 'recent event batches as reported (openid, page, product), deleted after 7 days',
    indexes: [{ name: 'at', keys: { at: 1 } }],
  },
  rateLimits: {
    clientRead: 'none',
    purpose: 'each user\'s events per minute (_id "<openid>:<minute>"), deleted once the minute is over',
    indexes: [{ name: 'expires', keys: { expiresAt: 1 } }],
  },
  coupons: {
    clientRead: 'none',
    purpose: "the merchant's coupon templates (满减, 折扣), their limits and how many were claimed and used",
    indexes: [{ name: 'status_created', keys: { status: 1, createdAt: -1 } }],
  },
  userCoupons: {
    clientRead: 'none',
    purpose: 'coupons shoppers claimed; _id "<couponId>:<openid>:<n>", so a claim twice at once collides',
    indexes: [
      { name: 'user_status', keys: { userId: 1, status: 1, validUntil: 1 } },
      // The coupon's cost by day (analytics) and the orders that used one.
      { name: 'used_at', keys: { status: 1, usedAt: 1 } },
    ],
  },
  exports: {
    clientRead: 'none',
    purpose: 'export files (personal data) in cloud storage and when the timer deletes them',
    indexes: [{ name: 'expires', keys: { expiresAt: 1 } }],
  },
  events: {
    clientRead: 'none',
    purpose: 'audit log: binds, rebinds, reviews, freezes, settings changes, settlements',
    indexes: [{ name: 'subject', keys: { subjectId: 1, at: -1 } }],
  },
} satisfies Record<string, CollectionDeclaration>;

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];
