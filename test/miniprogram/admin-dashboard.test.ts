/** @jest-environment jsdom */
// The merchant's dashboard, analytics and settings pages under miniprogram-simulate with scripted admin
// answers: what they show, what they ask for, and what a save sends.
import type { Overview, Settings } from '../../miniprogram/services/admin';
import { buildMiniprogram } from './support/build';
import { FakeCloud, fakeCloud, wireServices } from './support/fake-cloud';
import { mount, SimComponent, sleep, textOf, waitFor } from './support/simulate';
import { recordWx, stubWx, WxRecorder } from './support/wx';

const built = buildMiniprogram();
let cloud: FakeCloud;
let wxr: WxRecorder;

const calls = (action: string) => cloud.calls.filter((c) => c.action === action).map((c) => c.event);
const text = (page: SimComponent, selector: string) => textOf(page.querySelector(selector));

beforeEach(() => {
  cloud = fakeCloud();
  built.prepare = wireServices(cloud.platform, 'http://fake-cloud', 'merchant');
  wxr = recordWx();
});

const overview = (over: Partial<Overview> = {}): Overview => ({
  from: '2026-11-19',
  to: '2026-11-25',
  sales: 123456,
  grossSales: 130000,
  orders: 12,
  refunds: 6544,
  averageOrder: 10288,
  commission: { pending: 5000, settled: 2500, reversed: 300 },
  distributors: { total: 8, active: 3, new: 2, frozen: 1 },
  daily: [
    { date: '2026-11-23', sales: 0, orders: 0 },
    { date: '2026-11-24', sales: 20000, orders: 2 },
    { date: '2026-11-25', sales: 5000, orders: 1 },
  ],
  topDistributors: [{ userId: 'd1', nickname: '小王', sales: 20000, commission: 2000, recruits: 4 }],
  ...over,
});

describe('dashboard', () => {
  const open = async () => {
    cloud.on('admin.stats.overview', () => overview());
    cloud.on('admin.stats.todo', () => ({
      applications: 2,
      toShip: 5,
      refunds: 0,
      withdrawals: 1,
      toPay: 0,
    }));
    const page = mount(built, 'pages/admin/dashboard/index');
    page.instance.onShow();
    await waitFor(() => expect(page.data.status).toBe('ready'));
    return page;
  };

  test('the key numbers of the last 7 Beijing days, with a bar per day scaled to the best day', async () => {
    const page = await open();
    const [asked] = calls('stats.overview');
    expect(asked!.to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(`${asked!.to}T00:00:00Z`) - Date.parse(`${asked!.from}T00:00:00Z`)).toBe(
      6 * 86_400_000,
    );
    expect(text(page, '#figure-sales')).toContain('¥1234.56');
    expect(text(page, '#figure-sales')).toContain('退款前 ¥1300.00');
    expect(text(page, '#figure-averageOrder')).toContain('¥102.88');
    expect(text(page, '#figure-distributors')).toContain('新增 2 · 出单 3 · 冻结 1');
    expect(page.data.chart.map((bar: { pct: number }) => bar.pct)).toEqual([0, 100, 25]);
    expect(text(page, '#picked')).toBe('2026-11-25：销售额 ¥50.00，1 单');
    page.querySelectorAll('.chart__col')[1]!.dispatchEvent('tap');
    await waitFor(() => expect(text(page, '#picked')).toBe('2026-11-24：销售额 ¥200.00，2 单'));
    expect(textOf(page)).toContain('小王');
  });

  test('to-do entries show only what waits and open the page where it is done', async () => {
    const page = await open();
    expect(page.querySelectorAll('.todo__item').map(textOf)).toEqual([
      '5待发货订单',
      '2待审核分销员',
      '1待审核提现',
    ]);
    page.querySelectorAll('.todo__item')[0]!.dispatchEvent('tap');
    await waitFor(() => expect(wxr.navigations).toContain('/pages/admin/orders/index?status=paid'));
  });

  test('a preset asks for its range; a failed first load shows the error and retry recovers', async () => {
    let fail = true;
    cloud.on('admin.stats.overview', () => {
      if (fail) throw { code: 'PERMISSION_DENIED', message: '仅商家管理员可以操作' };
      return overview();
    });
    cloud.on('admin.stats.todo', () => ({
      applications: 0,
      toShip: 0,
      refunds: 0,
      withdrawals: 0,
      toPay: 0,
    }));
    const page = mount(built, 'pages/admin/dashboard/index');
    page.instance.onShow();
    await waitFor(() => expect(textOf(page)).toContain('仅商家管理员可以操作'));
    fail = false;
    page.instance.onPreset({ detail: { value: 'today' } });
    await waitFor(() => expect(page.data.status).toBe('ready'));
    const last = calls('stats.overview').at(-1)!;
    expect(last.from).toBe(last.to);
    expect(page.querySelector('#todo')).toBeUndefined();
  });
});

