/** @jest-environment jsdom */
// The catalogue and promotions, the shopper's side, on the real functions in the local cloud: the SKU picker
// (values that lead to no SKU in stock are off), the limited-time price with its list price and countdown, the
// product's coupons, checkout priced by order.quote (the best coupon, another, or none) and ordered with the
// coupon the quote used, the order's lines and coupon afterwards, and the coupon pages.
import { ADDRESS, ADMIN, advanceClock, DAY_MS, openShop, phoneClock, realShop } from './support/real-shop';
import { mount, SimNode, textOf, waitFor } from './support/simulate';
import { WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let seq = 0;
const uid = (name: string) => `${name}-${(seq += 1)}`;

let honey: string;
let puer: string;
/** Coupon ids by name. */
const coupons: Record<string, string> = {};

const PUER_SKUS = [
  {
    skuId: 'y19-357',
    specs: ['2019', '357g'],
    price: 16800,
    stock: 5,
    image: 'https://cdn.example.com/19-357.png',
  },
  { skuId: 'y19-200', specs: ['2019', '200g'], price: 9800, stock: 0 },
  { skuId: 'y21-357', specs: ['2021', '357g'], price: 12800, stock: 10 },
  { skuId: 'y21-200', specs: ['2021', '200g'], price: 6800, stock: 3 },
];

beforeAll(async () => {
  [honey] = (await openShop(shop, [{ name: '百花蜂蜜', price: 6800, category: '食品' }])) as [string];
  const now = await phoneClock(shop);
  const { product } = await shop.api(ADMIN, 'admin', 'products.upsert', {
    product: {
      name: '云南普洱茶饼',
      price: 6800,
      stock: 18,
      category: '茶',
      images: ['https://cdn.example.com/puer.png'],
      video: 'https://cdn.example.com/puer.mp4',
      status: 'on',
      specs: [
        { name: '年份', values: ['2019', '2021'] },
        { name: '规格', values: ['357g', '200g'] },
      ],
      skus: PUER_SKUS,
      limited: {
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 20 * DAY_MS + 3_600_000).toISOString(),
        prices: { 'y21-357': 9900 },
      },
    },
  });
  puer = product._id;
  const made = [
    {
      name: '满100减20',
      rule: { kind: 'amount' as const, thresholdFen: 10000, offFen: 2000 },
      scope: { kind: 'all' as const },
      validity: { kind: 'days' as const, days: 30 },
      totalLimit: 0,
      perUserLimit: 3,
    },
    {
      name: '普洱专享9折',
      rule: { kind: 'percent' as const, thresholdFen: 0, percentOffBp: 1000, capFen: 3000 },
      scope: { kind: 'products' as const, productIds: [puer] },
      validity: { kind: 'days' as const, days: 30 },
      totalLimit: 100,
      perUserLimit: 1,
    },
    {
      name: '一天券',
      rule: { kind: 'amount' as const, thresholdFen: 0, offFen: 500 },
      scope: { kind: 'categories' as const, categories: ['食品'] },
      validity: { kind: 'days' as const, days: 1 },
      totalLimit: 0,
      perUserLimit: 1,
    },
  ];
  for (const coupon of made) {
    const { coupon: saved } = await shop.api(ADMIN, 'admin', 'coupons.upsert', { coupon });
    coupons[coupon.name] = saved._id;
  }
});

beforeEach(() => {
  wxr = shop.freshWx();
});

const tap = (page: { querySelector(selector: string): SimNode | undefined }, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.dispatchEvent('tap');
};

/** The chips of the picker as 'value:state' per dimension: on, off (no SKU in stock), or plain. */
function chips(page: { data: Record<string, any> }): string[][] {
  return page.data.sku.rows.map((row: { chips: { value: string; selected: boolean; disabled: boolean }[] }) =>
    row.chips.map((chip) => `${chip.value}${chip.selected ? ':on' : chip.disabled ? ':off' : ''}`),
  );
}

