// Drives a ListState held in a page's data (first load, pull-to-refresh and load-more share this one path), and
// the actions every page takes the same way: one at a time with a toast (runAction), saving an edit form.
import { messageOf, ServiceError } from '../services/errors';
import type { Page } from '../services/api';
import {
  applyError,
  applyPage,
  byId,
  canLoadMore,
  footerText,
  initialList,
  KeyOf,
  ListState,
  startMore,
  startRefresh,
} from './list';
import { StatusTab, tabOf } from './status';

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

/** A page of answers as the list shows them: `view` over the items, the cursor kept. */
export const mapPage = <A, B>(page: Page<A>, view: (items: A[]) => B[]): Page<B> => ({
  items: view(page.items),
  next: page.next ?? null,
});

/** What a list page gives the shared methods: its rows (`fetchPage`), and what to do once a page landed. */
export interface ListPage<T> {
  data: { list: ListState<T>; footer: string; status?: string };
  setData(data: Record<string, unknown>): void;
  /** One page of rows from `cursor` (null: from the start), as the page shows them. */
  fetchPage(cursor: string | null): Promise<Page<T>>;
  load(replace: boolean): Promise<void>;
  /** After each load (fresh, stale or failed): sorting, names read once… */
  listLoaded?(replace: boolean): unknown;
  /** Everything the page shows, from the start (opening, pull-to-refresh); without it, the list. */
  reload?(): unknown;
}

/** How a list page is set up: how its rows are told apart, and the status tabs it opens on from its query. */
export interface ListOptions<T, V extends string> {
  keyOf?: KeyOf<T>;
  /** The page's tabs (data.tabs); `onLoad` puts the query's `status`, or `firstTab`, into data.status. */
  tabs?: readonly StatusTab<V>[];
  firstTab?: V;
  /** What another tab puts back besides the list's rows: the page's open forms (copied, never shared). */
  resetOnTab?: Record<string, unknown>;
  /** A page's rows when they depend on the tab alone; other pages write `fetchPage` themselves. */
  fetchTab?: (status: V, cursor: string | null) => Promise<Page<T>>;
}

/** A tap on an element carrying `data-id`. */
type Tap = { currentTarget: { dataset: Record<string, unknown> } };

function listMethods<T, V extends string>(options: ListOptions<T, V>) {
  const keyOf = options.keyOf ?? byId;
  return {
    onLoad(this: ListPage<T>, query: Record<string, string | undefined> = {}) {
      if (options.tabs) this.setData({ status: tabOf(options.tabs, query.status, options.firstTab ?? '') });
      return this.reload ? this.reload() : this.load(true);
    },
    fetchPage(this: ListPage<T>, cursor: string | null): Promise<Page<T>> {
      if (!options.fetchTab) return Promise.reject(new Error('the list page writes fetchPage'));
      return options.fetchTab((this.data.status ?? '') as V, cursor);
    },
    /** Another status tab (t-tabs' change): the page's open forms close and the list starts over. */
    onTab(this: ListPage<T>, e: { detail: { value: V } }) {
      this.setData({ status: e.detail.value, ...JSON.parse(JSON.stringify(options.resetOnTab ?? {})) });
      return this.load(true);
    },
    async load(this: ListPage<T>, replace: boolean): Promise<void> {
      await loadList<T>(this, 'list', (cursor) => this.fetchPage(cursor), replace, undefined, keyOf);
      this.setData({ footer: footerText(this.data.list) });
      await this.listLoaded?.(replace);
    },
    onPullDownRefresh(this: ListPage<T>) {
      return this.reload ? this.reload() : this.load(true);
    },
    onReachBottom(this: ListPage<T>) {
      return this.load(false);
    },
    /** Tries again what failed: the next page (the footer's 「点击重试」), or the first (the error view's 重试). */
    retry(this: ListPage<T>) {
      if (this.data.list.moreError) return this.load(false);
      if (this.data.list.status === 'error') return this.load(true);
      return undefined;
    },
    /** The row `at` names: an id, or a tap on an element with `data-id`. */
    rowOf(this: ListPage<T>, at: string | Tap): T | undefined {
      const id = typeof at === 'string' ? at : String(at.currentTarget.dataset.id ?? '');
      return id ? this.data.list.items.find((item) => keyOf(item) === id) : undefined;
    },
  };
}

