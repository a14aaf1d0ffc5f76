/** @jest-environment jsdom */
// The merchant's dashboard, analytics and settings pages under miniprogram-simulate on the real functions in
// the local cloud: a new shop (every figure zero), a shop whose week of sales, refund, applications and
// withdrawal were made through the functions (what each page shows of it, what a tap asks for), the
// settings form against the saved rules, and the error states (no network, not an admin).
import http from 'node:http';
import {
  ADMIN,
  advanceClock,
  applyToJoin,
  askRefund,
  beijingDay,
  buyAndPay,
  DAY_MS,
  makeDistributor,
  openShop,
  PageNetwork,
  phoneClock,
  realShop,
  receiveAndSettle,
  refusalOf,
  refundArrived,
  toBeijingNoon,
  watchNetwork,
  withdraw,
} from './support/real-shop';
import { mount, SimComponent, SimNode, sleep, textOf, waitFor } from './support/simulate';
import { stubWx, WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let net: PageNetwork;

const text = (page: SimComponent, selector: string) => textOf(page.querySelector(selector));
/** A tap the way a person gives it (simulate delivers it on the next tick). */
const tapNode = async (node: SimNode) => {
  node.dispatchEvent('tap');
  await sleep(0);
};

// Noon in Beijing: "today" is the same day for the test and the page however long a step takes.
beforeAll(() => toBeijingNoon(shop));

beforeEach(async () => {
  wxr = shop.freshWx();
  net = watchNetwork();
  shop.as(ADMIN);
  await phoneClock(shop);
});

const openDashboard = async () => {
  const page = mount(shop.built, 'pages/admin/dashboard/index');
  page.instance.onShow();
  await waitFor(() => expect(page.data.status).toBe('ready'));
  return page;
};
const openAnalytics = async () => {
  const page = mount(shop.built, 'pages/admin/analytics/index');
  page.instance.onLoad();
  await waitFor(() => expect(page.data.status).toBe('ready'));
  await waitFor(() => expect(['ready', 'empty']).toContain(page.data.top.status));
  return page;
};

/** GET of a download link (jsdom has no fetch). */
function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      })
      .on('error', reject);
  });
}

