/** @jest-environment jsdom */
// The merchant's orders, refunds and withdrawals pages under miniprogram-simulate on the real functions in
// the local cloud: orders bought and paid through the simulated cashier, refunds asked for by buyers and
// completed by the local cloudPay, withdrawals of commission settled after the after-sale window. What each
// tab, search and button does to the shop, what a refused or bad entry shows, paging, and the error states.
import type { AdminOrder, AdminWithdrawal } from '../../miniprogram/services/admin';
import type { Page } from '../../miniprogram/services/api';
import {
  ADMIN,
  askRefund,
  beijingTime,
  buyAndPay,
  eventually,
  makeDistributor,
  openShop,
  PageNetwork,
  phoneClock,
  realShop,
  receiveAndSettle,
  refundArrived,
  refusalOf,
  ship,
  watchNetwork,
  withdraw,
} from './support/real-shop';
import { mount, SimComponent, sleep, textOf, waitFor } from './support/simulate';
import { WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let net: PageNetwork;
let tea: string;
let set: string;

beforeAll(async () => {
  [tea, set] = (await openShop(shop, [
    { name: '龙井', price: 1099 },
    { name: '茶具', price: 3000 },
  ])) as [string, string];
});

beforeEach(async () => {
  wxr = shop.freshWx();
  net = watchNetwork();
  shop.as(ADMIN);
  await phoneClock(shop);
});

/** A tap on an element, the way a person does it (simulate delivers it on the next tick). */
const tap = async (page: SimComponent, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`no ${selector} on the page`);
  node.dispatchEvent('tap');
  await sleep(0);
};
const retry = (page: SimComponent) =>
  page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');

/** The order as the merchant's orders.list finds it. */
async function order(id: string): Promise<AdminOrder> {
  const { items } = await shop.api(ADMIN, 'admin', 'orders.list', { q: id });
  if (!items[0]) throw new Error(`order ${id} not found`);
  return items[0];
}

describe('a new shop', () => {
  test('no orders, no refund requests, no withdrawals: each page says so', async () => {
    const orders = mount(shop.built, 'pages/admin/orders/index');
    orders.instance.onLoad({});
    await waitFor(() => expect(textOf(orders)).toContain('暂无订单'));
    const refunds = mount(shop.built, 'pages/admin/refunds/index');
    refunds.instance.onLoad({});
    await waitFor(() => expect(textOf(refunds)).toContain('暂无退款申请'));
    const withdrawals = mount(shop.built, 'pages/admin/withdrawals/index');
    withdrawals.instance.onLoad({});
    await waitFor(() => expect(textOf(withdrawals)).toContain('暂无提现申请'));
  });
});

