// Builds the `main` of a function reached through the cloud function HTTP access service (WeChat Pay v3
// posts there): the platform's HTTP event in, an integrated HTTP answer out, nothing thrown.
import { initCloud } from '../../data/cloud';
import type { ActionContext } from '../../handler';
import type { HttpAnswer, HttpEvent } from './notify-v3';

interface CloudContext {
  request_id?: string;
  requestId?: string;
}

export function defineHttpCallback(handle: (event: HttpEvent, ctx: ActionContext) => Promise<HttpAnswer>) {
  return async function main(event: unknown, context: CloudContext = {}): Promise<HttpAnswer> {
    const requestId = context.request_id ?? context.requestId ?? `req-${Date.now().toString(36)}`;
    const wx = initCloud().getWXContext();
    // A mini-program calling this function directly has an OPENID; the HTTP access service has none.
    if (wx.OPENID) {
      return {
        statusCode: 403,
        headers: { 'content-type': 'application/json' },
        body: '{"code":"FAIL","message":"HTTP only"}',
      };
    }
    const http = event && typeof event === 'object' ? (event as HttpEvent) : {};
    try {
      return await handle(http, { openid: '', appid: String(wx.APPID ?? ''), requestId, now: new Date() });
    } catch (error) {
      console.error(`[${requestId}] http callback failed`, error);
      return {
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: '{"code":"FAIL","message":"internal error"}',
      };
    }
  };
}
