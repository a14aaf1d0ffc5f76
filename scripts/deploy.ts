// `npm run deploy`: puts the repository into a CloudBase environment with @cloudbase/manager-node —
// collections and indexes, security rules, functions with their config and timer triggers. It reads
// what exists first and plans only the difference (planDeployment is pure), so a rerun does nothing.
import CloudBase from '@cloudbase/manager-node';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runDoctor } from './doctor';
import {
  expectedRule,
  FunctionConfig,
  functionDirs,
  functionHash,
  IndexDeclaration,
  indexKeysEqual,
  loadCollections,
  readFunctionConfig,
  SecurityRule,
  TimerTrigger,
} from './tooling/project';

export type Step =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'dropIndex'; collection: string; index: string }
  | { kind: 'createIndex'; collection: string; index: IndexDeclaration }
  | { kind: 'setRule'; collection: string; rule: SecurityRule }
  | { kind: 'deployFunction'; name: string; hash: string; create: boolean; config: FunctionConfig }
  | { kind: 'deleteTrigger'; function: string; trigger: string }
  | { kind: 'createTrigger'; function: string; trigger: TimerTrigger };

export interface ExistingIndex {
  name: string;
  /** Absent when the platform did not report them; the index is then trusted by name. */
  keys?: Record<string, 1 | -1>;
  unique?: boolean;
}

/** What the environment already has, as far as this project is concerned. */
export interface ExistingState {
  collections: Record<string, { indexes: ExistingIndex[] }>;
  /** The custom rule in force per collection, or null when the collection uses a simple permission. */
  rules: Record<string, SecurityRule | Record<string, unknown> | null>;
  /** `hash` is read back from the function's description, written by the previous deploy. */
  functions: Record<string, { hash?: string; triggers: TimerTrigger[] }>;
}

export const EMPTY_STATE: ExistingState = { collections: {}, rules: {}, functions: {} };

/** The description carries the deployed hash: the platform offers no other free-form field that survives. */
const DESCRIPTION_PREFIX = 'fenxiao-shop deploy ';

export function deployableFunctions(root: string): string[] {
  return functionDirs(root).filter((name) =>
    existsSync(path.join(root, 'cloudfunctions', name, 'src', 'index.ts')),
  );
}

function sameRule(a: unknown, b: SecurityRule): boolean {
  if (!a || typeof a !== 'object') return false;
  const rule = a as Record<string, unknown>;
  return (
    Object.keys(rule).length === 2 &&
    JSON.stringify(rule.read) === JSON.stringify(b.read) &&
    rule.write === false
  );
}

/**
 * The ordered steps that bring an environment in `existing` to what the repository at `root` declares:
 * collections before their indexes and rules, functions before their triggers. Nothing is ever deleted
 * except an index or trigger of ours being replaced, and anything the project does not own is left alone.
 */
export function planDeployment(root: string, existing: ExistingState = EMPTY_STATE): Step[] {
  const steps: Step[] = [];
  const collections = loadCollections(root);
  for (const collection of Object.keys(collections)) {
    if (!existing.collections[collection]) steps.push({ kind: 'createCollection', collection });
  }
  for (const [collection, declaration] of Object.entries(collections)) {
    const present = existing.collections[collection]?.indexes ?? [];
    for (const index of declaration.indexes) {
      const found = present.find((candidate) => candidate.name === index.name);
      if (found) {
        const keysMatch = !found.keys || indexKeysEqual(found.keys, index.keys);
        const uniqueMatch = found.unique === undefined || found.unique === Boolean(index.unique);
        if (keysMatch && uniqueMatch) continue;
        steps.push({ kind: 'dropIndex', collection, index: index.name });
      }
      steps.push({ kind: 'createIndex', collection, index });
    }
  }
  for (const [collection, declaration] of Object.entries(collections)) {
    const rule = expectedRule(collection, declaration);
    if (!sameRule(existing.rules[collection], rule)) steps.push({ kind: 'setRule', collection, rule });
  }
  const names = deployableFunctions(root);
  for (const name of names) {
    const hash = functionHash(root, name);
    const deployed = existing.functions[name];
    if (deployed?.hash === hash) continue;
    steps.push({
      kind: 'deployFunction',
      name,
      hash,
      create: !deployed,
      config: readFunctionConfig(root, name),
    });
  }
  for (const name of names) {
    const wanted = readFunctionConfig(root, name).triggers;
    const present = existing.functions[name]?.triggers ?? [];
    for (const trigger of present) {
      const match = wanted.find((w) => w.name === trigger.name);
      if (!match || match.config !== trigger.config)
        steps.push({ kind: 'deleteTrigger', function: name, trigger: trigger.name });
    }
    for (const trigger of wanted) {
      const match = present.find((p) => p.name === trigger.name);
      if (!match || match.config !== trigger.config)
        steps.push({ kind: 'createTrigger', function: name, trigger });
    }
  }
  return steps;
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'createCollection':
      return `create collection ${step.collection}`;
    case 'dropIndex':
      return `drop index ${step.collection}.${step.index} (its declaration changed)`;
    case 'createIndex': {
      const keys = Object.entries(step.index.keys)
        .map(([field, direction]) => `${field}:${direction}`)
        .join(', ');
      const flags = [step.index.unique && 'unique', step.index.sparse && 'sparse'].filter(Boolean).join(' ');
      return `create index ${step.collection}.${step.index.name} { ${keys} }${flags ? ` ${flags}` : ''}`;
    }
    case 'setRule':
      return `set security rule of ${step.collection}: ${JSON.stringify(step.rule)}`;
    case 'deployFunction': {
      const { timeout, runtime, openapi, envVariables } = step.config;
      const env = Object.keys(envVariables);
      return (
        `${step.create ? 'create' : 'update'} function ${step.name} (${runtime}, timeout ${timeout} s, ` +
        `cloud installs dependencies, openapi [${openapi.join(', ')}]${env.length ? `, env ${env.join(',')}` : ''}, code ${step.hash})`
      );
    }
    case 'deleteTrigger':
      return `delete trigger ${step.function}/${step.trigger}`;
    case 'createTrigger':
      return `create timer trigger ${step.function}/${step.trigger.name} "${step.trigger.config}"`;
  }
}

