// Specifications, coupons and limited-time prices through the local cloud and the real wx-server-sdk: every
// SKU sells at its price from its own stock (30 buyers racing for 10), a 满100减20 coupon spread over two lines
// (one paying no commission) with the commission and a partial refund's reversal computed here
// independently, a coupon claimed twice at once under a limit of one, a coupon back after an unpaid order
// closes or a full refund, and a limited-time price only inside its window.
import { startCloud, TestCloud } from '../support/cloud';
import { ADDRESS as address, userDoc } from '../support/fixtures';

const ADMIN = 'merchant';
const MINUTE = 60_000;
let shop: TestCloud;

const ok = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.ok(fn, action, data, openid);
const admin = (action: string, data: Record<string, unknown>) => ok('admin', action, data, ADMIN);
const doc = (collection: string, id: string) =>
  shop.local.engine.getById(collection, id) as Record<string, any>;
const docs = (collection: string, query: Record<string, unknown> = {}) =>
  shop.local.engine.find(collection, { query, limit: 1000 }) as Record<string, any>[];

/** A 2 × 3 product: 容量 × 包装, each SKU with its own price and stock. */
const TEA_SKUS = [
  { skuId: 's250-plain', specs: ['250g', '简装'], price: 6800, stock: 10 },
  { skuId: 's250-gift', specs: ['250g', '礼盒'], price: 8800, stock: 5 },
  { skuId: 's250-tin', specs: ['250g', '罐装'], price: 7800, stock: 5 },
  { skuId: 's500-plain', specs: ['500g', '简装'], price: 12_800, stock: 5 },
  { skuId: 's500-gift', specs: ['500g', '礼盒'], price: 15_800, stock: 5 },
  { skuId: 's500-tin', specs: ['500g', '罐装'], price: 13_800, stock: 5 },
];
let teaId: string;
let cupId: string;
let leafId: string;

async function paid(buyer: string, items: Record<string, unknown>[], couponId?: string) {
  const { order } = await ok('order', 'create', { items, address, ...(couponId ? { couponId } : {}) }, buyer);
  await ok('order', 'pay', { orderId: order._id }, buyer);
  await shop.local.pay.pay(order.outTradeNo, 'SUCCESS');
  await shop.local.pay.idle();
  return order;
}

async function makeCoupon(coupon: Record<string, unknown>) {
  return (
    await admin('coupons.upsert', {
      coupon: {
        validity: { kind: 'days', days: 30 },
        totalLimit: 0,
        perUserLimit: 1,
        scope: { kind: 'all' },
        ...coupon,
      },
    })
  ).coupon;
}

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const now = shop.local.clock.date();
  shop.local.engine.insert('users', [
    userDoc('A', null, 'active', now),
    userDoc('B', 'A', 'active', now),
    ...Array.from({ length: 30 }, (_, i) => userDoc(`fan${i}`, 'B', 'none', now)),
    userDoc('C', 'B', 'none', now),
    userDoc('D', 'B', 'none', now),
  ]);
  const product = async (fields: Record<string, unknown>) =>
    (
      await admin('products.upsert', {
        product: { stock: 0, category: '茶', images: [], status: 'on', ...fields },
      })
    ).product._id as string;
  teaId = await product({
    name: '龙井',
    price: 0,
    specs: [
      { name: '容量', values: ['250g', '500g'] },
      { name: '包装', values: ['简装', '礼盒', '罐装'] },
    ],
    skus: TEA_SKUS,
  });
  cupId = await product({
    name: '茶杯',
    price: 4000,
    stock: 100,
    category: '器',
    commission: { mode: 'none' },
  });
  leafId = await product({ name: '散茶', price: 8000, stock: 100 });
});
afterAll(() => shop?.stop());

