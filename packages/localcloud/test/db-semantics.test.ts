// Query, update and aggregation operators behave as MongoDB's, and the service's limits and errors hold,
// all through the real wx-server-sdk.
import { Db, rawCall, sdkFor, startTestCloud, TestCloud } from './support/sdk';

let cloud: TestCloud;
let db: Db;
const ids = (docs: Array<{ _id: string }>) => docs.map((d) => d._id);

beforeAll(async () => {
  cloud = await startTestCloud({
    declared: {
      s: { indexes: [] },
      users: {
        indexes: [
          { name: 'distributor_code', keys: { 'distributor.code': 1 }, unique: true, sparse: true },
          { name: 'inviter', keys: { inviterId: 1 } },
        ],
      },
      orders: {
        indexes: [
          { name: 'client_request', keys: { buyerId: 1, clientRequestId: 1 }, unique: true, sparse: true },
        ],
      },
    },
  });
  db = sdkFor(cloud.url);
});
afterAll(() => cloud.stop());
beforeEach(async () => {
  for (const name of ['s', 'users', 'orders']) await db.collection(name).where({}).remove();
});

describe('queries', () => {
  beforeEach(async () => {
    const docs = [
      { _id: 'a', n: 1, tags: ['x', 'y'], items: [{ sku: 'p1', qty: 2 }], who: { name: 'Ann', city: 'SZ' } },
      {
        _id: 'b',
        n: 5,
        tags: ['y'],
        items: [
          { sku: 'p1', qty: 9 },
          { sku: 'p2', qty: 1 },
        ],
        who: { name: 'Bob', city: 'GZ' },
      },
      { _id: 'c', n: 3, tags: [], items: [], who: { name: 'Cat', city: 'SZ' }, extra: null },
      { _id: 'd', n: 8, tags: ['z'], items: [{ sku: 'p2', qty: 3 }] },
    ];
    for (const data of docs) await db.collection('s').add({ data });
  });
  const _ = () => db.command;
  const find = async (where: object) => ids((await db.collection('s').where(where).get()).data);

  test('$elemMatch needs one element to match every condition', async () => {
    expect(await find({ items: _().elemMatch({ sku: 'p1', qty: _().gt(5) }) })).toEqual(['b']);
    expect(await find({ items: _().elemMatch({ sku: 'p2', qty: _().gte(3) }) })).toEqual(['d']);
  });

  test('dot paths into objects and arrays; array fields match any element', async () => {
    expect(await find({ 'who.city': 'SZ' })).toEqual(['a', 'c']);
    expect(await find({ who: { city: 'GZ' } })).toEqual(['b']);
    expect(await find({ tags: 'y' })).toEqual(['a', 'b']);
    expect(await find({ 'items.sku': 'p2' })).toEqual(['b', 'd']);
    expect(await find({ 'items.0.qty': 2 })).toEqual(['a']);
  });

  test('comparison, logic, existence, size and membership', async () => {
    expect(await find({ n: _().gt(2).and(_().lt(8)) })).toEqual(['b', 'c']);
    expect(await find(_().or([{ n: 1 }, { 'who.name': 'Cat' }]))).toEqual(['a', 'c']);
    expect(await find({ n: _().nin([1, 5]) })).toEqual(['c', 'd']);
    expect(await find({ n: _().neq(1) })).toEqual(['b', 'c', 'd']);
    expect(await find({ who: _().exists(false) })).toEqual(['d']);
    expect(await find({ extra: null })).toEqual(['a', 'b', 'c', 'd']);
    expect(await find({ extra: _().exists(true) })).toEqual(['c']);
    expect(await find({ tags: _().size(0) })).toEqual(['c']);
    expect(await find({ tags: _().all(['x', 'y']) })).toEqual(['a']);
    expect(await find({ n: _().mod(4, 0) })).toEqual(['d']);
  });

  test('sort on several keys, skip, limit and projection', async () => {
    const res = await db
      .collection('s')
      .orderBy('who.city', 'asc')
      .orderBy('n', 'desc')
      .field({ n: true })
      .get();
    // Missing fields sort first, as in MongoDB.
    expect(res.data).toEqual([
      { _id: 'd', n: 8 },
      { _id: 'b', n: 5 },
      { _id: 'c', n: 3 },
      { _id: 'a', n: 1 },
    ]);
    const page = await db.collection('s').orderBy('n', 'asc').skip(2).limit(1).get();
    expect(ids(page.data)).toEqual(['b']);
    const excluded = await db.collection('s').doc('a').field({ items: false, tags: false, who: false }).get();
    expect(excluded.data).toEqual({ _id: 'a', n: 1 });
    const nested = await db.collection('s').where({ _id: 'b' }).field({ 'who.name': true }).get();
    expect(nested.data).toEqual([{ _id: 'b', who: { name: 'Bob' } }]);
  });

  test('count matches get', async () => {
    expect((await db.collection('s').where({ 'who.city': 'SZ' }).count()).total).toBe(2);
    expect((await db.collection('s').count()).total).toBe(4);
  });
});

