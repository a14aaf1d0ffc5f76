// Cursor paging for list actions: `{ items, next }`, where `next` is an opaque cursor or null.
//
// Lists of documents page by keyset: the cursor holds the sort keys of the last row shown, and the next
// page is "the rows after that one" in the same order. A page is an index range read however deep it is,
// and rows added while someone pages (a new order at the top) cannot shift a page and show a row twice,
// as a skip count would. A ranking computed in memory pages by rank instead (`offsetOf`).
import { invalid } from '../errors';
import type { CollectionName } from './collections';
import { command, query, Query } from './db';

export type { Page } from '../contracts/contract';
import type { Page } from '../contracts/contract';

export const PAGE_SIZE = 20;

type Direction = 'asc' | 'desc';
export type PageOrder = [field: string, direction: Direction][];

/** A sort key's value as the cursor carries it; null for a document without the field. */
type KeyValue = { d: number } | { n: number } | { s: string } | null;

const MAX_CURSOR_LENGTH = 200;

function keyValue(value: unknown): KeyValue {
  if (value instanceof Date) return { d: value.getTime() };
  if (typeof value === 'number') return { n: value };
  if (typeof value === 'string') return { s: value };
  return null;
}

const fromKey = (key: KeyValue) =>
  key === null ? null : 'd' in key ? new Date(key.d) : 'n' in key ? key.n : key.s;

function isKeyValue(value: unknown): value is KeyValue {
  if (value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) return false;
  const [kind, v] = entries[0]!;
  return (
    (kind === 'd' && Number.isSafeInteger(v)) ||
    (kind === 'n' && typeof v === 'number' && Number.isFinite(v)) ||
    (kind === 's' && typeof v === 'string')
  );
}

/** A dotted path's value in a document (sort keys may be nested: `distributor.joinedAt`). */
export function valueAt(doc: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      doc,
    );
}

export function encodeCursor(doc: unknown, order: PageOrder): string {
  const keys = order.map(([field]) => keyValue(valueAt(doc, field)));
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/** The keys a cursor holds, one per sort key; a cursor the client made up is refused. */
export function decodeCursor(cursor: string, order: PageOrder): KeyValue[] {
  let keys: unknown;
  try {
    if (cursor.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(cursor)) throw new Error('shape');
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor 无效');
  }
  if (!Array.isArray(keys) || keys.length !== order.length || !keys.every(isKeyValue))
    throw invalid('cursor 无效');
  return keys;
}

/**
 * The rows after `keys` in `order`, as MongoDB sorts: by each key in turn, a missing field lowest.
 * Row r is after the cursor when, for some key i, r equals the cursor on every key before i and lies
 * beyond it on key i.
 */
function after(order: PageOrder, keys: KeyValue[]): Query {
  const _ = command();
  const equal = (field: string, key: KeyValue) => ({ [field]: _.eq(fromKey(key)) });
  const beyond = ([field, direction]: PageOrder[number], key: KeyValue): Query | null => {
    if (key === null) return direction === 'asc' ? { [field]: _.neq(null) } : null;
    const value = fromKey(key);
    // Missing sorts lowest: after any value when descending, before every value when ascending.
    return direction === 'asc'
      ? { [field]: _.gt(value) }
      : _.or([{ [field]: _.lt(value) }, { [field]: _.eq(null) }]);
  };
  const branches: Query[] = [];
  order.forEach((sort, i) => {
    const step = beyond(sort, keys[i]!);
    if (!step) return;
    const same = order.slice(0, i).map(([field], j) => equal(field, keys[j]!));
    branches.push(same.length ? _.and([...same, step] as never[]) : step);
  });
  return _.or(branches as never[]);
}

/**
 * One page of `where` in `order` (with `_id` last, added when absent, so every row has one place), asking
 * for one extra row to know whether another page exists.
 */
export async function readPage<T>(
  name: CollectionName,
  where: Query,
  order: PageOrder,
  cursor: string | null | undefined,
  size = PAGE_SIZE,
): Promise<Page<T>> {
  const full: PageOrder = order.some(([field]) => field === '_id')
    ? order
    : [...order, ['_id', order[0]?.[1] ?? 'asc']];
  const filter = cursor ? command().and([where, after(full, decodeCursor(cursor, full))] as never[]) : where;
  const { data } = await query(name, filter, full)
    .limit(size + 1)
    .get();
  const items = data.slice(0, size) as T[];
  return { items, next: data.length > size ? encodeCursor(items[items.length - 1], full) : null };
}

/** The rank a cursor of a computed ranking stands for; a cursor the client made up is refused. */
export function offsetOf(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  if (!/^\d{1,6}$/.test(cursor)) throw invalid('cursor 无效');
  return Number(cursor);
}