describe('specifications', () => {
  test('the product shows its SKUs with the lowest price; each SKU sells at its own price', async () => {
    const { product } = await ok('order', 'product', { productId: teaId }, 'C');
    expect(product).toMatchObject({ price: 6800, stock: 35, specs: [{ name: '容量' }, { name: '包装' }] });
    expect(product.skus).toHaveLength(6);
    expect(product.skus[0]).not.toHaveProperty('commission');
    for (const sku of TEA_SKUS.slice(1, 4)) {
      const quote = await ok(
        'order',
        'quote',
        { items: [{ productId: teaId, skuId: sku.skuId, quantity: 2 }] },
        'C',
      );
      expect(quote.lines).toEqual([
        expect.objectContaining({
          skuId: sku.skuId,
          specText: sku.specs.join(' / '),
          price: sku.price,
          paid: sku.price * 2,
        }),
      ]);
    }
  });

  test('a product with specifications needs a SKU it has; a client price is not an input', async () => {
    for (const items of [
      [{ productId: teaId, quantity: 1 }],
      [{ productId: teaId, skuId: 'nope', quantity: 1 }],
      [{ productId: cupId, skuId: 's250-plain', quantity: 1 }],
      [{ productId: teaId, skuId: 's250-plain', quantity: 1, price: 1 }],
    ]) {
      const refused = await shop.call('order', 'create', { items, address }, 'C');
      expect(refused.ok).toBe(false);
    }
  });

  test('30 buyers race for a SKU with stock 10: exactly 10 orders, the other SKUs untouched', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        shop.call(
          'order',
          'create',
          { items: [{ productId: teaId, skuId: 's250-plain', quantity: 1 }], address },
          `fan${i}`,
        ),
      ),
    );
    const made = answers.flatMap((a, i) => (a.ok ? [{ buyer: `fan${i}`, order: a.data.order }] : []));
    expect(made).toHaveLength(10);
    for (const refused of answers.filter((a) => !a.ok))
      expect(refused.error).toMatchObject({
        code: 'FAILED_PRECONDITION',
        message: expect.stringMatching(/^库存不足：龙井（250g \/ 简装）/),
      });
    const tea = doc('products', teaId);
    expect(tea.skus.map((s: any) => s.stock)).toEqual([0, 5, 5, 5, 5, 5]);
    expect(tea.stock).toBe(25);
    // Cancelling gives the SKU's stock back, not another SKU's.
    await ok('order', 'cancel', { orderId: made[0]!.order._id }, made[0]!.buyer);
    expect(doc('products', teaId).skus.map((s: any) => s.stock)).toEqual([1, 5, 5, 5, 5, 5]);
    expect(doc('products', teaId).stock).toBe(26);
  });
});

