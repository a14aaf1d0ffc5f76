// The handler wrapper: every cloud function is a table of actions run through defineFunction, which
// parses the event with the action's schema, takes identity from the WeChat context only, and always
// answers the envelope of API.md (nothing is thrown across callFunction).
import cloud from 'wx-server-sdk';
import type * as z from 'zod/mini';
import { $ZodError, config } from 'zod/v4/core';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { AppError, Envelope } from './errors';

config(zhCN());

export interface ActionContext {
  /** The caller's openid from getWXContext(); '' for a platform call (timer, payment callback). */
  openid: string;
  appid: string;
  requestId: string;
  /** Read once per invocation so a use case sees one consistent "now". */
  now: Date;
}

export interface Action<S extends z.ZodMiniType = z.ZodMiniType, R = unknown> {
  input: S;
  /** Platform-originated actions (timers, callbacks) run without an OPENID. */
  anonymous?: boolean;
  run(input: z.infer<S>, ctx: ActionContext): Promise<R>;
}

export function action<S extends z.ZodMiniType, R>(
  input: S,
  run: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
  options: { anonymous?: boolean } = {},
): Action<S, R> {
  return { input, run, ...options };
}

let initialised = false;
export function initCloud(): typeof cloud {
  if (!initialised) {
    // The typings declare a string, but the SDK exports a symbol that resolves to the running env.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

interface CloudContext {
  request_id?: string;
  requestId?: string;
}

function fieldMessages(error: $ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '(root)';
    fields[path] ??= issue.message;
  }
  return fields;
}

export function toEnvelopeError(error: unknown, requestId: string): Envelope<never> {
  if (error instanceof AppError) {
    return { ok: false, error: { code: error.code, message: error.message } };
  }
  if (error instanceof $ZodError) {
    const fields = fieldMessages(error);
    const summary = Object.entries(fields)
      .map(([path, message]) => `${path}: ${message}`)
      .join('; ');
    return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `参数错误 ${summary}`, fields } };
  }
  console.error(`[${requestId}] internal error`, error);
  return {
    ok: false,
    error: { code: 'INTERNAL', message: `服务暂时不可用，请稍后再试（${requestId}）`, requestId },
  };
}

/** Builds a cloud function's `main` from its action table. */
export function defineFunction(actions: Record<string, Action>) {
  return async function main(event: unknown, context: CloudContext = {}): Promise<Envelope<unknown>> {
    const requestId = context.request_id ?? context.requestId ?? `req-${Date.now().toString(36)}`;
    try {
      const name =
        event && typeof event === 'object' && typeof (event as { action?: unknown }).action === 'string'
          ? (event as { action: string }).action
          : undefined;
      const act =
        name !== undefined && Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
      if (!act) {
        throw new AppError('INVALID_ARGUMENT', name === undefined ? '缺少 action' : `未知的 action：${name}`);
      }
      const wx = initCloud().getWXContext();
      const openid = String(wx.OPENID ?? '');
      if (!openid && !act.anonymous) throw new AppError('UNAUTHENTICATED', '未登录');
      const input = act.input.parse(event);
      const data = await act.run(input, {
        openid,
        appid: String(wx.APPID ?? ''),
        requestId,
        now: new Date(),
      });
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
