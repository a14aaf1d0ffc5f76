// Merchant coupons: 发放中 / 已停用 / 全部 over a paged list, each coupon's rule, scope, validity and how many were
// claimed and used; 停用 after a confirm, tap a coupon to edit it, 新建优惠券 to make one. Refreshes when back
// from the editor.
import * as admin from '../../../services/admin';
import type { CouponStatus } from '../../../services/admin';
import { setStorage } from '../../../services/client';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList, runAction } from '../../../utils/paged';
import {
  COUPON_TABS,
  couponCard,
  CouponCard,
  couponOf,
  disableConfirm,
  EDITING_COUPON_KEY,
  replaceCard,
} from './logic';

const EDIT_PAGE = '/pages/admin/coupon-edit/index';

/** Names of the products the merchant sells, so a coupon for a few says which (first pages are plenty). */
async function productNames(): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  let cursor: string | null = null;
  for (let page = 0; page < 5; page++) {
    const { items, next } = await admin.listProducts({}, cursor);
    for (const p of items) names[p._id] = p.name;
    if (!next) break;
    cursor = next;
  }
  return names;
}

Component({
  data: {
    tabs: COUPON_TABS,
    status: 'active' as CouponStatus | '',
    list: initialList<CouponCard>() as ListState<CouponCard>,
    footer: '',
    /** The coupon being stopped, so a second tap does nothing. */
    busy: false,
    /** Set when the editor was opened: the next onShow reloads what it may have changed. */
    editing: false,
    /** Product id → name, for the scope of coupons for a few products. */
    names: {} as Record<string, string>,
    namesRead: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const status = query.status ?? 'active';
      if (COUPON_TABS.some((tab) => tab.value === status))
        this.setData({ status: status as CouponStatus | '' });
      this.load(true);
    },
    onShow() {
      if (!this.data.editing) return;
      this.setData({ editing: false });
      this.load(true);
    },
    onPullDownRefresh() {
      this.load(true);
    },
    onReachBottom() {
      this.load(false);
    },
    async load(replace: boolean) {
      const status = this.data.status || undefined;
      await loadList<CouponCard>(
        this,
        'list',
        async (cursor) => {
          const page = await admin.listCoupons(status, cursor);
          const now = Date.now();
          return { items: page.items.map((c) => couponCard(c, now, this.data.names)), next: page.next };
        },
        replace,
      );
      this.setData({ footer: footerText(this.data.list) });
      await this.nameProducts();
    },
    /** A coupon for a few products names them: the names are read once, when a card first needs them. */
    async nameProducts() {
      const names = this.data.names;
      const unknown = this.data.list.items.some(
        (c) => c.scope.kind === 'products' && c.scope.productIds.some((id) => !names[id]),
      );
      if (!unknown || this.data.namesRead) return;
      this.setData({ namesRead: true });
      try {
        const read = await productNames();
        const now = Date.now();
        this.setData({
          names: read,
          'list.items': this.data.list.items.map((c) => couponCard(couponOf(c), now, read)),
        });
      } catch {
        // The card says how many products instead.
      }
    },
    retry() {
      this.load(true);
    },
    onFooterTap() {
      if (this.data.list.moreError) this.load(false);
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: CouponStatus | '' }>) {
      if (e.detail.value === this.data.status) return;
      this.setData({ status: e.detail.value, list: initialList<CouponCard>() });
      this.load(true);
    },
    cardOf(e: WechatMiniprogram.BaseEvent): CouponCard | undefined {
      const id = String(e.currentTarget.dataset.id ?? '');
      return this.data.list.items.find((item) => item._id === id);
    },
    /** Stops handing it out after a confirm that says what happens to the coupons already claimed. */
    async onDisable(e: WechatMiniprogram.BaseEvent) {
      const card = this.cardOf(e);
      if (!card?.canDisable || this.data.busy) return;
      const { confirm } = await wx.showModal({
        ...disableConfirm(card.name),
        confirmText: '停用',
        confirmColor: '#e34d59',
      });
      if (!confirm) return;
      const answer = await runAction(this, 'busy', () => admin.disableCoupon(card._id), '已停用');
      if (!answer) return;
      const { list, status, names } = this.data;
      const items = replaceCard(list.items, answer.coupon, status, Date.now(), names);
      if (!items.length) {
        this.load(true);
        return;
      }
      this.setData({ 'list.items': items });
      this.setData({ footer: footerText(this.data.list) });
    },
    /** Hands the coupon to the editor in storage: there is no admin read of one coupon. */
    onEdit(e: WechatMiniprogram.BaseEvent) {
      const card = this.cardOf(e);
      if (!card) return;
      setStorage(EDITING_COUPON_KEY, couponOf(card));
      this.setData({ editing: true });
      wx.navigateTo({ url: `${EDIT_PAGE}?id=${encodeURIComponent(card._id)}` });
    },
    onCreate() {
      this.setData({ editing: true });
      wx.navigateTo({ url: EDIT_PAGE });
    },
  },
});
