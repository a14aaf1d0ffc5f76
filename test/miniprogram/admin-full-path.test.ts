/** @jest-environment jsdom */
// The merchant's side on the real functions in the local cloud: the 商家后台 entry shows for the admin only,
// settings saved from the page change what the next order pays, a product made on the edit page is sold, an
// application is approved on the list, the order is shipped from the orders page, the dashboard counts it,
// and the distributor's withdrawal is approved and marked paid from the withdrawals page. Only device APIs are
// stubbed; wx.request is a real HTTP request.
import type { Platform } from '../../miniprogram/services/client';
import { buildMiniprogram } from './support/build';
import { CloudProcess, startCloudProcess } from './support/cloud-process';
import { callAs, post, realWxNetwork } from './support/platform';
import { mount, SimComponent, textOf, waitFor } from './support/simulate';
import { recordWx, stubWx, WxRecorder } from './support/wx';

const ADMIN = 'mp-admin';
const DISTRIBUTOR = 'mp-seller';
const SHOPPER = 'mp-buyer';
const ADDRESS = {
  userName: '张三',
  telNumber: '13800000000',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '龙井村 1 号',
};

let cloud: CloudProcess;
let wxr: WxRecorder;
const built = buildMiniprogram();

beforeAll(async () => {
  cloud = await startCloudProcess();
});
afterAll(() => cloud?.stop());

beforeEach(() => {
  stubWx({ ...realWxNetwork(), cloud: { init: () => undefined }, navigateBack: () => undefined });
  wxr = recordWx();
});

function as(openid: string) {
  built.prepare = (req) => {
    const client = req<typeof import('../../miniprogram/services/client')>('services/client');
    const { wxPlatform } = req<{ wxPlatform(): Platform }>('services/wx-platform');
    client.setPlatform(wxPlatform());
    client.configure({ mode: 'local', localUrl: cloud.url, localOpenid: openid });
  };
}

const api = <T = any>(openid: string, fn: string, action: string, data: object = {}) =>
  callAs<T>(cloud.url, openid, fn, action, data);
const input = (page: SimComponent, handler: string, field: string, value: unknown) =>
  page.instance[handler]({ currentTarget: { dataset: { field } }, detail: { value } });
/** Retries an async check (a server read) until it passes, like waitFor does for the page. */
async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
const tapOn = (page: SimComponent, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.dispatchEvent('tap');
};

test('the me page offers 商家后台 to the admin and to nobody else', async () => {
  as(SHOPPER);
  const shopperMe = mount(built, 'pages/me/index/index');
  shopperMe.instance.onShow();
  await waitFor(() => expect(shopperMe.data.status).toBe('ready'));
  expect(shopperMe.querySelector('#merchant')).toBeUndefined();

  as(ADMIN);
  const adminMe = mount(built, 'pages/me/index/index');
  adminMe.instance.onShow();
  await waitFor(() => expect(adminMe.querySelector('#merchant')).toBeDefined());
  adminMe.instance.onMerchant();
  expect(wxr.navigations).toContain('/pages/admin/dashboard/index');
});