describe('coupons', () => {
  test('满100减20 over two lines, one paying no commission: lines, commission and a partial refund by hand', async () => {
    const coupon = await makeCoupon({
      name: '满100减20',
      rule: { kind: 'amount', thresholdFen: 10_000, offFen: 2000 },
    });
    const { coupon: mine } = await ok('order', 'coupons.claim', { couponId: coupon._id }, 'C');
    const items = [
      { productId: leafId, quantity: 1 },
      { productId: cupId, quantity: 1 },
    ];
    const quote = await ok('order', 'quote', { items }, 'C');
    expect(quote.coupon).toMatchObject({ userCouponId: mine.userCouponId, discount: 2000 });

    const order = await paid('C', items, mine.userCouponId);
    // By hand: 2000 × 8000 / 12000 = 1333.3 → 1333 on the leaf, the remaining 667 on the cup (the last line).
    const leafPaid = 8000 - Math.floor((2000 * 8000) / 12_000);
    const cupPaid = 4000 - (2000 - Math.floor((2000 * 8000) / 12_000));
    const stored = doc('orders', order._id);
    expect(stored.items.map((i: any) => [i.productId, i.paid])).toEqual([
      [leafId, leafPaid],
      [cupId, cupPaid],
    ]);
    expect(stored).toMatchObject({
      goodsAmount: 10_000,
      amount: 10_000,
      coupon: { discount: 2000, name: '满100减20' },
    });
    // The cup pays no commission; the leaf's paid amount is the base at 10% and 5%, floored.
    const level1 = Math.floor((leafPaid * 1000) / 10_000);
    const level2 = Math.floor((leafPaid * 500) / 10_000);
    expect(doc('commissions', `${order._id}:L1`)).toMatchObject({
      beneficiaryId: 'B',
      base: 10_000,
      amount: level1,
    });
    expect(doc('commissions', `${order._id}:L2`)).toMatchObject({
      beneficiaryId: 'A',
      base: 10_000,
      amount: level2,
    });
    expect(doc('userCoupons', mine.userCouponId)).toMatchObject({ status: 'used', orderId: order._id });

    // A partial refund of 50.00 reverses each level in proportion to the goods paid: floor(x × 5000 / 10000) stays.
    const { refund } = await ok(
      'order',
      'refund',
      { orderId: order._id, amount: 5000, reason: '少了一个' },
      'C',
    );
    await admin('refunds.review', { refundId: refund._id, approve: true });
    await shop.local.pay.idle();
    expect(doc('commissions', `${order._id}:L1`).reversedAmount).toBe(
      level1 - Math.floor((level1 * 5000) / 10_000),
    );
    expect(doc('commissions', `${order._id}:L2`).reversedAmount).toBe(
      level2 - Math.floor((level2 * 5000) / 10_000),
    );
    // A partial refund keeps the coupon used.
    expect(doc('userCoupons', mine.userCouponId).status).toBe('used');

    // The rest refunded: the order is as if never bought and the coupon comes back.
    const { refund: rest } = await ok('order', 'refund', { orderId: order._id, reason: '都退了' }, 'C');
    await admin('refunds.review', { refundId: rest._id, approve: true });
    await shop.local.pay.idle();
    expect(doc('orders', order._id).status).toBe('refunded');
    expect(doc('userCoupons', mine.userCouponId)).toMatchObject({ status: 'unused' });
    expect(doc('userCoupons', mine.userCouponId)).not.toHaveProperty('orderId');
  });

  test('claimed twice at once with a limit of one: one coupon; an unpaid order closed gives it back', async () => {
    const coupon = await makeCoupon({
      name: '无门槛5元',
      rule: { kind: 'amount', thresholdFen: 0, offFen: 500 },
      totalLimit: 100,
    });
    const answers = await Promise.all([
      shop.call('order', 'coupons.claim', { couponId: coupon._id }, 'D'),
      shop.call('order', 'coupons.claim', { couponId: coupon._id }, 'D'),
    ]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)!.error).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: '每人限领 1 张',
    });
    expect(docs('userCoupons', { userId: 'D', couponId: coupon._id })).toHaveLength(1);
    expect(doc('coupons', coupon._id).claimed).toBe(1);
    const mine = answers.find((a) => a.ok)!.data.coupon;

    // Someone else cannot use D's coupon.
    const stolen = await shop.call(
      'order',
      'create',
      { items: [{ productId: cupId, quantity: 1 }], address, couponId: mine.userCouponId },
      'C',
    );
    expect(stolen).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });

    const { order } = await ok(
      'order',
      'create',
      { items: [{ productId: cupId, quantity: 1 }], address, couponId: mine.userCouponId },
      'D',
    );
    expect(order).toMatchObject({ goodsAmount: 3500, coupon: { discount: 500 } });
    // Used: not offered again, and a second order with it is refused.
    expect(
      (await ok('order', 'quote', { items: [{ productId: cupId, quantity: 1 }] }, 'D')).coupon,
    ).toBeNull();
    const twice = await shop.call(
      'order',
      'create',
      { items: [{ productId: cupId, quantity: 1 }], address, couponId: mine.userCouponId },
      'D',
    );
    expect(twice).toMatchObject({ ok: false, error: { message: '优惠券不可用：没有这张券或已使用' } });

    // The order expires unpaid; the timer closes it and the coupon is usable again.
    shop.local.clock.advance(31 * MINUTE);
    const run = await shop.local.invoke('settle', { Type: 'Timer', TriggerName: 'settleEvery10Minutes' });
    expect(run).toMatchObject({ ok: true });
    expect(doc('orders', order._id).status).toBe('closed');
    expect(doc('userCoupons', mine.userCouponId).status).toBe('unused');
    const again = await ok('order', 'quote', { items: [{ productId: cupId, quantity: 1 }] }, 'D');
    expect(again.coupon).toMatchObject({ userCouponId: mine.userCouponId, discount: 500 });
  });

  test('the coupon centre, limits and the merchant stopping a coupon', async () => {
    const coupon = await makeCoupon({
      name: '茶类9折',
      rule: { kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 3000 },
      scope: { kind: 'categories', categories: ['茶'] },
      totalLimit: 1,
    });
    const forCup = await ok('order', 'coupons.center', { productId: cupId }, 'C');
    expect(forCup.items.map((c: any) => c.couponId)).not.toContain(coupon._id);
    const forTea = await ok('order', 'coupons.center', { productId: teaId }, 'C');
    expect(forTea.items.find((c: any) => c.couponId === coupon._id)).toMatchObject({
      ruleText: '9折，最多减30元',
      canClaim: true,
      left: 1,
    });
    await ok('order', 'coupons.claim', { couponId: coupon._id }, 'C');
    expect(await shop.call('order', 'coupons.claim', { couponId: coupon._id }, 'D')).toMatchObject({
      ok: false,
      error: { message: '优惠券已领完或已结束' },
    });
    const stopped = await makeCoupon({
      name: '将停用',
      rule: { kind: 'amount', thresholdFen: 0, offFen: 100 },
    });
    expect((await admin('coupons.disable', { couponId: stopped._id })).coupon.status).toBe('disabled');
    expect(await shop.call('order', 'coupons.claim', { couponId: stopped._id }, 'C')).toMatchObject({
      ok: false,
      error: { message: '优惠券已停止发放' },
    });
    const listed = await admin('coupons.list', { status: 'disabled' });
    expect(listed.items.map((c: any) => c._id)).toEqual([stopped._id]);
    const mine = await ok('order', 'coupons.mine', {}, 'C');
    expect(mine.items.map((c: any) => c.state)).toEqual(expect.arrayContaining(['usable']));
  });

  test('bad coupon templates are refused in words and write nothing', async () => {
    const before = shop.snapshot(['coupons']);
    for (const [coupon, message] of [
      [{ name: 'x', rule: { kind: 'amount', thresholdFen: 1000, offFen: 1000 } }, '满减的优惠金额要低于门槛'],
      [
        {
          name: 'x',
          rule: { kind: 'amount', thresholdFen: 0, offFen: 100 },
          validity: {
            kind: 'window',
            startsAt: '2026-12-02T00:00:00+08:00',
            endsAt: '2026-12-01T00:00:00+08:00',
          },
        },
        '结束时间要晚于开始时间',
      ],
    ] as const) {
      const refused = await shop.call(
        'admin',
        'coupons.upsert',
        {
          coupon: {
            scope: { kind: 'all' },
            validity: { kind: 'days', days: 1 },
            totalLimit: 0,
            perUserLimit: 1,
            ...coupon,
          },
        },
        ADMIN,
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message } });
    }
    const wrongType = await shop.call(
      'admin',
      'coupons.upsert',
      {
        coupon: {
          name: 'x',
          rule: { kind: 'amount', thresholdFen: '0', offFen: 1 },
          scope: { kind: 'all' },
          validity: { kind: 'days', days: 1 },
          totalLimit: 0,
          perUserLimit: 1,
        },
      },
      ADMIN,
    );
    expect(wrongType.ok).toBe(false);
    expect(await shop.call('admin', 'coupons.upsert', { coupon: { name: 'x' } }, 'C')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(shop.snapshot(['coupons'])).toBe(before);
  });
});

