// The pure logic of the catalogue, promotions and going live: the SKU picker, cart lines per SKU, checkout priced by
// a quote, coupons in words, the limited-time countdown, which 订阅消息 templates a moment asks for, the profile's
// nickname and avatar path, privacy refusals, the parcel route and the order's coupon. Inputs are typed by the
// contract, so a renamed answer field fails the type check here as in the pages.
import type {
  CenterCoupon,
  MyCoupon,
  Order,
  ParcelRoute,
  Product,
  Quote,
} from '../../miniprogram/services/api';
import { checkoutView, couponIdFor, couponOptions, quoteFits } from '../../miniprogram/pages/shop/cart/logic';
import { couponsSummary, gallerySlides, productView } from '../../miniprogram/pages/shop/product/logic';
import { couponStrip, toCards } from '../../miniprogram/pages/shop/home/logic';
import { orderDetailView, routeView } from '../../miniprogram/pages/order/detail/logic';
import { toOrderCards } from '../../miniprogram/pages/order/status';
import { purposeOf } from '../../miniprogram/components/privacy-popup/type';
import {
  addToCart,
  lineKey,
  lineProblem,
  orderItems,
  refreshCart,
  removeLine,
  setQuantity,
} from '../../miniprogram/utils/cart';
import {
  centerCouponViews,
  couponCondition,
  couponFigure,
  myCouponViews,
  scopeText,
} from '../../miniprogram/utils/coupon';
import { countdownText } from '../../miniprogram/utils/date';
import { isPrivacyRefusal, privacyRefusedText } from '../../miniprogram/utils/privacy';
import { avatarCloudPath, isDefaultNickname, nicknameChange } from '../../miniprogram/utils/profile';
import {
  chosenSku,
  initialSelection,
  shelfPriceText,
  skuView,
  toggleValue,
} from '../../miniprogram/utils/sku';
import { SUBSCRIBE_MOMENTS, templateIdsFor } from '../../miniprogram/utils/subscribe';

const NOW = Date.parse('2026-11-28T04:00:00.000Z');

/** A product with two dimensions; 2019 in 200g is sold out, 2021 in 357g is on a limited-time price. */
function puer(overrides: Partial<Product> = {}): Product {
  return {
    _id: 'puer',
    name: '云南普洱茶饼',
    price: 6800,
    stock: 18,
    category: '茶',
    images: ['https://cdn.example.com/puer.png'],
    status: 'on',
    specs: [
      { name: '年份', values: ['2019', '2021'] },
      { name: '规格', values: ['357g', '200g'] },
    ],
    skus: [
      { skuId: 'a', specs: ['2019', '357g'], price: 16800, stock: 5, image: 'https://cdn.example.com/a.png' },
      { skuId: 'b', specs: ['2019', '200g'], price: 9800, stock: 0 },
      { skuId: 'c', specs: ['2021', '357g'], price: 9900, listPrice: 12800, stock: 10 },
      { skuId: 'd', specs: ['2021', '200g'], price: 6800, stock: 3 },
    ],
    limitedEndsAt: '2026-11-30T04:00:00.000Z',
    ...overrides,
  };
}

const plain = (overrides: Partial<Product> = {}): Product => ({
  _id: 'honey',
  name: '百花蜂蜜',
  price: 6800,
  stock: 50,
  category: '食品',
  images: ['https://cdn.example.com/honey.png'],
  status: 'on',
  ...overrides,
});

