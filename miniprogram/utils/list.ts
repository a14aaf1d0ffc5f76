// Paging state shared by every list page: first load, pull-to-refresh, load-more, empty and error.
import type { Page } from '../services/api';

export type ListStatus = 'loading' | 'ready' | 'empty' | 'error';

export interface ListState<T> {
  items: T[];
  next: string | null;
  status: ListStatus;
  /** Shown instead of the list when the first page failed. */
  error: string;
  loadingMore: boolean;
  /** A failed next page keeps the items on screen and offers 「点击重试」 at the bottom. */
  moreError: string;
}

export function initialList<T>(): ListState<T> {
  return { items: [], next: null, status: 'loading', error: '', loadingMore: false, moreError: '' };
}

/** Before a refresh: a spinner only when there is nothing to show yet, so pull-to-refresh does not blank the list. */
export function startRefresh<T>(state: ListState<T>): ListState<T> {
  return { ...state, status: state.items.length ? state.status : 'loading', error: '', moreError: '' };
}

export function canLoadMore<T>(state: ListState<T>): boolean {
  return state.status === 'ready' && !!state.next && !state.loadingMore;
}

export function startMore<T>(state: ListState<T>): ListState<T> {
  return { ...state, loadingMore: true, moreError: '' };
}

/** How a list tells its rows apart: the document id, unless the page says otherwise. */
export type KeyOf<T> = (item: T) => string | undefined;
export const byId = <T>(item: T) => (item as { _id?: string })._id;

/** `replace`: first page or refresh; otherwise appended, skipping rows already shown (pages can overlap). */
export function applyPage<T>(
  state: ListState<T>,
  page: Page<T>,
  replace: boolean,
  keyOf: KeyOf<T> = byId,
): ListState<T> {
  const seen = new Set(replace ? [] : state.items.map(keyOf));
  const fresh = page.items.filter((item) => {
    const key = keyOf(item);
    return !key || !seen.has(key);
  });
  const items = replace ? page.items : state.items.concat(fresh);
  return {
    items,
    next: page.next ?? null,
    status: items.length ? 'ready' : 'empty',
    error: '',
    loadingMore: false,
    moreError: '',
  };
}

/**
 * The rows after one of them changed (an action's answer): the row `id` becomes `change(row)`, and leaves the
 * list when it no longer belongs there (`keep`: on this tab, under this filter).
 */
export function changeRow<T>(
  items: T[],
  id: string,
  change: (row: T) => T,
  keep: (row: T) => boolean,
  keyOf: KeyOf<T> = byId,
): T[] {
  return items.flatMap((row) => {
    if (keyOf(row) !== id) return [row];
    const next = change(row);
    return keep(next) ? [next] : [];
  });
}

/** A list whose rows were changed in place: 'empty' once the last one left. */
export function withRows<T>(state: ListState<T>, items: T[]): ListState<T> {
  return { ...state, items, status: state.status === 'ready' && !items.length ? 'empty' : state.status };
}

export function applyError<T>(state: ListState<T>, message: string, replace: boolean): ListState<T> {
  if (replace && !state.items.length)
    return { ...state, status: 'error', error: message, loadingMore: false };
  return { ...state, loadingMore: false, moreError: message };
}

/** The footer line under a list. */
export function footerText<T>(state: ListState<T>): string {
  if (state.status !== 'ready') return '';
  if (state.loadingMore) return '加载中…';
  if (state.moreError) return `${state.moreError}，点击重试`;
  return state.next ? '上拉加载更多' : '没有更多了';
}