describe('the product page', () => {
  test('the SKU picker: values that lead to no SKU in stock are off; the chosen SKU’s price, stock and picture', async () => {
    shop.as(uid('shopper'));
    const page = mount(shop.built, 'pages/shop/product/index');
    page.instance.onLoad({ id: puer });
    page.instance.onShow();
    await waitFor(() => expect(page.data.status).toBe('ready'));
    // The shelf price: the lowest of the SKUs now, 「起」 as they differ (in the band of the limited-time offer).
    expect(textOf(page.querySelector('#limited'))).toMatch(/^限时特惠¥68\.00 起距结束/);
    expect(textOf(page.querySelector('#specs'))).toContain('请选择 年份、规格');
    // Buying needs a SKU: the picker opens instead.
    tap(page, '#add');
    await waitFor(() => expect(page.querySelector('#picker')).toBeDefined());
    expect(page.data.pickerAction).toBe('cart');
    expect(chips(page)).toEqual([
      ['2019', '2021'],
      ['357g', '200g'],
    ]);
    page.instance.onPickerCart();
    expect(wxr.toasts).toContain('请选择 年份、规格');

    tap(page, '#chip-0-0'); // 2019
    await waitFor(() => expect(chips(page)[0]).toEqual(['2019:on', '2021']));
    // 2019 in 200g is sold out: off.
    expect(chips(page)[1]).toEqual(['357g', '200g:off']);
    tap(page, '#chip-1-1'); // the sold-out one does nothing
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chips(page)[1]).toEqual(['357g', '200g:off']);
    tap(page, '#chip-1-0');
    await waitFor(() => expect(textOf(page.querySelector('#picker-chosen'))).toBe('已选：2019 / 357g'));
    expect(textOf(page.querySelector('#picker-price'))).toBe('¥168.00');
    expect(textOf(page.querySelector('#picker-stock'))).toBe('库存 5 件');
    expect(page.data.sku.image).toBe('https://cdn.example.com/19-357.png');
    expect(textOf(page.querySelector('#specs'))).toContain('已选：2019 / 357g');

    page.instance.onQuantity({ detail: { value: 2 } });
    page.instance.onPickerCart();
    expect(wxr.toasts).toContain('已加入购物车');
    expect(page.querySelector('#picker')).toBeUndefined();
    const cart = (globalThis as unknown as { wx: { getStorageSync(k: string): unknown } }).wx.getStorageSync(
      'cart:v1',
    );
    expect(cart).toEqual([
      expect.objectContaining({
        productId: puer,
        skuId: 'y19-357',
        specText: '2019 / 357g',
        price: 16800,
        quantity: 2,
        stock: 5,
        image: 'https://cdn.example.com/19-357.png',
      }),
    ]);
  });

  test('a limited-time price: the list price struck through beside it, and the time left', async () => {
    shop.as(uid('shopper'));
    const page = mount(shop.built, 'pages/shop/product/index');
    page.instance.onLoad({ id: puer });
    await waitFor(() => expect(page.querySelector('#limited')).toBeDefined());
    expect(textOf(page.querySelector('#countdown'))).toMatch(/^20 天 \d\d:\d\d:\d\d$/);
    page.instance.onUnload();
    page.instance.onChip({ currentTarget: { dataset: { dim: 0, value: '2021' } } });
    page.instance.onChip({ currentTarget: { dataset: { dim: 1, value: '357g' } } });
    // The SKU on offer sells at its limited price; the price it cut is beside it.
    expect(textOf(page.querySelector('#limited'))).toMatch(/^限时特惠¥99\.00¥128\.00距结束/);
    page.instance.onChip({ currentTarget: { dataset: { dim: 1, value: '200g' } } });
    expect(textOf(page.querySelector('#limited'))).toMatch(/^限时特惠¥68\.00距结束/);
  });

  test('its video comes first in the gallery, as a cover to tap', async () => {
    shop.as(uid('shopper'));
    const page = mount(shop.built, 'pages/shop/product/index');
    page.instance.onLoad({ id: puer });
    await waitFor(() => expect(page.data.slides).toHaveLength(2));
    expect(page.data.slides[0]).toMatchObject({ kind: 'video', src: 'https://cdn.example.com/puer.mp4' });
    expect(textOf(page.querySelector('#gallery-count'))).toBe('1/2');
    expect(page.querySelector('#video')).toBeUndefined();
    tap(page, '#video-cover');
    await waitFor(() => expect(page.querySelector('#video')).toBeDefined());
  });

  test('its coupons: claimed with 领取, then held; a coupon with a per-shopper limit cannot be claimed twice', async () => {
    const shopper = uid('shopper');
    shop.as(shopper);
    const page = mount(shop.built, 'pages/shop/product/index');
    page.instance.onLoad({ id: puer });
    await waitFor(() => expect(page.querySelector('#coupons')).toBeDefined());
    // The honey's category coupon does not apply to the tea.
    expect(page.data.coupons.map((c: { name: string }) => c.name).sort()).toEqual([
      '普洱专享9折',
      '满100减20',
    ]);
    expect(textOf(page.querySelector('#coupons'))).toContain('领券');
    page.instance.onCoupons();
    await waitFor(() => expect(page.querySelector('#coupon-sheet')).toBeDefined());
    const index = page.data.coupons.findIndex((c: { name: string }) => c.name === '普洱专享9折');
    expect(textOf(page.querySelector(`#coupon-${index}`))).toContain('9折');
    expect(textOf(page.querySelector(`#coupon-${index}`))).toContain('剩 100 张');
    await page.instance.onClaim({ currentTarget: { dataset: { id: coupons['普洱专享9折'] } } });
    expect(wxr.toasts).toContain('领取成功');
    const held = page.data.coupons[index];
    expect(held).toMatchObject({ canClaim: false, actionText: '已领取', countText: '已领 1 张 · 剩 99 张' });
    // The server agrees: a second claim is refused.
    const { items } = await shop.api(shopper, 'order', 'coupons.mine', { state: 'usable' });
    expect(items.map((c) => c.name)).toEqual(['普洱专享9折']);
  });
});

