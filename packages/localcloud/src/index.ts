// @fenxiao/localcloud: a local CloudBase in one process — the database engine, the function host,
// storage, openapi, the simulated merchants, timer triggers and metrics behind one HTTP server that the
// real, unmodified wx-server-sdk inside each cloud function talks to. startLocalCloud is the API; the
// project hands over what is its own (functions folder, collections, app.json, function environment).
import path from 'node:path';
import { ApiHandler, ApiTable } from './api';
import { Clock, parseInstant } from './clock';
import { CollectionDeclarations, normalizeCollections } from './collections';
import { databaseApi } from './db/api';
import { Engine } from './db/engine';
import { checkFunctionConfigs } from './functions/config';
import { FunctionHost, Identity, InvocationOutcome, withUserInfo } from './functions/host';
import { functionRoutes, functionsApi } from './functions/http';
import { homeRoute } from './home';
import { Route, startHttpServer } from './server';
import { Metrics } from './services/metrics';
import { appPages, openApi } from './services/openapi';
import { OpenApiPlatform } from './services/openapi-platform';
import { opsRoutes } from './services/ops';
import { httpAccessRoutes } from './services/http-access';
import { PaySimulator } from './services/pay';
import { simulatorPayments } from './services/payments-view';
import { WechatpayV3Simulator } from './services/wechatpay-v3';
import { LocalStorage } from './services/storage';
import { FiredTrigger, TriggerScheduler } from './services/triggers';

export { Clock, parseInstant } from './clock';
export type { ClockOptions } from './clock';
export { loadCollections, normalizeCollections } from './collections';
export type { CollectionDeclaration, CollectionDeclarations, IndexDeclaration } from './collections';
export type { Engine, FindOptions, UpdateOptions, UpdateResult, Doc } from './db/engine';
export type { FunctionHost, Identity, InvocationOutcome } from './functions/host';
export { cronProblem } from './functions/cron';
export { MISSING_OPENID_WARNING } from './functions/http';
export { ROUTES } from './home';
export { localCloudBanner, stopOnSignals } from './serve';
export type { Metrics } from './services/metrics';
export type { OpenApiPlatform } from './services/openapi-platform';
export type { PaySimulator, PayOrder, PayRefund } from './services/pay';
export type { LocalStorage } from './services/storage';
export type { FiredTrigger, TriggerScheduler } from './services/triggers';
export { OVERDUE_CLOSE, TRANSFER_CONFIRM_MS } from './services/wechatpay-v3';
export type {
  V3MerchantConfig,
  V3Order,
  V3Refund,
  V3Transfer,
  WechatpayV3Simulator,
} from './services/wechatpay-v3';

export interface LocalCloudOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where the database, files, simulators' state and the clock are kept; a restart resumes from it. */
  dataDir: string;
  /** The project's cloud functions: one folder per function with index.js and config.json. None: no functions. */
  functionsDir?: string;
  /** Collections (and unique indexes) to create at start, as the project's deploy step creates them. */
  collections?: CollectionDeclarations;
  /** The mini-program's app.json: wxacode.getUnlimited (check_path) and subscribe messages check pages in it. */
  appJson?: string;
  /** Extra environment of every function instance, as set in the console; gets this server's URL. */
  functionEnv?: (url: string) => Record<string, string>;
  envId?: string;
  /** The mini-program's appid, as functions see it in getWXContext().APPID. */
  appId?: string;
  /** Drop the functions' console output. */
  quiet?: boolean;
  /** Real milliseconds between scheduler ticks (timer triggers, callback retries). */
  tickMs?: number;
  /** Real milliseconds every database request waits before it is served (default LOCALCLOUD_DB_LATENCY_MS, else 0). */
  dbLatencyMs?: number;
  /** Real milliseconds every openapi and payment call waits (default LOCALCLOUD_API_LATENCY_MS, else 0). */
  apiLatencyMs?: number;
  /**
   * Virtual time to start at on a fresh data folder (ISO 8601 with a zone, a Date or epoch ms; default
   * LOCALCLOUD_CLOCK_START). A data folder that already has a clock keeps it: time never runs backwards.
   */
  clockStart?: string | number | Date;
}

