// Merchant orders: status tabs and an exact search over a paged list; a paid order is shipped from its card
// with a carrier and tracking number checked here first; a shipped one shows whether WeChat's 发货信息管理 has
// it, and its parcel's route on demand.
import * as admin from '../../../services/admin';
import type { OrderStatus } from '../../../services/admin';
import { messageOf } from '../../../services/errors';
import { listPage, mapPage, runAction, showProblem } from '../../../utils/paged';
import {
  AdminOrderCard,
  CLOSED_ROUTE,
  checkRefundForm,
  checkShipForm,
  ORDER_TABS,
  orderCard,
  orderCards,
  orderFilter,
  refundConfirmText,
  refundStart,
  RouteView,
  routeView,
  shippedCard,
} from './logic';

/** `carrier`: the chosen company's code in WeChat's express-company list. */
const CLOSED_SHIP_FORM = { id: '', carrier: '', trackingNo: '', problem: '' };
/** The merchant's own refund of one order: how much (yuan) and why. */
const CLOSED_REFUND_FORM = { id: '', amountText: '', reason: '', problem: '', preview: '' };

const paging = listPage<AdminOrderCard, OrderStatus | ''>({
  tabs: ORDER_TABS,
  firstTab: '',
  resetOnTab: { ship: CLOSED_SHIP_FORM, refund: CLOSED_REFUND_FORM, route: CLOSED_ROUTE },
});

Component({
  data: {
    /** The express companies WeChat's shipping upload knows (admin orders.expressCompanies). */
    carriers: [] as { code: string; name: string }[],
    /** What is typed in the search box; `q` is what the list was last searched with. */
    query: '',
    q: '',
    ...paging.data,
    /** The one open ship form: the order it belongs to, what is typed, and the problem to show. */
    ship: { ...CLOSED_SHIP_FORM },
    shipping: false,
    refund: { ...CLOSED_REFUND_FORM },
    refunding: false,
    /** The one parcel route open under its card. */
    route: { ...CLOSED_ROUTE } as RouteView,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    onTab: paging.methods.onTab,
    async fetchPage(cursor: string | null) {
      return mapPage(await admin.listOrders(orderFilter(this.data.status, this.data.q), cursor), orderCards);
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
    async onShipOpen(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id) return;
      this.setData({ ship: { ...CLOSED_SHIP_FORM, id } });
      if (!this.data.carriers.length) {
        try {
          this.setData({ carriers: (await admin.expressCompanies()).items });
        } catch (error) {
          this.setData({ 'ship.problem': messageOf(error) });
        }
      }
    },
    onShipClose() {
      this.setData({ ship: { ...CLOSED_SHIP_FORM } });
    },
    onCarrierPick(e: WechatMiniprogram.BaseEvent) {
      this.setData({ 'ship.carrier': String(e.currentTarget.dataset.carrier ?? ''), 'ship.problem': '' });
    },
    onTrackingInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'ship.trackingNo': e.detail.value, 'ship.problem': '' });
    },
    async onShipSubmit() {
      const form = this.data.ship;
      if (!form.id || this.data.shipping) return;
      const checked = checkShipForm(form.carrier, form.trackingNo);
      if (!checked.ok) {
        showProblem(this, 'ship', checked.problem);
        return;
      }
      const answer = await runAction(
        this,
        'shipping',
        () => admin.shipOrder(form.id, checked.expressCompany, checked.trackingNo),
        '已发货',
        { problemOf: 'ship' },
      );
      if (!answer) return;
      const items = this.data.list.items.map((card) =>
        card._id === form.id ? shippedCard(answer.order) : card,
      );
      this.setData({ 'list.items': items, ship: { ...CLOSED_SHIP_FORM } });
    },
    /** 查看物流: the parcel's route (orders.track) under the card; a second tap closes it. */
    async onTrackOpen(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!id) return;
      if (this.data.route.id === id && !this.data.route.loading) {
        this.setData({ route: { ...CLOSED_ROUTE } });
        return;
      }
      this.setData({ route: { ...CLOSED_ROUTE, id, loading: true } });
      try {
        const route = await admin.trackOrder(id);
        if (this.data.route.id !== id) return;
        this.setData({ route: routeView(id, route) });
      } catch (error) {
        if (this.data.route.id !== id) return;
        this.setData({ route: { ...CLOSED_ROUTE, id, error: messageOf(error) } });
      }
    },
    onTrackClose() {
      this.setData({ route: { ...CLOSED_ROUTE } });
    },
    onRefundOpen(e: WechatMiniprogram.BaseEvent) {
      const card = this.rowOf(e);
      if (!card || !card.refundable) return;
      this.setData({
        refund: { ...CLOSED_REFUND_FORM, id: card._id, amountText: refundStart(card) },
        ship: { ...CLOSED_SHIP_FORM },
      });
      this.previewRefund();
    },
    onRefundClose() {
      this.setData({ refund: { ...CLOSED_REFUND_FORM } });
    },
    onRefundAmount(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'refund.amountText': e.detail.value, 'refund.problem': '' });
      this.previewRefund();
    },
    /** What the confirm will say, shown under the form while the amount is typed. */
    previewRefund() {
      const form = this.data.refund;
      const card = this.rowOf(form.id);
      const checked = card ? checkRefundForm(form.amountText, form.reason || '-', card.refundable) : null;
      this.setData({ 'refund.preview': card && checked?.ok ? refundConfirmText(card, checked.amount) : '' });
    },
    onRefundReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'refund.reason': e.detail.value, 'refund.problem': '' });
    },
    /** Refunds after a confirm showing the amount; the card then shows what was asked of WeChat Pay. */
    async onRefundSubmit() {
      const form = this.data.refund;
      const card = this.rowOf(form.id);
      if (!card || this.data.refunding) return;
      const checked = checkRefundForm(form.amountText, form.reason, card.refundable);
      if (!checked.ok) {
        showProblem(this, 'refund', checked.problem);
        return;
      }
      const { confirm } = await wx.showModal({
        title: '确认退款',
        content: refundConfirmText(card, checked.amount),
      });
      if (!confirm) return;
      const amount = checked.amount < card.refundable ? checked.amount : undefined;
      const answer = await runAction(
        this,
        'refunding',
        async () => {
          await admin.refundOrder(card._id, checked.reason, amount);
          // The order now, as the server has it (its status and refunded amount follow WeChat Pay's result).
          return { fresh: (await admin.listOrders({ q: card._id })).items[0] };
        },
        '已提交退款',
        { problemOf: 'refund' },
      );
      if (!answer) return;
      const { fresh } = answer;
      const items = this.data.list.items.map((item) =>
        item._id === card._id && fresh ? orderCard(fresh) : item,
      );
      this.setData({ 'list.items': items, refund: { ...CLOSED_REFUND_FORM } });
    },
  },
});
