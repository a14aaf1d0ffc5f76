// The pages' pure logic: money text, launch parsing, paging, cart, order actions, distributor explanations.
import { addressFromChoice, checkoutView, shippingLine } from '../../miniprogram/pages/shop/cart/logic';
import { bannerViews, catalogQuery, categoryChips } from '../../miniprogram/pages/shop/home/logic';
import { posterPath, productSharePath, productView } from '../../miniprogram/pages/shop/product/logic';
import {
  actionsFor,
  afterSaleEnd,
  amountLabel,
  latePaymentText,
  nextAction,
  toOrderCards,
} from '../../miniprogram/pages/order/status';
import { orderDetailView } from '../../miniprogram/pages/order/detail/logic';
import { orderShortcuts } from '../../miniprogram/pages/me/index/logic';
import { savedAddress } from '../../miniprogram/utils/address';
import { formatDate, timeLeftText } from '../../miniprogram/utils/date';
import { formatOrderNo, initialOf, phoneText } from '../../miniprogram/utils/format';
import {
  applyPitch,
  balanceRows,
  basisText,
  centreFigures,
  explainStatus,
  freezeRule,
  ledgerView,
  promotionRows,
  quoteWithdrawal,
  ratesText,
  teamFigures,
  teamView,
  withdrawalView,
} from '../../miniprogram/pages/distributor/logic';
import type { MeResult, Order, Product, WalletEntry, Withdrawal } from '../../miniprogram/services/api';
import {
  addToCart,
  cartCount,
  cartTotal,
  lineProblem,
  orderItems,
  refreshCart,
  removeOrdered,
  setQuantity,
  toggle,
  toggleAll,
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
import { formatFen, parseYuan, ruleYuan, yuanDigits, yuanText } from '../../miniprogram/utils/money';

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
  subscribe: {},
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
    [12345, '123.45', '123.45', '123.45'],
    [2000, '20.00', '20', '20'],
    [1250, '12.50', '12.5', '12.50'],
    [10, '0.10', '0.1', '0.10'],
    [0, '0.00', '0', '0'],
    [-50, '-0.50', '-0.5', '-0.50'],
  ])('%p fen: digits %p, an input %p, a coupon rule %p', (fen, digits, input, rule) => {
    expect([yuanDigits(fen), yuanText(fen), ruleYuan(fen)]).toEqual([digits, input, rule]);
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

  test('the cart checked against the shop: sold out, off sale and short of stock are unticked, with why', () => {
    let cart = addToCart([], product({ _id: 'tea', stock: 10 }), 3);
    cart = addToCart(cart, product({ _id: 'cup', price: 100, stock: 10 }), 1);
    cart = addToCart(cart, product({ _id: 'rice', price: 200, stock: 10 }), 8);
    cart = addToCart(cart, product({ _id: 'gone', stock: 10 }), 1);
    const fresh = refreshCart(cart, {
      tea: product({ _id: 'tea', stock: 10, price: 8888, name: '新茶' }),
      cup: product({ _id: 'cup', stock: 0 }),
      rice: product({ _id: 'rice', price: 200, stock: 5 }),
      gone: null,
    });
    expect(fresh.map((line) => [line.productId, line.checked, lineProblem(line)])).toEqual([
      ['tea', true, ''],
      ['cup', false, '已售罄'],
      ['rice', false, '库存不足，仅剩 5 件'],
      ['gone', false, '已下架'],
    ]);
    // Names and prices follow the shop; only what can be bought is ordered and counted.
    expect(fresh[0]).toMatchObject({ name: '新茶', price: 8888 });
    expect(orderItems(fresh)).toEqual([{ productId: 'tea', quantity: 3 }]);
    expect(cartTotal(fresh)).toEqual({ count: 3, goodsFen: 3 * 8888 });
    // A line that cannot be bought cannot be ticked; 全选 ticks only what can be bought.
    expect(toggle(fresh, 'cup')[1]!.checked).toBe(false);
    expect(toggleAll(fresh, true).map((line) => line.checked)).toEqual([true, false, false, false]);
    expect(toggleAll(fresh, false).every((line) => !line.checked)).toBe(true);
    // Lowering the quantity to what is left makes the line buyable again.
    const lowered = setQuantity(fresh, 'rice', 5);
    expect(lineProblem(lowered[2]!)).toBe('');
    expect(toggle(lowered, 'rice')[2]!.checked).toBe(true);
    // An unknown answer (the shop could not be asked) leaves the line as it was.
    expect(refreshCart(cart, {})).toEqual(cart);
    // What stays in the cart after ordering: the unticked lines, and those that could not be bought.
    expect(removeOrdered(fresh).map((line) => line.productId)).toEqual(['cup', 'rice', 'gone']);
    expect(cartCount(fresh)).toBe(13);
  });

  test('checkout lines say why they are unticked; the shipping line before 提交订单', () => {
    let cart = addToCart([], product({ _id: 'tea', price: 5000 }), 1);
    cart = refreshCart(addToCart(cart, product({ _id: 'cup' }), 1), {
      cup: product({ _id: 'cup', stock: 0 }),
    });
    const view = checkoutView(cart, null);
    expect(view.lines.map((line) => line.problem)).toEqual(['', '已售罄']);
    expect(view.allChecked).toBe(true);
    // The fee is not known to the phone: it says so rather than guess.
    expect(view.shipping).toEqual({ text: '以下单结果为准', feeFen: null, hint: '' });
    expect(view.totalText).toBe('¥50.00');
    expect(checkoutView(refreshCart(cart, { tea: null }), null).blocker).toBe('购物车里的商品暂时买不了');
    // With the shop's rule: the fee, free from the threshold, and how much more makes it free.
    const rule = { feeFen: 800, freeOverFen: 9900 };
    expect(shippingLine(5000, rule)).toEqual({ text: '¥8.00', feeFen: 800, hint: '再买 ¥49.00 免运费' });
    expect(shippingLine(9900, rule)).toEqual({ text: '免运费', feeFen: 0, hint: '' });
    expect(shippingLine(5000, { feeFen: 800, freeOverFen: 0 })).toEqual({
      text: '¥8.00',
      feeFen: 800,
      hint: '',
    });
    expect(checkoutView(cart, null, rule).totalText).toBe('¥58.00');
  });

  test('a saved address is one with a name and a street', () => {
    expect(savedAddress('')).toBeNull();
    expect(savedAddress({ userName: '张三' })).toBeNull();
    expect(savedAddress(addressFromChoice({ userName: '张三', detailInfo: '1 号' }))).toMatchObject({
      userName: '张三',
    });
  });
});