export interface ListKit<T, D> {
  /** Spread into the page's data: the list (`list`), the line under it (`footer`), and the tabs when it has them. */
  data: { list: ListState<T>; footer: string } & D;
  /**
   * Spread into the page's methods: opening on the query's tab and loading (`onLoad`; the page's `reload` when it
   * has more to show), another tab (`onTab`), starting over (`load(true)`: a filter changed), pull-to-refresh,
   * load-more at the bottom, `retry` (the error view's and the footer's), and the row a tap or an id names. The
   * page writes `fetchPage` (unless `fetchTab` says it all), and names what its template binds once more
   * (`retry: paging.methods.retry`): the template check reads a page's own names.
   */
  methods: ReturnType<typeof listMethods<T, string>>;
}

/** Everything a paged list page shares with the others (see ListKit): the list's data and methods. */
export function listPage<T>(options?: { keyOf?: KeyOf<T> }): ListKit<T, {}>;
export function listPage<T, V extends string>(
  options: ListOptions<T, V> & { tabs: readonly StatusTab<V>[]; firstTab: V },
): ListKit<T, { tabs: readonly StatusTab<V>[]; status: V }>;
export function listPage<T, V extends string>(options: ListOptions<T, V> = {}): ListKit<T, object> {
  const tabs = options.tabs ? { tabs: options.tabs, status: options.firstTab } : {};
  return {
    data: { list: initialList<T>(), footer: '', ...tabs },
    methods: listMethods<T, V>(options),
  };
}

/** Toast for an action's failure (the list or detail stays as it was). */
export function toastError(error: unknown): void {
  wx.showToast({ title: messageOf(error), icon: 'none' });
}

/** A form's problem (`form` is its data key) under the form and in a toast; true when there is one. */
export function showProblem(host: ListHost, form: string, problem: string): boolean {
  if (!problem) return false;
  host.setData({ [`${form}.problem`]: problem });
  wx.showToast({ title: problem, icon: 'none' });
  return true;
}

/**
 * Runs one action of a page at a time: while `flag` in data is set, a second tap does nothing. `busy` is what
 * the flag holds meanwhile (true, or the id of the row at work; back to false or '' after). Success toasts
 * `done` (`icon` 'none' for words longer than the success toast holds); a failure toasts its message (and puts
 * it under the form `problemOf` names) and leaves the page as it was. Answers the result, or undefined when the
 * action did not run or failed.
 */
export async function runAction<T>(
  host: ListHost,
  flag: string,
  run: () => Promise<T>,
  done: string,
  {
    busy = true,
    icon = 'success',
    problemOf,
  }: { busy?: true | string; icon?: 'success' | 'none'; problemOf?: string } = {},
): Promise<T | undefined> {
  if (host.data[flag]) return undefined;
  host.setData({ [flag]: busy });
  try {
    const result = await run();
    wx.showToast({ title: done, icon });
    return result;
  } catch (error) {
    if (problemOf) host.setData({ [`${problemOf}.problem`]: messageOf(error) });
    toastError(error);
    return undefined;
  } finally {
    host.setData({ [flag]: busy === true ? false : '' });
  }
}

/** An edit page (a product, a coupon): its form's problems by field, and what the server refused it for. */
interface FormPage {
  data: Record<string, any>;
  setData(data: Record<string, unknown>): void;
}

/**
 * 保存 on an edit page: `save` when the form checked out, else its problems (by field, and the first one
 * toasted). One save at a time (data.saving); saved, the page goes back to its list. A refusal is toasted, and
 * one of the form's content (INVALID_ARGUMENT) stays under the form in data.serverError, with the server's own
 * wording when it says more (which field, which limit).
 */
export async function saveForm(
  page: FormPage,
  checked: (() => Promise<unknown>) | { errors: Record<string, string | undefined>; problem: string },
): Promise<void> {
  if (page.data.saving) return;
  if (typeof checked !== 'function') {
    page.setData({ errors: checked.errors, serverError: '' });
    wx.showToast({ title: checked.problem, icon: 'none' });
    return;
  }
  page.setData({ saving: true, errors: {}, serverError: '' });
  try {
    await checked();
    wx.showToast({ title: '已保存', icon: 'success' });
    wx.navigateBack();
  } catch (error) {
    const message = messageOf(error);
    if (error instanceof ServiceError && error.code === 'INVALID_ARGUMENT') {
      const detail = error.detail && error.detail !== message ? error.detail : '';
      page.setData({ serverError: detail ? `${message}（${detail}）` : message });
    }
    wx.showToast({ title: message, icon: 'none' });
  } finally {
    page.setData({ saving: false });
  }
}
