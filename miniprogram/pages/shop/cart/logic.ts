// Cart and checkout: the lines as shown (with why one cannot be bought), the server's prices once it quoted
// them (order.quote: each line's price, the price a limited-time price cut, what was paid after the coupon), the
// coupon applied or chosen, shipping, the total, and what blocks submitting.
import type { Address, Quote, QuoteCoupon } from '../../../services/api';
import { CartLine, cartTotal, lineKey, lineProblem, orderItems } from '../../../utils/cart';
import { discountText } from '../../../utils/coupon';
import { formatDate } from '../../../utils/date';
import { formatFen } from '../../../utils/money';

export { addressFromChoice, addressText } from '../../../utils/address';

/** The shop's shipping rule (order.shop `shipping`): a fee, waived from `freeOverFen` of goods (0: never). */
export interface ShippingRule {
  feeFen: number;
  freeOverFen: number;
}

export interface ShippingLine {
  /** 「¥8.00」, 「免运费」, or 「以下单结果为准」 while the rule is unknown. */
  text: string;
  /** Known fee in fen, or null. */
  feeFen: number | null;
  /** 「再买 ¥12.00 免运费」 when the rule is known and the goods fall short; '' otherwise. */
  hint: string;
}

/** The same rule as the server's (core/domain/order.ts shippingFor): free from freeOverFen, when it is set. */
export function shippingLine(goodsFen: number, rule: ShippingRule | null): ShippingLine {
  if (!rule) return { text: '以下单结果为准', feeFen: null, hint: '' };
  const free = rule.freeOverFen > 0 && goodsFen >= rule.freeOverFen;
  const feeFen = free ? 0 : rule.feeFen;
  const hint =
    !free && rule.feeFen > 0 && rule.freeOverFen > 0
      ? `再买 ${formatFen(rule.freeOverFen - goodsFen)} 免运费`
      : '';
  return { text: feeFen ? formatFen(feeFen) : '免运费', feeFen, hint };
}

/**
 * What the shopper asked of the coupon: the best one the server finds (`best`), none, or one they chose. The
 * quote is asked accordingly: couponId absent, null, or the id.
 */
export type CouponChoice = { kind: 'best' } | { kind: 'none' } | { kind: 'chosen'; userCouponId: string };

export function couponIdFor(choice: CouponChoice): string | null | undefined {
  if (choice.kind === 'none') return null;
  if (choice.kind === 'chosen') return choice.userCouponId;
  return undefined;
}

export interface CheckoutLine extends CartLine {
  /** lineKey: what the line's buttons name. */
  key: string;
  priceText: string;
  /** The unit price a limited-time price cut (struck through), '' when none. */
  listPriceText: string;
  subtotalText: string;
  /** 「券后 ¥99.60」 when the coupon took part of this line off, '' otherwise. */
  paidText: string;
  /** Why the line is unticked and cannot be ticked (已售罄 / 已下架 / 库存不足，仅剩 N 件); '' when it can be bought. */
  problem: string;
}

export interface CouponLine {
  /** 「满100减20 -¥20.00」, 「不使用优惠券」, 「2 张可用」, 「暂无可用优惠券」, '' before a quote. */
  text: string;
  /** Something is taken off: the text is red. */
  applied: boolean;
  /** Coupons the shopper holds that are still valid (usable or not), so the chooser has something to show. */
  held: number;
}

export interface CheckoutView {
  lines: CheckoutLine[];
  count: number;
  /** Goods before the coupon (the server's list amount once quoted). */
  goodsText: string;
  coupon: CouponLine;
  shipping: ShippingLine;
  /** What is paid: the server's amount once quoted; goods plus a known fee otherwise. */
  totalText: string;
  /** Every line that can be bought is ticked (the 全选 box). */
  allChecked: boolean;
  /** Why 提交订单 is disabled, in words; '' when it can be submitted. */
  blocker: string;
  /** The lines shown are priced by the server (not the phone's memory). */
  quoted: boolean;
}