describe('text helpers', () => {
  test('order numbers in groups of four, mobiles in 3-4-4, a nickname’s initial', () => {
    expect(formatOrderNo('202611283904117562')).toBe('2026 1128 3904 1175 62');
    expect(formatOrderNo('Oabc123')).toBe('Oabc123');
    expect(formatOrderNo(undefined)).toBe('');
    expect(phoneText('13800000000')).toBe('138 0000 0000');
    expect(phoneText('0571-8888')).toBe('0571-8888');
    expect(initialOf('微信用户')).toBe('微');
    expect(initialOf(' lily')).toBe('L');
    expect(initialOf('')).toBe('?');
  });

  test('the time left before an unpaid order closes', () => {
    const now = Date.parse('2026-11-28T02:00:00.000Z');
    expect(timeLeftText('2026-11-28T02:29:55.000Z', now)).toBe('29 分 55 秒');
    expect(timeLeftText('2026-11-28T03:05:00.000Z', now)).toBe('1 小时 05 分');
    expect(timeLeftText('2026-11-28T02:00:00.000Z', now)).toBe('');
    expect(timeLeftText(null, now)).toBe('');
    expect(formatDate('2026-11-28T16:30:00.000Z')).toBe('2026-11-29');
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
    expect(productView({ product: product({ stock: 0 }) })).toMatchObject({
      canBuy: false,
      stockText: '已售罄',
    });
    expect(productSharePath('p1', 'ABC')).toBe('/pages/shop/product/index?id=p1&inviteCode=ABC');
  });

  test('the product page: a gallery of its pictures, sharing and the poster for a distributor', () => {
    const view = productView({
      product: product({ images: ['a', 'b', 'c'] }),
      share: { earnFen: 500, inviteCode: 'ABC' },
    });
    expect(view).toMatchObject({
      gallery: ['a', 'b', 'c'],
      canShare: true,
      shareHint: '分享赚 ¥5.00',
      soldOutText: '',
    });
    // A product that pays nothing can still be shared by a distributor; a shopper shares nothing.
    expect(productView({ product: product(), share: { earnFen: 0, inviteCode: 'ABC' } })).toMatchObject({
      canShare: true,
      shareHint: '',
    });
    expect(productView({ product: product({ images: [] }) })).toMatchObject({
      gallery: [''],
      canShare: false,
    });
    expect(productView({ product: product({ stock: 0 }) }).soldOutText).toBe('已售罄');
    expect(productView({ product: product({ status: 'off' }) }).soldOutText).toBe('已下架');
    expect(posterPath('p 1')).toBe('/pages/distributor/poster/index?productId=p%201');
  });

  test("the home page's banners: pictures in order, each with the product it opens", () => {
    expect(
      bannerViews([{ image: 'https://a.png', productId: 'p1' }, { image: '' }, { image: 'https://b.png' }]),
    ).toEqual([
      { key: '0', image: 'https://a.png', productId: 'p1' },
      { key: '1', image: 'https://b.png', productId: '' },
    ]);
  });

  test('我的: the order shortcuts with their counts', () => {
    expect(orderShortcuts({ created: 1, paid: 0, shipped: 120, refunding: 2 })).toEqual([
      { status: 'created', label: '待付款', icon: 'wallet', count: 1, badge: '1' },
      { status: 'paid', label: '待发货', icon: 'outbox', count: 0, badge: '' },
      { status: 'shipped', label: '待收货', icon: 'undertake-delivery', count: 120, badge: '99+' },
      { status: 'refunding', label: '退款/售后', icon: 'rollback', count: 2, badge: '2' },
    ]);
  });
});

