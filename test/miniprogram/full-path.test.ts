/** @jest-environment jsdom */
// The whole path on the real functions in the local cloud: open with a poster's scene → bound → browse → order
// → pay (the local cloud's simulated cashier) → the order shows paid → the distributor's centre shows the
// pending commission. Only device APIs are stubbed: wx.chooseAddress; wx.request is a real HTTP request.
import type { Platform } from '../../miniprogram/services/client';
import { buildMiniprogram } from './support/build';
import { CloudProcess, startCloudProcess } from './support/cloud-process';
import { callAs, realWxNetwork } from './support/platform';
import { mount, textOf, waitFor } from './support/simulate';
import { recordWx, stubWx } from './support/wx';

const ADMIN = 'mp-admin';
const DISTRIBUTOR = 'mp-distributor';
const SHOPPER = 'mp-shopper';

let cloud: CloudProcess;
const built = buildMiniprogram();

beforeAll(async () => {
  cloud = await startCloudProcess();
});
afterAll(() => cloud?.stop());

/** Each mount's services speak local mode through the real wx-platform (wx.request → HTTP) as `openid`. */
function as(openid: string) {
  built.prepare = (req) => {
    const client = req<typeof import('../../miniprogram/services/client')>('services/client');
    // Typed by hand: importing wx-platform's types would pull the mini-program's `wx` globals into this program.
    const { wxPlatform } = req<{ wxPlatform(): Platform }>('services/wx-platform');
    client.setPlatform(wxPlatform());
    client.configure({ mode: 'local', localUrl: cloud.url, localOpenid: openid });
  };
}

test('scene → bound → browse → order → pay → paid → pending commission in the centre', async () => {
  const network = realWxNetwork();
  stubWx({ ...network, cloud: { init: () => undefined } });
  const wxr = recordWx();

  // The merchant's side: a payment merchant id, a product on sale and an approved distributor with an invite code.
  await callAs(cloud.url, ADMIN, 'admin', 'settings.update', {
    settings: { payment: { subMchId: '1900000109' } },
  });
  const { product } = await callAs(cloud.url, ADMIN, 'admin', 'products.upsert', {
    product: { name: '明前龙井', price: 12800, stock: 50, category: '茶', images: [], status: 'on' },
  });
  await callAs(cloud.url, DISTRIBUTOR, 'join', 'enter', {});
  await callAs(cloud.url, DISTRIBUTOR, 'join', 'profile', { nickname: '小王' });
  const applied = await callAs<{ status: string }>(cloud.url, DISTRIBUTOR, 'join', 'apply', {});
  if (applied.status !== 'active') {
    await callAs(cloud.url, ADMIN, 'admin', 'distributors.review', { userId: DISTRIBUTOR, approve: true });
  }
  const { scene } = await callAs<{ scene: string; inviteCode: string }>(
    cloud.url,
    DISTRIBUTOR,
    'share',
    'code',
  );

  // Launch from the poster: the app reads the scene, calls join.enter, and says who the shopper is bound to.
  let app: { globalData: { entered: Promise<unknown> }; onLaunch(options: object): void } | undefined;
  jest.isolateModules(() => {
    (globalThis as unknown as { App: (options: typeof app) => void }).App = (options) => (app = options);
    const config = built.require<{ default: Record<string, unknown> }>('config').default;
    Object.assign(config, { mode: 'local', localUrl: cloud.url, localOpenid: SHOPPER });
    built.require('app');
  });
  app!.onLaunch({ path: 'pages/shop/home/index', query: { scene: encodeURIComponent(scene) }, scene: 1047 });
  const entered = (await app!.globalData.entered) as { bound: boolean };
  expect(entered.bound).toBe(true);
  expect(wxr.toasts).toContain('已绑定 小王');

  as(SHOPPER);
  // Browse: the product is in the catalog.
  const home = mount(built, 'pages/shop/home/index');
  home.instance.onLoad({});
  await waitFor(() => expect(textOf(home)).toContain('明前龙井'));
  expect(textOf(home)).toContain('¥128.00');

  // Product → buy now → checkout with an address from the (stubbed) address picker → pay.
  const detail = mount(built, 'pages/shop/product/index');
  detail.instance.onLoad({ id: product._id });
  await waitFor(() => expect(detail.data.status).toBe('ready'));
  detail.instance.onBuyNow();
  stubWx({
    chooseAddress: () =>
      Promise.resolve({
        userName: '张三',
        telNumber: '13800000000',
        provinceName: '浙江省',
        cityName: '杭州市',
        countyName: '西湖区',
        detailInfo: '龙井村 1 号',
        errMsg: 'chooseAddress:ok',
      }),
  });
  const cart = mount(built, 'pages/shop/cart/index');
  cart.instance.onLoad({});
  await cart.instance.onChooseAddress();
  await cart.instance.onSubmit();
  expect(wxr.toasts).toContain('支付成功');
  const opened = wxr.navigations.at(-1)!;
  const orderId = decodeURIComponent(/id=(.+)$/.exec(opened)![1]!);

  // The order page shows it paid.
  const orderPage = mount(built, 'pages/order/detail/index');
  orderPage.instance.onLoad({ id: orderId });
  await waitFor(() => expect(textOf(orderPage.querySelector('#status'))).toBe('待发货'));

  // The distributor's centre: 10% of ¥128.00 pending.
  as(DISTRIBUTOR);
  const centre = mount(built, 'pages/distributor/center/index');
  centre.instance.onShow();
  await waitFor(() => expect(textOf(centre.querySelector('#balance-pending'))).toContain('¥12.80'), 10_000);
  expect(textOf(centre.querySelector('#rule'))).toContain('待结算');

  const ledger = mount(built, 'pages/distributor/ledger/index');
  await ledger.instance.onLoad();
  // The entry names what was bought and where the order stands, and how its amount was worked out.
  await waitFor(() => expect(textOf(ledger)).toContain('明前龙井 ×1 · 待发货'));
  expect(textOf(ledger)).toContain('直接推广（一级）：按商品金额 ¥128.00 的 10% 计算');
});
