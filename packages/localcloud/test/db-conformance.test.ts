// Conformance of the local database with the CloudBase wire protocol: one test per database.* action through
// the real wx-server-sdk, the captured real requests replayed, and malformed requests answered in the envelope.
import fs from 'node:fs';
import path from 'node:path';
import { Db, rawCall, sdkFor, startTestCloud, TestCloud } from './support/sdk';

let cloud: TestCloud;
let db: Db;

beforeAll(async () => {
  cloud = await startTestCloud({ declared: { items: { indexes: [] }, x: { indexes: [] } } });
  db = sdkFor(cloud.url);
});
afterAll(() => cloud.stop());
beforeEach(async () => {
  await db.collection('items').where({}).remove();
});

describe('one test per action', () => {
  test('database.insertDocument: add answers a generated 32-hex id, or the given _id', async () => {
    const added = await db.collection('items').add({ data: { a: 1 } });
    expect(added._id).toMatch(/^[0-9a-f]{32}$/);
    const own = await db.collection('items').add({ data: { _id: 'mine', a: 2 } });
    expect(own._id).toBe('mine');
    expect((await db.collection('items').doc('mine').get()).data).toEqual({ _id: 'mine', a: 2 });
  });

  test('database.getDocument WHERE: filter, order, skip, limit and projection', async () => {
    for (let i = 0; i < 6; i++)
      await db.collection('items').add({ data: { _id: `d${i}`, n: i, odd: i % 2 === 1, tag: 't' } });
    const _ = db.command;
    const res = await db
      .collection('items')
      .where({ n: _.gte(1) })
      .orderBy('n', 'desc')
      .skip(1)
      .limit(3)
      .field({ n: true })
      .get();
    expect(res.data).toEqual([
      { _id: 'd4', n: 4 },
      { _id: 'd3', n: 3 },
      { _id: 'd2', n: 2 },
    ]);
    expect(
      (await db.collection('items').where({ odd: true }).get()).data.map((d: { _id: string }) => d._id),
    ).toEqual(['d1', 'd3', 'd5']);
  });

  test('database.getDocument DOC: one document, or none', async () => {
    await db.collection('items').add({ data: { _id: 'one', v: 'x' } });
    expect((await db.collection('items').doc('one').get()).data).toEqual({ _id: 'one', v: 'x' });
    expect((await db.collection('items').doc('one').field({ v: false }).get()).data).toEqual({ _id: 'one' });
    const missing = await db.collection('items').doc('none').get();
    expect(missing.data ?? null).toBeNull();
  });

  test('database.calculateDocument: count with and without a filter', async () => {
    for (let i = 0; i < 5; i++) await db.collection('items').add({ data: { n: i } });
    expect((await db.collection('items').count()).total).toBe(5);
    expect(
      (
        await db
          .collection('items')
          .where({ n: db.command.lt(2) })
          .count()
      ).total,
    ).toBe(2);
  });

  test('database.modifyDocument DOC update merges; set replaces or creates', async () => {
    await db.collection('items').add({ data: { _id: 'u', a: 1, nested: { x: 1, y: 1 } } });
    const updated = await db
      .collection('items')
      .doc('u')
      .update({ data: { nested: { x: 2 }, b: 3 } });
    expect(updated.stats.updated).toBe(1);
    expect((await db.collection('items').doc('u').get()).data).toEqual({
      _id: 'u',
      a: 1,
      b: 3,
      nested: { x: 2, y: 1 },
    });
    // Unchanged data counts as no update, as MongoDB's nModified does.
    expect(
      (
        await db
          .collection('items')
          .doc('u')
          .update({ data: { a: 1 } })
      ).stats.updated,
    ).toBe(0);
    expect(
      (
        await db
          .collection('items')
          .doc('missing')
          .update({ data: { a: 1 } })
      ).stats.updated,
    ).toBe(0);

    const replaced = await db
      .collection('items')
      .doc('u')
      .set({ data: { only: true } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection('items').doc('u').get()).data).toEqual({ _id: 'u', only: true });
    const created = await db
      .collection('items')
      .doc('new')
      .set({ data: { fresh: 1 } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    expect((await db.collection('items').doc('new').get()).data).toEqual({ _id: 'new', fresh: 1 });
  });

  test('database.modifyDocument WHERE updates every match', async () => {
    for (let i = 0; i < 4; i++)
      await db.collection('items').add({ data: { _id: `w${i}`, g: i < 3 ? 'a' : 'b', n: i } });
    const res = await db
      .collection('items')
      .where({ g: 'a' })
      .update({ data: { n: db.command.inc(10) } });
    expect(res.stats.updated).toBe(3);
    const all = (await db.collection('items').orderBy('_id', 'asc').get()).data.map(
      (d: { n: number }) => d.n,
    );
    expect(all).toEqual([10, 11, 12, 3]);
  });

  test('database.removeDocument DOC and WHERE', async () => {
    for (let i = 0; i < 4; i++) await db.collection('items').add({ data: { _id: `r${i}`, n: i } });
    expect((await db.collection('items').doc('r0').remove()).stats.removed).toBe(1);
    expect((await db.collection('items').doc('r0').remove()).stats.removed).toBe(0);
    expect(
      (
        await db
          .collection('items')
          .where({ n: db.command.gte(2) })
          .remove()
      ).stats.removed,
    ).toBe(2);
    expect((await db.collection('items').get()).data.map((d: { _id: string }) => d._id)).toEqual(['r1']);
  });

  test('database.aggregateDocuments: match, group, sort', async () => {
    for (const [k, v] of [
      ['a', 1],
      ['b', 5],
      ['a', 2],
    ] as const)
      await db.collection('items').add({ data: { k, v } });
    const $ = db.command.aggregate;
    const res = await db
      .collection('items')
      .aggregate()
      .match({ v: db.command.gt(0) })
      .group({ _id: '$k', total: $.sum('$v') })
      .sort({ total: -1 })
      .end();
    expect(res.list).toEqual([
      { _id: 'b', total: 5 },
      { _id: 'a', total: 3 },
    ]);
  });

  test('database.addCollection: creates; creating again fails; then usable', async () => {
    await db.createCollection('made');
    await expect(db.createCollection('made')).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await db.collection('made').add({ data: { a: 1 } }))._id).toBeTruthy();
  });

  test('database.startTransaction / commitTransaction / abortTransaction; a missing doc in a tx is null', async () => {
    await db.collection('items').add({ data: { _id: 't1', n: 1 } });
    const tx = await db.startTransaction();
    expect((await tx.collection('items').doc('t1').get()).data).toEqual({ _id: 't1', n: 1 });
    expect((await tx.collection('items').doc('nope').get()).data).toBeNull();
    await tx
      .collection('items')
      .doc('t1')
      .update({ data: { n: 2 } });
    await tx.collection('items').add({ data: { _id: 't2' } });
    await tx.commit();
    expect((await db.collection('items').doc('t1').get()).data).toEqual({ _id: 't1', n: 2 });
    expect((await db.collection('items').doc('t2').get()).data).toEqual({ _id: 't2' });

    const aborted = await db.startTransaction();
    await aborted
      .collection('items')
      .doc('t1')
      .set({ data: { gone: true } });
    await aborted.collection('items').doc('t2').remove();
    await aborted.rollback();
    expect((await db.collection('items').doc('t1').get()).data).toEqual({ _id: 't1', n: 2 });
    expect((await db.collection('items').doc('t2').get()).data).toEqual({ _id: 't2' });
  });
});

