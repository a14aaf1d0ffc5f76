/** @jest-environment jsdom */
// The merchant's distributor pages under miniprogram-simulate on the real functions in the local cloud: the
// list (tabs, search, review, freeze, paging, open a row) and one member (range totals, per-day bars, team,
// freeze, rebind), each in its empty, data and error states. Every answer comes from the admin function;
// applicants, distributors, teams and sales are made through join, share, order and admin.
import type { AdminUser } from '../../miniprogram/services/admin';
import {
  ADMIN,
  advanceClock,
  applyToJoin,
  beijingDay,
  beijingTime,
  buyAndPay,
  DAY_MS,
  makeDistributor,
  openShop,
  PageNetwork,
  phoneClock,
  realShop,
  receiveAndSettle,
  refusalOf,
  toBeijingNoon,
  watchNetwork,
} from './support/real-shop';
import { mount, SimComponent, textOf, waitFor } from './support/simulate';
import { WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let net: PageNetwork;
let tea: string;

const LIST = 'pages/admin/distributors/index';
const DETAIL = 'pages/admin/distributor/index';

const tap = (page: SimComponent, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.dispatchEvent('tap');
};
const act = (id: string, action: string) => ({ currentTarget: { dataset: { id, action } } });

/** The user as the merchant's list has them (searched by openid). */
async function adminUser(openid: string): Promise<AdminUser> {
  const { items } = await shop.api(ADMIN, 'admin', 'distributors.list', { q: openid });
  const user = items.find((u) => u._id === openid);
  if (!user) throw new Error(`${openid} is not a user`);
  return user;
}

beforeAll(async () => {
  tea = (await openShop(shop, [{ name: '明前龙井', price: 12345 }]))[0]!;
});

beforeEach(async () => {
  wxr = shop.freshWx();
  net = watchNetwork();
  shop.as(ADMIN);
  await phoneClock(shop);
});

describe('distributor list', () => {
  test('a new shop: 待审核 says there is nothing to review', async () => {
    const page = mount(shop.built, LIST);
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('暂无记录'));
    expect(net.inputsOf('distributors.list')).toEqual([{ status: 'pending' }]);
  });

  describe('with an applicant, a distributor and a frozen one', () => {
    let bossCode: string;
    let activeCode: string;
    beforeAll(async () => {
      bossCode = await makeDistributor(shop, 'mp-boss', '老板');
      // The applicant bought before applying: their spending shows.
      await buyAndPay(shop, 'mp-zhou', [{ productId: tea, quantity: 1 }], { inviteCode: bossCode });
      await applyToJoin(shop, 'mp-zhou', '申请人小周');
      activeCode = await makeDistributor(shop, 'mp-wu', '分销员小吴');
      for (const fan of ['mp-fan1', 'mp-fan2', 'mp-fan3'])
        await shop.api(fan, 'join', 'enter', { inviteCode: activeCode, source: 'poster' });
      await makeDistributor(shop, 'mp-zheng', '冻结的小郑');
      await shop.api(ADMIN, 'admin', 'distributors.freeze', { userId: 'mp-zheng', frozen: true });
    });

    test('opens on 待审核 and each tab shows its own; a row shows its facts', async () => {
      const zhou = await adminUser('mp-zhou');
      const wu = await adminUser('mp-wu');
      const page = mount(shop.built, LIST);
      page.instance.onLoad({});
      await waitFor(() => expect(textOf(page)).toContain('申请人小周'));
      const row = textOf(page.querySelector('#row-mp-zhou'));
      expect(row).toContain(`邀请码 ${zhou.distributor.code}`);
      expect(row).toContain('待审核');
      expect(row).toContain(`申请 ${beijingTime(zhou.distributor.appliedAt!)}`);
      expect(row).toContain('消费 ¥123.45');
      expect(row).toContain('直推人数 0');
      // The inviter by nickname, never by openid.
      expect(row).toContain('上级 老板');
      expect(row).not.toContain('mp-boss');
      // What the applicant wrote, for the merchant to review before deciding; no picture: the initial.
      expect(textOf(page.querySelector('#application-mp-zhou'))).toBe(
        '真实姓名申请人手机号137 0000 0000申请理由未填写',
      );
      expect(row.startsWith('申')).toBe(true);
      expect(page.querySelector('#approve-mp-zhou')).toBeDefined();
      expect(page.querySelector('#freeze-mp-zhou')).toBeUndefined();
      expect(textOf(page)).not.toContain('分销员小吴');

      page.instance.onTab({ detail: { value: 'active' } });
      await waitFor(() => expect(textOf(page)).toContain('分销员小吴'));
      expect(textOf(page)).not.toContain('申请人小周');
      expect(textOf(page)).not.toContain('冻结的小郑');
      const active = textOf(page.querySelector('#row-mp-wu'));
      expect(active).toContain(`加入 ${beijingTime(wu.distributor.joinedAt!)}`);
      expect(active).toContain(`邀请码 ${activeCode}`);
      expect(active).toContain('直推人数 3');
      expect(active).toContain('上级 无');
      expect(page.querySelector('#freeze-mp-wu')).toBeDefined();

      page.instance.onTab({ detail: { value: 'frozen' } });
      await waitFor(() => expect(textOf(page)).toContain('冻结的小郑'));
      expect(textOf(page)).not.toContain('分销员小吴');
      expect(textOf(page.querySelector('#row-mp-zheng'))).toContain('已冻结');
      expect(page.querySelector('#unfreeze-mp-zheng')).toBeDefined();

      page.instance.onTab({ detail: { value: 'all' } });
      await waitFor(() => expect(textOf(page)).toContain('分销员小吴'));
      expect(textOf(page)).toContain('申请人小周');
      expect(textOf(page)).toContain('冻结的小郑');
      // A shopper who never applied is not among them.
      expect(page.querySelector('#row-mp-fan1')).toBeUndefined();
      expect(net.inputsOf('distributors.list')).toEqual([
        { status: 'pending' },
        { status: 'active' },
        { status: 'frozen' },
        {},
      ]);
    });

    test('search finds by invite code within the tab; typing alone does not search; emptying the box drops it', async () => {
      const zhou = await adminUser('mp-zhou');
      const code = zhou.distributor.code!;
      const page = mount(shop.built, LIST);
      page.instance.onLoad({});
      await waitFor(() => expect(textOf(page)).toContain('申请人小周'));
      page.instance.onSearchChange({ detail: { value: ` ${code} ` } });
      expect(net.inputsOf('distributors.list')).toHaveLength(1);
      page.instance.onSearch({ detail: { value: ` ${code} ` } });
      await waitFor(() => expect(net.inputsOf('distributors.list')).toHaveLength(2));
      expect(net.inputsOf('distributors.list')[1]).toEqual({ status: 'pending', q: code });
      await waitFor(() => expect(page.data.list.items.map((u: AdminUser) => u._id)).toEqual(['mp-zhou']));

      page.instance.onSearchChange({ detail: { value: '' } });
      await waitFor(() => expect(net.inputsOf('distributors.list')).toHaveLength(3));
      expect(net.inputsOf('distributors.list')[2]).toEqual({ status: 'pending' });
      page.instance.onClearSearch(); // the clear icon after the box was emptied: nothing more to drop
      // A nickname fragment on 分销员.
      page.instance.onTab({ detail: { value: 'active' } });
      page.instance.onSearch({ detail: { value: '小吴' } });
      await waitFor(() => expect(page.data.list.items.map((u: AdminUser) => u._id)).toEqual(['mp-wu']));
      page.instance.onClearSearch();
      await waitFor(() => expect(net.inputsOf('distributors.list').at(-1)).toEqual({ status: 'active' }));
      await waitFor(() => expect(textOf(page)).toContain('老板'));
    });

    test('a search that finds nobody says so', async () => {
      const page = mount(shop.built, LIST);
      page.instance.onLoad({});
      await waitFor(() => expect(textOf(page)).toContain('申请人小周'));
      page.instance.onSearch({ detail: { value: '查无此人' } });
      await waitFor(() => expect(textOf(page)).toContain('没有找到匹配的用户'));
    });

    test('tapping a row opens the member with its openid', async () => {
      const page = mount(shop.built, LIST);
      page.instance.onLoad({});
      await waitFor(() => expect(textOf(page)).toContain('申请人小周'));
      tap(page, '#row-mp-zhou');
      await waitFor(() => expect(wxr.navigations).toEqual(['/pages/admin/distributor/index?id=mp-zhou']));
    });
  });

  test('approve makes the applicant a distributor and the row leaves 待审核', async () => {
    await applyToJoin(shop, 'mp-qian', '申请人小钱');
    const page = mount(shop.built, LIST);
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#approve-mp-qian')).toBeDefined());
    tap(page, '#approve-mp-qian');
    await waitFor(() => expect(wxr.toasts).toContain('已通过'));
    expect(net.inputsOf('distributors.review')).toEqual([{ userId: 'mp-qian', approve: true }]);
    expect((await adminUser('mp-qian')).distributor.status).toBe('active');
    expect(page.querySelector('#row-mp-qian')).toBeUndefined();
    expect(wxr.navigations).toEqual([]); // the button does not open the row
  });

  test('reject needs a reason typed on the page; with one the applicant is refused with it', async () => {
    await applyToJoin(shop, 'mp-sun', '申请人小孙');
    const page = mount(shop.built, LIST);
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#reject-mp-sun')).toBeDefined());
    tap(page, '#reject-mp-sun');
    await waitFor(() => expect(page.data.rejectingId).toBe('mp-sun'));
    await page.instance.onRejectConfirm();
    expect(wxr.toasts).toContain('请填写拒绝原因');
    page.instance.onRejectReason({ detail: { value: '   ' } });
    await page.instance.onRejectConfirm();
    expect(net.inputsOf('distributors.review')).toEqual([]);
    expect((await adminUser('mp-sun')).distributor.status).toBe('pending');

    page.instance.onRejectReason({ detail: { value: ' 资料不全 ' } });
    await page.instance.onRejectConfirm();
    expect(net.inputsOf('distributors.review')).toEqual([
      { userId: 'mp-sun', approve: false, reason: '资料不全' },
    ]);
    expect(wxr.toasts).toContain('已拒绝');
    expect((await adminUser('mp-sun')).distributor).toMatchObject({
      status: 'none',
      rejectReason: '资料不全',
    });
    expect(page.querySelector('#row-mp-sun')).toBeUndefined();
  });

  test('on 全部 a rejected applicant stays, now shown as 已拒绝 without actions', async () => {
    await applyToJoin(shop, 'mp-li4', '申请人李四');
    const page = mount(shop.built, LIST);
    page.instance.onLoad({ status: 'all' });
    await waitFor(() => expect(page.querySelector('#approve-mp-li4')).toBeDefined());
    page.instance.onAction(act('mp-li4', 'reject'));
    page.instance.onRejectReason({ detail: { value: '资料不全' } });
    await page.instance.onRejectConfirm();
    expect(textOf(page.querySelector('#row-mp-li4'))).toContain('已拒绝');
    expect(page.querySelector('#approve-mp-li4')).toBeUndefined();
    expect(page.querySelector('#reject-mp-li4')).toBeUndefined();
  });

  test('freeze explains itself in a modal; cancelling changes nothing, confirming freezes', async () => {
    await makeDistributor(shop, 'mp-feng', '分销员小冯');
    const page = mount(shop.built, LIST);
    page.instance.onLoad({ status: 'active' });
    await waitFor(() => expect(page.querySelector('#freeze-mp-feng')).toBeDefined());
    expect(net.inputsOf('distributors.list')[0]).toEqual({ status: 'active' });

    wxr.modalAnswer = false;
    await page.instance.onAction(act('mp-feng', 'freeze'));
    expect(wxr.modals[0]!.content).toContain('分销员小冯不再获得新的佣金');
    expect(wxr.modals[0]!.content).toContain('不能提现');
    expect(net.inputsOf('distributors.freeze')).toEqual([]);
    expect((await adminUser('mp-feng')).distributor.status).toBe('active');

    wxr.modalAnswer = true;
    await page.instance.onAction(act('mp-feng', 'freeze'));
    expect((await adminUser('mp-feng')).distributor.status).toBe('frozen');
    expect(wxr.toasts).toContain('已冻结');
    expect(page.querySelector('#row-mp-feng')).toBeUndefined(); // left the 分销员 tab
  });

  test('unfreeze on 全部 updates the row in place', async () => {
    await makeDistributor(shop, 'mp-chen', '分销员小陈');
    await shop.api(ADMIN, 'admin', 'distributors.freeze', { userId: 'mp-chen', frozen: true });
    const page = mount(shop.built, LIST);
    page.instance.onLoad({ status: 'all' });
    await waitFor(() => expect(page.querySelector('#unfreeze-mp-chen')).toBeDefined());
    await page.instance.onAction(act('mp-chen', 'unfreeze'));
    expect(wxr.modals).toEqual([]);
    expect((await adminUser('mp-chen')).distributor.status).toBe('active');
    expect(page.querySelector('#unfreeze-mp-chen')).toBeUndefined();
    expect(page.querySelector('#freeze-mp-chen')).toBeDefined();
    expect(textOf(page.querySelector('#row-mp-chen'))).toContain('分销员');
  });

  test('an application already decided elsewhere is refused with the reason, and the row stays', async () => {
    await applyToJoin(shop, 'mp-zhao', '申请人小赵');
    const page = mount(shop.built, LIST);
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#approve-mp-zhao')).toBeDefined());
    // Another admin approves first.
    await shop.api(ADMIN, 'admin', 'distributors.review', { userId: 'mp-zhao', approve: true });
    await page.instance.onAction(act('mp-zhao', 'approve'));
    const { message } = await refusalOf(shop, ADMIN, 'admin', 'distributors.review', {
      userId: 'mp-zhao',
      approve: true,
    });
    expect(wxr.toasts).toEqual([message]);
    expect(textOf(page)).toContain('申请人小赵');
  });

  test('someone who is not an admin is refused; without network the error shows and retry loads', async () => {
    shop.as('mp-zhou');
    const refused = mount(shop.built, LIST);
    refused.instance.onLoad({});
    await waitFor(() => expect(textOf(refused)).toContain('仅商家管理员可以操作'));

    shop.as(ADMIN);
    net.offline = true;
    const page = mount(shop.built, LIST);
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('连不上本地云，请确认已运行 npm start'));
    net.offline = false;
    page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
    await waitFor(() => expect(page.data.list.status).toBe('ready'));
  });

  test('pages through the list at the bottom', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => `mp-queue-${String(i).padStart(2, '0')}`);
    for (const id of ids) await applyToJoin(shop, id, `排队${id.slice(-2)}`);
    const page = mount(shop.built, LIST);
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('上拉加载更多'));
    expect(page.data.list.items).toHaveLength(20);
    // Newest application first.
    expect(page.data.list.items[0]._id).toBe(ids[20]);
    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page)).toContain('没有更多了'));
    const shown = page.data.list.items.map((u: AdminUser) => u._id);
    expect(shown).toEqual(expect.arrayContaining(ids));
    expect(new Set(shown).size).toBe(shown.length);
    const cursors = net.inputsOf('distributors.list').map((input) => input.cursor);
    expect(cursors).toEqual([undefined, expect.any(String)]);
  });
});

