// Seeding: demo data through either SDK's database (idempotent, never overwriting), the real
// @cloudbase/node-sdk pointed at a local server by serviceUrl, and product import with per-row errors.
import tcb from '@cloudbase/node-sdk';
import { EJSON } from 'bson';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../core/domain/settings';
import { SdkDatabase, seedDb } from '../../scripts/seed/db';
import { addAdmin, DEMO_PRODUCTS, seedDemo } from '../../scripts/seed/demo';
import { importProducts, parseProductsText, productId, readProductsFile } from '../../scripts/seed/products';
import { REPO } from './project-copy';

type Store = Map<string, Map<string, Record<string, unknown>>>;

/** An in-memory database with either SDK's set() signature; `where` understands { _id } only. */
function fakeDb(flavour: 'node-sdk' | 'wx-server-sdk', store: Store = new Map()): SdkDatabase {
  const table = (name: string) => {
    if (!store.has(name)) store.set(name, new Map());
    return store.get(name)!;
  };
  return {
    collection: (name: string) => ({
      where: (query: Record<string, unknown>) => ({
        get: async () => {
          const doc = table(name).get(String(query._id));
          return { data: doc ? [{ ...doc }] : [] };
        },
      }),
      doc: (id: string) =>
        flavour === 'node-sdk'
          ? {
              set: async (data: Record<string, unknown>) => {
                if ('data' in data && Object.keys(data).length === 1)
                  throw new Error('node-sdk stores { data } as a field');
                table(name).set(id, { _id: id, ...data });
              },
            }
          : {
              _document: {},
              set: async (options: Record<string, unknown>) => {
                const data = options.data as Record<string, unknown> | undefined;
                if (!data || Object.keys(options).length !== 1)
                  throw new Error('wx-server-sdk wants set({ data })');
                table(name).set(id, { _id: id, ...data });
              },
            },
    }),
  };
}

const NOW = new Date('2026-03-01T08:00:00Z');

describe.each(['node-sdk', 'wx-server-sdk'] as const)('seedDemo through %s', (flavour) => {
  it('writes the settings document with the first admin and the demo products', async () => {
    const store: Store = new Map();
    const report = await seedDemo(fakeDb(flavour, store), { adminOpenid: 'admin-1', now: NOW });
    expect(report).toEqual({ settings: 'created', products: { created: DEMO_PRODUCTS.length, kept: 0 } });
    expect(store.get('settings')!.get('global')).toEqual({
      _id: 'global',
      ...DEFAULT_SETTINGS,
      admins: ['admin-1'],
    });
    const products = [...store.get('products')!.values()];
    expect(products).toHaveLength(DEMO_PRODUCTS.length);
    for (const product of products) {
      expect(product).toMatchObject({ status: 'on', createdAt: NOW, updatedAt: NOW });
      expect(Number.isInteger(product.price)).toBe(true);
      expect(product.name).toMatch(/[\u4e00-\u9fff]/);
      expect((product.images as string[]).length).toBeGreaterThan(0);
    }
    expect(products.map((p) => p.commission)).toContainEqual({ mode: 'fixed', level1: 500, level2: 200 });
    expect(products.map((p) => p.commission)).toContainEqual({ mode: 'none' });
  });

  it('keeps an existing settings document and edited products on a second start', async () => {
    const store: Store = new Map();
    const db = fakeDb(flavour, store);
    await seedDemo(db, { adminOpenid: 'admin-1', now: NOW });
    const settings = store.get('settings')!.get('global')!;
    settings.admins = ['merchant'];
    settings.levels = 1;
    store.get('products')!.get('demo-tea')!.price = 1;
    store.get('products')!.delete('demo-cup');

    const later = new Date('2026-04-01T00:00:00Z');
    const report = await seedDemo(db, { adminOpenid: 'someone-else', now: later });
    expect(report).toEqual({ settings: 'kept', products: { created: 1, kept: DEMO_PRODUCTS.length - 1 } });
    expect(store.get('settings')!.get('global')).toMatchObject({ admins: ['merchant'], levels: 1 });
    expect(store.get('products')!.get('demo-tea')).toMatchObject({ price: 1, createdAt: NOW });
    expect(store.get('products')!.get('demo-cup')).toMatchObject({ createdAt: later });
  });
});

describe('addAdmin', () => {
  it('adds an openid once, creating the settings with defaults when absent', async () => {
    const store: Store = new Map();
    const db = fakeDb('node-sdk', store);
    expect(await addAdmin(db, 'boss')).toBe('added');
    expect(await addAdmin(db, 'boss')).toBe('already');
    expect(await addAdmin(db, 'clerk')).toBe('added');
    expect(store.get('settings')!.get('global')).toEqual({
      _id: 'global',
      ...DEFAULT_SETTINGS,
      admins: ['boss', 'clerk'],
    });
  });
});

