// The shape of one screenshot declaration (scripts/shots/shots.ts holds the list).
import type { ShotsCloud } from './cloud';
import type { Role, Story } from './scenario';

export type FromStory<T> = T | ((story: Story) => T);

export interface ShotContext {
  cloud: ShotsCloud;
  story: Story;
  openid(role: Role): string;
}

export interface Shot {
  /** The page as listed in app.json, subpackage root included, e.g. 'pages/admin/dashboard/index'. */
  page: string;
  /** The state this picture shows, in kebab case: 'with-data', 'empty', 'error'…; part of the file name. */
  state: string;
  /** Who is looking: a role of the story (scripts/shots/scenario.ts) or any openid. */
  as: Role | { openid: string };
  /** The page's onLoad query. */
  query?: FromStory<Record<string, string>>;
  /** Phone storage before the page loads (wx.setStorageSync keys: the cart, a saved address…). */
  storage?: FromStory<Record<string, unknown>>;
  /** Extra steps through the cloud functions before this shot (the story is shared: only add to it). */
  setup?: (ctx: ShotContext) => Promise<void>;
  /**
   * Page methods called after onLoad/onShow/onReady settle, in order, each left to settle (a tab, a filter);
   * `target` (a selector such as '#admin-picker') calls a method of a custom component on the page instead.
   */
  calls?: { method: string; args?: FromStory<unknown[]>; target?: string }[];
  /** Scrolls the page down this many CSS px before the picture. */
  scrollTop?: number;
  /** Why this state is worth a picture (printed in the run's log). */
  note?: string;
}

/** docs/screenshots/<file>.png: the page path without 'pages/' and '/index', dashes for slashes, then the state. */
export function shotFile(shot: Pick<Shot, 'page' | 'state'>): string {
  const slug = shot.page
    .replace(/^pages\//, '')
    .replace(/\/index$/, '')
    .replace(/\//g, '-');
  return `${slug}--${shot.state}`;
}

export function fromStory<T>(value: FromStory<T> | undefined, story: Story, fallback: T): T {
  if (value === undefined) return fallback;
  return typeof value === 'function' ? (value as (story: Story) => T)(story) : value;
}
