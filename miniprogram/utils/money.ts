// THE fen formatter of the mini-program, and the commission preview a distributor sees before sharing.
import type { ProductCommission, Rates } from '../services/types';

/** 12345 → '¥123.45', -50 → '-¥0.50'. Amounts are integer fen everywhere; only this turns them into text. */
export function formatFen(fen: number): string {
  if (!Number.isFinite(fen)) return '¥0.00';
  const whole = Math.trunc(fen);
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1000 bp → '10%', 1250 → '12.5%'. */
export function formatRate(rateBp: number): string {
  return `${Number((rateBp / 100).toFixed(2))}%`;
}

/**
 * What a level-1 distributor earns on one unit: the product's own rule first (fixed fen, own rate, or none),
 * else the shop's level-1 rate, floored to the fen like the server does (floor(price × rate / 10000)).
 * Null when nothing would be earned, so the page shows no hint rather than 「分享赚 ¥0.00」.
 */
export function commissionPreview(
  price: number,
  commission: ProductCommission | null | undefined,
  rates: Rates | null | undefined,
): number | null {
  let fen: number;
  if (commission && commission.mode === 'none') return null;
  if (commission && commission.mode === 'fixed') fen = Math.floor(commission.level1);
  else if (commission && commission.mode === 'rate') fen = Math.floor((price * commission.level1) / 10000);
  else if (rates) fen = Math.floor((price * rates.level1) / 10000);
  else return null;
  return fen > 0 ? fen : null;
}

/** '12.5' (yuan typed by a person) → 1250 fen; null when it is not a valid amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return null;
  const [whole, frac = ''] = trimmed.split('.');
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** '12.5' (a percent typed by a person) → 1250 basis points: read like yuan, so 0–100 with at most two decimals. */
export function parsePercent(text: string): number | null {
  const bp = parseYuan(text);
  return bp === null || bp > 10_000 ? null : bp;
}

/** 1250 bp → '12.5', the text a percent input starts with (formatRate without the sign). */
export const percentText = (bp: number) => String(Number((bp / 100).toFixed(2)));

/** 1250 fen → '12.5', the text a yuan input starts with. */
export const yuanText = (fen: number) => String(Number((fen / 100).toFixed(2)));
