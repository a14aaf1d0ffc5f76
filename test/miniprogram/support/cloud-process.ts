// Runs the shop's local cloud (scripts/start/shop-cloud) in a child process for mini-program tests: those run under jsdom,
// where the cloud's own dependencies (esbuild, worker threads) do not load, and only its HTTP face is needed.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface CloudProcess {
  url: string;
  adminOpenid: string;
  stop(): Promise<void>;
}

// Seeds the settings document with the admin, as test/support/cloud.ts does for in-process tests.
const BOOT = `
const { startShopCloud } = require('./scripts/start/shop-cloud.ts');
const { SETTINGS_ID } = require('./core/data/settings.ts');
const { DEFAULT_SETTINGS } = require('./core/domain/settings.ts');
startShopCloud({ port: 0, dataDir: process.env.MP_CLOUD_DATA, adminOpenid: 'mp-admin', quiet: true }).then(
  (cloud) => {
    cloud.engine.insert('settings', [{ _id: SETTINGS_ID, ...DEFAULT_SETTINGS, admins: ['mp-admin'] }]);
    process.stdout.write(JSON.stringify({ url: cloud.url, adminOpenid: cloud.adminOpenid }) + '\\n');
    const stop = () => cloud.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.stdin.on('end', stop);
    process.stdin.resume();
  },
  (error) => { console.error(error); process.exit(1); },
);`;

export async function startCloudProcess(timeoutMs = 30_000): Promise<CloudProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cloud-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '-e', BOOT], {
    cwd: REPO_ROOT,
    env: { ...process.env, MP_CLOUD_DATA: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<{ url: string; adminOpenid: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`local cloud did not start: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string; adminOpenid: string });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited (${code}): ${stderr}`));
    });
  });
  return {
    ...ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.stdin!.end();
      }),
  };
}
