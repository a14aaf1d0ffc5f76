// Orders: status tabs over a paged list; tapping an order opens its detail.
import * as order from '../../../services/order';
import type { OrderStatus } from '../../../services/api';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList } from '../../../utils/paged';
import { OrderCard, STATUS_TABS, toOrderCards } from '../status';

Component({
  data: {
    tabs: STATUS_TABS,
    status: '' as OrderStatus | '',
    list: initialList<OrderCard>() as ListState<OrderCard>,
    footer: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ status: (query.status ?? '') as OrderStatus | '' });
    },
    onShow() {
      // Payment, cancel and confirm happen on other pages; coming back must show where orders stand now.
      this.load(true);
    },
    onPullDownRefresh() {
      this.load(true);
    },
    onReachBottom() {
      this.load(false);
    },
    async load(replace: boolean) {
      const status = this.data.status;
      await loadList<OrderCard>(
        this,
        'list',
        async (cursor) => {
          const page = await order.list(status, cursor);
          return { items: toOrderCards(page.items), next: page.next };
        },
        replace,
      );
      this.setData({ footer: footerText(this.data.list) });
    },
    retry() {
      this.load(true);
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: OrderStatus | '' }>) {
      this.setData({ status: e.detail.value });
      this.load(true);
    },
    onFooterTap() {
      if (this.data.list.moreError) this.load(false);
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({
        url: `/pages/order/detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}`,
      });
    },
  },
});
