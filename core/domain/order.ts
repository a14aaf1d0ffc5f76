// Orders: building lines from catalogue prices, amounts, and the status machine
// created → paid → shipped → completed, with cancelled/closed for unpaid orders and refund states.
import { AppError, precondition } from '../errors';
import { stateMachine } from './machine';
import { assertInStock, LimitedPrice, priceAt, ProductSpec, Sku, skuOf, specText } from './catalog';
import { CommissionLine, ProductCommission, productCommissionOf, ReferrerSnapshot } from './commission';
import { applyCoupon, UserCoupon } from './coupon';
import { Settings } from './settings';

export type OrderStatus =
  'created' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'closed' | 'refunding' | 'refunded';

export interface Product {
  _id: string;
  name: string;
  /** Fen: with specifications, the lowest SKU price (kept by the merchant's edit). */
  price: number;
  /** With specifications, the SKUs' total (each reservation moves both). */
  stock: number;
  category: string;
  images: string[];
  /** A cloud-storage video shown before the pictures. */
  video?: string;
  status: 'on' | 'off';
  description?: string;
  sort?: number;
  commission?: ProductCommission;
  specs?: ProductSpec[];
  skus?: Sku[];
  limited?: LimitedPrice;
}

export interface OrderItem {
  productId: string;
  /** The SKU bought; absent for products without specifications. */
  skuId?: string;
  /** 「250g / 礼盒」 */
  specText?: string;
  name: string;
  category?: string;
  /** Fen per unit charged before any coupon (the limited-time price when one applied). */
  price: number;
  /** The unit price a limited-time price cut. */
  listPrice?: number;
  quantity: number;
  image?: string;
  commission?: ProductCommission;
  /**
   * Fen the shopper paid for this line after every discount: price × quantity less its share of the
   * coupon (domain/coupon.ts). The commission base. Orders before 0.3.0: price × quantity.
   */
  paid?: number;
}

/** What an order line was paid (older orders: its amount). */
export const linePaid = (item: Pick<OrderItem, 'price' | 'quantity' | 'paid'>) =>
  item.paid ?? item.price * item.quantity;

/** The coupon an order used and what it took off. */
export interface OrderCoupon {
  userCouponId: string;
  couponId: string;
  name: string;
  /** Fen off the goods. */
  discount: number;
}

export interface Address {
  userName: string;
  telNumber: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  postalCode?: string;
}

/** What an order records of its upload to WeChat's 发货信息管理. */
export interface ShippingUpload {
  state: 'uploaded' | 'retrying' | 'skipped';
  attempts: number;
  lastError?: { errCode: number; message: string };
  /** When the timer tries again (retrying only). */
  nextAt?: Date;
  uploadedAt?: Date;
}

export interface Order {
  _id: string;
  buyerId: string;
  status: OrderStatus;
  items: OrderItem[];
  /** Fen paid for the goods: the lines' `paid`, after the coupon. */
  goodsAmount: number;
  /** The coupon used, if any (goodsAmount is already net of it). */
  coupon?: OrderCoupon;
  shipping: number;
  /** What the buyer pays: goods + shipping. */
  amount: number;
  referrer: ReferrerSnapshot;
  /** Whether paying this order can make the buyer a distributor (threshold join mode at creation). */
  spendCanActivate: boolean;
  /** The commission preview at creation; the ledger is written from the same snapshot at payment. */
  commissionPreview: { level1: number; level2: number };
  address: Address;
  remark: string;
  clientRequestId?: string;
  /** Equal to _id: the order number WeChat Pay knows. */
  outTradeNo: string;
  /** The order number people read: 18 digits, the Beijing date first (orders before 0.3.0 have none). */
  orderNo?: string;
  refundedAmount: number;
  refundCount: number;
  /** The status to return to when an open refund request is rejected or only partly refunds. */
  statusBeforeRefund?: OrderStatus;
  payment?: { provider: string; transactionId?: string; paidAt?: Date; totalFee?: number };
  /** `expressCompany`: the code of WeChat's express-company list (shipments before 0.3.0 have none). */
  shippingInfo?: { expressCompany?: string; carrier: string; trackingNo: string; shippedAt: Date };
  /** The shipment was corrected once (WeChat's 发货信息管理 takes one re-upload). */
  reshipped?: boolean;
  /** The upload of the shipment to WeChat's 发货信息管理. */
  shippingUpload?: ShippingUpload;
  /** The parcel's route as last fetched for `trackingNo`, newest step first. */
  route?: { trackingNo?: string; events: { at: Date; text: string }[]; at: Date };
  /** A payment WeChat Pay took after the shop had closed the order; it is refunded in full (refundId). */
  latePayment?: { transactionId: string; totalFee: number; paidAt: Date; refundId: string };
  /** When the settle timer asked WeChat Pay whether this closed order was paid after all. */
  closeCheckedAt?: Date;
  /** Closing the payment at WeChat Pay failed when the order closed here; the settle timer closes it there. */
  providerCloseFailed?: boolean;
  createdAt: Date;
  expiresAt: Date;
  paidAt?: Date;
  shippedAt?: Date;
  completedAt?: Date;
  closedAt?: Date;
  updatedAt: Date;
}

export const MAX_ORDER_LINES = 20;
export const MAX_QUANTITY = 999;

/** One line of an order as asked for: a product, its SKU when it has specifications, how many. */
export interface RequestedLine {
  productId: string;
  skuId?: string;
  quantity: number;
}

/**
 * Lines with prices from the catalogue at `now` (a limited-time price inside its window); refuses what cannot
 * be bought. Quantities of one SKU add up. Each line's `paid` is its amount until a coupon is applied.
 */
