// A database-only local cloud for tests: the engine behind the HTTP server on a temp data dir, and a real
// wx-server-sdk `db` pointed at it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Clock } from '../../src/clock';
import { databaseApi } from '../../src/db/api';
import { DeclaredCollections, Engine } from '../../src/db/engine';
import { startHttpServer } from '../../src/server';

/**
 * wx-server-sdk's own typings answer every call with a callback-style `string | void | Result` union and miss
 * options such as throwOnNotFound, so tests hold the db untyped and assert on what actually comes back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = any;

export interface TestCloud {
  url: string;
  port: number;
  dataDir: string;
  engine: Engine;
  clock: Clock;
  stop(): Promise<void>;
}

export interface TestCloudOptions {
  declared?: DeclaredCollections;
  /** Reuse a data dir (durability tests); a fresh temp dir otherwise, removed on stop. */
  dataDir?: string;
  transactionTimeoutMs?: number;
}

export async function startTestCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-db-'));
  const clock = new Clock();
  const engine = new Engine({
    dataDir,
    declared: opts.declared,
    transactionTimeoutMs: opts.transactionTimeoutMs,
  });
  const server = await startHttpServer({ port: 0, clock, api: databaseApi(engine, clock), routes: [] });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    port: server.port,
    dataDir,
    engine,
    clock,
    async stop() {
      await server.close();
      engine.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A wx-server-sdk database talking to `url`. The SDK reads its endpoint and identity from process env
 * (per request), so the last call wins for every `db` in this process.
 */
export function sdkFor(url: string): Db {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: url + '/admin' });
  process.env.TENCENTCLOUD_SECRETID = 'local';
  process.env.TENCENTCLOUD_SECRETKEY = 'local';
  process.env.TENCENTCLOUD = 'true';
  process.env.SCF_NAMESPACE = 'local';
  process.env.TCB_ENV = 'local';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  return cloud.database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0]);
}

/** POSTs a raw action body to the server, as the SDK would, and returns the parsed answer. */
export async function rawCall(url: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/admin?env=local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