describe('orders', () => {
  const order = (over: Partial<Order>): Order => ({
    _id: 'o1',
    status: 'created',
    items: [{ productId: 'p1', name: '茶叶', price: 9999, quantity: 1, paid: 9999 }],
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

  test('a completed order offers a refund only inside the after-sale window', () => {
    const completed = order({ status: 'completed', completedAt: '2026-11-28T02:00:00.000Z' });
    const at = (iso: string) => ({ afterSaleDays: 7, nowMs: Date.parse(iso) });
    expect(actionsFor(completed, at('2026-12-05T01:59:00.000Z')).refund).toBe(true);
    expect(actionsFor(completed, at('2026-12-05T02:00:00.000Z')).refund).toBe(false);
    // The window unknown: the button stays and the server decides.
    expect(actionsFor(completed, { afterSaleDays: null, nowMs: Date.now() }).refund).toBe(true);
    expect(actionsFor(completed).refund).toBe(true);
    expect(afterSaleEnd(completed, 7)).toBe('2026-12-05');
    expect(afterSaleEnd(completed, null)).toBe('');
  });

  test('what the total is called, the late payment, and the one button of a card', () => {
    expect(amountLabel(order({ status: 'created' }))).toBe('需付款');
    expect(amountLabel(order({ status: 'closed' }))).toBe('订单金额');
    expect(amountLabel(order({ status: 'cancelled' }))).toBe('订单金额');
    expect(amountLabel(order({ status: 'paid', paidAt: '2026-11-28T02:01:00.000Z' }))).toBe('实付');
    expect(latePaymentText(order({ latePayment: { totalFee: 3990, paidAt: 'x', refundId: 'o1-L' } }))).toBe(
      '订单关闭后到账的 ¥39.90 已全额退回',
    );
    expect(latePaymentText(order({}))).toBe('');
    const none = { pay: false, cancel: false, confirm: false, refund: false };
    expect(nextAction({ ...none, pay: true, cancel: true })).toEqual({
      key: 'pay',
      text: '去支付',
      primary: true,
    });
    expect(nextAction({ ...none, confirm: true, refund: true })!.text).toBe('确认收货');
    expect(nextAction({ ...none, refund: true })).toEqual({
      key: 'refund',
      text: '申请退款',
      primary: false,
    });
    expect(nextAction(none)).toBeNull();
  });

  test('an order card: readable number, pictures, time, count, the countdown of an unpaid order', () => {
    const [card] = toOrderCards(
      [
        order({
          items: [
            { productId: 'p1', name: '茶叶', price: 100, quantity: 2, paid: 200, image: 'https://p1.png' },
            { productId: 'p2', name: '茶杯', price: 100, quantity: 1, paid: 100 },
          ],
        }),
      ],
      { afterSaleDays: 7, nowMs: Date.parse('2026-11-28T02:10:00.000Z') },
    );
    expect(card).toMatchObject({
      orderNoText: '2026 1128 0000 0000 01',
      statusClass: 'status status--created',
      timeText: '11-28 10:00',
      count: 3,
      thumbs: [
        { key: '0', src: 'https://p1.png' },
        { key: '1', src: '' },
      ],
      amountLabel: '需付款',
      leftText: '剩余 20 分 00 秒',
      next: { key: 'pay', text: '去支付', primary: true },
    });
  });

  test('detail: what happens next under the status, the remark, the times, the receiver on a line of its own', () => {
    const now = Date.parse('2026-11-28T02:10:00.000Z');
    const unpaid = orderDetailView(order({ remark: '周末送货' }), [], { afterSaleDays: 7, nowMs: now });
    expect(unpaid).toMatchObject({
      statusNote: '剩余 20 分 00 秒，超时订单将自动关闭',
      remark: '周末送货',
      receiver: '张三 138 0000 0000',
      addressText: '浙江省杭州市西湖区龙井村 1 号',
      amountLabel: '需付款',
      orderNoText: '2026 1128 0000 0000 01',
      times: [{ label: '下单时间', text: '2026-11-28 10:00' }],
    });
    const done = order({
      status: 'completed',
      paidAt: '2026-11-28T02:01:00.000Z',
      completedAt: '2026-11-29T02:00:00.000Z',
    });
    expect(orderDetailView(done, [], { afterSaleDays: 7, nowMs: now }).statusNote).toBe(
      '交易完成，2026-12-06 前可申请售后',
    );
    const late = orderDetailView(done, [], { afterSaleDays: 7, nowMs: Date.parse('2026-12-07T00:00:00Z') });
    expect(late.statusNote).toBe('交易完成，售后期已过');
    expect(late.actions.refund).toBe(false);
    expect(late.times.map((t) => t.label)).toEqual(['下单时间', '付款时间', '完成时间']);
    const closed = orderDetailView(
      order({ status: 'cancelled', latePayment: { totalFee: 9999, paidAt: 'x', refundId: 'o1-L' } }),
    );
    expect([closed.amountLabel, closed.lateText]).toEqual(['订单金额', '订单关闭后到账的 ¥99.99 已全额退回']);
  });

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
      orderNo: '202611280000000001',
      summary: '茶叶 ×1',
    };
    const [view] = ledgerView([entry], 7);
    expect(view!.subtitle).toBe('2026-11-29 00:05 · 张**');
    expect(view!.orderText).toBe('茶叶 ×1 · 待发货');
    expect(view!.basisText).toBe('间接推广（二级）：按商品金额 ¥99.99 的 5% 计算');
    expect(view!.explanation).toBe('待买家确认收货，之后 7 天售后期结束即结算');
    expect(view!.amountText).toBe('¥4.99');
    const received = { ...entry, maturesAt: '2026-12-05T16:00:00.000Z' };
    expect(ledgerView([received], 7)[0]!.explanation).toContain('售后期内，预计 2026-12-06 结算');
    expect(ledgerView([{ ...entry, onHold: true }], 7)[0]!.explanation).toContain('买家申请了退款');
    expect(ledgerView([entry], null)[0]!.explanation).toContain('售后期结束后结算');
    expect(ledgerView([{ ...entry, status: 'reversed' }], 7)[0]!.explanation).toContain('佣金已取消');
    // An entry held by an open refund says so, in its status too.
    expect(ledgerView([{ ...entry, onHold: true }], 7)[0]).toMatchObject({
      statusText: '暂缓结算',
      held: true,
    });
    // Settled: on which day, and what refunds took back.
    expect(
      ledgerView(
        [{ ...entry, status: 'settled', settledAt: '2026-12-06T02:00:00.000Z', reversedAmount: 100 }],
        7,
      )[0]!.explanation,
    ).toBe('2026-12-06 已结算，其中 ¥1.00 因退款扣回');
  });

  test('a ledger entry explains its basis truthfully: a percent, a fixed amount per unit, or both', () => {
    const entry = { base: 33600, rate: 1000, amount: 1000, summary: '明前龙井 ×2' };
    expect(basisText({ ...entry, basis: 'fixed' })).toBe('每件固定 ¥5.00，共 2 件');
    // Several products, or an amount the units do not divide: no per-unit figure is invented.
    expect(basisText({ ...entry, basis: 'fixed', summary: '明前龙井 ×2 等 3 件' })).toBe(
      '按商品每件固定金额计算，共 ¥10.00',
    );
    expect(basisText({ ...entry, basis: 'fixed', amount: 999 })).toBe('按商品每件固定金额计算，共 ¥9.99');
    expect(basisText({ ...entry, basis: 'mixed', amount: 1860 })).toBe(
      '部分商品按 10%、部分按件固定金额，共 ¥18.60',
    );
    expect(basisText({ ...entry, basis: 'rate' })).toBe('按商品金额 ¥336.00 的 10% 计算');
  });

  test('推广订单 rows: what was bought, its order number, the masked buyer, the order now and what it earned', () => {
    const entry: WalletEntry = {
      _id: 'o2:L1',
      orderId: 'o2',
      level: 1,
      base: 7980,
      rate: 1000,
      amount: 798,
      reversedAmount: 0,
      status: 'pending',
      maturesAt: null,
      onHold: true,
      createdAt: '2026-12-06T07:36:00.000Z',
      buyerNickname: '张**',
      basis: 'rate',
      orderStatus: 'refunding',
      orderNo: '202611280000000002',
      summary: '纯棉毛巾 ×2',
    };
    expect(promotionRows([entry])).toEqual([
      {
        _id: 'o2:L1',
        summary: '纯棉毛巾 ×2',
        who: '张** · 12-06 15:36',
        orderNoText: '订单号 2026 1128 0000 0000 02',
        orderStatusText: '退款中',
        orderStatusClass: 'status status--refunding',
        amountText: '+¥7.98',
        statusText: '待结算',
      },
    ]);
    expect(promotionRows([{ ...entry, level: 2 }])[0]!.who).toBe('张** · 12-06 15:36 · 二级');
  });

  test('the centre states the rates, and what an application would earn', () => {
    const settings = { levels: 2 as const, rates: { level1: 1000, level2: 500 } };
    expect(ratesText(settings)).toBe('一级 10% · 二级 5%');
    expect(ratesText({ ...settings, levels: 1 })).toBe('一级 10%');
    expect(applyPitch(settings)).toEqual([
      '好友通过你的分享下单，你可得商品金额的 10% 作为佣金',
      '你邀请的分销员推广成交，你再得 5%',
      '佣金在订单售后期结束后可提现',
    ]);
    expect(applyPitch({ ...settings, levels: 1 })).toHaveLength(2);
    const stats = {
      today: { earned: 798 },
      invited: { level1: 2, level2: 1, total: 3 },
      orders: { level1: 4, level2: 1, total: 5 },
      commission: { level1: 4000, level2: 338, total: 4338, pending: 2478, settled: 1860, reversed: 0 },
    };
    const account = { pending: 2478, available: 860, withdrawing: 1000, withdrawn: 0, debt: 0 };
    expect(centreFigures(stats, account).map((f) => [f.label, f.text])).toEqual([
      ['累计佣金', '¥43.38'],
      ['今日收益', '¥7.98'],
      ['待结算', '¥24.78'],
    ]);
    expect(teamFigures(stats, 2).map((f) => [f.label, f.text])).toEqual([
      ['一级成员', '2'],
      ['二级成员', '1'],
      ['推广订单', '5'],
    ]);
    expect(teamFigures(null, 1).map((f) => f.text)).toEqual(['0', '0']);
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
