// The cart as pure functions over a plain array, stored on the phone; prices are shown, never sent.
import type { Product } from '../services/api';

export interface CartLine {
  productId: string;
  name: string;
  price: number;
  image: string;
  quantity: number;
  stock: number;
  checked: boolean;
  /** Set when the shop no longer sells it (order.product answered NOT_FOUND). */
  offSale?: boolean;
}

export const CART_KEY = 'cart:v1';

export function addToCart(cart: CartLine[], product: Product, quantity = 1): CartLine[] {
  const existing = cart.find((line) => line.productId === product._id);
  if (existing) {
    return cart.map((line) =>
      line === existing
        ? {
            ...line,
            quantity: Math.min(line.quantity + quantity, product.stock),
            stock: product.stock,
            price: product.price,
          }
        : line,
    );
  }
  return cart.concat({
    productId: product._id,
    name: product.name,
    price: product.price,
    image: product.images[0] ?? '',
    quantity: Math.max(1, Math.min(quantity, product.stock)),
    stock: product.stock,
    checked: true,
  });
}

export function setQuantity(cart: CartLine[], productId: string, quantity: number): CartLine[] {
  return cart.map((line) =>
    line.productId === productId
      ? { ...line, quantity: Math.max(1, Math.min(Math.floor(quantity), line.stock || 1)) }
      : line,
  );
}

/** Why a line cannot be bought as it stands, in words; '' when it can. */
export function lineProblem(line: Pick<CartLine, 'stock' | 'quantity' | 'offSale'>): string {
  if (line.offSale) return '已下架';
  if (line.stock <= 0) return '已售罄';
  if (line.quantity > line.stock) return `库存不足，仅剩 ${line.stock} 件`;
  return '';
}

/** Ticks or unticks a line; a line that cannot be bought stays unticked. */
export function toggle(cart: CartLine[], productId: string): CartLine[] {
  return cart.map((line) =>
    line.productId === productId ? { ...line, checked: !line.checked && !lineProblem(line) } : line,
  );
}

/** Ticks every line that can be bought, or unticks all. */
export function toggleAll(cart: CartLine[], checked: boolean): CartLine[] {
  return cart.map((line) => ({ ...line, checked: checked && !lineProblem(line) }));
}

/**
 * The cart against the shop as it is now (`fresh`: order.product's answer per line, null when the shop no
 * longer sells it, absent when it could not be asked): names, prices and stock updated, and a line that cannot
 * be bought any more unticked, so checkout never sends it.
 */
export function refreshCart(cart: CartLine[], fresh: Record<string, Product | null | undefined>): CartLine[] {
  return cart.map((line) => {
    const product = fresh[line.productId];
    if (product === undefined) return line;
    const next: CartLine =
      product === null || product.status !== 'on'
        ? { ...line, offSale: true }
        : {
            ...line,
            name: product.name,
            price: product.price,
            image: product.images[0] ?? line.image,
            stock: product.stock,
            offSale: false,
          };
    return lineProblem(next) ? { ...next, checked: false } : next;
  });
}

export function removeLine(cart: CartLine[], productId: string): CartLine[] {
  return cart.filter((line) => line.productId !== productId);
}

/** The total as the phone estimates it; the order's amount from the server is what is paid. */
export function cartTotal(cart: CartLine[]): { count: number; goodsFen: number } {
  return cart
    .filter((line) => line.checked && !lineProblem(line))
    .reduce(
      (sum, line) => ({
        count: sum.count + line.quantity,
        goodsFen: sum.goodsFen + line.price * line.quantity,
      }),
      {
        count: 0,
        goodsFen: 0,
      },
    );
}

/** What order.create gets: ids and quantities only, since the function reads prices from the database. */
export function orderItems(cart: CartLine[]): { productId: string; quantity: number }[] {
  return cart
    .filter((line) => line.checked && !lineProblem(line))
    .map((line) => ({ productId: line.productId, quantity: line.quantity }));
}

/** After an order is created, the bought lines leave the cart; unchecked ones stay. */
export function removeOrdered(cart: CartLine[]): CartLine[] {
  return cart.filter((line) => !line.checked || !!lineProblem(line));
}

/** Units in the cart, for the 购物车 badge on the product page. */
export const cartCount = (cart: CartLine[]) => cart.reduce((sum, line) => sum + line.quantity, 0);

export function parseCart(stored: unknown): CartLine[] {
  return Array.isArray(stored)
    ? (stored as CartLine[]).filter((line) => line && typeof line.productId === 'string')
    : [];
}
