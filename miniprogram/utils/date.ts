// Beijing dates and times for the merchant pages. China has no daylight saving, so Beijing time is UTC+8
// whatever the phone's time zone; the analytics actions take and answer these same YYYY-MM-DD days.

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

function beijingParts(ms: number) {
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
  const p = beijingParts(ms);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** '2026-11-25 00:30' in Beijing time for a stored time (ISO string or Date); '' when there is none. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) return '';
  const p = beijingParts(ms);
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
