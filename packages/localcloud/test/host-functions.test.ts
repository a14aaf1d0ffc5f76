// The function host through HTTP and the real SDK: identity per invocation, callFunction between
// functions, timeouts, errors, the virtual clock inside functions, metrics.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTestCloud, TestCloud } from './support/harness';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});

afterAll(async () => {
  await t.stop();
});

test('ping answers the caller openid through POST /functions/ping', async () => {
  const body = await t.call('ping', { action: 'ping' }, 'user-a');
  expect(body.result).toMatchObject({ ok: true, data: { openid: 'user-a' } });
});

test('100 concurrent invocations each see their own OPENID', async () => {
  const openids = Array.from({ length: 100 }, (_, i) => `user-${i}`);
  const bodies = await Promise.all(openids.map((openid) => t.call('ping', { action: 'ping' }, openid)));
  expect(bodies.map((body) => body.result?.data?.openid)).toEqual(openids);
  // They ran in several instances, never more than the cap.
  const instances = t.cloud.host.instanceCounts().ping ?? 0;
  expect(instances).toBeGreaterThan(1);
  expect(instances).toBeLessThanOrEqual(20);
});

test('overlapping invocations inside one function keep their identity across an await', async () => {
  const openids = Array.from({ length: 30 }, (_, i) => `slow-${i}`);
  const bodies = await Promise.all(openids.map((openid) => t.call('whoami', { delayMs: 20 }, openid)));
  expect(bodies.map((body) => body.result.wx.OPENID)).toEqual(openids);
});

test('the function sees the platform context: APPID, ENV, userInfo, request id', async () => {
  const body = await t.post(
    '/functions/whoami',
    { a: 1 },
    { 'x-wx-openid': 'u1', 'x-wx-appid': 'wxappid1', 'x-wx-unionid': 'un1' },
  );
  const result = body.body.result;
  expect(result.wx).toMatchObject({ OPENID: 'u1', APPID: 'wxappid1', UNIONID: 'un1', ENV: 'local' });
  expect(result.event).toEqual({ a: 1, userInfo: { appId: 'wxappid1', openId: 'u1' } });
  expect(typeof result.requestId).toBe('string');
  expect(result.isDate).toBe(true);
});

test('without x-wx-openid the function sees no OPENID', async () => {
  const body = await t.call('whoami', {});
  expect(body.result.wx.OPENID).toBeUndefined();
  const ping = await t.call('ping', { action: 'ping' });
  expect(ping.result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
});

test('cloud.callFunction runs the callee with the caller identity', async () => {
  const body = await t.call('caller', { target: 'whoami' }, 'user-callee');
  expect(body.result.self).toBe('user-callee');
  expect(body.result.result.wx.OPENID).toBe('user-callee');
  expect(body.result.result.event).toMatchObject({ from: 'caller' });
});

test('a failing callee surfaces as FUNCTIONS_EXECUTE_FAIL in the caller', async () => {
  const body = await t.call('caller', { target: 'thrower' }, 'u');
  // wx-server-sdk 4.0.2 rethrows the node-sdk's error as errCode -1, keeping the platform code.
  expect(body.result.code).toBe('FUNCTIONS_EXECUTE_FAIL');
  expect(body.result.errMsg).toContain('boom');
});

test('a thrown error answers errCode -1 with the message', async () => {
  const body = await t.call('thrower', {}, 'u');
  expect(body).toEqual({ errCode: -1, errMsg: 'boom' });
});

test('an unknown function answers 404 with an error', async () => {
  const res = await t.post('/functions/nope', {}, { 'x-wx-openid': 'u' });
  expect(res.status).toBe(404);
  expect(res.body.errMsg).toContain('nope');
});

test('a function past its timeout is stopped and answers a timeout error; the next call works', async () => {
  const started = Date.now();
  const body = await t.call('sleepy', { ms: 5000 }, 'u');
  const elapsed = Date.now() - started;
  expect(body.errCode).toBe(-504003);
  expect(body.errMsg).toMatch(/timed out after 1 seconds/);
  expect(elapsed).toBeLessThan(4000);
  const again = await t.call('sleepy', { ms: 10 }, 'u');
  expect(again.result).toEqual({ slept: 10 });
});

test('functions read the virtual clock: Date.now() and new Date() move with POST /_clock', async () => {
  const before = (await t.call('whoami', {}, 'u')).result;
  const day = 24 * 3600_000;
  const moved = await t.post('/_clock', { advanceMs: day });
  expect(moved.status).toBe(200);
  expect(moved.body.offsetMs).toBeGreaterThanOrEqual(day);
  const after = (await t.call('whoami', {}, 'u')).result;
  expect(after.now - before.now).toBeGreaterThanOrEqual(day);
  expect(after.now - before.now).toBeLessThan(day + 10_000);
  expect(Date.parse(after.date) - Date.now()).toBeGreaterThan(day - 10_000);
  const clock = await t.get('/_clock');
  expect(clock.body.offsetMs).toBe(moved.body.offsetMs);
});

test('metrics count invocations, errors and database requests per function', async () => {
  await t.post('/_metrics/reset');
  await t.call('dbuser', {}, 'u');
  await t.call('thrower', {}, 'u');
  const metrics = (await t.get('/_metrics')).body;
  expect(metrics.functions.dbuser).toMatchObject({ invocations: 1, errors: 0, dbRequests: 2 });
  expect(metrics.functions.dbuser.actions).toEqual({
    'database.calculateDocument': 1,
    'database.getDocument': 1,
  });
  expect(metrics.functions.thrower).toMatchObject({ invocations: 1, errors: 1 });
  expect(metrics.totals).toMatchObject({ invocations: 2, errors: 1, dbRequests: 2 });
});

test('GET /_health answers ok', async () => {
  const res = await t.get('/_health');
  expect(res).toEqual({ status: 200, body: { ok: true } });
});

test('cloud.invoke runs a function as a user without HTTP', async () => {
  const outcome = await t.cloud.invoke('ping', { action: 'ping' }, 'direct-user');
  expect(outcome).toMatchObject({ ok: true, result: { ok: true, data: { openid: 'direct-user' } } });
});

test('an instance that crashes answers an error and is replaced', async () => {
  const dir = path.join(t.functionsDir, 'crasher');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'index.js'),
    `exports.main = async (event) => {
      if (event.crash) setTimeout(() => { throw new Error('async boom'); }, 5);
      return new Promise((resolve) => setTimeout(() => resolve('fine'), 50));
    };`,
  );
  const crashed = await t.call('crasher', { crash: true }, 'u');
  expect(crashed.errCode).toBe(-1);
  expect(crashed.errMsg).toContain('async boom');
  expect((await t.call('crasher', {}, 'u')).result).toBe('fine');
});

test('rebuilt code and config are picked up by the next invocation', async () => {
  const dir = path.join(t.functionsDir, 'hot');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.js');
  writeFileSync(file, 'exports.main = async () => 1;');
  expect((await t.call('hot', {}, 'u')).result).toBe(1);
  writeFileSync(file, 'exports.main = async () => new Promise((r) => setTimeout(() => r(2), 1500));');
  writeFileSync(path.join(dir, 'config.json'), '{ "timeout": 1 }');
  // Some file systems keep whole-second mtimes; make the change visible regardless.
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
  expect((await t.call('hot', {}, 'u')).errCode).toBe(-504003);
});