export interface TickResult {
  triggers: { functionName: string; triggerName: string; time: string; ok: boolean }[];
}

export interface LocalCloud {
  url: string;
  port: number;
  envId: string;
  appId: string;
  dataDir: string;
  functionsDir?: string;
  /** The latencies in force (ms). */
  latency: { dbMs: number; apiMs: number };
  clock: Clock;
  engine: Engine;
  host: FunctionHost;
  pay: PaySimulator;
  /** WeChat Pay API v3 and merchant transfers; merchantConfig() is the merchant's side of its keys. */
  wechatpayV3: WechatpayV3Simulator;
  storage: LocalStorage;
  /** What WeChat's platform plays behind cloud.openapi: order shipping, msgSecCheck, subscribe messages… */
  platform: OpenApiPlatform;
  triggers: TriggerScheduler;
  metrics: Metrics;
  /** Invokes a function as a user (an openid, or a full identity) would through callFunction. */
  invoke(
    name: string,
    event?: Record<string, unknown>,
    identity?: Identity | string,
  ): Promise<InvocationOutcome>;
  /** Runs what is due on the virtual clock now; POST /_clock does this after moving the clock. */
  tick(): Promise<TickResult>;
  stop(): Promise<void>;
}

/** /admin, /admin/<function> or /admin/<function>/<instance>: the caller is "<function>/<instance>". */
const ADMIN_PATH = /^\/admin(?:\/([\w-]+(?:\/\d+)?))?\/?$/;

/** A non-negative number of milliseconds from an option or an environment variable. */
function latencyMs(option: number | undefined, variable: string): number {
  const raw = option ?? (process.env[variable] ? Number(process.env[variable]) : 0);
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
    throw new Error(`${option === undefined ? variable : 'latency'} must be a non-negative number of ms`);
  }
  return raw;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function delayed(handler: ApiHandler, ms: number): ApiHandler {
  if (ms <= 0) return handler;
  return async (request) => {
    await sleep(ms);
    return handler(request);
  };
}