describe('types and server dates', () => {
  test('serverDate is the virtual clock plus the offset, in inserts and updates', async () => {
    cloud.clock.advance(7 * 24 * 3600 * 1000);
    const before = cloud.clock.now();
    const { _id } = await db
      .collection('items')
      .add({ data: { at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } });
    const after = cloud.clock.now();
    const doc = (await db.collection('items').doc(_id).get()).data;
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(doc.at.getTime()).toBeLessThanOrEqual(after);
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
    expect(doc.at.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);

    await db
      .collection('items')
      .doc(_id)
      .update({ data: { touched: db.serverDate({ offset: -1000 }) } });
    const touched = (await db.collection('items').doc(_id).get()).data.touched as Date;
    expect(Math.abs(touched.getTime() - (cloud.clock.now() - 1000))).toBeLessThan(1000);
  });

  test('Dates, numbers, nested arrays and RegExp survive the round trip and compare correctly', async () => {
    const when = new Date('2024-05-01T12:34:56.789Z');
    await db.collection('items').add({
      data: {
        _id: 'types',
        when,
        int: 7,
        dbl: 2.5,
        big: 2 ** 40,
        neg: -3,
        list: [1, { z: 'q' }],
        nil: null,
        flag: false,
      },
    });
    const doc = (await db.collection('items').doc('types').get()).data;
    expect(doc).toEqual({
      _id: 'types',
      when,
      int: 7,
      dbl: 2.5,
      big: 2 ** 40,
      neg: -3,
      list: [1, { z: 'q' }],
      nil: null,
      flag: false,
    });
    expect(doc.when).toBeInstanceOf(Date);

    const _ = db.command;
    const byDate = await db
      .collection('items')
      .where({ when: _.gt(new Date('2024-01-01')).and(_.lt(new Date('2025-01-01'))) })
      .count();
    expect(byDate.total).toBe(1);
    await db.collection('items').add({ data: { _id: 'txt', t: 'Hello World' } });
    const byRegExp = await db
      .collection('items')
      .where({ t: db.RegExp({ regexp: '^hello', options: 'i' }) })
      .get();
    expect(byRegExp.data.map((d: { _id: string }) => d._id)).toEqual(['txt']);
    const jsRegExp = await db
      .collection('items')
      .where({ t: /world$/i })
      .get();
    expect(jsRegExp.data.map((d: { _id: string }) => d._id)).toEqual(['txt']);
  });

  test('a stored RegExp value comes back as a RegExp value', async () => {
    await db
      .collection('items')
      .add({ data: { _id: 're', pattern: db.RegExp({ regexp: 'a+b', options: 'im' }) } });
    const raw = await rawCall(cloud.url, {
      action: 'database.getDocument',
      collectionName: 'items',
      queryType: 'DOC',
      query: '{"_id":"re"}',
    });
    const list = (raw.data as { list: string[] }).list;
    expect(JSON.parse(list[0] ?? '{}').pattern).toEqual({
      $regularExpression: { pattern: 'a+b', options: 'im' },
    });
  });
});

