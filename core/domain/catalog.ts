// The catalogue's specifications (规格) and limited-time prices (限时折扣), pure.
//
// A product has up to 3 spec dimensions (容量: 250g / 500g) and one SKU per combination it sells, each with
// its own price, stock, picture and optional commission rule. A product without specifications sells one
// implicit SKU, `DEFAULT_SKU`, with the product's own price and stock: products made before specifications
// existed need no migration. A limited-time price replaces chosen SKUs' prices between two instants; the
// server decides the price of every order line, never the client.
import { AppError, precondition } from '../errors';
import type { ProductCommission } from './commission';

export const DEFAULT_SKU = 'default';
export const MAX_SPEC_DIMENSIONS = 3;
export const MAX_SPEC_VALUES = 20;
export const MAX_SKUS = 100;

export interface ProductSpec {
  name: string;
  values: string[];
}

export interface Sku {
  skuId: string;
  /** One value per spec dimension, in the dimensions' order. */
  specs: string[];
  /** Fen per unit. */
  price: number;
  stock: number;
  image?: string;
  /** This SKU's own commission rule; absent: the product's. */
  commission?: ProductCommission;
}

/** A price for chosen SKUs (skuId → fen per unit) from `startsAt` (inclusive) to `endsAt` (exclusive). */
export interface LimitedPrice {
  startsAt: Date;
  endsAt: Date;
  prices: Record<string, number>;
}

/** The part of a product this module reads. */
export interface SpecifiedProduct {
  name: string;
  price: number;
  stock: number;
  images: string[];
  commission?: ProductCommission;
  specs?: ProductSpec[];
  skus?: Sku[];
  limited?: LimitedPrice;
}

/** The SKUs a product sells: its own, or the one implicit SKU of a product without specifications. */
export function skusOf(product: SpecifiedProduct): Sku[] {
  if (product.skus && product.skus.length > 0) return product.skus;
  return [
    {
      skuId: DEFAULT_SKU,
      specs: [],
      price: product.price,
      stock: product.stock,
      ...(product.commission ? { commission: product.commission } : {}),
    },
  ];
}

/** Whether `product` has real specifications (its SKUs are stored on it, not implied). */
export const hasSpecs = (product: SpecifiedProduct) => (product.skus?.length ?? 0) > 0;

/** The SKU an order line names; a product without specifications takes no skuId (or the default one). */
export function skuOf(product: SpecifiedProduct, skuId: string | undefined): Sku {
  const skus = skusOf(product);
  if (!hasSpecs(product)) {
    if (skuId !== undefined && skuId !== DEFAULT_SKU)
      throw new AppError('NOT_FOUND', `商品没有这个规格：${product.name}`);
    return skus[0]!;
  }
  if (skuId === undefined) throw new AppError('INVALID_ARGUMENT', `请选择规格：${product.name}`);
  const sku = skus.find((s) => s.skuId === skuId);
  if (!sku) throw new AppError('NOT_FOUND', `商品没有这个规格：${product.name}`);
  return sku;
}

/** 「250g / 礼盒」: what a line shows of its SKU ('' without specifications). */
export const specText = (sku: Pick<Sku, 'specs'>) => sku.specs.join(' / ');

/** Whether the limited-time price is on at `now`. */
export function limitedActive(limited: LimitedPrice | undefined, now: Date): limited is LimitedPrice {
  if (!limited) return false;
  const at = now.getTime();
  return new Date(limited.startsAt).getTime() <= at && at < new Date(limited.endsAt).getTime();
}

/** A SKU's price at `now`: the limited-time price inside its window, else its own; `listPrice` when cut. */
export function priceAt(
  product: SpecifiedProduct,
  sku: Sku,
  now: Date,
): { price: number; listPrice?: number } {
  const limited = limitedActive(product.limited, now) ? product.limited.prices[sku.skuId] : undefined;
  return limited !== undefined && limited < sku.price
    ? { price: limited, listPrice: sku.price }
    : { price: sku.price };
}

/**
 * What the catalogue shows of a product at `now`: the lowest price any SKU sells at (the list price beside
 * it when a limited-time price cut it), whether anything is in stock, and when the limited price ends.
 */
