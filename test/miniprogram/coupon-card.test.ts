/** @jest-environment jsdom */
// <coupon-card>: a coupon as a ticket — the figure and its condition, the name and its lines, the page's button in
// the slot, and a stamp across a used or expired one.
import { buildMiniprogram } from './support/build';
import { mount, mountInHost, textOf } from './support/simulate';

const built = buildMiniprogram();

test('shows what it is given; a used one is grey with its stamp', () => {
  const card = mount(built, 'components/coupon-card/coupon-card', {
    figure: '¥20',
    condition: '满¥100可用',
    name: '满100减20',
    detail: '满100减20 · 全场通用',
    note: '领取后 30 天内有效',
  });
  expect(textOf(card)).toBe('¥20满¥100可用满100减20满100减20 · 全场通用领取后 30 天内有效');
  expect(card.querySelector('.coupon--muted')).toBeUndefined();
  card.instance.setData({ muted: true, stamp: '已使用' });
  expect(card.querySelector('.coupon--muted')).toBeDefined();
  expect(textOf(card.querySelector('.coupon__stamp'))).toBe('已使用');
});

test('the page’s button sits in the slot', () => {
  const host = mountInHost(
    built,
    'components/coupon-card/coupon-card',
    'coupon-card',
    '<coupon-card figure="9折" name="普洱专享"><view class="claim">领取</view></coupon-card>',
    {},
  );
  expect(textOf(host)).toBe('9折普洱专享领取');
});
