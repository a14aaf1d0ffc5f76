/** @jest-environment jsdom */
// The merchant's distributor pages under miniprogram-simulate with scripted admin answers: the list (tabs,
// search, review, freeze, open a row) and one member (range totals, per-day bars, team, freeze, rebind).
import type { AdminUser, DistributorPerformance, TeamMemberRow } from '../../miniprogram/services/admin';
import { buildMiniprogram } from './support/build';
import { FakeCloud, fakeCloud, wireServices } from './support/fake-cloud';
import { mount, SimComponent, textOf, waitFor } from './support/simulate';
import { recordWx, WxRecorder } from './support/wx';

const built = buildMiniprogram();
let cloud: FakeCloud;
let wxr: WxRecorder;

const adminUser = (id: string, status: AdminUser['distributor']['status'], over: Partial<AdminUser> = {}) =>
  ({
    _id: id,
    nickname: `用户${id}`,
    avatarUrl: '',
    inviterId: 'boss',
    createdAt: '2026-01-01T00:00:00.000Z',
    paidSpendFen: 12345,
    inviteeCount: 3,
    distributor: {
      status,
      code: `C${id}`,
      appliedAt: '2026-03-01T02:00:00.000Z',
      joinedAt: status === 'active' || status === 'frozen' ? '2026-03-02T04:30:00.000Z' : null,
    },
    ...over,
  }) as AdminUser;

const calls = (action: string) => cloud.calls.filter((c) => c.action === action).map((c) => c.event);
const tap = (page: SimComponent, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.dispatchEvent('tap');
};

beforeEach(() => {
  cloud = fakeCloud();
  built.prepare = wireServices(cloud.platform, 'http://fake-cloud', 'merchant');
  wxr = recordWx();
});

