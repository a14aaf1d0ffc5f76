// Pure logic of the merchant's dashboard, analytics and settings pages: Beijing date ranges, bar charts,
// the figures in words, the funnel, and the settings form ↔ settings conversion with its checks.
import fc from 'fast-check';
import type { CommissionCell, Settings } from '../../miniprogram/services/admin';
import {
  emptyBanner,
  formFromSettings,
  MAX_BANNERS,
  nextGradeId,
  settingsFromForm,
} from '../../miniprogram/pages/admin/settings/logic';
import {
  commissionRows,
  couponOrdersText,
  funnelSteps,
  overviewFigures,
  todoEntries,
} from '../../miniprogram/pages/admin/stats-logic';
import { bars } from '../../miniprogram/utils/chart';
import { beijingDate, formatDateTime, presetRange } from '../../miniprogram/utils/date';
import { parsePercent, percentText } from '../../miniprogram/utils/money';

describe('Beijing dates', () => {
  test('the Beijing day is UTC+8 whatever the time zone of the phone', () => {
    expect(beijingDate(Date.parse('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
    expect(beijingDate(Date.parse('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
    expect(formatDateTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });

  test('presets are inclusive ranges ending today (Beijing): 7 days, 30 days, this month, today', () => {
    const now = Date.parse('2026-03-01T17:00:00Z'); // 2026-03-02 01:00 in Beijing
    expect(presetRange('today', now)).toEqual({ from: '2026-03-02', to: '2026-03-02' });
    expect(presetRange('7d', now)).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(presetRange('30d', now)).toEqual({ from: '2026-02-01', to: '2026-03-02' });
    expect(presetRange('month', now)).toEqual({ from: '2026-03-01', to: '2026-03-02' });
  });

  test('property: a 7-day preset always spans exactly 7 calendar days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), (now) => {
        const { from, to } = presetRange('7d', now);
        return Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) === 6 * 86_400_000;
      }),
    );
  });
});

describe('bar charts', () => {
  test('each bar is its share of the tallest; a small non-zero value stays visible; all zero is flat', () => {
    const rows = [{ v: 0 }, { v: 1 }, { v: 1000 }, { v: 333 }];
    expect(
      bars(
        rows,
        (_) => 'x',
        (r) => r.v,
      ).map((b) => b.pct),
    ).toEqual([0, 2, 100, 33.3]);
    expect(
      bars(
        [{ v: 0 }, { v: 0 }],
        () => '',
        (r) => r.v,
      ).map((b) => b.pct),
    ).toEqual([0, 0]);
    expect(
      bars(
        [],
        () => '',
        () => 0,
      ),
    ).toEqual([]);
  });
});

describe('figures', () => {
  test('overview figures and to-do entries in words', () => {
    const figures = overviewFigures({
      from: '',
      to: '',
      sales: 100,
      grossSales: 150,
      orders: 1,
      refunds: 50,
      averageOrder: 100,
      couponDiscount: 20,
      couponOrders: 1,
      commission: { earned: 4, pending: 1, settled: 2, reversed: 3 },
      distributors: { total: 4, active: 1, new: 0, frozen: 0 },
      daily: [],
      topDistributors: [],
    });
    // Two to a row: sales, what coupons cost beside the distributors, then commission.
    expect(figures.map((f) => `${f.label}=${f.text}`)).toEqual([
      '销售额=¥1.00',
      '支付订单=1',
      '客单价=¥1.00',
      '退款=¥0.50',
      '优惠券抵扣=¥0.20',
      '分销员=4',
      '新增佣金=¥0.04',
      '待结算佣金=¥0.01',
      '已结算佣金=¥0.02',
      '退款扣回佣金=¥0.03',
    ]);
    expect(figures.find((f) => f.key === 'coupon')!.hint).toBe('1 单用券（占 100%）');
    expect(figures.find((f) => f.key === 'distributors')!.hint).toBe('新增 0 · 出单 1');
    expect(couponOrdersText(0, 5)).toBe('无订单用券');
    expect(couponOrdersText(2, 3)).toBe('2 单用券（占 66.67%）');
    expect(
      todoEntries({
        applications: 0,
        toShip: 0,
        refunds: 3,
        withdrawals: 0,
        toPay: 1,
        lateRefunds: 0,
        failedRefunds: 2,
        shipmentUploads: 1,
      }),
    ).toEqual([
      expect.objectContaining({ label: '待处理退款', count: 3, url: '/pages/admin/refunds/index' }),
      expect.objectContaining({ label: '待打款提现', count: 1 }),
      expect.objectContaining({ count: 2, url: '/pages/admin/refunds/index?status=failed' }),
      expect.objectContaining({
        key: 'shipmentUploads',
        count: 1,
        url: '/pages/admin/orders/index?status=shipped',
      }),
    ]);
  });

  test('the funnel in percent of the invited; nobody invited shows dashes, not 0%', () => {
    const steps = funnelSteps({
      from: '',
      to: '',
      newUsers: 9,
      invited: 8,
      bought: 3,
      distributors: 1,
      rates: { bought: 3750, distributors: 1250 },
    });
    expect(steps.map((s) => [s.label, s.count, s.rateText, s.pct])).toEqual([
      ['被邀请', 8, '100%', 100],
      ['已购买', 3, '37.5%', 37.5],
      ['成为分销员', 1, '12.5%', 12.5],
    ]);
    const none = funnelSteps({
      from: '',
      to: '',
      newUsers: 0,
      invited: 0,
      bought: 0,
      distributors: 0,
      rates: { bought: 0, distributors: 0 },
    });
    expect(none.map((s) => s.rateText)).toEqual(['—', '—', '—']);
  });

  test('commission rows: level 1, level 2, total', () => {
    const cell = (n: number): CommissionCell => ({
      entries: n,
      gross: n * 100,
      reversed: n * 10,
      settled: n * 40,
      net: n * 90,
    });
    const rows = commissionRows({ from: '', to: '', level1: cell(2), level2: cell(1), total: cell(3) });
    expect(rows.map((r) => [r.label, r.gross, r.reversed, r.net, r.settled])).toEqual([
      ['一级', '¥2.00', '¥0.20', '¥1.80', '¥0.80'],
      ['二级', '¥1.00', '¥0.10', '¥0.90', '¥0.40'],
      ['合计', '¥3.00', '¥0.30', '¥2.70', '¥1.20'],
    ]);
  });
});

describe('settings form', () => {
  const settings: Settings = {
    shopName: '茶铺',
    levels: 2,
    rates: { level1: 1250, level2: 7 },
    joinMode: 'threshold',
    joinThreshold: 9999,
    binding: { mode: 'validity', validityDays: 15, newUsersOnly: true },
    selfPurchase: true,
    capBp: 3000,
    afterSaleDays: 7,
    autoCompleteDays: 10,
    unpaidCloseMinutes: 30,
    withdrawal: { minAmount: 100, feeBp: 60 },
    grades: [
      {
        id: 'g3',
        name: '银牌',
        rates: { level1: 1500, level2: 500 },
        upgrade: { metric: 'recruits', threshold: 10 },
      },
    ],
    shipping: { feeFen: 800, freeOverFen: 9900 },
    payment: { provider: 'cloudPay', subMchId: '1900000109', notifyUrl: '' },
    payout: { mode: 'transfer', postType: '推广员', rewardDescription: '分销佣金', remark: '佣金' },
    admins: ['boss', 'helper'],
    banners: [],
    wechatShipping: { enabled: false },
    notices: {
      orderShipped: { templateId: 'Tpl_shipped-1', keys: { goods: 'thing1', orderNo: 'character_string2' } },
      refundResult: { templateId: '', keys: {} },
      applicationReviewed: { templateId: '', keys: {} },
      commissionCredited: { templateId: '', keys: {} },
      commissionSettled: { templateId: '', keys: {} },
      withdrawalResult: { templateId: '', keys: {} },
      transferConfirm: { templateId: '', keys: {} },
    },
    tracking: { provider: 'kuaidi100' },
    share: { codeEnvVersion: 'trial' },
    exports: { keepHours: 48 },
  };

  test('settings → form → settings is the identity for every field the form edits', () => {
    const { errors, patch } = settingsFromForm(formFromSettings(settings));
    expect(errors).toEqual({});
    // The payment provider and notify address stay with docs/WECHATPAY.md; everything else is on the form.
    const { payment, ...rest } = settings;
    expect(patch).toEqual({ ...rest, payment: { subMchId: payment.subMchId } });
  });

  test('property: any rate in basis points survives the percent text the form shows', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => parsePercent(percentText(bp)) === bp));
    expect(parsePercent('100.01')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('1.234')).toBeNull();
    expect(parsePercent(' 7.5 ')).toBe(750);
  });

  test('each unreadable field gets its own message and no patch', () => {
    const form = {
      ...formFromSettings(settings),
      shopName: ' ',
      level1: 'abc',
      cap: '101',
      validityDays: '0',
      withdrawMin: '1.234',
      postType: '',
      subMchId: '12ab',
      admins: ['ok', 'bad id!'],
    };
    form.grades = [{ ...form.grades[0]!, threshold: '1.5', name: '' }];
    const { errors, patch } = settingsFromForm(form);
    expect(patch).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(
      [
        'shopName',
        'level1',
        'cap',
        'validityDays',
        'withdrawMin',
        'postType',
        'subMchId',
        'admins.1',
        'grades.0.threshold',
        'grades.0.name',
      ].sort(),
    );
    expect(settingsFromForm({ ...formFromSettings(settings), admins: [] }).errors.admins).toBe(
      '至少保留一位管理员',
    );
  });

  test("the home page's banners: at most five, each a picture address and optionally a product", () => {
    const form = formFromSettings({
      ...settings,
      banners: [{ image: 'https://a.png', productId: 'p1' }, { image: 'cloud://env/b.png' }],
    });
    expect(form.banners).toEqual([
      { key: 'b0', image: 'https://a.png', productId: 'p1' },
      { key: 'b1', image: 'cloud://env/b.png', productId: '' },
    ]);
    expect(settingsFromForm(form).patch!.banners).toEqual([
      { image: 'https://a.png', productId: 'p1' },
      { image: 'cloud://env/b.png' },
    ]);
    expect(emptyBanner(form.banners)).toEqual({ key: 'b2', image: '', productId: '' });
    const bad = {
      ...form,
      banners: [
        { key: 'b0', image: ' ', productId: '' },
        { key: 'b1', image: 'http://plain.png', productId: '' },
      ],
    };
    expect(settingsFromForm(bad).errors).toEqual({
      'banners.0.image': '请填写图片地址或上传图片',
      'banners.1.image': '图片地址须以 https:// 或 cloud:// 开头',
    });
    const six = Array.from({ length: MAX_BANNERS + 1 }, (_, i) => ({
      key: `b${i}`,
      image: 'https://a.png',
      productId: '',
    }));
    expect(settingsFromForm({ ...form, banners: six }).errors.banners).toBe('最多 5 张横幅');
  });

  test('platform services: template ids checked, keyword mappings kept and shown, export hours 1–720', () => {
    const form = formFromSettings(settings);
    expect(form.notices.map((n) => n.event)).toEqual([
      'orderShipped',
      'refundResult',
      'applicationReviewed',
      'commissionCredited',
      'commissionSettled',
      'withdrawalResult',
      'transferConfirm',
    ]);
    expect(form.notices[0]!.keysText).toBe('goods→thing1、orderNo→character_string2');
    expect(form.notices[1]!.keysText).toBe('');
    form.notices[1]!.templateId = ' tpl refund ';
    form.keepHours = '721';
    expect(settingsFromForm(form).errors).toEqual({
      'notices.1.templateId': '模板ID只有字母、数字、“_”和“-”，最多 64 位',
      keepHours: '请输入 1 到 720 之间的整数（小时）',
    });
    form.notices[1]!.templateId = ' tpl-refund ';
    form.keepHours = '720';
    form.wechatShipping = true;
    form.trackingProvider = 'none';
    form.codeEnvVersion = 'release';
    const { patch } = settingsFromForm(form);
    expect(patch).toMatchObject({
      wechatShipping: { enabled: true },
      notices: {
        orderShipped: {
          templateId: 'Tpl_shipped-1',
          keys: { goods: 'thing1', orderNo: 'character_string2' },
        },
        refundResult: { templateId: 'tpl-refund', keys: {} },
      },
      tracking: { provider: 'none' },
      share: { codeEnvVersion: 'release' },
      exports: { keepHours: 720 },
    });
  });

  test('one-level mode sends level-2 rates of 0, whatever the hidden inputs still hold', () => {
    const { patch } = settingsFromForm({ ...formFromSettings(settings), levels: '1', level2: 'garbage' });
    expect(patch!.rates).toEqual({ level1: 1250, level2: 0 });
    expect(patch!.grades![0]!.rates.level2).toBe(0);
  });

  test('new grades get fresh ids past the highest one in use', () => {
    expect(nextGradeId([{ id: 'g3' }, { id: 'custom' }])).toBe('g4');
    expect(nextGradeId([])).toBe('g1');
    const form = formFromSettings(settings);
    form.grades.push({ id: '', name: '金牌', level1: '20', level2: '5', metric: 'sales', threshold: '1000' });
    form.grades.push({ id: '', name: '钻石', level1: '25', level2: '5', metric: 'sales', threshold: '5000' });
    const { patch } = settingsFromForm(form);
    expect(patch!.grades!.map((g) => [g.id, g.upgrade.threshold])).toEqual([
      ['g3', 10],
      ['g4', 100000],
      ['g5', 500000],
    ]);
  });
});
