// The doctor passes on the committed tree, and catches each planted fault with a message naming it.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  checkBundles,
  checkCollections,
  checkDocs,
  checkFunctionFiles,
  checkOpenapiPermissions,
  checkRules,
  Problem,
  runDoctor,
  scanCollections,
  scanOpenapi,
} from '../../scripts/doctor';
import { cronError } from '../../scripts/tooling/project';
import { copyCommittedTree, ProjectCopy, REPO } from './project-copy';

const PING_SRC = 'cloudfunctions/ping/src/index.ts';

const summary = (problems: Problem[]) => problems.map((p) => `${p.where}: ${p.what}`);

/** Keeps only ping, so each planted fault is the only problem whatever state other functions are in. */
function onlyPing(copy: ProjectCopy): void {
  for (const name of readdirSync(path.join(copy.root, 'cloudfunctions'))) {
    if (name !== 'ping') copy.remove(`cloudfunctions/${name}`);
  }
}

describe('doctor', () => {
  let copy: ProjectCopy;
  beforeEach(() => {
    copy = copyCommittedTree();
  });
  afterEach(() => copy.dispose());

  it('passes on the tree as committed', async () => {
    expect(summary(await runDoctor(copy.root))).toEqual([]);
  });

  it('passes on a copy trimmed to ping, the baseline the fault tests plant into', async () => {
    onlyPing(copy);
    expect(summary(await runDoctor(copy.root))).toEqual([]);
  });

  it('catches a rule that lets clients write', () => {
    copy.write('database-rules/orders.json', JSON.stringify({ read: false, write: true }));
    expect(summary(checkRules(copy.root))).toEqual([
      expect.stringMatching(
        /^database-rules\/orders\.json: "write": true lets a mini-program client write orders/,
      ),
    ]);
  });

  it('catches a write smuggled in through create/update/delete, and a missing write key', () => {
    copy.write('database-rules/events.json', JSON.stringify({ read: false, create: 'auth.openid != null' }));
    const found = summary(checkRules(copy.root));
    expect(found).toContainEqual(
      expect.stringContaining('"create": "auth.openid != null" lets a mini-program client write events'),
    );
    expect(found).toContainEqual('database-rules/events.json: no "write" key');
  });

  it('catches a read rule that does not match the declaration', () => {
    copy.write('database-rules/users.json', JSON.stringify({ read: true, write: false }));
    expect(summary(checkRules(copy.root))).toEqual([
      expect.stringContaining(
        `"read" is true, but clientRead 'own' in core/data/collections.ts means "doc._id == auth.openid"`,
      ),
    ]);
  });

  it('catches an openapi call missing from config.json, and accepts it once granted', async () => {
    onlyPing(copy);
    copy.edit(
      PING_SRC,
      (text) =>
        `${text}\nimport cloud from 'wx-server-sdk';\nexport const code = () => cloud.openapi.wxacode.getUnlimited({ scene: 'i=1' });\n`,
    );
    expect(summary(await checkOpenapiPermissions(copy.root))).toEqual([
      expect.stringMatching(
        /^cloudfunctions\/ping\/config\.json: the code calls openapi wxacode\.getUnlimited, which permissions\.openapi does not grant/,
      ),
    ]);
    copy.write(
      'cloudfunctions/ping/config.json',
      JSON.stringify({ permissions: { openapi: ['wxacode.getUnlimited'] } }),
    );
    expect(summary(await checkOpenapiPermissions(copy.root))).toEqual([]);
  });

  it('catches a stale bundle', async () => {
    onlyPing(copy);
    copy.edit(PING_SRC, (text) => `${text}\nexport const version = 2;\n`);
    expect(summary(await checkBundles(copy.root))).toEqual([
      expect.stringMatching(/^cloudfunctions\/ping\/index\.js: stale bundle/),
    ]);
  });

  it('catches a source that does not build and a missing bundle', async () => {
    onlyPing(copy);
    copy.remove('cloudfunctions/ping/index.js');
    expect(summary(await checkBundles(copy.root))).toEqual([
      expect.stringMatching(/^cloudfunctions\/ping\/index\.js: no built bundle/),
    ]);
    copy.edit(PING_SRC, (text) => `${text}\nimport './does-not-exist';\n`);
    expect(summary(await checkBundles(copy.root))).toEqual([
      expect.stringMatching(/^cloudfunctions\/ping\/src\/index\.ts: does not build: /),
    ]);
  });

  it('catches a declared collection with no rule file', async () => {
    onlyPing(copy);
    copy.remove('database-rules/orders.json');
    expect(summary(await checkCollections(copy.root))).toEqual([
      expect.stringMatching(
        /^database-rules\/orders\.json: collection orders is declared but has no security rule file/,
      ),
    ]);
  });

  it('catches code using a collection that is not declared, and a rule for one that is not', async () => {
    onlyPing(copy);
    copy.edit(
      PING_SRC,
      (text) =>
        `${text}\nimport cloud from 'wx-server-sdk';\nexport const raffles = () => cloud.database().collection('raffles').get();\n`,
    );
    copy.write('database-rules/raffles.json', JSON.stringify({ read: false, write: false }));
    const found = summary(await checkCollections(copy.root));
    expect(found).toContainEqual(
      expect.stringMatching(/^cloudfunctions\/ping: the code uses collection 'raffles', which/),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^database-rules\/raffles\.json: a rule for raffles, which/),
    );
  });

  it('catches a function without config.json, package.json or source', () => {
    copy.remove('cloudfunctions/ping/config.json');
    copy.write('cloudfunctions/ghost/index.js', 'exports.main = async () => ({});\n');
    const found = summary(checkFunctionFiles(copy.root));
    expect(found).toContainEqual(expect.stringMatching(/^cloudfunctions\/ping\/config\.json: missing/));
    expect(found).toContainEqual('cloudfunctions/ghost/src/index.ts: the function has no source');
    expect(found).toContainEqual(expect.stringMatching(/^cloudfunctions\/ghost\/package\.json: missing/));
  });

  it('catches an unpinned SDK, a root index.ts, a bad timeout and an invalid trigger', () => {
    copy.write(
      'cloudfunctions/ping/package.json',
      JSON.stringify({ name: 'ping', main: 'index.js', dependencies: { 'wx-server-sdk': '^4.0.2' } }),
    );
    copy.write('cloudfunctions/ping/index.ts', 'export {};\n');
    copy.write(
      'cloudfunctions/ping/config.json',
      JSON.stringify({ timeout: 90, triggers: [{ name: 'tick', type: 'timer', config: '0 */5 * * * *' }] }),
    );
    expect(summary(checkFunctionFiles(copy.root))).toEqual([
      'cloudfunctions/ping/index.ts: a TypeScript file at the function root makes the DevTools upload fail',
      'cloudfunctions/ping/package.json: wx-server-sdk is "^4.0.2", not an exact version',
      `cloudfunctions/ping/config.json: "timeout" 90 s is over the platform's 60 s limit`,
      expect.stringContaining('trigger tick: cron "0 */5 * * * *" has 6 fields; the platform wants 7'),
    ]);
  });

  it('catches docs that drifted from the collection table', () => {
    copy.edit('core/data/collections.ts', (text) =>
      text.replace("purpose: 'the catalogue; prices in fen'", "purpose: 'goods'"),
    );
    expect(summary(checkDocs(copy.root))).toEqual([
      'docs/DEPLOY.md: the collections block is out of date with core/data/collections.ts',
    ]);
  });

  it('exits non-zero from the command line on a fault, naming it, and zero on a clean tree', () => {
    onlyPing(copy);
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    const run = () =>
      execFileSync(tsx, ['scripts/doctor.ts'], { cwd: copy.root, encoding: 'utf8', stdio: 'pipe' });
    expect(run()).toMatch(/doctor: all checks passed/);
    copy.write('database-rules/accounts.json', JSON.stringify({ read: false, write: true }));
    let failure: { status?: number; stderr?: string } = {};
    try {
      run();
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.status).toBe(1);
    expect(failure.stderr).toMatch(
      /database-rules\/accounts\.json: "write": true lets a mini-program client write accounts/,
    );
    expect(failure.stderr).toMatch(/fix: Set "write": false/);
  });
});

