// Fidelity beyond the wire: the virtual clock kept on disk, the latency model, timer configs refused at
// start as a deploy refuses them, and a 商家转账 bill nobody confirms closed after 24 h as FAIL/OVERDUE_CLOSE.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Clock, parseInstant } from '../src/clock';
import { cronProblem } from '../src/functions/cron';
import { LocalCloud, OVERDUE_CLOSE, startLocalCloud, TRANSFER_CONFIRM_MS } from '../src/index';
import { requestMessage, rsaSign } from '../src/services/wechatpay-v3-crypto';
import { rawCall } from './support/sdk';

const DAY = 86_400_000;
let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'localcloud-fidelity-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the virtual clock on disk', () => {
  test('every move is written at once; a new clock on the same file resumes there', () => {
    const file = path.join(root, 'clock.json');
    const clock = new Clock({ file });
    expect(clock.restored).toBe(false);
    clock.advance(2 * DAY);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ offsetMs: 2 * DAY });
    const again = new Clock({ file, start: Date.parse('2020-01-01T00:00:00Z') });
    expect(again.restored).toBe(true);
    expect(again.offset).toBe(2 * DAY);
  });

  test('a start instant applies to a fresh clock only', () => {
    const start = Date.parse('2031-02-03T04:05:06Z');
    const clock = new Clock({ file: path.join(root, 'fresh.json'), start });
    expect(Math.abs(clock.now() - start)).toBeLessThan(1000);
    expect(() => new Clock({ start: Number.NaN })).toThrow(/valid time/);
  });

  test('a clock file that is not a clock is refused rather than silently reset', () => {
    const file = path.join(root, 'clock.json');
    writeFileSync(file, 'garbage');
    expect(() => new Clock({ file })).toThrow(/not a saved clock/);
  });

  test('the clock start is an ISO 8601 time with its zone', () => {
    expect(parseInstant('2025-01-01T09:00:00+08:00')).toBe(Date.parse('2025-01-01T01:00:00Z'));
    expect(parseInstant('2025-01-01T01:00:00.500Z')).toBe(Date.parse('2025-01-01T01:00:00.500Z'));
    expect(() => parseInstant('2025-01-01T09:00:00')).toThrow(/with its zone/);
    expect(() => parseInstant('tomorrow')).toThrow(/ISO 8601/);
  });

  test('startLocalCloud takes clockStart and keeps the clock in <dataDir>/clock.json', async () => {
    const cloud = await startLocalCloud({
      dataDir: root,
      clockStart: '2024-12-31T23:59:00+08:00',
      tickMs: 3600_000,
    });
    try {
      expect(Math.abs(cloud.clock.now() - Date.parse('2024-12-31T15:59:00Z'))).toBeLessThan(5000);
      const body = (await (await fetch(`${cloud.url}/_clock`)).json()) as { nowIso: string };
      expect(body.nowIso.slice(0, 16)).toBe('2024-12-31T15:59');
    } finally {
      await cloud.stop();
    }
    // In the past: the offset is negative, and kept.
    expect(JSON.parse(readFileSync(path.join(root, 'clock.json'), 'utf8')).offsetMs).toBeLessThan(0);
  });
});