describe('updates', () => {
  const _ = () => db.command;
  const doc = async (id: string) => (await db.collection('s').doc(id).get()).data;

  test('$push with $each and $position, $pop, $pull, $addToSet', async () => {
    await db
      .collection('s')
      .add({ data: { _id: 'u', list: [1, 2], set: ['a'], q: [1, 2, 3, 4], p: [1, 5, 2, 6] } });
    await db
      .collection('s')
      .doc('u')
      .update({ data: { list: _().push({ each: [8, 9], position: 1 }) } });
    expect((await doc('u')).list).toEqual([1, 8, 9, 2]);
    await db
      .collection('s')
      .doc('u')
      .update({ data: { list: _().push(3) } });
    expect((await doc('u')).list).toEqual([1, 8, 9, 2, 3]);
    await db
      .collection('s')
      .doc('u')
      .update({ data: { set: _().addToSet('a') } });
    await db
      .collection('s')
      .doc('u')
      .update({ data: { set: _().addToSet({ $each: ['b', 'a', 'c'] }) } });
    expect((await doc('u')).set).toEqual(['a', 'b', 'c']);
    await db
      .collection('s')
      .doc('u')
      .update({ data: { q: _().pop() } });
    await db
      .collection('s')
      .doc('u')
      .update({ data: { q: _().shift() } });
    expect((await doc('u')).q).toEqual([2, 3]);
    await db
      .collection('s')
      .doc('u')
      .update({ data: { p: _().pull(_().gt(4)) } });
    expect((await doc('u')).p).toEqual([1, 2]);
  });

  test('$inc, $mul, $min, $max, $unset, $rename, $set of a whole object, dot-path merge', async () => {
    await db
      .collection('s')
      .add({ data: { _id: 'm', n: 2, f: 3, lo: 5, hi: 5, gone: 1, old: 'v', obj: { a: 1, b: 2 } } });
    await db
      .collection('s')
      .doc('m')
      .update({
        data: {
          n: _().inc(3),
          f: _().mul(2),
          lo: _().min(1),
          hi: _().max(9),
          gone: _().remove(),
          obj: { b: 3, c: 4 },
        },
      });
    expect(await doc('m')).toEqual({
      _id: 'm',
      n: 5,
      f: 6,
      lo: 1,
      hi: 9,
      old: 'v',
      obj: { a: 1, b: 3, c: 4 },
    });
    await db
      .collection('s')
      .doc('m')
      .update({ data: { obj: _().set({ only: true }) } });
    expect((await doc('m')).obj).toEqual({ only: true });
    await rawCall(cloud.url, {
      action: 'database.modifyDocument',
      collectionName: 's',
      queryType: 'DOC',
      query: '{"_id":"m"}',
      data: '{"$rename":{"old":"renamed"},"$bit":{"n":{"and":{"$numberInt":"4"}}}}',
      merge: true,
    });
    const after = await doc('m');
    expect(after.renamed).toBe('v');
    expect(after.old).toBeUndefined();
    expect(after.n).toBe(4);
  });

  test('the _id cannot be changed by an update', async () => {
    await db.collection('s').add({ data: { _id: 'fixed', a: 1 } });
    const answer = await rawCall(cloud.url, {
      action: 'database.modifyDocument',
      collectionName: 's',
      queryType: 'DOC',
      query: '{"_id":"fixed"}',
      data: '{"$set":{"_id":"other"}}',
      merge: true,
    });
    expect(answer.code).toBe('DATABASE_REQUEST_FAILED');
    expect((await doc('fixed')).a).toBe(1);
  });
});

describe('aggregation', () => {
  test('$group, $sort, $limit and $lookup against another collection', async () => {
    for (const [id, name] of [
      ['u1', 'Ann'],
      ['u2', 'Bob'],
    ])
      await db.collection('users').add({ data: { _id: id, name } });
    for (const [buyerId, fen] of [
      ['u1', 100],
      ['u2', 50],
      ['u1', 30],
      ['u2', 5],
      ['u1', 1],
    ] as const)
      await db.collection('orders').add({ data: { buyerId, fen } });
    const $ = db.command.aggregate;
    const res = await db
      .collection('orders')
      .aggregate()
      .group({ _id: '$buyerId', total: $.sum('$fen'), orders: $.sum(1) })
      .sort({ total: -1 })
      .limit(1)
      .lookup({ from: 'users', localField: '_id', foreignField: '_id', as: 'user' })
      .project({ total: 1, orders: 1, name: $.arrayElemAt(['$user.name', 0]) })
      .end();
    expect(res.list).toEqual([{ _id: 'u1', total: 131, orders: 3, name: 'Ann' }]);
  });

  test('stages that modify documents do not change the stored ones', async () => {
    await db.collection('s').add({ data: { _id: 'k', v: 1, inner: { w: 1 } } });
    const $ = db.command.aggregate;
    const res = await db
      .collection('s')
      .aggregate()
      .addFields({ v: $.add(['$v', 10]), 'inner.w': 7 })
      .end();
    expect(res.list).toEqual([{ _id: 'k', v: 11, inner: { w: 7 } }]);
    expect((await db.collection('s').doc('k').get()).data).toEqual({ _id: 'k', v: 1, inner: { w: 1 } });
  });

  test('without a $limit stage the answer stops at 20 documents, as on the real service', async () => {
    for (let i = 0; i < 25; i++) await db.collection('s').add({ data: { i } });
    expect((await db.collection('s').aggregate().match({}).end()).list).toHaveLength(20);
    expect((await db.collection('s').aggregate().match({}).limit(100).end()).list).toHaveLength(25);
  });
});