describe('admin orders', () => {
  // 小王, bound to 小张 (recruited by 老李), bought two teas and got 5 yuan back; another shopper's order was
  // shipped; a third is not paid; a fourth buyer asked for a refund that waits.
  let refundedOrder: string;
  let shippedOrder: string;
  let unpaidOrder: string;
  let refundingOrder: string;

  beforeAll(async () => {
    const laoli = await makeDistributor(shop, 'mp-laoli', '老李');
    const zhang = await makeDistributor(shop, 'mp-zhang', '小张', laoli);
    refundedOrder = await buyAndPay(shop, 'mp-wang', [{ productId: tea, quantity: 2 }], {
      inviteCode: zhang,
      nickname: '小王',
    });
    const refund = await askRefund(shop, 'mp-wang', refundedOrder, '少了一包', 500);
    await shop.api(ADMIN, 'admin', 'refunds.review', { refundId: refund, approve: true });
    await refundArrived(shop, 'mp-wang', refundedOrder, refund);
    shippedOrder = await buyAndPay(shop, 'mp-anon', [{ productId: tea, quantity: 2 }]);
    await ship(shop, shippedOrder, 'SF', 'SF1234567');
    unpaidOrder = await buyAndPay(shop, 'mp-late', [{ productId: tea, quantity: 1 }], { pay: false });
    refundingOrder = await buyAndPay(shop, 'mp-regret', [{ productId: set, quantity: 1 }]);
    await askRefund(shop, 'mp-regret', refundingOrder, '不想要了');
  });

  test('shows each order as the merchant needs it: buyer, items, money, address, shipment, referrers', async () => {
    const created = (await order(refundedOrder)).createdAt;
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page.querySelector(`#card-${refundedOrder}`))).toContain('买家 小王'));
    const o1 = textOf(page.querySelector(`#card-${refundedOrder}`));
    // The number a person reads out on the phone, in groups of four.
    const { orderNo } = await order(refundedOrder);
    expect(orderNo).toMatch(/^\d{18}$/);
    expect(o1).toContain(orderNo.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect(o1).toContain(beijingTime(created));
    // Each line with its unit price and count.
    expect(textOf(page.querySelector(`#lines-${refundedOrder}`))).toBe('龙井¥10.99 ×2');
    expect(o1).toContain('实付¥21.98');
    expect(o1).toContain('已退 ¥5.00');
    expect(o1).toContain('张三 138 0000 0000浙江省杭州市西湖区龙井村 1 号');
    expect(o1).toContain('备注：请尽快发货');
    // Who earns, by nickname.
    expect(o1).toContain('一级 小张（10%）；二级 老李（5%）');
    expect(textOf(page.querySelector(`#status-${refundedOrder}`))).toBe('待发货');
    expect(page.querySelector(`#ship-${refundedOrder}`)).toBeDefined();
    // Nobody invited this buyer, who never gave a nickname: the shop's default one shows.
    const o2 = textOf(page.querySelector(`#card-${shippedOrder}`));
    expect(o2).toContain('买家 微信用户');
    expect(o2).toContain('物流：顺丰速运 SF1234567');
    // WeChat's 发货信息管理 has the shipment: the money is not held back.
    expect(textOf(page.querySelector(`#upload-${shippedOrder}`))).toMatch(/^微信发货：已同步微信/);
    expect(page.querySelector(`#upload-${refundedOrder}`)).toBeUndefined();
    expect(o2).not.toContain('推荐人');
    expect(textOf(page.querySelector(`#status-${shippedOrder}`))).toBe('待收货');
    expect(page.querySelector(`#ship-${shippedOrder}`)).toBeUndefined();
    // An unpaid order shows no address and cannot be shipped.
    const o3 = textOf(page.querySelector(`#card-${unpaidOrder}`));
    expect(o3).not.toContain('张三');
    expect(o3).toContain('待付款');
    // Not paid: what is owed, not 实付; nothing to refund.
    expect(o3).toContain('需付款¥10.99');
    expect(page.querySelector(`#refund-${unpaidOrder}`)).toBeUndefined();
    expect(page.querySelector(`#ship-${unpaidOrder}`)).toBeUndefined();
    // Under refund: 退款中, not shippable.
    expect(textOf(page.querySelector(`#status-${refundingOrder}`))).toBe('退款中');
    expect(page.querySelector(`#ship-${refundingOrder}`)).toBeUndefined();
  });

  test('the merchant refunds part of a paid order: the amount and reason are checked, the confirm names the amount', async () => {
    const orderId = await buyAndPay(shop, 'mp-partial', [{ productId: set, quantity: 1 }], {
      nickname: '小钱',
    });
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({ status: 'paid' });
    await waitFor(() => expect(page.querySelector(`#refund-${orderId}`)).toBeDefined());
    await tap(page, `#refund-${orderId}`);
    expect(page.data.refund).toMatchObject({ id: orderId, amountText: '30' });
    // More than was paid, or no reason: nothing is sent.
    page.instance.onRefundAmount({ detail: { value: '30.01' } });
    await page.instance.onRefundSubmit();
    expect(textOf(page.querySelector('#refund-problem'))).toBe('最多可退 ¥30.00');
    page.instance.onRefundAmount({ detail: { value: '12.5' } });
    expect(textOf(page.querySelector('#refund-preview'))).toContain('向买家退款 ¥12.50（可退 ¥30.00）');
    await page.instance.onRefundSubmit();
    expect(textOf(page.querySelector('#refund-problem'))).toBe('请填写退款原因（买家可见）');
    expect(net.inputsOf('orders.refund')).toEqual([]);
    // The confirm shows the amount; declining sends nothing.
    page.instance.onRefundReason({ detail: { value: ' 缺了一只杯子 ' } });
    wxr.modalAnswer = false;
    await page.instance.onRefundSubmit();
    const { orderNo } = await order(orderId);
    expect(wxr.modals[0]!.content).toBe(
      `向买家退款 ¥12.50（可退 ¥30.00）（订单 ${orderNo.replace(/(\d{4})(?=\d)/g, '$1 ')}），原路退回，佣金按比例扣回，不可撤销。`,
    );
    expect(net.inputsOf('orders.refund')).toEqual([]);
    wxr.modalAnswer = true;
    await page.instance.onRefundSubmit();
    expect(net.inputsOf('orders.refund')).toEqual([{ orderId, reason: '缺了一只杯子', amount: 1250 }]);
    expect(wxr.toasts).toContain('已提交退款');
    expect(page.querySelector('#refund-form')).toBeUndefined();
    await eventually(async () => expect((await order(orderId)).refundedAmount).toBe(1250));
    // What is left can still be refunded, in full without an amount.
    const left = mount(shop.built, 'pages/admin/orders/index');
    left.instance.onLoad({ status: 'paid' });
    await waitFor(() => expect(left.querySelector(`#refund-${orderId}`)).toBeDefined());
    left.instance.onRefundOpen({ currentTarget: { dataset: { id: orderId } } });
    expect(left.data.refund.amountText).toBe('17.5');
    left.instance.onRefundReason({ detail: { value: '整单退款' } });
    await left.instance.onRefundSubmit();
    expect(net.inputsOf('orders.refund').at(-1)).toEqual({ orderId, reason: '整单退款' });
    await eventually(async () => expect((await order(orderId)).refundedAmount).toBe(3000));
  });

  test('tabs show their status, 全部 every one; search finds one order by number or buyer', async () => {
    const { outTradeNo } = await order(refundedOrder);
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector(`#card-${unpaidOrder}`)).toBeDefined());
    expect(net.inputsOf('orders.list')[0]).toEqual({});

    page.instance.onTab({ detail: { value: 'paid' } });
    await waitFor(() => expect(page.querySelector(`#card-${unpaidOrder}`)).toBeUndefined());
    expect(page.querySelector(`#card-${refundedOrder}`)).toBeDefined();
    expect(page.querySelector(`#card-${shippedOrder}`)).toBeUndefined();
    expect(net.inputsOf('orders.list').at(-1)).toEqual({ status: 'paid' });

    page.instance.onTab({ detail: { value: 'refunding' } });
    await waitFor(() => expect(page.querySelector(`#card-${refundedOrder}`)).toBeUndefined());
    expect(page.querySelector(`#card-${refundingOrder}`)).toBeDefined();
    expect(page.data.list.items.every((o: AdminOrder) => o.status === 'refunding')).toBe(true);
    expect(net.inputsOf('orders.list').at(-1)).toEqual({ status: 'refunding' });

    page.instance.onTab({ detail: { value: '' } });
    page.instance.onQuery({ detail: { value: `  ${outTradeNo}  ` } });
    await tap(page, '#search-submit');
    await waitFor(() => expect(page.data.list.items.map((o: AdminOrder) => o._id)).toEqual([refundedOrder]));
    expect(net.inputsOf('orders.list').at(-1)).toEqual({ q: outTradeNo });
    expect(textOf(page.querySelector('#search-note'))).toContain(outTradeNo);
    // The keyboard's confirm carries its own text: a buyer's openid.
    page.instance.onSearch({ detail: { value: 'mp-anon' } });
    await waitFor(() => expect(page.data.list.items.map((o: AdminOrder) => o._id)).toEqual([shippedOrder]));
    page.instance.onSearch({ detail: { value: 'no-such-order' } });
    await waitFor(() => expect(textOf(page)).toContain('没有找到该订单'));
    page.instance.onClearSearch();
    await waitFor(() => expect(page.querySelector(`#card-${unpaidOrder}`)).toBeDefined());
    expect(net.inputsOf('orders.list').at(-1)).toEqual({});
  });

  test('a bad tracking number is explained on the page and nothing is sent', async () => {
    const id = await buyAndPay(shop, 'mp-typo', [{ productId: tea, quantity: 1 }]);
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector(`#ship-${id}`)).toBeDefined());
    await tap(page, `#ship-${id}`);
    expect(page.querySelector('#ship-form')).toBeDefined();
    page.instance.onCarrierPick({ currentTarget: { dataset: { carrier: 'ZTO' } } });
    page.instance.onTrackingInput({ detail: { value: 'ZT 12345' } });
    await page.instance.onShipSubmit();
    expect(textOf(page.querySelector('#ship-problem'))).toBe('快递单号只能包含字母、数字、“-”和“_”');
    page.instance.onTrackingInput({ detail: { value: 'Z1' } });
    await page.instance.onShipSubmit();
    expect(textOf(page.querySelector('#ship-problem'))).toBe('快递单号应为 4–40 位');
    page.instance.onShipClose();
    await tap(page, `#ship-${id}`);
    page.instance.onTrackingInput({ detail: { value: 'ZT123456' } });
    await page.instance.onShipSubmit();
    expect(textOf(page.querySelector('#ship-problem'))).toBe('请选择快递公司');
    expect(wxr.toasts).toEqual([
      '快递单号只能包含字母、数字、“-”和“_”',
      '快递单号应为 4–40 位',
      '请选择快递公司',
    ]);
    expect(net.inputsOf('orders.ship')).toEqual([]);
    expect((await order(id)).status).toBe('paid');
  });

  test('a good shipment ships exactly that order with the carrier and number, and the card turns 待收货', async () => {
    const first = await buyAndPay(shop, 'mp-ship-1', [{ productId: tea, quantity: 1 }]);
    const second = await buyAndPay(shop, 'mp-ship-2', [{ productId: tea, quantity: 1 }]);
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({ status: 'paid' });
    await waitFor(() => expect(page.querySelector(`#ship-${first}`)).toBeDefined());
    expect(net.inputsOf('orders.list')[0]).toEqual({ status: 'paid' });
    await tap(page, `#ship-${first}`);
    await waitFor(() => expect(page.querySelector('#carrier-SF')).toBeDefined());
    expect(textOf(page.querySelector('#carrier-SF'))).toBe('顺丰速运');
    await tap(page, '#carrier-SF');
    page.instance.onTrackingInput({ detail: { value: ' SF1234567890 ' } });
    await page.instance.onShipSubmit();
    expect(net.inputsOf('orders.ship')).toEqual([
      { orderId: first, expressCompany: 'SF', trackingNo: 'SF1234567890' },
    ]);
    expect(await order(first)).toMatchObject({
      status: 'shipped',
      shippingInfo: { expressCompany: 'SF', trackingNo: 'SF1234567890' },
    });
    expect(textOf(page.querySelector(`#status-${first}`))).toBe('待收货');
    expect(textOf(page.querySelector(`#card-${first}`))).toContain('物流：顺丰速运 SF1234567890');
    expect(page.querySelector(`#ship-${first}`)).toBeUndefined();
    expect(page.querySelector('#ship-form')).toBeUndefined();
    // The other order is untouched and still shippable.
    expect(textOf(page.querySelector(`#status-${second}`))).toBe('待发货');
    expect(page.querySelector(`#ship-${second}`)).toBeDefined();
    expect((await order(second)).status).toBe('paid');
    expect(wxr.toasts).toContain('已发货');
  });

  test("查看物流 shows the parcel's route under its card, newest step first; a second tap closes it", async () => {
    const route = await shop.api(ADMIN, 'admin', 'orders.track', { orderId: shippedOrder });
    expect(route.events.length).toBeGreaterThan(0);
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({ status: 'shipped' });
    await waitFor(() => expect(page.querySelector(`#track-${shippedOrder}`)).toBeDefined());
    expect(page.querySelector('#route')).toBeUndefined();
    await tap(page, `#track-${shippedOrder}`);
    await waitFor(() => expect(page.querySelectorAll('#route .step')).toHaveLength(route.events.length));
    expect(net.inputsOf('orders.track')).toEqual([{ orderId: shippedOrder }]);
    const steps = page.querySelectorAll('#route .step').map(textOf);
    expect(steps[0]).toBe(`${route.events[0]!.text}${beijingTime(route.events[0]!.at).slice(5)}`);
    expect(textOf(page.querySelector('#route'))).toContain('顺丰速运 SF1234567');
    expect(textOf(page.querySelector(`#track-${shippedOrder}`))).toBe('收起物流');
    await tap(page, `#track-${shippedOrder}`);
    expect(page.querySelector('#route')).toBeUndefined();

    // With no tracking provider the page says there is nothing to follow, and where to choose one.
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { tracking: { provider: 'none' } } });
    const other = await buyAndPay(shop, 'mp-untracked', [{ productId: tea, quantity: 1 }]);
    await ship(shop, other, 'ZTO', 'ZT20000001');
    page.instance.onPullDownRefresh();
    await waitFor(() => expect(page.querySelector(`#track-${other}`)).toBeDefined());
    await tap(page, `#track-${other}`);
    await waitFor(() => expect(page.querySelector('#route-empty')).toBeDefined());
    expect(textOf(page.querySelector('#route-empty'))).toContain('分销设置 → 物流轨迹查询');
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { tracking: { provider: 'logistics' } } });
  });

  test("the server's refusal is shown and the card stays as it was", async () => {
    const id = await buyAndPay(shop, 'mp-changed-mind', [{ productId: tea, quantity: 1 }]);
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({ status: 'paid' });
    await waitFor(() => expect(page.querySelector(`#ship-${id}`)).toBeDefined());
    // While the merchant fills in the form, the buyer asks for a refund.
    await tap(page, `#ship-${id}`);
    await askRefund(shop, 'mp-changed-mind', id, '拍错了');
    page.instance.onCarrierPick({ currentTarget: { dataset: { carrier: 'DBL' } } });
    page.instance.onTrackingInput({ detail: { value: 'DB-0001' } });
    await page.instance.onShipSubmit();
    expect(net.inputsOf('orders.ship')).toEqual([
      { orderId: id, expressCompany: 'DBL', trackingNo: 'DB-0001' },
    ]);
    const { message } = await refusalOf(shop, ADMIN, 'admin', 'orders.ship', {
      orderId: id,
      expressCompany: 'DBL',
      trackingNo: 'DB-0001',
    });
    expect(message).toContain('退款');
    expect(wxr.toasts).toEqual([message]);
    expect(textOf(page.querySelector('#ship-problem'))).toBe(message);
    expect(textOf(page.querySelector(`#status-${id}`))).toBe('待发货');
    expect((await order(id)).status).toBe('refunding');
  });

  test('someone who is not an admin is refused; without network the error shows and retry loads', async () => {
    shop.as('mp-wang');
    const refused = mount(shop.built, 'pages/admin/orders/index');
    refused.instance.onLoad({});
    await waitFor(() => expect(textOf(refused)).toContain('仅商家管理员可以操作'));

    shop.as(ADMIN);
    net.offline = true;
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('连不上本地云，请确认已运行 npm start'));
    net.offline = false;
    retry(page);
    await waitFor(() => expect(page.querySelector(`#card-${unpaidOrder}`)).toBeDefined());
  });

  test('loads the next page at the bottom; a page lost to the network offers a retry in the footer', async () => {
    const many: string[] = [];
    for (let i = 0; i < 21; i++)
      many.push(await buyAndPay(shop, 'mp-many', [{ productId: tea, quantity: 1 }], { pay: false }));
    const page = mount(shop.built, 'pages/admin/orders/index');
    page.instance.onLoad({ status: 'created' });
    await waitFor(() => expect(textOf(page.querySelector('#footer'))).toBe('上拉加载更多'));
    expect(page.data.list.items).toHaveLength(20);
    expect(page.data.list.items[0]._id).toBe(many[20]);
    net.offline = true;
    page.instance.onReachBottom();
    await waitFor(() =>
      expect(textOf(page.querySelector('#footer'))).toBe('连不上本地云，请确认已运行 npm start，点击重试'),
    );
    expect(page.data.list.items).toHaveLength(20);
    net.offline = false;
    await tap(page, '#footer');
    await waitFor(() => expect(textOf(page.querySelector('#footer'))).toBe('没有更多了'));
    const shown = page.data.list.items.map((o: AdminOrder) => o._id);
    expect(shown).toEqual(expect.arrayContaining([...many, unpaidOrder]));
    expect(new Set(shown).size).toBe(shown.length);
    // The second page is asked for with the cursor the first answered, and the retry asks the same.
    const cursors = net.inputsOf('orders.list').map((input) => input.cursor);
    expect(cursors).toEqual([undefined, expect.any(String), cursors[1]]);
  });
});

