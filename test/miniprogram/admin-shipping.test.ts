/** @jest-environment jsdom */
// A shipment WeChat's 发货信息管理 keeps refusing, on the merchant's pages and the real functions in the local
// cloud (its own, because the story moves the clock): the timer retries it, the dashboard's to-do shows it from
// the third refusal and opens the orders page, whose card says what WeChat answered and when the next try is;
// once WeChat takes it, the to-do empties and the card says so.
import type { AdminOrder } from '../../miniprogram/services/admin';
import {
  ADMIN,
  advanceClock,
  beijingTime,
  buyAndPay,
  openShop,
  phoneClock,
  realShop,
  ship,
  watchNetwork,
} from './support/real-shop';
import { mount, SimComponent, sleep, textOf, waitFor } from './support/simulate';
import { WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let tea: string;

const UPLOAD = 'wxa.sec.order.uploadShippingInfo';

beforeAll(async () => {
  [tea] = (await openShop(shop, [{ name: '龙井', price: 1099 }])) as [string];
});

beforeEach(async () => {
  wxr = shop.freshWx();
  watchNetwork();
  shop.as(ADMIN);
  await phoneClock(shop);
});

const tap = async (page: SimComponent, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`no ${selector} on the page`);
  node.dispatchEvent('tap');
  await sleep(0);
};

async function order(id: string): Promise<AdminOrder> {
  const { items } = await shop.api(ADMIN, 'admin', 'orders.list', { q: id });
  if (!items[0]) throw new Error(`order ${id} not found`);
  return items[0];
}

test('a shipment WeChat keeps refusing is retried, waits on the to-do, and its card says why', async () => {
  const id = await buyAndPay(shop, 'mp-frozen', [{ productId: tea, quantity: 1 }]);
  await shop.route('/_openapi/faults', { api: UPLOAD, errcode: 10060001, times: 3 });
  await ship(shop, id, 'YTO', 'YT30000001');
  // The timer tries again after 1 minute, then after 5.
  for (const pause of [61_000, 5 * 61_000]) {
    await advanceClock(shop, pause);
    await shop.api(ADMIN, 'admin', 'settle');
  }
  await phoneClock(shop);
  const { shippingUpload } = await order(id);
  expect(shippingUpload).toMatchObject({ state: 'retrying', attempts: 3, lastError: { errCode: 10060001 } });

  const dashboard = mount(shop.built, 'pages/admin/dashboard/index');
  dashboard.instance.onShow();
  await waitFor(() => expect(dashboard.querySelector('#todo-shipmentUploads')).toBeDefined());
  expect(textOf(dashboard.querySelector('#todo-shipmentUploads'))).toBe(
    '发货信息未能上传微信（货款冻结中）1›',
  );
  await tap(dashboard, '#todo-shipmentUploads');
  expect(wxr.navigations).toEqual(['/pages/admin/orders/index?status=shipped']);

  const page = mount(shop.built, 'pages/admin/orders/index');
  page.instance.onLoad({ status: 'shipped' });
  await waitFor(() => expect(page.querySelector(`#upload-${id}`)).toBeDefined());
  // WeChat's words as the server recorded them, without the SDK's prefix.
  const words = shippingUpload!.lastError!.message.replace(/^openapi\.[\w.]+:fail\s*/, '');
  expect(textOf(page.querySelector(`#upload-${id}`))).toBe(
    `微信发货：同步失败，将自动重试（货款冻结中）第 3 次：${words || '微信未说明原因'}（10060001）· 下次 ${beijingTime(shippingUpload!.nextAt!).slice(5)}`,
  );

  // Once WeChat takes it the to-do empties and the card says so.
  await advanceClock(shop, 31 * 60_000);
  await shop.api(ADMIN, 'admin', 'settle');
  expect((await order(id)).shippingUpload).toMatchObject({ state: 'uploaded', attempts: 4 });
  expect((await shop.api(ADMIN, 'admin', 'stats.todo')).shipmentUploads).toBe(0);
  page.instance.onPullDownRefresh();
  await waitFor(() => expect(textOf(page.querySelector(`#upload-${id}`))).toMatch(/^微信发货：已同步微信/));
});
