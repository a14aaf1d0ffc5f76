/** @jest-environment jsdom */
// The merchant's coupon list and editor under miniprogram-simulate on the real functions in the local cloud:
// a coupon made on the page is what coupons.upsert stores and what the coupon centre offers; the server's
// refusals of contradictions are shown in its words; 停用 stops the centre offering it; and once a shopper
// has used one, the list counts it, the order's card shows what it took off and the dashboard and analytics
// add it up.
import type { AdminCoupon } from '../../miniprogram/services/admin';
import {
  ADMIN,
  beijingDay,
  buyAndPay,
  openShop,
  PageNetwork,
  phoneClock,
  realShop,
  refusalOf,
  toBeijingNoon,
  watchNetwork,
} from './support/real-shop';
import { mount, SimComponent, sleep, textOf, waitFor } from './support/simulate';
import { WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let net: PageNetwork;
let backs: number;
let tea: string;
let honey: string;

const LIST = 'pages/admin/coupons/index';
const EDIT = 'pages/admin/coupon-edit/index';
const EDITING_KEY = 'admin:editing-coupon';

beforeAll(async () => {
  await toBeijingNoon(shop);
  [tea, honey] = (await openShop(shop, [
    { name: '明前龙井', price: 12800, category: '茶叶' },
    { name: '百花蜂蜜', price: 6800, category: '蜂蜜' },
  ])) as [string, string];
});

beforeEach(async () => {
  backs = 0;
  wxr = shop.freshWx({ navigateBack: () => (backs++, Promise.resolve({ errMsg: 'navigateBack:ok' })) });
  net = watchNetwork();
  shop.as(ADMIN);
  await phoneClock(shop);
});

const tap = async (page: SimComponent, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`no ${selector} on the page`);
  node.dispatchEvent('tap');
  await sleep(0);
};
const type = (page: SimComponent, field: string, value: string) =>
  page.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
const storage = () => (globalThis as unknown as { wx: { getStorageSync(key: string): unknown } }).wx;

/** Every coupon as coupons.list answers it. */
async function coupons(): Promise<AdminCoupon[]> {
  return (await shop.api(ADMIN, 'admin', 'coupons.list', {})).items;
}
const byName = async (name: string) => (await coupons()).find((c) => c.name === name)!;

const openList = async (query: Record<string, string> = {}) => {
  const page = mount(shop.built, LIST);
  page.instance.onLoad(query);
  await waitFor(() => expect(['ready', 'empty']).toContain(page.data.list.status));
  return page;
};
const openEditor = async (query: Record<string, string> = {}) => {
  const page = mount(shop.built, EDIT);
  page.instance.onLoad(query);
  await waitFor(() => expect(page.data.status).toBe('ready'));
  return page;
};

test('a new shop: the list says how to start, and 新建优惠券 opens the editor empty', async () => {
  const page = await openList();
  expect(textOf(page)).toContain('还没有优惠券，点「新建优惠券」发一张');
  expect(net.inputsOf('coupons.list')).toEqual([{ status: 'active' }]);
  await tap(page, '#create');
  expect(wxr.navigations).toEqual(['/pages/admin/coupon-edit/index']);
  const editor = await openEditor();
  expect(editor.data.form).toMatchObject({ name: '', ruleKind: 'amount', validityKind: 'days', days: '30' });
  expect(textOf(editor.querySelector('#preview'))).toBe('填写后这里显示顾客看到的规则');
});

test('a 满减 coupon made on the page is stored as typed, previewed as the server words it, and offered to shoppers', async () => {
  const page = await openEditor();
  type(page, 'name', ' 新客满100减20 ');
  type(page, 'threshold', '100');
  type(page, 'off', '20');
  expect(textOf(page.querySelector('#preview'))).toBe('顾客看到：满100减20');
  type(page, 'totalLimit', '500');
  type(page, 'perUserLimit', '2');
  await page.instance.onSave();
  expect(net.inputsOf('coupons.upsert')).toEqual([
    {
      coupon: {
        name: '新客满100减20',
        rule: { kind: 'amount', thresholdFen: 10000, offFen: 2000 },
        scope: { kind: 'all' },
        validity: { kind: 'days', days: 30 },
        totalLimit: 500,
        perUserLimit: 2,
      },
    },
  ]);
  expect(wxr.toasts).toContain('已保存');
  expect(backs).toBe(1);
  const saved = await byName('新客满100减20');
  expect(saved.ruleText).toBe('满100减20');
  // The shop's coupon centre offers it.
  await shop.api('mp-shopper', 'join', 'enter', {});
  const centre = (await shop.api('mp-shopper', 'order', 'coupons.center', {})).items;
  expect(centre.find((c) => c.couponId === saved._id)).toMatchObject({
    ruleText: '满100减20',
    canClaim: true,
  });

  const list = await openList();
  const card = textOf(list.querySelector(`#coupon-${saved._id}`));
  expect(card).toContain('满100减20');
  expect(card).toContain('满减券');
  expect(card).toContain('新客满100减20');
  expect(card).toContain('发放中');
  expect(card).toContain('全部商品可用');
  expect(card).toContain('领取后 30 天内可用');
  expect(card).toContain('已领 0 / 500 张');
  expect(card).toContain('每人限领 2 张');
});

