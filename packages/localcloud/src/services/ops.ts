// The local cloud's own endpoints for people and tests: health, the virtual clock, metrics.
import { Clock } from '../clock';
import { Route, sendJson } from '../server';
import { Metrics } from './metrics';

export interface OpsOptions {
  clock: Clock;
  metrics: Metrics;
  /** Runs what the clock moving makes due (timer triggers, callback retries); answers a summary. */
  tick: () => Promise<unknown>;
  ready: () => boolean;
}

function clockState(clock: Clock) {
  const now = clock.now();
  return { now, nowIso: new Date(now).toISOString(), offsetMs: clock.offset };
}

export function opsRoutes(options: OpsOptions): Route[] {
  const { clock, metrics } = options;
  return [
    {
      method: 'GET',
      path: /^\/_health\/?$/,
      handle: (_req, res) => sendJson(res, options.ready() ? 200 : 503, { ok: options.ready() }),
    },
    { method: 'GET', path: /^\/_clock\/?$/, handle: (_req, res) => sendJson(res, 200, clockState(clock)) },
    {
      method: 'POST',
      path: /^\/_clock\/?$/,
      async handle(_req, res, _match, body) {
        let advanceMs: unknown;
        try {
          advanceMs = (JSON.parse(body.toString('utf8') || '{}') as { advanceMs?: unknown }).advanceMs;
        } catch {
          return sendJson(res, 400, { errCode: 400, errMsg: 'body must be JSON { advanceMs }' });
        }
        if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
          return sendJson(res, 400, { errCode: 400, errMsg: 'advanceMs must be a non-negative number' });
        }
        clock.advance(advanceMs);
        // Answer after what came due has run, so the caller can assert its effects right away.
        const ran = await options.tick();
        sendJson(res, 200, { ...clockState(clock), ran });
      },
    },
    { method: 'GET', path: /^\/_metrics\/?$/, handle: (_req, res) => sendJson(res, 200, metrics.snapshot()) },
    {
      method: 'POST',
      path: /^\/_metrics\/reset\/?$/,
      handle: (_req, res) => sendJson(res, 200, metrics.reset()),
    },
  ];
}
