// The merchant's pickers work in Beijing time (a coupon's window, a limited-time price): the date and time a
// picker shows for a stored instant, and the instant with its zone that the contract takes back.
import { formatDateTime } from '../../utils/date';

/** 'YYYY-MM-DD' and 'HH:mm' of an instant in Beijing time ('' and '' when there is none). */
export function beijingParts(value: string | number | null | undefined): { date: string; time: string } {
  const text = formatDateTime(typeof value === 'number' ? new Date(value) : value);
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
}

/** 'YYYY-MM-DD' + 'HH:mm' in Beijing time → '2026-12-01T09:30:00+08:00'; null when either is not picked. */
export function beijingInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const iso = `${date}T${time}:00+08:00`;
  return Number.isFinite(Date.parse(iso)) ? iso : null;
}