test('a 折扣 coupon for chosen products in a fixed Beijing window', async () => {
  const page = await openEditor();
  await waitFor(() => expect(page.data.productChips.length).toBeGreaterThanOrEqual(2));
  type(page, 'name', '龙井九折');
  page.instance.onRuleKind({ detail: { value: 'percent' } });
  type(page, 'fold', '9');
  type(page, 'cap', '30');
  expect(textOf(page.querySelector('#preview'))).toBe('顾客看到：9折，最多减30元');
  page.instance.onScopeKind({ detail: { value: 'products' } });
  await page.instance.onSave();
  expect(page.data.errors).toEqual({ scope: '请至少选择一个商品' });
  expect(textOf(page.querySelector('#error-scope'))).toBe('请至少选择一个商品');
  await tap(page, `#product-${tea}`);
  expect(textOf(page.querySelector(`#product-${tea}`))).toBe('✓ 明前龙井');
  page.instance.onValidityKind({ detail: { value: 'window' } });
  const pick = (field: string, value: string) =>
    page.instance.onPick({ currentTarget: { dataset: { field } }, detail: { value } });
  pick('startDate', '2026-12-01');
  pick('startTime', '08:00');
  pick('endDate', '2026-12-31');
  pick('endTime', '23:59');
  await page.instance.onSave();
  expect(net.inputsOf('coupons.upsert').at(-1)).toEqual({
    coupon: {
      name: '龙井九折',
      rule: { kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 3000 },
      scope: { kind: 'products', productIds: [tea] },
      validity: {
        kind: 'window',
        startsAt: '2026-12-01T08:00:00+08:00',
        endsAt: '2026-12-31T23:59:00+08:00',
      },
      totalLimit: 0,
      perUserLimit: 1,
    },
  });
  const saved = await byName('龙井九折');
  expect(saved.ruleText).toBe('9折，最多减30元');
  expect(saved.validity).toEqual({
    kind: 'window',
    startsAt: '2026-12-01T00:00:00.000Z',
    endsAt: '2026-12-31T15:59:00.000Z',
  });
  const list = await openList({ status: '' });
  await waitFor(() =>
    expect(textOf(list.querySelector(`#coupon-${saved._id}`))).toContain('限商品：明前龙井'),
  );
  expect(textOf(list.querySelector(`#coupon-${saved._id}`))).toContain(
    '2026-12-01 08:00 至 2026-12-31 23:59',
  );
});

test('contradictions are refused by the server in its words, shown above 保存; nothing is stored', async () => {
  const before = (await coupons()).length;
  const page = await openEditor();
  type(page, 'name', '倒贴券');
  type(page, 'threshold', '50');
  type(page, 'off', '50');
  await page.instance.onSave();
  const offTooBig = await refusalOf(shop, ADMIN, 'admin', 'coupons.upsert', {
    coupon: net.inputsOf('coupons.upsert').at(-1)!.coupon as never,
  });
  expect(offTooBig.message).toBe('满减的优惠金额要低于门槛');
  expect(textOf(page.querySelector('#server-error'))).toBe(offTooBig.message);
  expect(wxr.toasts).toContain(offTooBig.message);
  expect(backs).toBe(0);

  type(page, 'off', '10');
  expect(page.querySelector('#server-error')).toBeUndefined();
  page.instance.onValidityKind({ detail: { value: 'window' } });
  page.instance.onPick({
    currentTarget: { dataset: { field: 'startDate' } },
    detail: { value: '2026-12-31' },
  });
  page.instance.onPick({ currentTarget: { dataset: { field: 'endDate' } }, detail: { value: '2026-12-01' } });
  await page.instance.onSave();
  const backwards = await refusalOf(shop, ADMIN, 'admin', 'coupons.upsert', {
    coupon: net.inputsOf('coupons.upsert').at(-1)!.coupon as never,
  });
  expect(backwards.message).toBe('结束时间要晚于开始时间');
  expect(textOf(page.querySelector('#server-error'))).toBe(backwards.message);
  expect((await coupons()).length).toBe(before);
});

