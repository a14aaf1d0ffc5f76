// The SKU picker, pure: which spec values can still be chosen (a value that leads to no SKU in stock is
// off), the SKU the choice names, and its price, stock and picture in words. Prices are the server's (a
// limited-time price already in `price`, the one it cut in `listPrice`).
import type { Product, Sku } from '../services/api';
import { formatFen } from './money';

/** One value per spec dimension, in the dimensions' order; null where nothing is chosen yet. */
export type Selection = (string | null)[];

export interface SpecChip {
  value: string;
  selected: boolean;
  /** No SKU in stock has this value together with the values chosen in the other dimensions. */
  disabled: boolean;
}

export interface SpecRow {
  /** 「容量」 */
  name: string;
  index: number;
  chips: SpecChip[];
}

export interface SkuView {
  rows: SpecRow[];
  /** The SKU every dimension's choice names, when all are chosen (null before). */
  sku: Sku | null;
  /**
   * The chosen SKU's price; with part chosen, the lowest of the SKUs in stock that still fit (「¥58.00 起」 when
   * theirs differ); with nothing chosen, the product's.
   */
  priceText: string;
  /** The price a limited-time price cut (struck through), '' when none. */
  listPriceText: string;
  /** 「库存 12 件」 of the chosen SKU (or of those that still fit), 「已售罄」 when there is none. */
  stockText: string;
  /** The chosen SKU's picture, else the product's first. */
  image: string;
  /** 「已选：2019年 / 357g」 or 「请选择 年份、规格」. */
  chosenText: string;
  /** Every dimension chosen and the SKU in stock: 加入购物车 / 立即购买 may go on. */
  ready: boolean;
}

export const hasSpecs = (product: Pick<Product, 'specs' | 'skus'>) =>
  (product.specs?.length ?? 0) > 0 && (product.skus?.length ?? 0) > 0;

const inStock = (sku: Sku) => sku.stock > 0;

/** Whether `sku` agrees with `selection` in every chosen dimension except `skip`. */
function agrees(sku: Sku, selection: Selection, skip = -1): boolean {
  return selection.every((value, i) => i === skip || value === null || sku.specs[i] === value);
}

/** A selection of the right length: values kept only where they are values of their dimension. */
export function normalise(product: Pick<Product, 'specs'>, selection: Selection = []): Selection {
  return (product.specs ?? []).map((spec, i) => {
    const value = selection[i] ?? null;
    return value !== null && spec.values.includes(value) ? value : null;
  });
}

/**
 * The selection a picker opens with: a dimension with one value is chosen for the shopper, and so is a
 * product with one SKU in stock.
 */
export function initialSelection(product: Pick<Product, 'specs' | 'skus'>): Selection {
  const specs = product.specs ?? [];
  const available = (product.skus ?? []).filter(inStock);
  if (available.length === 1) return [...available[0]!.specs];
  return specs.map((spec) => (spec.values.length === 1 ? spec.values[0]! : null));
}

/**
 * Taps a value: chooses it, or unchooses it when it was chosen. A value that leads to no SKU in stock with the
 * values chosen in the other dimensions is off, and tapping it does nothing.
 */
export function toggleValue(
  product: Pick<Product, 'specs' | 'skus'>,
  selection: Selection,
  dimension: number,
  value: string,
): Selection {
  const current = normalise(product, selection);
  if (dimension < 0 || dimension >= current.length) return current;
  if (current[dimension] === value) return current.map((v, i) => (i === dimension ? null : v));
  const open = (product.skus ?? []).some(
    (sku) => inStock(sku) && sku.specs[dimension] === value && agrees(sku, current, dimension),
  );
  return open ? current.map((v, i) => (i === dimension ? value : v)) : current;
}

/** The SKU a complete selection names (null while a dimension is unchosen). */
export function chosenSku(product: Pick<Product, 'skus'>, selection: Selection): Sku | null {
  if (selection.length === 0 || selection.some((value) => value === null)) return null;
  return (product.skus ?? []).find((sku) => sku.specs.every((value, i) => value === selection[i])) ?? null;
}

/** The product's price on the shelf: the lowest, with 「起」 when its SKUs sell at different prices. */
export function shelfPriceText(product: Pick<Product, 'price' | 'skus'>): string {
  const prices = new Set((product.skus ?? []).map((sku) => sku.price));
  return prices.size > 1 ? `${formatFen(product.price)} 起` : formatFen(product.price);
}

export function skuView(product: Product, selection: Selection): SkuView {
  const specs = product.specs ?? [];
  const chosen = normalise(product, selection);
  const available = (product.skus ?? []).filter(inStock);
  const rows = specs.map((spec, index) => ({
    name: spec.name,
    index,
    chips: spec.values.map((value) => ({
      value,
      selected: chosen[index] === value,
      disabled: !available.some((sku) => sku.specs[index] === value && agrees(sku, chosen, index)),
    })),
  }));
  const sku = chosenSku(product, chosen);
  const missing = specs.filter((_, i) => chosen[i] === null).map((spec) => spec.name);
  // Part chosen: the SKUs in stock that still fit say the price from and the stock.
  const fitting = !sku && missing.length < specs.length ? available.filter((s) => agrees(s, chosen)) : [];
  const lowest = fitting.length ? Math.min(...fitting.map((s) => s.price)) : 0;
  const listPrice = sku ? sku.listPrice : fitting.length ? undefined : product.listPrice;
  const stock = sku ? sku.stock : fitting.length ? fitting.reduce((n, s) => n + s.stock, 0) : product.stock;
  return {
    rows,
    sku,
    priceText: sku
      ? formatFen(sku.price)
      : fitting.length
        ? `${formatFen(lowest)}${new Set(fitting.map((s) => s.price)).size > 1 ? ' 起' : ''}`
        : shelfPriceText(product),
    listPriceText: listPrice ? formatFen(listPrice) : '',
    stockText: stock > 0 ? `库存 ${stock} 件` : '已售罄',
    image: sku?.image || product.images[0] || '',
    chosenText: missing.length ? `请选择 ${missing.join('、')}` : `已选：${chosen.join(' / ')}`,
    ready: !!sku && sku.stock > 0,
  };
}

/** 「250g / 礼盒」: a SKU's values as a cart or order line shows them. */
export const specTextOf = (sku: Pick<Sku, 'specs'>) => sku.specs.join(' / ');