describe('captured real requests', () => {
  const captured = fs
    .readFileSync(path.join(__dirname, 'fixtures/captured-requests.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { url: string; body: Record<string, unknown> | null })
    .filter((r) => typeof r.body?.action === 'string' && (r.body.action as string).startsWith('database.'));

  test('the captured file holds the database actions', () => {
    expect(new Set(captured.map((r) => r.body?.action))).toEqual(
      new Set([
        'database.insertDocument',
        'database.getDocument',
        'database.calculateDocument',
        'database.modifyDocument',
        'database.removeDocument',
        'database.aggregateDocuments',
        'database.startTransaction',
        'database.commitTransaction',
      ]),
    );
  });

  test('each captured body, replayed, gets the answer shape the SDK reads', async () => {
    await db.collection('x').where({}).remove();
    await db.collection('x').add({
      data: { _id: 'id1', n: 1, pl: [1, 2, 3], ats: [5], m: 3, mx: 1, pop: [1, 2], sh: [1, 2], r: 'gone' },
    });
    await db.collection('x').add({ data: { _id: 'id3' } });
    let transactionId = '';
    for (const { url, body } of captured) {
      const request = { ...body } as Record<string, unknown>;
      if (request.transactionId) request.transactionId = transactionId;
      const res = await fetch(`${cloud.url}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as Record<string, any>;
      expect(typeof answer.requestId).toBe('string');
      const action = request.action as string;
      const where = request.queryType === 'WHERE';
      if (action === 'database.getDocument' && request.projection) {
        // {a:1,b:0} mixes inclusion and exclusion, which MongoDB (and so the service) rejects.
        expect(answer).toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
        continue;
      }
      expect(answer.code).toBeUndefined();
      switch (action) {
        case 'database.insertDocument':
          expect(answer.data.insertedIds).toHaveLength(1);
          break;
        case 'database.getDocument':
          expect(Array.isArray(answer.data.list)).toBe(true);
          for (const item of answer.data.list) expect(typeof item).toBe('string');
          break;
        case 'database.calculateDocument':
          expect(typeof answer.data.total).toBe('number');
          break;
        case 'database.modifyDocument':
          expect(typeof answer.data.updated).toBe('number');
          if (request.upsert && !where) expect(answer.data.updated + (answer.data.upsert_id ? 1 : 0)).toBe(1);
          break;
        case 'database.removeDocument':
          expect(typeof answer.data.deleted).toBe('number');
          break;
        case 'database.aggregateDocuments':
          expect(Array.isArray(answer.data.list)).toBe(true);
          break;
        case 'database.startTransaction':
          expect(typeof answer.transactionId).toBe('string');
          expect(answer.data).toBeUndefined();
          transactionId = answer.transactionId;
          break;
        case 'database.commitTransaction':
          break;
        default:
          throw new Error(`unexpected action ${action}`);
      }
      // The captured operator update, applied to the seeded id1, gives MongoDB's result.
      if (action === 'database.modifyDocument' && request.merge && !where && !request.transactionId) {
        const id1 = (await db.collection('x').doc('id1').get()).data;
        expect(id1).toMatchObject({
          n: 2,
          s: { k: 1 },
          plain: 'v',
          nested: { deep: 1 },
          p: [1, 2],
          p2: [3],
          un: [0],
        });
        expect(id1).toMatchObject({ pl: [1], ats: [5], m: 6, mx: 3, pop: [1], sh: [2] });
        expect(id1.r).toBeUndefined();
        expect(id1.at).toBeInstanceOf(Date);
      }
    }
    // The replayed transaction committed: id2 was created and id3 removed.
    expect((await db.collection('x').doc('id2').get()).data).toEqual({ _id: 'id2', t: 2 });
    expect((await db.collection('x').doc('id3').get()).data ?? null).toBeNull();
  });
});

describe('bad requests answer the error envelope and the server stays up', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['unknown action', { action: 'database.nope' }, 'INVALID_PARAM'],
    ['no action', {}, 'INVALID_PARAM'],
    [
      'malformed EJSON query',
      { action: 'database.getDocument', collectionName: 'items', query: '{"a":' },
      'INVALID_PARAM',
    ],
    [
      'bad EJSON type wrapper',
      { action: 'database.getDocument', collectionName: 'items', query: '{"a":{"$date":"x"}}' },
      'INVALID_PARAM',
    ],
    ['missing collectionName', { action: 'database.getDocument', query: '{}' }, 'INVALID_PARAM'],
    [
      'limit as a string',
      { action: 'database.getDocument', collectionName: 'items', limit: '10' },
      'INVALID_PARAM',
    ],
    [
      'data not an array',
      { action: 'database.insertDocument', collectionName: 'items', data: '{}' },
      'INVALID_PARAM',
    ],
    [
      'data item not EJSON text',
      { action: 'database.insertDocument', collectionName: 'items', data: [{ a: 1 }] },
      'INVALID_PARAM',
    ],
    [
      'update data missing',
      { action: 'database.modifyDocument', collectionName: 'items', query: '{}' },
      'INVALID_PARAM',
    ],
    [
      'DOC query without _id',
      { action: 'database.getDocument', collectionName: 'items', queryType: 'DOC', query: '{}' },
      'INVALID_PARAM',
    ],
    [
      'unknown query operator',
      { action: 'database.getDocument', collectionName: 'items', query: '{"a":{"$nope":1}}' },
      'DATABASE_REQUEST_FAILED',
    ],
    [
      'stages not an array',
      { action: 'database.aggregateDocuments', collectionName: 'items', stages: 'x' },
      'INVALID_PARAM',
    ],
    [
      'unknown stage',
      {
        action: 'database.aggregateDocuments',
        collectionName: 'items',
        stages: [{ stageKey: '$nope', stageValue: '{}' }],
      },
      'DATABASE_REQUEST_FAILED',
    ],
    ['commit without id', { action: 'database.commitTransaction' }, 'INVALID_PARAM'],
    [
      'commit of an unknown transaction',
      { action: 'database.commitTransaction', transactionId: 'nope' },
      'DATABASE_TRANSACTION_FAIL',
    ],
  ];

  test.each(cases)('%s', async (_name, body, code) => {
    const answer = await rawCall(cloud.url, body);
    expect(answer).toEqual({ code, message: expect.any(String), requestId: expect.any(String) });
    const alive = await rawCall(cloud.url, {
      action: 'database.calculateDocument',
      collectionName: 'items',
      query: '{}',
    });
    expect(alive.data).toEqual({ total: expect.any(Number) });
  });

  test('a body that is not JSON', async () => {
    const res = await fetch(`${cloud.url}/admin`, { method: 'POST', body: '{oops' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM' });
  });
});
