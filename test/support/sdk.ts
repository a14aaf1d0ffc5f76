// A database-only local cloud (@fenxiao/localcloud with no functions) on a temp data dir, and a real
// wx-server-sdk `db` pointed at it: the database benchmarks of scripts/bench use these.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Clock, CollectionDeclarations, Engine, startLocalCloud } from '@fenxiao/localcloud';

/**
 * wx-server-sdk's own typings answer every call with a callback-style `string | void | Result` union and miss
 * options such as throwOnNotFound, so callers hold the db untyped and use what actually comes back.
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
  declared?: CollectionDeclarations;
  /** Reuse a data dir; a fresh temp dir otherwise, removed on stop. */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export async function startTestCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-db-'));
  // No scheduler ticks: nothing here is timed.
  const cloud = await startLocalCloud({
    port: opts.port ?? 0,
    dataDir,
    collections: opts.declared,
    quiet: true,
    tickMs: 3600_000,
  });
  return {
    url: cloud.url,
    port: cloud.port,
    dataDir,
    engine: cloud.engine,
    clock: cloud.clock,
    async stop() {
      await cloud.stop();
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
