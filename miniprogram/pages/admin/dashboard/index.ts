// The merchant's dashboard: what waits to be done, the key numbers of a range with a daily sales chart,
// the best distributors, and the way into every merchant page.
import * as admin from '../../../services/admin';
import type { Overview } from '../../../services/admin';
import { messageOf } from '../../../services/errors';
import { Bar, bars } from '../../../utils/chart';
import { presetRange, RANGE_PRESETS, RangePreset, shortDay } from '../../../utils/date';
import { formatFen } from '../../../utils/money';
import { Figure, overviewFigures, TodoEntry, todoEntries } from '../stats-logic';

const ENTRIES = [
  { label: '商品管理', url: '/pages/admin/products/index' },
  { label: '订单发货', url: '/pages/admin/orders/index' },
  { label: '退款售后', url: '/pages/admin/refunds/index' },
  { label: '提现审核', url: '/pages/admin/withdrawals/index' },
  { label: '优惠券', url: '/pages/admin/coupons/index' },
  { label: '分销员', url: '/pages/admin/distributors/index' },
  { label: '数据分析', url: '/pages/admin/analytics/index' },
  { label: '分销设置', url: '/pages/admin/settings/index' },
];

const pickedDay = (day: Overview['daily'][number]) => ({
  date: day.date,
  salesText: formatFen(day.sales),
  orders: day.orders,
});

interface TopView {
  userId: string;
  rank: number;
  nickname: string;
  salesText: string;
  commissionText: string;
  recruits: number;
}

Component({
  data: {
    presets: RANGE_PRESETS,
    preset: '7d' as RangePreset,
    from: '',
    to: '',
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    figures: [] as Figure[],
    chart: [] as Bar[],
    /** The bar the merchant tapped, shown under the chart; the last day until then. */
    picked: null as null | { date: string; salesText: string; orders: number },
    days: [] as Overview['daily'],
    top: [] as TopView[],
    todo: [] as TodoEntry[],
    entries: ENTRIES,
    token: '',
  },
  methods: {
    onShow() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    onPreset(e: WechatMiniprogram.CustomEvent<{ value: RangePreset }>) {
      this.setData({ preset: e.detail.value });
      this.load();
    },
    async load() {
      const { from, to } = presetRange(this.data.preset, Date.now());
      const token = `${from}:${to}:${Math.random()}`;
      this.setData({ from, to, token, status: this.data.figures.length ? 'ready' : 'loading', error: '' });
      try {
        // The to-do counts are a convenience: the numbers show even when they fail.
        const [overview, todo] = await Promise.all([
          admin.statsOverview(from, to),
          admin.statsTodo().catch(() => null),
        ]);
        if (this.data.token !== token) return;
        const days = overview.daily;
        const last = days[days.length - 1];
        this.setData({
          days,
          status: 'ready',
          figures: overviewFigures(overview),
          chart: bars(
            days,
            (d) => shortDay(d.date),
            (d) => d.sales,
            formatFen,
          ),
          picked: last ? pickedDay(last) : null,
          top: overview.topDistributors.slice(0, 5).map((row, i) => ({
            userId: row.userId,
            rank: i + 1,
            nickname: row.nickname || row.userId,
            salesText: formatFen(row.sales),
            commissionText: formatFen(row.commission),
            recruits: row.recruits,
          })),
          todo: todo ? todoEntries(todo) : [],
        });
      } catch (error) {
        if (this.data.token !== token) return;
        this.setData({ status: this.data.figures.length ? 'ready' : 'error', error: messageOf(error) });
        if (this.data.status === 'ready') wx.showToast({ title: messageOf(error), icon: 'none' });
      }
    },
    onBar(e: WechatMiniprogram.TouchEvent) {
      const day = this.data.days[Number(e.currentTarget.dataset.index)];
      if (day) this.setData({ picked: pickedDay(day) });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const url = String(e.currentTarget.dataset.url ?? '');
      if (url) wx.navigateTo({ url });
    },
    onDistributor(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({
        url: `/pages/admin/distributor/index?id=${encodeURIComponent(String(e.currentTarget.dataset.id))}`,
      });
    },
  },
});
