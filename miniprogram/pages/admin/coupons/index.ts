// Merchant coupons: 发放中 / 已停用 / 全部 over a paged list, each coupon's rule, scope, validity and how many were
// claimed and used; 停用 after a confirm, tap a coupon to edit it, 新建优惠券 to make one. Refreshes when back
// from the editor.
import * as admin from '../../../services/admin';
import type { CouponStatus } from '../../../services/admin';
import { backFromEditor, openEditor, scanPages } from '../../../utils/editor';
import { footerText, initialList } from '../../../utils/list';
import { listPage, mapPage, runAction } from '../../../utils/paged';
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
  await scanPages(
    (cursor) => admin.listProducts({}, cursor),
    (items) => items.forEach((p) => (names[p._id] = p.name)),
    5,
  );
  return names;
}

const paging = listPage<CouponCard, CouponStatus | ''>({
  tabs: COUPON_TABS,
  firstTab: 'active',
  resetOnTab: { list: initialList<CouponCard>() },
});

Component({
  data: {
    ...paging.data,
    /** The coupon being stopped, so a second tap does nothing. */
    busy: false,
    /** Set when the editor was opened: the next onShow reloads what it may have changed. */
    editing: false,
    /** Product id → name, for the scope of coupons for a few products. */
    names: {} as Record<string, string>,
    namesRead: false,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    onTab: paging.methods.onTab,
    onShow() {
      if (backFromEditor(this)) this.load(true);
    },
    async fetchPage(cursor: string | null) {
      const page = await admin.listCoupons(this.data.status || undefined, cursor);
      const now = Date.now();
      return mapPage(page, (items) => items.map((c) => couponCard(c, now, this.data.names)));
    },
    listLoaded() {
      return this.nameProducts();
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
    /** Stops handing it out after a confirm that says what happens to the coupons already claimed. */
    async onDisable(e: WechatMiniprogram.BaseEvent) {
      const card = this.rowOf(e);
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
      const card = this.rowOf(e);
      if (card) openEditor(this, EDIT_PAGE, { key: EDITING_COUPON_KEY, row: couponOf(card) });
    },
    onCreate() {
      openEditor(this, EDIT_PAGE);
    },
  },
});
