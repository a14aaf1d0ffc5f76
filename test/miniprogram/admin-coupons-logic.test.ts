// The merchant's coupon pages, pure: the cards in words, and the edit form ↔ coupons.upsert's coupon.
import type { AdminCoupon } from '../../miniprogram/services/admin';
import {
  beijingInstant,
  couponCard,
  couponOf,
  emptyCouponForm,
  faceOf,
  firstCouponError,
  foldValue,
  formFromCoupon,
  replaceCard,
  ruleWords,
  rulePreview,
  scopeText,
  storedCoupon,
  toggle,
  validateCouponForm,
  validityText,
} from '../../miniprogram/pages/admin/coupons/logic';

const NOW = Date.parse('2026-12-06T04:00:00Z'); // 12:00 in Beijing

const coupon = (over: Partial<AdminCoupon> = {}): AdminCoupon => ({
  _id: 'c1',
  name: '满100减20',
  rule: { kind: 'amount', thresholdFen: 10000, offFen: 2000 },
  scope: { kind: 'all' },
  validity: { kind: 'days', days: 30 },
  totalLimit: 500,
  perUserLimit: 1,
  claimed: 12,
  used: 3,
  status: 'active',
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  ruleText: '满100减20',
  ...over,
});

describe('coupon cards', () => {
  test('rule, scope, validity and counts in words; a running coupon can be stopped', () => {
    const card = couponCard(coupon(), NOW);
    expect(card).toMatchObject({
      statusText: '发放中',
      stateKey: 'active',
      scopeText: '全部商品可用',
      validityText: '领取后 30 天内可用',
      claimedText: '已领 12 / 500 张',
      usedText: '已使用 3 张',
      perUserText: '每人限领 1 张',
      canDisable: true,
    });
    expect(couponCard(coupon({ totalLimit: 0 }), NOW).claimedText).toBe('已领 12 张 · 不限量');
    expect(couponCard(coupon({ status: 'disabled' }), NOW)).toMatchObject({
      statusText: '已停用',
      canDisable: false,
    });
    expect(couponOf(card)).toEqual(coupon());
  });

  test('a fixed window in Beijing time; ended and not yet begun say so', () => {
    const window = {
      kind: 'window' as const,
      startsAt: '2026-12-01T16:00:00.000Z',
      endsAt: '2026-12-31T15:59:00.000Z',
    };
    expect(validityText(window)).toBe('2026-12-02 00:00 至 2026-12-31 23:59');
    expect(couponCard(coupon({ validity: window }), NOW).statusText).toBe('发放中');
    expect(couponCard(coupon({ validity: window }), Date.parse('2027-01-01T00:00:00Z')).statusText).toBe(
      '已结束',
    );
    expect(couponCard(coupon({ validity: window }), Date.parse('2026-11-30T00:00:00Z')).statusText).toBe(
      '未开始',
    );
  });

  test('scope: a few products by name, many by count, categories listed', () => {
    const products = { kind: 'products' as const, productIds: ['p1', 'p2'] };
    expect(scopeText(products, { p1: '龙井', p2: '蜂蜜' })).toBe('限商品：龙井、蜂蜜');
    expect(scopeText(products, { p1: '龙井' })).toBe('限 2 个商品');
    expect(scopeText({ kind: 'categories', categories: ['茶叶', '蜂蜜'] })).toBe('限分类：茶叶、蜂蜜');
  });

  test('after 停用 the card leaves 发放中 and stays on 全部', () => {
    const cards = [couponCard(coupon(), NOW), couponCard(coupon({ _id: 'c2' }), NOW)];
    const stopped = coupon({ status: 'disabled' });
    expect(replaceCard(cards, stopped, 'active', NOW).map((c) => c._id)).toEqual(['c2']);
    const all = replaceCard(cards, stopped, '', NOW);
    expect(all[0]).toMatchObject({ statusText: '已停用', canDisable: false });
    expect(all[1]).toBe(cards[1]);
  });

  test('the coupon the list handed over is used only when it is the one asked for', () => {
    expect(storedCoupon(coupon(), 'c1')).toEqual(coupon());
    expect(storedCoupon(coupon(), 'c2')).toBeNull();
    expect(storedCoupon('', 'c1')).toBeNull();
  });
});

describe('rules in words', () => {
  test('满减, 无门槛 and 折扣 with or without a cap, as the server writes them', () => {
    expect(ruleWords({ kind: 'amount', thresholdFen: 10000, offFen: 2000 })).toBe('满100减20');
    expect(ruleWords({ kind: 'amount', thresholdFen: 0, offFen: 550 })).toBe('无门槛减5.50元');
    expect(ruleWords({ kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 3000 })).toBe(
      '9折，最多减30元',
    );
    expect(ruleWords({ kind: 'percent', thresholdFen: 5000, percentOffBp: 1500, capFen: 0 })).toBe(
      '满50打8.5折',
    );
    // A ticket's face: the value large, the condition small.
    expect(faceOf({ kind: 'amount', thresholdFen: 10000, offFen: 2000 })).toEqual({
      valueText: '¥20',
      conditionText: '满100可用',
    });
    expect(faceOf({ kind: 'percent', thresholdFen: 0, percentOffBp: 1200, capFen: 3000 })).toEqual({
      valueText: '8.8折',
      conditionText: '无门槛 · 最多减30元',
    });
    expect(foldValue(1000)).toBe('9');
    expect(foldValue(1500)).toBe('8.5');
    expect(foldValue(50)).toBe('9.95');
  });
});

