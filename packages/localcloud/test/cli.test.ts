// The CLI as a child process on the sample project (test/sample-project, not the shop): `npx localcloud`
// hosts its functions and collections; the virtual clock survives kill -9; a clock start for repeatable
// runs; a config the platform would refuse stops the start with a message naming the function.
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGE = path.join(__dirname, '..');
const BIN = path.join(PACKAGE, 'bin', 'localcloud.js');
const SAMPLE = path.join(__dirname, 'sample-project');
const DAY = 86_400_000;

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the CLI (`npx localcloud …`, or `node bin/localcloud.js …`) and resolves once it is ready. */
function startCli(
  args: string[],
  options: { npx?: boolean; env?: Record<string, string> } = {},
): Promise<Running> {
  const command = options.npx ? 'npx' : process.execPath;
  const argv = options.npx ? ['localcloud', ...args] : [BIN, ...args];
  // Its own process group: npx runs the command in a child of its own, and a signal must reach both.
  const child = spawn(command, argv, {
    cwd: PACKAGE,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), 'SIGKILL');
      reject(new Error(`the CLI did not start:\n${out}`));
    }, 30_000);
    const check = () => {
      const match = /localcloud ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, output: () => out });
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited with ${code}:\n${out}`));
    });
  });
}

/** Runs the CLI expecting it to refuse to start: its exit code and output. */
function refusedCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: PACKAGE, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** Signals the CLI's process group (the CLI, and npx around it when there is one) and waits for it. */
function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), signal);
  });
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function clock(url: string): Promise<{ now: number; offsetMs: number; nowIso: string }> {
  return (await fetch(`${url}/_clock`)).json() as Promise<{ now: number; offsetMs: number; nowIso: string }>;
}

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'localcloud-cli-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('npx localcloud --functions <sample project> runs its functions against its own collections', async () => {
  const cloud = await startCli(
    [
      '--functions',
      path.join(SAMPLE, 'cloudfunctions'),
      '--collections',
      path.join(SAMPLE, 'collections.js'),
      '--data',
      dataDir,
      '--port',
      '0',
    ],
    { npx: true },
  );
  try {
    expect(cloud.output()).toContain('functions: digest, notes');
    const added = await post(
      `${cloud.url}/functions/notes`,
      { action: 'add', text: '买牛奶' },
      { 'x-wx-openid': 'ann' },
    );
    expect(added).toMatchObject({ status: 200, body: { result: { ok: true, id: expect.any(String) } } });
    const listed = await post(`${cloud.url}/functions/notes`, { action: 'list' }, { 'x-wx-openid': 'ann' });
    expect(listed.body.result.notes).toEqual([{ id: added.body.result.id, text: '买牛奶' }]);
    // Another user sees none of them: the function read the caller from getWXContext().
    const other = await post(`${cloud.url}/functions/notes`, { action: 'list' }, { 'x-wx-openid': 'bob' });
    expect(other.body.result.notes).toEqual([]);
    // The timer trigger of config.json fires when the virtual clock passes 09:00 China time.
    const moved = await post(`${cloud.url}/_clock`, { advanceMs: DAY });
    expect(moved.body.ran.triggers).toEqual([
      { functionName: 'digest', triggerName: 'daily', time: expect.stringMatching(/T01:00:00Z$/), ok: true },
    ]);
  } finally {
    await stopped(cloud.child, 'SIGTERM');
  }
});

test('the virtual clock is where it was after kill -9 and a restart', async () => {
  const args = ['--functions', path.join(SAMPLE, 'cloudfunctions'), '--data', dataDir, '--port', '0'];
  const first = await startCli(args);
  await post(`${first.url}/_clock`, { advanceMs: 3 * DAY });
  const before = await clock(first.url);
  expect(before.offsetMs).toBeGreaterThanOrEqual(3 * DAY);
  await stopped(first.child, 'SIGKILL');

  const second = await startCli(args);
  try {
    const after = await clock(second.url);
    expect(after.offsetMs).toBe(before.offsetMs);
    expect(after.now).toBeGreaterThanOrEqual(before.now);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'clock.json'), 'utf8'))).toEqual({
      offsetMs: before.offsetMs,
    });
  } finally {
    await stopped(second.child, 'SIGTERM');
  }
});

test('LOCALCLOUD_CLOCK_START starts a fresh data folder at that instant; a saved clock wins after', async () => {
  const start = '2030-06-01T09:00:00+08:00';
  const args = ['--functions', path.join(SAMPLE, 'cloudfunctions'), '--data', dataDir, '--port', '0'];
  const first = await startCli(args, { env: { LOCALCLOUD_CLOCK_START: start } });
  const at = await clock(first.url);
  expect(at.now - Date.parse(start)).toBeGreaterThanOrEqual(0);
  expect(at.now - Date.parse(start)).toBeLessThan(10_000);
  await post(`${first.url}/_clock`, { advanceMs: DAY });
  await stopped(first.child, 'SIGTERM');

  const second = await startCli(args, { env: { LOCALCLOUD_CLOCK_START: start } });
  try {
    expect((await clock(second.url)).now - Date.parse(start)).toBeGreaterThanOrEqual(DAY);
    expect(second.output()).toContain('already has a virtual clock');
  } finally {
    await stopped(second.child, 'SIGTERM');
  }
});

test('a timer trigger the platform would refuse stops the start, naming the function and its config', async () => {
  const functionsDir = path.join(dataDir, 'functions');
  cpSync(path.join(SAMPLE, 'cloudfunctions'), functionsDir, { recursive: true });
  writeFileSync(
    path.join(functionsDir, 'digest', 'config.json'),
    JSON.stringify({ triggers: [{ name: 'daily', type: 'timer', config: '0 9 * * *' }] }),
  );
  const refused = await refusedCli([
    '--functions',
    functionsDir,
    '--data',
    path.join(dataDir, 'data'),
    '--port',
    '0',
  ]);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(
    'digest/config.json: timer trigger "daily" config "0 9 * * *" has 5 fields; CloudBase timer triggers take 7',
  );
});

test('a missing functions folder or a bad collections file is refused with a message', async () => {
  const missing = await refusedCli([
    '--functions',
    path.join(dataDir, 'nope'),
    '--data',
    dataDir,
    '--port',
    '0',
  ]);
  expect(missing).toMatchObject({ code: 1, output: expect.stringContaining('no functions folder') });
  const file = path.join(dataDir, 'collections.json');
  mkdirSync(path.join(dataDir, 'fns'));
  writeFileSync(file, JSON.stringify({ notes: { indexes: [{ name: 'x', keys: { a: 2 } }] } }));
  const bad = await refusedCli([
    '--functions',
    path.join(dataDir, 'fns'),
    '--collections',
    file,
    '--data',
    dataDir,
    '--port',
    '0',
  ]);
  expect(bad).toMatchObject({
    code: 1,
    output: expect.stringContaining('keys must map field paths to 1 or -1'),
  });
});
