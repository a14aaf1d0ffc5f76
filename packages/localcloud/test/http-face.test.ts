// The local cloud's face for people: GET / says what is offered, a call without x-wx-openid says the
// header is missing (and still runs, as a call without a user), paying an order WeChat Pay never
// received says so.
import { MISSING_OPENID_WARNING, ROUTES } from '../src/index';
import { startTestCloud, TestCloud } from './support/harness';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({ tickMs: 3600_000 });
});

afterAll(async () => {
  await t.stop();
});

test('GET / lists the functions and every route, as text or as HTML', async () => {
  const text = await fetch(`${t.cloud.url}/`);
  expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  const body = await text.text();
  expect(body).toContain(`at ${t.cloud.url}`);
  expect(body).toMatch(/functions: .*\bping\b.*\bwhoami\b/);
  for (const [route] of ROUTES) expect(body).toContain(route);
  const page = await fetch(`${t.cloud.url}/`, { headers: { accept: 'text/html' } });
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await page.text()).toContain('<code>POST /functions/&lt;name&gt;</code>');
});

test('a call without x-wx-openid runs without a user and its answer says the header is missing', async () => {
  const res = await fetch(`${t.cloud.url}/functions/whoami`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.headers.get('x-localcloud-warning')).toBe(MISSING_OPENID_WARNING);
  const body = (await res.json()) as { result: { wx: { OPENID?: string } }; warning: string };
  expect(body.result.wx.OPENID).toBeUndefined();
  expect(body.warning).toMatch(/^x-wx-openid header missing/);
  // With the header there is nothing to warn about.
  const signed = await t.post('/functions/whoami', {}, { 'x-wx-openid': 'u' });
  expect(signed.body.warning).toBeUndefined();
  // An error answer carries the warning too.
  expect((await t.post('/functions/thrower', {})).body).toEqual({
    errCode: -1,
    errMsg: 'boom',
    warning: MISSING_OPENID_WARNING,
  });
});

test('POST /_pay/<outTradeNo> before the order was sent to WeChat Pay answers 404 saying so', async () => {
  const res = await t.post('/_pay/NEVER-SENT-1', { result: 'SUCCESS' });
  expect(res.status).toBe(404);
  expect(res.body.errMsg).toMatch(/^no order NEVER-SENT-1 at the simulated WeChat Pay: it was never sent/);
  expect((await t.get('/_pay/NEVER-SENT-1')).status).toBe(404);
});
