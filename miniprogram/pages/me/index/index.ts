// 我的: who I am (avatar and nickname, set with WeChat's 头像昵称填写; who invited me), my orders by state with their
// counts, my coupons, my delivery address, customer service, and the ways into the distributor centre and the
// merchant's back office. Choosing an address or an avatar asks for the privacy guide first when needed.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import * as order from '../../../services/order';
import type { MeResult, OrderStatus, User } from '../../../services/api';
import { saveChosenAvatar, showAvatar } from '../../../utils/avatar';
import { ADDRESS_KEY, addressDenied, addressFromChoice, savedAddress } from '../../../utils/address';
import { isPrivacyRefusal, privacyRefusedText } from '../../../utils/privacy';
import { DEFAULT_NICKNAME, isDefaultNickname, nicknameChange } from '../../../utils/profile';
import { explainStatus } from '../../distributor/logic';
import { ORDER_TAB_KEY } from '../../order/status';
import { OrderShortcut, orderShortcuts } from './logic';

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    nickname: '',
    /** The avatar as stored (a cloud fileID), and an address the <image> can load. */
    avatarUrl: '',
    avatarShown: '',
    /** WeChat's default nickname or none: the header invites the shopper to set theirs. */
    needsProfile: false,
    inviterText: '',
    distributorText: '',
    isDistributor: false,
    isAdmin: false,
    shortcuts: orderShortcuts({ created: 0, paid: 0, shipped: 0, refunding: 0 }) as OrderShortcut[],
    addressNote: '',
    /** 「2 张可用」 beside 我的优惠券. */
    couponNote: '',
    profileOpen: false,
    /** Why the nickname or avatar was not saved (the server's word for a risky nickname). */
    profileError: '',
    savingProfile: false,
    savingAvatar: false,
  },
  methods: {
    onShow() {
      this.showAddress();
      this.loadCoupons();
      return this.load();
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
        this.showUser(me.user);
        this.setData({
          status: 'ready',
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
    showUser(user: Pick<User, 'nickname' | 'avatarUrl'>) {
      this.setData({
        nickname: user.nickname || DEFAULT_NICKNAME,
        avatarUrl: user.avatarUrl || '',
        needsProfile: isDefaultNickname(user.nickname) || !user.avatarUrl,
      });
      showAvatar(this, user.avatarUrl || '');
    },
    /** How many coupons wait to be used; the cell works without the number. */
    async loadCoupons() {
      try {
        const { items } = await order.myCoupons('usable');
        this.setData({ couponNote: items.length ? `${items.length} 张可用` : '' });
      } catch {
        this.setData({ couponNote: '' });
      }
    },
    showAddress(note = '') {
      const address = savedAddress(getStorage(ADDRESS_KEY));
      this.setData({
        addressNote:
          note || (address ? `${address.userName} · ${address.cityName}${address.countyName}` : '未设置'),
      });
    },
    onProfileOpen() {
      this.setData({ profileOpen: true, profileError: '' });
    },
    onProfileClose() {
      this.setData({ profileOpen: false });
    },
    onProfileVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ profileOpen: false });
    },
    /**
     * The nickname form: WeChat's nickname input is read when the form is submitted (it clears a nickname that
     * fails its own check when the field loses focus). The server checks it again and may refuse it in words.
     */
    async onProfileSubmit(e: WechatMiniprogram.CustomEvent<{ value: Record<string, unknown> }>) {
      if (this.data.savingProfile) return;
      const change = nicknameChange(this.data.nickname, e.detail.value?.nickname);
      if (change.problem) return this.setData({ profileError: change.problem });
      if (!change.nickname) return this.setData({ profileOpen: false, profileError: '' });
      this.setData({ savingProfile: true, profileError: '' });
      try {
        const { user } = await join.profile({ nickname: change.nickname });
        this.showUser(user);
        this.setData({ profileOpen: false });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (error) {
        this.setData({ profileError: messageOf(error) });
      } finally {
        this.setData({ savingProfile: false });
      }
    },
    /** WeChat's avatar picker gives a file on the phone; it goes to cloud storage, its fileID to the profile. */
    async onChooseAvatar(e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
      const saved = await saveChosenAvatar(this, e);
      if (saved && 'user' in saved) {
        this.showUser(saved.user);
        wx.showToast({ title: '头像已更新', icon: 'success' });
      } else if (saved) wx.showToast({ title: saved.error, icon: 'none' });
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
        // WeChat asks for the privacy guide first when it was not agreed to (the popup on this page).
        const choice = await wx.chooseAddress();
        setStorage(ADDRESS_KEY, addressFromChoice(choice as unknown as Record<string, unknown>));
        this.showAddress();
      } catch (error) {
        if (isPrivacyRefusal(error)) {
          this.showAddress(privacyRefusedText('选择地址'));
          wx.showToast({ title: privacyRefusedText('选择收货地址'), icon: 'none' });
        } else if (addressDenied(error))
          wx.showModal({
            title: '需要通讯地址权限',
            content: '请在设置中允许使用通讯地址后再试',
            showCancel: false,
          });
      }
    },
    onMyCoupons() {
      wx.navigateTo({ url: '/pages/coupon/mine/index' });
    },
    onCouponCenter() {
      wx.navigateTo({ url: '/pages/coupon/center/index' });
    },
    onCentre() {
      wx.navigateTo({ url: '/pages/distributor/center/index' });
    },
    onMerchant() {
      wx.navigateTo({ url: '/pages/admin/dashboard/index' });
    },
  },
});
