// A cloud function as deployed: its bundled index.js and the config.json the platform reads (timeout,
// timer triggers, openapi permissions). Parsed here once so the host, triggers and openapi agree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cronProblem } from './cron';

/** The platform's default timeout; its ceiling for WeChat cloud functions is 60 s. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const MAX_TIMEOUT_SECONDS = 60;

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** 7-field cron as the platform writes it: sec min hour day month week year. */
  config: string;
}

export interface FunctionConfig {
  timeoutMs: number;
  triggers: TimerTrigger[];
  openapi: string[];
}

export interface FunctionSource {
  name: string;
  dir: string;
  file: string;
}

const NAME = /^[A-Za-z][\w-]{0,59}$/;
const TRIGGER_NAME = /^[A-Za-z][\w-]{0,59}$/;

export function isFunctionName(name: string): boolean {
  return NAME.test(name);
}

/** Every folder of functionsDir holding a built index.js is a deployed function ('' hosts none). */
export function listFunctions(functionsDir: string): FunctionSource[] {
  if (!functionsDir || !existsSync(functionsDir)) return [];
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isFunctionName(entry.name))
    .map((entry) => functionSource(functionsDir, entry.name))
    .filter((source): source is FunctionSource => source !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function functionSource(functionsDir: string, name: string): FunctionSource | undefined {
  if (!functionsDir || !isFunctionName(name)) return undefined;
  const dir = path.join(functionsDir, name);
  const file = path.join(dir, 'index.js');
  return existsSync(file) ? { name, dir, file } : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function parseFunctionConfig(raw: unknown, name = '(function)'): FunctionConfig {
  const config = asRecord(raw);
  let timeout = DEFAULT_TIMEOUT_SECONDS;
  if (config.timeout !== undefined) {
    if (typeof config.timeout !== 'number' || !(config.timeout > 0)) {
      throw new Error(`${name}/config.json: timeout must be a positive number of seconds`);
    }
    // The platform refuses a longer timeout at deploy time; refusing it here keeps the two in step.
    if (config.timeout > MAX_TIMEOUT_SECONDS) {
      throw new Error(
        `${name}/config.json: timeout ${config.timeout} s is over the ${MAX_TIMEOUT_SECONDS} s limit`,
      );
    }
    timeout = config.timeout;
  }
  const triggers: TimerTrigger[] = [];
  const rawTriggers = config.triggers ?? [];
  if (!Array.isArray(rawTriggers)) throw new Error(`${name}/config.json: triggers must be an array`);
  // The platform takes one trigger per function, and only timer triggers (定时触发器).
  if (rawTriggers.length > 1) {
    throw new Error(
      `${name}/config.json: triggers has ${rawTriggers.length} entries; CloudBase takes one trigger per function`,
    );
  }
  for (const item of rawTriggers) {
    const trigger = asRecord(item);
    const shown = JSON.stringify(item);
    if (trigger.type !== 'timer') {
      throw new Error(
        `${name}/config.json: trigger ${shown} must have "type": "timer" (the only type there is)`,
      );
    }
    if (typeof trigger.name !== 'string' || !TRIGGER_NAME.test(trigger.name)) {
      throw new Error(
        `${name}/config.json: trigger ${shown} needs a name of up to 60 letters, digits, - or _, starting with a letter`,
      );
    }
    if (typeof trigger.config !== 'string') {
      throw new Error(`${name}/config.json: timer trigger "${trigger.name}" needs a cron string in "config"`);
    }
    const problem = cronProblem(trigger.config);
    if (problem) {
      throw new Error(
        `${name}/config.json: timer trigger "${trigger.name}" config "${trigger.config}" ${problem}`,
      );
    }
    triggers.push({ name: trigger.name, type: 'timer', config: trigger.config.trim() });
  }
  const permissions = asRecord(config.permissions);
  const openapi = Array.isArray(permissions.openapi)
    ? permissions.openapi.filter((api): api is string => typeof api === 'string')
    : [];
  return { timeoutMs: timeout * 1000, triggers, openapi };
}

export function readFunctionConfig(source: FunctionSource): FunctionConfig {
  const file = path.join(source.dir, 'config.json');
  if (!existsSync(file)) return parseFunctionConfig({}, source.name);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${source.name}/config.json is not valid JSON: ${(error as Error).message}`);
  }
  return parseFunctionConfig(raw, source.name);
}

/**
 * Every function's config.json, checked as a deploy would check it; throws one error naming each
 * function and what the platform would refuse, so a bad config stops the start instead of a timer
 * silently never firing.
 */
export function checkFunctionConfigs(functionsDir: string): void {
  const problems: string[] = [];
  for (const source of listFunctions(functionsDir)) {
    try {
      readFunctionConfig(source);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new Error(`the platform would refuse these function configs:\n  ${problems.join('\n  ')}`);
  }
}
