/** @jest-environment jsdom */
// Pages under miniprogram-simulate with the services speaking the local cloud's HTTP shape (scripted answers):
// loading, empty, error and paging states, and what each button does.
import type { Order, Product } from '../../miniprogram/services/api';
import { buildMiniprogram } from './support/build';
import { FakeCloud, fakeCloud, wireServices } from './support/fake-cloud';
import { mount, textOf, waitFor } from './support/simulate';
import { recordWx, stubWx, WxRecorder } from './support/wx';

const built = buildMiniprogram();
let cloud: FakeCloud;
let wxr: WxRecorder;

const product = (i: number, over: Partial<Product> = {}): Product => ({
  _id: `p${i}`,
  name: `商品${i}`,
  price: 1000 * i + 99,
  stock: 10,
  category: i % 2 ? '茶' : '酒',
  images: [`https://img/p${i}.png`],
  status: 'on',
  ...over,
});

const me = (status: string, extra: object = {}) => ({
  user: {
    _id: 'shopper',
    nickname: '小王',
    avatarUrl: '',
    inviterId: 'boss',
    distributor: { status, code: 'ABC123' },
  },
  inviter: { nickname: '老李' },
  settings: {
    rates: { level1: 1000, level2: 500 },
    afterSaleDays: 7,
    withdrawal: { minAmount: 1000, feeBp: 100 },
  },
  ...extra,
});

beforeEach(() => {
  cloud = fakeCloud();
  built.prepare = wireServices(cloud.platform);
  wxr = recordWx();
});

describe('shop home', () => {
  test('lists products with prices, loads the next page at the bottom, then says there is no more', async () => {
    cloud.on('order.catalog', (event) =>
      event.cursor ? { items: [product(3)], next: null } : { items: [product(1), product(2)], next: 'c2' },
    );
    const page = mount(built, 'pages/shop/home/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('¥10.99'));
    expect(textOf(page)).toContain('商品2');
    expect(textOf(page)).toContain('上拉加载更多');
    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page)).toContain('商品3'));
    expect(textOf(page)).toContain('没有更多了');
    expect(cloud.calls.map((c) => c.event.cursor)).toEqual([undefined, 'c2']);
    // Categories come from what was seen; choosing one filters the catalog.
    expect(page.data.categories).toEqual(['全部', '茶', '酒']);
    page.instance.onCategory({ detail: { value: '茶' } });
    await waitFor(() => expect(cloud.calls.at(-1)!.event).toMatchObject({ category: '茶' }));
  });

  test('a failed first load shows the error and retry loads again', async () => {
    let fail = true;
    cloud.on('order.catalog', () => {
      if (fail) throw { code: 'INTERNAL', message: 'boom' };
      return { items: [product(1)], next: null };
    });
    const page = mount(built, 'pages/shop/home/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('系统繁忙，请稍后再试'));
    expect(textOf(page)).not.toContain('boom');
    fail = false;
    page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
    await waitFor(() => expect(textOf(page)).toContain('商品1'));
  });

  test('nothing found is an empty state, not a blank page', async () => {
    cloud.on('order.catalog', () => ({ items: [], next: null }));
    const page = mount(built, 'pages/shop/home/index');
    page.instance.onSearch({ detail: { value: '不存在' } });
    await waitFor(() => expect(textOf(page)).toContain('没有找到商品'));
    expect(cloud.calls[0]!.event).toMatchObject({ keyword: '不存在' });
  });
});

describe('product detail', () => {
  test('an active distributor sees 分享赚; buying puts it in the cart and opens checkout', async () => {
    cloud.on('order.product', () => ({ product: product(9) }));
    cloud.on('join.me', () => me('active'));
    const page = mount(built, 'pages/shop/product/index');
    page.instance.onLoad({ id: 'p9' });
    await waitFor(() => expect(textOf(page)).toContain('分享赚 ¥9.09'));
    expect(page.instance.onShareAppMessage().path).toBe('/pages/shop/product/index?id=p9&inviteCode=ABC123');
    page.instance.onBuyNow();
    expect(cloud.platform.storage.get('cart:v1')).toEqual([
      expect.objectContaining({ productId: 'p9', quantity: 1 }),
    ]);
    expect(wxr.navigations).toEqual(['/pages/shop/cart/index']);
  });

  test('a shopper sees no hint, and a sold-out product cannot be bought', async () => {
    cloud.on('order.product', () => ({ product: product(9, { stock: 0 }) }));
    cloud.on('join.me', () => me('none'));
    const page = mount(built, 'pages/shop/product/index');
    page.instance.onLoad({ id: 'p9' });
    await waitFor(() => expect(textOf(page)).toContain('已售罄'));
    expect(textOf(page)).not.toContain('分享赚');
    page.instance.onBuyNow();
    expect(wxr.navigations).toEqual([]);
  });
});

