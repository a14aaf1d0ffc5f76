// Reads a deployable project from any root (the repository or a test's temp copy): its functions,
// their config.json, the collection table and the security rules it implies. Doctor and deploy share it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CollectionDeclaration, IndexDeclaration } from '../../core/data/collections';
import type { Settings } from '../../core/domain/settings';

export type { CollectionDeclaration, IndexDeclaration };

/** The platform's own limit on a cloud function's timeout (seconds). */
export const MAX_TIMEOUT_SECONDS = 60;
export const DEFAULT_TIMEOUT_SECONDS = 3;
/** Functions are bundled for node16 (scripts/build.ts), the oldest runtime they may meet. */
export const DEFAULT_RUNTIME = 'Nodejs16.13';

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** 7-field cron: second minute hour day month weekday year. */
  config: string;
}

export interface FunctionConfig {
  timeout: number;
  runtime: string;
  memorySize?: number;
  envVariables: Record<string, string>;
  triggers: TimerTrigger[];
  openapi: string[];
}

export interface SecurityRule {
  read: boolean | string;
  write: false;
}

/** Loads a TypeScript module of the project at `root`; tsx and ts-jest both hook require for .ts. */
function loadModule<T>(root: string, relative: string): T {
  return require(path.join(root, relative)) as T;
}

export function loadCollections(root: string): Record<string, CollectionDeclaration> {
  return loadModule<{ COLLECTIONS: Record<string, CollectionDeclaration> }>(root, 'core/data/collections.ts')
    .COLLECTIONS;
}

export function loadDefaultSettings(root: string): Settings {
  return loadModule<{ DEFAULT_SETTINGS: Settings }>(root, 'core/domain/settings.ts').DEFAULT_SETTINGS;
}

/** The project's own bundler, so a temp copy is bundled against its own sources. */
export function bundlerAt(root: string): (name: string) => Promise<string> {
  return loadModule<{ bundle: (name: string) => Promise<string> }>(root, 'scripts/build.ts').bundle;
}

