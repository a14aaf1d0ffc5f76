// Keyset paging (core/data/paging.ts) through real list actions: every row once, in order, however rows
// tie on the sort keys or lack one, while new rows arrive between pages; made-up cursors are refused.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ShopCloud, startShopCloud } from '../../scripts/start/shop-cloud';
import { productDoc } from '../support/fixtures';

const ADMIN = 'merchant';
let cloud: ShopCloud;
let dataDir: string;

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

async function call(fn: string, action: string, data: Record<string, unknown>, openid = ADMIN) {
  const outcome = await cloud.invoke(fn, { action, ...data }, openid);
  if (!outcome.ok) throw new Error(`${fn}.${action} crashed: ${outcome.errMsg}`);
  return outcome.result as Envelope;
}

/** Every page of a list, running `between` after each page; answers the ids in the order shown. */
async function pageThrough(
  fn: string,
  action: string,
  data: Record<string, unknown>,
  openid = ADMIN,
  between: (page: number) => void = () => {},
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const answer = await call(fn, action, { ...data, ...(cursor ? { cursor } : {}) }, openid);
    if (!answer.ok) throw new Error(`${action}: ${answer.error.code} ${answer.error.message}`);
    ids.push(...answer.data.items.map((item: any) => item._id ?? item.productId ?? item.orderId));
    between(page);
    cursor = answer.data.next;
    if (!cursor) return ids;
  }
  throw new Error('more than 100 pages');
}

const order = (id: string, createdAt: Date, buyerId = 'buyer') => ({
  _id: id,
  buyerId,
  status: 'paid',
  items: [{ productId: 'p1', name: '商品', price: 100, quantity: 1 }],
  goodsAmount: 100,
  shipping: 0,
  amount: 100,
  refundedAmount: 0,
  referrer: {},
  createdAt,
  updatedAt: createdAt,
  expiresAt: createdAt,
});

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'paging-'));
  cloud = await startShopCloud({ port: 0, dataDir, adminOpenid: ADMIN, quiet: true });
  cloud.engine.insert('settings', [{ _id: 'global', admins: [ADMIN] }]);
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('orders newest first: rows sharing an instant across pages, and new orders arriving meanwhile, each shown once', async () => {
  const base = Date.parse('2026-03-01T00:00:00Z');
  // 55 orders over 11 instants, five at each: every page boundary falls inside an instant.
  const seeded = Array.from({ length: 55 }, (_, i) =>
    order(`O${String(i).padStart(3, '0')}`, new Date(base + Math.floor(i / 5) * 1000)),
  );
  cloud.engine.insert('orders', seeded);
  const expected = [...seeded]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1))
    .map((o) => o._id);

  // A shopper's new order lands at the top after each page: it was not there when paging began.
  const shown = await pageThrough('admin', 'orders.list', {}, ADMIN, (page) =>
    cloud.engine.insert('orders', [order(`NEW${page}`, new Date(base + 3_600_000 + page))]),
  );
  expect(shown).toEqual(expected);

  // The buyer's own list pages the same way.
  const mine = await pageThrough('order', 'list', {}, 'buyer');
  expect(mine.filter((id) => id.startsWith('O'))).toEqual(expected);
  expect(new Set(mine).size).toBe(mine.length);
});

test("products in the merchant's order: ties on sort, and products without updatedAt, each once", async () => {
  cloud.engine.insert(
    'products',
    Array.from({ length: 47 }, (_, i) =>
      productDoc(`P${String(i).padStart(3, '0')}`, 100, {
        sort: i % 3,
        ...(i % 4 ? { updatedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + (i % 5) * 1000) } : {}),
      }),
    ),
  );
  const all = cloud.engine.find('products', { limit: 1000 }) as { _id: string; sort: number; updatedAt?: Date }[];
  const updated = (p: { updatedAt?: Date }) => p.updatedAt?.getTime() ?? -Infinity;
  const expected = [...all]
    .sort((a, b) => b.sort - a.sort || updated(b) - updated(a) || (a._id < b._id ? -1 : 1))
    .map((p) => p._id);
  expect(await pageThrough('admin', 'products.list', {})).toEqual(expected);
  // The shop's catalogue (on sale, sort then id).
  const shop = await pageThrough('order', 'catalog', {}, 'shopper');
  expect(shop).toEqual([...all].sort((a, b) => b.sort - a.sort || (a._id < b._id ? -1 : 1)).map((p) => p._id));
});

test.each([
  ['not base64', '~~~'],
  ['not JSON', 'bm90LWpzb24'],
  ['wrong number of keys', Buffer.from('[{"d":1}]').toString('base64url')],
  ['a key of an unknown kind', Buffer.from('[{"x":1},{"s":"a"}]').toString('base64url')],
  ['an offset of the old style', '20'],
  ['too long', 'A'.repeat(201)],
])('a made-up cursor (%s) is INVALID_ARGUMENT', async (_name, cursor) => {
  const answer = await call('admin', 'orders.list', { cursor });
  expect(answer.ok ? 'ok' : answer.error.code).toBe('INVALID_ARGUMENT');
});
