// The function host: runs each cloud function like SCF does, in instances (worker threads) that each
// take one invocation at a time, a pool per function that grows while all are busy and stays warm.
// Each instance has its own process.env, so concurrent invocations never see each other's OPENID.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Clock } from '../clock';
import { FunctionConfig, FunctionSource, functionSource, listFunctions, readFunctionConfig } from './config';

/** Who is calling, as the platform puts it into getWXContext(). */
export interface Identity {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
  /** getWXContext().SOURCE, e.g. wx_client. */
  source?: string;
}

export type InvocationOutcome =
  | { ok: true; result: unknown; durationMs: number }
  | { ok: false; errCode: number; errMsg: string; timedOut?: boolean; durationMs: number };

/** errCode values answered to callers (the last two as the platform names them). */
export const ERR_FUNCTION_THREW = -1;
export const ERR_FUNCTION_NOT_FOUND = -504001;
export const ERR_FUNCTION_TIMEOUT = -504003;

export interface FunctionHostOptions {
  functionsDir: string;
  envId: string;
  clock: Clock;
  /** Instances per function at most; SCF's own default concurrency is far higher, 20 is plenty locally. */
  maxInstances?: number;
  /** An instance idle this long is shut down, like SCF reclaiming a warm instance. */
  idleMs?: number;
  /** Drop the functions' console output instead of passing it through. */
  quiet?: boolean;
  onInvocation?: (name: string, outcome: InvocationOutcome) => void;
  /** Extra environment variables of every instance (as set in the console), read when one starts. */
  env?: () => Record<string, string>;
}

interface Pending {
  event: unknown;
  identity: Identity;
  requestId: string;
  resolve: (outcome: InvocationOutcome) => void;
}

interface Running extends Pending {
  started: number;
  timer: NodeJS.Timeout;
}

interface Instance {
  id: number;
  worker: Worker;
  pool: Pool;
  ready: Promise<string | undefined>;
  /** Set once index.js has loaded (or failed to). */
  loaded: boolean;
  running?: Running;
  idleTimer?: NodeJS.Timeout;
  /** The code changed while this instance was busy: shut it down once it is free. */
  retired?: boolean;
}

interface Pool {
  source: FunctionSource;
  config?: FunctionConfig;
  configError?: string;
  mtimeMs: number;
  instances: Set<Instance>;
  queue: Pending[];
}

const MAX_STARTING = 2;
const WORKER_FILE = path.join(__dirname, 'worker.cjs');
const WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP';

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function failure(errCode: number, errMsg: string, started: number, timedOut = false): InvocationOutcome {
  return { ok: false, errCode, errMsg, durationMs: Date.now() - started, ...(timedOut ? { timedOut } : {}) };
}

export class FunctionHost {
  private readonly pools = new Map<string, Pool>();
  private readonly instances = new Map<number, Instance>();
  private nextInstanceId = 1;
  private origin = '';
  private stopped = false;
  private readonly maxInstances: number;
  private readonly idleMs: number;

  constructor(private readonly options: FunctionHostOptions) {
    this.maxInstances = options.maxInstances ?? 20;
    this.idleMs = options.idleMs ?? 5 * 60_000;
  }

  /** Where the functions' SDK finds the local cloud; known once the server listens. */
  attach(origin: string): void {
    this.origin = origin.replace(/\/$/, '');
  }

  names(): string[] {
    return listFunctions(this.options.functionsDir).map((source) => source.name);
  }

  has(name: string): boolean {
    return functionSource(this.options.functionsDir, name) !== undefined;
  }

  /** The function's config.json; throws if it is invalid. */
  config(name: string): FunctionConfig {
    const pool = this.pool(name);
    if (!pool) throw new Error(`function ${name} not found`);
    if (!pool.config) throw new Error(pool.configError ?? `function ${name} has no config`);
    return pool.config;
  }

  /**
   * The function and the invocation behind an /admin request: each instance's SDK posts to
   * /admin/<function>/<instanceId>, and an instance runs one invocation at a time.
   */
  callerOf(caller: string | undefined): { functionName?: string; identity?: Identity } {
    if (!caller) return {};
    const [functionName, id] = caller.split('/');
    const instance = id === undefined ? undefined : this.instances.get(Number(id));
    return { functionName, identity: instance?.running?.identity };
  }