describe('scanners', () => {
  it('finds openapi calls, including the cross-account form, and counts indirect uses', () => {
    const code = [
      'await import_wx.default.openapi.wxacode.getUnlimited({ scene });',
      'await cloud.openapi({ appid: "wx1" }).subscribeMessage.send({});',
      'const { security } = cloud.openapi;',
      'await cloudOpenApi().openapi.wxa.sec.order.uploadShippingInfo({ orderKey });',
    ].join('\n');
    expect(scanOpenapi(code)).toEqual({
      calls: ['subscribeMessage.send', 'wxa.sec.order.uploadShippingInfo', 'wxacode.getUnlimited'],
      indirect: 1,
    });
  });

  it('finds literal collection names in either quote style and ignores computed ones', () => {
    const code =
      'db.collection("orders"); tx.collection(\'users\'); db.collection(name); db.collection(`x${y}`);';
    expect(scanCollections(code)).toEqual(['orders', 'users']);
  });
});

describe('cron', () => {
  it.each([
    ['0 0 2 * * * *', undefined],
    ['0 */10 * * * * *', undefined],
    ['0 0 3 1-15 JAN,JUL MON-FRI *', undefined],
    ['0 30 1 * * * 2030', undefined],
  ])('accepts %s', (cron, expected) => {
    expect(cronError(cron)).toBe(expected);
  });

  it.each([
    ['0 0 2 * * *', /has 6 fields/],
    ['60 0 2 * * * *', /field 1 \(second\)/],
    ['0 0 24 * * * *', /field 3 \(hour\)/],
    ['0 0 2 0 * * *', /field 4 \(day of month\)/],
    ['0 0 2 ? * * *', /field 4 \(day of month\)/],
    ['0 0 2 * * 7 *', /field 6 \(day of week\)/],
    ['0 0 2 * * * 1969', /field 7 \(year\)/],
    ['0 5-1 * * * * *', /field 2 \(minute\)/],
    ['0 */0 * * * * *', /field 2 \(minute\)/],
  ])('refuses %s', (cron, message) => {
    expect(cronError(cron)).toMatch(message);
  });
});
