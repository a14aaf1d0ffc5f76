// The poster's drawing plan on a recording canvas, and the album permission flow for every answer WeChat gives.
import {
  AlbumApi,
  drawPlan,
  ensureAlbumPermission,
  posterPlan,
} from '../../miniprogram/pages/distributor/poster/logic';

test('the plan draws texts, the product and the code; a missing image is skipped, not fatal', () => {
  const ops = posterPlan(
    {
      fileID: 'cloud://x/code.png',
      inviteCode: 'ABC',
      nickname: '小王',
      product: { _id: 'p1', name: '茶叶', price: 9999, images: [] },
    },
    { code: 'https://code.png', product: 'https://p.png' },
  );
  const calls: string[] = [];
  const ctx = {
    fillStyle: '',
    font: '',
    textAlign: '',
    fillRect: () => calls.push('rect'),
    fillText: (text: string) => calls.push(`text:${text}`),
    drawImage: (image: unknown) => calls.push(`image:${String(image)}`),
  };
  drawPlan(ctx, ops, { 'https://code.png': 'CODE' });
  expect(calls).toEqual([
    'rect',
    'text:小王 向你推荐',
    'text:茶叶',
    'text:¥99.99',
    'image:CODE',
    'text:长按识别小程序码，进店逛逛',
    'text:邀请码 ABC',
  ]);
});

function album(
  setting: boolean | undefined,
  answers: { authorize?: boolean; confirm?: boolean; after?: boolean } = {},
) {
  const asked: string[] = [];
  const api: AlbumApi = {
    getSetting: async () => ({ authSetting: { 'scope.writePhotosAlbum': setting } }),
    authorize: async () => {
      asked.push('authorize');
      if (!answers.authorize) throw { errMsg: 'authorize:fail auth deny' };
    },
    confirm: async () => (asked.push('confirm'), !!answers.confirm),
    openSetting: async () => (
      asked.push('openSetting'),
      { authSetting: { 'scope.writePhotosAlbum': answers.after } }
    ),
  };
  return { api, asked };
}

test.each([
  ['granted before', true, {}, true, []],
  ['never asked, allows', undefined, { authorize: true }, true, ['authorize']],
  ['never asked, refuses', undefined, { authorize: false }, false, ['authorize']],
  [
    'refused before, opens settings and allows',
    false,
    { confirm: true, after: true },
    true,
    ['confirm', 'openSetting'],
  ],
  ['refused before, declines to open settings', false, { confirm: false }, false, ['confirm']],
  [
    'refused before, opens settings but leaves it off',
    false,
    { confirm: true, after: false },
    false,
    ['confirm', 'openSetting'],
  ],
] as const)('%s', async (_name, setting, answers, allowed, asked) => {
  const flow = album(setting, answers);
  await expect(ensureAlbumPermission(flow.api)).resolves.toBe(allowed);
  expect(flow.asked).toEqual(asked);
});
