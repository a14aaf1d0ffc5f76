// Database throughput through the real wx-server-sdk against an in-process local cloud: doc gets/s, inserts/s,
// and a 50,000-document aggregation.
import { sdkFor, startTestCloud } from '../../test/support/sdk';
import { scriptPort } from '../start/shop-cloud';

export interface DbBenchResult {
  docGetsPerSecond: number;
  insertsPerSecond: number;
  /** Milliseconds for a $group over 50,000 documents, measured in the engine (no HTTP). */
  aggregate50kMs: number;
}

async function timed(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await op(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(total / seconds);
}

export async function runDbBench(
  options: { gets?: number; inserts?: number; concurrency?: number } = {},
): Promise<DbBenchResult> {
  const { gets = 5000, inserts = 2000, concurrency = 20 } = options;
  const cloud = await startTestCloud({
    port: scriptPort(),
    declared: { bench: { indexes: [] }, big: { indexes: [] } },
  });
  try {
    const db = sdkFor(cloud.url);
    for (let i = 0; i < 100; i++)
      await db.collection('bench').add({ data: { _id: `d${i}`, n: i, at: new Date() } });
    // Warm up first: the SDK's request path and ours are JIT-compiled by V8 during the first few hundred calls.
    await timed(1000, concurrency, (i) =>
      db
        .collection('bench')
        .doc(`d${i % 100}`)
        .get(),
    );
    await timed(300, concurrency, (i) => db.collection('bench').add({ data: { warm: i } }));
    const docGetsPerSecond = await timed(gets, concurrency, (i) =>
      db
        .collection('bench')
        .doc(`d${i % 100}`)
        .get(),
    );
    const insertsPerSecond = await timed(inserts, concurrency, (i) =>
      db.collection('bench').add({ data: { i, tag: `t${i % 7}`, at: new Date() } }),
    );

    cloud.engine.insert(
      'big',
      Array.from({ length: 50_000 }, (_, i) => ({ i, group: `g${i % 50}`, fen: i % 1000, at: new Date() })),
    );
    const started = process.hrtime.bigint();
    const groups = cloud.engine.aggregate('big', [
      { $group: { _id: '$group', total: { $sum: '$fen' }, n: { $sum: 1 } } },
      { $sort: { total: -1 } },
      { $limit: 100 },
    ]);
    const aggregate50kMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    if (groups.length !== 50) throw new Error(`aggregation returned ${groups.length} groups`);
    return { docGetsPerSecond, insertsPerSecond, aggregate50kMs };
  } finally {
    await cloud.stop();
  }
}

if (require.main === module) {
  runDbBench().then(
    (result) => {
      console.log(`doc gets/s:        ${result.docGetsPerSecond}`);
      console.log(`inserts/s:         ${result.insertsPerSecond}`);
      console.log(`aggregate 50k ms:  ${result.aggregate50kMs}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