describe('the SKU picker', () => {
  const chipStates = (selection: (string | null)[]) =>
    skuView(puer(), selection).rows.map((row) =>
      row.chips.map((c) => `${c.value}${c.selected ? ':on' : c.disabled ? ':off' : ''}`),
    );

  test('a value that leads to no SKU in stock is off, given what is chosen in the other dimensions', () => {
    expect(chipStates([null, null])).toEqual([
      ['2019', '2021'],
      ['357g', '200g'],
    ]);
    expect(chipStates(['2019', null])).toEqual([
      ['2019:on', '2021'],
      ['357g', '200g:off'],
    ]);
    expect(chipStates([null, '200g'])).toEqual([
      ['2019:off', '2021'],
      ['357g', '200g:on'],
    ]);
  });

  test('tapping chooses, tapping again unchooses, an off value does nothing', () => {
    let selection = toggleValue(puer(), [null, null], 0, '2019');
    expect(selection).toEqual(['2019', null]);
    expect(toggleValue(puer(), selection, 1, '200g')).toEqual(['2019', null]);
    selection = toggleValue(puer(), selection, 1, '357g');
    expect(selection).toEqual(['2019', '357g']);
    expect(chosenSku(puer(), selection)?.skuId).toBe('a');
    expect(toggleValue(puer(), selection, 1, '357g')).toEqual(['2019', null]);
    expect(toggleValue(puer(), selection, 5, '357g')).toEqual(['2019', '357g']);
  });

  test('the chosen SKU’s price (a limited one beside the price it cut), stock and picture', () => {
    expect(skuView(puer(), [null, null])).toMatchObject({
      sku: null,
      priceText: '¥68.00 起',
      listPriceText: '',
      stockText: '库存 18 件',
      image: 'https://cdn.example.com/puer.png',
      chosenText: '请选择 年份、规格',
      ready: false,
    });
    expect(skuView(puer(), ['2019', '357g'])).toMatchObject({
      priceText: '¥168.00',
      stockText: '库存 5 件',
      image: 'https://cdn.example.com/a.png',
      chosenText: '已选：2019 / 357g',
      ready: true,
    });
    expect(skuView(puer(), ['2021', '357g'])).toMatchObject({
      priceText: '¥99.00',
      listPriceText: '¥128.00',
    });
    // A value no longer sold is dropped from a selection.
    expect(skuView(puer(), ['2020', '357g']).chosenText).toBe('请选择 年份');
  });

  test('a picker opens with what there is no choice about', () => {
    expect(initialSelection(puer())).toEqual([null, null]);
    const one = puer({
      specs: [{ name: '规格', values: ['357g'] }],
      skus: [{ skuId: 'x', specs: ['357g'], price: 100, stock: 1 }],
    });
    expect(initialSelection(one)).toEqual(['357g']);
    const lastInStock = puer({
      skus: puer().skus!.map((sku) => ({ ...sku, stock: sku.skuId === 'd' ? 2 : 0 })),
    });
    expect(initialSelection(lastInStock)).toEqual(['2021', '200g']);
  });

  test('shelf prices: 「起」 only when SKUs sell at different prices', () => {
    expect(shelfPriceText(puer())).toBe('¥68.00 起');
    expect(shelfPriceText(plain())).toBe('¥68.00');
  });
});

describe('the product page and home', () => {
  test('with specifications the buttons open the picker; the limited price shows the price it cut', () => {
    expect(productView({ product: puer() }, ['2021', '357g'])).toMatchObject({
      priceText: '¥99.00',
      listPriceText: '¥128.00',
      hasSpecs: true,
      specText: '已选：2021 / 357g',
      canBuy: true,
    });
    expect(productView({ product: plain({ price: 5900, listPrice: 6800 }) })).toMatchObject({
      priceText: '¥59.00',
      listPriceText: '¥68.00',
      hasSpecs: false,
      specText: '',
    });
  });

  test('the video leads the gallery; the coupons line names the first rules', () => {
    expect(gallerySlides(plain(), 'https://v.mp4').map((s) => s.kind)).toEqual(['video', 'image']);
    expect(gallerySlides(plain(), '')[0]).toMatchObject({
      kind: 'image',
      src: 'https://cdn.example.com/honey.png',
    });
    expect(gallerySlides(plain(), 'https://v.mp4')[0]!.poster).toBe('https://cdn.example.com/honey.png');
    expect(couponsSummary([])).toBe('');
    expect(
      couponsSummary([{ ruleText: '满100减20' }, { ruleText: '9折' }, { ruleText: '无门槛减5元' }]),
    ).toBe('满100减20 · 9折 等 3 张');
  });

  test('home cards: the lowest price with 起, the price a limited one cut, 限时; the coupon strip', () => {
    const [card] = toCards([puer({ listPrice: 7800 })]);
    expect(card).toMatchObject({ priceText: '¥68.00 起', listPriceText: '¥78.00', limited: true });
    expect(couponStrip([{ canClaim: true }, { canClaim: false }, { canClaim: true }])).toBe('2 张优惠券可领');
    expect(couponStrip([{ canClaim: false }])).toBe('');
  });
});

