// The WeChat platform behind cloud.openapi, beyond wxacode: order shipping (发货信息管理) and the buyer's
// confirm-receipt component, msgSecCheck, subscribe messages with one-time grants, and parcel routes.
// It keeps what the platform knows (<dataDir>/openapi.json, so a restart keeps it), records every
// openapi call it answers (GET /_openapi), and lets a test queue faults or change its settings.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Clock } from '../clock';
import { Route, sendJson } from '../server';
import { logisticsApis, logisticsRoutes } from './logistics';
import type { OpenApiCall, OpenApiHandler, OpenApiOutcome, OpenApiRecorder } from './openapi';
import type { PaymentLookup } from './payments-view';
import {
  badRequest,
  jsonRoute,
  PlatformContext,
  PlatformSettings,
  PlatformState,
  summarise,
} from './platform-context';
import { DEFAULT_RISKY_WORDS, msgSecCheckApis, riskyWordsFromEnv } from './security';
import { shippingApis, shippingRoutes } from './shipping';
import { subscribeApis, subscribeRoutes } from './subscribe';

/** One openapi call as GET /_openapi shows it. */
export interface LoggedCall {
  seq: number;
  /** Virtual time of the call. */
  at: string;
  api: string;
  /** The calling function; null for a call from outside a function (a script with admin credentials). */
  function: string | null;
  /** The user whose invocation made the call, if any. */
  openid: string | null;
  version?: string;
  params: unknown;
  outcome: OpenApiOutcome;
}

interface Fault {
  api: string;
  errcode: number;
  errmsg: string;
  times: number;
}

const LOG_LIMIT = 2000;

export interface OpenApiPlatformOptions {
  dataDir: string;
  clock: Clock;
  appId: string;
  payments: PaymentLookup;
  pages?: () => Set<string> | undefined;
  /** Defaults to LOCALCLOUD_RISKY_WORDS (comma or newline separated), else DEFAULT_RISKY_WORDS. */
  riskyWords?: string[];
}

export class OpenApiPlatform {
  private readonly file: string;
  private readonly state: PlatformState;
  readonly settings: PlatformSettings;
  private readonly calls: LoggedCall[] = [];
  private faults: Fault[] = [];
  private seq = 0;
  private readonly context: PlatformContext;

