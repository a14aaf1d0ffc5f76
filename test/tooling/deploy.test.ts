// The deploy plan covers everything the repository declares, is empty once applied (idempotent), plans
// only the difference after a change, and its executor sends manager-node what the TCB API expects.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  deployableFunctions,
  describeStep,
  EMPTY_STATE,
  executeStep,
  ExistingState,
  planDeployment,
  readExistingState,
  Step,
} from '../../scripts/deploy';
import {
  expectedRule,
  functionHash,
  loadCollections,
  readFunctionConfig,
} from '../../scripts/tooling/project';
import { copyCommittedTree, ProjectCopy, REPO } from './project-copy';

/** A fake environment: what the steps would leave behind, in the shape readExistingState answers. */
function apply(state: ExistingState, steps: Step[]): ExistingState {
  const next: ExistingState = structuredClone(state);
  for (const step of steps) {
    switch (step.kind) {
      case 'createCollection':
        next.collections[step.collection] = { indexes: [] };
        break;
      case 'dropIndex': {
        const collection = next.collections[step.collection]!;
        collection.indexes = collection.indexes.filter((index) => index.name !== step.index);
        break;
      }
      case 'createIndex':
        next.collections[step.collection]!.indexes.push({
          name: step.index.name,
          keys: step.index.keys,
          unique: Boolean(step.index.unique),
        });
        break;
      case 'setRule':
        next.rules[step.collection] = step.rule;
        break;
      case 'deployFunction':
        next.functions[step.name] = { hash: step.hash, triggers: next.functions[step.name]?.triggers ?? [] };
        break;
      case 'deleteTrigger': {
        const fn = next.functions[step.function]!;
        fn.triggers = fn.triggers.filter((trigger) => trigger.name !== step.trigger);
        break;
      }
      case 'createTrigger':
        next.functions[step.function]!.triggers.push(step.trigger);
        break;
    }
  }
  return next;
}

