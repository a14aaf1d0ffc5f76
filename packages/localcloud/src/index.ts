// startLocalCloud: the whole local CloudBase in one process — the database engine, the function host,
// storage, openapi, the simulated merchant, timer triggers and metrics behind one HTTP server.
import path from 'node:path';
import { COLLECTIONS } from '../../core/data/collections';
import { ApiTable } from './api';
import { Clock } from './clock';
import { databaseApi } from './db/api';
import { Engine } from './db/engine';
import { FunctionHost, Identity, InvocationOutcome, withUserInfo } from './functions/host';
import { functionRoutes, functionsApi } from './functions/http';
import { startHttpServer } from './server';
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

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface LocalCloudOptions {
  /** 0 picks a free port. */
  port?: number;
  dataDir: string;
  functionsDir?: string;
  /** The openid seeded as the shop's admin. */
  adminOpenid?: string;
  envId?: string;
  /** The mini-program's appid, as functions see it in getWXContext().APPID. */
  appId?: string;
  quiet?: boolean;
  /** Real milliseconds between scheduler ticks (timer triggers, callback retries). */
  tickMs?: number;
}

export interface TickResult {
  triggers: { functionName: string; triggerName: string; time: string; ok: boolean }[];
}

export interface LocalCloud {
  url: string;
  port: number;
  envId: string;
  appId: string;
  adminOpenid: string;
  clock: Clock;
  engine: Engine;
  host: FunctionHost;
  pay: PaySimulator;
  /** WeChat Pay API v3 and merchant transfers; its generated merchant keys are in `secrets/wechatpay`. */
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

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const envId = options.envId ?? 'local';
  const appId = options.appId ?? 'wx0000000000local';
  const functionsDir = options.functionsDir ?? path.join(REPO_ROOT, 'cloudfunctions');
  const clock = new Clock();
  const metrics = new Metrics();
  const engine = new Engine({ dataDir: path.join(options.dataDir, 'db'), declared: COLLECTIONS });
  let origin = '';
  const host = new FunctionHost({
    functionsDir,
    envId,
    clock,
    quiet: options.quiet,
    onInvocation: (name, outcome) => metrics.recordInvocation(name, outcome),
    // The v3 API and the payNotifyV3 HTTP access address, both this server (docs/WECHATPAY.md).
    env: () => ({ WECHATPAY_BASE_URL: origin, WECHATPAY_NOTIFY_URL: `${origin}/http/payNotifyV3` }),
  });
  const storage = new LocalStorage({ dataDir: options.dataDir, envId, origin: () => origin });
  const pay = new PaySimulator({
    dataDir: options.dataDir,
    clock,
    appId,
    invoke: (name, event) => host.invoke(name, event, {}),
    callerIdentity: (caller) => host.callerOf(caller).identity,
  });
  const wechatpayV3 = new WechatpayV3Simulator({ dataDir: options.dataDir, clock, appId });
  // Functions read the merchant keys where a deployed shop keeps them; clients cannot read `secrets`.
  engine.updateById(
    'secrets',
    'wechatpay',
    { ...wechatpayV3.merchantConfig() },
    { merge: false, upsert: true },
  );
  const triggers = new TriggerScheduler(host, clock, functionsDir);
  const appJsonPath = path.join(REPO_ROOT, 'miniprogram', 'app.json');
  const platform = new OpenApiPlatform({
    dataDir: options.dataDir,
    clock,
    appId,
    payments: simulatorPayments(options.dataDir),
    pages: () => appPages(appJsonPath),
  });

  // The database does not care which instance called; it gets the bare function name.
  const database: ApiTable = {};
  for (const [action, handler] of Object.entries(databaseApi(engine, clock))) {
    database[action] = (request) =>
      handler({ ...request, caller: host.callerOf(request.caller).functionName });
  }
  const api: ApiTable = {
    ...database,
    ...functionsApi(host),
    ...storage.api(),
    ...openApi({ host, appJsonPath, handlers: platform.handlers(), recorder: platform.recorder() }),
    ...pay.api(),
  };

  const tick = async (): Promise<TickResult> => {
    const [fired] = await Promise.all([triggers.tick(), pay.tick(), wechatpayV3.tick()]);
    return { triggers: fired.map(summarise) };
  };
  let ready = false;
  const server = await startHttpServer({
    port: options.port ?? 0,
    clock,
    api,
    adminPath: ADMIN_PATH,
    onApiRequest: (request) =>
      metrics.recordApiRequest(host.callerOf(request.caller).functionName, request.action),
    routes: [
      ...functionRoutes(host, appId),
      ...storage.routes(),
      ...wechatpayV3.payRoutes(pay.routes()),
      ...pay.routes(),
      ...wechatpayV3.routes(),
      ...httpAccessRoutes(host),
      ...platform.routes(),
      ...triggers.routes(),
      ...opsRoutes({ clock, metrics, tick, ready: () => ready }),
    ],
  });
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
    adminOpenid: options.adminOpenid ?? 'local-admin',
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
