/** @jest-environment jsdom */
// <state-view>: each status shows its own face, and retry fires once, only from the error state.
import { buildMiniprogram } from './support/build';
import { mount, mountInHost, sleep, textOf } from './support/simulate';

const built = buildMiniprogram();

test('loading, empty and error each show their text; ready shows the slot', () => {
  const view = mount(built, 'components/state-view/state-view', { status: 'empty', emptyText: '还没有订单' });
  expect(textOf(view)).toContain('还没有订单');
  view.instance.setData({ status: 'error', errorText: '网络不给力' });
  expect(textOf(view)).toContain('网络不给力');
  expect(textOf(view)).toContain('重新加载');
  view.instance.setData({ status: 'loading' });
  expect(textOf(view)).not.toContain('网络不给力');
  expect(view.querySelector('.state-view__retry')).toBeUndefined();
});

test('a tap on retry reaches the page once; outside the error state it is ignored', async () => {
  const retries: string[] = [];
  const host = mountInHost(
    built,
    'components/state-view/state-view',
    'state-view',
    '<state-view id="v" status="error" bind:retry="onRetry"><view class="content">列表</view></state-view>',
    { onRetry: () => retries.push('retry') },
  );
  const view = host.querySelector('#v')!;
  expect(textOf(view)).not.toContain('列表');
  view.querySelector('.state-view__retry')!.dispatchEvent('tap');
  await sleep(); // simulate delivers events on the next tick
  expect(retries).toEqual(['retry']);
  // The page switches to loading while it retries; a second tap on a stale button must not fire again.
  (view as unknown as { instance: { setData(d: object): void; onRetry(): void } }).instance.setData({
    status: 'loading',
  });
  (view as unknown as { instance: { onRetry(): void } }).instance.onRetry();
  await sleep();
  expect(retries).toEqual(['retry']);
});
