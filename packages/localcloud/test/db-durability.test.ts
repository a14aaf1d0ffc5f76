// Durability of the local database: a server process killed with SIGKILL mid-burst loses no acknowledged
// write and leaves no transaction half-applied; a torn last log line is ignored.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db, sdkFor, startTestCloud } from './support/sdk';

const root = path.join(__dirname, '..');

/** Starts test/support/serve-db.ts on `dataDir` in its own process; resolves once it listens. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/serve-db.ts', dataDir, '0', 'accounts,events'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve-db exited with ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

test('SIGKILL mid-burst: every acknowledged insert and transaction survives, no transaction is half-applied', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-durable-'));
  const first = await startChild(dataDir);
  let db: Db = sdkFor(first.url);
  const workers = 4;
  for (let w = 0; w < workers; w++) {
    await db.collection('accounts').add({ data: { _id: `a${w}`, n: 0 } });
    await db.collection('accounts').add({ data: { _id: `b${w}`, n: 0 } });
  }

  let killed = false;
  const ackedInserts: string[] = [];
  const ackedTransactions: string[] = [];
  const inserter = async (w: number) => {
    for (let i = 0; !killed; i++) {
      const id = `ev-${w}-${i}`;
      try {
        await db.collection('events').add({ data: { _id: id, w, i, at: new Date(), body: 'x'.repeat(200) } });
        ackedInserts.push(id);
      } catch {
        return;
      }
    }
  };
  // Each transaction moves one unit from a<w> to b<w> and records itself: a + b must stay 0 and b must equal
  // the number of records, whatever the crash cut.
  const transferer = async (w: number) => {
    for (let i = 0; !killed; i++) {
      const id = `tx-${w}-${i}`;
      try {
        await db.runTransaction(async (tx: Db) => {
          const a = (await tx.collection('accounts').doc(`a${w}`).get()).data;
          const b = (await tx.collection('accounts').doc(`b${w}`).get()).data;
          await tx
            .collection('accounts')
            .doc(`a${w}`)
            .update({ data: { n: a.n - 1 } });
          await tx
            .collection('accounts')
            .doc(`b${w}`)
            .update({ data: { n: b.n + 1 } });
          await tx.collection('events').add({ data: { _id: id, w, transfer: true } });
        });
        ackedTransactions.push(id);
      } catch {
        return;
      }
    }
  };
  const burst = [
    ...Array.from({ length: 8 }, (_, w) => inserter(w)),
    ...Array.from({ length: workers }, (_, w) => transferer(w)),
  ];
  while (ackedInserts.length < 300 || ackedTransactions.length < 40)
    await new Promise((r) => setTimeout(r, 5));
  first.child.kill('SIGKILL');
  killed = true;
  await exited(first.child);
  await Promise.all(burst);
  expect(first.child.signalCode).toBe('SIGKILL');

  const second = await startChild(dataDir);
  try {
    db = sdkFor(second.url);
    const present = new Set<string>();
    for (let offset = 0; ; offset += 1000) {
      const page = await db
        .collection('events')
        .orderBy('_id', 'asc')
        .skip(offset)
        .limit(1000)
        .field({ _id: true })
        .get();
      for (const doc of page.data) present.add(doc._id);
      if (page.data.length < 1000) break;
    }
    expect(ackedInserts.filter((id) => !present.has(id))).toEqual([]);
    expect(ackedTransactions.filter((id) => !present.has(id))).toEqual([]);
    for (let w = 0; w < workers; w++) {
      const a = (await db.collection('accounts').doc(`a${w}`).get()).data.n;
      const b = (await db.collection('accounts').doc(`b${w}`).get()).data.n;
      const records = (await db.collection('events').where({ w, transfer: true }).count()).total;
      expect({ w, sum: a + b, b }).toEqual({ w, sum: 0, b: records });
    }
    const sample = (await db.collection('events').doc(ackedInserts[0]).get()).data;
    expect(sample.at).toBeInstanceOf(Date);
  } finally {
    second.child.kill('SIGKILL');
    await exited(second.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a torn last log line is ignored on open, and data survives clean restarts', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-torn-'));
  const declared = { c: { indexes: [] } };
  try {
    let cloud = await startTestCloud({ dataDir, declared });
    let db = sdkFor(cloud.url);
    await db.collection('c').add({ data: { _id: 'kept', when: new Date(42) } });
    await db
      .collection('c')
      .doc('kept')
      .update({ data: { n: db.command.inc(1) } });
    await cloud.stop();
    // What a kill in the middle of writeSync leaves behind.
    fs.appendFileSync(
      path.join(dataDir, 'changes.log'),
      '{"seq":99,"ops":[{"c":"c","id":"torn","d":{"_id":"to',
    );

    cloud = await startTestCloud({ dataDir, declared });
    db = sdkFor(cloud.url);
    expect((await db.collection('c').get()).data).toEqual([{ _id: 'kept', when: new Date(42), n: 1 }]);
    await db.collection('c').add({ data: { _id: 'after' } });
    await cloud.stop();
    // Opening compacted the log into the snapshot, so the torn bytes are gone for good.
    expect(fs.readFileSync(path.join(dataDir, 'changes.log'), 'utf8')).not.toContain('torn');

    cloud = await startTestCloud({ dataDir, declared });
    db = sdkFor(cloud.url);
    expect(
      (await db.collection('c').orderBy('_id', 'asc').get()).data.map((d: { _id: string }) => d._id),
    ).toEqual(['after', 'kept']);
    await cloud.stop();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