/** Whether `quote` prices exactly the lines the cart would order now (same products, SKUs and quantities). */
export function quoteFits(cart: CartLine[], quote: Quote | null): quote is Quote {
  if (!quote) return false;
  const items = orderItems(cart);
  return (
    items.length === quote.lines.length &&
    items.every((item, i) => {
      const line = quote.lines[i]!;
      return (
        line.productId === item.productId &&
        (line.skuId ?? '') === (item.skuId ?? '') &&
        line.quantity === item.quantity
      );
    })
  );
}

function couponLine(quote: Quote | null, choice: CouponChoice): CouponLine {
  if (!quote) return { text: '', applied: false, held: 0 };
  const held = quote.coupons.length;
  if (quote.coupon)
    return { text: `${quote.coupon.name} ${discountText(quote.coupon.discount)}`, applied: true, held };
  if (choice.kind === 'none' && held) return { text: '不使用优惠券', applied: false, held };
  const usable = quote.coupons.filter((c) => c.discount > 0).length;
  return { text: usable ? `${usable} 张可用` : '暂无可用优惠券', applied: false, held };
}

export function checkoutView(
  cart: CartLine[],
  address: Address | null,
  rule: ShippingRule | null = null,
  quote: Quote | null = null,
  choice: CouponChoice = { kind: 'best' },
): CheckoutView {
  const { count, goodsFen } = cartTotal(cart);
  const priced = count > 0 && quoteFits(cart, quote) ? quote : null;
  const byKey = new Map((priced?.lines ?? []).map((line) => [lineKey(line), line]));
  const buyable = cart.filter((line) => !lineProblem(line));
  let blocker = '';
  if (!count) blocker = cart.length && !buyable.length ? '购物车里的商品暂时买不了' : '请选择要购买的商品';
  else if (!address) blocker = '请选择收货地址';
  const shipping: ShippingLine = priced
    ? {
        text: priced.shipping ? formatFen(priced.shipping) : '免运费',
        feeFen: priced.shipping,
        hint: priced.shipping ? shippingLine(priced.goodsAmount, rule).hint : '',
      }
    : shippingLine(goodsFen, rule);
  return {
    lines: cart.map((line) => {
      const problem = lineProblem(line);
      const server = problem || !line.checked ? undefined : byKey.get(lineKey(line));
      const price = server?.price ?? line.price;
      const subtotal = price * line.quantity;
      return {
        ...line,
        key: lineKey(line),
        priceText: formatFen(price),
        listPriceText: server?.listPrice ? formatFen(server.listPrice) : '',
        subtotalText: formatFen(subtotal),
        paidText: server && server.paid < subtotal ? `券后 ${formatFen(server.paid)}` : '',
        problem,
      };
    }),
    count,
    goodsText: formatFen(priced ? priced.listAmount : goodsFen),
    coupon: couponLine(priced, choice),
    shipping,
    totalText: formatFen(priced ? priced.amount : goodsFen + (count ? (shipping.feeFen ?? 0) : 0)),
    allChecked: buyable.length > 0 && buyable.every((line) => line.checked),
    blocker,
    quoted: !!priced,
  };
}

export interface CouponOption {
  /** '' for 不使用优惠券. */
  id: string;
  name: string;
  /** 「满100减20 · 有效期至 2026-12-01」 */
  detail: string;
  /** 「-¥20.00」, or why it cannot be used on these goods. */
  effect: string;
  usable: boolean;
  selected: boolean;
}

/** The coupon chooser: the caller's valid coupons, what each takes off these goods or why not, then 不使用. */
export function couponOptions(quote: Quote | null): CouponOption[] {
  if (!quote) return [];
  const chosen = quote.coupon?.userCouponId ?? '';
  const rows = quote.coupons.map((coupon: QuoteCoupon) => ({
    id: coupon.userCouponId,
    name: coupon.name,
    detail: `${coupon.ruleText} · 有效期至 ${formatDate(coupon.validUntil)}`,
    effect: coupon.discount > 0 ? discountText(coupon.discount) : (coupon.reason ?? '暂不可用'),
    usable: coupon.discount > 0,
    selected: coupon.userCouponId === chosen,
  }));
  return rows.concat({
    id: '',
    name: '不使用优惠券',
    detail: '',
    effect: '',
    usable: true,
    selected: !chosen,
  });
}