test('editing from the list keeps its id; the total cannot go below what was claimed; a link finds it too', async () => {
  const { coupon } = await shop.api(ADMIN, 'admin', 'coupons.upsert', {
    coupon: {
      name: '蜂蜜立减',
      rule: { kind: 'amount', thresholdFen: 0, offFen: 500 },
      scope: { kind: 'categories', categories: ['蜂蜜'] },
      validity: { kind: 'days', days: 7 },
      totalLimit: 2,
      perUserLimit: 1,
    },
  });
  for (const shopper of ['mp-a', 'mp-b']) {
    await shop.api(shopper, 'join', 'enter', {});
    await shop.api(shopper, 'order', 'coupons.claim', { couponId: coupon._id });
  }
  const list = await openList();
  await waitFor(() => expect(list.querySelector(`#coupon-${coupon._id}`)).toBeDefined());
  expect(textOf(list.querySelector(`#coupon-${coupon._id}`))).toContain('限分类：蜂蜜');
  expect(textOf(list.querySelector(`#coupon-${coupon._id}`))).toContain('已领 2 / 2 张');
  await tap(list, `#edit-${coupon._id}`);
  expect(wxr.navigations).toEqual([`/pages/admin/coupon-edit/index?id=${coupon._id}`]);
  expect(storage().getStorageSync(EDITING_KEY)).toMatchObject({ _id: coupon._id, name: '蜂蜜立减' });

  const page = await openEditor({ id: coupon._id });
  expect(page.data.form).toMatchObject({
    _id: coupon._id,
    name: '蜂蜜立减',
    off: '5',
    threshold: '',
    scopeKind: 'categories',
    categories: ['蜂蜜'],
    days: '7',
    totalLimit: '2',
    claimed: 2,
  });
  expect(textOf(page.querySelector('#claimed-note'))).toContain('发放总量不能少于 2 张');
  expect(textOf(page.querySelector('#category-chips'))).toContain('✓ 蜂蜜');
  expect(net.inputsOf('coupons.list')).toEqual([{ status: 'active' }]);

  type(page, 'totalLimit', '1');
  await page.instance.onSave();
  const { message } = await refusalOf(shop, ADMIN, 'admin', 'coupons.upsert', {
    coupon: net.inputsOf('coupons.upsert').at(-1)!.coupon as never,
  });
  expect(message).toBe('已经领取了 2 张，发放总量不能更少');
  expect(textOf(page.querySelector('#server-error'))).toBe(message);

  type(page, 'totalLimit', '100');
  // From 蜂蜜 to 茶叶: untick one chip, tick the other.
  const chip = (name: string) =>
    `#category-${page.data.categoryChips.findIndex((c: { value: string }) => c.value === name)}`;
  await tap(page, chip('蜂蜜'));
  expect(page.data.form.categories).toEqual([]);
  await tap(page, chip('茶叶'));
  expect(textOf(page.querySelector(chip('茶叶')))).toBe('✓ 茶叶');
  await page.instance.onSave();
  expect(backs).toBe(1);
  const saved = (await coupons()).find((c) => c._id === coupon._id)!;
  expect(saved).toMatchObject({
    totalLimit: 100,
    claimed: 2,
    scope: { kind: 'categories', categories: ['茶叶'] },
  });

  // Opened by a link: no storage, the coupon is found in the merchant's list.
  const linked = await openEditor({ id: coupon._id });
  expect(linked.data.form.totalLimit).toBe('100');
  const missing = mount(shop.built, EDIT);
  missing.instance.onLoad({ id: 'C-nothing' });
  await waitFor(() => expect(textOf(missing)).toContain('优惠券不存在，请返回优惠券列表重新进入'));
});

test('停用 asks first; then shoppers can no longer claim it and it moves to 已停用', async () => {
  const { coupon } = await shop.api(ADMIN, 'admin', 'coupons.upsert', {
    coupon: {
      name: '即将停用',
      rule: { kind: 'amount', thresholdFen: 0, offFen: 100 },
      scope: { kind: 'all' },
      validity: { kind: 'days', days: 7 },
      totalLimit: 0,
      perUserLimit: 1,
    },
  });
  const page = await openList();
  await waitFor(() => expect(page.querySelector(`#disable-${coupon._id}`)).toBeDefined());
  wxr.modalAnswer = false;
  await page.instance.onDisable({ currentTarget: { dataset: { id: coupon._id } } });
  expect(wxr.modals[0]).toMatchObject({ title: '停用优惠券' });
  expect(wxr.modals[0]!.content).toContain('已领取的在有效期内仍可使用');
  expect(net.inputsOf('coupons.disable')).toEqual([]);
  wxr.modalAnswer = true;
  await page.instance.onDisable({ currentTarget: { dataset: { id: coupon._id } } });
  expect(net.inputsOf('coupons.disable')).toEqual([{ couponId: coupon._id }]);
  expect(wxr.toasts).toContain('已停用');
  await waitFor(() => expect(page.querySelector(`#coupon-${coupon._id}`)).toBeUndefined());
  const centre = (await shop.api('mp-shopper', 'order', 'coupons.center', {})).items;
  expect(centre.some((c) => c.couponId === coupon._id)).toBe(false);

  page.instance.onTab({ detail: { value: 'disabled' } });
  await waitFor(() => expect(page.querySelector(`#coupon-${coupon._id}`)).toBeDefined());
  expect(textOf(page.querySelector(`#status-${coupon._id}`))).toBe('已停用');
  expect(page.querySelector(`#disable-${coupon._id}`)).toBeUndefined();
});

