// The merchant's distributor pages (list and detail): status words, which actions a status allows, the row
// and team views, the reject-reason and new-inviter checks, and the per-day bar chart. Pure, so tests call it.
import type { AdminUser, DistributorPerformance, TeamMemberRow } from '../../../services/admin';
import type { DistributorStatus } from '../../../services/api';
import { Bar, bars } from '../../../utils/chart';
import { formatDateTime, shortDay } from '../../../utils/date';
import { phoneText } from '../../../utils/format';
import { formatFen } from '../../../utils/money';
import { DISTRIBUTOR_STATUS_WORDS, distributorStatusText, statusTabs } from '../../../utils/status';

// ---- tabs and status

export type DistributorTab = 'pending' | 'active' | 'frozen' | 'all';

export const DISTRIBUTOR_TABS = statusTabs<DistributorTab>(['pending', 'active', 'frozen', 'all'], {
  ...DISTRIBUTOR_STATUS_WORDS,
  all: '全部',
});

/** The `status` filter a tab sends; 全部 sends none (everyone who ever applied or joined). */
export function tabStatus(tab: DistributorTab): 'pending' | 'active' | 'frozen' | undefined {
  return tab === 'all' ? undefined : tab;
}

/** The list filter of a tab and a search box: `q` only when something was typed. */
export function listFilter(
  tab: DistributorTab,
  search: string,
): { status?: 'pending' | 'active' | 'frozen'; q?: string } {
  const filter: { status?: 'pending' | 'active' | 'frozen'; q?: string } = {};
  const status = tabStatus(tab);
  if (status) filter.status = status;
  const q = search.trim();
  if (q) filter.q = q;
  return filter;
}

export type DistributorActionKey = 'approve' | 'reject' | 'freeze' | 'unfreeze';

export interface DistributorAction {
  key: DistributorActionKey;
  text: string;
  theme: 'primary' | 'danger' | 'default';
}

/** pending → 通过 / 拒绝; active → 冻结; frozen → 解冻; anyone else → nothing. */
export function actionsFor(status: DistributorStatus | string | undefined): DistributorAction[] {
  switch (status) {
    case 'pending':
      return [
        { key: 'approve', text: '通过', theme: 'primary' },
        { key: 'reject', text: '拒绝', theme: 'danger' },
      ];
    case 'active':
      return [{ key: 'freeze', text: '冻结', theme: 'danger' }];
    case 'frozen':
      return [{ key: 'unfreeze', text: '解冻', theme: 'primary' }];
    default:
      return [];
  }
}

/** The modal shown before freezing: what a frozen distributor loses, and that it can be undone. */
export function freezeConfirm(nickname: string): { title: string; content: string } {
  return {
    title: '冻结分销员',
    content: `冻结后，${nickname || '该用户'}不再获得新的佣金，也不能提现；已有佣金保留，可随时解冻。`,
  };
}

export const UNBIND_CONFIRM = {
  title: '解除绑定',
  content: '解除后该用户不再有上级，之后的订单不再给原上级计佣金。确定解除吗？',
};

/** Whether a row still belongs in a tab after an action changed its status. */
export function belongsToTab(tab: DistributorTab, status: string | undefined): boolean {
  const wanted = tabStatus(tab);
  return !wanted || wanted === status;
}

// ---- input checks

export const REASON_MAX = 200;

export type Checked = { ok: true; value: string } | { ok: false; problem: string };

/** A rejection must say why (the applicant reads it); at most 200 characters like the server allows. */
export function checkRejectReason(text: string | null | undefined): Checked {
  const value = (text ?? '').trim();
  if (!value) return { ok: false, problem: '请填写拒绝原因' };
  if (value.length > REASON_MAX) return { ok: false, problem: `拒绝原因最多 ${REASON_MAX} 个字` };
  return { ok: true, value };
}

/** The new inviter: an openid or an invite code (letters, digits, _ : . -), as the server's id check. */
export function checkInviterInput(text: string | null | undefined): Checked {
  const value = (text ?? '').trim();
  if (!value) return { ok: false, problem: '请输入新上级的 openid 或邀请码' };
  if (value.length > 64 || !/^[\w:.-]+$/.test(value))
    return { ok: false, problem: 'openid 或邀请码格式不正确' };
  return { ok: true, value };
}

// ---- list rows

export interface DistributorRow extends AdminUser {
  statusText: string;
  /** What the applicant wrote: real name, mobile and reason, for the merchant to review ('' when not given). */
  realNameText: string;
  mobileText: string;
  applyReasonText: string;
  /** The application is shown in full while it waits for review. */
  showApplication: boolean;
  timeLabel: string;
  timeText: string;
  spendText: string;
  inviteeText: string;
  inviterText: string;
  codeText: string;
  actions: DistributorAction[];
}