type Manager = CloudBase;

function errorCode(error: unknown): string {
  return String((error as { code?: unknown }).code ?? '');
}

/** The timer cron as the platform reports it: a bare cron, or JSON { cron } in newer answers. */
function triggerCron(desc: string): string {
  try {
    const parsed = JSON.parse(desc) as { cron?: string };
    return typeof parsed.cron === 'string' ? parsed.cron : desc;
  } catch {
    return desc;
  }
}

/** Reads, for the project's own collections and functions only, what the environment has. */
export async function readExistingState(app: Manager, envId: string, root: string): Promise<ExistingState> {
  const state: ExistingState = { collections: {}, rules: {}, functions: {} };
  const names = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const page = await app.database.listCollections({ MgoLimit: 100, MgoOffset: offset });
    for (const table of page.Collections) names.add(table.CollectionName);
    if (page.Collections.length < 100) break;
  }
  for (const collection of Object.keys(loadCollections(root))) {
    if (!names.has(collection)) continue;
    const table = await app.database.describeCollection(collection);
    state.collections[collection] = {
      indexes: (table.Indexes ?? []).map((index) => ({
        name: index.Name,
        keys: Object.fromEntries(
          index.Keys.map((key) => [key.Name ?? '', Number(key.Direction) === -1 ? -1 : 1]),
        ),
        unique: index.Unique,
      })),
    };
    const rule = (await app.commonService().call({
      Action: 'DescribeSafeRule',
      Param: { EnvId: envId, CollectionName: collection },
    })) as { AclTag?: string; Rule?: string | null };
    state.rules[collection] =
      rule.AclTag === 'CUSTOM' && rule.Rule ? (JSON.parse(rule.Rule) as Record<string, unknown>) : null;
  }
  for (const name of deployableFunctions(root)) {
    try {
      const detail = await app.functions.getFunctionDetail(name);
      const description = detail.Description ?? '';
      state.functions[name] = {
        hash: description.startsWith(DESCRIPTION_PREFIX)
          ? description.slice(DESCRIPTION_PREFIX.length)
          : undefined,
        triggers: (detail.Triggers ?? [])
          .filter((trigger) => (trigger.Type ?? '').toLowerCase() === 'timer')
          .map((trigger) => ({
            name: trigger.TriggerName,
            type: 'timer' as const,
            config: triggerCron(trigger.TriggerDesc),
          })),
      };
    } catch (error) {
      if (!errorCode(error).startsWith('ResourceNotFound')) throw error;
    }
  }
  return state;
}