describe('limits and errors', () => {
  test('unique sparse index: duplicates fail with E11000, documents without the field do not collide', async () => {
    await db.collection('users').add({ data: { _id: 'n1' } });
    await db.collection('users').add({ data: { _id: 'n2', distributor: { code: null } } });
    await db.collection('users').add({ data: { _id: 'd1', distributor: { code: 'ABC' } } });
    await expect(
      db.collection('users').add({ data: { _id: 'd2', distributor: { code: 'ABC' } } }),
    ).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringContaining('E11000 duplicate key'),
    });
    await expect(
      db
        .collection('users')
        .doc('n1')
        .update({ data: { distributor: { code: 'ABC' } } }),
    ).rejects.toMatchObject({ errCode: -502001, errMsg: expect.stringContaining('E11000') });
    await expect(
      db
        .collection('users')
        .doc('n2')
        .set({ data: { distributor: { code: 'ABC' } } }),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining('E11000') });
    // Moving the code away frees it.
    await db
      .collection('users')
      .doc('d1')
      .update({ data: { distributor: { code: 'XYZ' } } });
    await db.collection('users').add({ data: { _id: 'd3', distributor: { code: 'ABC' } } });
    expect(
      (await db.collection('users').where({ 'distributor.code': 'ABC' }).get()).data.map((d: any) => d._id),
    ).toEqual(['d3']);
  });

  test('compound unique index and where-updates that would collide', async () => {
    await db.collection('orders').add({ data: { buyerId: 'b', clientRequestId: 'r1' } });
    await db.collection('orders').add({ data: { buyerId: 'b', clientRequestId: 'r2' } });
    await db.collection('orders').add({ data: { buyerId: 'c', clientRequestId: 'r1' } });
    await expect(
      db.collection('orders').add({ data: { buyerId: 'b', clientRequestId: 'r1' } }),
    ).rejects.toMatchObject({
      errMsg: expect.stringContaining('E11000'),
    });
    await expect(
      db
        .collection('orders')
        .where({ buyerId: 'b' })
        .update({ data: { clientRequestId: 'same' } }),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining('E11000') });
    // All or nothing: neither document changed.
    const left = await db
      .collection('orders')
      .where({ buyerId: 'b' })
      .orderBy('clientRequestId', 'asc')
      .get();
    expect(left.data.map((d: any) => d.clientRequestId)).toEqual(['r1', 'r2']);
  });

  test('inserting an existing _id fails with E11000', async () => {
    await db.collection('s').add({ data: { _id: 'dup' } });
    await expect(db.collection('s').add({ data: { _id: 'dup' } })).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringContaining('E11000 duplicate key'),
    });
  });

  test('a missing collection answers -502005 for every action', async () => {
    const missing = db.collection('no_such_collection');
    await expect(missing.add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
    await expect(missing.get()).rejects.toMatchObject({ errCode: -502005 });
    await expect(missing.doc('x').get()).rejects.toMatchObject({ errCode: -502005 });
    await expect(missing.count()).rejects.toMatchObject({ errCode: -502005 });
    await expect(missing.doc('x').update({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
    await expect(missing.where({ a: 1 }).remove()).rejects.toMatchObject({ errCode: -502005 });
  });

  test('limit: 1000 is allowed, 1001 is rejected, none means 100', async () => {
    for (let i = 0; i < 120; i++) await db.collection('s').add({ data: { i } });
    expect((await db.collection('s').get()).data).toHaveLength(100);
    expect((await db.collection('s').limit(1000).get()).data).toHaveLength(120);
    // The SDK itself caps limit at 1000, so the over-limit request goes out raw.
    const answer = await rawCall(cloud.url, {
      action: 'database.getDocument',
      collectionName: 's',
      queryType: 'WHERE',
      limit: 1001,
    });
    expect(answer.code).toBe('INVALID_PARAM');
  });
});