describe('cart lines per SKU', () => {
  test('each SKU is its own line, with its price, stock, picture and values; quantities stay within its stock', () => {
    const product = puer();
    const a = product.skus![0]!;
    const d = product.skus![3]!;
    let cart = addToCart([], product, 2, a);
    cart = addToCart(cart, product, 9, d);
    cart = addToCart(cart, product, 9, a);
    expect(cart.map((l) => [lineKey(l), l.specText, l.price, l.quantity, l.image])).toEqual([
      ['puer__a', '2019 / 357g', 16800, 5, 'https://cdn.example.com/a.png'],
      ['puer__d', '2021 / 200g', 6800, 3, 'https://cdn.example.com/puer.png'],
    ]);
    cart = setQuantity(cart, 'puer__d', 1);
    expect(orderItems(cart)).toEqual([
      { productId: 'puer', skuId: 'a', quantity: 5 },
      { productId: 'puer', skuId: 'd', quantity: 1 },
    ]);
    expect(removeLine(cart, 'puer__a').map(lineKey)).toEqual(['puer__d']);
    // A product without specifications keeps its id as its key, and sends no skuId.
    expect(orderItems(addToCart([], plain(), 1))).toEqual([{ productId: 'honey', quantity: 1 }]);
  });

  test('checked against the shop: each SKU’s own price and stock; a SKU gone is unticked with why', () => {
    const product = puer();
    let cart = addToCart([], product, 1, product.skus![0]);
    cart = addToCart(cart, product, 1, product.skus![3]);
    // A line from before the product had specifications names no SKU.
    cart = cart.concat({ ...addToCart([], plain({ _id: 'puer' }), 1)[0]! });
    const fresh = puer({
      skus: [{ ...product.skus![0]!, price: 15800, stock: 4 }, { ...product.skus![2]! }],
    });
    const refreshed = refreshCart(cart, { puer: fresh });
    expect(refreshed.map((l) => [l.skuId ?? '', l.price, l.stock, lineProblem(l), l.checked])).toEqual([
      ['a', 15800, 4, '', true],
      ['d', 6800, 3, '该规格已下架，请重新选择', false],
      ['', 6800, 50, '该规格已下架，请重新选择', false],
    ]);
    expect(orderItems(refreshed)).toEqual([{ productId: 'puer', skuId: 'a', quantity: 1 }]);
  });
});