describe('distributor detail', () => {
  // 老李 was recruited by 老周; his team: 21 shoppers and 小马 (a distributor, who brought 小马的朋友) joined
  // long ago, and 顾客甲 bought then; 顾客乙 and 顾客丙 joined and bought yesterday and today. By then 老李 had
  // reached 金牌 (12%).
  const LI = 'mp-li';
  let code: string;
  let earlyAt: number;
  let yesterdayAt: number;
  let todayAt: number;
  const fillers = Array.from({ length: 21 }, (_, i) => `mp-member-${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    await shop.api(ADMIN, 'admin', 'settings.update', {
      settings: {
        grades: [
          {
            id: 'gold',
            name: '金牌',
            rates: { level1: 1200, level2: 500 },
            upgrade: { metric: 'sales', threshold: 10000 },
          },
        ],
      },
    });
    const [hundred, fifty, oneFifty] = await openShop(shop, [
      { name: '一百元茶', price: 10000 },
      { name: '五十元茶', price: 5000 },
      { name: '一百五十元茶', price: 15000 },
    ]);
    earlyAt = await toBeijingNoon(shop);
    const chief = await makeDistributor(shop, 'mp-chief', '老周');
    code = await makeDistributor(shop, LI, '老李', chief);
    for (const id of fillers) await shop.api(id, 'join', 'enter', { inviteCode: code, source: 'poster' });
    const maCode = await makeDistributor(shop, 'mp-ma', '小马', code);
    await shop.api('mp-ma-friend', 'join', 'enter', { inviteCode: maCode, source: 'poster' });
    await shop.api('mp-ma-friend', 'join', 'profile', { nickname: '小马的朋友' });
    const early = await buyAndPay(shop, 'mp-buyer-a', [{ productId: hundred!, quantity: 1 }], {
      inviteCode: code,
      nickname: '顾客甲',
    });
    // Received and settled: 老李's sales reach the 金牌 threshold.
    await receiveAndSettle(shop, [{ buyer: 'mp-buyer-a', orderId: early }]);
    await advanceClock(shop, 2 * DAY_MS);
    yesterdayAt = await phoneClock(shop);
    await buyAndPay(shop, 'mp-buyer-b', [{ productId: fifty!, quantity: 1 }], {
      inviteCode: code,
      nickname: '顾客乙',
    });
    await advanceClock(shop, DAY_MS);
    todayAt = await phoneClock(shop);
    await buyAndPay(shop, 'mp-buyer-c', [{ productId: oneFifty!, quantity: 1 }], {
      inviteCode: code,
      nickname: '顾客丙',
    });
  });

  const openDetail = async (id = LI) => {
    const page = mount(shop.built, DETAIL);
    page.instance.onLoad({ id });
    await waitFor(() => expect(page.data.status).toBe('ready'));
    await waitFor(() => expect(page.data.team.status).toBe('ready'));
    await waitFor(() => expect(page.data.user).not.toBeNull());
    return page;
  };

  test('the header says who the member is; totals for 近7天 in words; bars relative to the best day', async () => {
    const li = await adminUser(LI);
    const page = await openDetail();
    expect(net.inputsOf('stats.distributor')[0]).toEqual({
      userId: LI,
      from: beijingDay(todayAt - 6 * DAY_MS),
      to: beijingDay(todayAt),
    });
    expect(textOf(page.querySelector('#nickname'))).toBe('老李');
    expect(textOf(page.querySelector('#code'))).toBe(code);
    expect(textOf(page.querySelector('#status'))).toBe('分销员');
    expect(textOf(page.querySelector('#grade'))).toBe('金牌');
    // The inviter by nickname: the member's own record (distributors.list, matched by openid) says who.
    await waitFor(() => expect(textOf(page.querySelector('#inviter'))).toBe('老周'));
    expect(net.inputsOf('distributors.list')).toEqual([{ q: LI }]);
    expect(textOf(page)).not.toContain('mp-chief');
    expect(textOf(page.querySelector('#joined'))).toBe(beijingTime(li.distributor.joinedAt!));
    expect(textOf(page.querySelector('#invitees'))).toBe('25');
    // Yesterday 50 yuan and today 150 at 12%; the early sale is older than 7 days.
    expect(textOf(page.querySelector('#total-sales'))).toBe('¥200.00直接销售额');
    expect(textOf(page.querySelector('#total-commission'))).toBe('¥24.00佣金');
    expect(textOf(page.querySelector('#total-orders'))).toBe('2直推订单');
    expect(textOf(page.querySelector('#total-recruits'))).toBe('2新增下级');
    expect(page.data.bars.map((b: { pct: number }) => b.pct)).toEqual([0, 0, 0, 0, 0, 33.3, 100]);
    expect(textOf(page)).toContain(beijingDay(yesterdayAt).slice(5));
    expect(textOf(page)).toContain('¥150.00');
  });

  test('switching the range asks again with the new from/to and shows its totals', async () => {
    const page = await openDetail();
    tap(page, '#range-30d');
    await waitFor(() => expect(textOf(page.querySelector('#total-sales'))).toBe('¥300.00直接销售额'));
    const from30 = beijingDay(todayAt - 29 * DAY_MS);
    expect(net.inputsOf('stats.distributor').at(-1)).toMatchObject({ from: from30, to: beijingDay(todayAt) });
    expect(textOf(page.querySelector('#period'))).toBe(`${from30} 至 ${beijingDay(todayAt)}`);
    // 10% on the early sale (before 金牌), 12% since.
    expect(textOf(page.querySelector('#total-commission'))).toBe('¥34.00佣金');
    expect(textOf(page.querySelector('#total-recruits'))).toBe('25新增下级');

    const monthStart = `${beijingDay(todayAt).slice(0, 8)}01`;
    const inMonth = (at: number, fen: number) => (beijingDay(at) >= monthStart ? fen : 0);
    const monthSales = inMonth(earlyAt, 10000) + inMonth(yesterdayAt, 5000) + inMonth(todayAt, 15000);
    page.instance.onRange({ currentTarget: { dataset: { value: 'month' } } });
    await waitFor(() =>
      expect(net.inputsOf('stats.distributor').at(-1)).toMatchObject({
        from: monthStart,
        to: beijingDay(todayAt),
      }),
    );
    await waitFor(() => expect(page.data.statsLoading).toBe(false));
    expect(textOf(page.querySelector('#total-sales'))).toBe(`¥${(monthSales / 100).toFixed(2)}直接销售额`);
    expect(net.inputsOf('stats.distributor')).toHaveLength(3);
  });

  test('team tabs show level 1 and level 2, and level 1 loads more at the bottom', async () => {
    const page = await openDetail();
    expect(net.inputsOf('distributors.team')[0]).toEqual({ userId: LI, level: 1 });
    expect(page.data.team.items).toHaveLength(20);
    expect(textOf(page)).toContain('上拉加载更多');
    // Newest in the team first: 顾客丙, who bought today for 150 yuan at 12%.
    const newest = textOf(page.querySelector('#member-mp-buyer-c'));
    expect(newest).toContain('顾客丙');
    expect(newest).toContain('订单 1');
    expect(newest).toContain('¥18.00');
    expect(newest).toContain(`加入于 ${beijingDay(todayAt)}`);
    expect(newest).not.toContain('分销员');

    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page)).toContain('没有更多了'));
    expect(page.data.team.items).toHaveLength(25);
    expect(net.inputsOf('distributors.team')[1]).toMatchObject({ level: 1, cursor: expect.any(String) });
    expect(textOf(page.querySelector('#member-mp-ma'))).toContain('分销员');
    const first = textOf(page.querySelector('#member-mp-buyer-a'));
    expect(first).toContain('顾客甲');
    expect(first).toContain('¥10.00');
    expect(first).toContain(`加入于 ${beijingDay(earlyAt)}`);
    expect(page.querySelector(`#member-${fillers[0]}`)).toBeDefined();

    page.instance.onTeamTab({ detail: { value: 2 } });
    await waitFor(() => expect(textOf(page)).toContain('小马的朋友'));
    expect(page.querySelector('#member-mp-buyer-c')).toBeUndefined();
    expect(page.data.team.items).toHaveLength(1);
    expect(net.inputsOf('distributors.team').at(-1)).toEqual({ userId: LI, level: 2 });
  });

  test('freeze asks first; confirming freezes and the header follows; unfreeze restores', async () => {
    const page = await openDetail();
    wxr.modalAnswer = false;
    tap(page, '#freeze');
    await waitFor(() => expect(wxr.modals).toHaveLength(1));
    expect(wxr.modals[0]!.content).toContain('老李不再获得新的佣金');
    expect(net.inputsOf('distributors.freeze')).toEqual([]);
    wxr.modalAnswer = true;
    await page.instance.onFreezeAction({ currentTarget: { dataset: { action: 'freeze' } } });
    expect((await adminUser(LI)).distributor.status).toBe('frozen');
    expect(textOf(page.querySelector('#status'))).toBe('已冻结');
    expect(page.querySelector('#unfreeze')).toBeDefined();
    await page.instance.onFreezeAction({ currentTarget: { dataset: { action: 'unfreeze' } } });
    expect((await adminUser(LI)).distributor.status).toBe('active');
    expect(textOf(page.querySelector('#status'))).toBe('分销员');
  });

  test('rebind moves the member to the typed inviter; an empty box sends nothing; a cycle is refused', async () => {
    const newBoss = await makeDistributor(shop, 'mp-newboss', '新上级');
    const page = await openDetail();
    await page.instance.onRebind();
    expect(wxr.toasts).toContain('请输入新上级的 openid 或邀请码');
    expect(net.inputsOf('distributors.rebind')).toEqual([]);

    // 小马 was recruited by 老李: 老李 under 小马 would be a circle.
    page.instance.onInviterInput({ detail: { value: ' mp-ma ' } });
    await page.instance.onRebind();
    expect(net.inputsOf('distributors.rebind')).toEqual([{ userId: LI, inviterId: 'mp-ma' }]);
    const cycle = await refusalOf(shop, ADMIN, 'admin', 'distributors.rebind', {
      userId: LI,
      inviterId: 'mp-ma',
    });
    expect(cycle.code).toBe('FAILED_PRECONDITION');
    expect(wxr.toasts).toContain(cycle.message);
    expect(textOf(page.querySelector('#inviter'))).toBe('老周');
    expect((await adminUser(LI)).inviterId).toBe('mp-chief');

    // The new inviter's poster code works as well as their openid.
    page.instance.onInviterInput({ detail: { value: newBoss } });
    await page.instance.onRebind();
    expect(wxr.toasts).toContain('已修改上级');
    expect((await adminUser(LI)).inviterId).toBe('mp-newboss');
    expect(textOf(page.querySelector('#inviter'))).toBe('新上级');
    expect(page.data.inviterInput).toBe('');
  });

  test('the new inviter is found by nickname or invite code and picked, not typed as an openid', async () => {
    await makeDistributor(shop, 'mp-picked', '被选中的上级');
    const page = await openDetail();
    const picker = page.querySelector('#inviter-picker')!;
    const search = picker as unknown as { instance: { onInput(e: object): void; onSearch(): Promise<void> } };
    search.instance.onInput({ detail: { value: '被选中' } });
    await search.instance.onSearch();
    expect(net.inputsOf('distributors.list').at(-1)).toEqual({ q: '被选中' });
    await waitFor(() => expect(textOf(picker)).toContain('被选中的上级'));
    picker.querySelector('.picker__row')!.dispatchEvent('tap');
    await waitFor(() => expect(page.data.inviterInput).toBe('mp-picked'));
    expect(textOf(page.querySelector('#picked-inviter'))).toContain('被选中的上级（邀请码');
    await page.instance.onRebind();
    expect(net.inputsOf('distributors.rebind').at(-1)).toEqual({ userId: LI, inviterId: 'mp-picked' });
    expect((await adminUser(LI)).inviterId).toBe('mp-picked');
    expect(page.querySelector('#picked-inviter')).toBeUndefined();
    // Someone the search does not know says so.
    search.instance.onInput({ detail: { value: '没有这个人' } });
    await search.instance.onSearch();
    expect(textOf(picker)).toContain('没有找到「没有这个人」');
  });

  test('unbind asks first, then the member has no inviter', async () => {
    const page = await openDetail();
    await waitFor(() => expect(page.querySelector('#unbind')).toBeDefined());
    wxr.modalAnswer = false;
    await page.instance.onUnbind();
    expect(wxr.modals[0]!.title).toBe('解除绑定');
    expect(net.inputsOf('distributors.rebind')).toEqual([]);
    wxr.modalAnswer = true;
    await page.instance.onUnbind();
    expect(net.inputsOf('distributors.rebind')).toEqual([{ userId: LI, inviterId: null }]);
    expect((await adminUser(LI)).inviterId).toBeNull();
    expect(textOf(page.querySelector('#inviter'))).toBe('无');
    expect(page.querySelector('#unbind')).toBeUndefined();
  });

  test('someone not yet in the shop is an error; once they enter, retry shows an empty member', async () => {
    const page = mount(shop.built, DETAIL);
    page.instance.onLoad({ id: 'mp-newcomer' });
    await waitFor(() => expect(textOf(page)).toContain('用户不存在'));
    await shop.api('mp-newcomer', 'join', 'enter', {});
    await shop.api('mp-newcomer', 'join', 'profile', { nickname: '新来的' });
    page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
    await waitFor(() => expect(textOf(page.querySelector('#nickname'))).toBe('新来的'));
    expect(textOf(page.querySelector('#status'))).toBe('普通用户');
    expect(textOf(page.querySelector('#code'))).toBe('—');
    expect(textOf(page.querySelector('#total-sales'))).toBe('¥0.00直接销售额');
    expect(page.querySelector('#freeze')).toBeUndefined();
    await waitFor(() => expect(textOf(page)).toContain('还没有直推成员'));
  });
});