describe('seedDemo with the real @cloudbase/node-sdk', () => {
  let server: http.Server;
  const docs = new Map<string, Record<string, unknown>>();
  const actions: string[] = [];

  beforeAll(async () => {
    // Just enough of the CloudBase wire protocol (shared/localcloud/PROTOCOL.md) for get-by-_id and set.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const request = JSON.parse(body) as Record<string, string>;
        actions.push(`${request.action} ${request.collectionName}`);
        const query = EJSON.parse(request.query ?? '{}') as { _id: string };
        const key = `${request.collectionName}/${query._id}`;
        let data: unknown = {};
        if (request.action === 'database.getDocument') {
          const doc = docs.get(key);
          data = { list: doc ? [EJSON.stringify(doc, { relaxed: false })] : [] };
        } else if (request.action === 'database.modifyDocument') {
          docs.set(key, { _id: query._id, ...(EJSON.parse(request.data!) as object) });
          data = { updated: 0, upsert_id: query._id };
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ requestId: 'test', data }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('seeds through serviceUrl, keeping Dates and integers, and is idempotent', async () => {
    const { port } = server.address() as AddressInfo;
    const app = tcb.init({
      env: 'local',
      secretId: 'local',
      secretKey: 'local',
      serviceUrl: `http://127.0.0.1:${port}/admin`,
    });
    const db = app.database() as unknown as SdkDatabase;
    expect(await seedDemo(db, { adminOpenid: 'local-admin', now: NOW })).toMatchObject({
      settings: 'created',
    });
    expect(docs.get('settings/global')).toMatchObject({ admins: ['local-admin'], levels: 2 });
    expect(docs.get('products/demo-tea')).toMatchObject({ price: 16800, createdAt: NOW });
    expect(actions).toContain('database.modifyDocument products');

    const writes = actions.filter((a) => a.startsWith('database.modifyDocument')).length;
    expect(await seedDemo(db, { adminOpenid: 'local-admin', now: NOW })).toEqual({
      settings: 'kept',
      products: { created: 0, kept: DEMO_PRODUCTS.length },
    });
    expect(actions.filter((a) => a.startsWith('database.modifyDocument'))).toHaveLength(writes);
  });
});

describe('product import', () => {
  it('reads the example CSV', () => {
    const { products, errors } = readProductsFile(path.join(REPO, 'scripts/seed/products.example.csv'));
    expect(errors).toEqual([]);
    expect(products).toHaveLength(4);
    expect(products[0]).toEqual({
      _id: 'tea-longjing',
      name: '明前龙井 250g',
      description: '西湖产区明前采摘',
      price: 16800,
      stock: 200,
      category: '茶叶',
      images: ['https://placehold.co/750x750/png?text=Tea'],
      status: 'on',
      sort: 100,
      commission: { mode: 'fixed', level1: 500, level2: 200 },
    });
    expect(products[1]).toMatchObject({
      _id: productId('百花蜂蜜 500g'),
      images: expect.arrayContaining([]),
    });
    expect(products[1]!.images).toHaveLength(2);
    expect(products[1]!.commission).toBeUndefined();
    expect(products[2]!.commission).toEqual({ mode: 'none' });
    expect(products[3]!.commission).toEqual({ mode: 'rate', level1: 1500, level2: 500 });
  });

  it('reports every bad row with its number and imports nothing', () => {
    const csv = [
      'name,price,stock,category,status,images,commissionMode,commissionLevel1,commissionLevel2',
      '好茶,9.9,1,茶叶,on,,,,',
      ',100,-1,,maybe,,,,',
      '毛巾,100,1,家居,on,ftp://x/y.png,,,',
      '杯子,100,1,家居,on,,rate,20000,0',
      '龙井,100,1,茶叶,on,,,,',
    ].join('\n');
    const { products, errors } = parseProductsText(csv, 'csv');
    expect(products).toEqual([]);
    expect(errors.map((e) => e.row)).toEqual([1, 2, 3, 4]);
    expect(errors[0]!.message).toBe('price: price must be a whole number of fen (分): ¥9.90 is 990');
    expect(errors[1]!.message).toContain('name: name is required');
    expect(errors[1]!.message).toContain('stock: stock must be ≥ 0');
    expect(errors[1]!.message).toContain("status: status must be 'on' or 'off'");
    expect(errors[2]!.message).toContain('images must be https:// or cloud:// URLs');
    expect(errors[3]!.message).toContain('rates are basis points: 100% is 10000');
  });

  it('refuses unknown CSV columns, duplicate ids and JSON that is not an array', () => {
    expect(parseProductsText('name,prise\n茶,100\n', 'csv').errors[0]!.message).toMatch(
      /unknown column\(s\) prise/,
    );
    const duplicate = parseProductsText(
      JSON.stringify([
        { name: '茶', price: 100, stock: 1, category: '茶叶' },
        { name: '茶', price: 200, stock: 1, category: '茶叶' },
      ]),
      'json',
    );
    expect(duplicate.errors).toEqual([{ row: 2, message: `same id as row 1 (${productId('茶')})` }]);
    expect(parseProductsText('{"name":"茶"}', 'json').errors[0]!.message).toBe(
      'the JSON file must be an array of products',
    );
  });

  it('upserts by id: importing twice updates and keeps createdAt', async () => {
    const store: Store = new Map();
    const db = seedDb(fakeDb('node-sdk', store));
    const { products } = parseProductsText(
      JSON.stringify([{ _id: 'p1', name: '茶', price: 100, stock: 1, category: '茶叶' }]),
      'json',
    );
    expect(await importProducts(db, products, NOW)).toEqual({ created: 1, updated: 0 });
    const later = new Date('2026-05-01T00:00:00Z');
    expect(await importProducts(db, [{ ...products[0]!, price: 200 }], later)).toEqual({
      created: 0,
      updated: 1,
    });
    expect(store.get('products')!.get('p1')).toEqual({
      _id: 'p1',
      name: '茶',
      description: '',
      price: 200,
      stock: 1,
      category: '茶叶',
      images: [],
      status: 'on',
      sort: 0,
      createdAt: NOW,
      updatedAt: later,
    });
  });
});
