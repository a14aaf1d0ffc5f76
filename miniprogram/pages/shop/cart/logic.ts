// Cart and checkout: the lines as shown (with why one cannot be bought), the shipping line, and what blocks
// submitting.
import type { Address } from '../../../services/api';
import { CartLine, cartTotal, lineProblem } from '../../../utils/cart';
import { formatFen } from '../../../utils/money';

export { addressFromChoice, addressText } from '../../../utils/address';

/** The shop's shipping rule (settings.shipping): a fee, waived from `freeOverFen` of goods (0: never). */
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

export interface CheckoutLine extends CartLine {
  priceText: string;
  subtotalText: string;
  /** Why the line is unticked and cannot be ticked (已售罄 / 已下架 / 库存不足，仅剩 N 件); '' when it can be bought. */
  problem: string;
}

export interface CheckoutView {
  lines: CheckoutLine[];
  count: number;
  goodsText: string;
  shipping: ShippingLine;
  /** Goods plus a known fee; the goods alone while the fee is unknown. */
  totalText: string;
  /** Every line that can be bought is ticked (the 全选 box). */
  allChecked: boolean;
  /** Why 提交订单 is disabled, in words; '' when it can be submitted. */
  blocker: string;
}

export function checkoutView(
  cart: CartLine[],
  address: Address | null,
  rule: ShippingRule | null = null,
): CheckoutView {
  const { count, goodsFen } = cartTotal(cart);
  const shipping = shippingLine(goodsFen, rule);
  const buyable = cart.filter((line) => !lineProblem(line));
  let blocker = '';
  if (!count) blocker = cart.length && !buyable.length ? '购物车里的商品暂时买不了' : '请选择要购买的商品';
  else if (!address) blocker = '请选择收货地址';
  return {
    lines: cart.map((line) => ({
      ...line,
      priceText: formatFen(line.price),
      subtotalText: formatFen(line.price * line.quantity),
      problem: lineProblem(line),
    })),
    count,
    goodsText: formatFen(goodsFen),
    shipping,
    totalText: formatFen(goodsFen + (count ? (shipping.feeFen ?? 0) : 0)),
    allChecked: buyable.length > 0 && buyable.every((line) => line.checked),
    blocker,
  };
}
