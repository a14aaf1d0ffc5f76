// The pages' pure logic: money text, launch parsing, paging, cart, order actions, distributor explanations.
import { addressFromChoice, checkoutView } from '../../miniprogram/pages/shop/cart/logic';
import { catalogQuery, categoryChips } from '../../miniprogram/pages/shop/home/logic';
import { productSharePath, productView } from '../../miniprogram/pages/shop/product/logic';
import { actionsFor } from '../../miniprogram/pages/order/status';
import { orderDetailView } from '../../miniprogram/pages/order/detail/logic';
import {
  balanceRows,
  explainStatus,
  freezeRule,
  ledgerView,
  quoteWithdrawal,
  teamView,
  withdrawalView,
} from '../../miniprogram/pages/distributor/logic';
import type { MeResult, Order, Product, WalletEntry, Withdrawal } from '../../miniprogram/services/api';
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
import { formatFen, parseYuan } from '../../miniprogram/utils/money';

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
  user: {
    _id: 'u1',
    nickname: '小王',
    avatarUrl: '',
    createdAt: '2026-11-01T02:00:00.000Z',
    distributor: { status, code: 'ABC123' },
  },
  distributor: { status, code: 'ABC123', inviteeCount: 0 },
  account: { pending: 0, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 },
  settings: {
    levels: 2,
    rates: { level1: 1000, level2: 500 },
    afterSaleDays: 7,
    withdrawal: { minAmount: 100, feeBp: 0 },
  },
  orders: { created: 0, paid: 0, shipped: 0, refunding: 0 },
  isAdmin: false,
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
    expect(categoryChips([{ category: '茶' }, { category: '酒' }])).toEqual(['全部', '茶', '酒']);
    expect(catalogQuery('全部', '  ')).toEqual({});
    expect(catalogQuery('茶', ' 龙井 ')).toEqual({ category: '茶', keyword: '龙井' });
  });

  test('分享赚 shows what the server says the distributor earns, and nothing when it is nothing', () => {
    const share = (earnFen: number) => ({ earnFen, inviteCode: 'ABC' });
    expect(productView({ product: product(), share: share(999) }).shareHint).toBe('分享赚 ¥9.99');
    expect(productView({ product: product(), share: share(0) }).shareHint).toBe('');
    expect(productView({ product: product() }).shareHint).toBe('');
    expect(productView({ product: product({ stock: 0 }) })).toMatchObject({ canBuy: false, stockText: '已售罄' });
    expect(productSharePath('p1', 'ABC')).toBe('/pages/shop/product/index?id=p1&inviteCode=ABC');
  });
});

describe('orders', () => {
  const order = (over: Partial<Order>): Order => ({
    _id: 'o1',
    status: 'created',
    items: [{ productId: 'p1', name: '茶叶', price: 9999, quantity: 1 }],
    goodsAmount: 9999,
    shipping: 0,
    amount: 9999,
    address: {
      userName: '张三',
      telNumber: '13800000000',
      provinceName: '浙江省',
      cityName: '杭州市',
      countyName: '西湖区',
      detailInfo: '龙井村 1 号',
    },
    remark: '',
    outTradeNo: 'o1',
    orderNo: '202611280000000001',
    refundedAmount: 0,
    refundCount: 0,
    createdAt: '2026-11-28T02:00:00.000Z',
    expiresAt: '2026-11-28T02:30:00.000Z',
    ...over,
  });

  test.each([
    ['created', { pay: true, cancel: true, confirm: false, refund: false }],
    ['paid', { pay: false, cancel: false, confirm: false, refund: true }],
    ['shipped', { pay: false, cancel: false, confirm: true, refund: true }],
    ['refunding', { pay: false, cancel: false, confirm: false, refund: false }],
    ['cancelled', { pay: false, cancel: false, confirm: false, refund: false }],
  ] as const)('%s allows %p', (status, actions) => expect(actionsFor(order({ status }))).toEqual(actions));

  test('detail shows carrier, tracking number and time (Beijing) from the shipping record, and the refunds', () => {
    const view = orderDetailView(
      order({
        status: 'refunding',
        shipping: 800,
        shippingInfo: { carrier: '顺丰', trackingNo: 'SF123', shippedAt: '2026-11-28T16:30:00.000Z' },
      }),
      [
        {
          _id: 'o1-R1',
          orderId: 'o1',
          amount: 5000,
          reason: '破损',
          status: 'rejected',
          rejectReason: '请提供照片',
          createdAt: '2026-11-29T01:00:00.000Z',
          updatedAt: '2026-11-29T01:00:00.000Z',
        },
      ],
    );
    expect(view).toMatchObject({
      statusText: '退款中',
      carrier: '顺丰',
      trackingNo: 'SF123',
      shippedAtText: '2026-11-29 00:30',
      shippingText: '¥8.00',
      refunds: [{ _id: 'o1-R1', title: '退款 ¥50.00 · 商家已拒绝' }],
    });
    expect(view.refunds[0]!.text).toBe('2026-11-29 09:00\n原因：破损\n商家说明：请提供照片');
  });
});

