// Counters and limits kept in documents: add to a counter document (made on first use), record something
// once, and take from a per-minute allowance. Each is a handful of single-document requests, no transaction.
import type { CollectionName } from './collections';
import { command, getById, insert, isDuplicateKey, updateById, updateWhere } from './db';

/** Adds `inc` to the counters of document `id`, creating it with `base` (and `inc`) the first time. */
export async function bump(
  collection: CollectionName,
  id: string,
  base: Record<string, unknown>,
  inc: Record<string, number>,
): Promise<void> {
  const _ = command();
  const data = Object.fromEntries(Object.entries(inc).map(([key, by]) => [key, _.inc(by)]));
  if ((await updateById(collection, id, data)) > 0) return;
  try {
    await insert(collection, { _id: id, ...base, ...inc });
  } catch (error) {
    // Made meanwhile by another call: add to it.
    if (!isDuplicateKey(error)) throw error;
    await updateById(collection, id, data);
  }
}

/** Writes `doc` under `id` unless it exists; true when this call wrote it. */
export async function recordOnce(
  collection: CollectionName,
  id: string,
  doc: Record<string, unknown>,
): Promise<boolean> {
  try {
    await insert(collection, { _id: id, ...doc });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

const MINUTE_MS = 60_000;

/**
 * Takes `amount` from the allowance of `key` for the current minute (at most `limit` a minute); false when
 * it would go over, and then nothing is taken.
 */
export async function takeAllowance(key: string, amount: number, limit: number, now: Date): Promise<boolean> {
  if (amount > limit) return false;
  const minute = Math.floor(now.getTime() / MINUTE_MS);
  const id = `${key}:${minute}`;
  const _ = command();
  const take = () =>
    updateWhere('rateLimits', { _id: id, count: _.lte(limit - amount) }, { count: _.inc(amount) });
  if ((await take()) === 1) return true;
  if (await getById('rateLimits', id)) return false;
  const expiresAt = new Date((minute + 2) * MINUTE_MS);
  if (await recordOnce('rateLimits', id, { count: amount, expiresAt })) return true;
  return (await take()) === 1;
}
