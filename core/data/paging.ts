// Cursor paging for list actions: `{ items, next }`, where `next` is an opaque cursor or null.
import { invalid } from '../errors';

export type { Page } from '../contracts/contract';
import type { Page } from '../contracts/contract';

export const PAGE_SIZE = 20;

/** The offset a cursor stands for; a cursor the client made up is refused. */
export function offsetOf(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  if (!/^\d{1,6}$/.test(cursor)) throw invalid('cursor 无效');
  return Number(cursor);
}

interface Pageable {
  skip(n: number): Pageable;
  limit(n: number): Pageable;
  get(): Promise<{ data: unknown[] }>;
}

/** Reads one page of an ordered query, asking for one extra row to know whether another page exists. */
export async function readPage<T>(
  query: Pageable,
  cursor: string | null | undefined,
  size = PAGE_SIZE,
): Promise<Page<T>> {
  const offset = offsetOf(cursor);
  const ordered = offset > 0 ? query.skip(offset) : query;
  const { data } = await ordered.limit(size + 1).get();
  const items = data.slice(0, size) as T[];
  return { items, next: data.length > size ? String(offset + size) : null };
}
