// 我的: who I am (avatar, nickname, who invited me), my orders by state with their counts, my delivery
// address, customer service, and the ways into the distributor centre and the merchant's back office.
import { getConfig, getStorage, setStorage } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import type { MeResult, OrderStatus } from '../../../services/api';
import { ADDRESS_KEY, addressDenied, addressFromChoice, savedAddress } from '../../../utils/address';
import { explainStatus } from '../../distributor/logic';
import { ORDER_TAB_KEY } from '../../order/status';
import { OrderShortcut, orderShortcuts } from './logic';

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    nickname: '',
    avatarUrl: '',
    inviterText: '',
    distributorText: '',
    isDistributor: false,
    isAdmin: false,
    shortcuts: orderShortcuts({ created: 0, paid: 0, shipped: 0, refunding: 0 }) as OrderShortcut[],
    addressNote: '',
  },
  methods: {
    onShow() {
      this.showAddress();
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
        const explained = explainStatus(me);
        this.setData({
          status: 'ready',
          nickname: me.user.nickname || '微信用户',
          avatarUrl: me.user.avatarUrl || '',
          inviterText: inviter ? `推荐人：${inviter}` : me.user.inviterId ? '已绑定推荐人' : '暂无推荐人',
          distributorText: explained.title,
          isDistributor: explained.isActive,
          isAdmin: me.isAdmin,
          shortcuts: orderShortcuts(me.orders),
        });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    showAddress() {
      const address = savedAddress(getStorage(ADDRESS_KEY));
      this.setData({
        addressNote: address ? `${address.userName} · ${address.cityName}${address.countyName}` : '未设置',
      });
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
    /** WeChat's avatar picker gives a file on the phone; it goes to cloud storage, its fileID to the profile. */
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      const file = e.detail.avatarUrl;
      if (!file) return;
      if (getConfig().mode !== 'cloud') {
        wx.showToast({ title: '本地模式不能上传头像', icon: 'none' });
        return;
      }
      try {
        const ext = /\.(\w+)$/.exec(file)?.[1] ?? 'png';
        const { fileID } = await wx.cloud.uploadFile({
          cloudPath: `avatars/${Date.now()}.${ext}`,
          filePath: file,
        });
        const { user } = await join.profile({ avatarUrl: fileID });
        this.setData({ avatarUrl: user.avatarUrl });
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none' });
      }
    },
    /** All orders, or one tab of them (the list reads the tab when it shows). */
    openOrders(status: OrderStatus | '') {
      setStorage(ORDER_TAB_KEY, status);
      wx.switchTab({ url: '/pages/order/list/index' });
    },
    onOrders() {
      this.openOrders('');
    },
    onShortcut(e: WechatMiniprogram.BaseEvent) {
      this.openOrders(String(e.currentTarget.dataset.status ?? '') as OrderStatus);
    },
    async onAddress() {
      try {
        const choice = await wx.chooseAddress();
        setStorage(ADDRESS_KEY, addressFromChoice(choice as unknown as Record<string, unknown>));
        this.showAddress();
      } catch (error) {
        if (addressDenied(error))
          wx.showModal({
            title: '需要通讯地址权限',
            content: '请在设置中允许使用通讯地址后再试',
            showCancel: false,
          });
      }
    },
    onCentre() {
      wx.navigateTo({ url: '/pages/distributor/center/index' });
    },
    onMerchant() {
      wx.navigateTo({ url: '/pages/admin/dashboard/index' });
    },
  },
});