describe('latency', () => {
  async function timed(work: () => Promise<unknown>): Promise<number> {
    const started = performance.now();
    await work();
    return performance.now() - started;
  }

  test('a database request with dbLatencyMs 30 takes at least 30 ms; openapi and payment calls wait apiLatencyMs', async () => {
    const cloud = await startLocalCloud({
      dataDir: root,
      collections: { c: {} },
      dbLatencyMs: 30,
      apiLatencyMs: 45,
      tickMs: 3600_000,
    });
    try {
      expect(cloud.latency).toEqual({ dbMs: 30, apiMs: 45 });
      const count = () =>
        rawCall(cloud.url, {
          action: 'database.calculateDocument',
          collectionName: 'c',
          queryType: 'WHERE',
          query: '{}',
        });
      await count();
      for (let i = 0; i < 3; i++) expect(await timed(count)).toBeGreaterThanOrEqual(30);
      expect((await count()).data).toEqual({ total: 0 });
      // A cloudPay call (wx.wxPayApi) and the v3 API wait apiLatencyMs, answered or refused.
      const payment = () => rawCall(cloud.url, { action: 'wx.wxPayApi', apiName: 'queryOrder' });
      expect(await timed(payment)).toBeGreaterThanOrEqual(45);
      const v3 = () => fetch(`${cloud.url}/v3/pay/transactions/out-trade-no/x?mchid=1`);
      expect(await timed(v3)).toBeGreaterThanOrEqual(45);
    } finally {
      await cloud.stop();
    }
  });

  test('LOCALCLOUD_DB_LATENCY_MS and LOCALCLOUD_API_LATENCY_MS are the defaults; a bad value is refused', async () => {
    const saved = { ...process.env };
    process.env.LOCALCLOUD_DB_LATENCY_MS = '12';
    process.env.LOCALCLOUD_API_LATENCY_MS = '7';
    let cloud: LocalCloud | undefined;
    try {
      cloud = await startLocalCloud({ dataDir: root, tickMs: 3600_000 });
      expect(cloud.latency).toEqual({ dbMs: 12, apiMs: 7 });
      process.env.LOCALCLOUD_DB_LATENCY_MS = 'slow';
      await expect(startLocalCloud({ dataDir: path.join(root, 'x') })).rejects.toThrow(
        /LOCALCLOUD_DB_LATENCY_MS must be a non-negative number/,
      );
    } finally {
      process.env.LOCALCLOUD_DB_LATENCY_MS = saved.LOCALCLOUD_DB_LATENCY_MS;
      process.env.LOCALCLOUD_API_LATENCY_MS = saved.LOCALCLOUD_API_LATENCY_MS;
      if (saved.LOCALCLOUD_DB_LATENCY_MS === undefined) delete process.env.LOCALCLOUD_DB_LATENCY_MS;
      if (saved.LOCALCLOUD_API_LATENCY_MS === undefined) delete process.env.LOCALCLOUD_API_LATENCY_MS;
      await cloud?.stop();
    }
  });
});

describe('timer trigger configs, as the platform accepts them', () => {
  test.each([
    ['0 */10 * * * * *'],
    ['0 0 2 1 * * *'],
    ['*/5 * * * * * *'],
    ['0 15 10 * * MON-FRI *'],
    ['0 0 10,14,16 * * * *'],
    ['0 1/10 9-17 * JAN,JUL * 2030-2031'],
    ['0 0 12 * * 0 */2'],
  ])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  test.each([
    ['0 */10 * * *', /has 5 fields/],
    ['0 */10 * * * *', /has 6 fields/],
    ['0 0 12 ? * WED *', /day field "\?"/],
    ['0 0 12 L * * *', /day field "L"/],
    ['0 0 12 * * 7 *', /weekday field "7"/],
    ['0 0 12 * * 1#2 *', /weekday field "1#2"/],
    ['60 * * * * * *', /second field "60"/],
    ['0 0 24 * * * *', /hour field "24"/],
    ['0 0 0 0 * * *', /day field "0"/],
    ['0 0 0 * 13 * *', /month field "13"/],
    ['0 0 0 * * * 1969', /year field "1969"/],
    ['0 */0 * * * * *', /minute field/],
    ['0 5-1 * * * * *', /minute field "5-1"/],
  ])('refuses %s', (cron, message) => {
    expect(cronProblem(cron)).toMatch(message);
  });

  function functionsWith(configs: Record<string, unknown>): string {
    const dir = path.join(root, 'functions');
    for (const [name, config] of Object.entries(configs)) {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, 'index.js'), 'exports.main = async () => 1;');
      writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify(config));
    }
    return dir;
  }

  test.each([
    [
      { triggers: [{ name: 'tick', type: 'timer', config: '0 0 * * *' }] },
      'nightly/config.json: timer trigger "tick" config "0 0 * * *" has 5 fields',
    ],
    [
      {
        triggers: [
          { name: 'a', type: 'timer', config: '0 0 * * * * *' },
          { name: 'b', type: 'timer', config: '0 30 * * * * *' },
        ],
      },
      'nightly/config.json: triggers has 2 entries; CloudBase takes one trigger per function',
    ],
    [
      { triggers: [{ name: 'tick', type: 'cos', config: '0 0 * * * * *' }] },
      'nightly/config.json: trigger {"name":"tick","type":"cos","config":"0 0 * * * * *"} must have "type": "timer"',
    ],
    [
      { triggers: [{ name: '1tick', type: 'timer', config: '0 0 * * * * *' }] },
      'needs a name of up to 60 letters, digits, - or _, starting with a letter',
    ],
    [{ timeout: 90 }, 'nightly/config.json: timeout 90 s is over the 60 s limit'],
  ])('startLocalCloud refuses %j, naming the function', async (config, message) => {
    const functionsDir = functionsWith({ fine: {}, nightly: config });
    await expect(startLocalCloud({ dataDir: path.join(root, 'data'), functionsDir })).rejects.toThrow(
      message,
    );
  });

  test('a valid trigger starts, and fires on the virtual clock', async () => {
    const functionsDir = functionsWith({
      nightly: { triggers: [{ name: 'tick', type: 'timer', config: '0 0 2 * * * *' }] },
    });
    const cloud = await startLocalCloud({ dataDir: path.join(root, 'data'), functionsDir, tickMs: 3600_000 });
    try {
      cloud.clock.advance(DAY);
      expect((await cloud.tick()).triggers).toEqual([
        {
          functionName: 'nightly',
          triggerName: 'tick',
          time: expect.stringMatching(/T18:00:00Z$/),
          ok: true,
        },
      ]);
    } finally {
      await cloud.stop();
    }
  });
});

