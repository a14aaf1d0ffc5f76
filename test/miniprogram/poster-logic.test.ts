// The poster's drawing plan on a recording canvas, and the album permission flow for every answer WeChat gives.
import {
  AlbumApi,
  coverCrop,
  Ctx2D,
  drawPlan,
  ensureAlbumPermission,
  fit,
  posterPlan,
} from '../../miniprogram/pages/distributor/poster/logic';
import type { Poster } from '../../miniprogram/services/api';

const poster = (product?: Poster['product']): Poster => ({
  code: {
    inviteCode: 'ABC',
    scene: 'i=ABC',
    page: 'pages/shop/home/index',
    fileID: 'cloud://x/code.png',
    tempFileURL: 'https://code.png',
  },
  shopName: '好茶小铺',
  distributor: { nickname: '小王', avatarUrl: '' },
  texts: { title: '小王 邀请你逛 好茶小铺', subtitle: '茶叶 仅需 ¥99.99', hint: '长按识别小程序码' },
  ...(product ? { product } : {}),
});

function recorder() {
  const calls: string[] = [];
  const ctx: Ctx2D = {
    fillStyle: '',
    font: '',
    textAlign: '',
    fillRect: () => void calls.push('rect'),
    fillText: (text: string) => void calls.push(`text:${text}`),
    drawImage: (image: unknown) => void calls.push(`image:${String(image)}`),
    save: () => void calls.push('save'),
    restore: () => void calls.push('restore'),
    beginPath: () => undefined,
    arc: () => undefined,
    clip: () => void calls.push('clip'),
    fill: () => void calls.push('fill'),
  };
  return { ctx, calls };
}

test('the plan draws the shop, the inviter, the product with its price and the code; a missing image is skipped', () => {
  const ops = posterPlan(
    poster({
      productId: 'p1',
      name: '茶叶',
      price: 9999,
      priceText: '¥99.99',
      image: 'cloud://x/p1.png',
      imageURL: 'https://p.png',
    }),
    { code: 'https://code.png', product: 'https://p.png' },
  );
  const { ctx, calls } = recorder();
  drawPlan(ctx, ops, { 'https://code.png': 'CODE' });
  expect(calls).toEqual([
    'rect',
    'rect',
    'text:好茶小铺',
    'text:精选好物 · 分享有礼',
    // No avatar: the nickname's first character in a tinted circle.
    'fill',
    'text:小',
    'text:小王 邀请你逛 好茶小铺',
    'text:茶叶 仅需 ¥99.99',
    'text:茶叶',
    'text:¥99.99',
    'image:CODE',
    'text:长按识别小程序码',
    'text:邀请码 ABC',
  ]);
  // The product's picture is a square box: cropped to fit, never stretched.
  const picture = ops.find((op) => op.kind === 'image' && op.src === 'https://p.png');
  expect(picture).toMatchObject({ w: 520, h: 520, cover: true });
});

test('a picture of another shape is cropped to the middle of its box, as aspectFill does', () => {
  expect(coverCrop(750, 750, 520, 520)).toEqual([0, 0, 750, 750]);
  // A wide 1000×500 picture in a square: the middle 500×500.
  expect(coverCrop(1000, 500, 520, 520)).toEqual([250, 0, 500, 500]);
  const drawn: unknown[][] = [];
  const { ctx } = recorder();
  ctx.drawImage = (...args: unknown[]) => void drawn.push(args);
  const image = { width: 1000, height: 500 };
  drawPlan(ctx, [{ kind: 'image', src: 'p', x: 40, y: 248, w: 520, h: 520, cover: true }], { p: image });
  expect(drawn).toEqual([[image, 250, 0, 500, 500, 40, 248, 520, 520]]);
  // Size unknown (the picture did not say): drawn into the box as it is.
  drawPlan(ctx, [{ kind: 'image', src: 'q', x: 0, y: 0, w: 10, h: 10, cover: true }], { q: 'Q' });
  expect(drawn[1]).toEqual(['Q', 0, 0, 10, 10]);
});

test('without a product the shop is invited; the avatar is drawn round; long names are cut', () => {
  const ops = posterPlan(
    { ...poster(), shopName: '一家名字非常非常长的茶叶与美酒专营小店' },
    { code: 'https://code.png', avatar: 'https://a.png' },
  );
  const { ctx, calls } = recorder();
  drawPlan(ctx, ops, { 'https://code.png': 'CODE', 'https://a.png': 'AVATAR' });
  expect(calls).toContain('text:好物推荐');
  expect(calls.slice(calls.indexOf('save'), calls.indexOf('restore') + 1)).toEqual([
    'save',
    'clip',
    'image:AVATAR',
    'restore',
  ]);
  expect(calls).toContain('text:一家名字非常非常长的茶叶与…');
  expect(fit('短', 5)).toBe('短');
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
