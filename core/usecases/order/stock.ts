// Stock per SKU. A reservation is one conditional update of the product document (atomic on it): the
// SKU's own stock and the product's total move together, only while enough is left. SKUs live in an
// array, so the update names the SKU's position and checks that the position still holds that SKU.
import { DEFAULT_SKU } from '../../domain/catalog';
import type { OrderItem, Product } from '../../domain/order';
import { precondition } from '../../errors';
import { command, getById, Transaction, txGet, txUpdate, updateWhere } from '../../data/db';

type StockLine = Pick<OrderItem, 'productId' | 'skuId' | 'quantity' | 'name' | 'specText'>;

/** The conditions and moves of one SKU's stock change, or null when the SKU is gone from the product. */
function skuPaths(product: Product, line: StockLine, delta: number) {
  const _ = command();
  if (!line.skuId || line.skuId === DEFAULT_SKU)
    return { where: {}, index: undefined, data: { stock: _.inc(delta) } };
  const index = (product.skus ?? []).findIndex((sku) => sku.skuId === line.skuId);
  if (index < 0) return null;
  return {
    where: { [`skus.${index}.skuId`]: line.skuId },
    index,
    data: { [`skus.${index}.stock`]: _.inc(delta), stock: _.inc(delta) },
  };
}

/** Takes `line.quantity` of its SKU while the product is on sale and has enough; refuses in words. */
async function reserveLine(line: StockLine, now: Date): Promise<void> {
  const _ = command();
  for (let attempt = 0; attempt < 2; attempt++) {
    const product = await getById<Product>('products', line.productId);
    const paths = product && skuPaths(product, line, -line.quantity);
    if (!paths) break;
    const stockPath = paths.index === undefined ? 'stock' : `skus.${paths.index}.stock`;
    const updated = await updateWhere(
      'products',
      { _id: line.productId, status: 'on', ...paths.where, [stockPath]: _.gte(line.quantity) },
      { ...paths.data, updatedAt: now },
    );
    if (updated === 1) return;
    // Refused: too little left, unless the merchant moved the SKU meanwhile (then read and try once more).
    const fresh = await getById<Product>('products', line.productId);
    const moved = fresh && skuPaths(fresh, line, 0);
    if (!moved || moved.index === paths.index) break;
  }
  throw precondition(`库存不足：${line.name}${line.specText ? `（${line.specText}）` : ''}`);
}

/** Reserves every line or none: a refusal gives back what was already taken, then throws. */
export async function reserveStock(lines: StockLine[], now: Date): Promise<void> {
  const reserved: StockLine[] = [];
  try {
    for (const line of lines) {
      await reserveLine(line, now);
      reserved.push(line);
    }
  } catch (error) {
    await releaseStock(reserved, now);
    throw error;
  }
}

/** Gives reserved stock back (an order failed to be written). A SKU the merchant removed is skipped. */
export async function releaseStock(lines: StockLine[], now: Date): Promise<void> {
  for (const line of lines) {
    const product = await getById<Product>('products', line.productId);
    const paths = product && skuPaths(product, line, line.quantity);
    if (paths)
      await updateWhere(
        'products',
        { _id: line.productId, ...paths.where },
        { ...paths.data, updatedAt: now },
      );
  }
}

/** Gives an order's stock back inside a transaction (cancelled or closed unpaid). */
export async function txReleaseStock(tx: Transaction, lines: StockLine[], now: Date): Promise<void> {
  for (const line of lines) {
    const product = await txGet<Product>(tx, 'products', line.productId);
    const paths = product && skuPaths(product, line, line.quantity);
    if (paths) await txUpdate(tx, 'products', line.productId, { ...paths.data, updatedAt: now });
  }
}