describe('distributor list', () => {
  const listed = (status: string | undefined) => {
    if (status === 'pending') return [adminUser('u1', 'pending')];
    if (status === 'active') return [adminUser('u2', 'active')];
    if (status === 'frozen') return [adminUser('u3', 'frozen')];
    return [adminUser('u1', 'pending'), adminUser('u2', 'active'), adminUser('u3', 'frozen')];
  };

  const openList = async () => {
    cloud.on('admin.distributors.list', (event) => ({
      items: listed(event.status as string | undefined),
      next: null,
    }));
    const page = mount(built, 'pages/admin/distributors/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('用户u1'));
    return page;
  };

  test('opens on 待审核 and each tab asks for its status (全部 for none); a row shows its facts', async () => {
    const page = await openList();
    expect(calls('distributors.list')[0]).toMatchObject({ status: 'pending' });
    const row = textOf(page.querySelector('#row-u1'));
    expect(row).toContain('邀请码 Cu1');
    expect(row).toContain('待审核');
    expect(row).toContain('申请 2026-03-01 10:00');
    expect(row).toContain('消费 ¥123.45');
    expect(row).toContain('直推人数 3');
    expect(row).toContain('上级 boss');
    expect(page.querySelector('#approve-u1')).toBeDefined();
    expect(page.querySelector('#freeze-u1')).toBeUndefined();

    page.instance.onTab({ detail: { value: 'active' } });
    await waitFor(() => expect(textOf(page)).toContain('用户u2'));
    expect(textOf(page)).not.toContain('用户u1');
    expect(textOf(page.querySelector('#row-u2'))).toContain('加入 2026-03-02 12:30');
    expect(page.querySelector('#freeze-u2')).toBeDefined();

    page.instance.onTab({ detail: { value: 'frozen' } });
    await waitFor(() => expect(textOf(page)).toContain('用户u3'));
    expect(page.querySelector('#unfreeze-u3')).toBeDefined();

    page.instance.onTab({ detail: { value: 'all' } });
    await waitFor(() => expect(textOf(page)).toContain('用户u2'));
    const statuses = calls('distributors.list').map((e) => e.status);
    expect(statuses).toEqual(['pending', 'active', 'frozen', undefined]);
    expect(calls('distributors.list').at(-1)).not.toHaveProperty('status');
  });

  test('search sends q with the tab; emptying the box drops it', async () => {
    const page = await openList();
    page.instance.onSearchChange({ detail: { value: ' Cu1 ' } });
    expect(calls('distributors.list')).toHaveLength(1); // typing alone does not search
    page.instance.onSearch({ detail: { value: ' Cu1 ' } });
    await waitFor(() => expect(calls('distributors.list')).toHaveLength(2));
    expect(calls('distributors.list')[1]).toEqual({
      action: 'distributors.list',
      status: 'pending',
      q: 'Cu1',
    });
    page.instance.onSearchChange({ detail: { value: '' } });
    await waitFor(() => expect(calls('distributors.list')).toHaveLength(3));
    expect(calls('distributors.list')[2]).not.toHaveProperty('q');
    page.instance.onClearSearch(); // the clear icon after the box was emptied: nothing more to drop
    page.instance.onSearch({ detail: { value: 'u' } });
    await waitFor(() => expect(calls('distributors.list')).toHaveLength(4));
    page.instance.onClearSearch();
    await waitFor(() => expect(calls('distributors.list')).toHaveLength(5));
    expect(calls('distributors.list')[4]).toEqual({ action: 'distributors.list', status: 'pending' });
  });

  test('a search that finds nobody says so', async () => {
    cloud.on('admin.distributors.list', (event) => ({
      items: event.q ? [] : [adminUser('u1', 'pending')],
      next: null,
    }));
    const page = mount(built, 'pages/admin/distributors/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('用户u1'));
    page.instance.onSearch({ detail: { value: 'nobody' } });
    await waitFor(() => expect(textOf(page)).toContain('没有找到匹配的用户'));
  });

  test('pages through the list at the bottom', async () => {
    cloud.on('admin.distributors.list', (event) =>
      event.cursor
        ? { items: [adminUser('u9', 'pending')], next: null }
        : { items: [adminUser('u1', 'pending')], next: 'c2' },
    );
    const page = mount(built, 'pages/admin/distributors/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('上拉加载更多'));
    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page)).toContain('用户u9'));
    expect(textOf(page)).toContain('用户u1');
    expect(calls('distributors.list').map((e) => e.cursor)).toEqual([undefined, 'c2']);
  });

  test('approve sends approve true and the row leaves the 待审核 list', async () => {
    const page = await openList();
    cloud.on('admin.distributors.review', (event) => ({
      user: adminUser(String(event.userId), 'active'),
    }));
    tap(page, '#approve-u1');
    await waitFor(() => expect(wxr.toasts).toContain('已通过'));
    expect(calls('distributors.review')).toEqual([
      { action: 'distributors.review', userId: 'u1', approve: true },
    ]);
    expect(textOf(page)).not.toContain('用户u1');
    expect(textOf(page)).toContain('暂无记录');
    expect(wxr.navigations).toEqual([]); // the button does not open the row
  });

  test('reject needs a reason typed on the page; with one it is sent', async () => {
    const page = await openList();
    cloud.on('admin.distributors.review', (event) => ({
      user: adminUser(String(event.userId), 'none', {
        distributor: { status: 'none', rejectReason: String(event.reason) },
      }),
    }));
    tap(page, '#reject-u1');
    await waitFor(() => expect(page.querySelector('#reject-u1')).toBeDefined());
    await page.instance.onRejectConfirm();
    expect(wxr.toasts).toContain('请填写拒绝原因');
    page.instance.onRejectReason({ detail: { value: '   ' } });
    await page.instance.onRejectConfirm();
    expect(calls('distributors.review')).toEqual([]);

    page.instance.onRejectReason({ detail: { value: ' 资料不全 ' } });
    await page.instance.onRejectConfirm();
    expect(calls('distributors.review')).toEqual([
      { action: 'distributors.review', userId: 'u1', approve: false, reason: '资料不全' },
    ]);
    expect(wxr.toasts).toContain('已拒绝');
    expect(textOf(page)).not.toContain('用户u1');
  });

  test('on 全部 a rejected applicant stays, now shown as 已拒绝 without actions', async () => {
    const page = await openList();
    page.instance.onTab({ detail: { value: 'all' } });
    await waitFor(() => expect(textOf(page)).toContain('用户u3'));
    cloud.on('admin.distributors.review', (event) => ({
      user: adminUser(String(event.userId), 'none', {
        distributor: { status: 'none', rejectReason: String(event.reason) },
      }),
    }));
    page.instance.onAction({ currentTarget: { dataset: { id: 'u1', action: 'reject' } } });
    page.instance.onRejectReason({ detail: { value: '资料不全' } });
    await page.instance.onRejectConfirm();
    expect(textOf(page.querySelector('#row-u1'))).toContain('已拒绝');
    expect(page.querySelector('#approve-u1')).toBeUndefined();
  });

  test('freeze explains itself in a modal; cancelling sends nothing, confirming freezes', async () => {
    cloud.on('admin.distributors.list', () => ({ items: [adminUser('u2', 'active')], next: null }));
    cloud.on('admin.distributors.freeze', (event) => ({
      user: adminUser(String(event.userId), event.frozen ? 'frozen' : 'active'),
    }));
    const page = mount(built, 'pages/admin/distributors/index');
    page.instance.onLoad({ status: 'active' });
    await waitFor(() => expect(page.querySelector('#freeze-u2')).toBeDefined());
    expect(calls('distributors.list')[0]).toMatchObject({ status: 'active' });

    wxr.modalAnswer = false;
    await page.instance.onAction({ currentTarget: { dataset: { id: 'u2', action: 'freeze' } } });
    expect(wxr.modals[0]!.content).toContain('不再获得新的佣金');
    expect(wxr.modals[0]!.content).toContain('不能提现');
    expect(calls('distributors.freeze')).toEqual([]);

    wxr.modalAnswer = true;
    await page.instance.onAction({ currentTarget: { dataset: { id: 'u2', action: 'freeze' } } });
    expect(calls('distributors.freeze')).toEqual([
      { action: 'distributors.freeze', userId: 'u2', frozen: true },
    ]);
    expect(wxr.toasts).toContain('已冻结');
    expect(textOf(page)).not.toContain('用户u2'); // left the 分销员 tab
  });

  test('unfreeze on 全部 updates the row in place', async () => {
    cloud.on('admin.distributors.list', () => ({ items: [adminUser('u3', 'frozen')], next: null }));
    cloud.on('admin.distributors.freeze', (event) => ({
      user: adminUser(String(event.userId), event.frozen ? 'frozen' : 'active'),
    }));
    const page = mount(built, 'pages/admin/distributors/index');
    page.instance.onLoad({ status: 'all' });
    await waitFor(() => expect(page.querySelector('#unfreeze-u3')).toBeDefined());
    await page.instance.onAction({ currentTarget: { dataset: { id: 'u3', action: 'unfreeze' } } });
    expect(calls('distributors.freeze')).toEqual([
      { action: 'distributors.freeze', userId: 'u3', frozen: false },
    ]);
    expect(wxr.modals).toEqual([]);
    expect(page.querySelector('#unfreeze-u3')).toBeUndefined();
    expect(page.querySelector('#freeze-u3')).toBeDefined();
    expect(textOf(page.querySelector('#row-u3'))).toContain('分销员');
  });

  test('a refused action shows the server message and leaves the row', async () => {
    const page = await openList();
    cloud.on('admin.distributors.review', () => {
      throw { code: 'FAILED_PRECONDITION', message: '该用户没有待审核的申请' };
    });
    await page.instance.onAction({ currentTarget: { dataset: { id: 'u1', action: 'approve' } } });
    expect(wxr.toasts).toEqual(['该用户没有待审核的申请']);
    expect(textOf(page)).toContain('用户u1');
  });

  test('tapping a row opens the member with its openid', async () => {
    const page = await openList();
    tap(page, '#row-u1');
    await waitFor(() => expect(wxr.navigations).toEqual(['/pages/admin/distributor/index?id=u1']));
  });
});