describe('checkout priced by the server', () => {
  test('the best coupon applies; another or none can be chosen; the order is made with the coupon shown', async () => {
    const buyer = uid('buyer');
    await shop.api(buyer, 'order', 'coupons.claim', { couponId: coupons['满100减20']! });
    await shop.api(buyer, 'order', 'coupons.claim', { couponId: coupons['普洱专享9折']! });
    shop.as(buyer);
    const product = mount(shop.built, 'pages/shop/product/index');
    product.instance.onLoad({ id: puer });
    await waitFor(() => expect(product.data.status).toBe('ready'));
    product.instance.onChip({ currentTarget: { dataset: { dim: 0, value: '2021' } } });
    product.instance.onChip({ currentTarget: { dataset: { dim: 1, value: '357g' } } });
    product.instance.onQuantity({ detail: { value: 2 } });
    product.instance.onPickerBuy();
    expect(wxr.navigations).toEqual(['/pages/shop/cart/index']);

    const storage = (globalThis as unknown as { wx: { setStorageSync(k: string, v: unknown): void } }).wx;
    storage.setStorageSync('checkout:address', ADDRESS);
    const page = mount(shop.built, 'pages/shop/cart/index');
    page.instance.onLoad({});
    await page.instance.onShow();
    const items = [{ productId: puer, skuId: 'y21-357', quantity: 2 }];
    const best = await shop.api(buyer, 'order', 'quote', { items });
    await waitFor(() => expect(page.data.view.quoted).toBe(true));
    // The line at the server's price (the limited one), the price it cut, what was paid after the coupon.
    const line = textOf(page.querySelector(`#line-${puer}__y21-357`));
    expect(line).toContain('2021 / 357g');
    expect(line).toContain('¥99.00¥128.00');
    expect(best.coupon?.name).toBe('满100减20');
    expect(line).toContain(`券后 ¥${(best.lines[0]!.paid / 100).toFixed(2)}`);
    expect(textOf(page.querySelector('#goods'))).toBe('¥198.00');
    expect(textOf(page.querySelector('#coupon'))).toBe('优惠券满100减20 -¥20.00');
    expect(textOf(page.querySelector('#total'))).toBe(`¥${(best.amount / 100).toFixed(2)}`);

    // The chooser: each coupon with what it takes off, then none.
    page.instance.onCouponOpen();
    await waitFor(() => expect(page.querySelector('#coupon-sheet')).toBeDefined());
    expect(
      page.data.couponOptions.map((o: { name: string; effect: string }) => `${o.name} ${o.effect}`),
    ).toEqual(['满100减20 -¥20.00', '普洱专享9折 -¥19.80', '不使用优惠券 ']);
    const none = page.data.couponOptions.length - 1;
    tap(page, `#coupon-option-${none}`);
    await waitFor(() => expect(textOf(page.querySelector('#coupon'))).toBe('优惠券不使用优惠券'));
    const plain = await shop.api(buyer, 'order', 'quote', { items, couponId: null });
    expect(textOf(page.querySelector('#total'))).toBe(`¥${(plain.amount / 100).toFixed(2)}`);
    page.instance.onCouponOpen();
    await page.instance.onCouponPick({ currentTarget: { dataset: { id: page.data.couponOptions[1].id } } });
    expect(textOf(page.querySelector('#coupon'))).toBe('优惠券普洱专享9折 -¥19.80');

    await page.instance.onSubmit();
    const [order] = (await shop.api(buyer, 'order', 'list', {})).items;
    expect(order).toMatchObject({
      status: 'paid',
      coupon: { name: '普洱专享9折', discount: 1980 },
      items: [{ productId: puer, skuId: 'y21-357', specText: '2021 / 357g', price: 9900, listPrice: 12800 }],
    });
    expect(wxr.navigations.at(-1)).toBe(`/pages/order/detail/index?id=${order!._id}`);

    // The order afterwards: the line's SKU and list price, the coupon, goods before and after it.
    const detail = mount(shop.built, 'pages/order/detail/index');
    detail.instance.onLoad({ id: order!._id });
    await waitFor(() => expect(detail.data.status).toBe('ready'));
    expect(textOf(detail)).toContain('2021 / 357g');
    expect(textOf(detail)).toContain('¥99.00¥128.00');
    expect(textOf(detail.querySelector('#goods'))).toBe('¥198.00');
    expect(textOf(detail.querySelector('#coupon'))).toBe('优惠券（普洱专享9折）-¥19.80');
    expect(textOf(detail.querySelector('#paid-goods'))).toBe('券后商品金额¥178.20');
    const list = mount(shop.built, 'pages/order/list/index');
    list.instance.onLoad({});
    list.instance.onShow();
    await waitFor(() => expect(list.data.list.items).toHaveLength(1));
    expect(textOf(list.querySelector(`#order-${order!._id}`))).toContain('2021 / 357g¥99.00¥128.00');

    // The coupon now shows as used on 我的优惠券.
    const mine = mount(shop.built, 'pages/coupon/mine/index');
    mine.instance.onLoad({ state: 'used' });
    await mine.instance.onShow();
    expect(textOf(mine)).toContain('普洱专享9折');
    expect(textOf(mine)).toContain('已使用');
  });

  test('a chosen coupon that no longer fits falls back to the best, saying why', async () => {
    const buyer = uid('buyer');
    await shop.api(buyer, 'order', 'coupons.claim', { couponId: coupons['满100减20']! });
    shop.as(buyer);
    const storage = (globalThis as unknown as { wx: { setStorageSync(k: string, v: unknown): void } }).wx;
    storage.setStorageSync('cart:v1', [
      { productId: honey, name: '百花蜂蜜', price: 6800, image: '', quantity: 2, stock: 50, checked: true },
    ]);
    const page = mount(shop.built, 'pages/shop/cart/index');
    page.instance.onLoad({});
    await page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#coupon'))).toBe('优惠券满100减20 -¥20.00'));
    await page.instance.onCouponPick({ currentTarget: { dataset: { id: page.data.couponOptions[0].id } } });
    // One jar is ¥68.00: under the threshold, the server refuses the coupon; the page says so and goes on.
    await page.instance.onQuantity({ currentTarget: { dataset: { id: honey } }, detail: { value: 1 } });
    await waitFor(() => expect(textOf(page.querySelector('#coupon'))).toBe('优惠券暂无可用优惠券'));
    expect(wxr.toasts.some((t) => t.startsWith('优惠券不可用'))).toBe(true);
    expect(textOf(page.querySelector('#total'))).toBe('¥68.00');
  });
});

