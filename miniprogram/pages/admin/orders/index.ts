// Merchant orders: status tabs and an exact search over a paged list; a paid order is shipped from its card
// with a carrier and tracking number checked here first.
import * as admin from '../../../services/admin';
import type { OrderStatus } from '../../../services/admin';
import { messageOf } from '../../../services/errors';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList, toastError } from '../../../utils/paged';
import {
  AdminOrderCard,
  CARRIERS,
  checkShipForm,
  ORDER_TABS,
  orderCards,
  orderFilter,
  shippedCard,
} from './logic';

const CLOSED_SHIP_FORM = { id: '', carrier: '', trackingNo: '', problem: '' };

Component({
  data: {
    tabs: ORDER_TABS,
    carriers: CARRIERS,
    status: '' as OrderStatus | '',
    /** What is typed in the search box; `q` is what the list was last searched with. */
    query: '',
    q: '',
    list: initialList<AdminOrderCard>() as ListState<AdminOrderCard>,
    footer: '',
    /** The one open ship form: the order it belongs to, what is typed, and the problem to show. */
    ship: { ...CLOSED_SHIP_FORM },
    shipping: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const status = (query.status ?? '') as OrderStatus | '';
      this.setData({ status: ORDER_TABS.some((tab) => tab.value === status) ? status : '' });
      this.load(true);
    },
    onPullDownRefresh() {
      this.load(true);
    },
    onReachBottom() {
      this.load(false);
    },
    async load(replace: boolean) {
      const filter = orderFilter(this.data.status, this.data.q);
      await loadList<AdminOrderCard>(
        this,
        'list',
        async (cursor) => {
          const page = await admin.listOrders(filter, cursor);
          return { items: orderCards(page.items), next: page.next };
        },
        replace,
      );
      this.setData({ footer: footerText(this.data.list) });
    },
    retry() {
      this.load(true);
    },
    onFooterTap() {
      if (this.data.list.moreError) this.load(false);
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: OrderStatus | '' }>) {
      this.setData({ status: e.detail.value, ship: { ...CLOSED_SHIP_FORM } });
      this.load(true);
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ query: e.detail.value });
    },
    /** The 搜索 button or the keyboard's confirm (which carries the text). */
    onSearch(e?: WechatMiniprogram.CustomEvent<{ value?: string }>) {
      const typed = typeof e?.detail?.value === 'string' ? e.detail.value : this.data.query;
      this.setData({ query: typed, q: typed.trim(), ship: { ...CLOSED_SHIP_FORM } });
      this.load(true);
    },
    onClearSearch() {
      this.setData({ query: '', q: '' });
      this.load(true);
    },
    onShipOpen(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) this.setData({ ship: { ...CLOSED_SHIP_FORM, id } });
    },
    onShipClose() {
      this.setData({ ship: { ...CLOSED_SHIP_FORM } });
    },
    onCarrierPick(e: WechatMiniprogram.BaseEvent) {
      this.setData({ 'ship.carrier': String(e.currentTarget.dataset.carrier ?? ''), 'ship.problem': '' });
    },
    onCarrierInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'ship.carrier': e.detail.value, 'ship.problem': '' });
    },
    onTrackingInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'ship.trackingNo': e.detail.value, 'ship.problem': '' });
    },
    async onShipSubmit() {
      const form = this.data.ship;
      if (!form.id || this.data.shipping) return;
      const checked = checkShipForm(form.carrier, form.trackingNo);
      if (!checked.ok) {
        this.setData({ 'ship.problem': checked.problem });
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      this.setData({ shipping: true });
      try {
        const { order } = await admin.shipOrder(form.id, checked.carrier, checked.trackingNo);
        const items = this.data.list.items.map((card) =>
          card._id === form.id ? shippedCard(order) : card,
        );
        this.setData({ 'list.items': items, ship: { ...CLOSED_SHIP_FORM } });
        wx.showToast({ title: '已发货', icon: 'success' });
      } catch (error) {
        this.setData({ 'ship.problem': messageOf(error) });
        toastError(error);
      } finally {
        this.setData({ shipping: false });
      }
    },
  },
});
