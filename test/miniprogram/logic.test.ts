// The pages' pure logic: money text, launch parsing, paging, cart, order actions, distributor explanations.
import { addressFromChoice, checkoutView } from '../../miniprogram/pages/shop/cart/logic';
import { catalogQuery, categoriesOf } from '../../miniprogram/pages/shop/home/logic';
import { productSharePath, productView } from '../../miniprogram/pages/shop/product/logic';
import { actionsFor } from '../../miniprogram/pages/order/status';
import { orderDetailView } from '../../miniprogram/pages/order/detail/logic';
import {
  balanceRows,
  explainStatus,
  freezeRule,
  ledgerView,
  quoteWithdrawal,
  withdrawalView,
} from '../../miniprogram/pages/distributor/logic';
import type { CommissionEntry, MeResult, Order, Product } from '../../miniprogram/services/api';
import {
  addToCart,
  cartTotal,
  orderItems,
  removeOrdered,
  setQuantity,
  toggle,
} from '../../miniprogram/utils/cart';
import { bindNotice, enterInputFromLaunch, inviteCodeFromScene } from '../../miniprogram/utils/launch';
import {
  applyError,
  applyPage,
  canLoadMore,
  footerText,
  initialList,
  startMore,
} from '../../miniprogram/utils/list';
import { commissionPreview, formatFen, parseYuan } from '../../miniprogram/utils/money';

const product = (over: Partial<Product> = {}): Product => ({
  _id: 'p1',
  name: '茶叶',
  price: 9999,
  stock: 5,
  category: '茶',
  images: ['https://img/p1.png'],
  status: 'on',
  ...over,
});

const me = (status: 'none' | 'pending' | 'active' | 'frozen', extra: Partial<MeResult> = {}): MeResult => ({
  user: { _id: 'u1', nickname: '小王', avatarUrl: '', distributor: { status, code: 'ABC123' } },
  ...extra,
});

