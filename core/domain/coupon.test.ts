// Coupons and what each order line paid: the written spreading rule, its worked example, and the invariants
// (shares add up, no line below zero, commission within the cap of what was paid) as properties.
import fc from 'fast-check';
import { planCommission, ReferrerSnapshot } from './commission';
import {
  applyCoupon,
  bestCoupon,
  CouponRule,
  CouponScope,
  discountOf,
  ruleText,
  spreadDiscount,
  unusableBecause,
  UserCoupon,
} from './coupon';
import { buildItems, commissionLines, goodsAmountOf, Product, withCoupon } from './order';

const NOW = new Date('2026-11-28T04:00:00Z');
const DAY = 86_400_000;

const held = (rule: CouponRule, extra: Partial<UserCoupon> = {}): UserCoupon => ({
  _id: 'c1:u:1',
  couponId: 'c1',
  userId: 'u',
  name: '券',
  rule,
  scope: { kind: 'all' },
  validFrom: new Date(NOW.getTime() - DAY),
  validUntil: new Date(NOW.getTime() + DAY),
  status: 'unused',
  claimedAt: NOW,
  updatedAt: NOW,
  ...extra,
});

test('the worked example of coupon.ts: 满100减20 on 80.00 + 40.00 yuan pays 66.67 + 33.33', () => {
  const lines = [
    { productId: 'a', category: '茶', amount: 8000 },
    { productId: 'b', category: '茶', amount: 4000 },
  ];
  const { discount, shares } = applyCoupon(
    { rule: { kind: 'amount', thresholdFen: 10_000, offFen: 2000 }, scope: { kind: 'all' } },
    lines,
  );
  expect(discount).toBe(2000);
  expect(shares).toEqual([1333, 667]);
});

test('a share never exceeds its line: the remainder moves to the lines before the last', () => {
  // floor(5×2/6) = 1 on each of the first two; 3 left would not fit the last line of 2.
  expect(spreadDiscount([2, 2, 2], [true, true, true], 5)).toEqual([1, 2, 2]);
  expect(spreadDiscount([3, 3, 1], [true, true, true], 6)).toEqual([2, 3, 1]);
});

test('lines the coupon does not cover get no share', () => {
  expect(spreadDiscount([5000, 3000, 2000], [true, false, true], 700)).toEqual([500, 0, 200]);
});

test.each<[string, CouponRule, number, number]>([
  ['below the threshold', { kind: 'amount', thresholdFen: 10_000, offFen: 2000 }, 9999, 0],
  ['at the threshold', { kind: 'amount', thresholdFen: 10_000, offFen: 2000 }, 10_000, 2000],
  ['no threshold, more off than the goods', { kind: 'amount', thresholdFen: 0, offFen: 500 }, 300, 300],
  ['10% off, floored', { kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 0 }, 12_345, 1234],
  [
    '10% off, capped at 30 yuan',
    { kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 3000 },
    50_000,
    3000,
  ],
])('%s', (_name, rule, eligible, off) => {
  expect(discountOf(rule, eligible)).toBe(off);
});

test('rules in words', () => {
  expect(ruleText({ kind: 'amount', thresholdFen: 10_000, offFen: 2000 })).toBe('满100减20');
  expect(ruleText({ kind: 'amount', thresholdFen: 0, offFen: 500 })).toBe('无门槛减5元');
  expect(ruleText({ kind: 'percent', thresholdFen: 0, percentOffBp: 1500, capFen: 3000 })).toBe(
    '8.5折，最多减30元',
  );
  expect(ruleText({ kind: 'percent', thresholdFen: 20_000, percentOffBp: 1000, capFen: 0 })).toBe(
    '满200打9折',
  );
});

test('why a coupon cannot be used', () => {
  const lines = [{ productId: 'a', category: '茶', amount: 5000 }];
  const rule: CouponRule = { kind: 'amount', thresholdFen: 10_000, offFen: 2000 };
  expect(unusableBecause(held(rule), lines, NOW)).toBe('适用商品满 100 元可用');
  expect(unusableBecause(held(rule, { status: 'used' }), lines, NOW)).toBe('已使用');
  expect(unusableBecause(held(rule, { validUntil: NOW }), lines, NOW)).toBe('已过期');
  expect(unusableBecause(held(rule, { validFrom: new Date(NOW.getTime() + 1) }), lines, NOW)).toBe(
    '未到使用时间',
  );
  expect(
    unusableBecause(
      held({ ...rule, thresholdFen: 0 }, { scope: { kind: 'categories', categories: ['酒'] } }),
      lines,
      NOW,
    ),
  ).toBe('订单中没有适用的商品');
});