describe('checkout priced by a quote', () => {
  const address = {
    userName: '韩梅梅',
    telNumber: '13800000000',
    provinceName: '浙江省',
    cityName: '杭州市',
    countyName: '西湖区',
    detailInfo: '龙井路 1 号',
  };
  const cart = addToCart([], puer(), 2, puer().skus![2]);
  const quote: Quote = {
    lines: [
      {
        productId: 'puer',
        skuId: 'c',
        specText: '2021 / 357g',
        name: '云南普洱茶饼',
        price: 9900,
        listPrice: 12800,
        quantity: 2,
        paid: 17800,
      },
    ],
    listAmount: 19800,
    coupons: [
      {
        userCouponId: 'u1',
        name: '满100减20',
        ruleText: '满100减20',
        validUntil: '2026-12-28T04:00:00.000Z',
        discount: 2000,
      },
      {
        userCouponId: 'u2',
        name: '满300减50',
        ruleText: '满300减50',
        validUntil: '2026-12-01T04:00:00.000Z',
        discount: 0,
        reason: '适用商品满 300 元可用',
      },
    ],
    coupon: { userCouponId: 'u1', name: '满100减20', discount: 2000 },
    goodsAmount: 17800,
    shipping: 800,
    amount: 18600,
  };

  test('the server’s lines, coupon, shipping and total', () => {
    const view = checkoutView(cart, address, { feeFen: 800, freeOverFen: 19900 }, quote);
    expect(view).toMatchObject({
      quoted: true,
      goodsText: '¥198.00',
      coupon: { text: '满100减20 -¥20.00', applied: true, held: 2 },
      shipping: { text: '¥8.00', feeFen: 800, hint: '再买 ¥21.00 免运费' },
      totalText: '¥186.00',
      blocker: '',
    });
    expect(view.lines[0]).toMatchObject({
      key: 'puer__c',
      specText: '2021 / 357g',
      priceText: '¥99.00',
      listPriceText: '¥128.00',
      paidText: '券后 ¥178.00',
    });
  });

  test('a quote of other lines is not shown; none chosen, or none usable, says so', () => {
    const changed = setQuantity(cart, 'puer__c', 1);
    expect(quoteFits(changed, quote)).toBe(false);
    expect(checkoutView(changed, address, null, quote)).toMatchObject({ quoted: false, totalText: '¥99.00' });
    const none = { ...quote, coupon: null, goodsAmount: 19800, amount: 20600 };
    expect(checkoutView(cart, address, null, none, { kind: 'none' }).coupon.text).toBe('不使用优惠券');
    expect(checkoutView(cart, address, null, none).coupon.text).toBe('1 张可用');
    const unusable = { ...none, coupons: [quote.coupons[1]!] };
    expect(checkoutView(cart, address, null, unusable).coupon.text).toBe('暂无可用优惠券');
  });

  test('the chooser: each coupon’s discount or why it cannot be used, then 不使用优惠券', () => {
    expect(couponOptions(quote)).toEqual([
      {
        id: 'u1',
        name: '满100减20',
        detail: '满100减20 · 有效期至 2026-12-28',
        effect: '-¥20.00',
        usable: true,
        selected: true,
      },
      {
        id: 'u2',
        name: '满300减50',
        detail: '满300减50 · 有效期至 2026-12-01',
        effect: '适用商品满 300 元可用',
        usable: false,
        selected: false,
      },
      { id: '', name: '不使用优惠券', detail: '', effect: '', usable: true, selected: false },
    ]);
    expect(couponIdFor({ kind: 'best' })).toBeUndefined();
    expect(couponIdFor({ kind: 'none' })).toBeNull();
    expect(couponIdFor({ kind: 'chosen', userCouponId: 'u2' })).toBe('u2');
  });
});

describe('coupons in words', () => {
  const center: CenterCoupon = {
    couponId: 'C1',
    name: '普洱专享',
    ruleText: '9折，最多减30元',
    rule: { kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 3000 },
    scope: { kind: 'categories', categories: ['茶', '茶具'] },
    validity: { kind: 'window', startsAt: '2026-11-27T16:00:00.000Z', endsAt: '2026-12-31T16:00:00.000Z' },
    held: 1,
    canClaim: true,
    left: 12,
  };

  test('the stub’s figure and condition, where it applies, how long it lasts, what the button says', () => {
    expect(couponFigure({ kind: 'amount', thresholdFen: 10000, offFen: 2000 })).toBe('¥20');
    expect(couponFigure({ kind: 'percent', thresholdFen: 0, percentOffBp: 1500, capFen: 0 })).toBe('8.5折');
    expect(couponCondition({ kind: 'amount', thresholdFen: 10000, offFen: 2000 })).toBe('满¥100可用');
    expect(couponCondition(center.rule)).toBe('无门槛，最多减¥30');
    expect(scopeText({ kind: 'all' })).toBe('全场通用');
    expect(scopeText({ kind: 'products', productIds: ['p'] })).toBe('限指定商品可用');
    expect(centerCouponViews([center])[0]).toEqual({
      id: 'C1',
      couponId: 'C1',
      figure: '9折',
      condition: '无门槛，最多减¥30',
      name: '普洱专享',
      detail: '9折，最多减30元 · 限茶、茶具可用',
      note: '2026-11-28 至 2027-01-01 有效',
      canClaim: true,
      actionText: '再领一张',
      countText: '已领 1 张 · 剩 12 张',
    });
    const actions = (c: Partial<CenterCoupon>) => centerCouponViews([{ ...center, ...c }])[0]!.actionText;
    expect(actions({ held: 0 })).toBe('领取');
    expect(actions({ canClaim: false })).toBe('已领取');
    expect(actions({ canClaim: false, held: 0, left: 0 })).toBe('已领完');
    expect(centerCouponViews([{ ...center, held: 0, left: null }])[0]!.countText).toBe('');
  });

  test('my coupons: used and expired ones are grey with a stamp', () => {
    const mine: MyCoupon = {
      userCouponId: 'C1:o1:1',
      couponId: 'C1',
      name: '满100减20',
      ruleText: '满100减20',
      rule: { kind: 'amount', thresholdFen: 10000, offFen: 2000 },
      scope: { kind: 'all' },
      validFrom: '2026-11-28T04:00:00.000Z',
      validUntil: '2026-12-28T04:00:00.000Z',
      state: 'used',
      orderId: 'o1',
    };
    expect(myCouponViews([mine])[0]).toMatchObject({
      figure: '¥20',
      note: '2026-11-28 至 2026-12-28',
      muted: true,
      stamp: '已使用',
    });
    expect(myCouponViews([{ ...mine, state: 'usable' }])[0]).toMatchObject({ muted: false, stamp: '' });
  });
});

