/** @jest-environment jsdom */
// The shopper's and distributor's pages on the real functions in the local cloud: every answer comes from a
// function, every story is built through the functions. Each page in its main states (empty, with data,
// error), and what its buttons do. Only device APIs are stubbed (address picker, canvas, album).
import http from 'node:http';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  ADDRESS,
  ADMIN,
  advanceClock,
  buyAndPay,
  DAY_MS,
  eventually,
  makeDistributor,
  openShop,
  phoneClock,
  realShop,
  receive,
} from './support/real-shop';
import { privacyWx } from './support/privacy';
import { mount, SimComponent, textOf, waitFor } from './support/simulate';
import { stubWx, WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let seq = 0;
/** A fresh user per use, so tests sharing the one cloud never see each other's orders or teams. */
const uid = (name: string) => `${name}-${(seq += 1)}`;

let tea: string;
let wine: string;
let soldOut: string;

beforeAll(async () => {
  [tea, wine, soldOut] = (await openShop(
    shop,
    [
      { name: '明前龙井', price: 12800, category: '茶' },
      { name: '绍兴黄酒', price: 6600, category: '酒' },
      { name: '限量白茶', price: 9900, category: '茶', stock: 0 },
    ],
    { withdrawal: { minAmount: 1000, feeBp: 100 } },
  )) as [string, string, string];
});

beforeEach(() => {
  wxr = shop.freshWx();
});

const tap = (page: { querySelector: SimComponent['querySelector'] }, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.dispatchEvent('tap');
};

describe('shop home', () => {
  test('lists what is on sale with prices, filters by category and keyword', async () => {
    shop.as(uid('browser'));
    const page = mount(shop.built, 'pages/shop/home/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('明前龙井'));
    expect(textOf(page)).toContain('¥128.00');
    expect(textOf(page)).toContain('¥66.00');
    expect(textOf(page)).toContain('已售罄');
    await waitFor(() => expect(page.data.categories).toEqual(['全部', '茶', '酒']));
    page.instance.onCategory({ detail: { value: '酒' } });
    await waitFor(() => expect(textOf(page)).not.toContain('明前龙井'));
    expect(textOf(page)).toContain('绍兴黄酒');
    page.instance.onCategory({ detail: { value: '全部' } });
    page.instance.onSearch({ detail: { value: '龙井' } });
    await waitFor(() => expect(textOf(page)).not.toContain('绍兴黄酒'));
    expect(textOf(page)).toContain('明前龙井');
  });

  test('nothing found is an empty state, not a blank page', async () => {
    shop.as(uid('browser'));
    const page = mount(shop.built, 'pages/shop/home/index');
    page.instance.onSearch({ detail: { value: '不存在的商品' } });
    await waitFor(() => expect(textOf(page)).toContain('没有找到商品'));
  });

  test('without the cloud the error shows, and retry loads once the cloud answers', async () => {
    let bringBack = () => undefined as unknown;
    shop.as(uid('browser'), {
      offline: true,
      onClient: (client) => (bringBack = () => client.configure({ localUrl: shop.cloud.url })),
    });
    const page = mount(shop.built, 'pages/shop/home/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('连不上本地云'));
    expect(textOf(page)).not.toContain('明前龙井');
    bringBack();
    tap(page.querySelector('#state')!, '.state-view__retry');
    await waitFor(() => expect(textOf(page)).toContain('明前龙井'));
  });

  test('loads the next page at the bottom, then says there is no more', async () => {
    const many = await openShop(
      shop,
      Array.from({ length: 21 }, (_, i) => ({
        name: `花茶${String(i).padStart(2, '0')}`,
        price: 1000 + i,
        category: '花茶',
      })),
    );
    expect(many).toHaveLength(21);
    shop.as(uid('browser'));
    const page = mount(shop.built, 'pages/shop/home/index');
    page.instance.onCategory({ detail: { value: '花茶' } });
    await waitFor(() => expect(page.data.list.items).toHaveLength(20));
    expect(textOf(page)).toContain('上拉加载更多');
    page.instance.onReachBottom();
    await waitFor(() => expect(page.data.list.items).toHaveLength(21));
    expect(textOf(page)).toContain('没有更多了');
    expect(new Set(page.data.list.items.map((p: { _id: string }) => p._id)).size).toBe(21);
  });
});

describe('shop home: name and banners', () => {
  afterAll(() =>
    shop.api(ADMIN, 'admin', 'settings.update', { settings: { shopName: '分销小店', banners: [] } }),
  );

  test("the shop's name is the title and the merchant's banners open their product", async () => {
    await shop.api(ADMIN, 'admin', 'settings.update', {
      settings: {
        shopName: '好茶小铺',
        banners: [
          { image: 'https://cdn.example.com/b1.png', productId: tea },
          { image: 'https://cdn.example.com/b2.png' },
        ],
      },
    });
    const titles: string[] = [];
    stubWx({ setNavigationBarTitle: (o: { title: string }) => (titles.push(o.title), Promise.resolve()) });
    shop.as(uid('browser'));
    const page = mount(shop.built, 'pages/shop/home/index');
    page.instance.onLoad({});
    await waitFor(() => expect(titles).toEqual(['好茶小铺']));
    expect(page.data.banners).toEqual([
      { key: '0', image: 'https://cdn.example.com/b1.png', productId: tea },
      { key: '1', image: 'https://cdn.example.com/b2.png', productId: '' },
    ]);
    expect(page.querySelectorAll('.banners__dot')).toHaveLength(2);
    page.querySelectorAll('.banners__image')[0]!.dispatchEvent('tap');
    await waitFor(() => expect(wxr.navigations).toEqual([`/pages/shop/product/index?id=${tea}`]));
    // A banner without a product opens nothing.
    page.querySelectorAll('.banners__image')[1]!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(wxr.navigations).toHaveLength(1);
    expect(page.instance.onShareAppMessage().title).toBe('好茶小铺');
  });
});

describe('product', () => {
  test('a swiper of its pictures with a counter; a distributor makes a poster of it; the cart button counts', async () => {
    const { product } = await shop.api(ADMIN, 'admin', 'products.upsert', {
      product: {
        name: '三图茶',
        price: 5000,
        stock: 10,
        category: '茶',
        images: [
          'https://cdn.example.com/1.png',
          'https://cdn.example.com/2.png',
          'https://cdn.example.com/3.png',
        ],
        status: 'on',
      },
    });
    const seller = uid('seller');
    await makeDistributor(shop, seller, '小图');
    shop.as(seller);
    const page = mount(shop.built, 'pages/shop/product/index');
    page.instance.onLoad({ id: product._id });
    page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#gallery-count'))).toBe('1/3'));
    expect(page.querySelectorAll('.gallery__image')).toHaveLength(3);
    page.instance.onSwipe({ detail: { current: 2 } });
    expect(textOf(page.querySelector('#gallery-count'))).toBe('3/3');
    tap(page, '#poster');
    await waitFor(() =>
      expect(wxr.navigations).toEqual([`/pages/distributor/poster/index?productId=${product._id}`]),
    );
    expect(textOf(page.querySelector('#go-cart'))).toBe('购物车');
    page.instance.onAddToCart();
    page.instance.onAddToCart();
    expect(textOf(page.querySelector('#go-cart'))).toBe('2购物车');
  });

  test('an active distributor sees what they earn and shares with their invite code; buying opens checkout', async () => {
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小王');
    shop.as(seller);
    const page = mount(shop.built, 'pages/shop/product/index');
    page.instance.onLoad({ id: tea });
    // 10% of ¥128.00, computed by the server with the seller's rate.
    await waitFor(() => expect(textOf(page)).toContain('分享赚 ¥12.80'));
    expect(page.instance.onShareAppMessage().path).toBe(
      `/pages/shop/product/index?id=${tea}&inviteCode=${code}`,
    );
    page.instance.onBuyNow();
    expect(wxr.navigations).toEqual(['/pages/shop/cart/index']);
  });

  test('a shopper sees no hint; a sold-out product cannot be bought; an unknown one says so', async () => {
    shop.as(uid('shopper'));
    const page = mount(shop.built, 'pages/shop/product/index');
    page.instance.onLoad({ id: soldOut });
    await waitFor(() => expect(textOf(page)).toContain('已售罄'));
    expect(textOf(page)).not.toContain('分享赚');
    page.instance.onBuyNow();
    expect(wxr.navigations).toEqual([]);

    const missing = mount(shop.built, 'pages/shop/product/index');
    missing.instance.onLoad({ id: 'Pnothere' });
    await waitFor(() => expect(textOf(missing)).toContain('商品不存在或已下架'));
  });
});

describe('checkout', () => {
  test('choose an address, submit once even on a double tap, pay through the local cashier, open the order', async () => {
    const buyer = uid('buyer');
    shop.as(buyer);
    stubWx({
      chooseAddress: () =>
        Promise.resolve({ ...ADDRESS, nationalCode: '330106', errMsg: 'chooseAddress:ok' }),
    });
    const product = mount(shop.built, 'pages/shop/product/index');
    product.instance.onLoad({ id: wine });
    await waitFor(() => expect(product.data.status).toBe('ready'));
    product.instance.onAddToCart();
    product.instance.onAddToCart();

    const page = mount(shop.built, 'pages/shop/cart/index');
    page.instance.onLoad({});
    expect(textOf(page)).toContain('请选择收货地址');
    expect(textOf(page)).toContain('¥132.00');
    await page.instance.onChooseAddress();
    expect(textOf(page)).toContain('浙江省杭州市西湖区龙井村 1 号');
    await Promise.all([page.instance.onSubmit(), page.instance.onSubmit()]);

    const orders = await shop.api(buyer, 'order', 'list', {});
    expect(orders.items).toHaveLength(1);
    const [order] = orders.items;
    expect(order).toMatchObject({ status: 'paid', amount: 13200, items: [{ productId: wine, quantity: 2 }] });
    expect(wxr.toasts).toContain('支付成功');
    expect(wxr.navigations).toEqual([`/pages/order/detail/index?id=${order!._id}`]);
    expect(textOf(mount(shop.built, 'pages/shop/cart/index'))).not.toContain('绍兴黄酒');
  });
});

describe('checkout against the shop as it is now', () => {
  test('a sold-out line and one short of stock are unticked with the reason; only what can be bought is ordered', async () => {
    const buyer = uid('buyer');
    shop.as(buyer);
    const { product: scarce } = await shop.api(ADMIN, 'admin', 'products.upsert', {
      product: { name: '限量红茶', price: 2000, stock: 3, category: '茶', images: [], status: 'on' },
    });
    const line = (productId: string, name: string, price: number, quantity: number) => ({
      productId,
      name,
      price,
      image: '',
      quantity,
      // What the phone remembered when the line was added: plenty.
      stock: 99,
      checked: true,
    });
    const page = mount(shop.built, 'pages/shop/cart/index');
    page.instance.setData({});
    const client = shop.built.require<{ setStorage(k: string, v: unknown): void }>('services/client');
    void client;
    stubWx({});
    const storage = (globalThis as unknown as { wx: { setStorageSync(k: string, v: unknown): void } }).wx;
    storage.setStorageSync('cart:v1', [
      line(wine, '绍兴黄酒', 6600, 1),
      line(soldOut, '限量白茶', 9900, 1),
      line(scarce._id, '限量红茶', 2000, 5),
    ]);
    storage.setStorageSync('checkout:address', ADDRESS);
    page.instance.onLoad({});
    await page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector(`#problem-${soldOut}`))).toBe('已售罄'));
    expect(textOf(page.querySelector(`#problem-${scarce._id}`))).toBe('库存不足，仅剩 3 件');
    expect(page.querySelector(`#problem-${wine}`)).toBeUndefined();
    // The fee and the total are the server's: its quote of what can be bought.
    const quote = await shop.api(buyer, 'order', 'quote', { items: [{ productId: wine, quantity: 1 }] });
    await waitFor(() => expect(page.data.view.quoted).toBe(true));
    expect(textOf(page.querySelector('#shipping'))).toBe(
      `运费${quote.shipping ? `¥${(quote.shipping / 100).toFixed(2)}` : '免运费'}`,
    );
    expect(page.data.view).toMatchObject({
      count: 1,
      totalText: `¥${(quote.amount / 100).toFixed(2)}`,
      blocker: '',
    });
    // An unbuyable line cannot be ticked.
    page.instance.onToggle({ currentTarget: { dataset: { id: soldOut } } });
    expect(page.data.view.lines[1].checked).toBe(false);
    await page.instance.onSubmit();
    const [order] = (await shop.api(buyer, 'order', 'list', {})).items;
    expect(order!.items.map((item) => [item.productId, item.quantity])).toEqual([[wine, 1]]);
    // The lines that could not be bought stay in the cart.
    expect(page.data.view.lines.map((l: { productId: string }) => l.productId)).toEqual([
      soldOut,
      scarce._id,
    ]);
  });
});