export function shelfPrice(
  product: SpecifiedProduct,
  now: Date,
): { price: number; listPrice?: number; stock: number; limitedEndsAt?: Date } {
  const skus = skusOf(product);
  let best: { price: number; listPrice?: number } | undefined;
  let anyCut = false;
  for (const sku of skus) {
    const at = priceAt(product, sku, now);
    anyCut ||= at.listPrice !== undefined;
    if (!best || at.price < best.price) best = at;
  }
  const stock = skus.reduce((sum, sku) => sum + sku.stock, 0);
  return {
    price: best?.price ?? product.price,
    ...(best?.listPrice !== undefined ? { listPrice: best.listPrice } : {}),
    stock,
    // The countdown shows while any SKU sells at its limited price.
    ...(anyCut ? { limitedEndsAt: new Date(product.limited!.endsAt) } : {}),
  };
}

/**
 * Checks a merchant's specifications and SKUs: at most 3 dimensions with distinct names and values, every
 * SKU naming one value of each dimension, no combination twice, ids unique; limited prices for existing
 * SKUs, below their price, in a window that ends after it starts. Throws the first problem in words.
 */
export function checkSpecifications(product: SpecifiedProduct): void {
  const specs = product.specs ?? [];
  const skus = product.skus ?? [];
  if (specs.length > MAX_SPEC_DIMENSIONS)
    throw new AppError('INVALID_ARGUMENT', `规格最多 ${MAX_SPEC_DIMENSIONS} 种`);
  if (specs.length > 0 && skus.length === 0)
    throw new AppError('INVALID_ARGUMENT', '有规格时至少要有一个 SKU');
  if (specs.length === 0 && skus.length > 0) throw new AppError('INVALID_ARGUMENT', 'SKU 需要先设置规格');
  if (new Set(specs.map((s) => s.name)).size !== specs.length)
    throw new AppError('INVALID_ARGUMENT', '规格名称不能重复');
  for (const spec of specs) {
    if (spec.values.length === 0)
      throw new AppError('INVALID_ARGUMENT', `规格「${spec.name}」至少要有一个值`);
    if (new Set(spec.values).size !== spec.values.length)
      throw new AppError('INVALID_ARGUMENT', `规格「${spec.name}」的值不能重复`);
  }
  const ids = new Set<string>();
  const combos = new Set<string>();
  for (const sku of skus) {
    if (ids.has(sku.skuId)) throw new AppError('INVALID_ARGUMENT', `SKU 编号重复：${sku.skuId}`);
    ids.add(sku.skuId);
    if (sku.skuId === DEFAULT_SKU) throw new AppError('INVALID_ARGUMENT', `SKU 编号不能是 ${DEFAULT_SKU}`);
    if (sku.specs.length !== specs.length)
      throw new AppError('INVALID_ARGUMENT', `SKU ${sku.skuId} 要为每种规格各选一个值`);
    sku.specs.forEach((value, i) => {
      if (!specs[i]!.values.includes(value))
        throw new AppError(
          'INVALID_ARGUMENT',
          `SKU ${sku.skuId} 的「${value}」不是规格「${specs[i]!.name}」的值`,
        );
    });
    const combo = JSON.stringify(sku.specs);
    if (combos.has(combo)) throw new AppError('INVALID_ARGUMENT', `规格组合重复：${specText(sku)}`);
    combos.add(combo);
  }
  const limited = product.limited;
  if (limited) {
    if (new Date(limited.endsAt).getTime() <= new Date(limited.startsAt).getTime())
      throw new AppError('INVALID_ARGUMENT', '限时价的结束时间要晚于开始时间');
    const sold = new Map(skusOf(product).map((sku) => [sku.skuId, sku]));
    const entries = Object.entries(limited.prices);
    if (entries.length === 0) throw new AppError('INVALID_ARGUMENT', '限时价至少要给一个 SKU');
    for (const [skuId, price] of entries) {
      const sku = sold.get(skuId);
      if (!sku) throw new AppError('INVALID_ARGUMENT', `限时价的 SKU 不存在：${skuId}`);
      if (price >= sku.price)
        throw new AppError('INVALID_ARGUMENT', `限时价要低于原价（${specText(sku) || product.name}）`);
    }
  }
}

/** The product's summary fields from its SKUs: the lowest price and the total stock. */
export function summaryOfSkus(skus: Sku[]): { price: number; stock: number } {
  return {
    price: Math.min(...skus.map((sku) => sku.price)),
    stock: skus.reduce((sum, sku) => sum + sku.stock, 0),
  };
}

/** Refuses a quantity beyond what the SKU has in stock, in words. */
export function assertInStock(product: SpecifiedProduct, sku: Sku, quantity: number): void {
  if (sku.stock < quantity) {
    const what = specText(sku) ? `${product.name}（${specText(sku)}）` : product.name;
    throw precondition(`库存不足：${what}（剩余 ${sku.stock} 件）`);
  }
}
