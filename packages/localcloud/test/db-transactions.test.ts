// Transactions of the local database through wx-server-sdk: no lost updates under concurrency, snapshot reads,
// conflicts, isolation of uncommitted writes, and the service's restrictions (no where-queries, expiry).
import { Db, rawCall, sdkFor, startTestCloud, TestCloud } from './support/sdk';

let cloud: TestCloud;
let db: Db;
type Tx = Awaited<ReturnType<Db['startTransaction']>>;

beforeAll(async () => {
  cloud = await startTestCloud({
    declared: {
      t: { indexes: [] },
      u: { indexes: [{ name: 'code', keys: { code: 1 }, unique: true, sparse: true }] },
    },
  });
  db = sdkFor(cloud.url);
});
afterAll(() => cloud.stop());
afterEach(() => {
  // Every test finishes its transactions, so no old document versions may be left behind.
  expect(cloud.engine.stats()).toMatchObject({ openTransactions: 0, versionChains: 0 });
});
beforeEach(async () => {
  cloud.engine.transactionTimeoutMs = 30_000;
  await db.collection('t').where({}).remove();
  await db.collection('u').where({}).remove();
});

test('two concurrent runTransaction loops of 50 read-modify-write increments end at exactly 100', async () => {
  await db.collection('t').add({ data: { _id: 'counter', n: 0 } });
  let conflicts = 0;
  let attempts = 0;
  const increment = async () => {
    for (;;) {
      try {
        return await db.runTransaction(async (tx: Tx) => {
          attempts++;
          const { data } = await tx.collection('t').doc('counter').get();
          await tx
            .collection('t')
            .doc('counter')
            .update({ data: { n: data.n + 1 } });
        }, 10);
      } catch (error) {
        // runTransaction gave up after its retries; the increment did not happen, so do it again.
        conflicts++;
        if (conflicts > 1000) throw error;
      }
    }
  };
  const loop = async () => {
    for (let i = 0; i < 50; i++) await increment();
  };
  await Promise.all([loop(), loop()]);
  expect((await db.collection('t').doc('counter').get()).data.n).toBe(100);
  // The loops really interleaved: some attempts lost a conflict and were retried.
  expect(attempts).toBeGreaterThan(100);
});

test('a transaction reads its snapshot, not later commits, and then conflicts', async () => {
  await db.collection('t').add({ data: { _id: 's1', v: 1 } });
  const tx = await db.startTransaction();
  expect((await tx.collection('t').doc('s1').get()).data.v).toBe(1);

  await db
    .collection('t')
    .doc('s1')
    .update({ data: { v: 2 } });
  await db.collection('t').add({ data: { _id: 's2', v: 9 } });
  expect((await tx.collection('t').doc('s1').get()).data.v).toBe(1);
  expect((await tx.collection('t').doc('s2').get()).data).toBeNull();

  await tx
    .collection('t')
    .doc('s1')
    .update({ data: { v: 100 } });
  expect((await tx.collection('t').doc('s1').get()).data.v).toBe(100);
  await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  expect((await db.collection('t').doc('s1').get()).data.v).toBe(2);
  // The failed commit discarded the transaction.
  await expect(tx.collection('t').doc('s1').get()).rejects.toMatchObject({
    errMsg: expect.stringContaining('no longer open'),
  });
});

test('reading a missing id and having it inserted by someone else is a conflict too', async () => {
  const tx = await db.startTransaction();
  expect((await tx.collection('t').doc('m1').get()).data).toBeNull();
  await tx.collection('t').add({ data: { _id: 'claim', for: 'm1' } });
  await db.collection('t').add({ data: { _id: 'm1' } });
  await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  expect((await db.collection('t').doc('claim').get()).data ?? null).toBeNull();
});

test('a deletion after the transaction started is a conflict; the deleted doc stays readable in the snapshot', async () => {
  await db.collection('t').add({ data: { _id: 'del', v: 1 } });
  const tx = await db.startTransaction();
  await db.collection('t').doc('del').remove();
  expect((await tx.collection('t').doc('del').get()).data).toEqual({ _id: 'del', v: 1 });
  await tx
    .collection('t')
    .doc('del')
    .update({ data: { v: 2 } });
  await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  expect((await db.collection('t').doc('del').get()).data ?? null).toBeNull();
});

test('uncommitted writes are invisible to others, then appear all at once', async () => {
  await db.collection('t').add({ data: { _id: 'a', v: 1 } });
  await db.collection('t').add({ data: { _id: 'b', v: 1 } });
  const tx = await db.startTransaction();
  await tx
    .collection('t')
    .doc('a')
    .update({ data: { v: 2 } });
  await tx.collection('t').doc('b').remove();
  await tx.collection('t').add({ data: { _id: 'c', v: 3 } });
  await tx
    .collection('t')
    .doc('d')
    .set({ data: { v: 4 } });
  expect((await db.collection('t').orderBy('_id', 'asc').get()).data).toEqual([
    { _id: 'a', v: 1 },
    { _id: 'b', v: 1 },
  ]);
  await tx.commit();
  expect((await db.collection('t').orderBy('_id', 'asc').get()).data).toEqual([
    { _id: 'a', v: 2 },
    { _id: 'c', v: 3 },
    { _id: 'd', v: 4 },
  ]);
});