describe('orders', () => {
  test('an empty list says so; orders show by status tab', async () => {
    const buyer = uid('buyer');
    shop.as(buyer);
    const empty = mount(shop.built, 'pages/order/list/index');
    empty.instance.onLoad({});
    empty.instance.onShow();
    await waitFor(() => expect(empty.data.list.status).toBe('empty'));
    expect(textOf(empty)).toContain('还没有订单，去挑几件好物吧');
    // The empty list leads back to the shop.
    tap(empty, '#go-shop');
    await waitFor(() => expect(wxr.navigations).toEqual(['/pages/shop/home/index']));

    const paid = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    const unpaid = await buyAndPay(shop, buyer, [{ productId: wine, quantity: 1 }], { pay: false });
    const page = mount(shop.built, 'pages/order/list/index');
    page.instance.onLoad({});
    page.instance.onShow();
    await waitFor(() => expect(page.data.list.items).toHaveLength(2));
    expect(textOf(page)).toContain('明前龙井 ×1');
    page.instance.onTab({ detail: { value: 'created' } });
    await waitFor(() => expect(page.data.list.items.map((o: { _id: string }) => o._id)).toEqual([unpaid]));
    expect(paid).not.toBe(unpaid);
  });

  test('the detail shows carrier and tracking number after the merchant ships; receipt is confirmed after asking', async () => {
    const buyer = uid('buyer');
    const orderId = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    await shop.api(ADMIN, 'admin', 'orders.ship', {
      orderId,
      expressCompany: 'SF',
      trackingNo: 'SF1234567890',
    });
    shop.as(buyer);
    const page = mount(shop.built, 'pages/order/detail/index');
    page.instance.onLoad({ id: orderId });
    await waitFor(() => expect(textOf(page.querySelector('#tracking'))).toBe('SF1234567890'));
    expect(textOf(page.querySelector('#carrier'))).toBe('顺丰速运');
    expect(textOf(page.querySelector('#status'))).toBe('待收货');
    expect(page.querySelector('#pay')).toBeUndefined();

    wxr.modalAnswer = false;
    await page.instance.onConfirm();
    expect((await shop.api(buyer, 'order', 'detail', { orderId })).order.status).toBe('shipped');
    wxr.modalAnswer = true;
    await page.instance.onConfirm();
    expect(textOf(page.querySelector('#status'))).toBe('已完成');
    expect(page.querySelector('#confirm')).toBeUndefined();
  });

  test('a refund needs a reason; the request shows on the order; a second one is refused with the reason why', async () => {
    const buyer = uid('buyer');
    const orderId = await buyAndPay(shop, buyer, [{ productId: wine, quantity: 1 }]);
    shop.as(buyer);
    const page = mount(shop.built, 'pages/order/detail/index');
    page.instance.onLoad({ id: orderId });
    await waitFor(() => expect(page.querySelector('#refund')).toBeDefined());
    page.instance.onRefundOpen();
    await page.instance.onRefundSubmit();
    expect(wxr.toasts).toContain('请填写退款原因');
    page.instance.onRefundReason({ detail: { value: '不想要了' } });
    await page.instance.onRefundSubmit();
    expect(wxr.toasts).toContain('已提交退款申请');
    await waitFor(() => expect(textOf(page)).toContain('退款 ¥66.00 · 等待商家处理'));
    expect(textOf(page.querySelector('#status'))).toBe('退款中');

    const refused = await shop
      .api(buyer, 'order', 'refund', { orderId, reason: '再来一次' })
      .catch((e: Error) => e);
    expect(String(refused)).toContain('已有退款申请在处理中');
  });

  test('each card offers its next step: 去支付 pays here, 申请退款 opens the form; the 我的 shortcuts pick the tab', async () => {
    const buyer = uid('buyer');
    const unpaid = await buyAndPay(shop, buyer, [{ productId: wine, quantity: 1 }], { pay: false });
    const paid = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    shop.as(buyer);
    const page = mount(shop.built, 'pages/order/list/index');
    page.instance.onLoad({});
    page.instance.onShow();
    await waitFor(() => expect(page.data.list.items).toHaveLength(2));
    const unpaidCard = textOf(page.querySelector(`#order-${unpaid}`));
    expect(unpaidCard).toMatch(/需付款\s*¥66\.00/);
    expect(unpaidCard).toMatch(/剩余 \d+ 分 \d\d 秒，超时订单将自动关闭/);
    expect(textOf(page.querySelector(`#next-${unpaid}`))).toBe('去支付');
    expect(textOf(page.querySelector(`#order-${paid}`))).toMatch(/实付\s*¥128\.00/);
    expect(textOf(page.querySelector(`#next-${paid}`))).toBe('申请退款');
    const { orderNo } = (await shop.api(buyer, 'order', 'detail', { orderId: paid })).order;
    expect(textOf(page.querySelector(`#order-${paid}`))).toContain(orderNo.replace(/(\d{4})(?=\d)/g, '$1 '));

    tap(page, `#next-${paid}`);
    await waitFor(() => expect(wxr.navigations).toEqual([`/pages/order/detail/index?id=${paid}&refund=1`]));
    await page.instance.onNext({ currentTarget: { dataset: { id: unpaid } } });
    expect((await shop.api(buyer, 'order', 'detail', { orderId: unpaid })).order.status).toBe('paid');
    await waitFor(() => expect(textOf(page.querySelector(`#next-${unpaid}`))).toBe('申请退款'));

    // 我的 → 待发货 leaves the tab in storage; the list opens on it.
    const me = mount(shop.built, 'pages/me/index/index');
    me.instance.onShow();
    await waitFor(() => expect(textOf(me.querySelector('#shortcut-paid'))).toBe('2待发货'));
    tap(me, '#shortcut-paid');
    await waitFor(() => expect(wxr.navigations.at(-1)).toBe('/pages/order/list/index'));
    const tabbed = mount(shop.built, 'pages/order/list/index');
    tabbed.instance.onLoad({});
    tabbed.instance.onShow();
    await waitFor(() => expect(tabbed.data.status).toBe('paid'));
    await waitFor(() => expect(tabbed.data.list.items).toHaveLength(2));
  });

  test('an unpaid order counts down and shows the remark; a completed one past its window offers no refund', async () => {
    const buyer = uid('buyer');
    await shop.api(buyer, 'join', 'enter', {});
    const { order: unpaid } = await shop.api(buyer, 'order', 'create', {
      items: [{ productId: wine, quantity: 1 }],
      address: ADDRESS,
      remark: '请周末送货',
    });
    shop.as(buyer);
    const page = mount(shop.built, 'pages/order/detail/index');
    page.instance.onLoad({ id: unpaid._id });
    await waitFor(() => expect(textOf(page.querySelector('#status-note'))).toMatch(/^剩余 \d+ 分 \d\d 秒/));
    expect(textOf(page.querySelector('#remark'))).toBe('请周末送货');
    expect(textOf(page.querySelector('#amount-label'))).toBe('需付款');
    page.instance.onUnload();

    const paid = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    const refundForm = mount(shop.built, 'pages/order/detail/index');
    refundForm.instance.onLoad({ id: paid, refund: '1' });
    await waitFor(() => expect(refundForm.querySelector('#refund-form')).toBeDefined());
    expect(refundForm.querySelector('#refund')).toBeUndefined();

    await shop.api(ADMIN, 'admin', 'orders.ship', {
      orderId: paid,
      expressCompany: 'SF',
      trackingNo: 'SF20000001',
    });
    const shipped = mount(shop.built, 'pages/order/detail/index');
    shipped.instance.onLoad({ id: paid });
    await waitFor(() => expect(shipped.querySelector('#confirm')).toBeDefined());
    await shipped.instance.onConfirm();
    await waitFor(() => expect(textOf(shipped.querySelector('#status'))).toBe('已完成'));
    expect(textOf(shipped.querySelector('#status-note'))).toMatch(/^交易完成，\d{4}-\d\d-\d\d 前可申请售后$/);
    expect(shipped.querySelector('#refund')).toBeDefined();

    await advanceClock(shop, 8 * DAY_MS);
    await phoneClock(shop);
    const late = mount(shop.built, 'pages/order/detail/index');
    late.instance.onLoad({ id: paid });
    await waitFor(() => expect(textOf(late.querySelector('#status-note'))).toBe('交易完成，售后期已过'));
    expect(late.querySelector('#refund')).toBeUndefined();
    // The server agrees: it refuses a refund now.
    const refused = await shop
      .api(buyer, 'order', 'refund', { orderId: paid, reason: '晚了' })
      .catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
  });

  test('someone else’s order is not found', async () => {
    const orderId = await buyAndPay(shop, uid('buyer'), [{ productId: wine, quantity: 1 }], { pay: false });
    shop.as(uid('stranger'));
    const page = mount(shop.built, 'pages/order/detail/index');
    page.instance.onLoad({ id: orderId });
    await waitFor(() => expect(textOf(page)).toContain('订单不存在'));
  });
});

