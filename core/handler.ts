// The handler wrapper: every cloud function is its contract table (core/contracts) with one handler per
// action, run through defineFunction, which checks who may call, parses the event strictly with the
// action's schema, takes identity from the WeChat context only, and always answers the envelope
// (nothing is thrown across callFunction).
import { $ZodError, config } from 'zod/v4/core';
import zhCN from 'zod/v4/locales/zh-CN.js';
import type { AnswerOf, ContractTable, ParsedOf } from './contracts/contract';
import { initCloud } from './data/cloud';
import { AppError, Envelope } from './errors';

/** "1 或 2", "a、b 或 c": how the allowed values are listed in a message. */
function listed(values: readonly unknown[]): string {
  const words = values.map((value) => String(value));
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join('、')} 或 ${words.at(-1)}`;
}

config({
  ...zhCN(),
  customError: (issue) => {
    if (issue.code === 'invalid_value') return `只能是 ${listed(issue.values)}`;
    if (issue.code === 'unrecognized_keys') return `不认识的字段：${issue.keys.join('、')}`;
    return undefined;
  },
});

export interface ActionContext {
  /** The caller's openid from getWXContext(); '' for a platform call (timer, payment callback). */
  openid: string;
  appid: string;
  requestId: string;
  /** Read once per invocation so a use case sees one consistent "now". */
  now: Date;
}

export type Handler<C> = (input: ParsedOf<C>, ctx: ActionContext) => Promise<AnswerOf<C>>;
export type Handlers<T extends ContractTable> = { [K in keyof T]: Handler<T[K]> };

export interface Guards {
  /** Refuses a caller who is not one of the merchant's admins (throws PERMISSION_DENIED). */
  admin?: (ctx: ActionContext) => Promise<void>;
}

interface CloudContext {
  request_id?: string;
  requestId?: string;
}

function fieldMessages(error: $ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    // Each unknown key is a field of its own, so a form can point at it.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const path = [...issue.path, ...(key === undefined ? [] : [key])].join('.') || '(root)';
      fields[path] ??= key === undefined ? issue.message : '不认识的字段';
    }
  }
  return fields;
}

export function toEnvelopeError(error: unknown, requestId: string): Envelope<never> {
  if (error instanceof AppError) {
    return { ok: false, error: { code: error.code, message: error.message } };
  }
  if (error instanceof $ZodError) {
    const fields = fieldMessages(error);
    const summary = [...new Set(error.issues.map((issue) => describe(issue.path, issue.message)))].join('；');
    return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `参数错误：${summary}`, fields } };
  }
  console.error(`[${requestId}] internal error`, error);
  return {
    ok: false,
    error: { code: 'INTERNAL', message: `服务暂时不可用，请稍后再试（${requestId}）`, requestId },
  };
}

const describe = (path: PropertyKey[], message: string) =>
  path.length > 0 ? `${path.map(String).join('.')} ${message}` : message;

/** Keys the platform adds to a mini-program's event; they are not the caller's input. */
const PLATFORM_KEYS = ['action', 'userInfo'];

function inputOf(event: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...event };
  for (const key of PLATFORM_KEYS) delete rest[key];
  return rest;
}

/** Builds a cloud function's `main` from its contract table and one handler per action. */
export function defineFunction<T extends ContractTable>(
  contracts: T,
  handlers: Handlers<T>,
  guards: Guards = {},
) {
  const names = Object.keys(contracts);
  for (const name of names) {
    if (contracts[name]!.access === 'admin' && !guards.admin)
      throw new Error(`action ${name} is admin-only but the function has no admin guard`);
  }
  const available = `（可用：${names.join('、')}）`;
  return async function main(event: unknown, context: CloudContext = {}): Promise<Envelope<unknown>> {
    const requestId = context.request_id ?? context.requestId ?? `req-${Date.now().toString(36)}`;
    try {
      const body = event && typeof event === 'object' ? (event as Record<string, unknown>) : {};
      const name = typeof body.action === 'string' ? body.action : undefined;
      if (name === undefined) throw new AppError('INVALID_ARGUMENT', `缺少 action${available}`);
      if (!Object.prototype.hasOwnProperty.call(contracts, name))
        throw new AppError('INVALID_ARGUMENT', `未知的 action：${name}${available}`);
      const contract = contracts[name]!;
      const wx = initCloud().getWXContext();
      const openid = String(wx.OPENID ?? '');
      if (!openid && contract.access !== 'platform') throw new AppError('UNAUTHENTICATED', '未登录');
      const ctx: ActionContext = { openid, appid: String(wx.APPID ?? ''), requestId, now: new Date() };
      // The caller's right to act is checked before their input is even read.
      if (contract.access === 'admin') await guards.admin!(ctx);
      const input = contract.input.parse(inputOf(body));
      const data = await (handlers[name] as Handler<T[string]>)(input as ParsedOf<T[string]>, ctx);
      return { ok: true, data };
    } catch (error) {
      return toEnvelopeError(error, requestId);
    }
  };
}

/**
 * Builds the `main` of a platform callback function (payment and refund results): it answers
 * WeChat Pay's `{ errcode, errmsg }`, and only errcode 0 stops the platform from retrying.
 */
export function defineCallback(
  handle: (event: Record<string, unknown>, ctx: ActionContext) => Promise<void>,
) {
  return async function main(
    event: unknown,
    context: CloudContext = {},
  ): Promise<{ errcode: number; errmsg: string }> {
    const requestId = context.request_id ?? context.requestId ?? `req-${Date.now().toString(36)}`;
    try {
      const wx = initCloud().getWXContext();
      // A mini-program client calling this function has an OPENID; the platform's callback has none.
      if (wx.OPENID) return { errcode: 403, errmsg: 'callbacks come from the platform only' };
      const body = event && typeof event === 'object' ? (event as Record<string, unknown>) : {};
      await handle(body, { openid: '', appid: String(wx.APPID ?? ''), requestId, now: new Date() });
      return { errcode: 0, errmsg: 'OK' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[${requestId}] callback not accepted: ${message}`);
      return { errcode: error instanceof AppError ? 400 : 500, errmsg: message };
    }
  };
}
