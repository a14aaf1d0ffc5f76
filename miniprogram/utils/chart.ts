// Bar charts drawn with plain views: each bar's height (or width) is a share of the largest value, so the
// chart needs no canvas and a test can read it. The numbers stay in fen or counts until formatted for text.

export interface Bar {
  label: string;
  value: number;
  /** 0–100, of the tallest bar; a non-zero value is never drawn thinner than MIN_VISIBLE_PCT. */
  pct: number;
  /** The value as the page shows it (¥12.30, 5 单…). */
  text: string;
}

const MIN_VISIBLE_PCT = 2;

export function bars<T>(
  rows: T[],
  label: (row: T) => string,
  value: (row: T) => number,
  text: (value: number) => string = String,
): Bar[] {
  const max = Math.max(0, ...rows.map(value));
  return rows.map((row) => {
    const v = value(row);
    const pct = max > 0 && v > 0 ? Math.max(MIN_VISIBLE_PCT, Math.round((v / max) * 1000) / 10) : 0;
    return { label: label(row), value: v, pct, text: text(v) };
  });
}