describe('me and the distributor centre', () => {
  test('me names who invited me and my distributor state', async () => {
    const boss = uid('boss');
    const code = await makeDistributor(shop, boss, '老李');
    const me = uid('me');
    await shop.api(me, 'join', 'enter', { inviteCode: code, source: 'link' });
    await shop.api(me, 'join', 'apply', {});
    shop.as(me);
    const page = mount(shop.built, 'pages/me/index/index');
    page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#inviter'))).toBe('推荐人：老李'));
    expect(page.data.distributorText).toBe('审核中');
    expect(page.querySelector('#merchant')).toBeUndefined();
  });

  test('a shopper applies on the centre page; the pending state is explained', async () => {
    const applicant = uid('applicant');
    shop.as(applicant);
    const page = mount(shop.built, 'pages/distributor/center/index');
    page.instance.onShow();
    await waitFor(() => expect(page.querySelector('#apply')).toBeDefined());
    page.instance.onInput({ currentTarget: { dataset: { field: 'realName' } }, detail: { value: '王小明' } });
    await page.instance.onApply();
    expect(textOf(page.querySelector('#title'))).toBe('审核中');
    expect(textOf(page.querySelector('#explanation'))).toContain('审核通过后');
    expect(page.querySelector('#apply')).toBeUndefined();
    expect(wxr.toasts).toContain('申请已提交，等待审核');
    const [row] = (await shop.api(ADMIN, 'admin', 'distributors.list', { q: applicant })).items;
    expect(row!.distributor).toMatchObject({ status: 'pending', realName: '王小明' });
  });

  test('an active distributor sees the commission their shopper brought, and the freeze rule', async () => {
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小周');
    await buyAndPay(shop, uid('fan'), [{ productId: tea, quantity: 1 }], { inviteCode: code });
    shop.as(seller);
    const page = mount(shop.built, 'pages/distributor/center/index');
    page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#balance-pending'))).toContain('¥12.80'));
    expect(textOf(page.querySelector('#rule'))).toContain('确认收货 7 天后');
    expect(page.instance.onShareAppMessage().path).toBe(`/pages/shop/home/index?inviteCode=${code}`);
  });

  test('me: the default nickname is an initial, not text spilling out of the avatar; the address is kept for checkout', async () => {
    const me = uid('me');
    shop.as(me);
    stubWx({
      chooseAddress: () => Promise.resolve({ ...ADDRESS, errMsg: 'chooseAddress:ok' }),
    });
    const page = mount(shop.built, 'pages/me/index/index');
    page.instance.onShow();
    await waitFor(() => expect(page.data.nickname).toBe('微信用户'));
    expect(textOf(page.querySelector('#avatar'))).toBe('微');
    expect(textOf(page.querySelector('#address'))).toContain('未设置');
    await page.instance.onAddress();
    expect(textOf(page.querySelector('#address'))).toContain('张三 · 杭州市西湖区');
    // Checkout finds it.
    const cart = mount(shop.built, 'pages/shop/cart/index');
    cart.instance.onLoad({});
    expect(cart.data.address).toMatchObject({ userName: '张三', detailInfo: '龙井村 1 号' });
    expect(page.querySelector('#contact')).toBeDefined();
  });

  test('the centre: name, rates, what can be withdrawn, earnings in all and today, team, 推广订单', async () => {
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小周周');
    await shop.api(uid('member'), 'join', 'enter', { inviteCode: code, source: 'link' });
    await buyAndPay(shop, uid('fan'), [{ productId: tea, quantity: 1 }], {
      inviteCode: code,
      nickname: '王大锤',
    });
    shop.as(seller);
    const page = mount(shop.built, 'pages/distributor/center/index');
    page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#figure-total'))).toBe('¥12.80累计佣金'));
    expect(textOf(page.querySelector('#nickname'))).toBe('小周周');
    expect(textOf(page.querySelector('#rates'))).toBe('佣金比例 一级 10% · 二级 5%');
    expect(textOf(page.querySelector('#figure-today'))).toBe('¥12.80今日收益');
    expect(textOf(page.querySelector('#available'))).toBe('¥0.00');
    expect(textOf(page.querySelector('#team-level1'))).toBe('2一级成员');
    expect(textOf(page.querySelector('#team-orders'))).toBe('1推广订单');
    // Each promotion says which order, by its number in groups of four (utils/format.ts).
    expect(textOf(page.querySelector('.promo'))).toMatch(
      /^明前龙井 ×1订单号 \d{4} \d{4} \d{4} \d{4} \d\d王\*\* · \d\d-\d\d \d\d:\d\d\+¥12\.80待发货\s*· 待结算$/,
    );
    tap(page, '#withdraw');
    await waitFor(() => expect(wxr.navigations).toEqual(['/pages/distributor/withdraw/index']));
  });

  test('someone who is not a distributor reads the rates before applying, and no empty balance board', async () => {
    shop.as(uid('curious'));
    const page = mount(shop.built, 'pages/distributor/center/index');
    page.instance.onShow();
    await waitFor(() => expect(page.querySelector('#apply')).toBeDefined());
    expect(textOf(page.querySelector('#pitch'))).toContain('你可得商品金额的 10% 作为佣金');
    expect(textOf(page.querySelector('#pitch'))).toContain('你再得 5%');
    expect(page.querySelector('#available')).toBeUndefined();
    expect(page.querySelector('#balance-pending')).toBeUndefined();
  });

  test('the centre of someone who never entered is an error only when the cloud is away', async () => {
    shop.as(uid('nobody'), { offline: true });
    const page = mount(shop.built, 'pages/distributor/center/index');
    page.instance.onShow();
    await waitFor(() => expect(textOf(page)).toContain('连不上本地云'));
  });
});

