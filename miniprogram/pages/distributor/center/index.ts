// Distributor centre. For a distributor: who they are (avatar, nickname, rates, invite code), what they earned in
// all and today, what they can withdraw (with 去提现), their team, the orders that earned them commission, the
// tools (poster, team, ledger, withdrawals) and the freeze rule. For anyone else: the application, with the
// rates it would earn, or why it is pending, refused or frozen.
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import * as share from '../../../services/share';
import * as wallet from '../../../services/wallet';
import type { MeResult, TeamStats } from '../../../services/api';
import {
  applyPitch,
  balanceRows,
  BalanceRow,
  CentreFigure,
  centreFigures,
  explainStatus,
  freezeRule,
  PromotionRow,
  promotionRows,
  ratesText,
  StatusExplanation,
  teamFigures,
} from '../logic';
import { formatFen } from '../../../utils/money';

/** How many of the latest 推广订单 the centre shows; the ledger has them all. */
const LATEST = 3;

const TOOLS = [
  { page: 'poster', label: '推广海报', icon: 'qrcode' },
  { page: 'team', label: '我的团队', icon: 'usergroup' },
  { page: 'ledger', label: '佣金明细', icon: 'bill' },
  { page: 'withdraw', label: '提现记录', icon: 'wallet' },
];

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    explanation: null as StatusExplanation | null,
    /** Pending, frozen or refused: said in words (a first application has the pitch instead). */
    showExplanation: false,
    nickname: '',
    avatarUrl: '',
    ratesText: '',
    pitch: [] as string[],
    availableText: formatFen(0),
    figures: [] as CentreFigure[],
    team: [] as CentreFigure[],
    latest: [] as PromotionRow[],
    rows: [] as BalanceRow[],
    rule: '',
    inviteCode: '',
    tools: TOOLS,
    applying: false,
    realName: '',
    mobile: '',
    reason: '',
  },
  methods: {
    onShow() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      this.setData({ status: this.data.explanation ? 'ready' : 'loading', error: '' });
      try {
        const me: MeResult = await join.me();
        const explanation = explainStatus(me);
        // Balances and figures matter to someone who distributes (or did, until frozen).
        const distributes = explanation.isActive || me.distributor.status === 'frozen';
        const [stats, ledger] = distributes
          ? await Promise.all([
              share.stats().catch((): TeamStats | null => null),
              wallet.ledger().catch(() => null),
            ])
          : [null, null];
        this.setData({
          status: 'ready',
          explanation,
          showExplanation: !explanation.isActive && (!explanation.canApply || !!me.distributor.rejectReason),
          nickname: me.user.nickname || '微信用户',
          avatarUrl: me.user.avatarUrl || '',
          ratesText: ratesText(me.settings),
          pitch: explanation.canApply ? applyPitch(me.settings) : [],
          availableText: formatFen(me.account.available),
          figures: distributes ? centreFigures(stats, me.account) : [],
          team: distributes ? teamFigures(stats, me.settings.levels) : [],
          latest: ledger ? promotionRows(ledger.items.slice(0, LATEST)) : [],
          rows: distributes ? balanceRows(me.account) : [],
          rule: distributes ? freezeRule(me.settings.afterSaleDays, me.account.debt) : '',
          inviteCode: explanation.isActive ? (me.distributor.code ?? '') : '',
        });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value });
    },
    async onApply() {
      if (this.data.applying) return;
      this.setData({ applying: true });
      try {
        const input: { realName?: string; mobile?: string; reason?: string } = {};
        if (this.data.realName.trim()) input.realName = this.data.realName.trim();
        if (this.data.mobile.trim()) input.mobile = this.data.mobile.trim();
        if (this.data.reason.trim()) input.reason = this.data.reason.trim();
        const { status } = await join.apply(input);
        wx.showToast({
          title: status === 'active' ? '你已成为分销员' : '申请已提交，等待审核',
          icon: 'none',
        });
        await this.load();
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ applying: false });
      }
    },
    go(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/pages/distributor/${e.currentTarget.dataset.page as string}/index` });
    },
    onWithdraw() {
      wx.navigateTo({ url: '/pages/distributor/withdraw/index' });
    },
    onCopyCode() {
      if (this.data.inviteCode) wx.setClipboardData({ data: this.data.inviteCode });
    },
    onShareAppMessage() {
      // The card carries the invite code: whoever opens it enters with inviteCode and join.enter binds them.
      return {
        title: '推荐你一家好店',
        path: this.data.inviteCode
          ? `/pages/shop/home/index?inviteCode=${encodeURIComponent(this.data.inviteCode)}`
          : '/pages/shop/home/index',
      };
    },
  },
});