describe('admin refunds', () => {
  const openOn = async (status?: string) => {
    const page = mount(shop.built, 'pages/admin/refunds/index');
    page.instance.onLoad(status === undefined ? {} : { status });
    await waitFor(() => expect(['ready', 'empty']).toContain(page.data.list.status));
    return page;
  };
  /** `buyer` buys a tea set and asks for `amount` fen back; answers the order and refund ids. */
  const asks = async (buyer: string, amount: number, nickname?: string) => {
    const orderId = await buyAndPay(shop, buyer, [{ productId: set, quantity: 1 }], { nickname });
    return { orderId, refundId: await askRefund(shop, buyer, orderId, '不想要了', amount) };
  };
  const refundOf = async (buyer: string, orderId: string, refundId: string) =>
    (await shop.api(buyer, 'order', 'detail', { orderId })).refunds.find((r) => r._id === refundId)!;

  test('opens on 待处理 with each request as the merchant needs it; each tab shows its status', async () => {
    const { orderId, refundId } = await asks('mp-li', 1500, '小李');
    const { createdAt } = await refundOf('mp-li', orderId, refundId);
    const page = await openOn();
    const row = textOf(page.querySelector(`#refund-${refundId}`));
    expect(row).toContain('买家：小李');
    expect(row).toContain('买家申请');
    // The order behind it: its number as people read it, and what was bought.
    const { orderNo } = await order(orderId);
    expect(row).toContain(`订单号 ${orderNo.replace(/(\d{4})(?=\d)/g, '$1 ')}`);
    expect(row).toContain('茶具 ×1 · 实付 ¥30.00');
    // refunds.list answers the order with each request: the page asks for nothing else.
    expect(net.sent.map((s) => s.action)).toEqual(['refunds.list']);
    expect(row).toContain('¥15.00');
    expect(row).toContain('原因：不想要了');
    expect(row).toContain(beijingTime(createdAt));
    expect(textOf(page.querySelector(`#status-${refundId}`))).toBe('待处理');
    expect(net.inputsOf('refunds.list')[0]).toEqual({ status: 'requested' });
    expect(page.data.list.items.every((r: { status: string }) => r.status === 'requested')).toBe(true);

    page.instance.onTab({ detail: { value: 'failed' } });
    await waitFor(() => expect(textOf(page)).toContain('暂无退款申请'));
    expect(net.inputsOf('refunds.list').at(-1)).toEqual({ status: 'failed' });

    page.instance.onTab({ detail: { value: 'refunded' } });
    await waitFor(() => expect(page.data.list.status).toBe('ready'));
    expect(page.querySelector(`#refund-${refundId}`)).toBeUndefined();
    expect(page.data.list.items.every((r: { status: string }) => r.status === 'refunded')).toBe(true);

    page.instance.onTab({ detail: { value: '' } });
    await waitFor(() => expect(page.querySelector(`#refund-${refundId}`)).toBeDefined());
    expect(net.inputsOf('refunds.list').at(-1)).toEqual({});
    const statuses = new Set(page.data.list.items.map((r: { status: string }) => r.status));
    expect(statuses).toEqual(new Set(['requested', 'refunded']));
  });

  test('approving asks first with the amount, then the money goes back and the row leaves 待处理', async () => {
    const first = await asks('mp-r1', 1200);
    const second = await asks('mp-r2', 800);
    const page = await openOn();
    await waitFor(() => expect(page.querySelector(`#approve-${first.refundId}`)).toBeDefined());
    wxr.modalAnswer = false;
    await page.instance.onApprove({ currentTarget: { dataset: { id: first.refundId } } });
    const { orderNo } = await order(first.orderId);
    expect(wxr.modals[0]!.content).toBe(
      `同意后将向买家退款 ¥12.00（订单 ${orderNo.replace(/(\d{4})(?=\d)/g, '$1 ')}），原路退回，不可撤销。`,
    );
    expect(net.inputsOf('refunds.review')).toEqual([]);
    expect((await refundOf('mp-r1', first.orderId, first.refundId)).status).toBe('requested');

    wxr.modalAnswer = true;
    await page.instance.onApprove({ currentTarget: { dataset: { id: first.refundId } } });
    expect(net.inputsOf('refunds.review')).toEqual([{ refundId: first.refundId, approve: true }]);
    expect(wxr.toasts).toContain('已同意，退款处理中');
    expect(page.querySelector(`#refund-${first.refundId}`)).toBeUndefined();
    expect(page.querySelector(`#refund-${second.refundId}`)).toBeDefined();
    // The local cloudPay refunds the buyer and tells the shop.
    await refundArrived(shop, 'mp-r1', first.orderId, first.refundId);
    expect((await order(first.orderId)).refundedAmount).toBe(1200);
    expect((await refundOf('mp-r2', second.orderId, second.refundId)).status).toBe('requested');
  });

  test('rejecting needs a reason typed on the page; with one the request is refused with it', async () => {
    const { orderId, refundId } = await asks('mp-r3', 3000);
    const page = await openOn('');
    await waitFor(() => expect(page.querySelector(`#reject-${refundId}`)).toBeDefined());
    expect(net.inputsOf('refunds.list')[0]).toEqual({});
    await tap(page, `#reject-${refundId}`);
    expect(page.querySelector('#reject-form')).toBeDefined();
    await page.instance.onRejectSubmit();
    page.instance.onRejectReason({ detail: { value: '   ' } });
    await page.instance.onRejectSubmit();
    expect(textOf(page.querySelector('#reject-problem'))).toBe('请填写拒绝原因');
    page.instance.onRejectReason({ detail: { value: '字'.repeat(201) } });
    await page.instance.onRejectSubmit();
    expect(textOf(page.querySelector('#reject-problem'))).toBe('拒绝原因最多 200 个字');
    expect(net.inputsOf('refunds.review')).toEqual([]);
    page.instance.onRejectReason({ detail: { value: ' 商品已使用 ' } });
    await page.instance.onRejectSubmit();
    expect(net.inputsOf('refunds.review')).toEqual([{ refundId, approve: false, reason: '商品已使用' }]);
    expect(await refundOf('mp-r3', orderId, refundId)).toMatchObject({
      status: 'rejected',
      rejectReason: '商品已使用',
    });
    // The order is the merchant's to ship again.
    expect((await order(orderId)).status).toBe('paid');
    // On 全部 the row stays, with its new state and the reason.
    expect(textOf(page.querySelector(`#status-${refundId}`))).toBe('已拒绝');
    expect(textOf(page.querySelector(`#refund-${refundId}`))).toContain('拒绝原因：商品已使用');
    expect(page.querySelector(`#approve-${refundId}`)).toBeUndefined();
  });

  test('approving for less than was asked: the amount is checked, the confirm says both, the buyer gets less', async () => {
    const { orderId, refundId } = await asks('mp-r5', 3000);
    const page = await openOn();
    await waitFor(() => expect(page.querySelector(`#partial-${refundId}`)).toBeDefined());
    await tap(page, `#partial-${refundId}`);
    expect(page.data.partial).toMatchObject({ id: refundId, amountText: '30' });
    page.instance.onPartialAmount({ detail: { value: '30.5' } });
    await page.instance.onPartialSubmit();
    expect(page.data.partial.problem).toBe('不能超过买家申请的 ¥30.00');
    expect(wxr.modals).toHaveLength(0);
    page.instance.onPartialAmount({ detail: { value: '20' } });
    expect(textOf(page.querySelector('#partial-preview'))).toContain('退款 ¥20.00（买家申请 ¥30.00）');
    await page.instance.onPartialSubmit();
    expect(wxr.modals[0]!.content).toContain('同意后将向买家退款 ¥20.00（买家申请 ¥30.00）');
    expect(net.inputsOf('refunds.review')).toEqual([{ refundId, approve: true, amount: 2000 }]);
    expect(page.querySelector(`#refund-${refundId}`)).toBeUndefined();
    await refundArrived(shop, 'mp-r5', orderId, refundId);
    expect((await order(orderId)).refundedAmount).toBe(2000);
    // On 已退款 the row says the buyer asked for more.
    page.instance.onTab({ detail: { value: 'refunded' } });
    await waitFor(() => expect(page.querySelector(`#refund-${refundId}`)).toBeDefined());
    expect(textOf(page.querySelector(`#refund-${refundId}`))).toContain('¥20.00（买家申请 ¥30.00）');
  });

  test("a refund the merchant made shows as theirs, beside the buyers' requests", async () => {
    const orderId = await buyAndPay(shop, 'mp-r6', [{ productId: set, quantity: 1 }]);
    const { refund } = await shop.api(ADMIN, 'admin', 'orders.refund', {
      orderId,
      amount: 500,
      reason: '补偿',
    });
    const page = await openOn('');
    await waitFor(() => expect(page.querySelector(`#refund-${refund._id}`)).toBeDefined());
    expect(textOf(page.querySelector(`#refund-${refund._id}`))).toContain('商家主动退款');
    expect(page.querySelector(`#approve-${refund._id}`)).toBeUndefined();
  });

  test('a request already decided elsewhere is refused with the reason, and the row stays', async () => {
    const { refundId } = await asks('mp-r4', 500);
    const page = await openOn();
    await waitFor(() => expect(page.querySelector(`#approve-${refundId}`)).toBeDefined());
    await shop.api(ADMIN, 'admin', 'refunds.review', { refundId, approve: false, reason: '已电话沟通' });
    await page.instance.onApprove({ currentTarget: { dataset: { id: refundId } } });
    const { message } = await refusalOf(shop, ADMIN, 'admin', 'refunds.review', { refundId, approve: true });
    expect(wxr.toasts).toEqual([message]);
    expect(page.querySelector(`#refund-${refundId}`)).toBeDefined();
  });

  test('without network the first load shows the error; retry loads once it is back; a non-admin is refused', async () => {
    net.offline = true;
    const page = mount(shop.built, 'pages/admin/refunds/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('连不上本地云，请确认已运行 npm start'));
    expect(page.data.list.items).toEqual([]);
    net.offline = false;
    retry(page);
    await waitFor(() => expect(page.data.list.status).toBe('ready'));
    expect(net.inputsOf('refunds.list')).toHaveLength(2);

    shop.as('mp-li');
    const refused = mount(shop.built, 'pages/admin/refunds/index');
    refused.instance.onLoad({});
    await waitFor(() => expect(textOf(refused)).toContain('仅商家管理员可以操作'));
  });
});

describe('admin withdrawals', () => {
  // Four distributors each sold a 5000-yuan gift (500 yuan commission at 10%) and 大户 a 25000-yuan one; the
  // orders were received, the after-sale window passed and the merchant settled. Withdrawals pay a 1% fee.
  const LAO = 'mp-w-lao';
  const ANON = 'mp-w-anon';
  const TWO = 'mp-w-two';
  const THREE = 'mp-w-three';
  const RICH = 'mp-w-rich';

  beforeAll(async () => {
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { withdrawal: { feeBp: 100 } } });
    const [gift, jade] = await openShop(shop, [
      { name: '礼盒', price: 500_000 },
      { name: '玉器', price: 2_500_000 },
    ]);
    const sold: { buyer: string; orderId: string }[] = [];
    for (const [who, nickname, product] of [
      [LAO, '老李', gift],
      [ANON, '', gift],
      [TWO, '小二', gift],
      [THREE, '小三', gift],
      [RICH, '大户', jade],
    ] as const) {
      await shop.api(who, 'join', 'enter', {});
      if (nickname) await shop.api(who, 'join', 'profile', { nickname });
      await shop.api(who, 'join', 'apply', { realName: '分销员', mobile: '13700000000' });
      await shop.api(ADMIN, 'admin', 'distributors.review', { userId: who, approve: true });
      const { inviteCode } = await shop.api(who, 'share', 'code');
      const buyer = `${who}-buyer`;
      sold.push({
        buyer,
        orderId: await buyAndPay(shop, buyer, [{ productId: product!, quantity: 1 }], { inviteCode }),
      });
    }
    await receiveAndSettle(shop, sold);
  });

  const openOn = async (status?: string) => {
    const page = mount(shop.built, 'pages/admin/withdrawals/index');
    page.instance.onLoad(status === undefined ? {} : { status });
    await waitFor(() => expect(['ready', 'empty']).toContain(page.data.list.status));
    return page;
  };
  const withdrawal = async (id: string): Promise<AdminWithdrawal> => {
    for (let cursor: string | null = null; ;) {
      const page: Page<AdminWithdrawal> = await shop.api(
        ADMIN,
        'admin',
        'withdrawals.list',
        cursor ? { cursor } : {},
      );
      const found = page.items.find((w) => w._id === id);
      if (found) return found;
      if (!page.next) throw new Error(`withdrawal ${id} not found`);
      cursor = page.next;
    }
  };
  const available = async (who: string) => (await shop.api(who, 'wallet', 'summary')).available;
  const approved = async (who: string, amount: number) => {
    const id = await withdraw(shop, who, amount);
    await shop.api(ADMIN, 'admin', 'withdrawals.review', { withdrawalId: id, approve: true });
    return id;
  };

  test('shows who (by the shop’s default name without a nickname), amount, fee, what arrives, the payment reference and the reason', async () => {
    const asked = await withdraw(shop, LAO, 10000);
    const paid = await approved(ANON, 10000);
    await shop.api(ADMIN, 'admin', 'withdrawals.markPaid', { withdrawalId: paid, reference: 'BANK-001' });
    const rejected = await withdraw(shop, LAO, 5000);
    await shop.api(ADMIN, 'admin', 'withdrawals.review', {
      withdrawalId: rejected,
      approve: false,
      reason: '账户异常',
    });
    const page = await openOn('');
    expect(net.inputsOf('withdrawals.list')[0]).toEqual({});
    const w1 = textOf(page.querySelector(`#withdrawal-${asked}`));
    expect(w1).toContain('老李');
    expect(w1).toContain(beijingTime((await withdrawal(asked)).createdAt));
    expect(w1).toMatch(/提现\s*¥100\.00/);
    expect(w1).toContain('手续费 ¥1.00');
    // Whom the merchant pays by hand: the name and mobile of the application.
    expect(textOf(page.querySelector(`#payee-${asked}`))).toBe('收款人：分销员 137 0000 0000');
    expect(textOf(page.querySelector(`#payout-${asked}`))).toBe('¥99.00');
    expect(textOf(page.querySelector(`#status-${asked}`))).toBe('待审核');
    // A distributor who never gave a nickname shows with the shop's default one.
    expect(textOf(page.querySelector(`#withdrawal-${paid}`))).toContain('微信用户');
    expect(textOf(page.querySelector(`#withdrawal-${paid}`))).toContain('打款凭证：BANK-001');
    expect(textOf(page.querySelector(`#status-${paid}`))).toBe('已打款');
    expect(textOf(page.querySelector(`#payout-${rejected}`))).toBe('¥49.50');
    expect(textOf(page.querySelector(`#status-${rejected}`))).toBe('已拒绝');
    expect(textOf(page.querySelector(`#withdrawal-${rejected}`))).toContain('原因：账户异常');
  });

  test('opens on 待审核; each tab shows its status', async () => {
    const waiting = await withdraw(shop, TWO, 10000);
    const ready = await approved(TWO, 10000);
    const page = await openOn();
    expect(page.querySelector(`#withdrawal-${waiting}`)).toBeDefined();
    expect(page.querySelector(`#withdrawal-${ready}`)).toBeUndefined();
    page.instance.onTab({ detail: { value: 'approved' } });
    await waitFor(() => expect(page.querySelector(`#withdrawal-${ready}`)).toBeDefined());
    expect(page.querySelector(`#withdrawal-${waiting}`)).toBeUndefined();
    expect(net.inputsOf('withdrawals.list')).toEqual([{ status: 'requested' }, { status: 'approved' }]);
  });

  test('approve asks with what arrives, then the withdrawal is approved and leaves 待审核', async () => {
    const first = await withdraw(shop, TWO, 10000);
    const second = await withdraw(shop, TWO, 10000);
    const page = await openOn();
    await waitFor(() => expect(page.querySelector(`#approve-${first}`)).toBeDefined());
    await tap(page, `#approve-${first}`);
    await waitFor(() => expect(net.inputsOf('withdrawals.review')).toHaveLength(1));
    expect(wxr.modals[0]!.content).toBe('通过 小二 的提现 ¥100.00（手续费 ¥1.00，到账 ¥99.00）？');
    expect(net.inputsOf('withdrawals.review')).toEqual([{ withdrawalId: first, approve: true }]);
    await waitFor(() => expect(page.querySelector(`#withdrawal-${first}`)).toBeUndefined());
    expect((await withdrawal(first)).status).toBe('approved');
    expect(page.querySelector(`#withdrawal-${second}`)).toBeDefined();
    expect((await withdrawal(second)).status).toBe('requested');
  });

  test('reject needs a reason, says the money goes back, and it does', async () => {
    const id = await withdraw(shop, THREE, 10000);
    const before = await available(THREE);
    const page = await openOn('');
    await waitFor(() => expect(page.querySelector(`#reject-${id}`)).toBeDefined());
    await tap(page, `#reject-${id}`);
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('请填写拒绝原因');
    expect(net.inputsOf('withdrawals.review')).toEqual([]);
    expect(wxr.modals).toHaveLength(0);
    page.instance.onNoteInput({ detail: { value: '信息不符' } });
    await page.instance.onNoteSubmit();
    expect(wxr.modals[0]!.content).toBe('拒绝 小三 的提现 ¥100.00？这笔钱将退回分销员的可提现余额。');
    expect(net.inputsOf('withdrawals.review')).toEqual([
      { withdrawalId: id, approve: false, reason: '信息不符' },
    ]);
    expect(await withdrawal(id)).toMatchObject({ status: 'rejected', reason: '信息不符' });
    expect(await available(THREE)).toBe(before + 10000);
    expect(textOf(page.querySelector(`#status-${id}`))).toBe('已拒绝');
    expect(page.querySelector(`#approve-${id}`)).toBeUndefined();
    expect(wxr.toasts).toContain('已拒绝，金额已退回');
  });

  test('mark paid requires a payment reference and records it; the emptied tab loads again', async () => {
    // The merchant paid every earlier approved withdrawal already; one is left.
    const { items } = await shop.api(ADMIN, 'admin', 'withdrawals.list', { status: 'approved' });
    for (const w of items)
      await shop.api(ADMIN, 'admin', 'withdrawals.markPaid', { withdrawalId: w._id, reference: 'BANK-OLD' });
    const id = await approved(THREE, 10000);
    const page = await openOn('approved');
    await waitFor(() => expect(page.querySelector(`#paid-${id}`)).toBeDefined());
    expect(page.data.list.items).toHaveLength(1);
    expect(page.querySelector(`#approve-${id}`)).toBeUndefined();
    await tap(page, `#paid-${id}`);
    page.instance.onNoteInput({ detail: { value: ' ' } });
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('请填写打款凭证（如银行流水号）');
    page.instance.onNoteInput({ detail: { value: 'x'.repeat(65) } });
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('打款凭证最多 64 个字');
    wxr.modalAnswer = false;
    page.instance.onNoteInput({ detail: { value: ' BANK-20261125-01 ' } });
    await page.instance.onNoteSubmit();
    expect(wxr.modals[0]!.content).toBe(
      '确认已向 小三 打款 ¥99.00（凭证 BANK-20261125-01）？标记后不可撤销。',
    );
    expect(net.inputsOf('withdrawals.markPaid')).toEqual([]);
    expect((await withdrawal(id)).status).toBe('approved');
    wxr.modalAnswer = true;
    await page.instance.onNoteSubmit();
    expect(net.inputsOf('withdrawals.markPaid')).toEqual([
      { withdrawalId: id, reference: 'BANK-20261125-01' },
    ]);
    expect(await withdrawal(id)).toMatchObject({ status: 'paid', reference: 'BANK-20261125-01' });
    await waitFor(() => expect(textOf(page)).toContain('暂无提现申请'));
    expect(page.querySelector(`#withdrawal-${id}`)).toBeUndefined();
    expect(net.inputsOf('withdrawals.list')).toHaveLength(2);
    expect(wxr.toasts).toContain('已标记打款');
  });

  test('mark failed requires a reason, says the money returns, and it does', async () => {
    const id = await approved(THREE, 10000);
    const before = await available(THREE);
    const page = await openOn('');
    await waitFor(() => expect(page.querySelector(`#failed-${id}`)).toBeDefined());
    await tap(page, `#failed-${id}`);
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('请填写失败原因');
    expect(net.inputsOf('withdrawals.markFailed')).toEqual([]);
    page.instance.onNoteInput({ detail: { value: '银行退回' } });
    await page.instance.onNoteSubmit();
    expect(wxr.modals[0]!.content).toBe(
      '标记 小三 的提现 ¥100.00 打款失败？这笔钱将退回分销员的可提现余额。',
    );
    expect(net.inputsOf('withdrawals.markFailed')).toEqual([{ withdrawalId: id, reason: '银行退回' }]);
    expect(await withdrawal(id)).toMatchObject({ status: 'failed', reason: '银行退回' });
    expect(await available(THREE)).toBe(before + 10000);
    expect(textOf(page.querySelector(`#status-${id}`))).toBe('打款失败');
    expect(textOf(page.querySelector(`#withdrawal-${id}`))).toContain('原因：银行退回');
    expect(page.querySelector(`#paid-${id}`)).toBeUndefined();
  });

  test('a refused step keeps the row and shows why', async () => {
    const id = await withdraw(shop, THREE, 10000);
    const page = await openOn();
    await waitFor(() => expect(page.querySelector(`#approve-${id}`)).toBeDefined());
    // Another admin turned it down meanwhile.
    await shop.api(ADMIN, 'admin', 'withdrawals.review', {
      withdrawalId: id,
      approve: false,
      reason: '重复申请',
    });
    await page.instance.onApprove({ currentTarget: { dataset: { id } } });
    const { message } = await refusalOf(shop, ADMIN, 'admin', 'withdrawals.review', {
      withdrawalId: id,
      approve: true,
    });
    expect(wxr.toasts).toEqual([message]);
    expect(textOf(page.querySelector(`#status-${id}`))).toBe('待审核');
    expect(page.querySelector(`#approve-${id}`)).toBeDefined();
  });

  test('while a 商家转账 is in flight the mark buttons are hidden and a note explains why; it ends by itself', async () => {
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { payout: { mode: 'transfer' } } });
    // Approved in transfer mode: a bill the distributor confirms; 2000 yuan and more it cannot be made.
    const small = await approved(RICH, 10000);
    const large = await approved(RICH, 210000);
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { payout: { mode: 'manual' } } });
    const page = await openOn('approved');
    await waitFor(() => expect(page.querySelector(`#withdrawal-${small}`)).toBeDefined());
    expect(textOf(page.querySelector(`#transfer-${small}`))).toBe('商家转账：待分销员确认收款');
    expect(page.querySelector(`#paid-${small}`)).toBeUndefined();
    expect(page.querySelector(`#failed-${small}`)).toBeUndefined();
    expect(textOf(page.querySelector(`#transfer-note-${small}`))).toContain('等待分销员在小程序中确认收款');
    // A bill that could not be made is not in flight: the merchant settles it by hand.
    expect(textOf(page.querySelector(`#transfer-${large}`))).toBe('商家转账：转账单创建失败');
    expect(page.querySelector(`#paid-${large}`)).toBeDefined();
    expect(page.querySelector(`#transfer-note-${large}`)).toBeUndefined();
    // Even a forced call does nothing for an in-flight row.
    page.instance.onNoteOpen({ currentTarget: { dataset: { id: small, kind: 'paid' } } });
    page.instance.onNoteInput({ detail: { value: 'BANK-1' } });
    await page.instance.onNoteSubmit();
    expect(net.inputsOf('withdrawals.markPaid')).toEqual([]);
    expect((await withdrawal(small)).status).toBe('approved');

    // The distributor confirms in WeChat; the platform's notice pays it.
    await shop.route(`/_transfer/${encodeURIComponent(small)}`, { result: 'SUCCESS' });
    await eventually(async () => expect((await withdrawal(small)).status).toBe('paid'));
    page.instance.onTab({ detail: { value: 'paid' } });
    await waitFor(() => expect(textOf(page.querySelector(`#transfer-${small}`))).toBe('商家转账：转账成功'));
    expect(textOf(page.querySelector(`#status-${small}`))).toBe('已打款');
  });

  test('without network the first load shows the error; retry loads once it is back; a non-admin is refused', async () => {
    net.offline = true;
    const page = mount(shop.built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({ status: '' });
    await waitFor(() => expect(textOf(page)).toContain('连不上本地云，请确认已运行 npm start'));
    net.offline = false;
    retry(page);
    await waitFor(() => expect(page.data.list.status).toBe('ready'));

    shop.as(LAO);
    const refused = mount(shop.built, 'pages/admin/withdrawals/index');
    refused.instance.onLoad({});
    await waitFor(() => expect(textOf(refused)).toContain('仅商家管理员可以操作'));
  });
});