export function buildItems(
  requested: RequestedLine[],
  products: Map<string, Product>,
  now: Date,
): OrderItem[] {
  const quantities = new Map<string, RequestedLine>();
  for (const line of requested) {
    const key = `${line.productId}\u0000${line.skuId ?? ''}`;
    const seen = quantities.get(key);
    quantities.set(key, { ...line, quantity: (seen?.quantity ?? 0) + line.quantity });
  }
  const items: OrderItem[] = [];
  for (const { productId, skuId, quantity } of quantities.values()) {
    const product = products.get(productId);
    if (!product) throw new AppError('NOT_FOUND', `商品不存在：${productId}`);
    if (product.status !== 'on') throw precondition(`商品已下架：${product.name}`);
    if (quantity > MAX_QUANTITY)
      throw new AppError('INVALID_ARGUMENT', `单个商品最多购买 ${MAX_QUANTITY} 件`);
    const sku = skuOf(product, skuId);
    assertInStock(product, sku, quantity);
    const { price, listPrice } = priceAt(product, sku, now);
    const commission = productCommissionOf(sku.commission ?? product.commission);
    const image = sku.image ?? product.images[0];
    items.push({
      productId,
      ...(product.skus?.length ? { skuId: sku.skuId, specText: specText(sku) } : {}),
      name: product.name,
      category: product.category,
      price,
      ...(listPrice !== undefined ? { listPrice } : {}),
      quantity,
      ...(image ? { image } : {}),
      ...(commission ? { commission } : {}),
      paid: price * quantity,
    });
  }
  return items;
}

/** The lines after a coupon: each pays its share less (domain/coupon.ts), and what the coupon took off. */
export function withCoupon(
  items: OrderItem[],
  coupon: Pick<UserCoupon, 'rule' | 'scope'>,
): { items: OrderItem[]; discount: number } {
  const lines = items.map((item) => ({
    productId: item.productId,
    category: item.category ?? '',
    amount: item.price * item.quantity,
  }));
  const { discount, shares } = applyCoupon(coupon, lines);
  return {
    items: items.map((item, i) => ({ ...item, paid: item.price * item.quantity - shares[i]! })),
    discount,
  };
}

/** What a list line says was bought: 「明前龙井 ×2」, or 「明前龙井 ×2 等 3 件」. */
export function itemsSummary(items: Pick<OrderItem, 'name' | 'quantity'>[]): string {
  const [first] = items;
  if (!first) return '';
  const count = items.reduce((sum, item) => sum + item.quantity, 0);
  return items.length === 1
    ? `${first.name} ×${first.quantity}`
    : `${first.name} ×${first.quantity} 等 ${count} 件`;
}

/** Fen the goods cost before any coupon. */
export function listAmountOf(items: OrderItem[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

/** Fen paid for the goods: the lines' `paid`. */
export function goodsAmountOf(items: OrderItem[]): number {
  return items.reduce((sum, item) => sum + linePaid(item), 0);
}

export function shippingFor(settings: Settings, goodsAmount: number): number {
  const { feeFen, freeOverFen } = settings.shipping;
  return freeOverFen > 0 && goodsAmount >= freeOverFen ? 0 : feeFen;
}

/** Commission lines of an order: the base of each line is what was paid for it, after every discount. */
export function commissionLines(items: OrderItem[]): CommissionLine[] {
  return items.map((item) => ({
    productId: item.productId,
    quantity: item.quantity,
    base: linePaid(item),
    ...(item.commission ? { commission: item.commission } : {}),
  }));
}

/**
 * created → paid → shipped → completed; an unpaid order is cancelled (by its buyer) or closed (expired).
 * Shipping or completing waits while a refund is open; when it ends without a full refund the order goes
 * back to where it was (statusAfterRefund), never anywhere else.
 */
export const orderMachine = stateMachine<OrderStatus>(
  '订单',
  {
    created: ['paid', 'cancelled', 'closed'],
    paid: ['shipped', 'refunding', 'refunded'],
    shipped: ['completed', 'refunding', 'refunded'],
    completed: ['refunding', 'refunded'],
    refunding: ['refunded'],
    cancelled: [],
    closed: [],
    refunded: [],
  },
  {
    created: '待付款',
    paid: '待发货',
    shipped: '待收货',
    completed: '已完成',
    cancelled: '已取消',
    closed: '已关闭',
    refunding: '退款中',
    refunded: '已退款',
  },
);

export const canMove = orderMachine.canMove;

export function assertMove(order: Pick<Order, 'status'>, to: OrderStatus): void {
  orderMachine.assertMove(order.status, to);
}

/** Where a refunding order goes when its refund ends without refunding it in full: back where it was. */
export function statusAfterRefund(order: Pick<Order, 'status' | 'statusBeforeRefund'>): OrderStatus {
  if (order.status !== 'refunding')
    throw precondition(`订单${orderMachine.words[order.status]}，没有进行中的退款`);
  return order.statusBeforeRefund ?? 'paid';
}

/** The goods part of a refund: shipping is refunded last, so a refund first comes out of the goods. */
export function refundedGoods(order: Pick<Order, 'goodsAmount'>, totalRefunded: number): number {
  return Math.min(order.goodsAmount, totalRefunded);
}

/** When the after-sale window of a completed order closes (its commission may settle then). */
export function maturesAt(completedAt: Date, settings: Settings): Date {
  return new Date(completedAt.getTime() + settings.afterSaleDays * 86_400_000);
}

/** A refund may be asked for while the order is paid or shipped, or completed and inside the window. */
export function refundable(order: Order, settings: Settings, now: Date): number {
  if (!['paid', 'shipped', 'completed'].includes(order.status)) return 0;
  if (order.status === 'completed' && order.completedAt && maturesAt(order.completedAt, settings) <= now)
    return 0;
  return order.amount - order.refundedAmount;
}