describe('distributor detail', () => {
  // 2026-11-25 12:00 Beijing.
  const NOW = Date.parse('2026-11-25T04:00:00.000Z');
  let nowSpy: jest.SpyInstance;

  beforeEach(() => {
    nowSpy = jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => nowSpy.mockRestore());

  const perf = (from: string, to: string, scale = 1): DistributorPerformance => ({
    from,
    to,
    user: {
      userId: 'd1',
      nickname: '老李',
      inviterId: 'boss',
      inviteeCount: 4,
      distributor: {
        status: 'active',
        code: 'Cd1',
        grade: 'gold',
        gradeName: '金牌',
        joinedAt: '2026-03-02T04:30:00.000Z',
      },
    },
    total: { sales: 20000 * scale, commission: 2000 * scale, orders: 3 * scale, recruits: 2 * scale },
    items: [
      { date: from, sales: 5000 * scale, commission: 500, orders: 1, recruits: 0 },
      { date: to, sales: 15000 * scale, commission: 1500, orders: 2, recruits: 2 },
    ],
  });

  const member = (i: number, level: number): TeamMemberRow => ({
    userId: `m${level}-${i}`,
    nickname: `成员L${level}-${i}`,
    joinedAt: '2026-11-20T01:00:00.000Z',
    isDistributor: i === 1,
    orderCount: i,
    commission: 100 * i + level,
  });

  const openDetail = async () => {
    cloud.on('admin.stats.distributor', (event) =>
      perf(String(event.from), String(event.to), event.from === '2026-10-27' ? 10 : 1),
    );
    cloud.on('admin.distributors.team', (event) => {
      const level = Number(event.level);
      if (level === 1 && !event.cursor) return { items: [member(1, 1), member(2, 1)], next: 'n2' };
      if (level === 1) return { items: [member(3, 1)], next: null };
      return { items: [member(1, 2)], next: null };
    });
    const page = mount(built, 'pages/admin/distributor/index');
    page.instance.onLoad({ id: 'd1' });
    await waitFor(() => expect(textOf(page.querySelector('#total-sales'))).toContain('¥200.00'));
    await waitFor(() => expect(textOf(page)).toContain('成员L1-1'));
    return page;
  };

  test('the header says who the member is; totals for 近7天 are formatted; bars are relative to the best day', async () => {
    const page = await openDetail();
    expect(calls('stats.distributor')[0]).toEqual({
      action: 'stats.distributor',
      userId: 'd1',
      from: '2026-11-19',
      to: '2026-11-25',
    });
    await waitFor(() => expect(textOf(page.querySelector('#code'))).toBe('Cd1'));
    expect(textOf(page.querySelector('#nickname'))).toBe('老李');
    expect(textOf(page.querySelector('#status'))).toBe('分销员');
    expect(textOf(page.querySelector('#grade'))).toBe('金牌');
    expect(textOf(page.querySelector('#inviter'))).toBe('boss');
    expect(textOf(page.querySelector('#joined'))).toBe('2026-03-02 12:30');
    expect(textOf(page.querySelector('#total-sales'))).toBe('¥200.00直接销售额');
    expect(textOf(page.querySelector('#total-commission'))).toBe('¥20.00佣金');
    expect(textOf(page.querySelector('#total-orders'))).toBe('3直推订单');
    expect(textOf(page.querySelector('#total-recruits'))).toBe('2新增下级');
    expect(page.data.bars.map((b: { pct: number }) => b.pct)).toEqual([33.3, 100]);
    expect(textOf(page)).toContain('11-19');
    expect(textOf(page)).toContain('¥150.00');
  });

  test('switching the range asks again with the new from/to and shows the new totals', async () => {
    const page = await openDetail();
    tap(page, '#range-30d');
    await waitFor(() => expect(textOf(page.querySelector('#total-sales'))).toContain('¥2000.00'));
    expect(calls('stats.distributor').at(-1)).toMatchObject({ from: '2026-10-27', to: '2026-11-25' });
    expect(textOf(page.querySelector('#period'))).toBe('2026-10-27 至 2026-11-25');
    page.instance.onRange({ currentTarget: { dataset: { value: 'month' } } });
    await waitFor(() =>
      expect(calls('stats.distributor').at(-1)).toMatchObject({ from: '2026-11-01', to: '2026-11-25' }),
    );
    await waitFor(() => expect(textOf(page.querySelector('#total-sales'))).toContain('¥200.00'));
    expect(calls('stats.distributor')).toHaveLength(3);
  });

  test('team tabs load level 1 and level 2, and level 1 loads more at the bottom', async () => {
    const page = await openDetail();
    expect(calls('distributors.team')[0]).toEqual({ action: 'distributors.team', userId: 'd1', level: 1 });
    const first = textOf(page.querySelector('#member-m1-1'));
    expect(first).toContain('分销员');
    expect(first).toContain('加入于 2026-11-20 09:00');
    expect(first).toContain('订单 1');
    expect(first).toContain('¥1.01');
    expect(textOf(page.querySelector('#member-m1-2'))).not.toContain('分销员');
    expect(textOf(page)).toContain('上拉加载更多');

    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page)).toContain('成员L1-3'));
    expect(calls('distributors.team')[1]).toMatchObject({ level: 1, cursor: 'n2' });
    expect(textOf(page)).toContain('没有更多了');

    page.instance.onTeamTab({ detail: { value: 2 } });
    await waitFor(() => expect(textOf(page)).toContain('成员L2-1'));
    expect(textOf(page)).not.toContain('成员L1-1');
    expect(calls('distributors.team').at(-1)).toEqual({
      action: 'distributors.team',
      userId: 'd1',
      level: 2,
    });
  });

  test('freeze asks first; confirming freezes and the header follows', async () => {
    const page = await openDetail();
    cloud.on('admin.distributors.freeze', (event) => ({
      user: adminUser('d1', event.frozen ? 'frozen' : 'active'),
    }));
    wxr.modalAnswer = false;
    tap(page, '#freeze');
    await waitFor(() => expect(wxr.modals).toHaveLength(1));
    expect(wxr.modals[0]!.content).toContain('不再获得新的佣金');
    expect(calls('distributors.freeze')).toEqual([]);
    wxr.modalAnswer = true;
    await page.instance.onFreezeAction({ currentTarget: { dataset: { action: 'freeze' } } });
    expect(calls('distributors.freeze')).toEqual([
      { action: 'distributors.freeze', userId: 'd1', frozen: true },
    ]);
    expect(textOf(page.querySelector('#status'))).toBe('已冻结');
    expect(page.querySelector('#unfreeze')).toBeDefined();
    await page.instance.onFreezeAction({ currentTarget: { dataset: { action: 'unfreeze' } } });
    expect(calls('distributors.freeze').at(-1)).toMatchObject({ frozen: false });
    expect(textOf(page.querySelector('#status'))).toBe('分销员');
  });

  test('rebind sends the typed inviter; an empty box sends nothing; a cycle refusal is shown', async () => {
    const page = await openDetail();
    let refuse = true;
    cloud.on('admin.distributors.rebind', (event) => {
      if (refuse) throw { code: 'FAILED_PRECONDITION', message: '不能绑定到自己邀请的人' };
      return { user: adminUser('d1', 'active', { inviterId: event.inviterId as string | null }) };
    });
    await page.instance.onRebind();
    expect(wxr.toasts).toContain('请输入新上级的 openid 或邀请码');
    expect(calls('distributors.rebind')).toEqual([]);

    page.instance.onInviterInput({ detail: { value: ' m1-1 ' } });
    await page.instance.onRebind();
    expect(calls('distributors.rebind')).toEqual([
      { action: 'distributors.rebind', userId: 'd1', inviterId: 'm1-1' },
    ]);
    expect(wxr.toasts).toContain('不能绑定到自己邀请的人');
    expect(textOf(page.querySelector('#inviter'))).toBe('boss');

    refuse = false;
    page.instance.onInviterInput({ detail: { value: 'newboss' } });
    await page.instance.onRebind();
    expect(calls('distributors.rebind').at(-1)).toMatchObject({ inviterId: 'newboss' });
    expect(wxr.toasts).toContain('已修改上级');
    expect(textOf(page.querySelector('#inviter'))).toBe('newboss');
    expect(page.data.inviterInput).toBe('');
  });

  test('unbind asks first and then sends inviterId null', async () => {
    const page = await openDetail();
    cloud.on('admin.distributors.rebind', (event) => ({
      user: adminUser('d1', 'active', { inviterId: event.inviterId as string | null }),
    }));
    await waitFor(() => expect(page.querySelector('#unbind')).toBeDefined());
    wxr.modalAnswer = false;
    await page.instance.onUnbind();
    expect(wxr.modals[0]!.title).toBe('解除绑定');
    expect(calls('distributors.rebind')).toEqual([]);
    wxr.modalAnswer = true;
    await page.instance.onUnbind();
    expect(calls('distributors.rebind')).toEqual([
      { action: 'distributors.rebind', userId: 'd1', inviterId: null },
    ]);
    expect(textOf(page.querySelector('#inviter'))).toBe('无');
    expect(page.querySelector('#unbind')).toBeUndefined();
  });

  test('a failed first load shows the error and retry loads again', async () => {
    let fail = true;
    cloud.on('admin.stats.distributor', (event) => {
      if (fail) throw { code: 'NOT_FOUND', message: '用户不存在' };
      return perf(String(event.from), String(event.to));
    });
    cloud.on('admin.distributors.team', () => ({ items: [], next: null }));
    const page = mount(built, 'pages/admin/distributor/index');
    page.instance.onLoad({ id: 'd1' });
    await waitFor(() => expect(textOf(page)).toContain('用户不存在'));
    fail = false;
    page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
    await waitFor(() => expect(textOf(page.querySelector('#nickname'))).toBe('老李'));
    expect(textOf(page.querySelector('#code'))).toBe('Cd1');
    expect(textOf(page)).toContain('还没有直推成员');
  });
});