describe('coupon form', () => {
  test('a new form: 满减 for everything, 30 days after claiming, one each, a week-long window ready', () => {
    const form = emptyCouponForm(NOW);
    expect(form).toMatchObject({
      ruleKind: 'amount',
      scopeKind: 'all',
      validityKind: 'days',
      days: '30',
      perUserLimit: '1',
      totalLimit: '',
      startDate: '2026-12-06',
      startTime: '00:00',
      endDate: '2026-12-13',
      endTime: '23:59',
    });
  });

  test('coupon → form → coupon is the identity for every kind of rule, scope and validity', () => {
    const cases: AdminCoupon[] = [
      coupon(),
      coupon({
        _id: 'c2',
        rule: { kind: 'percent', thresholdFen: 0, percentOffBp: 1500, capFen: 3000 },
        scope: { kind: 'products', productIds: ['p1', 'p2'] },
        validity: {
          kind: 'window',
          startsAt: '2026-12-01T16:00:00+08:00',
          endsAt: '2026-12-31T23:59:00+08:00',
        },
        totalLimit: 0,
        perUserLimit: 3,
      }),
      coupon({
        _id: 'c3',
        rule: { kind: 'amount', thresholdFen: 0, offFen: 500 },
        scope: { kind: 'categories', categories: ['茶叶'] },
      }),
    ];
    for (const c of cases) {
      const result = validateCouponForm(formFromCoupon(c, NOW));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      // A window comes back as the Beijing time its pickers show, with its zone (the cases are written so).
      expect(result.coupon).toEqual({
        _id: c._id,
        name: c.name,
        rule: c.rule,
        scope: c.scope,
        validity: c.validity,
        totalLimit: c.totalLimit,
        perUserLimit: c.perUserLimit,
      });
    }
    expect(formFromCoupon(cases[1]!, NOW)).toMatchObject({ fold: '8.5', cap: '30', threshold: '' });
  });

  test('each unreadable field gets its own message; contradictions between fields are the server’s', () => {
    const form = {
      ...emptyCouponForm(NOW),
      name: ' ',
      threshold: 'abc',
      off: '0',
      scopeKind: 'products' as const,
      days: '366',
      totalLimit: '-1',
      perUserLimit: '21',
    };
    const result = validateCouponForm(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: '请填写优惠券名称',
      threshold: '门槛格式不对：请填写金额（元），不填为无门槛',
      off: '优惠金额要大于 0',
      scope: '请至少选择一个商品',
      days: '请填写 1 到 365 之间的天数',
      totalLimit: '发放总量填 0 到 10000000 的整数，不填为不限量',
      perUserLimit: '每人限领填 1 到 20 的整数',
    });
    expect(firstCouponError(result.errors)).toBe('请填写优惠券名称');
    // 折扣: 0.1 to 9.99 折; a window needs both ends picked.
    const percent = { ...emptyCouponForm(NOW), name: '九折', ruleKind: 'percent' as const };
    for (const [fold, ok] of [
      ['9', true],
      ['0.1', true],
      ['9.99', true],
      ['10', false],
      ['0.05', false],
      ['9.999', false],
      ['', false],
    ] as const)
      expect(validateCouponForm({ ...percent, fold }).ok).toBe(ok);
    const windowless = validateCouponForm({ ...percent, fold: '9', validityKind: 'window', endDate: '' });
    expect(windowless.ok ? {} : windowless.errors).toEqual({ end: '请选择结束日期和时间' });
    // 满减 of 100 off a 50 threshold reads field by field: the server refuses it in its own words.
    const contradiction = validateCouponForm({
      ...emptyCouponForm(NOW),
      name: 'x',
      threshold: '50',
      off: '100',
    });
    expect(contradiction.ok).toBe(true);
  });

  test('the rule preview follows what is typed; choosing toggles', () => {
    const form = { ...emptyCouponForm(NOW), threshold: '100', off: '20' };
    expect(rulePreview(form)).toBe('满100减20');
    expect(rulePreview({ ...form, off: 'x' })).toBe('');
    expect(rulePreview({ ...form, ruleKind: 'percent', fold: '8.8', cap: '' })).toBe('满100打8.8折');
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
    expect(beijingInstant('2026-12-01', '09:30')).toBe('2026-12-01T09:30:00+08:00');
    expect(beijingInstant('2026-12-01', '')).toBeNull();
  });
});
