// Counters behind GET /_metrics: invocations per function and the CloudBase API requests each
// function's SDK made, so a benchmark or a test can see what one user action costs.
import type { InvocationOutcome } from '../functions/host';

export interface FunctionMetrics {
  invocations: number;
  errors: number;
  timeouts: number;
  totalMs: number;
  maxMs: number;
  /** database.* requests made by this function's SDK. */
  dbRequests: number;
  /** Every /admin request made by this function's SDK, by action. */
  actions: Record<string, number>;
}

export interface MetricsSnapshot {
  /** Real time of the last reset. */
  since: string;
  functions: Record<string, FunctionMetrics>;
  totals: { invocations: number; errors: number; timeouts: number; dbRequests: number; apiRequests: number };
}

/** Requests not sent by a hosted function (tests, scripts) are counted under this name. */
export const OUTSIDE = '(outside)';

function empty(): FunctionMetrics {
  return { invocations: 0, errors: 0, timeouts: 0, totalMs: 0, maxMs: 0, dbRequests: 0, actions: {} };
}

export class Metrics {
  private functions = new Map<string, FunctionMetrics>();
  private since = new Date();

  private entry(name: string): FunctionMetrics {
    let entry = this.functions.get(name);
    if (!entry) {
      entry = empty();
      this.functions.set(name, entry);
    }
    return entry;
  }

  recordInvocation(name: string, outcome: InvocationOutcome): void {
    const entry = this.entry(name);
    entry.invocations += 1;
    entry.totalMs += outcome.durationMs;
    entry.maxMs = Math.max(entry.maxMs, outcome.durationMs);
    if (!outcome.ok) {
      entry.errors += 1;
      if (outcome.timedOut) entry.timeouts += 1;
    }
  }

  recordApiRequest(functionName: string | undefined, action: string): void {
    const entry = this.entry(functionName ?? OUTSIDE);
    entry.actions[action] = (entry.actions[action] ?? 0) + 1;
    if (action.startsWith('database.')) entry.dbRequests += 1;
  }

  snapshot(): MetricsSnapshot {
    const functions: Record<string, FunctionMetrics> = {};
    const totals = { invocations: 0, errors: 0, timeouts: 0, dbRequests: 0, apiRequests: 0 };
    for (const [name, entry] of [...this.functions].sort(([a], [b]) => a.localeCompare(b))) {
      functions[name] = { ...entry, actions: { ...entry.actions } };
      totals.invocations += entry.invocations;
      totals.errors += entry.errors;
      totals.timeouts += entry.timeouts;
      totals.dbRequests += entry.dbRequests;
      totals.apiRequests += Object.values(entry.actions).reduce((sum, n) => sum + n, 0);
    }
    return { since: this.since.toISOString(), functions, totals };
  }

  /** Answers the counters up to now and starts again from zero. */
  reset(): MetricsSnapshot {
    const snapshot = this.snapshot();
    this.functions = new Map();
    this.since = new Date();
    return snapshot;
  }
}
