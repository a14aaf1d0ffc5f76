// Distributor centre: apply (and pending / rejected / frozen explained), balances with the freeze rule, entries.
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import type { MeResult } from '../../../services/api';
import { balanceRows, BalanceRow, explainStatus, freezeRule, StatusExplanation } from '../logic';

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    explanation: null as StatusExplanation | null,
    rows: [] as BalanceRow[],
    rule: '',
    inviteCode: '',
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
        // Balances matter to someone who distributes (or did, until frozen).
        const distributes = explanation.isActive || me.distributor.status === 'frozen';
        this.setData({
          status: 'ready',
          explanation,
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