describe('checkout', () => {
  const address = {
    userName: '张三',
    telNumber: '13800000000',
    provinceName: '广东省',
    cityName: '深圳市',
    countyName: '南山区',
    detailInfo: '科技园 1 号',
  };

  test('choose an address, submit once even on a double tap, pay through the local cashier, open the order', async () => {
    cloud.platform.storage.set('cart:v1', [
      { productId: 'p1', name: '商品1', price: 1099, image: '', quantity: 2, stock: 10, checked: true },
    ]);
    stubWx({
      chooseAddress: () => Promise.resolve({ ...address, nationalCode: '1', errMsg: 'chooseAddress:ok' }),
    });
    let status: Order['status'] = 'created';
    const order = (): Order => ({
      _id: 'o1',
      buyerId: 'shopper',
      status,
      items: [{ productId: 'p1', name: '商品1', price: 1099, quantity: 2 }],
      goodsAmount: 2198,
      shipping: 0,
      amount: 2198,
      refundedAmount: 0,
    });
    cloud.on('order.create', () => ({ order: order() }));
    cloud.on('order.pay', () => {
      status = 'paid';
      return {
        payment: { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'MD5', paySign: 's' },
        outTradeNo: 'T-o1',
      };
    });
    cloud.on('order.detail', () => ({ order: order() }));
    const page = mount(built, 'pages/shop/cart/index');
    page.instance.onLoad({});
    expect(textOf(page)).toContain('请选择收货地址');
    expect(textOf(page)).toContain('¥21.98');
    await page.instance.onChooseAddress();
    expect(textOf(page)).toContain('广东省深圳市南山区科技园 1 号');
    await Promise.all([page.instance.onSubmit(), page.instance.onSubmit()]);
    const creates = cloud.calls.filter((c) => c.action === 'create');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.event).toMatchObject({ items: [{ productId: 'p1', quantity: 2 }], address });
    expect(creates[0]!.event.clientRequestId).toEqual(expect.any(String));
    expect(creates[0]!.event).not.toHaveProperty('price');
    expect(cloud.paid).toEqual(['T-o1']);
    expect(cloud.platform.payments).toEqual([]); // local mode never opens the real cashier
    expect(wxr.toasts).toContain('支付成功');
    expect(wxr.navigations).toEqual(['/pages/order/detail/index?id=o1']);
    expect(cloud.platform.storage.get('cart:v1')).toEqual([]);
  });
});

describe('order detail', () => {
  test('shows carrier and tracking; confirming receipt asks first and shows the new state', async () => {
    let status: Order['status'] = 'shipped';
    const order = () => ({
      _id: 'o7',
      buyerId: 'shopper',
      status,
      items: [{ productId: 'p1', name: '商品1', price: 1099, quantity: 1 }],
      goodsAmount: 1099,
      shipping: { carrier: '顺丰速运', trackingNo: 'SF1234567', fee: 0 },
      amount: 1099,
      refundedAmount: 0,
    });
    cloud.on('order.detail', () => ({ order: order() }));
    cloud.on('order.confirm', () => ((status = 'completed'), { order: order() }));
    const page = mount(built, 'pages/order/detail/index');
    page.instance.onLoad({ id: 'o7' });
    await waitFor(() => expect(textOf(page)).toContain('SF1234567'));
    expect(textOf(page)).toContain('顺丰速运');
    expect(page.querySelector('#pay')).toBeUndefined();
    wxr.modalAnswer = false;
    await page.instance.onConfirm();
    expect(cloud.calls.some((c) => c.action === 'confirm')).toBe(false);
    wxr.modalAnswer = true;
    await page.instance.onConfirm();
    expect(textOf(page.querySelector('#status'))).toBe('已完成');
    expect(page.querySelector('#confirm')).toBeUndefined();
  });

  test('a refund needs a reason; a refused action explains why', async () => {
    cloud.on('order.detail', () => ({
      order: {
        _id: 'o8',
        buyerId: 's',
        status: 'paid',
        items: [],
        goodsAmount: 100,
        shipping: 0,
        amount: 100,
        refundedAmount: 0,
      },
    }));
    cloud.on('order.refund', () => {
      throw { code: 'FAILED_PRECONDITION', message: '该订单已申请退款' };
    });
    const page = mount(built, 'pages/order/detail/index');
    page.instance.onLoad({ id: 'o8' });
    await waitFor(() => expect(page.querySelector('#refund')).toBeDefined());
    page.instance.onRefundOpen();
    await page.instance.onRefundSubmit();
    expect(wxr.toasts).toContain('请填写退款原因');
    page.instance.onRefundReason({ detail: { value: '不想要了' } });
    await page.instance.onRefundSubmit();
    expect(cloud.calls.find((c) => c.action === 'refund')!.event).toMatchObject({
      orderId: 'o8',
      reason: '不想要了',
    });
    expect(wxr.toasts).toContain('该订单已申请退款');
  });
});

