// `npm run doctor`: is this project deployable as it stands? Each check is a function of a project root
// answering a list of problems (what, where, how to fix); the CLI prints them and exits 1 if any.
// `npm run doctor -- --fix` rewrites what is generated: the rule files and the tables in docs/DEPLOY.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { collectionsTable, DEPLOY_DOC, readBlock, settingsBlock, writeBlock } from './tooling/docs';
import {
  bundlerAt,
  CollectionDeclaration,
  expectedRule,
  functionDirs,
  loadCollections,
  loadDefaultSettings,
  parseFunctionConfig,
  readJson,
  ruleFile,
  ruleText,
} from './tooling/project';

export interface Problem {
  check: string;
  /** A path relative to the project root. */
  where: string;
  what: string;
  fix: string;
}

/** esbuild's messages with their file and line, e.g. "core/x.ts:14: Could not resolve ../y". */
function buildError(error: unknown): string {
  const messages = (
    error as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }
  ).errors;
  if (Array.isArray(messages) && messages.length > 0) {
    return messages
      .map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text))
      .join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

type BundleResult = { code: string } | { error: string };

/** Bundles each function at most once per doctor run; several checks read the same bundle. */
export class Bundles {
  private readonly results = new Map<string, Promise<BundleResult>>();
  constructor(private readonly root: string) {}

  get(name: string): Promise<BundleResult> {
    let result = this.results.get(name);
    if (!result) {
      result = bundlerAt(this.root)(name).then(
        (code) => ({ code }),
        (error: unknown) => ({ error: buildError(error) }),
      );
      this.results.set(name, result);
    }
    return result;
  }

  /** The code a function would deploy: a fresh bundle, or the committed one when the source does not build. */
  async code(name: string): Promise<string | undefined> {
    const result = await this.get(name);
    if ('code' in result) return result.code;
    const committed = path.join(this.root, 'cloudfunctions', name, 'index.js');
    return existsSync(committed) ? readFileSync(committed, 'utf8') : undefined;
  }
}

/**
 * esbuild names each bundled module in a comment with its path relative to the project; when
 * node_modules is a symlink (pnpm, a test's copy) that path differs while the code does not.
 */