  constructor(private readonly options: OpenApiPlatformOptions) {
    this.file = path.join(options.dataDir, 'openapi.json');
    const loaded = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as Partial<PlatformState>)
      : {};
    this.state = { shipping: {}, grants: {}, waybills: {}, ...loaded };
    this.settings = {
      ingestDelayMs: 0,
      riskyWords:
        options.riskyWords ?? riskyWordsFromEnv(process.env.LOCALCLOUD_RISKY_WORDS) ?? DEFAULT_RISKY_WORDS,
      riskyLabel: 20006,
      tradeManaged: true,
    };
    this.context = {
      clock: options.clock,
      appId: options.appId,
      state: this.state,
      settings: this.settings,
      payments: options.payments,
      pages: options.pages ?? (() => undefined),
      save: () => this.save(),
    };
  }

  private save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state, null, 2));
    renameSync(temp, this.file);
  }

  /** The openapi names this platform answers, for wx.openApi. */
  handlers(): Record<string, OpenApiHandler> {
    return {
      ...shippingApis(this.context),
      ...msgSecCheckApis(this.context),
      ...subscribeApis(this.context),
      ...logisticsApis(this.context),
    };
  }

  recorder(): OpenApiRecorder {
    return {
      takeFault: (api) => {
        const fault = this.faults.find((item) => item.api === api);
        if (!fault) return undefined;
        fault.times -= 1;
        if (fault.times <= 0) this.faults = this.faults.filter((item) => item !== fault);
        return { errcode: fault.errcode, errmsg: fault.errmsg };
      },
      record: (call, outcome) => this.record(call, outcome),
    };
  }

  private record(call: OpenApiCall, outcome: OpenApiOutcome): void {
    this.seq += 1;
    this.calls.push({
      seq: this.seq,
      at: this.options.clock.date().toISOString(),
      api: call.api,
      function: call.functionName ?? null,
      openid: call.identity?.openid ?? null,
      ...(call.version ? { version: call.version } : {}),
      params: summarise(call.params),
      outcome,
    });
    if (this.calls.length > LOG_LIMIT) this.calls.splice(0, this.calls.length - LOG_LIMIT);
  }

  /** The recorded calls, oldest first, optionally only one API's or one function's. */
  log(filter: { api?: string; function?: string } = {}): LoggedCall[] {
    return this.calls.filter(
      (call) =>
        (filter.api === undefined || call.api === filter.api) &&
        (filter.function === undefined || call.function === filter.function),
    );
  }

  routes(): Route[] {
    return [
      {
        method: 'GET',
        path: /^\/_openapi\/?$/,
        handle: (req, res) => {
          const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
          const calls = this.log({
            api: query.get('api') ?? undefined,
            function: query.get('function') ?? undefined,
          });
          sendJson(res, 200, { calls });
        },
      },
      {
        method: 'DELETE',
        path: /^\/_openapi\/?$/,
        handle: (_req, res) => {
          this.calls.length = 0;
          sendJson(res, 200, { calls: [] });
        },
      },
      jsonRoute('POST', /^\/_openapi\/faults\/?$/, (body) => {
        const { api, errcode, errmsg, times } = body;
        if (typeof api !== 'string' || !api) return badRequest('api is required');
        if (typeof errcode !== 'number' || !Number.isInteger(errcode))
          return badRequest('errcode must be an integer');
        const count = times === undefined ? 1 : times;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
          return badRequest('times must be a positive integer');
        this.faults.push({
          api,
          errcode,
          errmsg: typeof errmsg === 'string' ? errmsg : `local cloud fault ${errcode}`,
          times: count,
        });
        return { status: 200, value: { faults: this.faults } };
      }),
      {
        method: 'GET',
        path: /^\/_openapi\/faults\/?$/,
        handle: (_req, res) => sendJson(res, 200, { faults: this.faults }),
      },
      {
        method: 'DELETE',
        path: /^\/_openapi\/faults\/?$/,
        handle: (_req, res) => {
          this.faults = [];
          sendJson(res, 200, { faults: [] });
        },
      },
      {
        method: 'GET',
        path: /^\/_openapi\/settings\/?$/,
        handle: (_req, res) => sendJson(res, 200, this.settings),
      },
      jsonRoute('PUT', /^\/_openapi\/settings\/?$/, (body) => {
        const next = { ...this.settings };
        if (body.ingestDelayMs !== undefined) {
          if (typeof body.ingestDelayMs !== 'number' || !(body.ingestDelayMs >= 0))
            return badRequest('ingestDelayMs must be a non-negative number');
          next.ingestDelayMs = body.ingestDelayMs;
        }
        if (body.riskyWords !== undefined) {
          if (
            !Array.isArray(body.riskyWords) ||
            !body.riskyWords.every((word) => typeof word === 'string' && word)
          )
            return badRequest('riskyWords must be an array of non-empty strings');
          next.riskyWords = body.riskyWords as string[];
        }
        if (body.riskyLabel !== undefined) {
          if (typeof body.riskyLabel !== 'number') return badRequest('riskyLabel must be a number');
          next.riskyLabel = body.riskyLabel;
        }
        if (body.tradeManaged !== undefined) {
          if (typeof body.tradeManaged !== 'boolean') return badRequest('tradeManaged must be a boolean');
          next.tradeManaged = body.tradeManaged;
        }
        Object.assign(this.settings, next);
        return { status: 200, value: this.settings };
      }),
      ...shippingRoutes(this.context),
      ...subscribeRoutes(this.context),
      ...logisticsRoutes(this.context),
    ];
  }
}
