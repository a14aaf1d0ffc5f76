// Distributor centre. For a distributor: who they are (avatar, nickname, grade, rates, invite code), what they
// earned in all and today, what they can withdraw (with 去提现), their team, the orders that earned them
// commission, the tools (poster, team, ledger, withdrawals), the freeze rule, and once an offer to be told of
// commission (订阅消息). For anyone else: the application — with their avatar and nickname (shown on posters and
// in teams), and the rates it would earn — or why it is pending, refused or frozen.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import * as share from '../../../services/share';
import * as wallet from '../../../services/wallet';
import type { MeResult, SubscribeTemplates, TeamStats } from '../../../services/api';
import { saveChosenAvatar, showAvatar } from '../../../utils/avatar';
import { DEFAULT_NICKNAME, isDefaultNickname, nicknameChange } from '../../../utils/profile';
import { COMMISSION_ASKED_KEY, SUBSCRIBE_MOMENTS, templateIdsFor } from '../../../utils/subscribe';
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
    /** An address the <image> can load for the stored avatar. */
    avatarShown: '',
    /** The merchant's name for the distributor's grade (「金牌推广员」), '' without one. */
    gradeName: '',
    ratesText: '',
    /** The merchant's 订阅消息 templates (join.me). */
    subscribe: {} as SubscribeTemplates,
    /** The one-time offer of commission notices: shown until asked once. */
    offerNotices: false,
    /** The application's nickname field starts empty for WeChat's default name. */
    profileNickname: '',
    /** Why the nickname or avatar was not saved. */
    profileError: '',
    savingAvatar: false,
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
          nickname: me.user.nickname || DEFAULT_NICKNAME,
          avatarUrl: me.user.avatarUrl || '',
          profileNickname: isDefaultNickname(me.user.nickname) ? '' : me.user.nickname,
          gradeName: explanation.isActive ? (me.distributor.gradeName ?? '') : '',
          subscribe: me.subscribe,
          offerNotices:
            explanation.isActive &&
            templateIdsFor(me.subscribe, SUBSCRIBE_MOMENTS.commission).length > 0 &&
            !getStorage(COMMISSION_ASKED_KEY),
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
        showAvatar(this, me.user.avatarUrl || '');
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    /** 开启佣金提醒: asked once, inside the tap; whatever the answer, the offer is not made again. */
    onNotices() {
      const asked = join.askSubscribe(this.data.subscribe, SUBSCRIBE_MOMENTS.commission);
      setStorage(COMMISSION_ASKED_KEY, true);
      this.setData({ offerNotices: false });
      return asked.then((accepted) =>
        wx.showToast({ title: accepted.length ? '已开启佣金提醒' : '未开启提醒', icon: 'none' }),
      );
    },
    /** The application's avatar: WeChat's picker gives a file on the phone, stored and set on the profile. */
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      const saved = await saveChosenAvatar(this, e);
      if (!saved || !('user' in saved)) return;
      this.setData({ avatarUrl: saved.user.avatarUrl });
      await showAvatar(this, saved.user.avatarUrl);
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value });
    },
    /**
     * 申请成为分销员 (the form's submit): asks for the review's notice inside the tap, saves a new nickname first
     * (read from WeChat's nickname input at submit; a risky one is refused and nothing is applied), then applies.
     */
    onApply(e?: WechatMiniprogram.CustomEvent<{ value: Record<string, unknown> }>) {
      if (this.data.applying) return;
      const asked = join.askSubscribe(this.data.subscribe, SUBSCRIBE_MOMENTS.apply);
      return this.apply(e?.detail?.value?.nickname, asked);
    },
    async apply(submittedNickname: unknown, asked: Promise<string[]>) {
      this.setData({ applying: true, profileError: '' });
      await asked;
      try {
        // The nickname is optional here: an empty field keeps the name the shopper has.
        const change = nicknameChange(this.data.nickname, submittedNickname);
        if (change.nickname) {
          try {
            const { user } = await join.profile({ nickname: change.nickname });
            this.setData({ nickname: user.nickname, profileNickname: user.nickname });
          } catch (error) {
            this.setData({ profileError: messageOf(error) });
            return;
          }
        } else if (change.problem && String(submittedNickname ?? '').trim()) {
          this.setData({ profileError: change.problem });
          return;
        }
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
