// THE Beijing dates and times of the mini-program. China has no daylight saving, so Beijing time is UTC+8
// whatever the phone's time zone; the analytics actions take and answer these same YYYY-MM-DD days, and the
// merchant's pickers show and give back Beijing days and times.

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

function partsOf(ms: number) {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: d.getUTCHours(),
    mm: d.getUTCMinutes(),
  };
}

/** The Beijing calendar day of an instant: 2026-11-24T16:30Z → '2026-11-25'. */
export function beijingDate(ms: number): string {
  const p = partsOf(ms);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** '2026-11-25 00:30' in Beijing time for a stored time (ISO string or Date); '' when there is none. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) return '';
  const p = partsOf(ms);
  return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.hh)}:${pad(p.mm)}`;
}

export type RangePreset = 'today' | '7d' | '30d' | 'month';

export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: 'today', label: '今天' },
  { value: '7d', label: '近7天' },
  { value: '30d', label: '近30天' },
  { value: 'month', label: '本月' },
];

/** The inclusive Beijing-day range a preset means at `nowMs`: '7d' is today and the six days before. */
export function presetRange(preset: RangePreset, nowMs: number): { from: string; to: string } {
  const to = beijingDate(nowMs);
  switch (preset) {
    case 'today':
      return { from: to, to };
    case '7d':
      return { from: beijingDate(nowMs - 6 * DAY_MS), to };
    case '30d':
      return { from: beijingDate(nowMs - 29 * DAY_MS), to };
    case 'month':
      return { from: `${to.slice(0, 8)}01`, to };
  }
}

/** '2026-11-25' → '11-25', the short label under a chart's bar. */
export const shortDay = (date: string) => date.slice(5);

/** '2026-11-25' (Beijing) for a stored time; '' when there is none. */
export const formatDate = (value: string | Date | null | undefined) => formatDateTime(value).slice(0, 10);

/** '11-25 00:30' (Beijing): a time in a list, where the year is understood. */
export const formatShortTime = (value: string | Date | null | undefined) => formatDateTime(value).slice(5);

/** 'YYYY-MM-DD' and 'HH:mm' a picker shows for an instant, in Beijing time ('' and '' when there is none). */
export function beijingParts(value: string | number | null | undefined): { date: string; time: string } {
  const text = formatDateTime(typeof value === 'number' ? new Date(value) : value);
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
}

/** 'YYYY-MM-DD' + 'HH:mm' picked in Beijing time → '2026-12-01T09:30:00+08:00'; null when either is not picked. */
export function beijingInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const iso = `${date}T${time}:00+08:00`;
  return Number.isFinite(Date.parse(iso)) ? iso : null;
}

/** Whole seconds from `nowMs` until `until`; 0 once it has passed, or when there is no (valid) `until`. */
function secondsLeft(until: string | Date | null | undefined, nowMs: number): number {
  if (!until) return 0;
  const end = until instanceof Date ? until.getTime() : Date.parse(until);
  const left = Math.floor((end - nowMs) / 1000);
  return Number.isFinite(left) && left > 0 ? left : 0;
}

/**
 * What is left until `until` at `nowMs`, in words: '23 分 05 秒', '1 小时 05 分', or '' once it has passed.
 * An unpaid order's countdown to closing.
 */
export function timeLeftText(until: string | Date | null | undefined, nowMs: number): string {
  const left = secondsLeft(until, nowMs);
  if (!left) return '';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  if (h > 0) return `${h} 小时 ${pad(m)} 分`;
  return `${m} 分 ${pad(s)} 秒`;
}

/**
 * A limited-time price's countdown: '2 天 03:12:45', or '03:12:45' on its last day; '' once it has ended.
 */
export function countdownText(until: string | Date | null | undefined, nowMs: number): string {
  const left = secondsLeft(until, nowMs);
  if (!left) return '';
  const days = Math.floor(left / 86_400);
  const clock = `${pad(Math.floor((left % 86_400) / 3600))}:${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
  return days > 0 ? `${days} 天 ${clock}` : clock;
}