test('a read-only transaction commits even after others wrote what it read', async () => {
  await db.collection('t').add({ data: { _id: 'r', v: 1 } });
  const tx = await db.startTransaction();
  expect((await tx.collection('t').doc('r').get()).data.v).toBe(1);
  await db
    .collection('t')
    .doc('r')
    .update({ data: { v: 2 } });
  await expect(tx.commit()).resolves.toBeDefined();
});

test('where-queries, counts, aggregations and multi-document writes are rejected inside a transaction', async () => {
  await db.collection('t').add({ data: { _id: 'w', v: 1 } });
  const tx = await db.startTransaction();
  const rejected = { errMsg: expect.stringContaining('not allowed in a transaction') };
  await expect(tx.collection('t').where({ v: 1 }).get()).rejects.toMatchObject(rejected);
  // The SDK sends no transactionId with these (they would run outside the transaction), so they go out raw.
  // wx-server-sdk wraps the database library's transaction, which holds the id.
  const transactionId = (
    tx as unknown as { _transaction: { getTransactionId(): string } }
  )._transaction.getTransactionId();
  expect(transactionId).toEqual(expect.any(String));
  const inTx = { collectionName: 't', queryType: 'WHERE', query: '{"v":{"$numberInt":"1"}}', transactionId };
  for (const body of [
    { action: 'database.calculateDocument', ...inTx },
    {
      action: 'database.modifyDocument',
      ...inTx,
      multi: true,
      merge: true,
      data: '{"$set":{"v":{"$numberInt":"2"}}}',
    },
    { action: 'database.removeDocument', ...inTx, multi: true },
    {
      action: 'database.aggregateDocuments',
      collectionName: 't',
      transactionId,
      stages: [{ stageKey: '$match', stageValue: '{}' }],
    },
  ]) {
    const answer = await rawCall(cloud.url, body);
    expect(answer).toMatchObject({
      code: 'DATABASE_TRANSACTION_FAIL',
      message: expect.stringContaining('not allowed in a transaction'),
    });
  }
  // The transaction itself is still usable for doc-by-id work, and nothing above changed the document.
  expect((await tx.collection('t').doc('w').get()).data.v).toBe(1);
  await tx
    .collection('t')
    .doc('w')
    .update({ data: { v: 5 } });
  await tx.commit();
  expect((await db.collection('t').doc('w').get()).data.v).toBe(5);
});

test('a transaction open past its timeout expires and its writes are dropped', async () => {
  cloud.engine.transactionTimeoutMs = 150;
  await db.collection('t').add({ data: { _id: 'e', v: 1 } });
  const tx = await db.startTransaction();
  await tx
    .collection('t')
    .doc('e')
    .update({ data: { v: 2 } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await expect(tx.collection('t').doc('e').get()).rejects.toMatchObject({
    errMsg: expect.stringContaining('expired'),
  });
  await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  expect((await db.collection('t').doc('e').get()).data.v).toBe(1);
});

test('unique indexes hold inside transactions and are checked again at commit', async () => {
  const tx = await db.startTransaction();
  await tx.collection('u').add({ data: { _id: 'x1', code: 'K' } });
  await expect(tx.collection('u').add({ data: { _id: 'x2', code: 'K' } })).rejects.toMatchObject({
    errMsg: expect.stringContaining('E11000'),
  });
  // Someone else takes code K first: the commit must fail rather than create a duplicate.
  await db.collection('u').add({ data: { _id: 'other', code: 'K' } });
  await expect(tx.commit()).rejects.toMatchObject({
    code: 'DATABASE_REQUEST_FAILED',
    message: expect.stringContaining('E11000'),
  });
  expect(
    (await db.collection('u').where({ code: 'K' }).get()).data.map((d: { _id: string }) => d._id),
  ).toEqual(['other']);
});

test('runTransaction returns the callback result and rolls back on a thrown error', async () => {
  await db.collection('t').add({ data: { _id: 'rb', v: 1 } });
  const result = await db.runTransaction(async (tx: Tx) => {
    await tx
      .collection('t')
      .doc('rb')
      .update({ data: { v: 2 } });
    return 'done';
  });
  expect(result).toBe('done');
  await expect(
    db.runTransaction(async (tx: Tx) => {
      await tx
        .collection('t')
        .doc('rb')
        .update({ data: { v: 3 } });
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  expect((await db.collection('t').doc('rb').get()).data.v).toBe(2);
});
