// Orders: building lines from catalogue prices, amounts, and the status machine
// created → paid → shipped → completed, with cancelled/closed for unpaid orders and refund states.
import { AppError, precondition } from '../errors';
import { stateMachine } from './machine';
import { CommissionLine, ProductCommission, productCommissionOf, ReferrerSnapshot } from './commission';
import { Settings } from './settings';

export type OrderStatus =
  'created' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'closed' | 'refunding' | 'refunded';

export interface Product {
  _id: string;
  name: string;
  price: number;
  stock: number;
  category: string;
  images: string[];
  status: 'on' | 'off';
  description?: string;
  sort?: number;
  commission?: ProductCommission;
}

export interface OrderItem {
  productId: string;
  name: string;
  price: number;
  quantity: number;
  image?: string;
  commission?: ProductCommission;
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
  goodsAmount: number;
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

/** Lines with prices from the catalogue; refuses what cannot be bought. Quantities of one product add up. */
export function buildItems(
  requested: { productId: string; quantity: number }[],
  products: Map<string, Product>,
): OrderItem[] {
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of requested)
    quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  const items: OrderItem[] = [];
  for (const [productId, quantity] of quantities) {
    const product = products.get(productId);
    if (!product) throw new AppError('NOT_FOUND', `商品不存在：${productId}`);
    if (product.status !== 'on') throw precondition(`商品已下架：${product.name}`);
    if (quantity > MAX_QUANTITY)
      throw new AppError('INVALID_ARGUMENT', `单个商品最多购买 ${MAX_QUANTITY} 件`);
    if (product.stock < quantity) throw precondition(`库存不足：${product.name}（剩余 ${product.stock} 件）`);
    items.push({
      productId,
      name: product.name,
      price: product.price,
      quantity,
      ...(product.images[0] ? { image: product.images[0] } : {}),
      ...(productCommissionOf(product.commission)
        ? { commission: productCommissionOf(product.commission)! }
        : {}),
    });
  }
  return items;
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

export function goodsAmountOf(items: OrderItem[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export function shippingFor(settings: Settings, goodsAmount: number): number {
  const { feeFen, freeOverFen } = settings.shipping;
  return freeOverFen > 0 && goodsAmount >= freeOverFen ? 0 : feeFen;
}

/** Commission lines of an order: the base of each line is its goods amount (no discounts yet). */
export function commissionLines(items: OrderItem[]): CommissionLine[] {
  return items.map((item) => ({
    productId: item.productId,
    quantity: item.quantity,
    base: item.price * item.quantity,
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