describe('the coupon pages', () => {
  test('领券中心 lists what can be claimed, with what is held and left; 我的优惠券 by state', async () => {
    const shopper = uid('shopper');
    shop.as(shopper);
    const centre = mount(shop.built, 'pages/coupon/center/index');
    await centre.instance.onShow();
    expect(centre.data.coupons.map((c: { name: string }) => c.name).sort()).toEqual([
      '一天券',
      '普洱专享9折',
      '满100减20',
    ]);
    const index = centre.data.coupons.findIndex((c: { name: string }) => c.name === '一天券');
    expect(textOf(centre.querySelector(`#coupon-${index}`))).toContain('¥5');
    expect(textOf(centre.querySelector(`#coupon-${index}`))).toContain('无门槛');
    expect(textOf(centre.querySelector(`#coupon-${index}`))).toContain('限食品可用');
    expect(textOf(centre.querySelector(`#coupon-${index}`))).toContain('领取后 1 天内有效');
    await centre.instance.onClaim({ currentTarget: { dataset: { id: coupons['一天券'] } } });
    expect(wxr.toasts).toContain('领取成功');
    expect(textOf(centre.querySelector(`#coupon-${index}`))).toContain('已领取');
    tap(centre, '#mine');
    await waitFor(() => expect(wxr.navigations).toEqual(['/pages/coupon/mine/index']));

    const mine = mount(shop.built, 'pages/coupon/mine/index');
    mine.instance.onLoad({});
    await mine.instance.onShow();
    expect(textOf(mine.querySelector('#coupon-0'))).toContain('一天券');
    expect(textOf(mine.querySelector('#coupon-0'))).toContain('去使用');
    await mine.instance.onTab({ detail: { value: 'expired' } });
    expect(textOf(mine)).toContain('这里还没有优惠券');

    // A day and more later the one-day coupon has expired.
    await advanceClock(shop, 2 * DAY_MS);
    await phoneClock(shop);
    await mine.instance.onTab({ detail: { value: 'expired' } });
    expect(textOf(mine.querySelector('#coupon-0'))).toContain('一天券');
    expect(textOf(mine.querySelector('#coupon-0'))).toContain('已过期');
    expect(textOf(mine.querySelector('#coupon-0'))).not.toContain('去使用');
    await mine.instance.onTab({ detail: { value: 'usable' } });
    expect(textOf(mine)).toContain('还没有可用的优惠券');
    tap(mine, '#go-center');
    await waitFor(() => expect(wxr.navigations.at(-1)).toBe('/pages/coupon/center/index'));
  });

  test('home leads to the coupon centre, and its cards show the limited price with the price it cut', async () => {
    shop.as(uid('shopper'));
    const page = mount(shop.built, 'pages/shop/home/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#coupon-strip')).toBeDefined());
    expect(textOf(page.querySelector('#coupon-strip'))).toContain('3 张优惠券可领');
    await waitFor(() => expect(textOf(page)).toContain('云南普洱茶饼'));
    const card = page.data.list.items.find((p: { _id: string }) => p._id === puer);
    expect(card).toMatchObject({ priceText: '¥68.00 起', limited: true });
    tap(page, '#coupon-strip');
    await waitFor(() => expect(wxr.navigations).toEqual(['/pages/coupon/center/index']));
    // 我的 leads there too.
    const me = mount(shop.built, 'pages/me/index/index');
    await me.instance.onShow();
    me.instance.onCouponCenter();
    me.instance.onMyCoupons();
    expect(wxr.navigations.slice(-2)).toEqual(['/pages/coupon/center/index', '/pages/coupon/mine/index']);
  });
});