/** Every folder under cloudfunctions/, deployable or not: the doctor must see the broken ones too. */
export function functionDirs(root: string): string[] {
  const dir = path.join(root, 'cloudfunctions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; missing: boolean; error: string };

export function readJson(file: string): JsonRead {
  if (!existsSync(file)) return { ok: false, missing: true, error: 'file not found' };
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch (error) {
    return { ok: false, missing: false, error: (error as Error).message };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TRIGGER_NAME = /^[A-Za-z][\w-]{0,59}$/;

/** Parses a function's config.json; problems are returned, not thrown, so the doctor can list them all. */
export function parseFunctionConfig(raw: unknown): { config: FunctionConfig; problems: string[] } {
  const problems: string[] = [];
  const config: FunctionConfig = {
    timeout: DEFAULT_TIMEOUT_SECONDS,
    runtime: DEFAULT_RUNTIME,
    envVariables: {},
    triggers: [],
    openapi: [],
  };
  if (!isRecord(raw)) return { config, problems: ['must be a JSON object'] };
  if (raw.timeout !== undefined) {
    if (typeof raw.timeout !== 'number' || !Number.isInteger(raw.timeout) || raw.timeout < 1) {
      problems.push('"timeout" must be a whole number of seconds ≥ 1');
    } else if (raw.timeout > MAX_TIMEOUT_SECONDS) {
      problems.push(`"timeout" ${raw.timeout} s is over the platform's ${MAX_TIMEOUT_SECONDS} s limit`);
    } else config.timeout = raw.timeout;
  }
  if (raw.runtime !== undefined) {
    if (typeof raw.runtime !== 'string' || !/^Nodejs\d+\.\d+$/.test(raw.runtime)) {
      problems.push('"runtime" must look like "Nodejs16.13"');
    } else config.runtime = raw.runtime;
  }
  if (raw.memorySize !== undefined) {
    if (typeof raw.memorySize !== 'number' || ![128, 256, 512, 1024, 2048].includes(raw.memorySize)) {
      problems.push('"memorySize" must be one of 128, 256, 512, 1024, 2048 (MB)');
    } else config.memorySize = raw.memorySize;
  }
  if (raw.envVariables !== undefined) {
    if (!isRecord(raw.envVariables) || Object.values(raw.envVariables).some((v) => typeof v !== 'string')) {
      problems.push('"envVariables" must be an object of strings');
    } else config.envVariables = raw.envVariables as Record<string, string>;
  }
  const permissions = raw.permissions;
  if (permissions !== undefined) {
    const openapi = isRecord(permissions) ? permissions.openapi : undefined;
    if (!isRecord(permissions) || (openapi !== undefined && !Array.isArray(openapi))) {
      problems.push('"permissions" must be { "openapi": ["namespace.method", "wxa.sec.order.method", ...] }');
    } else if (Array.isArray(openapi)) {
      for (const api of openapi) {
        // Two or more dotted names: wxacode.getUnlimited, wxa.sec.order.uploadShippingInfo.
        if (typeof api !== 'string' || !/^[A-Za-z]\w*(\.[A-Za-z]\w*)+$/.test(api)) {
          problems.push(`permissions.openapi entry ${JSON.stringify(api)} is not a dotted API name`);
        } else config.openapi.push(api);
      }
    }
  }
  if (raw.triggers !== undefined) {
    if (!Array.isArray(raw.triggers)) problems.push('"triggers" must be an array');
    else {
      // The WeChat platform accepts a single trigger per function.
      if (raw.triggers.length > 1)
        problems.push(`"triggers" has ${raw.triggers.length} entries; the platform allows one`);
      for (const item of raw.triggers) {
        if (!isRecord(item) || item.type !== 'timer') {
          problems.push('every trigger must be { "name", "type": "timer", "config": "<7-field cron>" }');
          continue;
        }
        const name = typeof item.name === 'string' ? item.name : '';
        if (!TRIGGER_NAME.test(name)) {
          problems.push(
            `trigger name ${JSON.stringify(item.name)} must start with a letter, then letters, digits, - or _ (≤ 60)`,
          );
        }
        const cron = typeof item.config === 'string' ? item.config : '';
        const cronProblem = cronError(cron);
        if (cronProblem) problems.push(`trigger ${name || '(unnamed)'}: ${cronProblem}`);
        if (TRIGGER_NAME.test(name) && !cronProblem)
          config.triggers.push({ name, type: 'timer', config: cron });
      }
    }
  }
  return { config, problems };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const CRON_FIELDS: Array<{ label: string; min: number; max: number; names?: string[] }> = [
  { label: 'second', min: 0, max: 59 },
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day of week', min: 0, max: 6, names: WEEKDAYS },
  { label: 'year', min: 1970, max: 2099 },
];

/** Why a timer trigger's cron is refused by the platform, or undefined when it is valid. Only the
 * wildcards the WeChat docs list (`, - * /`) are accepted: SCF's `? L W #` are not promised there. */
export function cronError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 7) {
    return `cron "${expression}" has ${fields.length} fields; the platform wants 7 (second minute hour day month weekday year)`;
  }
  for (const [index, field] of fields.entries()) {
    const spec = CRON_FIELDS[index]!;
    const value = (token: string): number | undefined => {
      const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
      if (named >= 0) return spec.names === MONTHS ? named + 1 : named;
      return /^\d+$/.test(token) ? Number(token) : undefined;
    };
    for (const part of field!.split(',')) {
      const [range, step, extra] = part.split('/');
      const bad = () =>
        `cron field ${index + 1} (${spec.label}) "${field}" is not valid (${spec.min}-${spec.max}, with , - * /)`;
      if (extra !== undefined || range === undefined || range === '') return bad();
      if (step !== undefined && !/^[1-9]\d*$/.test(step)) return bad();
      if (range === '*') continue;
      const bounds = range.split('-');
      if (bounds.length > 2) return bad();
      const numbers = bounds.map(value);
      if (numbers.some((n) => n === undefined || n < spec.min || n > spec.max)) return bad();
      if (numbers.length === 2 && numbers[0]! > numbers[1]!) return bad();
    }
  }
  return undefined;
}

/** The rule a collection's declaration implies: clients write nothing, and read their own, public or nothing. */
export function expectedRule(name: string, declaration: CollectionDeclaration): SecurityRule {
  switch (declaration.clientRead) {
    case 'none':
      return { read: false, write: false };
    case 'own':
      if (!declaration.owner)
        throw new Error(`collection ${name} is clientRead 'own' but declares no owner field`);
      return { read: `doc.${declaration.owner} == auth.openid`, write: false };
    case 'public': {
      const conditions = Object.entries(declaration.publicWhen ?? {}).map(([field, value]) => {
        if (/['\\]/.test(value))
          throw new Error(`collection ${name}: publicWhen value ${value} cannot be quoted in a rule`);
        return `doc.${field} == '${value}'`;
      });
      return { read: conditions.length > 0 ? conditions.join(' && ') : true, write: false };
    }
  }
}

/** What a client may read, in words, for the docs and the doctor's messages. */
export function describeRead(declaration: CollectionDeclaration): string {
  switch (declaration.clientRead) {
    case 'none':
      return 'nothing: only cloud functions read it';
    case 'own':
      return `only documents whose \`${declaration.owner ?? '?'}\` is the reader's openid`;
    case 'public': {
      const when = Object.entries(declaration.publicWhen ?? {}).map(([f, v]) => `\`${f}\` is '${v}'`);
      return when.length > 0 ? `any document whose ${when.join(' and ')}` : 'every document';
    }
  }
}

export function ruleFile(root: string, collection: string): string {
  return path.join(root, 'database-rules', `${collection}.json`);
}

/** The rule file's text exactly as committed: two-space JSON plus a newline. */
export function ruleText(rule: SecurityRule): string {
  return `${JSON.stringify(rule, null, 2)}\n`;
}

/** One hash over everything that is uploaded for a function, so a deploy can tell "already there". */
export function functionHash(root: string, name: string): string {
  const hash = createHash('sha256');
  for (const file of ['index.js', 'package.json', 'config.json']) {
    const full = path.join(root, 'cloudfunctions', name, file);
    hash.update(`${file}\0`);
    hash.update(existsSync(full) ? readFileSync(full) : Buffer.alloc(0));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export function readFunctionConfig(root: string, name: string): FunctionConfig {
  const read = readJson(path.join(root, 'cloudfunctions', name, 'config.json'));
  return parseFunctionConfig(read.ok ? read.value : {}).config;
}

export function indexKeysEqual(a: IndexDeclaration['keys'], b: IndexDeclaration['keys']): boolean {
  return JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b));
}
