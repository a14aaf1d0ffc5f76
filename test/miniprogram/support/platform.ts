// The services' Platform for tests: real HTTP to the local cloud (wx.request's stand-in), storage in memory,
// and the device-only cashier (wx.requestPayment) recorded rather than shown.
import http from 'node:http';
import type { HttpResponse, Platform } from '../../../miniprogram/services/client';
import type { Payment } from '../../../miniprogram/services/api';

export interface TestPlatform extends Platform {
  storage: Map<string, unknown>;
  payments: Payment[];
  requests: { url: string; data: unknown; header?: Record<string, string> }[];
}

/** POSTs JSON to the local cloud over loopback (jsdom has no fetch). */
export function post(url: string, body: unknown, header: Record<string, string> = {}): Promise<HttpResponse> {
  return send(url, 'POST', body, header);
}

/**
 * wx.request over loopback: JSON, or for an ArrayBuffer (or Buffer) body its bytes as they are — the PUT of a
 * file to the local cloud's storage.
 */
export function send(
  url: string,
  method: string,
  body: unknown,
  header: Record<string, string> = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const binary = body instanceof ArrayBuffer || Buffer.isBuffer(body) || ArrayBuffer.isView(body);
    const payload = binary
      ? Buffer.from(body instanceof ArrayBuffer ? new Uint8Array(body) : (body as Uint8Array))
      : Buffer.from(JSON.stringify(body ?? {}));
    const req = http.request(
      url,
      {
        method,
        headers: {
          'content-type': binary ? 'application/octet-stream' : 'application/json',
          ...header,
          'content-length': payload.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let data: unknown = raw;
          try {
            data = JSON.parse(raw);
          } catch {
            // wx.request leaves non-JSON bodies as text too
          }
          resolve({ statusCode: res.statusCode ?? 0, data });
        });
      },
    );
    req.on('error', (error) => reject({ errMsg: `request:fail ${error.message}` }));
    req.end(payload);
  });
}

export function httpPlatform(): TestPlatform {
  const storage = new Map<string, unknown>();
  const payments: Payment[] = [];
  const requests: TestPlatform['requests'] = [];
  return {
    storage,
    payments,
    requests,
    callFunction: () =>
      Promise.reject({ errMsg: 'cloud.callFunction:fail not available in tests (use local mode)' }),
    request: (options) => {
      requests.push({ url: options.url, data: options.data, header: options.header });
      return send(options.url, options.method, options.data, options.header);
    },
    // Cloud mode's device APIs (local mode goes through request instead).
    requestSubscribeMessage: async (tmplIds) =>
      Object.fromEntries(tmplIds.map((id) => [id, 'accept'])) as Record<string, string>,
    uploadFile: async (cloudPath) => `cloud://test-env.test-bucket/${cloudPath}`,
    readFile: async () => new ArrayBuffer(0),
    requestMerchantTransfer: async () => undefined,
    requestPayment: (payment) => {
      payments.push(payment);
      return Promise.resolve();
    },
    // The buyer confirms in WeChat's component (local mode asks the local cloud instead; this is cloud mode's).
    openBusinessView: async () => ({ extraData: { status: 'success' } }),
    getStorage: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorage: (key, value) => void storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorage: (key) => void storage.delete(key),
  };
}

/** Calls a function over HTTP as `openid` and unwraps the envelope (fixtures: admin setup, the distributor's own calls). */
export async function callAs<T = any>(
  url: string,
  openid: string,
  fn: string,
  action: string,
  data: object = {},
): Promise<T> {
  const response = await post(`${url}/functions/${fn}`, { ...data, action }, { 'x-wx-openid': openid });
  const result = (response.data as { result?: { ok: boolean; data?: T; error?: unknown } }).result;
  if (!result?.ok) throw new Error(`${fn}.${action} failed: ${JSON.stringify(response.data)}`);
  return result.data as T;
}

/** The `wx` network and storage of a page test, real: wx.request is an HTTP request to the local cloud. */
export function realWxNetwork(storage = new Map<string, unknown>()) {
  return {
    request: (options: {
      url: string;
      method?: string;
      data?: unknown;
      header?: Record<string, string>;
      success?: (res: { statusCode: number; data: unknown }) => void;
      fail?: (error: unknown) => void;
    }) => {
      send(options.url, options.method ?? 'GET', options.data, options.header).then(
        (res) => options.success?.(res),
        (error) => options.fail?.(error),
      );
    },
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorageSync: (key: string) => void storage.delete(key),
    storage,
  };
}
