// The cloud function HTTP access service (云函数 HTTP 访问服务): /http/<function> runs the function with
// the platform's HTTP event ({ httpMethod, headers, body, isBase64Encoded, path, queryStringParameters })
// and no user identity, and answers what it returns — { statusCode, headers, body } as the HTTP answer
// ("integrated response"), anything else as a JSON body.
import { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionHost } from '../functions/host';
import { ERR_FUNCTION_NOT_FOUND } from '../functions/host';
import { Route, sendJson } from '../server';

interface IntegratedAnswer {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

function isIntegrated(value: unknown): value is IntegratedAnswer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** Text bodies pass as they are; anything else is base64, as the platform does. */
function isText(type: string | undefined): boolean {
  return !type || /^(text\/|application\/(json|x-www-form-urlencoded|xml))/.test(type);
}

export function httpEvent(req: IncomingMessage, body: Buffer, path: string) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const text = isText(req.headers['content-type']);
  return {
    httpMethod: req.method ?? 'GET',
    path,
    headers,
    queryStringParameters: Object.fromEntries(url.searchParams.entries()),
    body: text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
  };
}

export function httpAccessRoutes(host: FunctionHost): Route[] {
  const handle = async (req: IncomingMessage, res: ServerResponse, match: RegExpMatchArray, body: Buffer) => {
    const name = match[1] ?? '';
    const outcome = await host.invoke(name, httpEvent(req, body, `/${name}${match[2] ?? ''}`), {});
    if (!outcome.ok) {
      const status = outcome.errCode === ERR_FUNCTION_NOT_FOUND ? 404 : 502;
      return sendJson(res, status, { errCode: outcome.errCode, errMsg: outcome.errMsg });
    }
    const answer = outcome.result;
    if (!isIntegrated(answer)) return sendJson(res, 200, answer ?? null);
    const payload = Buffer.from(answer.body ?? '', answer.isBase64Encoded ? 'base64' : 'utf8');
    res.writeHead(answer.statusCode, { ...(answer.headers ?? {}), 'content-length': payload.length });
    res.end(payload);
  };
  const path = /^\/http\/([\w-]+)(\/.*)?$/;
  return (['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => ({ method, path, handle }));
}
