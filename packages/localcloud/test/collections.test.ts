// A project's collection declarations: JSON, a list of names, a JS or TS module; refused with the reason
// when malformed; created with their unique indexes at start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCollections, normalizeCollections, startLocalCloud } from '../src/index';
import { rawCall } from './support/sdk';

const FIXTURES = path.join(__dirname, 'fixtures');

test('JSON, a JS module (collections) and a TS module (COLLECTIONS) all load', () => {
  expect(loadCollections(path.join(FIXTURES, 'collections.json'))).toEqual({
    users: { indexes: [{ name: 'code', keys: { code: 1 }, unique: true, sparse: true }] },
  });
  expect(Object.keys(loadCollections(path.join(__dirname, 'sample-project', 'collections.js')))).toEqual([
    'notes',
    'digests',
  ]);
  expect(loadCollections(path.join(FIXTURES, 'collections-module.ts'))).toEqual({
    orders: { indexes: [{ name: 'out_trade_no', keys: { outTradeNo: 1 }, unique: true, sparse: true }] },
    settings: { indexes: [] },
  });
});

test('a list of names declares collections without indexes', () => {
  expect(normalizeCollections(['a', 'b'])).toEqual({ a: { indexes: [] }, b: { indexes: [] } });
});

test.each([
  [{ 'bad name': {} }, /"bad name" is not a valid collection name/],
  [{ a: { indexes: {} } }, /a\.indexes must be a list/],
  [{ a: { indexes: [{ keys: { x: 1 } }] } }, /a\.indexes\[0\] must be \{ name, keys/],
  [{ a: { indexes: [{ name: 'i', keys: {} }] } }, /keys must map field paths to 1 or -1/],
  ['users', /expected an object of collection declarations or a list of names/],
])('refuses %j', (value, message) => {
  expect(() => normalizeCollections(value)).toThrow(message);
});

test('declared collections exist at start with their unique indexes; others do not', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'localcloud-collections-'));
  const file = path.join(dataDir, 'collections.json');
  writeFileSync(
    file,
    JSON.stringify({ users: { indexes: [{ name: 'u', keys: { email: 1 }, unique: true }] } }),
  );
  const cloud = await startLocalCloud({ dataDir, collections: loadCollections(file), tickMs: 3600_000 });
  try {
    const add = (collectionName: string, doc: Record<string, unknown>) =>
      rawCall(cloud.url, {
        action: 'database.insertDocument',
        collectionName,
        data: [JSON.stringify(doc)],
      });
    expect(await add('users', { email: 'a@x' })).toMatchObject({
      data: { insertedIds: [expect.any(String)] },
    });
    expect(await add('users', { email: 'a@x' })).toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: expect.stringContaining('E11000'),
    });
    expect(await add('nope', { a: 1 })).toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
