// Shared fixtures of the WeChat Pay v3 and transfer scenarios: a local cloud with a small shop (A recruited
// B, B recruited the shopper C), calls through the function host, and notifications posted like the platform.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS, deepMerge, SettingsPatch } from '../../core/domain/settings';
import { ShopCloud, startShopCloud } from '../../scripts/start/shop-cloud';
import { productDoc as product, userDoc } from '../support/fixtures';

export const DAY = 86_400_000;
export const ADMIN = 'merchant';

export type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

export const address = {
  userName: '张三',
  telNumber: '13800000000',
  provinceName: '广东省',
  cityName: '广州市',
  countyName: '天河区',
  detailInfo: '体育西路 1 号',
};

export interface Shop {
  cloud: ShopCloud;
  call(fn: string, action: string, data: Record<string, unknown>, openid: string): Promise<Envelope>;
  ok(fn: string, action: string, data: Record<string, unknown>, openid: string): Promise<any>;
  docs(collection: string, query?: Record<string, unknown>): Record<string, any>[];
  get(collection: string, id: string): Record<string, any> | null;
  /** The money collections as JSON: compare before/after to prove nothing was written. */
  snapshot(): string;
  /** POSTs a notification body to payNotifyV3's HTTP access address, as the platform does. */
  notify(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
  /** POST /_clock: moves the virtual clock and runs what came due. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startShop(patch: SettingsPatch): Promise<Shop> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fenxiao-v3-'));
  const cloud = await startShopCloud({ port: 0, dataDir, adminOpenid: ADMIN, quiet: true });
  cloud.engine.insert('settings', [
    { _id: 'global', ...deepMerge(DEFAULT_SETTINGS, { ...patch, admins: [ADMIN] }) },
  ]);
  cloud.engine.insert('users', [
    userDoc('A', null, 'active', cloud.clock.date()),
    userDoc('B', 'A', 'active', cloud.clock.date()),
    userDoc('C', 'B', 'none', cloud.clock.date()),
  ]);
  cloud.engine.insert('products', [product('p999', 9990), product('pcheap', 19)]);

  const call = async (fn: string, action: string, data: Record<string, unknown>, openid: string) => {
    const outcome = await cloud.invoke(fn, { action, ...data }, openid);
    if (!outcome.ok) throw new Error(`${fn}.${action} crashed: ${outcome.errMsg}`);
    return outcome.result as Envelope;
  };
  const docs = (collection: string, query: Record<string, unknown> = {}) =>
    cloud.engine.find(collection, { query, limit: 1000 }) as Record<string, any>[];
  return {
    cloud,
    call,
    async ok(fn, action, data, openid) {
      const answer = await call(fn, action, data, openid);
      if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.code} ${answer.error.message}`);
      return answer.data;
    },
    docs,
    get: (collection, id) => cloud.engine.getById(collection, id) as Record<string, any> | null,
    snapshot: () =>
      JSON.stringify(
        ['orders', 'commissions', 'accounts', 'withdrawals', 'refunds', 'users'].map((name) => docs(name)),
      ),
    async notify(body, headers) {
      const res = await fetch(`${cloud.url}/http/payNotifyV3`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: res.status, text: await res.text() };
    },
    async advance(ms) {
      const res = await fetch(`${cloud.url}/_clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: ms }),
      });
      if (res.status !== 200) throw new Error(`POST /_clock answered ${res.status}`);
    },
    async stop() {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