describe('limited-time price', () => {
  test('applies only inside its window, on the server, on the chosen SKU', async () => {
    const now = shop.local.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const tea = doc('products', teaId);
    await admin('products.upsert', {
      product: {
        _id: teaId,
        name: tea.name,
        price: tea.price,
        stock: tea.stock,
        category: tea.category,
        images: [],
        status: 'on',
        specs: tea.specs,
        skus: tea.skus,
        limited: {
          startsAt: iso(now + 60 * MINUTE),
          endsAt: iso(now + 120 * MINUTE),
          prices: { 's500-gift': 9900 },
        },
      },
    });
    const line = [{ productId: teaId, skuId: 's500-gift', quantity: 1 }];
    const before = await ok('order', 'quote', { items: line, couponId: null }, 'C');
    expect(before.lines[0]).toMatchObject({ price: 15_800 });
    expect(before.lines[0]).not.toHaveProperty('listPrice');

    shop.local.clock.advance(60 * MINUTE);
    const during = await ok('order', 'quote', { items: line, couponId: null }, 'C');
    expect(during.lines[0]).toMatchObject({ price: 9900, listPrice: 15_800, paid: 9900 });
    const { product } = await ok('order', 'product', { productId: teaId }, 'C');
    expect(product.skus.find((s: any) => s.skuId === 's500-gift')).toMatchObject({
      price: 9900,
      listPrice: 15_800,
    });
    expect(product.limitedEndsAt).toBe(iso(now + 120 * MINUTE));
    const { order } = await ok('order', 'create', { items: line, address }, 'C');
    expect(order.items[0]).toMatchObject({ price: 9900, listPrice: 15_800 });
    expect(order.amount).toBe(9900);

    shop.local.clock.advance(60 * MINUTE);
    const after = await ok('order', 'quote', { items: line, couponId: null }, 'C');
    expect(after.lines[0]).toMatchObject({ price: 15_800 });
  });

  test("a limited price at or above the SKU's price is refused", async () => {
    const tea = doc('products', teaId);
    const refused = await shop.call(
      'admin',
      'products.upsert',
      {
        product: {
          _id: teaId,
          name: tea.name,
          price: 0,
          stock: 0,
          category: tea.category,
          images: [],
          status: 'on',
          specs: tea.specs,
          skus: tea.skus,
          limited: {
            startsAt: '2026-12-01T00:00:00+08:00',
            endsAt: '2026-12-02T00:00:00+08:00',
            prices: { 's250-gift': 8800 },
          },
        },
      },
      ADMIN,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '限时价要低于原价（250g / 礼盒）' },
    });
  });
});

describe('analytics', () => {
  test('the day shows what coupons took off and how many orders used one', async () => {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(
      shop.local.clock.date(),
    );
    const daily = await admin('stats.daily', { from: today, to: today });
    const sold = docs('orders', { coupon: { $exists: true } }).filter((o) => o.paidAt);
    expect(daily.total.couponOrders).toBe(sold.length);
    expect(daily.total.couponDiscount).toBe(sold.reduce((s, o) => s + o.coupon.discount, 0));
    expect(daily.total.couponDiscount).toBeGreaterThan(0);
  });
});