describe('商家转账: a bill the user never confirms', () => {
  test('is closed after 24 h as FAIL with fail_reason OVERDUE_CLOSE, not before', async () => {
    const cloud = await startLocalCloud({ dataDir: root, tickMs: 3600_000 });
    try {
      const keys = cloud.wechatpayV3.keys;
      /** A request signed with the merchant's key, as a merchant's SDK sends it. */
      const v3 = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
        const body = payload === undefined ? '' : JSON.stringify(payload);
        const timestamp = String(Math.floor(cloud.clock.now() / 1000));
        const nonce = randomBytes(16).toString('hex');
        const signature = rsaSign(
          requestMessage(method, url, timestamp, nonce, body),
          keys.merchantPrivateKey,
        );
        const res = await fetch(`${cloud.url}${url}`, {
          method,
          headers: {
            'content-type': 'application/json',
            authorization:
              `WECHATPAY2-SHA256-RSA2048 mchid="${keys.mchId}",nonce_str="${nonce}",` +
              `signature="${signature}",timestamp="${timestamp}",serial_no="${keys.merchantSerialNo}"`,
          },
          ...(payload === undefined ? {} : { body }),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const created = await v3('POST', '/v3/fund-app/mch-transfer/transfer-bills', {
        appid: keys.appId,
        out_bill_no: 'W20300101001',
        transfer_scene_id: '1005',
        openid: 'payee-1',
        transfer_amount: 1200,
        transfer_remark: '佣金提现',
        transfer_scene_report_infos: [
          { info_type: '岗位类型', info_content: '推广员' },
          { info_type: '报酬说明', info_content: '佣金' },
        ],
      });
      expect(created).toMatchObject({ status: 200, body: { state: 'WAIT_USER_CONFIRM' } });
      const bill = '/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/W20300101001';

      cloud.clock.advance(TRANSFER_CONFIRM_MS - 60_000);
      await cloud.tick();
      expect((await v3('GET', bill)).body).toMatchObject({ state: 'WAIT_USER_CONFIRM' });

      cloud.clock.advance(60_000);
      await cloud.tick();
      const closed = await v3('GET', bill);
      expect(closed.body).toMatchObject({ state: 'FAIL', fail_reason: OVERDUE_CLOSE });
      expect(cloud.wechatpayV3.transfer('W20300101001')).toMatchObject({
        state: 'FAIL',
        failReason: 'OVERDUE_CLOSE',
      });
      // Final: the user can no longer accept it.
      const late = await fetch(`${cloud.url}/_transfer/W20300101001`, { method: 'POST', body: '{}' });
      expect(late.status).toBe(409);
    } finally {
      await cloud.stop();
    }
  });
});