describe('me and the distributor centre', () => {
  test('me shows who invited me and the distributor state', async () => {
    cloud.on('join.me', () => me('pending'));
    const page = mount(built, 'pages/me/index/index');
    page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#inviter'))).toBe('推荐人：老李'));
    expect(page.data.distributorText).toBe('审核中');
  });

  test('a shopper applies; the pending state is explained', async () => {
    let status = 'none';
    cloud.on('join.me', () => me(status));
    cloud.on('join.apply', () => ((status = 'pending'), { status }));
    const page = mount(built, 'pages/distributor/center/index');
    page.instance.onShow();
    await waitFor(() => expect(page.querySelector('#apply')).toBeDefined());
    await page.instance.onApply();
    expect(textOf(page.querySelector('#title'))).toBe('审核中');
    expect(textOf(page.querySelector('#explanation'))).toContain('审核通过后');
    expect(page.querySelector('#apply')).toBeUndefined();
    expect(wxr.toasts).toContain('申请已提交，等待审核');
  });

  test('an active distributor sees balances from the wallet and the freeze rule with the after-sale days', async () => {
    cloud.on('join.me', () => me('active'));
    cloud.on('wallet.summary', () => ({
      pending: 109,
      available: 2000,
      withdrawing: 0,
      withdrawn: 500,
      debt: 0,
    }));
    const page = mount(built, 'pages/distributor/center/index');
    page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#balance-pending'))).toContain('¥1.09'));
    expect(textOf(page.querySelector('#rule'))).toContain('确认收货 7 天后');
    expect(page.instance.onShareAppMessage().path).toBe('/pages/shop/home/index?inviteCode=ABC123');
  });

  test('withdraw shows minimum and fee before confirming and sends a request id', async () => {
    cloud.on('join.me', () => me('active'));
    cloud.on('wallet.summary', () => ({
      pending: 0,
      available: 5000,
      withdrawing: 0,
      withdrawn: 0,
      debt: 0,
    }));
    cloud.on('wallet.withdrawals', () => ({ items: [], next: null }));
    cloud.on('wallet.withdraw', (event) => ({
      withdrawal: { _id: 'w1', userId: 'shopper', amount: event.amount, fee: 20, status: 'requested' },
    }));
    const page = mount(built, 'pages/distributor/withdraw/index');
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page.querySelector('#rule'))).toContain('最低提现 ¥10.00，手续费 1%'));
    page.instance.onAmount({ detail: { value: '5' } });
    expect(textOf(page.querySelector('#quote'))).toBe('最低提现 ¥10.00');
    page.instance.onAmount({ detail: { value: '20' } });
    expect(textOf(page.querySelector('#quote'))).toBe('手续费 ¥0.20，实际到账 ¥19.80');
    await page.instance.onSubmit();
    expect(wxr.modals[0]!.content).toBe('提现 ¥20.00，手续费 ¥0.20，实际到账 ¥19.80');
    const withdraw = cloud.calls.find((c) => c.action === 'withdraw')!;
    expect(withdraw.event).toMatchObject({ amount: 2000, clientRequestId: expect.any(String) });
    expect(wxr.toasts).toContain('提现申请已提交');
  });

  test('team switches between level 1 and level 2 and pages each', async () => {
    cloud.on('share.team', (event) => ({
      members: [{ _id: `m${event.level}`, nickname: `成员L${event.level}` }],
      next: null,
    }));
    const page = mount(built, 'pages/distributor/team/index');
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('成员L1'));
    page.instance.onTab({ detail: { value: 2 } });
    await waitFor(() => expect(textOf(page)).toContain('成员L2'));
    expect(textOf(page)).not.toContain('成员L1');
  });

  test('the ledger explains each entry', async () => {
    cloud.on('join.me', () => me('active'));
    cloud.on('wallet.ledger', () => ({
      items: [
        {
          _id: 'o1:L1',
          orderId: 'o1',
          level: 1,
          beneficiaryId: 's',
          base: 1099,
          rate: 1000,
          amount: 109,
          reversedAmount: 0,
          status: 'pending',
        },
      ],
      next: null,
    }));
    const page = mount(built, 'pages/distributor/ledger/index');
    await page.instance.onLoad();
    await waitFor(() =>
      expect(textOf(page)).toContain(
        '订单 o1，直接推广（一级），按 ¥10.99 的 10% 计算；售后期内，确认收货 7 天后结算',
      ),
    );
  });
});

test('withdraw without the merchant rule from join.me names no fee it does not know', async () => {
  cloud.on('join.me', () => ({ ...me('active'), settings: undefined }));
  cloud.on('wallet.summary', () => ({ pending: 0, available: 5000, withdrawing: 0, withdrawn: 0, debt: 0 }));
  cloud.on('wallet.withdrawals', () => ({ items: [], next: null }));
  cloud.on('wallet.withdraw', () => ({
    withdrawal: { _id: 'w1', userId: 's', amount: 2000, fee: 0, status: 'requested' },
  }));
  const page = mount(built, 'pages/distributor/withdraw/index');
  page.instance.onLoad();
  await waitFor(() => expect(textOf(page.querySelector('#rule'))).toContain('以商家设置为准'));
  page.instance.onAmount({ detail: { value: '20' } });
  expect(textOf(page.querySelector('#quote'))).toBe('手续费以商家设置为准');
  await page.instance.onSubmit();
  expect(wxr.modals[0]!.content).toBe('提现 ¥20.00，手续费以商家设置为准');
});
