// A stand-in for the local cloud's HTTP face in page tests that need scripted answers (error states, paging):
// it answers POST /functions/<name> and /_pay/<no> the way the local cloud does, from a table of handlers.
import type { HttpResponse } from '../../../miniprogram/services/client';
import { TestPlatform } from './platform';

export type Handler = (event: Record<string, unknown>, openid: string) => unknown;

export interface FakeCloud {
  platform: TestPlatform;
  calls: { fn: string; action: string; event: Record<string, unknown> }[];
  paid: string[];
  /** `fn.action` → handler; a thrown { code, message } becomes an error envelope. */
  on(key: string, handler: Handler): void;
}

export function fakeCloud(): FakeCloud {
  const handlers = new Map<string, Handler>();
  const calls: FakeCloud['calls'] = [];
  const paid: string[] = [];
  const storage = new Map<string, unknown>();
  const answer = (url: string, data: unknown, header: Record<string, string> = {}): HttpResponse => {
    const pay = /\/_pay\/(.+)$/.exec(url);
    if (pay) {
      paid.push(decodeURIComponent(pay[1]!));
      return { statusCode: 200, data: { ok: true } };
    }
    const fn = /\/functions\/([\w-]+)$/.exec(url)![1]!;
    const event = data as Record<string, unknown>;
    const action = String(event.action);
    calls.push({ fn, action, event });
    const handler = handlers.get(`${fn}.${action}`);
    if (!handler)
      return {
        statusCode: 200,
        data: { result: { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'unknown action' } } },
      };
    try {
      return {
        statusCode: 200,
        data: { result: { ok: true, data: handler(event, header['x-wx-openid'] ?? '') } },
      };
    } catch (error) {
      const { code, message } = error as { code: string; message: string };
      return { statusCode: 200, data: { result: { ok: false, error: { code, message } } } };
    }
  };
  const platform: TestPlatform = {
    storage,
    payments: [],
    requests: [],
    callFunction: () => Promise.reject({ errMsg: 'not in tests' }),
    request: async (options) => {
      platform.requests.push({ url: options.url, data: options.data, header: options.header });
      return answer(options.url, JSON.parse(JSON.stringify(options.data ?? {})), options.header);
    },
    requestMerchantTransfer: async () => undefined,
    requestPayment: async (payment) => void platform.payments.push(payment),
    getStorage: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorage: (key, value) => void storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorage: (key) => void storage.delete(key),
  };
  return { platform, calls, paid, on: (key, handler) => void handlers.set(key, handler) };
}

/** The services of one mount wired to `platform` in local mode (pass as BuiltMiniprogram.prepare). */
export function wireServices(platform: TestPlatform, url = 'http://fake-cloud', openid = 'shopper') {
  return (req: <T>(modulePath: string) => T) => {
    const client = req<typeof import('../../../miniprogram/services/client')>('services/client');
    client.setPlatform(platform);
    client.configure({ mode: 'local', localUrl: url, localOpenid: openid });
  };
}