describe('team, ledger and withdrawals', () => {
  test('the team shows each member’s joined date, orders and commission, at level 1 and level 2', async () => {
    const top = uid('top');
    const topCode = await makeDistributor(shop, top, '大王');
    const mid = uid('mid');
    const midCode = await makeDistributor(shop, mid, '二王', topCode);
    await buyAndPay(shop, uid('fan'), [{ productId: tea, quantity: 2 }], {
      inviteCode: midCode,
      nickname: '阿花',
    });

    shop.as(top);
    const page = mount(shop.built, 'pages/distributor/team/index');
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('二王'));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(textOf(page.querySelector('.member'))).toContain(`加入于`);
    expect(textOf(page)).toContain('0 单');
    expect(textOf(page)).toContain('分销员');
    page.instance.onTab({ detail: { value: 2 } });
    // Level 2: the fan bought two at ¥128.00; 5% of ¥256.00 came to the top distributor.
    await waitFor(() => expect(textOf(page)).toContain('阿花'));
    expect(textOf(page)).toContain('1 单 · 带来佣金 ¥12.80');
    expect(textOf(page)).not.toContain('二王');
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('an empty team says where to start', async () => {
    const lonely = uid('lonely');
    await makeDistributor(shop, lonely, '小孤');
    shop.as(lonely);
    const page = mount(shop.built, 'pages/distributor/team/index');
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('还没有邀请到好友，去分享海报吧'));
  });

  test('the ledger shows each entry’s date, masked buyer, order and when it settles', async () => {
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小吴');
    const fan = uid('fan');
    const orderId = await buyAndPay(shop, fan, [{ productId: tea, quantity: 1 }], {
      inviteCode: code,
      nickname: '张大福',
    });
    shop.as(seller);
    const before = mount(shop.built, 'pages/distributor/ledger/index');
    await before.instance.onLoad();
    await waitFor(() => expect(textOf(before)).toContain('直接推广（一级）：按商品金额 ¥128.00 的 10% 计算'));
    // Which order: what was bought and where it stands.
    expect(textOf(before)).toContain('明前龙井 ×1 · 待发货');
    expect(textOf(before)).toContain('张**');
    expect(textOf(before)).toContain('待买家确认收货，之后 7 天售后期结束即结算');

    await shop.api(ADMIN, 'admin', 'orders.ship', {
      orderId,
      expressCompany: 'ZTO',
      trackingNo: 'ZT12345678',
    });
    await receive(shop, fan, orderId);
    const { items } = await shop.api(seller, 'wallet', 'ledger', {});
    const settles = new Date(Date.parse(items[0]!.maturesAt!) + 8 * 3_600_000).toISOString().slice(0, 10);
    const after = mount(shop.built, 'pages/distributor/ledger/index');
    await after.instance.onLoad();
    await waitFor(() => expect(textOf(after)).toContain(`售后期内，预计 ${settles} 结算`));
  });

  test('a fixed-amount product says so per unit, not a percent; an entry held by a refund says why it waits', async () => {
    const { product: fixed } = await shop.api(ADMIN, 'admin', 'products.upsert', {
      product: {
        name: '固定佣金茶',
        price: 10000,
        stock: 50,
        category: '茶',
        images: [],
        status: 'on',
        commission: { mode: 'fixed', level1Fen: 300, level2Fen: 100 },
      },
    });
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小定');
    const fan = uid('fan');
    const orderId = await buyAndPay(shop, fan, [{ productId: fixed._id, quantity: 2 }], { inviteCode: code });
    shop.as(seller);
    const page = mount(shop.built, 'pages/distributor/ledger/index');
    await page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('直接推广（一级）：每件固定 ¥3.00，共 2 件'));
    expect(textOf(page)).not.toContain('的 10% 计算');
    await shop.api(fan, 'order', 'refund', { orderId, reason: '不要了' });
    const held = mount(shop.built, 'pages/distributor/ledger/index');
    await held.instance.onLoad();
    await waitFor(() => expect(textOf(held)).toContain('暂缓结算买家申请了退款，退款处理完之前暂不结算'));
    expect(textOf(held)).toContain('固定佣金茶 ×2 · 退款中');
  });

  test('withdraw shows the minimum and the fee before confirming, and the request appears in the history', async () => {
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小郑');
    const fan = uid('fan');
    const orderId = await buyAndPay(shop, fan, [{ productId: tea, quantity: 2 }], { inviteCode: code });
    await shop.api(ADMIN, 'admin', 'orders.ship', {
      orderId,
      expressCompany: 'ZTO',
      trackingNo: 'ZT87654321',
    });
    await receive(shop, fan, orderId);
    await advanceClock(shop, 8 * DAY_MS);
    await shop.api(ADMIN, 'admin', 'settle');
    await eventually(async () => expect((await shop.api(seller, 'wallet', 'summary')).available).toBe(2560));

    shop.as(seller);
    const page = mount(shop.built, 'pages/distributor/withdraw/index');
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page.querySelector('#rule'))).toContain('最低提现 ¥10.00，手续费 1%'));
    expect(textOf(page.querySelector('#available'))).toContain('¥25.60');
    page.instance.onAmount({ detail: { value: '5' } });
    expect(textOf(page.querySelector('#quote'))).toBe('最低提现 ¥10.00');
    page.instance.onAmount({ detail: { value: '30' } });
    expect(textOf(page.querySelector('#quote'))).toBe('最多可提现 ¥25.60');
    page.instance.onAmount({ detail: { value: '20' } });
    expect(textOf(page.querySelector('#quote'))).toBe('手续费 ¥0.20，实际到账 ¥19.80');
    await page.instance.onSubmit();
    expect(wxr.modals[0]!.content).toBe('提现 ¥20.00，手续费 ¥0.20，实际到账 ¥19.80');
    expect(wxr.toasts).toContain('提现申请已提交');
    await waitFor(() => expect(textOf(page)).toContain('审核中'));
    expect(textOf(page.querySelector('#available'))).toContain('¥5.60');
    // Each record says when it was asked for.
    const [asked] = (await shop.api(seller, 'wallet', 'withdrawals', {})).items;
    const when = new Date(Date.parse(asked!.createdAt) + 8 * 3_600_000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    expect(textOf(page.querySelector(`#withdrawal-${asked!._id}`))).toContain(`手续费 ¥0.20 · ${when}`);
    expect((await shop.api(seller, 'wallet', 'withdrawals', {})).items).toMatchObject([
      { amount: 2000, fee: 20, payout: 1980, status: 'requested' },
    ]);
  });
});