export function withoutModulePaths(code: string): string {
  return code.replace(/^\/\/ (?:\.\.\/)*(?:[^\n]*\/)?node_modules\//gm, '// node_modules/');
}

const fn = (name: string, file = '') => `cloudfunctions/${name}${file ? `/${file}` : ''}`;

function hasSource(root: string, name: string): boolean {
  return existsSync(path.join(root, fn(name, 'src/index.ts')));
}

/** src/index.ts, package.json with wx-server-sdk pinned, and a valid config.json in every function folder. */
export function checkFunctionFiles(root: string): Problem[] {
  const problems: Problem[] = [];
  const add = (where: string, what: string, fix: string) =>
    problems.push({ check: 'function files', where, what, fix });
  for (const name of functionDirs(root)) {
    if (!/^[A-Za-z][\w-]{0,59}$/.test(name)) {
      add(
        fn(name),
        `"${name}" is not a valid function name`,
        'Rename the folder: a letter, then letters, digits, - or _.',
      );
    }
    if (!hasSource(root, name)) {
      add(
        fn(name, 'src/index.ts'),
        'the function has no source',
        'Write its action table in src/index.ts (see cloudfunctions/ping), or delete the folder.',
      );
    }
    if (existsSync(path.join(root, fn(name, 'index.ts')))) {
      add(
        fn(name, 'index.ts'),
        'a TypeScript file at the function root makes the DevTools upload fail',
        'Move it to src/index.ts.',
      );
    }
    const pkg = readJson(path.join(root, fn(name, 'package.json')));
    if (!pkg.ok) {
      add(
        fn(name, 'package.json'),
        pkg.missing ? 'missing: the platform cannot install wx-server-sdk' : `not valid JSON: ${pkg.error}`,
        `Create it like cloudfunctions/ping/package.json: { "name": "${name}", "main": "index.js", "dependencies": { "wx-server-sdk": "4.0.2" } }.`,
      );
    } else {
      const value = pkg.value as { main?: unknown; dependencies?: Record<string, unknown> };
      const sdk = value.dependencies?.['wx-server-sdk'];
      if (typeof sdk !== 'string' || !/^\d+\.\d+\.\d+$/.test(sdk)) {
        add(
          fn(name, 'package.json'),
          sdk === undefined
            ? 'does not depend on wx-server-sdk'
            : `wx-server-sdk is "${String(sdk)}", not an exact version`,
          'Pin it exactly ("wx-server-sdk": "4.0.2"): the cloud installs dependencies at upload, and a range can pull a version nobody tested.',
        );
      }
      if (value.main !== undefined && value.main !== 'index.js') {
        add(
          fn(name, 'package.json'),
          `"main" is ${JSON.stringify(value.main)}`,
          'Set "main": "index.js" (the committed bundle).',
        );
      }
    }
    const config = readJson(path.join(root, fn(name, 'config.json')));
    if (!config.ok) {
      add(
        fn(name, 'config.json'),
        config.missing
          ? 'missing: the function would deploy without openapi permissions or triggers'
          : `not valid JSON: ${config.error}`,
        'Create it (at least { "permissions": { "openapi": [] } }) and upload it with the function.',
      );
    } else {
      for (const problem of parseFunctionConfig(config.value).problems) {
        add(
          fn(name, 'config.json'),
          problem,
          'Correct config.json, then right-click the function in DevTools → 更新云函数配置 (or `npm run deploy`).',
        );
      }
    }
  }
  return problems;
}

/** The committed index.js of each function equals a fresh bundle of its source. */
export async function checkBundles(root: string, bundles = new Bundles(root)): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const name of functionDirs(root).filter((n) => hasSource(root, n))) {
    const result = await bundles.get(name);
    const target = path.join(root, fn(name, 'index.js'));
    if ('error' in result) {
      problems.push({
        check: 'bundles',
        where: fn(name, 'src/index.ts'),
        what: `does not build: ${result.error}`,
        fix: 'Fix the source (an unresolved import is often a file not yet committed), then `npm run build`.',
      });
    } else if (!existsSync(target)) {
      problems.push({
        check: 'bundles',
        where: fn(name, 'index.js'),
        what: 'no built bundle: DevTools would upload nothing runnable',
        fix: 'Run `npm run build` and commit index.js.',
      });
    } else if (withoutModulePaths(readFileSync(target, 'utf8')) !== withoutModulePaths(result.code)) {
      problems.push({
        check: 'bundles',
        where: fn(name, 'index.js'),
        what: 'stale bundle: it differs from a rebuild of src/ and core/, so an upload would deploy old code',
        fix: 'Run `npm run build` and commit index.js.',
      });
    }
  }
  return problems;
}

/**
 * Every `openapi.<namespace>….<method>(` the code calls — two levels (`wxacode.getUnlimited`) or more
 * (`wxa.sec.order.uploadShippingInfo`), also through `cloud.openapi({ appid })` — and how many references to
 * openapi could not be read that way (aliases, destructuring, computed names).
 * The bundle is scanned, not the source: it holds exactly the core/ code the function ships, and
 * esbuild has already dropped comments.
 */
export function scanOpenapi(code: string): { calls: string[]; indirect: number } {
  const calls = new Set<string>();
  let direct = 0;
  const pattern = /\.openapi\s*(?:\([^()]*\))?((?:\s*\.\s*[A-Za-z_$][\w$]*){2,})\s*\(/g;
  for (const match of code.matchAll(pattern)) {
    calls.add(match[1]!.replace(/\s/g, '').slice(1));
    direct++;
  }
  const all = [...code.matchAll(/\.openapi\b/g)].length;
  return { calls: [...calls].sort(), indirect: all - direct };
}

/** Every openapi a function calls is granted in its config.json (else the platform answers -604101). */
export async function checkOpenapiPermissions(root: string, bundles = new Bundles(root)): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const name of functionDirs(root)) {
    const code = await bundles.code(name);
    if (code === undefined) continue;
    const { calls, indirect } = scanOpenapi(code);
    const config = readJson(path.join(root, fn(name, 'config.json')));
    const granted = new Set(config.ok ? parseFunctionConfig(config.value).config.openapi : []);
    for (const api of calls.filter((call) => !granted.has(call))) {
      problems.push({
        check: 'openapi permissions',
        where: fn(name, 'config.json'),
        what: `the code calls openapi ${api}, which permissions.openapi does not grant (the call would fail with -604101)`,
        fix: `Add "${api}" to permissions.openapi, then upload config.json (右键 → 更新云函数配置) or \`npm run deploy\`.`,
      });
    }
    if (indirect > 0) {
      problems.push({
        check: 'openapi permissions',
        where: fn(name),
        what: `${indirect} use(s) of cloud.openapi are not written as cloud.openapi.<namespace>.<method>(…), so their permissions cannot be checked`,
        fix: 'Call cloud.openapi.<namespace>.<method>(…) directly, so the doctor can match it with config.json.',
      });
    }
  }
  return problems;
}