describe('analytics', () => {
  const open = async () => {
    cloud.on('admin.stats.daily', (e) => ({
      from: e.from,
      to: e.to,
      items: [
        { date: '2026-11-24', orders: 2, sales: 20000, grossSales: 20000, refunds: 0, averageOrder: 10000 },
        { date: '2026-11-25', orders: 1, sales: 5000, grossSales: 6000, refunds: 1000, averageOrder: 5000 },
      ],
      total: { orders: 3, sales: 25000, grossSales: 26000, refunds: 1000, averageOrder: 8333 },
    }));
    const cell = (gross: number) => ({
      entries: 1,
      gross,
      net: gross,
      pending: gross,
      settled: 0,
      reversed: 0,
    });
    cloud.on('admin.stats.commissionByLevel', () => ({
      from: '',
      to: '',
      level1: cell(2500),
      level2: cell(1250),
      total: cell(3750),
    }));
    cloud.on('admin.stats.funnel', () => ({
      from: '',
      to: '',
      newUsers: 40,
      invited: 20,
      bought: 5,
      distributors: 2,
      rates: { bought: 2500, distributors: 1000 },
    }));
    cloud.on('admin.stats.topDistributors', (e) => ({
      by: e.by,
      items: e.cursor
        ? [{ rank: 2, userId: 'd2', nickname: '小李', sales: 1, commission: 1, orders: 1, recruits: 0 }]
        : [
            {
              rank: 1,
              userId: 'd1',
              nickname: '小王',
              sales: 20000,
              commission: 2000,
              orders: 2,
              recruits: 4,
            },
          ],
      next: e.cursor ? null : '1',
    }));
    const page = mount(built, 'pages/admin/analytics/index');
    page.instance.onLoad();
    await waitFor(() => expect(page.data.status).toBe('ready'));
    await waitFor(() => expect(textOf(page)).toContain('小王'));
    return page;
  };

  test('daily table newest first, totals, commission by level, the funnel and the ranking', async () => {
    const page = await open();
    expect(text(page, '#totals')).toContain('¥250.00');
    expect(text(page, '#totals')).toContain('¥83.33');
    const rows = page.querySelectorAll('#days .table__row').map(textOf);
    expect(rows[1]).toBe('2026-11-251¥50.00¥50.00¥10.00');
    expect(rows[2]).toBe('2026-11-242¥200.00¥100.00¥0.00');
    expect(page.querySelectorAll('#commission .table__row').map(textOf)[2]).toBe(
      '二级¥12.50¥12.50¥0.00¥0.00',
    );
    expect(text(page, '#funnel')).toContain('已购买5 人 · 25%');
    expect(text(page, '#funnel')).toContain('成为分销员2 人 · 10%');
    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page)).toContain('小李'));
    expect(calls('stats.topDistributors').map((e) => e.cursor)).toEqual([undefined, '1']);
  });

  test('ranking tabs ask again by commission; an export shows its rows and copies the link', async () => {
    const page = await open();
    page.instance.onTopBy({ detail: { value: 'commission' } });
    await waitFor(() => expect(calls('stats.topDistributors').at(-1)).toMatchObject({ by: 'commission' }));
    cloud.on('admin.export', (e) => ({
      kind: e.kind,
      fileID: 'cloud://x.csv',
      tempFileURL: 'https://t/x.csv',
      rows: 7,
    }));
    let copied = '';
    stubWx({ setClipboardData: (o: { data: string }) => void (copied = o.data) });
    page.querySelectorAll('.export')[1]!.dispatchEvent('tap');
    await waitFor(() => expect(text(page, '#exported')).toContain('佣金明细已导出 7 行'));
    const [asked] = calls('export');
    expect(asked).toMatchObject({ kind: 'commissions', from: page.data.from, to: page.data.to });
    page.instance.onCopyLink();
    expect(copied).toBe('https://t/x.csv');
  });
});