  /** Live instances per function, for tests and the ops view. */
  instanceCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [name, pool] of this.pools) counts[name] = pool.instances.size;
    return counts;
  }

  /** Shuts down the function's idle instances, so the next invocation starts cold. */
  async recycle(name: string): Promise<void> {
    const pool = this.pools.get(name);
    if (!pool) return;
    await Promise.all(
      [...pool.instances].filter((instance) => !instance.running).map((instance) => this.shutdown(instance)),
    );
  }

  invoke(name: string, event: unknown, identity: Identity = {}): Promise<InvocationOutcome> {
    const started = Date.now();
    const finish = (outcome: InvocationOutcome): InvocationOutcome => {
      this.options.onInvocation?.(name, outcome);
      return outcome;
    };
    if (this.stopped)
      return Promise.resolve(finish(failure(ERR_FUNCTION_THREW, 'the local cloud is stopping', started)));
    const pool = this.pool(name);
    if (!pool)
      return Promise.resolve(finish(failure(ERR_FUNCTION_NOT_FOUND, `function ${name} not found`, started)));
    if (!pool.config)
      return Promise.resolve(finish(failure(ERR_FUNCTION_THREW, pool.configError ?? 'bad config', started)));
    return new Promise<InvocationOutcome>((resolve) => {
      pool.queue.push({
        event,
        identity,
        requestId: randomUUID(),
        resolve: (outcome) => resolve(finish(outcome)),
      });
      this.pump(pool);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const exits: Promise<number>[] = [];
    for (const pool of this.pools.values()) {
      for (const pending of pool.queue.splice(0)) {
        pending.resolve(failure(ERR_FUNCTION_THREW, 'the local cloud stopped', Date.now()));
      }
      for (const instance of [...pool.instances])
        exits.push(this.shutdown(instance, 'the local cloud stopped'));
    }
    await Promise.all(exits);
  }

  private pool(name: string): Pool | undefined {
    const existing = this.pools.get(name);
    if (existing) {
      // `npm run build` while the local cloud runs: new invocations get the new code.
      const mtimeMs = mtimeOf(existing.source.file);
      if (mtimeMs !== existing.mtimeMs) this.reload(existing, mtimeMs);
      return existing;
    }
    const source = functionSource(this.options.functionsDir, name);
    if (!source) return undefined;
    const pool: Pool = { source, mtimeMs: mtimeOf(source.file), instances: new Set(), queue: [] };
    this.loadConfig(pool);
    this.pools.set(name, pool);
    return pool;
  }

  private loadConfig(pool: Pool): void {
    try {
      pool.config = readFunctionConfig(pool.source);
      pool.configError = undefined;
    } catch (error) {
      pool.config = undefined;
      pool.configError = (error as Error).message;
    }
  }

  private reload(pool: Pool, mtimeMs: number): void {
    pool.mtimeMs = mtimeMs;
    this.loadConfig(pool);
    for (const instance of [...pool.instances]) {
      if (instance.running) instance.retired = true;
      else void this.shutdown(instance);
    }
  }

  private pump(pool: Pool): void {
    while (pool.queue.length > 0) {
      let instance = [...pool.instances].find((candidate) => !candidate.running && !candidate.retired);
      if (!instance) {
        if (pool.instances.size >= this.maxInstances) return;
        // Cold starts compete for the CPU; a warm instance clears a burst of short calls sooner than
        // twenty instances loading the SDK at once, so only a few start at a time.
        const starting = [...pool.instances].filter((candidate) => !candidate.loaded).length;
        if (starting >= MAX_STARTING) return;
        instance = this.spawn(pool);
      }
      const next = pool.queue.shift();
      if (next) this.run(instance, next);
    }
  }

  private spawn(pool: Pool): Instance {
    const id = this.nextInstanceId++;
    const { envId, quiet } = this.options;
    const worker = new Worker(WORKER_FILE, {
      workerData: { file: pool.source.file, functionName: pool.source.name },
      // Not shared with the host or other instances: the SDK reads identity and its URL from here.
      env: {
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${this.origin}/admin/${pool.source.name}/${id}` }),
        TENCENTCLOUD_SECRETID: 'local',
        TENCENTCLOUD_SECRETKEY: 'local',
        TENCENTCLOUD: 'true',
        SCF_NAMESPACE: envId,
        TCB_ENV: envId,
        SCF_FUNCTIONNAME: pool.source.name,
        SILENCE: 'true',
        WX_CONTEXT_KEYS,
        PATH: process.env.PATH ?? '',
        // SCF gives functions a writable /tmp; here, the host's temp folder.
        TMPDIR: os.tmpdir(),
        ...(this.options.env?.() ?? {}),
      },
      stdout: quiet,
      stderr: quiet,
    });
    if (quiet) {
      worker.stdout.resume();
      worker.stderr.resume();
    }
    const instance: Instance = {
      id,
      worker,
      pool,
      loaded: false,
      ready: new Promise((resolve) => {
        worker.once('message', (message: { type: string; error?: string }) => resolve(message.error));
        worker.once('exit', () => resolve('the instance exited while starting'));
      }),
    };
    void instance.ready.then(() => {
      instance.loaded = true;
      if (!this.stopped) this.pump(pool);
    });
    worker.on('message', (message: WorkerReply) => this.onReply(instance, message));
    worker.on('error', (error) => this.onCrash(instance, `the instance crashed: ${error.message}`));
    worker.on('exit', () => this.onCrash(instance, 'the instance exited'));
    pool.instances.add(instance);
    this.instances.set(id, instance);
    return instance;
  }

  private run(instance: Instance, pending: Pending): void {
    if (instance.idleTimer) clearTimeout(instance.idleTimer);
    const { pool } = instance;
    const config = pool.config;
    const timeoutMs = config?.timeoutMs ?? 3000;
    // The timer starts once the instance has loaded: a cold start is not the function's fault here.
    const running: Running = {
      ...pending,
      started: Date.now(),
      timer: undefined as unknown as NodeJS.Timeout,
    };
    instance.running = running;
    void instance.ready.then((loadError) => {
      if (instance.running !== running) return;
      if (loadError) {
        instance.running = undefined;
        running.resolve(failure(ERR_FUNCTION_THREW, loadError, running.started));
        void this.shutdown(instance);
        this.pump(pool);
        return;
      }
      running.timer = setTimeout(() => {
        if (instance.running !== running) return;
        instance.running = undefined;
        running.resolve(
          failure(
            ERR_FUNCTION_TIMEOUT,
            `Invoking task timed out after ${timeoutMs / 1000} seconds`,
            running.started,
            true,
          ),
        );
        // A function past its timeout may still be holding the instance; SCF kills it, so do we.
        void this.shutdown(instance);
        this.pump(pool);
      }, timeoutMs);
      const { identity } = running;
      instance.worker.postMessage({
        type: 'invoke',
        id: running.requestId,
        event: running.event,
        offsetMs: this.options.clock.offset,
        env: {
          WX_OPENID: identity.openid,
          WX_APPID: identity.appid,
          WX_UNIONID: identity.unionid,
          WX_CLIENTIP: identity.clientIp,
          TCB_SOURCE: identity.source,
        },
        context: {
          request_id: running.requestId,
          function_name: pool.source.name,
          function_version: '$LATEST',
          namespace: this.options.envId,
          memory_limit_in_mb: 256,
          time_limit_in_ms: timeoutMs,
        },
      });
    });
  }

  private onReply(instance: Instance, message: WorkerReply): void {
    if (message.type !== 'result') return;
    const running = instance.running;
    if (!running || running.requestId !== message.id) return;
    clearTimeout(running.timer);
    instance.running = undefined;
    if (message.ok) {
      running.resolve({
        ok: true,
        result: JSON.parse(message.json),
        durationMs: Date.now() - running.started,
      });
    } else {
      running.resolve(failure(ERR_FUNCTION_THREW, message.message, running.started));
    }
    const { pool } = instance;
    if (instance.retired || this.stopped) void this.shutdown(instance);
    else {
      instance.idleTimer = setTimeout(() => void this.shutdown(instance), this.idleMs);
      instance.idleTimer.unref();
    }
    this.pump(pool);
  }

  private onCrash(instance: Instance, reason: string): void {
    if (!this.instances.has(instance.id)) return;
    this.forget(instance);
    const running = instance.running;
    if (running) {
      clearTimeout(running.timer);
      instance.running = undefined;
      running.resolve(failure(ERR_FUNCTION_THREW, reason, running.started));
    }
    if (!this.stopped) this.pump(instance.pool);
  }

  private forget(instance: Instance): void {
    if (instance.idleTimer) clearTimeout(instance.idleTimer);
    instance.pool.instances.delete(instance);
    this.instances.delete(instance.id);
  }

  private shutdown(instance: Instance, reason = 'the instance was shut down'): Promise<number> {
    const running = instance.running;
    if (running) {
      clearTimeout(running.timer);
      instance.running = undefined;
      running.resolve(failure(ERR_FUNCTION_THREW, reason, running.started));
    }
    this.forget(instance);
    return instance.worker.terminate();
  }
}

type WorkerReply =
  | { type: 'ready'; error?: string }
  | { type: 'result'; id: string; ok: true; json: string }
  | { type: 'result'; id: string; ok: false; message: string };

/** The event as the platform hands it to a function called by a user: with userInfo added. */
export function withUserInfo(event: unknown, identity: Identity): Record<string, unknown> {
  const base =
    event && typeof event === 'object' && !Array.isArray(event) ? (event as Record<string, unknown>) : {};
  return { ...base, userInfo: { appId: identity.appid, openId: identity.openid } };
}