describe('a new shop', () => {
  test('the dashboard shows zeros, nothing to do and no ranking', async () => {
    const today = beijingDay(Date.now());
    const page = await openDashboard();
    expect(text(page, '#figure-sales')).toContain('¥0.00');
    expect(text(page, '#figure-sales')).toContain('退款前 ¥0.00');
    expect(text(page, '#figure-orders')).toContain('0');
    expect(text(page, '#figure-distributors')).toContain('新增 0 · 出单 0');
    expect(page.querySelector('#todo')).toBeUndefined();
    expect(page.data.chart.map((bar: { pct: number }) => bar.pct)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(text(page, '#picked')).toBe(`${today}：销售额 ¥0.00，0 单`);
    expect(textOf(page)).toContain('这段时间还没有分销员出单');
  });

  test('analytics shows zero totals, a funnel without rates and an empty ranking', async () => {
    const page = await openAnalytics();
    expect(text(page, '#totals')).toContain('¥0.00');
    expect(page.querySelectorAll('#days .table__row')).toHaveLength(31); // the head and 30 days
    expect(text(page, '#funnel')).toContain('被邀请0 人 · —');
    expect(text(page, '#funnel')).toContain('已购买0 人 · —');
    expect(textOf(page)).toContain('期间新用户 0');
    expect(page.data.top.status).toBe('empty');
    expect(textOf(page)).toContain('这段时间还没有分销员出单');
  });
});

describe('a shop with a week of sales', () => {
  // Ten days ago 早鸟 sold a 100-yuan tea; it was received and settled, and 早鸟 asked to withdraw 10 yuan.
  // Yesterday 小王 (recruited by 老李) sold two 100-yuan teas, and 21 other distributors one 1-yuan cup each
  // (the last of them is frozen since); two people applied. Today a shopper nobody invited bought a 50-yuan
  // set, and 10 yuan of one of 小王's sales was refunded.
  let today: string;
  let yesterday: string;
  let tenDaysAgo: string;
  const sellers = Array.from({ length: 21 }, (_, i) => `mp-seller-${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    const start = await toBeijingNoon(shop);
    tenDaysAgo = beijingDay(start);
    const [tea, set, cup] = await openShop(shop, [
      { name: '明前龙井', price: 10000 },
      { name: '茶具套装', price: 5000 },
      { name: '一杯茶', price: 100 },
    ]);
    const earlyCode = await makeDistributor(shop, 'mp-early', '早鸟');
    const early = await buyAndPay(shop, 'mp-buyer-z', [{ productId: tea!, quantity: 1 }], {
      inviteCode: earlyCode,
    });
    await receiveAndSettle(shop, [{ buyer: 'mp-buyer-z', orderId: early }]);
    await withdraw(shop, 'mp-early', 1000);
    await advanceClock(shop, DAY_MS);
    yesterday = beijingDay(await phoneClock(shop));

    const laoli = await makeDistributor(shop, 'mp-laoli', '老李');
    const wang = await makeDistributor(shop, 'mp-wang', '小王', laoli);
    const refunded = await buyAndPay(shop, 'mp-buyer-a', [{ productId: tea!, quantity: 1 }], {
      inviteCode: wang,
      nickname: '顾客甲',
    });
    await buyAndPay(shop, 'mp-buyer-b', [{ productId: tea!, quantity: 1 }], { inviteCode: wang });
    for (const [i, seller] of sellers.entries()) {
      const code = await makeDistributor(shop, seller, `卖家${String(i).padStart(2, '0')}`);
      await buyAndPay(shop, `mp-fan-${i}`, [{ productId: cup!, quantity: 1 }], { inviteCode: code });
    }
    await shop.api(ADMIN, 'admin', 'distributors.freeze', { userId: sellers[20]!, frozen: true });
    await applyToJoin(shop, 'mp-apply-1', '申请人一');
    await applyToJoin(shop, 'mp-apply-2', '申请人二');

    await advanceClock(shop, DAY_MS);
    today = beijingDay(await phoneClock(shop));
    await buyAndPay(shop, 'mp-buyer-c', [{ productId: set!, quantity: 1 }]);
    const refund = await askRefund(shop, 'mp-buyer-a', refunded, '少了一盒', 1000);
    await shop.api(ADMIN, 'admin', 'refunds.review', { refundId: refund, approve: true });
    await refundArrived(shop, 'mp-buyer-a', refunded, refund);
  });

  describe('dashboard', () => {
    test('the key numbers of the last 7 Beijing days, with a bar per day scaled to the best day', async () => {
      const page = await openDashboard();
      const [asked] = net.inputsOf('stats.overview');
      expect(asked).toEqual({ from: beijingDay(Date.now() - 6 * DAY_MS), to: today });
      // 23 orders yesterday (221 yuan) and one today (50), 10 yuan refunded today; 早鸟's sale is older.
      expect(text(page, '#figure-sales')).toContain('¥261.00');
      expect(text(page, '#figure-sales')).toContain('退款前 ¥271.00');
      expect(text(page, '#figure-orders')).toContain('24');
      expect(text(page, '#figure-averageOrder')).toContain('¥10.87');
      expect(text(page, '#figure-refunds')).toContain('¥10.00');
      // Earned this week: 10% to 小王 and to each seller, 5% to 老李; the refund took back 10% of one sale's
      // share. 早鸟's commission settled two days ago; what everybody holds pending now is this week's, net.
      expect(text(page, '#figure-earned')).toContain('¥32.10');
      expect(text(page, '#figure-reversed')).toContain('¥1.50');
      expect(text(page, '#figure-settled')).toContain('¥10.00');
      expect(text(page, '#figure-pending')).toContain('¥30.60');
      expect(text(page, '#figure-distributors')).toContain('24');
      expect(text(page, '#figure-distributors')).toContain('新增 23 · 出单 23 · 冻结 1');
      // A refund counts on the day it is made: today's 50 yuan less the 10 refunded.
      expect(page.data.chart.map((bar: { pct: number }) => bar.pct)).toEqual([0, 0, 0, 0, 0, 100, 18.1]);
      expect(text(page, '#picked')).toBe(`${today}：销售额 ¥40.00，1 单`);
      page.querySelectorAll('.chart__col')[5]!.dispatchEvent('tap');
      await waitFor(() => expect(text(page, '#picked')).toBe(`${yesterday}：销售额 ¥221.00，23 单`));
      const top = page.querySelectorAll('.top').map(textOf);
      expect(top).toHaveLength(5);
      expect(top[0]).toBe('1小王销售 ¥190.00 · 佣金 ¥19.00 · 邀请 2');
    });

    test('to-do entries show only what waits and open the page where it is done', async () => {
      const page = await openDashboard();
      expect(page.querySelectorAll('.todo__item').map(textOf)).toEqual([
        '待发货订单24›',
        '待审核分销员2›',
        '待审核提现1›',
      ]);
      page.querySelectorAll('.todo__item')[0]!.dispatchEvent('tap');
      await waitFor(() => expect(wxr.navigations).toContain('/pages/admin/orders/index?status=paid'));
    });

    test('without network the first load shows the error; a preset asks for its range once it is back', async () => {
      net.offline = true;
      const page = mount(shop.built, 'pages/admin/dashboard/index');
      page.instance.onShow();
      await waitFor(() => expect(textOf(page)).toContain('连不上本地云，请确认已运行 npm start'));
      expect(page.data.status).toBe('error');
      net.offline = false;
      page.instance.onPreset({ detail: { value: 'today' } });
      await waitFor(() => expect(page.data.status).toBe('ready'));
      expect(net.inputsOf('stats.overview').at(-1)).toEqual({ from: today, to: today });
      expect(text(page, '#figure-sales')).toContain('¥50.00');
      expect(text(page, '#figure-orders')).toContain('1');
    });

    test('someone who is not an admin is refused', async () => {
      shop.as('mp-buyer-c');
      const page = mount(shop.built, 'pages/admin/dashboard/index');
      page.instance.onShow();
      await waitFor(() => expect(textOf(page)).toContain('仅商家管理员可以操作'));
      expect(page.data.status).toBe('error');
    });
  });

  describe('analytics', () => {
    test('daily table newest first, totals, commission by level, the funnel and the ranking', async () => {
      const page = await openAnalytics();
      expect(net.inputsOf('stats.daily')).toEqual([
        { from: beijingDay(Date.now() - 29 * DAY_MS), to: today },
      ]);
      // 25 orders: 361 yuan after the 10-yuan refund.
      expect(text(page, '#totals')).toContain('¥361.00');
      expect(text(page, '#totals')).toContain('25');
      expect(text(page, '#totals')).toContain('¥14.44');
      expect(text(page, '#totals')).toContain('¥10.00');
      const rows = page.querySelectorAll('#days .table__row').map(textOf);
      // Days as MM-DD: the range above the table gives the year, and the date no longer runs into the count.
      // The last column is what coupons took off: no coupon was used.
      expect(rows[0]).toBe('日期订单销售额客单价退款优惠券');
      expect(rows[1]).toBe(`${today.slice(5)}1¥40.00¥40.00¥10.00¥0.00`);
      expect(rows[2]).toBe(`${yesterday.slice(5)}23¥221.00¥9.60¥0.00¥0.00`);
      expect(rows).toContain(`${tenDaysAgo.slice(5)}1¥100.00¥100.00¥0.00¥0.00`);
      expect(text(page, '#coupon-total')).toBe('优惠券抵扣¥0.00无订单用券');
      // Earned, taken back by the refund, net, and settled (早鸟's) in the 30 days.
      expect(page.querySelectorAll('#commission .table__row').map(textOf).slice(1)).toEqual([
        '一级¥32.10¥1.00¥31.10¥10.00',
        '二级¥10.00¥0.50¥9.50¥0.00',
        '合计¥42.10¥1.50¥40.60¥10.00',
      ]);
      // Invited: 小王, the buyers of 小王, of the sellers and of 早鸟; all but 小王 bought.
      expect(text(page, '#funnel')).toContain('被邀请25 人 · 100%');
      expect(text(page, '#funnel')).toContain('已购买24 人 · 96%');
      expect(text(page, '#funnel')).toContain('成为分销员1 人 · 4%');
      expect(textOf(page)).toContain('期间新用户 51');

      // By sales: 小王, 早鸟, then the 21 sellers; 老李 sold nothing himself.
      expect(page.data.top.items).toHaveLength(20);
      expect(page.data.top.items[0]).toMatchObject({ rank: 1, nickname: '小王', sales: 19000, orders: 2 });
      expect(page.data.top.items[1]).toMatchObject({ rank: 2, nickname: '早鸟', sales: 10000 });
      expect(textOf(page.querySelector('#top'))).toContain('销售 ¥190.00 · 佣金 ¥19.00 · 2 单 · 邀请 2 人');
      expect(textOf(page)).toContain('上拉加载更多');
      page.instance.onReachBottom();
      await waitFor(() => expect(page.data.top.items).toHaveLength(23));
      expect(page.data.top.items.map((row: { userId: string }) => row.userId)).toEqual(
        expect.arrayContaining(sellers),
      );
      expect(textOf(page)).not.toContain('老李');
      expect(net.inputsOf('stats.topDistributors').map((input) => input.cursor)).toEqual([undefined, '20']);
    });

    test('ranking tabs rank again by commission; an export shows its rows and copies a working link', async () => {
      const page = await openAnalytics();
      page.instance.onTopBy({ detail: { value: 'commission' } });
      await waitFor(() => expect(textOf(page.querySelector('#top'))).toContain('老李'));
      expect(net.inputsOf('stats.topDistributors').at(-1)).toMatchObject({ by: 'commission' });
      expect(
        page.data.top.items
          .slice(0, 3)
          .map((row: { nickname: string; commission: number }) => [row.nickname, row.commission]),
      ).toEqual([
        ['小王', 1900],
        ['早鸟', 1000],
        ['老李', 950],
      ]);

      let copied = '';
      stubWx({ setClipboardData: (o: { data: string }) => void (copied = o.data) });
      page.querySelectorAll('.export')[1]!.dispatchEvent('tap');
      // Each commission entry of the 30 days: 2 + 2 on 小王's sales, 21 sellers, 早鸟.
      await waitFor(() => expect(text(page, '#exported')).toContain('佣金明细已导出 26 行'));
      expect(net.inputsOf('export')).toEqual([
        { kind: 'commissions', from: page.data.from, to: page.data.to },
      ]);
      page.instance.onCopyLink();
      expect(copied).toMatch(/^http/);
      const csv = await download(copied);
      expect(csv.trim().split('\n')).toHaveLength(27);
    });

    test('someone who is not an admin is refused', async () => {
      shop.as('mp-wang');
      const page = mount(shop.built, 'pages/admin/analytics/index');
      page.instance.onLoad();
      await waitFor(() => expect(textOf(page)).toContain('仅商家管理员可以操作'));
      expect(page.data.status).toBe('error');
    });
  });
});

describe('settings', () => {
  beforeAll(async () => {
    await shop.api(ADMIN, 'admin', 'settings.update', {
      settings: {
        grades: [
          {
            id: 'g1',
            name: '金牌',
            rates: { level1: 1500, level2: 500 },
            upgrade: { metric: 'sales', threshold: 100000 },
          },
        ],
      },
    });
  });

  const open = async () => {
    const page = mount(shop.built, 'pages/admin/settings/index');
    page.instance.onLoad();
    await waitFor(() => expect(text(page, '#preview')).toContain('一级佣金 10.00 元（10%）'));
    return page;
  };
  const type = (page: SimComponent, field: string, value: unknown) =>
    page.instance.onField({ currentTarget: { dataset: { field } }, detail: { value } });
  const saved = async () => (await shop.api(ADMIN, 'admin', 'settings.get')).settings;

  test('shows the saved rules as the merchant types them, and previews the draft as it changes', async () => {
    const page = await open();
    expect(page.data.form).toMatchObject({ level1: '10', level2: '5', cap: '30', withdrawMin: '1' });
    expect(page.data.form.grades[0]).toMatchObject({ name: '金牌', level1: '15', threshold: '1000' });
    type(page, 'level1', '27.5');
    await waitFor(() => expect(text(page, '#preview')).toContain('一级佣金 27.50 元（27.5%）'));
    expect(text(page, '#preview')).toContain('一级与二级佣金比例之和超过了佣金总额上限 30%');
    expect(net.inputsOf('settings.preview').at(-1)!.settings).toMatchObject({
      rates: { level1: 2750, level2: 500 },
    });
    expect(net.inputsOf('settings.update')).toEqual([]);
    expect((await saved()).rates.level1).toBe(1000);
  });

  test('save stores the whole form in fen and basis points; a bad field is marked and nothing is saved', async () => {
    const page = await open();
    type(page, 'withdrawFee', '101');
    await page.instance.onSave();
    expect(page.data.errors.withdrawFee).toContain('0 到 100');
    expect(wxr.toasts).toContain('请先改正标红的内容');
    expect(net.inputsOf('settings.update')).toEqual([]);

    type(page, 'withdrawFee', '0.6');
    type(page, 'levels', '1');
    type(page, 'grades.0.threshold', '2000');
    page.instance.onAddGrade();
    type(page, 'grades.1.name', '钻石');
    type(page, 'grades.1.level1', '20');
    type(page, 'grades.1.threshold', '50');
    type(page, 'grades.1.metric', 'recruits');
    await page.instance.onSave();
    expect(wxr.toasts).toContain('已保存');
    expect(page.data.dirty).toBe(false);
    expect(await saved()).toMatchObject({
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
      admins: [ADMIN],
    });
    // The saved rules are what the page shows now.
    expect(page.data.form).toMatchObject({ levels: '1', withdrawFee: '0.6' });
  });

  test("the server's refusal is shown and the form keeps what was typed", async () => {
    const page = await open();
    page.instance.onPickAdmin({ detail: { _id: 'other-admin', nickname: '', code: '' } });
    page.instance.onRemoveAdmin({ currentTarget: { dataset: { index: 0 } } });
    await page.instance.onSave();
    const { message } = await refusalOf(shop, ADMIN, 'admin', 'settings.update', {
      settings: { admins: ['other-admin'] },
    });
    expect(message).toContain('管理员');
    expect(wxr.toasts).toContain(message);
    expect(page.data.form.admins).toEqual(['other-admin']);
    expect(page.data.dirty).toBe(true);
    expect((await saved()).admins).toEqual([ADMIN]);
  });

  test('admins show by nickname; a new one is found by nickname or invite code, not typed as an openid', async () => {
    await shop.api(ADMIN, 'join', 'profile', { nickname: '店主' });
    const code = await makeDistributor(shop, 'mp-helper', '帮手小周');
    const page = await open();
    await waitFor(() => expect(page.data.adminRows).toEqual([{ id: ADMIN, name: '店主', detail: ADMIN }]));
    expect(textOf(page.querySelector('#admin-0'))).toContain('店主');
    const picker = page.querySelector('#admin-picker')!;
    const search = picker as unknown as { instance: { onInput(e: object): void; onSearch(): Promise<void> } };
    search.instance.onInput({ detail: { value: code } });
    await search.instance.onSearch();
    expect(net.inputsOf('distributors.list').at(-1)).toEqual({ q: code });
    await waitFor(() => expect(textOf(picker)).toContain('帮手小周'));
    expect(textOf(picker)).toContain(`邀请码 ${code}`);
    tapNode(picker.querySelector('.picker__row')!);
    await waitFor(() => expect(page.data.form.admins).toEqual([ADMIN, 'mp-helper']));
    await waitFor(() => expect(textOf(page.querySelector('#admin-1'))).toContain('帮手小周'));
    await page.instance.onSave();
    expect((await saved()).admins).toEqual([ADMIN, 'mp-helper']);
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { admins: [ADMIN] } });
  });

  test("banners: up to five pictures, each opening a product or none; saved with the shop's rules", async () => {
    const [productId] = await openShop(shop, [{ name: '横幅茶', price: 100 }]);
    const page = await open();
    await waitFor(() => expect(page.data.productNames).toContain('横幅茶'));
    page.instance.onAddBanner();
    page.instance.onAddBanner();
    type(page, 'banners.0.image', 'https://cdn.example.com/new-tea.png');
    page.instance.onBannerProduct({
      currentTarget: { dataset: { index: 0 } },
      detail: { value: page.data.productNames.indexOf('横幅茶') },
    });
    expect(page.data.bannerProducts[0]).toMatchObject({ name: '横幅茶' });
    // The second has no picture yet: marked, nothing saved.
    await page.instance.onSave();
    expect(page.data.errors['banners.1.image']).toBe('请填写图片地址或上传图片');
    expect(net.inputsOf('settings.update')).toEqual([]);
    page.instance.onRemoveBanner({ currentTarget: { dataset: { index: 1 } } });
    await page.instance.onSave();
    expect((await saved()).banners).toEqual([{ image: 'https://cdn.example.com/new-tea.png', productId }]);
    // The shop's home page shows it.
    expect((await shop.api('mp-shopper', 'order', 'shop')).banners).toEqual([
      { image: 'https://cdn.example.com/new-tea.png', productId },
    ]);
    for (let i = 0; i < 5; i++) page.instance.onAddBanner();
    expect(page.data.form.banners).toHaveLength(5);
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { banners: [] } });
  });

  test("WeChat's platform services: 发货信息管理, 订阅消息 templates, parcel routes, the poster's version, export hours", async () => {
    await shop.api(ADMIN, 'admin', 'settings.update', {
      settings: { notices: { orderShipped: { keys: { goods: 'thing1' } } } },
    });
    const page = await open();
    // The defaults as the merchant reads them; a keyword mapping set in the console is shown, not edited.
    expect(page.data.form).toMatchObject({
      wechatShipping: true,
      trackingProvider: 'logistics',
      codeEnvVersion: 'release',
      keepHours: '24',
    });
    expect(text(page, '#notice-orderShipped')).toBe('发货通知');
    expect(page.data.form.notices[0]).toMatchObject({ templateId: '', keysText: 'goods→thing1' });
    expect(text(page, '#env-warning')).toContain('首次发布前');
    expect(textOf(page)).toContain('docs/DEPLOY.md 第 13 步');

    type(page, 'notices.0.templateId', 'tpl shipped');
    type(page, 'keepHours', '0');
    await page.instance.onSave();
    expect(page.data.errors).toEqual({
      'notices.0.templateId': '模板ID只有字母、数字、“_”和“-”，最多 64 位',
      keepHours: '请输入 1 到 720 之间的整数（小时）',
    });
    expect(net.inputsOf('settings.update')).toEqual([]);

    type(page, 'wechatShipping', false);
    type(page, 'notices.0.templateId', 'Tpl-Shipped_01');
    type(page, 'notices.5.templateId', 'tpl-withdrawal');
    type(page, 'trackingProvider', 'none');
    type(page, 'codeEnvVersion', 'trial');
    type(page, 'keepHours', '72');
    await page.instance.onSave();
    expect(wxr.toasts).toContain('已保存');
    expect(await saved()).toMatchObject({
      wechatShipping: { enabled: false },
      notices: {
        orderShipped: { templateId: 'Tpl-Shipped_01', keys: { goods: 'thing1' } },
        withdrawalResult: { templateId: 'tpl-withdrawal', keys: {} },
        refundResult: { templateId: '', keys: {} },
      },
      tracking: { provider: 'none' },
      share: { codeEnvVersion: 'trial' },
      exports: { keepHours: 72 },
    });
    // The shop's pages now ask shoppers for these templates.
    expect((await shop.api('mp-laoli', 'join', 'me')).subscribe).toMatchObject({
      orderShipped: 'Tpl-Shipped_01',
      withdrawalResult: 'tpl-withdrawal',
    });
    await shop.api(ADMIN, 'admin', 'settings.update', {
      settings: {
        wechatShipping: { enabled: true },
        notices: { orderShipped: { templateId: '' }, withdrawalResult: { templateId: '' } },
        tracking: { provider: 'logistics' },
        share: { codeEnvVersion: 'release' },
        exports: { keepHours: 24 },
      },
    });
  });

  test('someone who is not an admin is refused', async () => {
    shop.as('mp-laoli');
    const page = mount(shop.built, 'pages/admin/settings/index');
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('仅商家管理员可以操作'));
    expect(page.data.form).toBeNull();
  });
});
