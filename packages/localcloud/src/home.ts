// GET / : what this local cloud offers and how to reach it, for a person who opens the address in a
// browser or curls it. Plain text, or a small HTML page when the client asks for HTML.
import { Route } from './server';

export interface HomeInfo {
  /** Known once the server listens. */
  url: () => string;
  envId: string;
  functions: () => string[];
}

/** Every route a person or a test may use, with what it does; the README lists the same. */
export const ROUTES: readonly [string, string][] = [
  [
    'POST /admin',
    'the CloudBase API that wx-server-sdk and @cloudbase/node-sdk speak (serviceUrl <url>/admin)',
  ],
  [
    'POST /functions/<name>',
    'call a function as a user: header x-wx-openid: <openid>, body = the event (JSON)',
  ],
  ['ANY /http/<name>[/path]', "a function's HTTP access (云函数 HTTP 访问服务)"],
  ['GET /_clock', 'the virtual clock (now, offsetMs)'],
  ['POST /_clock', '{ "advanceMs": n } moves it forward and runs what came due (timers, retries)'],
  ['POST /_triggers/<name>', '{ "name"? } fires a timer trigger of the function now'],
  [
    'POST /_pay/<outTradeNo>',
    '{ "result": "SUCCESS" | "FAIL" } the shopper pays an order sent to cloudPay or v3',
  ],
  ['GET /_pay/<outTradeNo>', 'the order, its payment notification and refunds'],
  [
    'POST /_transfer/<outBillNo>',
    '{ "result": "SUCCESS" | "FAIL" | "CANCELLED" } the user answers a 商家转账 bill',
  ],
  ['GET /_transfer/<outBillNo>', 'a transfer bill and its notification'],
  ['/v3/...', 'the simulated WeChat Pay API v3 (signed requests, signed answers)'],
  ['GET /_openapi', 'every openapi call answered (?api=, ?function=); DELETE clears the log'],
  ['/_openapi/faults', 'POST { api, errcode, errmsg?, times? } queues a failure; GET lists, DELETE clears'],
  ['/_openapi/settings', 'GET / PUT { ingestDelayMs, riskyWords, riskyLabel, tradeManaged }'],
  ['GET /_openapi/orders/<transactionId>', 'a payment as order shipping (发货信息管理) sees it'],
  ['POST /_openapi/confirm-receipt', 'the buyer confirms receipt in the confirm-receipt component'],
  ['GET /_openapi/delivery-list', 'the express companies and their codes'],
  ['POST /_subscribe', '{ openid, tmplIds, choices? } the user answers wx.requestSubscribeMessage'],
  ['GET /_subscribe/<openid>', 'subscribe-message grants left'],
  ['GET /_logistics/<company>/<trackingNo>', 'the simulated route of a parcel'],
  ['GET /cos/<path>', 'a stored file, at the temp URL getTempFileURL answers'],
  ['GET /_health', 'ok once ready'],
  ['GET /_metrics', 'invocations and database requests per function; POST /_metrics/reset'],
];

function text(info: HomeInfo): string {
  const functions = info.functions();
  const width = Math.max(...ROUTES.map(([route]) => route.length));
  return [
    `localcloud: a local CloudBase (env ${info.envId}) at ${info.url()}`,
    `functions: ${functions.length ? functions.join(', ') : '(none)'}`,
    '',
    ...ROUTES.map(([route, what]) => `  ${route.padEnd(width)}  ${what}`),
    '',
    `Try: curl -s -X POST ${info.url()}/functions/<name> -H 'x-wx-openid: me' -d '{}'`,
    '',
  ].join('\n');
}

const escape = (value: string) =>
  value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

function html(info: HomeInfo): string {
  const functions = info.functions();
  const rows = ROUTES.map(
    ([route, what]) => `<tr><td><code>${escape(route)}</code></td><td>${escape(what)}</td></tr>`,
  ).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>localcloud ${escape(info.envId)}</title></head>
<body style="font-family: sans-serif; max-width: 60em">
<h1>localcloud</h1>
<p>A local CloudBase (env <code>${escape(info.envId)}</code>) at <code>${escape(info.url())}</code>.</p>
<p>Functions: ${functions.length ? functions.map((name) => `<code>${escape(name)}</code>`).join(', ') : '(none)'}</p>
<table>
${rows}
</table>
</body></html>
`;
}

export function homeRoute(info: HomeInfo): Route {
  return {
    method: 'GET',
    path: /^\/$/,
    handle(req, res) {
      const wantsHtml = /text\/html/.test(req.headers.accept ?? '');
      const body = wantsHtml ? html(info) : text(info);
      res.writeHead(200, {
        'content-type': `${wantsHtml ? 'text/html' : 'text/plain'}; charset=utf-8`,
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    },
  };
}
