// The local cloud every benchmark runs in: a fresh data folder, the latency model at `latencyMs` for
// database and platform calls alike, and everything removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scriptPort, ShopCloud as LocalCloud, startShopCloud } from '../start/shop-cloud';

export type { LocalCloud };

/** The merchant's openid in every benchmark. */
export const ADMIN = 'bench-admin';

export async function withCloud<T>(latencyMs: number, work: (cloud: LocalCloud) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const cloud = await startShopCloud({
    port: scriptPort(),
    dataDir,
    adminOpenid: ADMIN,
    quiet: true,
    dbLatencyMs: latencyMs,
    apiLatencyMs: latencyMs,
  });
  try {
    return await work(cloud);
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
