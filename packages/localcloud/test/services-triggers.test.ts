// Timer triggers on the virtual clock: fire when the clock passes a slot, once per jump, with the
// platform's event and no user identity; POST /_triggers/<function> fires one now.
import { startTestCloud, TestCloud } from './support/harness';
import type { TickResult } from '../src/index';
import { latestSlot, parseTimerCron } from '../src/services/triggers';

describe('cron evaluation', () => {
  const HOUR = 3600_000;
  const base = Date.parse('2030-01-01T00:30:00Z');

  test('the latest slot in the window, or none', () => {
    const hourly = parseTimerCron('0 0 * * * * *');
    expect(latestSlot(hourly, base, base + 10 * 60_000)).toBeUndefined();
    expect(latestSlot(hourly, base, base + HOUR)).toBe(Date.parse('2030-01-01T01:00:00Z'));
    // A week's jump yields one slot, the most recent one.
    expect(latestSlot(hourly, base, base + 7 * 24 * HOUR)).toBe(Date.parse('2030-01-08T00:00:00Z'));
  });

  test('slots are on China time and the year field filters', () => {
    const daily9 = parseTimerCron('0 0 9 * * * *');
    expect(latestSlot(daily9, base, base + 24 * HOUR)).toBe(Date.parse('2030-01-01T01:00:00Z'));
    const only2031 = parseTimerCron('0 0 9 * * * 2031');
    expect(latestSlot(only2031, base, base + 24 * HOUR)).toBeUndefined();
    const in2031 = Date.parse('2031-03-01T00:00:00Z');
    expect(latestSlot(only2031, in2031, in2031 + 24 * HOUR)).toBe(Date.parse('2031-03-01T01:00:00Z'));
  });

  test('the platform format has 7 fields', () => {
    expect(() => parseTimerCron('0 * * * *')).toThrow(/has 5 fields; CloudBase timer triggers take 7/);
    expect(() => parseTimerCron('0 0 99 * * * *')).toThrow(/hour field "99"/);
  });
});

describe('triggers in the running local cloud', () => {
  let t: TestCloud;

  beforeAll(async () => {
    // No background ticks: only the test moves time, so what fires is exactly what the test caused.
    t = await startTestCloud({ tickMs: 3600_000 });
  });

  afterAll(async () => {
    await t.stop();
  });

  const tickerRuns = (ran: TickResult) => ran.triggers.filter((fired) => fired.functionName === 'ticker');

  test('moving the clock past the hour fires the hourly trigger', async () => {
    const res = await t.post('/_clock', { advanceMs: 3600_000 });
    const runs = tickerRuns(res.body.ran);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ triggerName: 'hourly', ok: true });
    expect(runs[0]?.time).toMatch(/T\d\d:00:00Z$/);
  });

  test('a jump of a week fires once, not once per missed hour', async () => {
    await t.post('/_metrics/reset');
    const res = await t.post('/_clock', { advanceMs: 7 * 24 * 3600_000 });
    expect(tickerRuns(res.body.ran)).toHaveLength(1);
    const metrics = (await t.get('/_metrics')).body;
    expect(metrics.functions.ticker.invocations).toBe(1);
  });

  test('a small move that passes no slot fires nothing', async () => {
    const now = (await t.get('/_clock')).body.now as number;
    const toNextHour = 3600_000 - (now % 3600_000);
    // Stay well clear of the boundary so real time passing cannot cross it.
    if (toNextHour < 5000) await t.post('/_clock', { advanceMs: toNextHour + 1000 });
    const res = await t.post('/_clock', { advanceMs: 1 });
    expect(tickerRuns(res.body.ran)).toHaveLength(0);
  });

  test('POST /_triggers/<function> fires now with the timer event and no OPENID', async () => {
    const res = await t.post('/_triggers/ticker');
    expect(res.status).toBe(200);
    expect(res.body.result.openid).toBeNull();
    expect(res.body.result.event).toEqual({ Type: 'Timer', TriggerName: 'hourly', Time: expect.any(String) });
    const clockNow = (await t.get('/_clock')).body.now as number;
    expect(Math.abs(Date.parse(res.body.result.event.Time) - clockNow)).toBeLessThan(5000);
  });

  test('POST /_triggers answers 404 for a function without a timer trigger', async () => {
    expect((await t.post('/_triggers/ping')).status).toBe(404);
    expect((await t.post('/_triggers/ticker', { name: 'nightly' })).status).toBe(404);
  });
});
