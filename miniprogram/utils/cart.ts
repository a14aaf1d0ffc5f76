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

export function toggle(cart: CartLine[], productId: string): CartLine[] {
  return cart.map((line) => (line.productId === productId ? { ...line, checked: !line.checked } : line));
}

export function removeLine(cart: CartLine[], productId: string): CartLine[] {
  return cart.filter((line) => line.productId !== productId);
}

/** The total as the phone estimates it; the order's amount from the server is what is paid. */
export function cartTotal(cart: CartLine[]): { count: number; goodsFen: number } {
  return cart
    .filter((line) => line.checked)
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
    .filter((line) => line.checked)
    .map((line) => ({ productId: line.productId, quantity: line.quantity }));
}

/** After an order is created, the bought lines leave the cart; unchecked ones stay. */
export function removeOrdered(cart: CartLine[]): CartLine[] {
  return cart.filter((line) => !line.checked);
}

export function parseCart(stored: unknown): CartLine[] {
  return Array.isArray(stored)
    ? (stored as CartLine[]).filter((line) => line && typeof line.productId === 'string')
    : [];
}
