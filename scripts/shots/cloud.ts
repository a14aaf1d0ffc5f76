// The local cloud of the screenshots: the shop's (scripts/start/shop-cloud) in a child process (the renderer's
// jsdom globals stay out of its way), on LOCALCLOUD_PORT when set (a free port otherwise), with the virtual clock
// at LOCALCLOUD_CLOCK_START when set (repeatable dates), seeded with the demo shop of scripts/seed, and driven
// only through its HTTP face: the real cloud functions called as a given openid, the simulated cashier, the
// virtual clock and timer triggers.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { REPO_ROOT } from './build';

export const ADMIN_OPENID = 'shots-merchant';

// Starts the cloud, then seeds settings and demo products the way `npm start` does on a first start.
const BOOT = `
const tcb = require('@cloudbase/node-sdk');
const { startShopCloud } = require('./scripts/start/shop-cloud.ts');
const { seedDemo } = require('./scripts/seed/demo.ts');
process.env.TENCENTCLOUD ??= 'true';
startShopCloud({
  port: Number(process.env.LOCALCLOUD_PORT || 0),
  dataDir: process.env.SHOTS_CLOUD_DATA,
  adminOpenid: process.env.SHOTS_ADMIN,
  quiet: true,
})
  .then(async (cloud) => {
    const app = tcb.init({ env: cloud.envId, secretId: 'local', secretKey: 'local', serviceUrl: cloud.url + '/admin' });
    await seedDemo(app.database(), {
      adminOpenid: cloud.adminOpenid,
      now: cloud.clock.date(),
      settings: { payment: { provider: 'cloudPay', subMchId: '1900000109' } },
    });
    process.stdout.write(JSON.stringify({ url: cloud.url }) + '\\n');
    const stop = () => cloud.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.stdin.on('end', stop);
    process.stdin.resume();
  })
  .catch((error) => { console.error(error); process.exit(1); });`;

export interface ShotsCloud {
  url: string;
  /** Calls a function as `openid` and unwraps the envelope; throws on `{ ok: false }`. */
  call<T = any>(openid: string, fn: string, action: string, data?: object): Promise<T>;
  /** The simulated shopper pays (or fails to pay) an order at the cashier. */
  pay(outTradeNo: string, result?: 'SUCCESS' | 'FAIL'): Promise<void>;
  /** Moves the virtual clock forward (timers that come due fire). */
  advance(ms: number): Promise<void>;
  /** How far the virtual clock is ahead of real time (the phone is set to the same time). */
  clockOffsetMs(): Promise<number>;
  /** Fires a function's timer trigger now. */
  trigger(fn: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** POSTs JSON over loopback and parses the answer (wx.request's stand-in in the renderer too). */
export function postJson(
  url: string,
  body: unknown,
  header: Record<string, string> = {},
): Promise<{ statusCode: number; data: unknown }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body ?? {});
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...header, 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let data: unknown = raw;
          try {
            data = JSON.parse(raw);
          } catch {
            // not JSON: wx.request hands text through as it is
          }
          resolve({ statusCode: res.statusCode ?? 0, data });
        });
      },
    );
    req.on('error', (error) => reject({ errMsg: `request:fail ${error.message}` }));
    req.end(text);
  });
}

export async function startShotsCloud(timeoutMs = 60_000): Promise<ShotsCloud> {
  const dataDir = fs.mkdtempSync(`${os.tmpdir()}/shots-cloud-`);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '-e', BOOT], {
    cwd: REPO_ROOT,
    env: { ...process.env, SHOTS_CLOUD_DATA: dataDir, SHOTS_ADMIN: ADMIN_OPENID },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`local cloud did not start: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited (${code}): ${stderr}`));
    });
  });
  const expectOk = async (path: string, body: unknown) => {
    const res = await postJson(`${url}${path}`, body);
    if (res.statusCode !== 200)
      throw new Error(`POST ${path} answered ${res.statusCode}: ${JSON.stringify(res.data)}`);
    return res.data;
  };
  return {
    url,
    call: async (openid, fn, action, data = {}) => {
      const res = await postJson(`${url}/functions/${fn}`, { ...data, action }, { 'x-wx-openid': openid });
      const result = (res.data as { result?: { ok: boolean; data?: unknown } }).result;
      if (!result?.ok) throw new Error(`${fn}.${action} as ${openid} failed: ${JSON.stringify(res.data)}`);
      return result.data as any;
    },
    pay: async (outTradeNo, result = 'SUCCESS') => {
      await expectOk(`/_pay/${encodeURIComponent(outTradeNo)}`, { result });
    },
    advance: async (ms) => {
      await expectOk('/_clock', { advanceMs: ms });
    },
    clockOffsetMs: () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(`${url}/_clock`, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { offsetMs: number }).offsetMs),
            );
          })
          .on('error', reject);
      }),
    trigger: (fn) => expectOk(`/_triggers/${fn}`, {}),
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          done();
        });
        child.stdin!.end();
      }),
  };
}
