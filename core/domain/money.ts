// Money arithmetic: amounts are integer fen, rates integer basis points (100 bp = 1%).
//
// THE rounding rule of the project: a commission is floor(baseFen * rateBp / 10000) per order line,
// i.e. rounded down to the fen in the merchant's favour, computed per line and then summed. Every
// other proportional amount (withdrawal fee, proportional refund reversal) floors the same way.

export const BP_PER_UNIT = 10_000;
/** The largest amount any single money field may hold: 100 million yuan, far inside 2^53. */
export const MAX_FEN = 10_000_000_000;

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_FEN;
}

/** floor(amountFen * rateBp / 10000), exact for every amount up to MAX_FEN (no float error). */
export function applyRateFloor(amountFen: number, rateBp: number): number {
  assertFen(amountFen, 'amountFen');
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > BP_PER_UNIT) {
    throw new RangeError(`rateBp must be an integer in [0, ${BP_PER_UNIT}], got ${rateBp}`);
  }
  return Number((BigInt(amountFen) * BigInt(rateBp)) / BigInt(BP_PER_UNIT));
}

/** floor(amountFen * numerator / denominator): a proportional share, floored to the fen. */
export function proportionFloor(amountFen: number, numerator: number, denominator: number): number {
  assertFen(amountFen, 'amountFen');
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('numerator and denominator must be integers, denominator > 0');
  }
  if (numerator < 0 || numerator > denominator)
    throw new RangeError('numerator must be within [0, denominator]');
  return Number((BigInt(amountFen) * BigInt(numerator)) / BigInt(denominator));
}

export function assertFen(value: number, name: string): void {
  if (!isFen(value))
    throw new RangeError(`${name} must be an integer number of fen in [0, ${MAX_FEN}], got ${value}`);
}

/** 12345 → "123.45" (no currency sign); the one formatter for showing fen. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1000 bp → "10%", 1250 → "12.5%". */
export function formatRate(rateBp: number): string {
  return `${Number((rateBp / 100).toFixed(2))}%`;
}