test('settings → product → approval → sale → shipping → dashboard → withdrawal, all from the merchant pages', async () => {
  await api(ADMIN, 'admin', 'settings.update', {
    settings: { payment: { subMchId: '1900000109' }, afterSaleDays: 7 },
  });

  // Settings: 12% level 1, typed as a percent; the preview speaks of the draft before it is saved.
  as(ADMIN);
  const settings = mount(built, 'pages/admin/settings/index');
  settings.instance.onLoad();
  await waitFor(() => expect(textOf(settings.querySelector('#preview'))).toContain('10%'));
  input(settings, 'onField', 'level1', '12');
  await waitFor(() => expect(textOf(settings.querySelector('#preview'))).toContain('12.00 元（12%）'), 5000);
  await settings.instance.onSave();
  expect(wxr.toasts).toContain('已保存');
  expect((await api(ADMIN, 'admin', 'settings.get')).settings.rates).toEqual({ level1: 1200, level2: 500 });

  // A product made on the edit page.
  const editor = mount(built, 'pages/admin/product-edit/index');
  await editor.instance.onLoad({});
  await waitFor(() => expect(editor.data.status).toBe('ready'));
  input(editor, 'onInput', 'name', '明前龙井');
  input(editor, 'onInput', 'price', '128');
  input(editor, 'onInput', 'stock', '20');
  input(editor, 'onInput', 'category', '茶');
  await editor.instance.onSave();
  expect(wxr.toasts).toContain('已保存');
  const products = mount(built, 'pages/admin/products/index');
  products.instance.onLoad();
  await waitFor(() => expect(textOf(products)).toContain('明前龙井'));
  expect(textOf(products)).toContain('¥128.00');
  const productId = products.data.list.items[0]._id as string;

  // An application, approved on the distributors page.
  await api(DISTRIBUTOR, 'join', 'enter');
  await api(DISTRIBUTOR, 'join', 'profile', { nickname: '小王' });
  await api(DISTRIBUTOR, 'join', 'apply', { realName: '王小明', mobile: '13700000000' });
  const distributors = mount(built, 'pages/admin/distributors/index');
  distributors.instance.onLoad({});
  await waitFor(() => expect(textOf(distributors)).toContain('小王'));
  tapOn(distributors, `#approve-${DISTRIBUTOR}`);
  await eventually(async () =>
    expect((await api(DISTRIBUTOR, 'join', 'me')).user.distributor.status).toBe('active'),
  );
  await waitFor(() => expect(distributors.querySelector(`#row-${DISTRIBUTOR}`)).toBeUndefined());

  // A shopper bound by the distributor's code buys two.
  const { inviteCode } = await api(DISTRIBUTOR, 'share', 'code');
  await api(SHOPPER, 'join', 'enter', { scene: `i=${inviteCode}` });
  const { order } = await api(SHOPPER, 'order', 'create', {
    items: [{ productId, quantity: 2 }],
    address: ADDRESS,
  });
  const { outTradeNo } = await api(SHOPPER, 'order', 'pay', { orderId: order._id });
  await post(`${cloud.url}/_pay/${outTradeNo}`, { result: 'SUCCESS' });
  await eventually(async () =>
    expect((await api(SHOPPER, 'order', 'detail', { orderId: order._id })).order.status).toBe('paid'),
  );

  // Shipped from the orders page (待发货 tab).
  const orders = mount(built, 'pages/admin/orders/index');
  orders.instance.onLoad({ status: 'paid' });
  await waitFor(() => expect(orders.querySelector(`#card-${order._id}`)).toBeDefined());
  expect(textOf(orders.querySelector(`#card-${order._id}`))).toContain('¥256.00');
  orders.instance.onShipOpen({ currentTarget: { dataset: { id: order._id } } });
  // The carrier is one of WeChat's express companies, picked on the form.
  await waitFor(() => expect(orders.data.carriers.length).toBeGreaterThan(0));
  orders.instance.onCarrierPick({ currentTarget: { dataset: { carrier: 'SF' } } });
  orders.instance.onTrackingInput({ detail: { value: 'SF1234567890' } });
  await orders.instance.onShipSubmit();
  const shipped = (await api(SHOPPER, 'order', 'detail', { orderId: order._id })).order;
  expect(shipped.status).toBe('shipped');

  // The dashboard counts the sale and the pending 12% commission.
  const dashboard = mount(built, 'pages/admin/dashboard/index');
  dashboard.instance.onShow();
  await waitFor(() => expect(dashboard.data.status).toBe('ready'));
  expect(textOf(dashboard.querySelector('#figure-sales'))).toContain('¥256.00');
  expect(textOf(dashboard.querySelector('#figure-orders'))).toContain('1');
  expect(textOf(dashboard.querySelector('#figure-pending'))).toContain('¥30.72');
  expect(textOf(dashboard)).toContain('小王');

  // Received, the after-sale window passes, the commission settles, the distributor asks to withdraw it.
  const { order: mine } = await api(SHOPPER, 'order', 'detail', { orderId: order._id });
  await post(`${cloud.url}/_openapi/confirm-receipt`, {
    openid: SHOPPER,
    transaction_id: mine.confirmInWeChat!.transactionId,
  });
  await api(SHOPPER, 'order', 'confirm', { orderId: order._id });
  await post(`${cloud.url}/_clock`, { advanceMs: 8 * 86_400_000 });
  await api(ADMIN, 'admin', 'settle');
  expect((await api(DISTRIBUTOR, 'wallet', 'summary')).available).toBe(3072);
  const { withdrawal } = await api(DISTRIBUTOR, 'wallet', 'withdraw', { amount: 3072 });

  // Approved, then marked paid with the bank reference, on the withdrawals page.
  wxr.modalAnswer = true;
  const withdrawals = mount(built, 'pages/admin/withdrawals/index');
  withdrawals.instance.onLoad({});
  await waitFor(() => expect(withdrawals.querySelector(`#approve-${withdrawal._id}`)).toBeDefined());
  expect(textOf(withdrawals.querySelector(`#withdrawal-${withdrawal._id}`))).toContain('小王');
  await withdrawals.instance.onApprove({ currentTarget: { dataset: { id: withdrawal._id } } });
  withdrawals.instance.onTab({ detail: { value: 'approved' } });
  await waitFor(() => expect(withdrawals.querySelector(`#paid-${withdrawal._id}`)).toBeDefined());
  withdrawals.instance.onNoteOpen({ currentTarget: { dataset: { id: withdrawal._id, kind: 'paid' } } });
  withdrawals.instance.onNoteInput({ detail: { value: 'BANK-20261125-01' } });
  await withdrawals.instance.onNoteSubmit();
  const [paid] = (await api<{ items: any[] }>(ADMIN, 'admin', 'withdrawals.list', { status: 'paid' })).items;
  expect(paid).toMatchObject({ _id: withdrawal._id, reference: 'BANK-20261125-01', amount: 3072 });
  expect((await api(DISTRIBUTOR, 'wallet', 'summary')).withdrawn).toBe(3072);
  expect((await api(ADMIN, 'admin', 'reconcile')).mismatches).toEqual([]);
}, 60_000);