describe('distributor centre', () => {
  test('each status is explained', () => {
    expect(explainStatus(me('pending')).title).toBe('审核中');
    expect(explainStatus(me('frozen')).text).toContain('冻结');
    expect(explainStatus(me('active'))).toMatchObject({ isActive: true, text: '邀请码 ABC123' });
    const rejected = me('none');
    rejected.distributor = { status: 'none', rejectReason: '资料不全', inviteeCount: 0 };
    expect(explainStatus(rejected)).toMatchObject({ title: '申请未通过', canApply: true });
    expect(explainStatus(rejected).text).toContain('资料不全');
  });

  test('balances show debt only when there is some; the freeze rule names the window', () => {
    const account = { pending: 999, available: 0, withdrawing: 0, withdrawn: 0, debt: 0 };
    expect(balanceRows(account).map((r) => r.label)).toEqual(['可提现', '待结算', '提现中', '已提现']);
    expect(balanceRows({ ...account, debt: 50 }).map((r) => r.label)).toContain('待抵扣');
    expect(freezeRule(7)).toContain('确认收货 7 天后');
    expect(freezeRule(7, 50)).toContain('¥0.50 待抵扣');
  });

  test('a ledger entry says when and from whom, which order, level and rate, and when it settles', () => {
    const entry: WalletEntry = {
      _id: 'o1:L2',
      orderId: 'o1',
      level: 2,
      base: 9999,
      rate: 500,
      amount: 499,
      reversedAmount: 0,
      status: 'pending',
      maturesAt: null,
      onHold: false,
      createdAt: '2026-11-28T16:05:00.000Z',
      buyerNickname: '张**',
      basis: 'rate',
      orderStatus: 'paid',
      summary: '茶叶 ×1',
    };
    const [view] = ledgerView([entry], 7);
    expect(view!.subtitle).toBe('2026-11-29 00:05 · 张**');
    expect(view!.explanation).toBe(
      '订单 o1，间接推广（二级），按 ¥99.99 的 5% 计算；待买家确认收货，之后 7 天售后期结束即结算',
    );
    expect(view!.amountText).toBe('¥4.99');
    const received = { ...entry, maturesAt: '2026-12-05T16:00:00.000Z' };
    expect(ledgerView([received], 7)[0]!.explanation).toContain('售后期内，预计 2026-12-06 结算');
    expect(ledgerView([{ ...entry, onHold: true }], 7)[0]!.explanation).toContain('买家申请了退款');
    expect(ledgerView([entry], null)[0]!.explanation).toContain('售后期结束后结算');
    expect(ledgerView([{ ...entry, status: 'reversed' }], 7)[0]!.explanation).toContain('佣金已取消');
  });

  test('a team row says when they joined, what they bought and what it brought', () => {
    const [row] = teamView([
      {
        userId: 'u9',
        nickname: '',
        avatarUrl: '',
        joinedAt: '2026-11-27T16:30:00.000Z',
        isDistributor: true,
        orderCount: 3,
        commission: 1280,
      },
    ]);
    expect(row).toMatchObject({
      name: '微信用户',
      description: '加入于 2026-11-28 · 3 单 · 带来佣金 ¥12.80',
      badge: '分销员',
    });
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
  const base = {
    _id: 'W1',
    amount: 1000,
    fee: 10,
    payout: 990,
    createdAt: '2026-11-28T02:00:00.000Z',
    updatedAt: '2026-11-28T02:00:00.000Z',
  } satisfies Omit<Withdrawal, 'status'>;
  const [waiting, manual, paid] = withdrawalView([
    { ...base, status: 'approved', transfer: { state: 'WAIT_USER_CONFIRM' } },
    { ...base, status: 'approved' },
    { ...base, status: 'paid', transfer: { state: 'SUCCESS' } },
  ]);
  expect([waiting!.canConfirm, waiting!.statusText]).toEqual([true, '待确认收款']);
  expect([manual!.canConfirm, manual!.statusText]).toEqual([false, '待打款']);
  expect([paid!.canConfirm, paid!.statusText]).toEqual([false, '已到账']);
});
