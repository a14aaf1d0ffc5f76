// Orders: status tabs over a paged list; each card shows the goods, when it was ordered, what is owed or paid,
// and the next thing to do with it (去支付 / 确认收货 / 申请退款); tapping the card opens its detail.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as join from '../../../services/join';
import * as order from '../../../services/order';
import type { OrderStatus, SubscribeTemplates } from '../../../services/api';
import { SUBSCRIBE_MOMENTS } from '../../../utils/subscribe';
import { listPage, mapPage } from '../../../utils/paged';
import { OrderCard, ORDER_TAB_KEY, STATUS_TABS, toOrderCards } from '../status';

const isTab = (value: unknown): value is OrderStatus | '' => STATUS_TABS.some((tab) => tab.value === value);

const paging = listPage<OrderCard, OrderStatus | ''>({ tabs: STATUS_TABS, firstTab: '' });

Component({
  data: {
    ...paging.data,
    /** The shop's after-sale window: a completed order past it offers no refund (null until join.me answers). */
    afterSaleDays: null as number | null,
    /** The merchant's 订阅消息 templates (join.me), asked for when an order is paid from its card. */
    subscribe: {} as SubscribeTemplates,
    /** The order whose button is working, so a second tap does nothing. */
    busy: '',
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    onTab: paging.methods.onTab,
    onLoad(query: Record<string, string | undefined>) {
      if (isTab(query.status)) this.setData({ status: query.status });
    },
    onShow() {
      // The 我的 page's shortcuts leave the tab to open (switchTab cannot carry a query).
      const wanted = getStorage(ORDER_TAB_KEY);
      if (isTab(wanted)) {
        setStorage(ORDER_TAB_KEY, '');
        if (wanted !== '' || this.data.status !== '') this.setData({ status: wanted });
      }
      // Payment, cancel and confirm happen on other pages; coming back must show where orders stand now.
      this.load(true);
    },
    async fetchPage(cursor: string | null) {
      const status = this.data.status;
      // The first page also learns the shop's after-sale window and templates (once; the cards work without).
      if (!cursor && this.data.afterSaleDays === null) {
        const me = await join.me().catch(() => null);
        if (me) this.setData({ afterSaleDays: me.settings.afterSaleDays, subscribe: me.subscribe });
      }
      const page = await order.list(status, cursor);
      const rule = { afterSaleDays: this.data.afterSaleDays, nowMs: Date.now() };
      return mapPage(page, (items) => toOrderCards(items, rule));
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({
        url: `/pages/order/detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}`,
      });
    },
    /** Swallows the tap around a card's button so it does not also open the card. */
    noop() {},
    onShop() {
      wx.switchTab({ url: '/pages/shop/home/index' });
    },
    /** The card's button: pay here, confirm receipt after asking, or open the refund form on the detail. */
    async onNext(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      const card = this.rowOf(id);
      if (!card?.next || this.data.busy) return;
      // 去支付 asks for the order's notices inside the tap, before anything is awaited (WeChat's rule).
      const asked =
        card.next.key === 'pay' ? join.askSubscribe(this.data.subscribe, SUBSCRIBE_MOMENTS.pay) : null;
      if (card.next.key === 'refund') {
        wx.navigateTo({ url: `/pages/order/detail/index?id=${encodeURIComponent(id)}&refund=1` });
        return;
      }
      if (card.next.key === 'confirm') {
        const { confirm } = await wx.showModal({ title: '确认收货', content: '确认已收到商品吗？' });
        if (!confirm) return;
      }
      this.setData({ busy: id });
      try {
        if (card.next.key === 'pay') {
          await asked;
          const paid = await order.payAndWait(id);
          wx.showToast({ title: paid.status === 'created' ? '支付确认中' : '支付成功', icon: 'success' });
        } else {
          await order.confirmReceipt(card);
          wx.showToast({ title: '已确认收货', icon: 'success' });
        }
      } catch (error) {
        // A cancelled cashier or confirm-receipt sheet says so in its own words (已取消支付 / 已取消确认收货).
        wx.showToast({ title: messageOf(error), icon: 'none' });
      } finally {
        this.setData({ busy: '' });
      }
      await this.load(true);
    },
  },
});