/**
 * Collection names written as literals in `.collection('<name>')`. Core's own helpers take the
 * `CollectionName` type, so TypeScript already ties them to the table; this catches code that goes
 * around them (a raw `db.collection('coupons')`, a cast) and would meet -502005 on the platform.
 */
export function scanCollections(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/\bcollection\s*\(\s*(["'`])([^"'`$]+)\1\s*\)/g)) names.add(match[2]!);
  return [...names].sort();
}

function declared(root: string, problems: Problem[]): Record<string, CollectionDeclaration> | undefined {
  try {
    return loadCollections(root);
  } catch (error) {
    problems.push({
      check: 'collections',
      where: 'core/data/collections.ts',
      what: `cannot be loaded: ${(error as Error).message}`,
      fix: 'Fix the file.',
    });
    return undefined;
  }
}

function ruleFiles(root: string): string[] {
  const dir = path.join(root, 'database-rules');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** Every collection the code touches is declared, every declared one has a rule file, and no rule file is orphaned. */
export async function checkCollections(root: string, bundles = new Bundles(root)): Promise<Problem[]> {
  const problems: Problem[] = [];
  const collections = declared(root, problems);
  if (!collections) return problems;
  for (const [name, declaration] of Object.entries(collections)) {
    if (!existsSync(ruleFile(root, name))) {
      problems.push({
        check: 'collections',
        where: `database-rules/${name}.json`,
        what: `collection ${name} is declared but has no security rule file, so nobody would know what to paste in the console`,
        fix: 'Run `npm run doctor -- --fix` to write it from the declaration, review it and commit it.',
      });
    }
    if (declaration.clientRead === 'own' && !declaration.owner) {
      problems.push({
        check: 'collections',
        where: 'core/data/collections.ts',
        what: `collection ${name} is readable by its owner but declares no owner field`,
        fix: `Add owner: '<field holding the openid>' to ${name}.`,
      });
    }
  }
  for (const name of ruleFiles(root).filter((file) => !(file in collections))) {
    problems.push({
      check: 'collections',
      where: `database-rules/${name}.json`,
      what: `a rule for ${name}, which core/data/collections.ts does not declare`,
      fix: `Declare ${name} in core/data/collections.ts, or delete the rule file.`,
    });
  }
  for (const name of functionDirs(root)) {
    const code = await bundles.code(name);
    if (code === undefined) continue;
    for (const collection of scanCollections(code).filter((c) => !(c in collections))) {
      problems.push({
        check: 'collections',
        where: fn(name),
        what: `the code uses collection '${collection}', which core/data/collections.ts does not declare (no rule, no index, not created by deploy: -502005 on the platform)`,
        fix: `Declare ${collection} in core/data/collections.ts (with its clientRead and indexes), then \`npm run doctor -- --fix\`.`,
      });
    }
  }
  return problems;
}

/** Clients write nothing, and read exactly what the declaration says. */
export function checkRules(root: string): Problem[] {
  const problems: Problem[] = [];
  const collections = declared(root, problems) ?? {};
  for (const name of ruleFiles(root)) {
    const where = `database-rules/${name}.json`;
    const read = readJson(ruleFile(root, name));
    if (!read.ok) {
      problems.push({
        check: 'rules',
        where,
        what: `not valid JSON: ${read.error}`,
        fix: 'Run `npm run doctor -- --fix`.',
      });
      continue;
    }
    const rule = read.value as Record<string, unknown>;
    for (const key of ['write', 'create', 'update', 'delete']) {
      if (key in rule && rule[key] !== false) {
        problems.push({
          check: 'rules',
          where,
          what: `"${key}": ${JSON.stringify(rule[key])} lets a mini-program client write ${name} directly, bypassing the functions' checks`,
          fix: `Set "write": false${key === 'write' ? '' : ` and remove "${key}"`}: every write goes through a cloud function.`,
        });
      }
    }
    if (rule.write === undefined) {
      problems.push({ check: 'rules', where, what: 'no "write" key', fix: 'Add "write": false.' });
    }
    const declaration = collections[name];
    if (!declaration) continue;
    let expected;
    try {
      expected = expectedRule(name, declaration);
    } catch {
      continue; // reported by checkCollections
    }
    if (JSON.stringify(rule.read) !== JSON.stringify(expected.read)) {
      problems.push({
        check: 'rules',
        where,
        what: `"read" is ${JSON.stringify(rule.read)}, but clientRead '${declaration.clientRead}' in core/data/collections.ts means ${JSON.stringify(expected.read)}`,
        fix: 'Change the declaration or run `npm run doctor -- --fix` to rewrite the rule from it.',
      });
    }
  }
  return problems;
}

/** docs/DEPLOY.md carries the current collection table and settings document; demo seeding exists. */
export function checkDocs(root: string): Problem[] {
  const problems: Problem[] = [];
  const file = path.join(root, DEPLOY_DOC);
  if (!existsSync(file)) {
    return [
      {
        check: 'docs',
        where: DEPLOY_DOC,
        what: 'missing: the deployment guide',
        fix: 'Restore docs/DEPLOY.md.',
      },
    ];
  }
  const text = readFileSync(file, 'utf8');
  const collections = declared(root, problems);
  const expected: Record<string, string | undefined> = {
    collections: collections ? collectionsTable(collections) : undefined,
    settings: settingsBlock(loadDefaultSettings(root)),
  };
  for (const [block, content] of Object.entries(expected)) {
    if (content === undefined) continue;
    const current = readBlock(text, block);
    if (current !== content) {
      problems.push({
        check: 'docs',
        where: DEPLOY_DOC,
        what:
          current === undefined
            ? `the generated ${block} block is missing`
            : `the ${block} block is out of date with ${block === 'settings' ? 'core/domain/settings.ts' : 'core/data/collections.ts'}`,
        fix: 'Run `npm run doctor -- --fix` and commit docs/DEPLOY.md.',
      });
    }
  }
  const demo = path.join(root, 'scripts/seed/demo.ts');
  if (!existsSync(demo) || !/export async function seedDemo\b/.test(readFileSync(demo, 'utf8'))) {
    problems.push({
      check: 'docs',
      where: 'scripts/seed/demo.ts',
      what: 'seedDemo is missing: the settings document and first admin would be neither seeded nor scripted',
      fix: 'Restore scripts/seed/demo.ts exporting seedDemo.',
    });
  }
  return problems;
}

export async function runDoctor(root: string): Promise<Problem[]> {
  const bundles = new Bundles(root);
  return [
    ...checkFunctionFiles(root),
    ...(await checkBundles(root, bundles)),
    ...(await checkOpenapiPermissions(root, bundles)),
    ...(await checkCollections(root, bundles)),
    ...checkRules(root),
    ...checkDocs(root),
  ];
}

/** Rewrites the generated files: a rule file per declared collection and the two blocks of DEPLOY.md. */
export function fix(root: string): string[] {
  const written: string[] = [];
  const collections = loadCollections(root);
  for (const [name, declaration] of Object.entries(collections)) {
    const file = ruleFile(root, name);
    const text = ruleText(expectedRule(name, declaration));
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      writeFileSync(file, text);
      written.push(path.relative(root, file));
    }
  }
  const doc = path.join(root, DEPLOY_DOC);
  const before = readFileSync(doc, 'utf8');
  let after = writeBlock(before, 'collections', collectionsTable(collections));
  after = writeBlock(after, 'settings', settingsBlock(loadDefaultSettings(root)));
  if (after !== before) {
    writeFileSync(doc, after);
    written.push(DEPLOY_DOC);
  }
  return written;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  if (process.argv.includes('--fix')) {
    for (const file of fix(root)) console.log(`wrote ${file}`);
  }
  const problems = await runDoctor(root);
  if (problems.length === 0) {
    const count = functionDirs(root).length;
    console.log(
      `doctor: all checks passed (${count} functions, ${Object.keys(loadCollections(root)).length} collections)`,
    );
    return;
  }
  for (const problem of problems) {
    console.error(`✗ [${problem.check}] ${problem.where}: ${problem.what}\n    fix: ${problem.fix}`);
  }
  console.error(`\ndoctor: ${problems.length} problem(s); see docs/DEPLOY.md § Troubleshooting`);
  process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