function delayedRoute(route: Route, ms: number): Route {
  if (ms <= 0) return route;
  return {
    ...route,
    handle: async (req, res, match, body) => {
      await sleep(ms);
      await route.handle(req, res, match, body);
    },
  };
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const envId = options.envId ?? 'local';
  const appId = options.appId ?? 'wx0000000000local';
  const dataDir = path.resolve(options.dataDir);
  const functionsDir = options.functionsDir === undefined ? undefined : path.resolve(options.functionsDir);
  const latency = {
    dbMs: latencyMs(options.dbLatencyMs, 'LOCALCLOUD_DB_LATENCY_MS'),
    apiMs: latencyMs(options.apiLatencyMs, 'LOCALCLOUD_API_LATENCY_MS'),
  };
  // What a deploy would refuse stops the start here, before anything is opened.
  if (functionsDir) checkFunctionConfigs(functionsDir);
  const collections = normalizeCollections(options.collections ?? {});
  const startAt = options.clockStart ?? (process.env.LOCALCLOUD_CLOCK_START || undefined);
  const clock = new Clock({
    file: path.join(dataDir, 'clock.json'),
    start: startAt === undefined ? undefined : parseInstant(startAt, 'LOCALCLOUD_CLOCK_START'),
  });
  if (clock.restored && startAt !== undefined) {
    console.warn(
      `[localcloud] ${dataDir} already has a virtual clock (${clock.date().toISOString()}); ` +
        'the clock start is only for a fresh data folder and is ignored',
    );
  }
  const metrics = new Metrics();
  const engine = new Engine({ dataDir: path.join(dataDir, 'db'), declared: collections });
  let origin = '';
  const host = new FunctionHost({
    functionsDir: functionsDir ?? '',
    envId,
    clock,
    quiet: options.quiet,
    onInvocation: (name, outcome) => metrics.recordInvocation(name, outcome),
    env: () => ({ LOCALCLOUD_URL: origin, ...(options.functionEnv?.(origin) ?? {}) }),
  });
  const storage = new LocalStorage({ dataDir, envId, origin: () => origin });
  const pay = new PaySimulator({
    dataDir,
    clock,
    appId,
    invoke: (name, event) => host.invoke(name, event, {}),
    callerIdentity: (caller) => host.callerOf(caller).identity,
  });
  const wechatpayV3 = new WechatpayV3Simulator({ dataDir, clock, appId });
  const triggers = new TriggerScheduler(host, clock, functionsDir ?? '');
  const appJsonPath = options.appJson === undefined ? undefined : path.resolve(options.appJson);
  const platform = new OpenApiPlatform({
    dataDir,
    clock,
    appId,
    payments: simulatorPayments(dataDir),
    pages: () => appPages(appJsonPath),
  });

  // The database does not care which instance called; it gets the bare function name.
  const database: ApiTable = {};
  for (const [action, handler] of Object.entries(databaseApi(engine, clock))) {
    database[action] = delayed(
      (request) => handler({ ...request, caller: host.callerOf(request.caller).functionName }),
      latency.dbMs,
    );
  }
  const outside: ApiTable = {
    ...openApi({ host, appJsonPath, handlers: platform.handlers(), recorder: platform.recorder() }),
    ...pay.api(),
  };
  for (const [action, handler] of Object.entries(outside)) outside[action] = delayed(handler, latency.apiMs);
  const api: ApiTable = {
    ...database,
    ...functionsApi(host),
    ...storage.api(),
    ...outside,
  };

  const tick = async (): Promise<TickResult> => {
    const [fired] = await Promise.all([triggers.tick(), pay.tick(), wechatpayV3.tick()]);
    return { triggers: fired.map(summarise) };
  };
  let ready = false;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    server = await startHttpServer({
      port: options.port ?? 0,
      clock,
      api,
      adminPath: ADMIN_PATH,
      onApiRequest: (request) =>
        metrics.recordApiRequest(host.callerOf(request.caller).functionName, request.action),
      routes: [
        homeRoute({ url: () => origin, envId, functions: () => host.names() }),
        ...functionRoutes(host, appId),
        ...storage.routes(),
        ...wechatpayV3.payRoutes(pay.routes()),
        ...pay.routes(),
        ...wechatpayV3.apiRoutes().map((route) => delayedRoute(route, latency.apiMs)),
        ...wechatpayV3.userRoutes(),
        ...httpAccessRoutes(host),
        ...platform.routes(),
        ...triggers.routes(),
        ...opsRoutes({ clock, metrics, tick, ready: () => ready }),
      ],
    });
  } catch (error) {
    await host.stop();
    engine.close();
    throw error;
  }
  origin = `http://127.0.0.1:${server.port}`;
  host.attach(origin);

  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    tick()
      .catch((error: unknown) => console.error('[localcloud] scheduler tick failed', error))
      .finally(() => {
        ticking = false;
      });
  }, options.tickMs ?? 1000);
  timer.unref();
  ready = true;

  return {
    url: origin,
    port: server.port,
    envId,
    appId,
    dataDir,
    functionsDir,
    latency,
    clock,
    engine,
    host,
    pay,
    wechatpayV3,
    storage,
    platform,
    triggers,
    metrics,
    invoke(name, event = {}, identity = {}) {
      const who: Identity = typeof identity === 'string' ? { openid: identity } : identity;
      const full: Identity = { appid: appId, source: 'wx_client', ...who };
      return host.invoke(name, full.openid ? withUserInfo(event, full) : event, full);
    },
    tick,
    async stop() {
      ready = false;
      clearInterval(timer);
      await host.stop();
      await pay.idle();
      await wechatpayV3.idle();
      await server.close();
      engine.close();
    },
  };
}

function summarise(fired: FiredTrigger) {
  return {
    functionName: fired.functionName,
    triggerName: fired.triggerName,
    time: fired.time,
    ok: fired.outcome.ok,
  };
}
