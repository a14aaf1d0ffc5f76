// Props of <state-view>: what a page shows while its data is loading, missing or failed.
export interface StateViewProps {
  /** 'loading' | 'empty' | 'error' | 'ready'; default 'loading'. In 'ready' the slot (the page's content) shows. */
  status: 'loading' | 'ready' | 'empty' | 'error';
  /** Text under the empty picture; default 「暂无内容」. */
  emptyText: string;
  /** The error to explain; default 「加载失败」. */
  errorText: string;
  /** Label of the retry button on error; default 「重新加载」. */
  retryText: string;
}

export const STATE_VIEW_DEFAULTS: StateViewProps = {
  status: 'loading',
  emptyText: '暂无内容',
  errorText: '加载失败',
  retryText: '重新加载',
};
