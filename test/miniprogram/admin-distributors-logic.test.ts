// The merchant distributor pages' pure logic: tabs and filters, status words, allowed actions, the reject and
// inviter checks, list rows, the detail header, totals, the per-day bars and team rows.
import {
  actionsFor,
  belongsToTab,
  checkInviterInput,
  checkRejectReason,
  distributorRow,
  freezeConfirm,
  listFilter,
  memberHeader,
  salesBars,
  tabStatus,
  teamView,
  totalCells,
} from '../../miniprogram/pages/admin/distributors/logic';
import { foundUsers } from '../../miniprogram/pages/admin/components/user-picker/logic';
import type { AdminUser, DistributorPerformance } from '../../miniprogram/services/admin';
import { distributorStatusText as statusText } from '../../miniprogram/utils/status';

const user = (
  over: Partial<AdminUser> = {},
  distributor: Partial<AdminUser['distributor']> = {},
): AdminUser => ({
  _id: 'u1',
  nickname: '小王',
  avatarUrl: '',
  inviterId: 'boss',
  inviterNickname: '老板',
  boundAt: '2026-01-02T00:00:00.000Z',
  bindSource: 'poster',
  createdAt: '2026-01-01T00:00:00.000Z',
  paidSpendFen: 9901,
  inviteeCount: 2,
  ...over,
  distributor: { status: 'pending', code: 'ABC123', appliedAt: '2026-03-01T16:30:00.000Z', ...distributor },
});

describe('tabs and filters', () => {
  test('全部 sends no status; the others send their own', () => {
    expect(tabStatus('all')).toBeUndefined();
    expect(tabStatus('pending')).toBe('pending');
    expect(tabStatus('frozen')).toBe('frozen');
  });

  test('q is sent trimmed and only when something was typed', () => {
    expect(listFilter('active', '  ABC ')).toEqual({ status: 'active', q: 'ABC' });
    expect(listFilter('all', '   ')).toEqual({});
    expect(listFilter('pending', '')).toEqual({ status: 'pending' });
  });

  test('a row stays in 全部 and in its own status tab only', () => {
    expect(belongsToTab('all', 'none')).toBe(true);
    expect(belongsToTab('pending', 'active')).toBe(false);
    expect(belongsToTab('active', 'active')).toBe(true);
  });
});

describe('status words and actions', () => {
  test('each status has its text; none is 已拒绝 only with a refusal on file', () => {
    expect(statusText('pending')).toBe('待审核');
    expect(statusText('active')).toBe('分销员');
    expect(statusText('frozen')).toBe('已冻结');
    expect(statusText('none', '资料不全')).toBe('已拒绝');
    expect(statusText('none')).toBe('普通用户');
  });

  test('pending may be approved or rejected, active frozen, frozen unfrozen, others nothing', () => {
    expect(actionsFor('pending').map((a) => a.key)).toEqual(['approve', 'reject']);
    expect(actionsFor('pending').map((a) => a.text)).toEqual(['通过', '拒绝']);
    expect(actionsFor('active').map((a) => a.text)).toEqual(['冻结']);
    expect(actionsFor('frozen').map((a) => a.text)).toEqual(['解冻']);
    expect(actionsFor('none')).toEqual([]);
  });

  test('the freeze modal says what freezing costs', () => {
    const { content } = freezeConfirm('老李');
    expect(content).toContain('老李');
    expect(content).toContain('不再获得新的佣金');
    expect(content).toContain('不能提现');
  });
});

describe('input checks', () => {
  test('a rejection needs a reason of at most 200 characters', () => {
    expect(checkRejectReason('')).toEqual({ ok: false, problem: '请填写拒绝原因' });
    expect(checkRejectReason('   ')).toEqual({ ok: false, problem: '请填写拒绝原因' });
    expect(checkRejectReason(undefined).ok).toBe(false);
    expect(checkRejectReason('x'.repeat(201))).toEqual({ ok: false, problem: '拒绝原因最多 200 个字' });
    expect(checkRejectReason(' 资料不全 ')).toEqual({ ok: true, value: '资料不全' });
  });

  test('the new inviter is an openid or invite code', () => {
    expect(checkInviterInput(' ').ok).toBe(false);
    expect(checkInviterInput('有 空格').ok).toBe(false);
    expect(checkInviterInput('a'.repeat(65)).ok).toBe(false);
    expect(checkInviterInput(' oAbC_12-3 ')).toEqual({ ok: true, value: 'oAbC_12-3' });
  });
});

describe('list rows', () => {
  test('a pending applicant shows the application time (Beijing), spending, invitees and inviter', () => {
    const row = distributorRow(user());
    expect(row).toMatchObject({
      statusText: '待审核',
      timeLabel: '申请',
      timeText: '2026-03-02 00:30',
      spendText: '¥99.01',
      inviteeText: '2',
      inviterText: '老板',
      codeText: 'ABC123',
    });
    expect(row.actions.map((a) => a.key)).toEqual(['approve', 'reject']);
    // An inviter without a nickname goes by the shop's default name, never by openid.
    expect(distributorRow(user({ inviterNickname: '' })).inviterText).toBe('微信用户');
  });

  test('a distributor shows when they joined; empty fields read plainly', () => {
    const row = distributorRow(
      user(
        { nickname: '', inviterId: null, boundAt: null, bindSource: null, paidSpendFen: 0, inviteeCount: 0 },
        { status: 'active', code: undefined, joinedAt: '2026-03-05T01:00:00.000Z' },
      ),
    );
    expect(row).toMatchObject({
      nickname: '微信用户',
      timeLabel: '加入',
      timeText: '2026-03-05 09:00',
      spendText: '¥0.00',
      inviteeText: '0',
      inviterText: '无',
      codeText: '—',
    });
    expect(row.actions.map((a) => a.key)).toEqual(['freeze']);
  });
});