/** The inviter as the merchant knows them: by nickname (the shop's default name without one), 无 without. */
export function inviterText(user: Pick<AdminUser, 'inviterId' | 'inviterNickname'>): string {
  if (!user.inviterId) return '无';
  return user.inviterNickname || '微信用户';
}

/** One row of the list: who, status, applied/joined time, paid spending, invitees, inviter and actions. */
export function distributorRow(user: AdminUser): DistributorRow {
  const d = user.distributor;
  const joined = d.status === 'active' || d.status === 'frozen';
  const time = joined ? (d.joinedAt ?? d.appliedAt) : (d.appliedAt ?? user.createdAt);
  return {
    ...user,
    nickname: user.nickname || '微信用户',
    statusText: distributorStatusText(d.status, d.rejectReason),
    realNameText: d.realName ?? '',
    mobileText: phoneText(d.mobile),
    applyReasonText: d.applyReason ?? '',
    showApplication:
      d.status === 'pending' || !!(d.rejectReason && (d.realName || d.mobile || d.applyReason)),
    timeLabel: joined ? '加入' : d.appliedAt ? '申请' : '注册',
    timeText: formatDateTime(time),
    spendText: formatFen(user.paidSpendFen),
    inviteeText: String(user.inviteeCount),
    inviterText: inviterText(user),
    codeText: d.code || '—',
    actions: actionsFor(d.status),
  };
}

export const distributorRows = (users: AdminUser[]) => users.map(distributorRow);

// ---- detail

export interface MemberHeader {
  userId: string;
  nickname: string;
  status: string;
  statusText: string;
  gradeText: string;
  codeText: string;
  inviterId: string | null;
  inviterText: string;
  joinedText: string;
  inviteeText: string;
  actions: DistributorAction[];
}

/**
 * The detail header from stats.distributor's user, overridden by the member as distributors.list knows them
 * (read when the page opens, and answered by each action): their inviter by nickname comes only from there.
 */
export function memberHeader(
  userId: string,
  perf: DistributorPerformance['user'] | null | undefined,
  user?: AdminUser | null,
): MemberHeader {
  const status = user?.distributor?.status ?? perf?.distributor.status ?? 'none';
  const grade = user?.distributor?.grade ?? perf?.distributor.grade ?? null;
  const inviterId = user ? (user.inviterId ?? null) : (perf?.inviterId ?? null);
  const joinedAt = user?.distributor?.joinedAt ?? perf?.distributor.joinedAt ?? null;
  const invitees = user?.inviteeCount ?? perf?.inviteeCount;
  return {
    userId,
    nickname: user?.nickname || perf?.nickname || '微信用户',
    status,
    statusText: distributorStatusText(status, user?.distributor?.rejectReason),
    gradeText: !grade ? '默认等级' : (perf?.distributor.gradeName ?? String(grade)),
    codeText: user?.distributor?.code || perf?.distributor.code || '—',
    inviterId,
    // Until the member's own record arrives the inviter is known only by id: no openid on screen.
    inviterText: user ? inviterText(user) : inviterId ? '—' : '无',
    joinedText: formatDateTime(joinedAt) || '—',
    inviteeText: String(invitees ?? 0),
    actions: actionsFor(status).filter((a) => a.key === 'freeze' || a.key === 'unfreeze'),
  };
}

export interface TotalCell {
  key: 'sales' | 'commission' | 'orders' | 'recruits';
  label: string;
  valueText: string;
}

export function totalCells(total: DistributorPerformance['total'] | null | undefined): TotalCell[] {
  const t = total ?? { sales: 0, commission: 0, orders: 0, recruits: 0 };
  return [
    { key: 'sales', label: '直接销售额', valueText: formatFen(t.sales) },
    { key: 'commission', label: '佣金', valueText: formatFen(t.commission) },
    { key: 'orders', label: '直推订单', valueText: String(t.orders) },
    { key: 'recruits', label: '新增下级', valueText: String(t.recruits) },
  ];
}

/** One bar per day, each a share of the best day (utils/chart). */
export function salesBars(items: { date: string; sales: number }[] | null | undefined): Bar[] {
  return bars(
    items ?? [],
    (day) => shortDay(day.date),
    (day) => day.sales,
    formatFen,
  );
}

export interface TeamMemberView extends TeamMemberRow {
  _id: string;
  nickname: string;
  joinedText: string;
  commissionText: string;
}

/** Team rows keyed by userId (so pages that overlap are de-duplicated), with times and money as text. */
export function teamView(members: TeamMemberRow[]): TeamMemberView[] {
  return members.map((m) => ({
    ...m,
    _id: m.userId,
    nickname: m.nickname || '微信用户',
    joinedText: formatDateTime(m.joinedAt),
    commissionText: formatFen(m.commission ?? 0),
  }));
}