// ---- the poster: drawn on a recording canvas whose images really load from the local cloud

function download(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

interface Recorded {
  texts: string[];
  images: { src: string; png: Buffer }[];
}

/** A canvas node as `type="2d"` gives one: draw calls recorded, images fetched for real. */
function recordingCanvas(recorded: Recorded) {
  const ctx = {
    fillStyle: '',
    font: '',
    textAlign: '',
    scale: () => undefined,
    fillRect: () => undefined,
    fillText: (text: string) => void recorded.texts.push(text),
    drawImage: (image: { src: string; png: Buffer }) => void recorded.images.push(image),
    save: () => undefined,
    restore: () => undefined,
    beginPath: () => undefined,
    arc: () => undefined,
    clip: () => undefined,
  };
  return {
    width: 0,
    height: 0,
    getContext: () => ctx,
    createImage() {
      const image = { src: '', png: Buffer.alloc(0), onload: () => undefined, onerror: () => undefined } as {
        src: string;
        png: Buffer;
        onload: () => void;
        onerror: () => void;
      };
      return new Proxy(image, {
        set(target, key, value) {
          (target as unknown as Record<string | symbol, unknown>)[key] = value;
          if (key === 'src')
            download(String(value)).then(
              ({ status, body }) => {
                target.png = body;
                if (status === 200) target.onload();
                else target.onerror();
              },
              () => target.onerror(),
            );
          return true;
        },
      });
    },
  };
}

function mountPoster(query: Record<string, string>, recorded: Recorded) {
  stubWx({
    getWindowInfo: () => ({ pixelRatio: 2 }),
    canvasToTempFilePath: () => Promise.resolve({ tempFilePath: 'wxfile://poster.png' }),
  });
  const page = mount(shop.built, 'pages/distributor/poster/index');
  const canvas = recordingCanvas(recorded);
  page.instance.createSelectorQuery = () => ({
    select: () => ({ fields: () => ({ exec: (cb: (res: unknown[]) => void) => cb([{ node: canvas }]) }) }),
  });
  page.instance.onLoad(query);
  return page;
}

const scan = (png: Buffer) => {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
};

describe('poster', () => {
  test('draws the shop, the inviter, the invite code and the scannable code that binds to them', async () => {
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小海');
    shop.as(seller);
    const recorded: Recorded = { texts: [], images: [] };
    const page = mountPoster({}, recorded);
    await waitFor(() => expect(page.data.status).toBe('ready'), 10_000);
    expect(page.data.imagePath).toBe('wxfile://poster.png');
    expect(recorded.texts).toEqual(
      expect.arrayContaining(['分销小店', '小海 邀请你逛 分销小店', `邀请码 ${code}`]),
    );
    expect(recorded.images).toHaveLength(1);
    expect(scan(recorded.images[0]!.png)).toBe(
      `pages/shop/home/index?scene=${encodeURIComponent(`i=${code}`)}`,
    );
    expect(page.instance.onShareAppMessage().path).toBe(`/pages/shop/home/index?inviteCode=${code}`);
  });

  test('a product poster carries its name and price', async () => {
    const seller = uid('seller');
    await makeDistributor(shop, seller, '小河');
    shop.as(seller);
    const recorded: Recorded = { texts: [], images: [] };
    const page = mountPoster({ productId: tea }, recorded);
    await waitFor(() => expect(page.data.status).toBe('ready'), 10_000);
    expect(recorded.texts).toEqual(expect.arrayContaining(['明前龙井', '¥128.00', '明前龙井 仅需 ¥128.00']));
  });

  test('saving asks for the privacy guide first; refused, nothing is saved and the page says why', async () => {
    const seller = uid('seller');
    await makeDistributor(shop, seller, '小隐');
    shop.as(seller);
    const saved: string[] = [];
    const privacy = privacyWx({
      saveImageToPhotosAlbum: (o: { filePath: string }) => (saved.push(o.filePath), { errMsg: 'ok' }),
    });
    stubWx({
      ...privacy.apis,
      getSetting: () => Promise.resolve({ authSetting: { 'scope.writePhotosAlbum': true } }),
    });
    const recorded: Recorded = { texts: [], images: [] };
    const page = mountPoster({}, recorded);
    await waitFor(() => expect(page.data.status).toBe('ready'), 10_000);
    const popup = page.querySelector('#privacy')!;

    const refusing = page.instance.onSave();
    await waitFor(() => expect(popup.querySelector('#privacy-agree')).toBeDefined());
    expect(privacy.asked).toEqual(['requirePrivacyAuthorize']);
    popup.querySelector('#privacy-disagree')!.dispatchEvent('tap');
    await refusing;
    expect(saved).toEqual([]);
    expect(wxr.toasts).toContain('未同意隐私保护指引，暂时无法保存海报，可长按图片保存');
    expect(page.data.saving).toBe(false);

    const saving = page.instance.onSave();
    await waitFor(() => expect(popup.querySelector('#privacy-agree')).toBeDefined());
    privacy.tapAgree(popup);
    await saving;
    expect(saved).toEqual(['wxfile://poster.png']);
    expect(wxr.toasts).toContain('已保存到相册');
  });

  test('a shopper who is not a distributor is told how to become one', async () => {
    shop.as(uid('shopper'));
    const recorded: Recorded = { texts: [], images: [] };
    const page = mountPoster({}, recorded);
    await waitFor(() => expect(page.data.status).toBe('error'));
    expect(textOf(page)).toContain('成为分销员后才能使用');
    expect(recorded.texts).toEqual([]);
  });
});