describe('the limited-time countdown', () => {
  test('days and a clock, the clock alone on the last day, nothing once ended', () => {
    expect(countdownText('2026-11-30T05:02:03.000Z', NOW)).toBe('2 天 01:02:03');
    expect(countdownText('2026-11-28T05:00:00.000Z', NOW)).toBe('01:00:00');
    expect(countdownText('2026-11-28T04:00:00.000Z', NOW)).toBe('');
    expect(countdownText(undefined, NOW)).toBe('');
  });
});

describe('订阅消息 moments', () => {
  test('only the templates the merchant set, without repeats, at most three to a sheet', () => {
    expect(templateIdsFor({ orderShipped: 't1', refundResult: 't2' }, SUBSCRIBE_MOMENTS.pay)).toEqual([
      't1',
      't2',
    ]);
    expect(templateIdsFor({ refundResult: 't2' }, SUBSCRIBE_MOMENTS.pay)).toEqual(['t2']);
    expect(templateIdsFor({ orderShipped: 't1', refundResult: 't1' }, SUBSCRIBE_MOMENTS.pay)).toEqual(['t1']);
    expect(templateIdsFor({}, SUBSCRIBE_MOMENTS.withdraw)).toEqual([]);
    expect(templateIdsFor(undefined, SUBSCRIBE_MOMENTS.apply)).toEqual([]);
    expect(
      templateIdsFor(
        { orderShipped: 'a', refundResult: 'b', applicationReviewed: 'c', withdrawalResult: 'd' },
        ['orderShipped', 'refundResult', 'applicationReviewed', 'withdrawalResult'],
      ),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('profile and privacy', () => {
  test('a submitted nickname: trimmed, saved only when changed, required while still the default', () => {
    expect(nicknameChange('微信用户', '  小王 ')).toEqual({ nickname: '小王' });
    expect(nicknameChange('小王', '小王')).toEqual({});
    expect(nicknameChange('小王', '')).toEqual({});
    expect(nicknameChange('微信用户', '')).toEqual({ problem: '请填写昵称' });
    expect(nicknameChange('微信用户', undefined)).toEqual({ problem: '请填写昵称' });
    expect(nicknameChange('小王', '长'.repeat(33))).toEqual({ problem: '昵称最多 32 个字' });
    expect(isDefaultNickname('微信用户')).toBe(true);
    expect(isDefaultNickname('')).toBe(true);
    expect(isDefaultNickname('小王')).toBe(false);
  });

  test('an avatar goes to avatars/ under a fresh name with its own extension', () => {
    expect(avatarCloudPath('wxfile://tmp/a.JPG', 36 ** 3, () => 0)).toBe('avatars/1000-000000.jpg');
    expect(avatarCloudPath('http://tmp/abc', 1, () => 0.5)).toBe('avatars/1-iiiiii.png');
  });

  test('a refused privacy agreement is told from other failures; the popup says what it is for', () => {
    expect(
      isPrivacyRefusal({ errMsg: 'chooseAddress:fail privacy permission is not authorized', errno: 104 }),
    ).toBe(true);
    expect(isPrivacyRefusal({ errno: 104 })).toBe(true);
    expect(isPrivacyRefusal({ errMsg: 'chooseAddress:fail cancel' })).toBe(false);
    expect(isPrivacyRefusal(undefined)).toBe(false);
    expect(privacyRefusedText('选择收货地址')).toBe('未同意隐私保护指引，暂时无法选择收货地址');
    expect(purposeOf('chooseAddress', 'x')).toBe('选择收货地址');
    expect(purposeOf('saveImageToPhotosAlbum', 'x')).toBe('保存海报到相册');
    expect(purposeOf('button.chooseAvatar', 'x')).toBe('设置头像');
    expect(purposeOf(undefined, '使用这项功能')).toBe('使用这项功能');
  });
});

describe('the order afterwards', () => {
  const order: Order = {
    _id: 'o1',
    status: 'shipped',
    items: [
      {
        productId: 'puer',
        skuId: 'c',
        specText: '2021 / 357g',
        name: '云南普洱茶饼',
        price: 9900,
        listPrice: 12800,
        quantity: 2,
        paid: 17820,
      },
    ],
    goodsAmount: 17820,
    shipping: 0,
    amount: 17820,
    address: {
      userName: '韩梅梅',
      telNumber: '13800000000',
      provinceName: '浙江省',
      cityName: '杭州市',
      countyName: '西湖区',
      detailInfo: '龙井路 1 号',
    },
    remark: '',
    outTradeNo: 'o1',
    orderNo: '202611280000000001',
    refundedAmount: 0,
    refundCount: 0,
    coupon: { name: '普洱专享9折', discount: 1980 },
    shippingInfo: {
      expressCompany: 'SF',
      carrier: '顺丰速运',
      trackingNo: 'SF1',
      shippedAt: '2026-11-28T04:00:00.000Z',
    },
    createdAt: '2026-11-28T03:00:00.000Z',
    expiresAt: '2026-11-28T03:30:00.000Z',
    paidAt: '2026-11-28T03:01:00.000Z',
  };

  test('the detail: each line’s SKU and list price; goods before the coupon, the coupon, goods after it', () => {
    const view = orderDetailView(order);
    expect(view.lines[0]).toMatchObject({
      specText: '2021 / 357g',
      priceText: '¥99.00',
      listPriceText: '¥128.00',
    });
    expect(view).toMatchObject({
      goodsText: '¥198.00',
      couponLabel: '优惠券（普洱专享9折）',
      couponText: '-¥19.80',
      paidGoodsText: '¥178.20',
    });
    const { coupon, ...without } = order;
    void coupon;
    expect(orderDetailView({ ...without, goodsAmount: 19800, amount: 19800 })).toMatchObject({
      goodsText: '¥198.00',
      couponLabel: '',
      paidGoodsText: '',
    });
  });

  test('the list card of a one-product order: its SKU and the price a limited one cut', () => {
    expect(toOrderCards([order])[0]!.line).toMatchObject({
      specText: '2021 / 357g',
      priceText: '¥99.00',
      listPriceText: '¥128.00',
    });
    expect(toOrderCards([{ ...order, items: [order.items[0]!, order.items[0]!] }])[0]!.line).toBeNull();
  });

  test('the route newest first with short times; a note when the provider could not answer', () => {
    const route: ParcelRoute = {
      carrier: '顺丰速运',
      trackingNo: 'SF1',
      events: [
        { at: '2026-11-29T02:00:00.000Z', text: '快件已到达【杭州转运中心】' },
        { at: '2026-11-28T04:00:00.000Z', text: '【广州】快件已揽收' },
      ],
    };
    expect(routeView(route)).toEqual({
      steps: [
        { key: '0:2026-11-29T02:00:00.000Z', text: '快件已到达【杭州转运中心】', time: '11-29 10:00' },
        { key: '1:2026-11-28T04:00:00.000Z', text: '【广州】快件已揽收', time: '11-28 12:00' },
      ],
      note: '',
    });
    expect(routeView({ ...route, events: [], note: '暂时查不到物流轨迹，可复制单号到快递公司查询' })).toEqual(
      {
        steps: [],
        note: '暂时查不到物流轨迹，可复制单号到快递公司查询',
      },
    );
    expect(routeView({ ...route, events: [] }).note).toBe('暂无物流轨迹，揽收后会显示在这里');
  });
});
