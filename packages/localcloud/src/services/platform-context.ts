// What the platform's groups of openapis share: its state and settings, and the helpers that answer
// in the platform's shape ({ errcode, errmsg, ... }) and parse the local cloud's JSON routes.
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import { Route, sendJson } from '../server';
import type { OpenApiAnswer } from './openapi';
import type { PaymentLookup } from './payments-view';
import type { ShippingRecord } from './shipping';

/** What the platform remembers between calls (and across restarts). */
export interface PlatformState {
  /** 发货信息 per payment, by transaction_id. */
  shipping: Record<string, ShippingRecord>;
  /** One-time subscribe-message grants: openid → template id → sends left. */
  grants: Record<string, Record<string, number>>;
  /** When a waybill was first asked about, for waybills the platform never saw shipped: `company|no` → ms. */
  waybills: Record<string, number>;
}

export interface PlatformSettings {
  /**
   * How long after payment the order-shipping system knows a payment. Until then uploads and queries
   * answer 10060001 支付单不存在, as right after payment on the platform ("入库" takes seconds to a minute).
   */
  ingestDelayMs: number;
  /** Words msgSecCheck finds risky (substring, case-insensitive). */
  riskyWords: string[];
  /** The label a risky word is reported with (20006 违法犯罪, 21000 其他 …). */
  riskyLabel: number;
  /** wxa.sec.order.isTradeManaged's answer. */
  tradeManaged: boolean;
}

/** Everything a group of APIs needs from the platform. */
export interface PlatformContext {
  clock: Clock;
  appId: string;
  state: PlatformState;
  settings: PlatformSettings;
  payments: PaymentLookup;
  /** Pages of the mini-program's app.json, when known (subscribe message `page`). */
  pages: () => Set<string> | undefined;
  save(): void;
}

export function wxAnswer(
  errcode: number,
  errmsg: string,
  extra: Record<string, unknown> = {},
): OpenApiAnswer {
  return { json: { errcode, errmsg, ...extra } };
}

export function ok(extra: Record<string, unknown> = {}): OpenApiAnswer {
  return wxAnswer(0, 'ok', extra);
}

/** Strings cut to 200 characters, arrays to 20 items: enough to see what was sent. */
export function summarise(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value.length > 200 ? `${value.slice(0, 200)}…(${value.length})` : value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) {
    const items = value.slice(0, 20).map((item) => summarise(item, depth + 1));
    return value.length > 20 ? [...items, `…(${value.length} items)`] : items;
  }
  if (value && typeof value === 'object') {
    if (depth > 6) return '…';
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, summarise(item, depth + 1)]));
  }
  return value;
}

export function readJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  return parsed as Record<string, unknown>;
}

/** A route whose body must be a JSON object; answers 400 otherwise. */
export function jsonRoute(
  method: Route['method'],
  pathPattern: RegExp,
  handle: (
    body: Record<string, unknown>,
    match: RegExpMatchArray,
    req: IncomingMessage,
  ) => { status: number; value: unknown } | Promise<{ status: number; value: unknown }>,
): Route {
  return {
    method,
    path: pathPattern,
    async handle(req: IncomingMessage, res: ServerResponse, match, raw) {
      let body: Record<string, unknown>;
      try {
        body = readJsonBody(raw);
      } catch {
        return sendJson(res, 400, { errCode: 400, errMsg: 'the body must be a JSON object' });
      }
      const { status, value } = await handle(body, match, req);
      sendJson(res, status, value);
    },
  };
}

export function badRequest(errMsg: string) {
  return { status: 400, value: { errCode: 400, errMsg } };
}
