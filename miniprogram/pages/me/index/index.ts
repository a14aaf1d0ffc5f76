// Me: profile, who invited me, and the way into the distributor centre.
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import type { MeResult } from '../../../services/api';
import { explainStatus } from '../../distributor/logic';

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    nickname: '',
    avatarUrl: '',
    inviterText: '',
    distributorText: '',
    isAdmin: false,
  },
  methods: {
    onShow() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      this.setData({
        status: this.data.nickname || this.data.status === 'ready' ? 'ready' : 'loading',
        error: '',
      });
      try {
        const me: MeResult = await join.me();
        const inviter = me.inviter?.nickname ?? '';
        this.setData({
          status: 'ready',
          nickname: me.user.nickname || '微信用户',
          avatarUrl: me.user.avatarUrl || '',
          inviterText: inviter ? `推荐人：${inviter}` : me.user.inviterId ? '已绑定推荐人' : '暂无推荐人',
          distributorText: explainStatus(me).title,
          isAdmin: me.isAdmin,
        });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    async onNickname(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const nickname = (e.detail.value ?? '').trim();
      if (!nickname || nickname === this.data.nickname) return;
      try {
        const { user } = await join.profile({ nickname });
        this.setData({ nickname: user.nickname });
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none' });
      }
    },
    onOrders() {
      wx.switchTab({ url: '/pages/order/list/index' });
    },
    onCentre() {
      wx.navigateTo({ url: '/pages/distributor/center/index' });
    },
    onMerchant() {
      wx.navigateTo({ url: '/pages/admin/dashboard/index' });
    },
  },
});
