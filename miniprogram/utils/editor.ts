// A merchant list hands the row to edit to its editor page (there is no admin read of one product or coupon):
// the list leaves it in storage, opens the editor and reads its rows again when back; the editor takes the row
// once, or finds it by paging through the list (opened by a link). Also the page-by-page read of a list.
import type { Page } from '../services/api';
import { getStorage, setStorage } from '../services/client';
import { messageOf } from '../services/errors';

interface ListPage {
  data: Record<string, any>;
  setData(data: Record<string, unknown>): void;
}

/** The list opens `url` on `handed` (left in storage under `key`), or on a new one; data.editing marks it. */
export function openEditor(
  page: ListPage,
  url: string,
  handed?: { key: string; row: { _id: string } },
): void {
  if (handed) setStorage(handed.key, handed.row);
  page.setData({ editing: true });
  wx.navigateTo({ url: handed ? `${url}?id=${encodeURIComponent(handed.row._id)}` : url });
}

/** On the list's onShow: true once after the editor was open (what it changed is read again), else false. */
export function backFromEditor(page: ListPage): boolean {
  if (!page.data.editing) return false;
  page.setData({ editing: false });
  return true;
}

/**
 * The editor's row `id`: the one the list handed over (taken once: a later visit by a link must not find this
 * copy stale), else `find(id)`; or what to say instead, naming the list to go back to (`what`: 商品, 优惠券).
 */
export async function handedOrFound<T>(
  key: string,
  id: string,
  handed: (stored: unknown, id: string) => T | null,
  find: (id: string) => Promise<T | null>,
  what: string,
): Promise<{ row: T } | { error: string }> {
  const stored = handed(getStorage(key), id);
  if (stored) {
    setStorage(key, '');
    return { row: stored };
  }
  try {
    const found = await find(id);
    return found ? { row: found } : { error: `${what}不存在，请返回${what}列表重新进入` };
  } catch (error) {
    return { error: `${messageOf(error)}，请返回${what}列表重新进入` };
  }
}

/** Reads a list page by page (at most `maxPages`) until `visit` says it has what it wanted or the list ends. */
export async function scanPages<T>(
  fetch: (cursor: string | null) => Promise<Page<T>>,
  visit: (items: T[]) => boolean | void,
  maxPages: number,
): Promise<void> {
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const { items, next } = await fetch(cursor);
    if (visit(items) || !next) return;
    cursor = next;
  }
}

/** The row `id` in a list read page by page (at most `maxPages` of them); null when it is not there. */
export async function findInPages<T extends { _id: string }>(
  fetch: (cursor: string | null) => Promise<Page<T>>,
  id: string,
  maxPages: number,
): Promise<T | null> {
  let found: T | null = null;
  await scanPages(fetch, (items) => !!(found = items.find((item) => item._id === id) ?? null), maxPages);
  return found;
}
