// Cart and checkout: the address from wx.chooseAddress, what blocks submitting, and the lines as shown.
import type { Address } from '../../../services/api';
import { CartLine, cartTotal } from '../../../utils/cart';
import { formatFen } from '../../../utils/money';

/** wx.chooseAddress's answer reduced to the contract's address (it also carries nationalCode, errMsg…). */
export function addressFromChoice(choice: Record<string, unknown>): Address {
  const text = (key: string) => (typeof choice[key] === 'string' ? (choice[key] as string).trim() : '');
  const address: Address = {
    userName: text('userName'),
    telNumber: text('telNumber'),
    provinceName: text('provinceName'),
    cityName: text('cityName'),
    countyName: text('countyName'),
    detailInfo: text('detailInfo'),
  };
  if (text('postalCode')) address.postalCode = text('postalCode');
  return address;
}

export function addressText(address: Address | null): string {
  if (!address) return '';
  return `${address.provinceName}${address.cityName}${address.countyName}${address.detailInfo}`;
}

export interface CheckoutView {
  lines: (CartLine & { priceText: string; subtotalText: string })[];
  count: number;
  totalText: string;
  /** Why 提交订单 is disabled, in words; '' when it can be submitted. */
  blocker: string;
}

export function checkoutView(cart: CartLine[], address: Address | null): CheckoutView {
  const { count, goodsFen } = cartTotal(cart);
  let blocker = '';
  if (!count) blocker = '请选择要购买的商品';
  else if (!address) blocker = '请选择收货地址';
  return {
    lines: cart.map((line) => ({
      ...line,
      priceText: formatFen(line.price),
      subtotalText: formatFen(line.price * line.quantity),
    })),
    count,
    totalText: formatFen(goodsFen),
    blocker,
  };
}
