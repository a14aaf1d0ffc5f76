// Timer triggers from each function's config.json, evaluated on the virtual clock: a trigger whose
// slot passed since the last tick fires once (a clock jump of a week fires once, not 10080 times),
// with the event the platform sends { Type: 'Timer', TriggerName, Time } and no user identity.
import { CronExpressionParser } from 'cron-parser';
import { Clock } from '../clock';
import { CRON_FIELDS, CronField, cronProblem, expandField } from '../functions/cron';
import { functionSource, listFunctions, readFunctionConfig, TimerTrigger } from '../functions/config';
import { ERR_FUNCTION_NOT_FOUND, FunctionHost, InvocationOutcome } from '../functions/host';
import { Route, sendJson } from '../server';

/** Timer triggers of WeChat cloud functions run on China time. */
export const TRIGGER_TZ = 'Asia/Shanghai';

interface Schedule {
  /** The 6-field expression cron-parser reads. */
  cron: string;
  /** The 7th (year) field when it is not '*'. */
  years?: (year: number) => boolean;
}

/** Reads the platform's 7-field cron (second minute hour day month weekday year); throws if refused. */
export function parseTimerCron(config: string): Schedule {
  const problem = cronProblem(config);
  if (problem) throw new Error(`timer trigger cron "${config}" ${problem}`);
  const fields = config.trim().split(/\s+/);
  const year = fields[6] ?? '*';
  // cron-parser reads day and weekday as "either matches" when both are set, as the platform does.
  const cron = fields.slice(0, 6).join(' ').toUpperCase();
  CronExpressionParser.parse(cron, { tz: TRIGGER_TZ });
  if (year === '*') return { cron };
  const years = expandField(year, CRON_FIELDS[6] as CronField) as Set<number>;
  return { cron, years: (value) => years.has(value) };
}

/** The latest slot in (after, upTo], or undefined. */
export function latestSlot(schedule: Schedule, after: number, upTo: number): number | undefined {
  const expression = CronExpressionParser.parse(schedule.cron, {
    currentDate: new Date(upTo + 1),
    tz: TRIGGER_TZ,
  });
  for (let i = 0; i < 1000; i++) {
    let slot: number;
    try {
      slot = expression.prev().getTime();
    } catch {
      return undefined;
    }
    if (slot <= after) return undefined;
    if (!schedule.years || schedule.years(new Date(slot + 8 * 3600_000).getUTCFullYear())) return slot;
  }
  return undefined;
}

export function timerEvent(trigger: TimerTrigger, time: number): Record<string, unknown> {
  return {
    Type: 'Timer',
    TriggerName: trigger.name,
    Time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

export interface FiredTrigger {
  functionName: string;
  triggerName: string;
  time: string;
  outcome: InvocationOutcome;
}

export class TriggerScheduler {
  private lastTick: number;
  private readonly badCrons = new Set<string>();

  constructor(
    private readonly host: FunctionHost,
    private readonly clock: Clock,
    private readonly functionsDir: string,
  ) {
    this.lastTick = clock.now();
  }

  private triggers(): { functionName: string; trigger: TimerTrigger }[] {
    const list: { functionName: string; trigger: TimerTrigger }[] = [];
    for (const source of listFunctions(this.functionsDir)) {
      try {
        for (const trigger of readFunctionConfig(source).triggers)
          list.push({ functionName: source.name, trigger });
      } catch {
        // An invalid config.json is reported when the function is invoked.
      }
    }
    return list;
  }

  /** Fires every trigger with a slot since the last tick and waits for those invocations. */
  async tick(): Promise<FiredTrigger[]> {
    const now = this.clock.now();
    const since = this.lastTick;
    this.lastTick = now;
    const due: Promise<FiredTrigger>[] = [];
    for (const { functionName, trigger } of this.triggers()) {
      let schedule: Schedule;
      try {
        schedule = parseTimerCron(trigger.config);
      } catch (error) {
        const key = `${functionName}/${trigger.name}`;
        if (!this.badCrons.has(key)) console.error(`[localcloud] ${key}: ${(error as Error).message}`);
        this.badCrons.add(key);
        continue;
      }
      const slot = latestSlot(schedule, since, now);
      if (slot !== undefined) due.push(this.run(functionName, trigger, slot));
    }
    return Promise.all(due);
  }

  private async run(functionName: string, trigger: TimerTrigger, time: number): Promise<FiredTrigger> {
    const event = timerEvent(trigger, time);
    const outcome = await this.host.invoke(functionName, event, {});
    return { functionName, triggerName: trigger.name, time: String(event.Time), outcome };
  }

  /** POST /_triggers/<function> { name? }: fires the function's timer trigger now. */
  async fire(functionName: string, triggerName?: string): Promise<FiredTrigger | undefined> {
    const source = functionSource(this.functionsDir, functionName);
    if (!source) return undefined;
    const triggers = readFunctionConfig(source).triggers;
    const trigger = triggerName === undefined ? triggers[0] : triggers.find((t) => t.name === triggerName);
    return trigger ? this.run(functionName, trigger, this.clock.now()) : undefined;
  }

  routes(): Route[] {
    return [
      {
        method: 'POST',
        path: /^\/_triggers\/([\w-]+)\/?$/,
        handle: async (_req, res, match, body) => {
          let name: string | undefined;
          try {
            const parsed = body.length ? (JSON.parse(body.toString('utf8')) as { name?: unknown }) : {};
            name = typeof parsed.name === 'string' ? parsed.name : undefined;
          } catch {
            return sendJson(res, 400, { errCode: 400, errMsg: 'body must be JSON { name? }' });
          }
          const fired = await this.fire(match[1] ?? '', name);
          if (!fired) {
            return sendJson(res, 404, {
              errCode: ERR_FUNCTION_NOT_FOUND,
              errMsg: `no timer trigger ${name ?? ''} on function ${match[1]}`.replace('  ', ' '),
            });
          }
          const { outcome } = fired;
          sendJson(
            res,
            200,
            outcome.ok ? { result: outcome.result } : { errCode: outcome.errCode, errMsg: outcome.errMsg },
          );
        },
      },
    ];
  }
}
