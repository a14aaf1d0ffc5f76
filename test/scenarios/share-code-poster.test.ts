// share.code and share.poster through the local cloud: a real mini-program code image (it scans to the
// page with scene i=<code>), stored once and reused, made again when the file is gone; who may share.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { ADMIN, startCloud, TestCloud } from '../support/cloud';

let cloud: TestCloud;
let seq = 0;
const uid = (name: string) => `${name}-${(seq += 1)}`;

beforeAll(async () => {
  cloud = await startCloud();
  await cloud.setSettings({ joinMode: 'everyone' });
  cloud.local.engine.insert('products', [
    {
      _id: 'tea',
      name: '明前龙井',
      price: 12_345,
      stock: 10,
      category: '茶',
      images: ['https://img.example.com/tea.jpg'],
      status: 'on',
      sort: 0,
    },
    { _id: 'old', name: '旧茶', price: 100, stock: 0, category: '茶', images: [], status: 'off', sort: 0 },
  ]);
});
afterAll(async () => {
  await cloud.stop();
});

async function activeDistributor(nickname = '小李'): Promise<{ id: string; code: string }> {
  const id = uid('d');
  await cloud.ok('join', 'profile', { nickname, avatarUrl: 'https://img.example.com/me.png' }, id);
  const { code } = await cloud.ok('join', 'apply', {}, id);
  return { id, code };
}

const openApiCalls = () => cloud.local.metrics.snapshot().functions.share?.actions['wx.openApi'] ?? 0;

async function scanImage(url: string): Promise<string | undefined> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('share.code', () => {
  test('makes the code image once, reuses it, and makes it again when the stored file is gone', async () => {
    const d = await activeDistributor();
    const calls = openApiCalls();
    const first = await cloud.ok('share', 'code', {}, d.id);
    expect(first).toMatchObject({ inviteCode: d.code, scene: `i=${d.code}`, page: 'pages/shop/home/index' });
    expect(first.scene.length).toBeLessThanOrEqual(32);
    expect(first.fileID).toMatch(new RegExp(`invite-codes/${d.code}\\.png$`));
    expect(await scanImage(first.tempFileURL)).toBe(
      `pages/shop/home/index?scene=${encodeURIComponent(`i=${d.code}`)}`,
    );
    expect(openApiCalls()).toBe(calls + 1);

    const again = await cloud.ok('share', 'code', {}, d.id);
    expect(again.fileID).toBe(first.fileID);
    expect(openApiCalls()).toBe(calls + 1);

    expect(cloud.local.storage.remove(`invite-codes/${d.code}.png`)).toBe(true);
    const remade = await cloud.ok('share', 'code', {}, d.id);
    expect(openApiCalls()).toBe(calls + 2);
    expect(await scanImage(remade.tempFileURL)).toContain(encodeURIComponent(`i=${d.code}`));
  });

  test('the scanned scene binds the opener to the distributor', async () => {
    const d = await activeDistributor();
    const { scene } = await cloud.ok('share', 'code', {}, d.id);
    const shopper = uid('s');
    expect(await cloud.ok('join', 'enter', { scene: encodeURIComponent(scene) }, shopper)).toMatchObject({
      bound: true,
      inviter: { userId: d.id, nickname: '小李' },
    });
  });

  test('only an active distributor shares: none and pending are not yet, frozen is denied', async () => {
    const none = uid('none');
    await cloud.ok('join', 'enter', {}, none);
    await cloud.setSettings({ joinMode: 'apply' });
    const pending = uid('pending');
    await cloud.ok('join', 'apply', {}, pending);
    await cloud.setSettings({ joinMode: 'everyone' });
    const frozen = await activeDistributor();
    await cloud.ok('admin', 'distributors.freeze', { userId: frozen.id, frozen: true }, ADMIN);
    for (const action of ['code', 'poster']) {
      expect(await cloud.call('share', action, {}, none)).toMatchObject({
        ok: false,
        error: { code: 'FAILED_PRECONDITION' },
      });
      expect(await cloud.call('share', action, {}, pending)).toMatchObject({
        ok: false,
        error: { code: 'FAILED_PRECONDITION' },
      });
      expect(await cloud.call('share', action, {}, frozen.id)).toMatchObject({
        ok: false,
        error: { code: 'PERMISSION_DENIED' },
      });
    }
    // A frozen distributor still sees their own figures.
    expect((await cloud.call('share', 'stats', {}, frozen.id)).ok).toBe(true);
  });
});

describe('share.poster', () => {
  test('without a product: the code, who shares, and the texts', async () => {
    const d = await activeDistributor('阿强');
    const poster = await cloud.ok('share', 'poster', {}, d.id);
    expect(poster.code).toMatchObject({ inviteCode: d.code, scene: `i=${d.code}` });
    expect(poster.code.tempFileURL).toMatch(/^http/);
    expect(poster.distributor).toEqual({ nickname: '阿强', avatarUrl: 'https://img.example.com/me.png' });
    expect(poster.texts.title).toContain('阿强');
    expect(poster.texts.hint).toBe('长按识别小程序码');
    expect(poster.product).toBeUndefined();
  });

  test('with a product on sale: its name, price in fen and first image', async () => {
    const d = await activeDistributor();
    const { product, texts } = await cloud.ok('share', 'poster', { productId: 'tea' }, d.id);
    expect(product).toEqual({
      productId: 'tea',
      name: '明前龙井',
      price: 12_345,
      priceText: '¥123.45',
      image: 'https://img.example.com/tea.jpg',
      imageURL: 'https://img.example.com/tea.jpg',
    });
    expect(texts.subtitle).toContain('¥123.45');
  });

  test.each([['old'], ['missing']])('product %s (off sale or absent): NOT_FOUND', async (productId) => {
    const d = await activeDistributor();
    expect(await cloud.call('share', 'poster', { productId }, d.id)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('malformed share input answers INVALID_ARGUMENT and writes nothing', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['poster', { productId: '../etc/passwd' }],
    ['poster', { productId: 42 }],
    ['team', {}],
    ['team', { level: 3 }],
    ['team', { level: '1' }],
    ['team', { level: 1, cursor: 'not-a-cursor' }],
    ['team', { level: 1, cursor: 12 }],
    ['team', { level: 1, limit: 0 }],
    ['team', { level: 2, limit: 101 }],
  ];
  let distributorId = '';
  beforeAll(async () => {
    distributorId = (await activeDistributor()).id;
  });

  test.each(cases)('share.%s %j', async (action, data) => {
    const before = cloud.snapshot();
    expect(await cloud.call('share', action, data, distributorId)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(cloud.snapshot()).toBe(before);
  });
});