test('the best coupon takes the most off; among equals the one expiring first', () => {
  const lines = [{ productId: 'a', category: '茶', amount: 20_000 }];
  const small = held({ kind: 'amount', thresholdFen: 0, offFen: 1000 }, { _id: 'small' });
  const big = held({ kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 0 }, { _id: 'big' });
  const bigSooner = held(
    { kind: 'amount', thresholdFen: 0, offFen: 2000 },
    { _id: 'soon', validUntil: new Date(NOW.getTime() + 1000) },
  );
  expect(bestCoupon([small, big], lines, NOW)?._id).toBe('big');
  expect(bestCoupon([small, big, bigSooner], lines, NOW)?._id).toBe('soon');
  expect(bestCoupon([held({ kind: 'amount', thresholdFen: 50_000, offFen: 1 })], lines, NOW)).toBeUndefined();
});

const productArb = (id: string) =>
  fc
    .record({
      price: fc.integer({ min: 1, max: 5_000_000 }),
      quantity: fc.integer({ min: 1, max: 50 }),
      category: fc.constantFrom('茶', '酒', '器'),
      commission: fc.option(
        fc.oneof(
          fc.record({
            mode: fc.constant('rate' as const),
            level1Bp: fc.integer({ min: 0, max: 2000 }),
            level2Bp: fc.integer({ min: 0, max: 1000 }),
          }),
          fc.record({
            mode: fc.constant('fixed' as const),
            level1Fen: fc.integer({ min: 0, max: 100_000 }),
            level2Fen: fc.integer({ min: 0, max: 50_000 }),
          }),
          fc.constant({ mode: 'none' as const }),
        ),
        { nil: undefined },
      ),
    })
    .map((p) => ({ id, ...p }));

const ruleArb: fc.Arbitrary<CouponRule> = fc.oneof(
  fc.record({
    kind: fc.constant('amount' as const),
    thresholdFen: fc.integer({ min: 0, max: 1_000_000 }),
    offFen: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({
    kind: fc.constant('percent' as const),
    thresholdFen: fc.integer({ min: 0, max: 1_000_000 }),
    percentOffBp: fc.integer({ min: 1, max: 9000 }),
    capFen: fc.integer({ min: 0, max: 1_000_000 }),
  }),
);

test('property: the lines paid add up to the goods paid, none below zero, commission within the cap of what was paid', () => {
  fc.assert(
    fc.property(
      fc.array(productArb('p'), { minLength: 1, maxLength: 8 }),
      ruleArb,
      fc.constantFrom<'all' | 'categories'>('all', 'categories'),
      fc.integer({ min: 0, max: 3000 }),
      (specs, rule, scopeKind, capBp) => {
        const products = new Map<string, Product>(
          specs.map((s, i) => [
            `p${i}`,
            {
              _id: `p${i}`,
              name: `p${i}`,
              price: s.price,
              stock: 1000,
              category: s.category,
              images: [],
              status: 'on',
              ...(s.commission ? { commission: s.commission } : {}),
            },
          ]),
        );
        const built = buildItems(
          specs.map((s, i) => ({ productId: `p${i}`, quantity: s.quantity })),
          products,
          NOW,
        );
        const scope: CouponScope =
          scopeKind === 'all' ? { kind: 'all' } : { kind: 'categories', categories: ['茶'] };
        const { items, discount } = withCoupon(built, { rule, scope });
        const listAmount = built.reduce((s, i) => s + i.price * i.quantity, 0);
        expect(goodsAmountOf(items)).toBe(listAmount - discount);
        for (const item of items) {
          expect(item.paid).toBeGreaterThanOrEqual(0);
          expect(item.paid).toBeLessThanOrEqual(item.price * item.quantity);
        }
        const snapshot: ReferrerSnapshot = {
          level1: { userId: 'b', rate: 1000 },
          level2: { userId: 'a', rate: 500 },
          rule: 'inviter',
          capBp,
        };
        const plan = planCommission(snapshot, commissionLines(items));
        const total = plan.levels.reduce((s, l) => s + l.amount, 0);
        expect(plan.base).toBe(goodsAmountOf(items));
        expect(total).toBeLessThanOrEqual(Math.floor((goodsAmountOf(items) * capBp) / 10_000));
      },
    ),
  );
});

test('property: spreading gives away exactly the discount and never more than a line holds', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.boolean()), {
        minLength: 1,
        maxLength: 20,
      }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (lines, share) => {
        const amounts = lines.map(([a]) => a);
        const eligible = lines.map(([, e]) => e);
        const total = amounts.reduce((s, a, i) => (eligible[i] ? s + a : s), 0);
        const discount = Math.floor(total * share);
        const shares = spreadDiscount(amounts, eligible, discount);
        expect(shares.reduce((s, x) => s + x, 0)).toBe(discount);
        shares.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(eligible[i] ? amounts[i]! : 0);
        });
      },
    ),
  );
});