export async function executeStep(app: Manager, envId: string, root: string, step: Step): Promise<void> {
  switch (step.kind) {
    case 'createCollection':
      await app.database.createCollectionIfNotExists(step.collection);
      return;
    case 'dropIndex':
      await app.database.updateCollection(step.collection, { DropIndexes: [{ IndexName: step.index }] });
      return;
    case 'createIndex': {
      const schema = {
        MgoIndexKeys: Object.entries(step.index.keys).map(([Name, direction]) => ({
          Name,
          Direction: String(direction),
        })),
        MgoIsUnique: Boolean(step.index.unique),
        // Sparse is in the TCB API (MgoKeySchema.MgoIsSparse) but not yet in manager-node's typings.
        MgoIsSparse: Boolean(step.index.sparse),
      };
      await app.database.updateCollection(step.collection, {
        CreateIndexes: [{ IndexName: step.index.name, MgoKeySchema: schema }],
      });
      return;
    }
    case 'setRule':
      await app.commonService().call({
        Action: 'ModifySafeRule',
        Param: {
          EnvId: envId,
          CollectionName: step.collection,
          AclTag: 'CUSTOM',
          Rule: JSON.stringify(step.rule),
        },
      });
      return;
    case 'deployFunction': {
      const { timeout, runtime, memorySize, envVariables } = step.config;
      await app.functions.createFunction({
        func: {
          name: step.name,
          description: `${DESCRIPTION_PREFIX}${step.hash}`,
          timeout,
          runtime,
          ...(memorySize ? { memorySize } : {}),
          envVariables,
          // The same choice as DevTools' 「上传并部署：云端安装依赖」: node_modules is never uploaded.
          installDependency: true,
          ignore: ['node_modules', 'node_modules/**/*', 'src', 'src/**/*'],
        },
        functionRootPath: path.join(root, 'cloudfunctions'),
        // Update code and configuration when the function exists; triggers are separate steps.
        force: true,
      });
      return;
    }
    case 'deleteTrigger':
      await app.functions.deleteFunctionTrigger(step.function, step.trigger);
      return;
    case 'createTrigger':
      await app.functions.createFunctionTriggers(step.function, [step.trigger]);
      return;
  }
}

interface Credentials {
  secretId?: string;
  secretKey?: string;
  token?: string;
  envId?: string;
}

function credentials(values: Record<string, string | boolean | undefined>): Credentials {
  const flag = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return {
    secretId: flag('secret-id') ?? process.env.TCB_SECRET_ID,
    secretKey: flag('secret-key') ?? process.env.TCB_SECRET_KEY,
    token: process.env.TCB_SESSION_TOKEN,
    envId: flag('env') ?? process.env.TCB_ENV_ID,
  };
}

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..');
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      env: { type: 'string' },
      'secret-id': { type: 'string' },
      'secret-key': { type: 'string' },
      'skip-doctor': { type: 'boolean', default: false },
    },
  });
  const dryRun = Boolean(values['dry-run']);
  if (!values['skip-doctor']) {
    const problems = await runDoctor(root);
    if (problems.length > 0) {
      for (const problem of problems)
        console.error(`✗ ${problem.where}: ${problem.what}\n    fix: ${problem.fix}`);
      console.error(`\nnot deploying: \`npm run doctor\` found ${problems.length} problem(s)`);
      if (!dryRun) return 1;
    }
  }
  const creds = credentials(values);
  const complete = Boolean(creds.secretId && creds.secretKey && creds.envId);
  if (!complete && !dryRun) {
    console.error(
      'deploy needs a Tencent Cloud API key and an environment:\n' +
        '  TCB_SECRET_ID=… TCB_SECRET_KEY=… TCB_ENV_ID=… npm run deploy\n' +
        '  (or --secret-id, --secret-key, --env; `npm run deploy -- --dry-run` shows the plan without them)',
    );
    return 2;
  }
  let app: Manager | undefined;
  let existing = EMPTY_STATE;
  if (complete) {
    app = new CloudBase({
      secretId: creds.secretId,
      secretKey: creds.secretKey,
      token: creds.token,
      envId: creds.envId,
    });
    existing = await readExistingState(app, creds.envId!, root);
  }
  const steps = planDeployment(root, existing);
  const against = complete ? `environment ${creds.envId}` : 'an empty environment (no credentials given)';
  console.log(`Plan against ${against}: ${steps.length} step(s)`);
  steps.forEach((step, index) => console.log(`${String(index + 1).padStart(3)}. ${describeStep(step)}`));
  if (dryRun || steps.length === 0) {
    if (steps.length === 0) console.log('Nothing to do: the environment matches the repository.');
    return 0;
  }
  for (const [index, step] of steps.entries()) {
    process.stdout.write(`[${index + 1}/${steps.length}] ${describeStep(step)} … `);
    await executeStep(app!, creds.envId!, root, step);
    console.log('done');
  }
  console.log(
    '\nDeployed. Next: set the first admin (docs/DEPLOY.md § First admin), then configure payment.',
  );
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const code = errorCode(error);
      console.error(
        `\ndeploy failed${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      );
      console.error('Fix the cause and run `npm run deploy` again: finished steps are not repeated.');
      process.exit(1);
    },
  );
}