test('a coupon used on an order: counted on its card, shown on the order, added up on the dashboard and analytics', async () => {
  const { coupon } = await shop.api(ADMIN, 'admin', 'coupons.upsert', {
    coupon: {
      name: '茶叶满200减30',
      rule: { kind: 'amount', thresholdFen: 20000, offFen: 3000 },
      scope: { kind: 'categories', categories: ['茶叶'] },
      validity: { kind: 'days', days: 30 },
      totalLimit: 10,
      perUserLimit: 1,
    },
  });
  await shop.api('mp-buyer', 'join', 'enter', {});
  const { coupon: held } = await shop.api('mp-buyer', 'order', 'coupons.claim', { couponId: coupon._id });
  const orderId = await buyAndPay(
    shop,
    'mp-buyer',
    [
      { productId: tea, quantity: 2 },
      { productId: honey, quantity: 1 },
    ],
    { couponId: held.userCouponId, nickname: '用券的顾客' },
  );

  const list = await openList();
  await waitFor(() => expect(textOf(list.querySelector(`#coupon-${coupon._id}`))).toContain('已使用 1 张'));
  expect(textOf(list.querySelector(`#coupon-${coupon._id}`))).toContain('已领 1 / 10 张');

  const orders = mount(shop.built, 'pages/admin/orders/index');
  orders.instance.onLoad({ status: 'paid' });
  await waitFor(() => expect(orders.querySelector(`#coupon-${orderId}`)).toBeDefined());
  expect(textOf(orders.querySelector(`#coupon-${orderId}`))).toBe('优惠券 茶叶满200减30-¥30.00');
  // 2 × 128 + 68 − 30 = 294.
  expect(textOf(orders.querySelector(`#card-${orderId}`))).toContain('实付¥294.00');

  const dashboard = mount(shop.built, 'pages/admin/dashboard/index');
  dashboard.instance.onShow();
  await waitFor(() => expect(dashboard.data.status).toBe('ready'));
  const overview = await shop.api(ADMIN, 'admin', 'stats.overview', {
    from: beijingDay(Date.now() - 6 * 86_400_000),
    to: beijingDay(Date.now()),
  });
  expect(overview.couponDiscount).toBe(3000);
  expect(textOf(dashboard.querySelector('#figure-coupon'))).toBe(
    `优惠券抵扣¥30.00${overview.couponOrders} 单用券（占 ${Math.round((overview.couponOrders * 10000) / overview.orders) / 100}%）`,
  );
  expect(dashboard.data.entries.map((e: { label: string }) => e.label)).toContain('优惠券');

  const analytics = mount(shop.built, 'pages/admin/analytics/index');
  analytics.instance.onLoad();
  await waitFor(() => expect(analytics.data.status).toBe('ready'));
  const today = analytics.querySelectorAll('#days .table__row').map(textOf)[1];
  expect(today).toMatch(/^\d\d-\d\d.*¥30\.00$/);
  expect(textOf(analytics.querySelector('#coupon-total'))).toMatch(/^优惠券抵扣¥30\.00\d+ 单用券/);
});

test('someone who is not an admin is refused; without network the list says so and retry loads', async () => {
  shop.as('mp-shopper');
  const refused = mount(shop.built, LIST);
  refused.instance.onLoad({});
  await waitFor(() => expect(textOf(refused)).toContain('仅商家管理员可以操作'));

  shop.as(ADMIN);
  net.offline = true;
  const page = mount(shop.built, LIST);
  page.instance.onLoad({});
  await waitFor(() => expect(textOf(page)).toContain('连不上本地云，请确认已运行 npm start'));
  net.offline = false;
  page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
  await waitFor(() => expect(page.data.list.status).toBe('ready'));
});