describe('planDeployment', () => {
  let copy: ProjectCopy;
  beforeEach(() => {
    copy = copyCommittedTree();
    // A timer trigger on ping makes the trigger steps visible whatever functions are committed today.
    copy.write(
      'cloudfunctions/ping/config.json',
      JSON.stringify({
        permissions: { openapi: [] },
        timeout: 5,
        triggers: [{ name: 'tick', type: 'timer', config: '0 0 3 * * * *' }],
      }),
    );
  });
  afterEach(() => copy.dispose());

  it('plans every collection, index, rule, function and trigger for an empty environment, in a safe order', () => {
    const steps = planDeployment(copy.root);
    const collections = loadCollections(copy.root);
    const functions = deployableFunctions(copy.root);
    const described = steps.map(describeStep);

    for (const [name, declaration] of Object.entries(collections)) {
      expect(described).toContain(`create collection ${name}`);
      expect(steps).toContainEqual({
        kind: 'setRule',
        collection: name,
        rule: expectedRule(name, declaration),
      });
      for (const index of declaration.indexes) {
        expect(steps).toContainEqual({ kind: 'createIndex', collection: name, index });
      }
    }
    expect(functions).toContain('ping');
    for (const name of functions) {
      expect(steps).toContainEqual({
        kind: 'deployFunction',
        name,
        hash: functionHash(copy.root, name),
        create: true,
        config: readFunctionConfig(copy.root, name),
      });
      for (const trigger of readFunctionConfig(copy.root, name).triggers) {
        expect(steps).toContainEqual({ kind: 'createTrigger', function: name, trigger });
      }
    }
    expect(described).toContain('create timer trigger ping/tick "0 0 3 * * * *"');
    const indexCount = Object.values(collections).reduce((sum, c) => sum + c.indexes.length, 0);
    const triggerCount = functions.reduce(
      (sum, name) => sum + readFunctionConfig(copy.root, name).triggers.length,
      0,
    );
    const collectionCount = Object.keys(collections).length;
    expect(steps).toHaveLength(2 * collectionCount + indexCount + functions.length + triggerCount);

    const order = ['createCollection', 'createIndex', 'setRule', 'deployFunction', 'createTrigger'];
    const ranks = steps.map((step) => order.indexOf(step.kind));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('plans nothing once the plan has been applied', () => {
    const state = apply(EMPTY_STATE, planDeployment(copy.root));
    expect(planDeployment(copy.root, state)).toEqual([]);
  });

  it('plans only the difference after changes, and leaves what it does not own alone', () => {
    let state = apply(EMPTY_STATE, planDeployment(copy.root));
    state.collections.legacy = { indexes: [{ name: 'old' }] };
    state.functions.legacyFn = {
      hash: 'x',
      triggers: [{ name: 'old', type: 'timer', config: '0 0 1 * * * *' }],
    };
    state.rules.users = { read: true, write: true };
    state.collections.orders!.indexes = state.collections.orders!.indexes.map((index) =>
      index.name === 'buyer' ? { ...index, keys: { buyerId: 1 } } : index,
    );
    state = apply(state, []);
    copy.edit('cloudfunctions/ping/config.json', (text) => text.replace('0 0 3 * * * *', '0 30 3 * * * *'));

    const steps = planDeployment(copy.root, state).map(describeStep);
    expect(steps).toEqual([
      'drop index orders.buyer (its declaration changed)',
      'create index orders.buyer { buyerId:1, createdAt:-1 }',
      `set security rule of users: {"read":"doc._id == auth.openid","write":false}`,
      expect.stringMatching(/^update function ping \(Nodejs16\.13, timeout 5 s, cloud installs dependencies/),
      'delete trigger ping/tick',
      'create timer trigger ping/tick "0 30 3 * * * *"',
    ]);
    expect(planDeployment(copy.root, apply(state, planDeployment(copy.root, state)))).toEqual([]);
  });

  it('redeploys a function whose code changed, and only that one', () => {
    const state = apply(EMPTY_STATE, planDeployment(copy.root));
    copy.edit('cloudfunctions/ping/index.js', (text) => `${text}\n// rebuilt\n`);
    expect(planDeployment(copy.root, state)).toEqual([
      expect.objectContaining({ kind: 'deployFunction', name: 'ping', create: false }),
    ]);
  });
});

/** Records manager-node calls and answers like an environment where `state` is deployed. */
function fakeManager(state: ExistingState) {
  const calls: Array<[string, unknown[]]> = [];
  const record =
    (name: string, answer: (...args: unknown[]) => unknown = () => ({})) =>
    async (...args: unknown[]) => {
      calls.push([name, args]);
      return answer(...args);
    };
  const app = {
    database: {
      listCollections: record('listCollections', () => ({
        Collections: Object.keys(state.collections).map((CollectionName) => ({ CollectionName })),
      })),
      describeCollection: record('describeCollection', (name) => ({
        Indexes: state.collections[name as string]!.indexes.map((index) => ({
          Name: index.name,
          Keys: Object.entries(index.keys ?? {}).map(([Name, direction]) => ({
            Name,
            Direction: String(direction),
          })),
          Unique: Boolean(index.unique),
        })),
      })),
      createCollectionIfNotExists: record('createCollectionIfNotExists'),
      updateCollection: record('updateCollection'),
    },
    commonService: () => ({
      call: record('commonService.call', (options) => {
        const { Action, Param } = options as { Action: string; Param: { CollectionName: string } };
        if (Action !== 'DescribeSafeRule') return {};
        const rule = state.rules[Param.CollectionName];
        return rule ? { AclTag: 'CUSTOM', Rule: JSON.stringify(rule) } : { AclTag: 'ADMINONLY', Rule: null };
      }),
    }),
    functions: {
      getFunctionDetail: record('getFunctionDetail', (name) => {
        const fn = state.functions[name as string];
        if (!fn) throw Object.assign(new Error('not found'), { code: 'ResourceNotFound.Function' });
        return {
          Description: `fenxiao-shop deploy ${fn.hash}`,
          Triggers: fn.triggers.map((t) => ({
            TriggerName: t.name,
            Type: 'timer',
            TriggerDesc: JSON.stringify({ cron: t.config }),
          })),
        };
      }),
      createFunction: record('createFunction'),
      deleteFunctionTrigger: record('deleteFunctionTrigger'),
      createFunctionTriggers: record('createFunctionTriggers'),
    },
  };
  return { app: app as unknown as Parameters<typeof executeStep>[0], calls };
}

describe('deploy against manager-node', () => {
  let copy: ProjectCopy;
  beforeEach(() => {
    copy = copyCommittedTree();
  });
  afterEach(() => copy.dispose());

  it('reads back a deployed environment as nothing to do', async () => {
    const deployed = apply(EMPTY_STATE, planDeployment(copy.root));
    const { app } = fakeManager(deployed);
    const read = await readExistingState(app, 'env-1', copy.root);
    expect(planDeployment(copy.root, read)).toEqual([]);
  });

  it('reads an empty environment as the full plan', async () => {
    const { app } = fakeManager(EMPTY_STATE);
    expect(planDeployment(copy.root, await readExistingState(app, 'env-1', copy.root))).toEqual(
      planDeployment(copy.root),
    );
  });

  it('sends unique sparse indexes, custom rules, functions with cloud-installed dependencies, and triggers', async () => {
    const { app, calls } = fakeManager(EMPTY_STATE);
    const users = loadCollections(copy.root).users!;
    const steps: Step[] = [
      { kind: 'createIndex', collection: 'users', index: users.indexes[0]! },
      { kind: 'setRule', collection: 'orders', rule: { read: 'doc.buyerId == auth.openid', write: false } },
      {
        kind: 'deployFunction',
        name: 'ping',
        hash: 'abc',
        create: true,
        config: { ...readFunctionConfig(copy.root, 'ping'), envVariables: { TZ: 'Asia/Shanghai' } },
      },
      {
        kind: 'createTrigger',
        function: 'settle',
        trigger: { name: 'tick', type: 'timer', config: '0 */10 * * * * *' },
      },
    ];
    for (const step of steps) await executeStep(app, 'env-1', copy.root, step);
    expect(calls).toEqual([
      [
        'updateCollection',
        [
          'users',
          {
            CreateIndexes: [
              {
                IndexName: 'distributor_code',
                MgoKeySchema: {
                  MgoIndexKeys: [{ Name: 'distributor.code', Direction: '1' }],
                  MgoIsUnique: true,
                  MgoIsSparse: true,
                },
              },
            ],
          },
        ],
      ],
      [
        'commonService.call',
        [
          {
            Action: 'ModifySafeRule',
            Param: {
              EnvId: 'env-1',
              CollectionName: 'orders',
              AclTag: 'CUSTOM',
              Rule: '{"read":"doc.buyerId == auth.openid","write":false}',
            },
          },
        ],
      ],
      [
        'createFunction',
        [
          expect.objectContaining({
            func: expect.objectContaining({
              name: 'ping',
              description: 'fenxiao-shop deploy abc',
              timeout: 5,
              installDependency: true,
              envVariables: { TZ: 'Asia/Shanghai' },
            }),
            functionRootPath: path.join(copy.root, 'cloudfunctions'),
            force: true,
          }),
        ],
      ],
      ['createFunctionTriggers', ['settle', [{ name: 'tick', type: 'timer', config: '0 */10 * * * * *' }]]],
    ]);
  });
});

describe('npm run deploy -- --dry-run', () => {
  it('prints the complete plan without credentials and exits 0', () => {
    const env = { ...process.env };
    for (const key of ['TCB_SECRET_ID', 'TCB_SECRET_KEY', 'TCB_ENV_ID', 'TCB_SESSION_TOKEN']) delete env[key];
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    // --skip-doctor: this test is about the plan; the doctor has its own tests and others' work in progress must not fail it.
    const output = execFileSync(tsx, ['scripts/deploy.ts', '--dry-run', '--skip-doctor'], {
      cwd: REPO,
      env,
      encoding: 'utf8',
    });
    const steps = planDeployment(REPO);
    expect(output).toContain(
      `Plan against an empty environment (no credentials given): ${steps.length} step(s)`,
    );
    for (const step of steps) expect(output).toContain(describeStep(step));
  });

  it('refuses a real deploy without credentials, saying what is missing', () => {
    const env = { ...process.env };
    for (const key of ['TCB_SECRET_ID', 'TCB_SECRET_KEY', 'TCB_ENV_ID']) delete env[key];
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    let failure: { status?: number; stderr?: string } = {};
    try {
      execFileSync(tsx, ['scripts/deploy.ts', '--skip-doctor'], {
        cwd: REPO,
        env,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.status).toBe(2);
    expect(failure.stderr).toContain('TCB_SECRET_ID=… TCB_SECRET_KEY=… TCB_ENV_ID=… npm run deploy');
  });
});