describe('money', () => {
  test.each([
    [12345, '¥123.45'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [100, '¥1.00'],
    [-50, '-¥0.50'],
  ])('formatFen(%p) = %p', (fen, text) => expect(formatFen(fen)).toBe(text));

  test('commission preview floors like the server and prefers the product rule', () => {
    expect(commissionPreview(9999, null, { level1: 1000, level2: 500 })).toBe(999);
    expect(
      commissionPreview(9999, { mode: 'rate', level1: 1250, level2: 0 }, { level1: 1000, level2: 0 }),
    ).toBe(1249);
    expect(
      commissionPreview(9999, { mode: 'fixed', level1: 300, level2: 0 }, { level1: 1000, level2: 0 }),
    ).toBe(300);
    expect(
      commissionPreview(9999, { mode: 'none', level1: 0, level2: 0 }, { level1: 1000, level2: 0 }),
    ).toBeNull();
    expect(commissionPreview(5, null, { level1: 1000, level2: 0 })).toBeNull();
    expect(commissionPreview(9999, null, null)).toBeNull();
  });

  test.each([
    ['12.5', 1250],
    ['0.01', 1],
    ['3', 300],
    ['1.234', null],
    ['abc', null],
    ['', null],
  ])('parseYuan(%p) = %p', (text, fen) => expect(parseYuan(text)).toBe(fen));
});

describe('launch', () => {
  test('a scanned code sends the decoded scene; a share card sends its invite code', () => {
    expect(enterInputFromLaunch({ query: { scene: encodeURIComponent('i=AB12CD') }, scene: 1047 })).toEqual({
      scene: 'i=AB12CD',
      source: 'poster',
    });
    expect(enterInputFromLaunch({ query: { inviteCode: 'XY9' }, scene: 1007 })).toEqual({
      inviteCode: 'XY9',
      source: 'share',
    });
    expect(enterInputFromLaunch({ query: { inviteCode: 'XY9' }, scene: 1001 })).toMatchObject({
      source: 'link',
    });
    expect(enterInputFromLaunch({ query: {}, scene: 1001 })).toEqual({});
    expect(enterInputFromLaunch({ query: { scene: 'x=1' } })).toEqual({});
  });

  test('scene parsing tolerates other keys; notices only when bound', () => {
    expect(inviteCodeFromScene('x=1&i=CODE')).toBe('CODE');
    expect(inviteCodeFromScene('i=')).toBeNull();
    expect(bindNotice({ bound: true, inviter: { nickname: '老李' } })).toBe('已绑定 老李');
    expect(bindNotice({ bound: true })).toBe('已绑定推荐人');
    expect(bindNotice({ bound: false, inviter: { nickname: '老李' } })).toBeNull();
  });
});

describe('paging', () => {
  test('first page, next page without duplicates, empty and errors', () => {
    let state = applyPage(
      initialList<{ _id: string }>(),
      { items: [{ _id: 'a' }, { _id: 'b' }], next: 'c1' },
      true,
    );
    expect(state.status).toBe('ready');
    expect(canLoadMore(state)).toBe(true);
    expect(footerText(state)).toBe('上拉加载更多');
    state = startMore(state);
    expect(canLoadMore(state)).toBe(false);
    state = applyPage(state, { items: [{ _id: 'b' }, { _id: 'c' }], next: null }, false);
    expect(state.items.map((i) => i._id)).toEqual(['a', 'b', 'c']);
    expect(footerText(state)).toBe('没有更多了');
    expect(applyPage(initialList<{ _id: string }>(), { items: [], next: null }, true).status).toBe('empty');
    expect(applyError(initialList(), '网络不给力', true)).toMatchObject({
      status: 'error',
      error: '网络不给力',
    });
    const more = applyError(state, '网络不给力', false);
    expect(more.items).toHaveLength(3);
    expect(footerText(more)).toBe('网络不给力，点击重试');
  });
});

describe('cart', () => {
  test('adding, capping at stock, totals and what order.create gets', () => {
    let cart = addToCart([], product(), 2);
    cart = addToCart(cart, product(), 10);
    expect(cart[0]!.quantity).toBe(5);
    cart = addToCart(cart, product({ _id: 'p2', price: 100 }), 1);
    cart = setQuantity(cart, 'p1', 2);
    expect(cartTotal(cart)).toEqual({ count: 3, goodsFen: 2 * 9999 + 100 });
    cart = toggle(cart, 'p2');
    expect(orderItems(cart)).toEqual([{ productId: 'p1', quantity: 2 }]);
    expect(removeOrdered(cart).map((l) => l.productId)).toEqual(['p2']);
  });

  test('checkout says what is missing before it can be submitted', () => {
    const cart = addToCart([], product(), 1);
    expect(checkoutView([], null).blocker).toBe('请选择要购买的商品');
    expect(checkoutView(cart, null).blocker).toBe('请选择收货地址');
    const address = addressFromChoice({
      userName: '张三',
      telNumber: '13800000000',
      provinceName: '广东省',
      cityName: '深圳市',
      countyName: '南山区',
      detailInfo: '科技园 1 号',
      nationalCode: '440305',
      errMsg: 'chooseAddress:ok',
    });
    expect(address).not.toHaveProperty('nationalCode');
    expect(checkoutView(cart, address)).toMatchObject({ blocker: '', totalText: '¥99.99', count: 1 });
  });
});

describe('shop pages', () => {
  test('categories and catalog query', () => {
    expect(categoriesOf(['全部'], undefined, [product(), product({ category: '酒' }), product()])).toEqual([
      '全部',
      '茶',
      '酒',
    ]);
    expect(catalogQuery('全部', '  ')).toEqual({});
    expect(catalogQuery('茶', ' 龙井 ')).toEqual({ category: '茶', keyword: '龙井' });
  });

  test('only an active distributor sees 分享赚, with the rate from join.me', () => {
    const rates = { level1: 1000, level2: 500 };
    expect(productView(product(), me('active', { settings: { rates } })).shareHint).toBe('分享赚 ¥9.99');
    expect(productView(product(), me('pending', { settings: { rates } })).shareHint).toBe('');
    expect(productView(product(), null).shareHint).toBe('');
    expect(productView(product({ stock: 0 }), null)).toMatchObject({ canBuy: false, stockText: '已售罄' });
    expect(productSharePath('p1', 'ABC')).toBe('/pages/shop/product/index?id=p1&inviteCode=ABC');
  });
});

describe('orders', () => {
  const order = (over: Partial<Order>): Order => ({
    _id: 'o1',
    buyerId: 'u1',
    status: 'created',
    items: [{ productId: 'p1', name: '茶叶', price: 9999, quantity: 1 }],
    goodsAmount: 9999,
    shipping: 0,
    amount: 9999,
    refundedAmount: 0,
    ...over,
  });

  test.each([
    ['created', { pay: true, cancel: true, confirm: false, refund: false }],
    ['paid', { pay: false, cancel: false, confirm: false, refund: true }],
    ['shipped', { pay: false, cancel: false, confirm: true, refund: true }],
    ['refunding', { pay: false, cancel: false, confirm: false, refund: false }],
    ['cancelled', { pay: false, cancel: false, confirm: false, refund: false }],
  ] as const)('%s allows %p', (status, actions) => expect(actionsFor(order({ status }))).toEqual(actions));

  test('detail shows carrier and tracking number from the shipping record', () => {
    const view = orderDetailView(
      order({ status: 'shipped', shipping: { carrier: '顺丰', trackingNo: 'SF123', fee: 0 } }),
    );
    expect(view).toMatchObject({
      statusText: '待收货',
      carrier: '顺丰',
      trackingNo: 'SF123',
      shippingText: '免运费',
    });
  });
});

describe('distributor centre', () => {
  test('each status is explained', () => {
    expect(explainStatus(me('pending')).title).toBe('审核中');
    expect(explainStatus(me('frozen')).text).toContain('冻结');
    expect(explainStatus(me('active'))).toMatchObject({ isActive: true, text: '邀请码 ABC123' });
    const rejected = me('none');
    rejected.distributor = { status: 'none', rejectReason: '资料不全' };
    expect(explainStatus(rejected)).toMatchObject({ title: '申请未通过', canApply: true });
    expect(explainStatus(rejected).text).toContain('资料不全');
  });

  test('balances show debt only when there is some; the freeze rule names the window', () => {
    const account = { pending: 999, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };
    expect(balanceRows(account).map((r) => r.label)).toEqual(['可提现', '待结算', '提现中', '已提现']);
    expect(balanceRows({ ...account, debt: 50 }).map((r) => r.label)).toContain('待抵扣');
    expect(freezeRule(7)).toContain('确认收货 7 天后');
    expect(freezeRule(undefined)).toContain('售后期结束后');
    expect(freezeRule(7, 50)).toContain('¥0.50 待抵扣');
  });

  test('a ledger entry says which order, which level, which rate and why pending', () => {
    const entry: CommissionEntry = {
      _id: 'o1:L2',
      orderId: 'o1',
      level: 2,
      beneficiaryId: 'u1',
      base: 9999,
      rate: 500,
      amount: 499,
      reversedAmount: 0,
      status: 'pending',
    };
    const [view] = ledgerView([entry], 7);
    expect(view!.explanation).toBe(
      '订单 o1，间接推广（二级），按 ¥99.99 的 5% 计算；售后期内，确认收货 7 天后结算',
    );
    expect(view!.amountText).toBe('¥4.99');
    expect(ledgerView([{ ...entry, status: 'reversed' }])[0]!.explanation).toContain('佣金已取消');
  });

  test('withdraw quote: minimum, balance and fee floored', () => {
    const rule = { minAmount: 1000, feeBp: 60 };
    expect(quoteWithdrawal(999, 5000, rule)).toMatchObject({ ok: false, problem: '最低提现 ¥10.00' });
    expect(quoteWithdrawal(6000, 5000, rule)).toMatchObject({ ok: false, problem: '最多可提现 ¥50.00' });
    expect(quoteWithdrawal(null, 5000, rule).ok).toBe(false);
    expect(quoteWithdrawal(4999, 5000, rule)).toEqual({
      ok: true,
      problem: '',
      feeText: '¥0.29',
      receiveText: '¥49.70',
    });
  });
});

test('a withdrawal paid by transfer waits for the distributor to confirm receipt', () => {
  const base = { _id: 'W1', userId: 'u', amount: 1000, fee: 10 };
  const [waiting, manual, paid] = withdrawalView([
    { ...base, status: 'approved', transfer: { state: 'WAIT_USER_CONFIRM' } },
    { ...base, status: 'approved' },
    { ...base, status: 'paid', transfer: { state: 'SUCCESS' } },
  ]);
  expect([waiting!.canConfirm, waiting!.statusText]).toEqual([true, '待确认收款']);
  expect([manual!.canConfirm, manual!.statusText]).toEqual([false, '待打款']);
  expect([paid!.canConfirm, paid!.statusText]).toEqual([false, '已到账']);
});
