// The building blocks of the analytics' database aggregations: a range of Beijing days as a match, a
// document's Beijing date or hour computed by the database, missing numbers read as 0.
import { BEIJING_TZ, DateRange, MAX_RANGE_DAYS } from '../../domain/analytics';
import { command } from '../../data/db';

export const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Instants inside the range's Beijing days. */
export const between = (range: DateRange) => {
  const _ = command();
  return _.gte(range.start).and(_.lt(range.end));
};

/** The Beijing date of a document's time field, computed by the database. */
export const dayOf = (field: string) => ({
  $dateToString: { format: '%Y-%m-%d', date: `$${field}`, timezone: BEIJING_TZ },
});

/** The Beijing hour (00–23) of a document's time field. */
export const hourOf = (field: string) => ({
  $dateToString: { format: '%H', date: `$${field}`, timezone: BEIJING_TZ },
});

export const orZero = (field: string) => ({ $ifNull: [`$${field}`, 0] });

/** A $limit for groups keyed by day: without one the platform answers only 20 rows. */
export const DAY_ROWS = { $limit: MAX_RANGE_DAYS + 1 };