describe('detail', () => {
  const perfUser: DistributorPerformance['user'] = {
    userId: 'd1',
    nickname: '老李',
    avatarUrl: '',
    inviterId: 'boss',
    inviteeCount: 5,
    distributor: {
      status: 'frozen',
      code: null,
      grade: null,
      gradeName: null,
      joinedAt: '2026-03-02T04:30:00.000Z',
    },
  };

  test('the header from stats alone: default grade, no code, 解冻 only', () => {
    const header = memberHeader('d1', perfUser);
    expect(header).toMatchObject({
      nickname: '老李',
      statusText: '已冻结',
      gradeText: '默认等级',
      codeText: '—',
      inviterId: 'boss',
      // Known only by openid until the member's own record arrives: not shown.
      inviterText: '—',
      joinedText: '2026-03-02 12:30',
      inviteeText: '5',
    });
    expect(header.actions.map((a) => a.key)).toEqual(['unfreeze']);
  });

  test('the list view of the member wins: code, a changed status and an unbound inviter', () => {
    const header = memberHeader(
      'd1',
      perfUser,
      user({ _id: 'd1', inviterId: null }, { status: 'active', grade: 'gold', code: 'XYZ' }),
    );
    expect(header).toMatchObject({
      statusText: '分销员',
      gradeText: 'gold',
      codeText: 'XYZ',
      inviterId: null,
      inviterText: '无',
    });
    expect(header.actions.map((a) => a.key)).toEqual(['freeze']);
  });

  test('totals: money in yuan, counts as numbers, in a fixed order', () => {
    expect(totalCells({ sales: 123456, commission: 1234, orders: 7, recruits: 3 })).toEqual([
      { key: 'sales', label: '直接销售额', valueText: '¥1234.56' },
      { key: 'commission', label: '佣金', valueText: '¥12.34' },
      { key: 'orders', label: '直推订单', valueText: '7' },
      { key: 'recruits', label: '新增下级', valueText: '3' },
    ]);
    expect(totalCells(null).map((c) => c.valueText)).toEqual(['¥0.00', '¥0.00', '0', '0']);
  });

  test('bars are a percentage of the best day; tiny days stay visible; nothing sold is all zero', () => {
    const bars = salesBars([
      { date: '2026-11-23', sales: 10000 },
      { date: '2026-11-24', sales: 0 },
      { date: '2026-11-25', sales: 40000 },
      { date: '2026-11-26', sales: 100 },
    ]);
    expect(bars.map((b) => b.pct)).toEqual([25, 0, 100, 2]);
    expect(bars[0]).toMatchObject({ label: '11-23', text: '¥100.00' });
    expect(salesBars([{ date: '2026-11-23', sales: 0 }]).map((b) => b.pct)).toEqual([0]);
    expect(salesBars(undefined)).toEqual([]);
  });

  test('team rows are keyed by user id with joined time and commission as text', () => {
    const [row] = teamView([
      {
        userId: 'm1',
        nickname: '',
        avatarUrl: '',
        joinedAt: '2026-11-20T01:00:00.000Z',
        isDistributor: true,
        orderCount: 2,
        commission: 305,
      },
    ]);
    expect(row).toMatchObject({
      _id: 'm1',
      nickname: '微信用户',
      joinedText: '2026-11-20 09:00',
      commissionText: '¥3.05',
      isDistributor: true,
    });
  });
});

describe('applications and the user search', () => {
  test('a pending row shows what the applicant wrote: real name, mobile and reason', () => {
    const row = distributorRow(
      user({}, { realName: '王小明', mobile: '13900000000', applyReason: '朋友圈卖茶叶' }),
    );
    expect(row).toMatchObject({
      realNameText: '王小明',
      mobileText: '139 0000 0000',
      applyReasonText: '朋友圈卖茶叶',
      showApplication: true,
    });
    // An active distributor's application is history: not shown in full.
    expect(distributorRow(user({}, { status: 'active', realName: '王小明' })).showApplication).toBe(false);
    expect(distributorRow(user()).realNameText).toBe('');
  });

  test('found users say who they are and whether they are already chosen', () => {
    const found = foundUsers(
      [
        user({ _id: 'a', nickname: '王芳' }, { status: 'active', code: 'K7Q2MX' }),
        user({ _id: 'b', nickname: '' }, { status: 'none', code: undefined }),
      ],
      ['b'],
    );
    expect(found).toEqual([
      {
        _id: 'a',
        nickname: '王芳',
        avatarUrl: '',
        code: 'K7Q2MX',
        description: '分销员 · 邀请码 K7Q2MX',
        taken: false,
      },
      { _id: 'b', nickname: '微信用户', avatarUrl: '', code: '', description: '普通用户', taken: true },
    ]);
  });
});
