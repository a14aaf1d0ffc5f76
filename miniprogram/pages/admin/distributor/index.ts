// Merchant: one distributor — who they are, how they did over a range (totals and a per-day sales bar list),
// their level-1 and level-2 team, freeze / unfreeze, and moving them to another inviter (or none).
import * as admin from '../../../services/admin';
import type { AdminUser, DistributorPerformance } from '../../../services/admin';
import { messageOf } from '../../../services/errors';
import { presetRange, RANGE_PRESETS, RangePreset } from '../../../utils/date';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList, runAction, toastError } from '../../../utils/paged';
import type { Bar } from '../../../utils/chart';
import type { PickedUser } from '../components/user-picker/type';
import {
  checkInviterInput,
  freezeConfirm,
  memberHeader,
  MemberHeader,
  salesBars,
  TeamMemberView,
  teamView,
  totalCells,
  TotalCell,
  UNBIND_CONFIRM,
} from '../distributors/logic';

const RANGES = RANGE_PRESETS.filter((preset) => preset.value !== 'today');

/** The list encodes the openid in the URL; a value that is not encoded is taken as it is. */
function decodeId(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    return raw ?? '';
  }
}

Component({
  data: {
    userId: '',
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    header: null as MemberHeader | null,
    perfUser: null as DistributorPerformance['user'] | null,
    user: null as AdminUser | null,
    ranges: RANGES,
    range: '7d' as RangePreset,
    from: '',
    to: '',
    statsLoading: false,
    statsToken: 0,
    totals: totalCells(null) as TotalCell[],
    bars: [] as Bar[],
    level: 1 as 1 | 2,
    team: initialList<TeamMemberView>() as ListState<TeamMemberView>,
    teamFooter: '',
    /** The new inviter: an openid or invite code, picked in the search (or set by a test as typed text). */
    inviterInput: '',
    /** Who was picked, in words: 「李雷（邀请码 K7Q2MX）」. */
    pickedInviter: '',
    acting: false,
  },
  methods: {
    onLoad(options?: Record<string, string | undefined>) {
      const userId = decodeId(options?.id);
      this.setData({ userId });
      if (!userId) {
        this.setData({ status: 'error', error: '缺少用户编号' });
        return;
      }
      return this.reload();
    },
    onPullDownRefresh() {
      this.reload().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      this.loadTeam(false);
    },
    reload() {
      return Promise.all([this.loadStats(), this.loadTeam(true), this.loadMember()]).then(() => undefined);
    },
    /**
     * The member as distributors.list knows them (its search matches an openid exactly): their inviter by
     * nickname, their code and status. The figures show without it.
     */
    async loadMember() {
      try {
        const { items } = await admin.listDistributors({ q: this.data.userId });
        const user = items.find((item) => item._id === this.data.userId);
        if (!user) return;
        this.setData({ user });
        this.refreshHeader();
      } catch {
        // The header keeps what stats.distributor said.
      }
    },
    /** stats.distributor for the chosen range; a stale answer (the range changed meanwhile) is dropped. */
    async loadStats() {
      const { from, to } = presetRange(this.data.range, Date.now());
      const token = this.data.statsToken + 1;
      this.setData({ from, to, statsLoading: true, statsToken: token });
      if (this.data.status === 'error') this.setData({ status: 'loading', error: '' });
      try {
        const perf = await admin.statsDistributor(this.data.userId, from, to);
        if (this.data.statsToken !== token) return;
        this.setData({
          status: 'ready',
          perfUser: perf.user,
          totals: totalCells(perf.total),
          bars: salesBars(perf.items),
          statsLoading: false,
        });
        this.refreshHeader();
      } catch (error) {
        if (this.data.statsToken !== token) return;
        this.setData({ statsLoading: false });
        if (this.data.status === 'ready') toastError(error);
        else this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    refreshHeader() {
      if (!this.data.perfUser && !this.data.user) return;
      this.setData({ header: memberHeader(this.data.userId, this.data.perfUser, this.data.user) });
    },
    onRange(e: WechatMiniprogram.BaseEvent) {
      const value = e.currentTarget.dataset.value as RangePreset;
      if (!RANGES.some((r) => r.value === value) || value === this.data.range) return;
      this.setData({ range: value });
      return this.loadStats();
    },
    async loadTeam(replace: boolean) {
      const { userId, level } = this.data;
      await loadList<TeamMemberView>(
        this,
        'team',
        async (cursor) => {
          const page = await admin.distributorTeam(userId, level, cursor);
          return { items: teamView(page.items), next: page.next };
        },
        replace,
      );
      this.setData({ teamFooter: footerText(this.data.team) });
    },
    reloadTeam() {
      return this.loadTeam(true);
    },
    onTeamTab(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const level = Number(e.detail.value) === 2 ? 2 : 1;
      if (level === this.data.level) return;
      this.setData({ level, team: initialList<TeamMemberView>() });
      return this.loadTeam(true);
    },
    onTeamFooterTap() {
      if (this.data.team.moreError) this.loadTeam(false);
    },
    async onFreezeAction(e: WechatMiniprogram.BaseEvent) {
      const action = e.currentTarget.dataset.action as string;
      const id = this.data.userId;
      if (action === 'freeze') {
        const { title, content } = freezeConfirm(this.data.header?.nickname ?? '');
        const answer = await wx.showModal({ title, content, confirmText: '冻结', confirmColor: '#e34d59' });
        if (!answer.confirm) return;
        return this.act(() => admin.freezeDistributor(id, true), '已冻结');
      }
      if (action === 'unfreeze') return this.act(() => admin.freezeDistributor(id, false), '已解冻');
    },
    onInviterInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ inviterInput: e.detail.value ?? '', pickedInviter: '' });
    },
    onPickInviter(e: WechatMiniprogram.CustomEvent<PickedUser>) {
      const { _id, nickname, code } = e.detail;
      this.setData({ inviterInput: _id, pickedInviter: code ? `${nickname}（邀请码 ${code}）` : nickname });
    },
    async onRebind() {
      const checked = checkInviterInput(this.data.inviterInput);
      if (!checked.ok) {
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      const done = await this.act(
        () => admin.rebindDistributor(this.data.userId, checked.value),
        '已修改上级',
      );
      if (done) this.setData({ inviterInput: '', pickedInviter: '' });
    },
    async onUnbind() {
      const answer = await wx.showModal({ ...UNBIND_CONFIRM, confirmText: '解除', confirmColor: '#e34d59' });
      if (!answer.confirm) return;
      return this.act(() => admin.rebindDistributor(this.data.userId, null), '已解除绑定');
    },
    /** One action at a time; the answer's user updates the header. Refusals (e.g. a cycle) are toasted. */
    async act(run: () => Promise<{ user: AdminUser }>, done: string): Promise<boolean> {
      const answer = await runAction(this, 'acting', run, done);
      if (!answer) return false;
      this.setData({ user: answer.user });
      this.refreshHeader();
      return true;
    },
  },
});
