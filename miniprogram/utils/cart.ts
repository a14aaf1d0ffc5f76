// The cart as pure functions over a plain array, stored on the phone; prices are shown, never sent. A line is
// one product, or one SKU of a product with specifications (`skuId`, its values in `specText`); lines are told
// apart by `lineKey`.
import type { Product, Sku } from '../services/api';
import { specTextOf } from './sku';

export interface CartLine {
  productId: string;
  /** The SKU of a product with specifications; absent for a product without. */
  skuId?: string;
  /** 「250g / 礼盒」, the SKU's values in words. */
  specText?: string;
  name: string;
  price: number;
  image: string;
  quantity: number;
  stock: number;
  checked: boolean;
  /** Set when the shop no longer sells it (order.product answered NOT_FOUND). */
  offSale?: boolean;
  /** The product sells this SKU no more, or has specifications now and the line names none. */
  specGone?: boolean;
}

export const CART_KEY = 'cart:v1';

/**
 * What tells lines apart: the product, and the SKU when there is one (a product without SKUs: its id). Made of
 * characters an element id may hold (no ':'), so a line's id can carry it.
 */
export const lineKey = (line: Pick<CartLine, 'productId' | 'skuId'>) =>
  line.skuId ? `${line.productId}__${line.skuId}` : line.productId;

/**
 * Adds `quantity` of a product (of `sku`, for a product with specifications) to the cart, up to its stock;
 * the same line again adds to its quantity. Price, stock and picture are the SKU's when there is one.
 */
export function addToCart(cart: CartLine[], product: Product, quantity = 1, sku?: Sku | null): CartLine[] {
  const key = lineKey({ productId: product._id, skuId: sku?.skuId });
  const stock = sku ? sku.stock : product.stock;
  const price = sku ? sku.price : product.price;
  const existing = cart.find((line) => lineKey(line) === key);
  if (existing) {
    return cart.map((line) =>
      line === existing
        ? { ...line, quantity: Math.min(line.quantity + quantity, stock), stock, price }
        : line,
    );
  }
  return cart.concat({
    productId: product._id,
    ...(sku ? { skuId: sku.skuId, specText: specTextOf(sku) } : {}),
    name: product.name,
    price,
    image: sku?.image || product.images[0] || '',
    quantity: Math.max(1, Math.min(quantity, stock)),
    stock,
    checked: true,
  });
}

export function setQuantity(cart: CartLine[], key: string, quantity: number): CartLine[] {
  return cart.map((line) =>
    lineKey(line) === key
      ? { ...line, quantity: Math.max(1, Math.min(Math.floor(quantity), line.stock || 1)) }
      : line,
  );
}

/** Why a line cannot be bought as it stands, in words; '' when it can. */
export function lineProblem(line: Pick<CartLine, 'stock' | 'quantity' | 'offSale' | 'specGone'>): string {
  if (line.offSale) return '已下架';
  if (line.specGone) return '该规格已下架，请重新选择';
  if (line.stock <= 0) return '已售罄';
  if (line.quantity > line.stock) return `库存不足，仅剩 ${line.stock} 件`;
  return '';
}

/** Ticks or unticks a line; a line that cannot be bought stays unticked. */
export function toggle(cart: CartLine[], key: string): CartLine[] {
  return cart.map((line) =>
    lineKey(line) === key ? { ...line, checked: !line.checked && !lineProblem(line) } : line,
  );
}

/** Ticks every line that can be bought, or unticks all. */
export function toggleAll(cart: CartLine[], checked: boolean): CartLine[] {
  return cart.map((line) => ({ ...line, checked: checked && !lineProblem(line) }));
}

/** A line against its product as the shop sells it now: the SKU's price and stock, or why it is gone. */
function refreshLine(line: CartLine, product: Product | null): CartLine {
  if (product === null || product.status !== 'on') return { ...line, offSale: true };
  const skus = product.skus ?? [];
  const base = { ...line, name: product.name, offSale: false };
  if (skus.length > 0 || line.skuId) {
    const sku = skus.find((s) => s.skuId === line.skuId);
    if (!sku) return { ...base, specGone: true };
    return {
      ...base,
      specGone: false,
      specText: specTextOf(sku),
      price: sku.price,
      stock: sku.stock,
      image: sku.image || product.images[0] || line.image,
    };
  }
  return { ...base, price: product.price, stock: product.stock, image: product.images[0] ?? line.image };
}

/**
 * The cart against the shop as it is now (`fresh`: order.product's answer per product, null when the shop no
 * longer sells it, absent when it could not be asked): names, prices and stock updated (each SKU's own), and a
 * line that cannot be bought any more unticked, so checkout never sends it.
 */
export function refreshCart(cart: CartLine[], fresh: Record<string, Product | null | undefined>): CartLine[] {
  return cart.map((line) => {
    const product = fresh[line.productId];
    if (product === undefined) return line;
    const next = refreshLine(line, product);
    return lineProblem(next) ? { ...next, checked: false } : next;
  });
}

export function removeLine(cart: CartLine[], key: string): CartLine[] {
  return cart.filter((line) => lineKey(line) !== key);
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

/** What order.quote and order.create get: ids (the SKU's too) and quantities, never a price. */
export function orderItems(cart: CartLine[]): { productId: string; skuId?: string; quantity: number }[] {
  return cart
    .filter((line) => line.checked && !lineProblem(line))
    .map((line) => ({
      productId: line.productId,
      ...(line.skuId ? { skuId: line.skuId } : {}),
      quantity: line.quantity,
    }));
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
