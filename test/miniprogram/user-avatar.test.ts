/** @jest-environment jsdom */
// <user-avatar>: a picture when there is one, else the nickname's first character, so nobody is a blank circle.
import { buildMiniprogram } from './support/build';
import { mount, textOf } from './support/simulate';

const built = buildMiniprogram();

test('without a picture the initial of the nickname shows, and follows a new nickname', () => {
  const avatar = mount(built, 'components/user-avatar/user-avatar', { nickname: '微信用户' });
  expect(textOf(avatar)).toBe('微');
  expect(avatar.querySelector('.user-avatar__image')).toBeUndefined();
  avatar.instance.setData({ nickname: 'lily' });
  expect(textOf(avatar)).toBe('L');
});

test('with a picture the picture shows and no letter', () => {
  const avatar = mount(built, 'components/user-avatar/user-avatar', {
    src: 'https://a.png',
    nickname: '李雷',
  });
  expect(avatar.querySelector('.user-avatar__image')).toBeDefined();
  expect(textOf(avatar)).toBe('');
});
