// THE fen formatter of the mini-program (every other text of an amount is cut from its digits), percents in
// words, and reading yuan and percents typed by a person.

/** 12345 → '123.45', -50 → '-0.50': integer fen as yuan with two decimals, the digits of every amount shown. */
export function yuanDigits(fen: number): string {
  if (!Number.isFinite(fen)) return '0.00';
  const whole = Math.trunc(fen);
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 12345 → '¥123.45', -50 → '-¥0.50'. Amounts are integer fen everywhere; this is how they read. */
export function formatFen(fen: number): string {
  const digits = yuanDigits(fen);
  return digits.startsWith('-') ? `-¥${digits.slice(1)}` : `¥${digits}`;
}

/** 1250 fen → '12.5', 2000 → '20': yuan without needless zeros (the text a yuan input starts with). */
export const yuanText = (fen: number) => yuanDigits(fen).replace(/\.?0+$/, '');

/** 2000 fen → '20', 1250 → '12.50': yuan as a coupon's rule writes them (core/domain/coupon.ts ruleText). */
export const ruleYuan = (fen: number) => yuanDigits(fen).replace(/\.00$/, '');

/** 1000 bp → '10%', 1250 → '12.5%'. */
export function formatRate(rateBp: number): string {
  return `${percentText(rateBp)}%`;
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
