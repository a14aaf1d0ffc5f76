// THE shared end-to-end harness: the shop's local cloud (scripts/start/shop-cloud) on a temp data dir, with the
// committed function bundles, reached over HTTP exactly as the mini-program's local mode reaches it.
//
//   const cloud = await startCloud();
//   const answer = await cloud.call('join', 'enter', { scene: 'i=AB3DEF' }, 'user-1'); // the envelope
//   await cloud.setSettings({ binding: { mode: 'validity' } });                       // via admin settings.update
//   await cloud.advanceClock(31 * DAY);                                               // POST /_clock
//   await cloud.stop();
//
// The settings document is seeded with the defaults, `adminOpenid` as the only admin and a test
// sub-merchant id. `cloud.local` is the running local cloud (engine, clock, storage, pay) for assertions
// and fixtures that have no action of their own. Test files must not import core/data or core/handler
// (the zod locale they load is ESM, which Jest's CommonJS runtime cannot require).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COLLECTION_NAMES } from '../../core/data/collections';
import { DEFAULT_SETTINGS, Settings, SettingsPatch } from '../../core/domain/settings';
import type { Envelope } from '../../core/errors';
import { ShopCloud, startShopCloud } from '../../scripts/start/shop-cloud';

export const DAY = 86_400_000;
export const ADMIN = 'test-admin';
/** core/data/settings.ts's id (not imported: that module pulls in the SDK wrapper). */
const SETTINGS_ID = 'global';
/** A sub-merchant id so order.pay works against the local cloudPay simulator out of the box. */
export const TEST_SUB_MCH_ID = '1900000109';

// Answers are JSON, so a loose `data` keeps tests readable; the envelope's shape is still checked.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = Envelope<any>;

export interface TestCloud {
  url: string;
  adminOpenid: string;
  local: ShopCloud;
  /** Calls `fn` with `{ action, ...data }` as `openid` (none: an anonymous/platform call); the envelope. */
  call(fn: string, action: string, data?: Record<string, unknown>, openid?: string): Promise<Answer>;
  /** Like call, but unwraps `ok` and throws with the error code otherwise. */
  ok(fn: string, action: string, data?: Record<string, unknown>, openid?: string): Promise<any>;
  /** POST /functions/<fn> with any body: the HTTP status and parsed JSON (`{ result }` or `{ errCode, errMsg }`). */
  callRaw(fn: string, event: unknown, openid?: string): Promise<{ status: number; body: any }>;
  /** An order as the merchant sees it (admin orders.list found by its number): referrer and preview included. */
  adminOrder(orderId: string): Promise<any>;
  /**
   * The buyer confirms receipt of a shipped order as the page does: in WeChat's confirm-receipt component
   * (the local platform's POST /_openapi/confirm-receipt), then order.confirm. Answers the buyer's order.
   */
  receive(orderId: string, openid: string): Promise<any>;
  /** Moves the virtual clock that functions read (and runs what became due). */
  advanceClock(ms: number): Promise<void>;
  /** Deep-merges `patch` into the settings through admin `settings.update`. */
  setSettings(patch: SettingsPatch): Promise<Settings>;
  /** Every document of every collection, as JSON: compare before/after to prove nothing was written. */
  snapshot(collections?: string[]): string;
  stop(): Promise<void>;
}

/**
 * The buyer confirms receipt in WeChat's component (the local platform's POST /_openapi/confirm-receipt),
 * as the order page does before order.confirm; only a shipment uploaded to WeChat is confirmed there.
 */
export async function confirmInWeChat(
  url: string,
  order: { payment?: { transactionId?: string }; shippingUpload?: { state: string } } | undefined,
  openid: string,
): Promise<void> {
  const transactionId = order?.payment?.transactionId;
  if (!transactionId || order?.shippingUpload?.state !== 'uploaded') return;
  const res = await fetch(`${url}/_openapi/confirm-receipt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, transaction_id: transactionId }),
  });
  const body = (await res.json()) as any;
  if (body?.extraData?.status !== 'success')
    throw new Error(`confirm-receipt of ${transactionId}: ${JSON.stringify(body)}`);
}

export async function startCloud(options: { adminOpenid?: string } = {}): Promise<TestCloud> {
  const adminOpenid = options.adminOpenid ?? ADMIN;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fenxiao-e2e-'));
  const local = await startShopCloud({ port: 0, dataDir, adminOpenid, quiet: true });
  local.engine.insert('settings', [
    {
      _id: SETTINGS_ID,
      ...DEFAULT_SETTINGS,
      admins: [adminOpenid],
      payment: { provider: 'cloudPay', subMchId: TEST_SUB_MCH_ID },
    },
  ]);

  const callRaw = async (fn: string, event: unknown, openid?: string) => {
    const res = await fetch(`${local.url}/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      body: JSON.stringify(event),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  const call = async (fn: string, action: string, data: Record<string, unknown> = {}, openid?: string) => {
    const { status, body } = await callRaw(fn, { ...data, action }, openid);
    if (status !== 200 || !body || !('result' in body)) {
      throw new Error(`${fn}.${action} did not answer: HTTP ${status} ${JSON.stringify(body)}`);
    }
    return body.result as Answer;
  };

  const cloud: TestCloud = {
    url: local.url,
    adminOpenid,
    local,
    call,
    callRaw,
    async ok(fn, action, data, openid) {
      const answer = await call(fn, action, data, openid);
      if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.code} ${answer.error.message}`);
      return answer.data;
    },
    async adminOrder(orderId) {
      const page = await cloud.ok('admin', 'orders.list', { q: orderId }, adminOpenid);
      if (page.items.length !== 1) throw new Error(`order ${orderId} not found by the merchant`);
      return page.items[0];
    },
    async receive(orderId, openid) {
      const [order] = local.engine.find('orders', { query: { _id: orderId } });
      await confirmInWeChat(local.url, order as any, openid);
      return (await cloud.ok('order', 'confirm', { orderId }, openid)).order;
    },
    async advanceClock(ms) {
      const res = await fetch(`${local.url}/_clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: ms }),
      });
      if (res.status !== 200) throw new Error(`POST /_clock answered ${res.status}`);
    },
    async setSettings(patch) {
      const answer = await call('admin', 'settings.update', { settings: patch }, adminOpenid);
      if (!answer.ok)
        throw new Error(`settings.update refused: ${answer.error.code} ${answer.error.message}`);
      return answer.data.settings as Settings;
    },
    snapshot(collections = COLLECTION_NAMES) {
      return JSON.stringify(collections.map((name) => [name, local.engine.find(name, { limit: 1000 })]));
    },
    async stop() {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cloud;
}