describe('settings', () => {
  const saved: Settings = {
    shopName: '茶铺',
    levels: 2,
    rates: { level1: 1000, level2: 500 },
    joinMode: 'apply',
    joinThreshold: 0,
    binding: { mode: 'permanent', validityDays: 30, newUsersOnly: false },
    selfPurchase: false,
    capBp: 3000,
    afterSaleDays: 7,
    autoCompleteDays: 10,
    unpaidCloseMinutes: 30,
    withdrawal: { minAmount: 100, feeBp: 0 },
    grades: [
      {
        id: 'g1',
        name: '金牌',
        rates: { level1: 1500, level2: 500 },
        upgrade: { metric: 'sales', threshold: 100000 },
      },
    ],
    shipping: { feeFen: 0, freeOverFen: 0 },
    payment: { provider: 'cloudPay', subMchId: '', notifyUrl: '' },
    payout: { mode: 'manual', postType: '推广员', rewardDescription: '分销佣金', remark: '' },
    admins: ['merchant'],
  };

  const open = async () => {
    cloud.on('admin.settings.get', () => ({ settings: saved }));
    cloud.on('admin.settings.preview', (e) => {
      const level1 = (e.settings as Settings | undefined)?.rates?.level1 ?? 1000;
      return {
        level1,
        level2: 500,
        text: [`一级 ${level1 / 100} 元`],
        problems: level1 > 2500 ? ['超过上限'] : [],
      };
    });
    cloud.on('admin.settings.update', (e) => ({ settings: { ...saved, ...(e.settings as object) } }));
    const page = mount(built, 'pages/admin/settings/index');
    page.instance.onLoad();
    await waitFor(() => expect(text(page, '#preview')).toContain('一级 10 元'));
    return page;
  };
  const type = (page: SimComponent, field: string, value: unknown) =>
    page.instance.onField({ currentTarget: { dataset: { field } }, detail: { value } });

  test('shows the saved rules as the merchant types them, and previews the draft as it changes', async () => {
    const page = await open();
    expect(page.data.form).toMatchObject({ level1: '10', level2: '5', cap: '30', withdrawMin: '1' });
    type(page, 'level1', '27.5');
    await waitFor(() => expect(text(page, '#preview')).toContain('一级 27.5 元'), 3000);
    expect(text(page, '#preview')).toContain('超过上限');
    expect(calls('settings.preview').at(-1)!.settings).toMatchObject({
      rates: { level1: 2750, level2: 500 },
    });
    expect(calls('settings.update')).toEqual([]);
  });

  test('save sends the whole form in fen and basis points; a bad field is marked and nothing is sent', async () => {
    const page = await open();
    type(page, 'withdrawFee', '101');
    await page.instance.onSave();
    expect(page.data.errors.withdrawFee).toContain('0 到 100');
    expect(wxr.toasts).toContain('请先改正标红的内容');
    expect(calls('settings.update')).toEqual([]);

    type(page, 'withdrawFee', '0.6');
    type(page, 'levels', '1');
    type(page, 'grades.0.threshold', '2000');
    page.instance.onAddGrade();
    type(page, 'grades.1.name', '钻石');
    type(page, 'grades.1.level1', '20');
    type(page, 'grades.1.threshold', '50');
    type(page, 'grades.1.metric', 'recruits');
    await page.instance.onSave();
    const [sent] = calls('settings.update');
    expect(sent!.settings).toMatchObject({
      levels: 1,
      rates: { level1: 1000, level2: 0 },
      withdrawal: { minAmount: 100, feeBp: 60 },
      grades: [
        {
          id: 'g1',
          name: '金牌',
          rates: { level1: 1500, level2: 0 },
          upgrade: { metric: 'sales', threshold: 200000 },
        },
        {
          id: 'g2',
          name: '钻石',
          rates: { level1: 2000, level2: 0 },
          upgrade: { metric: 'recruits', threshold: 50 },
        },
      ],
      admins: ['merchant'],
    });
    expect(wxr.toasts).toContain('已保存');
    expect(page.data.dirty).toBe(false);
  });

  test("the server's refusal is shown and the form keeps what was typed", async () => {
    const page = await open();
    cloud.on('admin.settings.update', () => {
      throw { code: 'INVALID_ARGUMENT', message: '不能把自己从管理员中移除' };
    });
    page.instance.onNewAdmin({ detail: { value: 'other-admin' } });
    page.instance.onAddAdmin();
    page.instance.onRemoveAdmin({ currentTarget: { dataset: { index: 0 } } });
    await page.instance.onSave();
    expect(wxr.toasts).toContain('不能把自己从管理员中移除');
    expect(page.data.form.admins).toEqual(['other-admin']);
    expect(page.data.dirty).toBe(true);
    await sleep(0);
  });
});
