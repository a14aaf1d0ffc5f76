// Drives a ListState held in a page's data: first load, pull-to-refresh and load-more share this one path.
import { messageOf } from '../services/errors';
import type { Page } from '../services/api';
import { applyError, applyPage, canLoadMore, KeyOf, ListState, startMore, startRefresh } from './list';

interface ListHost {
  data: Record<string, any>;
  setData(data: Record<string, unknown>): void;
}

/**
 * Loads a page of `key` (a ListState in data). `replace` starts over (first load, refresh, filter change);
 * otherwise the next page is appended. A stale answer (the filter changed meanwhile) is dropped by `token`.
 */
export async function loadList<T>(
  host: ListHost,
  key: string,
  fetch: (cursor: string | null) => Promise<Page<T>>,
  replace: boolean,
  map: (items: T[]) => T[] = (items) => items,
  keyOf?: KeyOf<T>,
): Promise<void> {
  const state = host.data[key] as ListState<T>;
  if (!replace && !canLoadMore(state)) return;
  const token = `${key}:${Date.now()}:${Math.random()}`;
  host.setData({ [key]: replace ? startRefresh(state) : startMore(state), [`${key}Token`]: token });
  try {
    const page = await fetch(replace ? null : state.next);
    if (host.data[`${key}Token`] !== token) return;
    host.setData({
      [key]: applyPage(
        host.data[key] as ListState<T>,
        { items: map(page.items), next: page.next },
        replace,
        keyOf,
      ),
    });
  } catch (error) {
    if (host.data[`${key}Token`] !== token) return;
    host.setData({ [key]: applyError(host.data[key] as ListState<T>, messageOf(error), replace) });
  } finally {
    if (replace) wx.stopPullDownRefresh();
  }
}

/** Toast for an action's failure (the list or detail stays as it was). */
export function toastError(error: unknown): void {
  wx.showToast({ title: messageOf(error), icon: 'none' });
}

/**
 * Runs one action of a page at a time: while `flag` (a boolean in data) is set, a second tap does nothing.
 * Success toasts `done`; a failure toasts its message and leaves the page as it was. Answers the result, or
 * undefined when the action did not run or failed.
 */
export async function runAction<T>(
  host: ListHost,
  flag: string,
  run: () => Promise<T>,
  done: string,
): Promise<T | undefined> {
  if (host.data[flag]) return undefined;
  host.setData({ [flag]: true });
  try {
    const result = await run();
    wx.showToast({ title: done, icon: 'success' });
    return result;
  } catch (error) {
    toastError(error);
    return undefined;
  } finally {
    host.setData({ [flag]: false });
  }
}
