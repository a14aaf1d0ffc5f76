// How functions are reached: POST /functions/<name> from the mini-program in local mode and from
// end-to-end tests, and functions.invokeFunction from another function's SDK (cloud.callFunction).
import { ApiTable } from '../api';
import { CloudError } from '../errors';
import { Route, sendJson } from '../server';
import { ERR_FUNCTION_NOT_FOUND, FunctionHost, Identity, withUserInfo } from './host';

function header(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text : undefined;
}

function parseEvent(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (!text) return {};
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new CloudError('INVALID_PARAM', 'the event must be JSON');
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    throw new CloudError('INVALID_PARAM', 'the event must be a JSON object');
  }
  return event as Record<string, unknown>;
}

/**
 * Said (in the answer's `warning` and the x-localcloud-warning header) when /functions/<name> is called
 * without x-wx-openid. The call still runs, with no user, as the platform runs a timer or a callback —
 * which is what a function's "who is calling" check should see — but a forgotten header is the usual
 * reason a local call answers "not logged in", so the answer says so.
 */
export const MISSING_OPENID_WARNING =
  'x-wx-openid header missing: the function ran without a user (getWXContext().OPENID is empty), as a ' +
  'timer or platform call does; send x-wx-openid: <openid> to call as a mini-program user';

export function functionRoutes(host: FunctionHost, defaultAppId: string): Route[] {
  return [
    {
      method: 'POST',
      path: /^\/functions\/([\w-]+)\/?$/,
      async handle(req, res, match, body) {
        const name = match[1] ?? '';
        const identity: Identity = {
          openid: header(req.headers['x-wx-openid']),
          appid: header(req.headers['x-wx-appid']) ?? defaultAppId,
          unionid: header(req.headers['x-wx-unionid']),
          clientIp: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
          source: 'wx_client',
        };
        const outcome = await host.invoke(name, withUserInfo(parseEvent(body), identity), identity);
        const warning = identity.openid ? {} : { warning: MISSING_OPENID_WARNING };
        if (!identity.openid) res.setHeader('x-localcloud-warning', MISSING_OPENID_WARNING);
        if (outcome.ok) return sendJson(res, 200, { result: outcome.result, ...warning });
        sendJson(res, outcome.errCode === ERR_FUNCTION_NOT_FOUND ? 404 : 200, {
          errCode: outcome.errCode,
          errMsg: outcome.errMsg,
          ...warning,
        });
      },
    },
  ];
}

export function functionsApi(host: FunctionHost): ApiTable {
  return {
    async 'functions.invokeFunction'(request) {
      const name = request.body.function_name;
      if (typeof name !== 'string' || !name)
        throw new CloudError('INVALID_PARAM', 'function_name is required');
      const raw = request.body.request_data;
      let event: unknown = {};
      if (typeof raw === 'string' && raw) {
        try {
          event = JSON.parse(raw);
        } catch {
          throw new CloudError('INVALID_PARAM', 'request_data must be JSON');
        }
      }
      // The platform runs the callee as the caller's user, so its getWXContext() sees the same OPENID.
      const identity = host.callerOf(request.caller).identity ?? {};
      const outcome = await host.invoke(name, withUserInfo(event, identity), identity);
      if (!outcome.ok) throw new CloudError('FUNCTIONS_EXECUTE_FAIL', outcome.errMsg);
      return { data: { response_data: JSON.stringify(outcome.result) } };
    },
  };
}
