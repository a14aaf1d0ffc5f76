// Analytics for a range: sales, orders, average order value and coupon cost per day, commission by level and
// status, the distributor ranking (by sales, commission or recruits), the invited → bought → distributor
// funnel, and CSV exports of the range (a temporary download link the merchant copies). A large export is
// written in parts across calls: the page asks for the next parts until the file is joined, with progress.
import * as admin from '../../../services/admin';
import type { DailyRow, ExportJob, ExportKind, TopBy, TopRow } from '../../../services/admin';
import { messageOf } from '../../../services/errors';
import { Bar, bars } from '../../../utils/chart';
import { presetRange, RANGE_PRESETS, RangePreset, shortDay } from '../../../utils/date';
import { footerText, initialList, ListState } from '../../../utils/list';
import { formatFen } from '../../../utils/money';
import { loadList, toastError } from '../../../utils/paged';
import { CommissionRow, commissionRows, couponOrdersText, FunnelStep, funnelSteps } from '../stats-logic';

interface DayView {
  date: string;
  /** 'MM-DD' in the table (the range above it gives the year). */
  label: string;
  orders: number;
  salesText: string;
  averageText: string;
  refundsText: string;
  /** Fen coupons took off the day's paid orders. */
  couponText: string;
  /** 「2 单用券（占 50%）」 */
  couponOrdersText: string;
}

interface TopView extends TopRow {
  /** The user id again: list paging drops rows it has shown by `_id`. */
  _id: string;
  salesText: string;
  commissionText: string;
}

const TOP_TABS: { value: TopBy; label: string }[] = [
  { value: 'sales', label: '按销售额' },
  { value: 'commission', label: '按佣金' },
  { value: 'recruits', label: '按邀请人数' },
];

const EXPORTS: { kind: ExportKind; label: string }[] = [
  { kind: 'orders', label: '订单' },
  { kind: 'commissions', label: '佣金明细' },
  { kind: 'distributors', label: '分销员' },
  { kind: 'withdrawals', label: '提现记录' },
];

const dayView = (row: DailyRow): DayView => ({
  date: row.date,
  label: /^\d{4}-\d{2}-\d{2}$/.test(row.date) ? shortDay(row.date) : row.date,
  orders: row.orders,
  salesText: formatFen(row.sales),
  averageText: formatFen(row.averageOrder),
  refundsText: formatFen(row.refunds),
  couponText: formatFen(row.couponDiscount),
  couponOrdersText: couponOrdersText(row.couponOrders, row.orders),
});

Component({
  data: {
    presets: RANGE_PRESETS,
    preset: '30d' as RangePreset,
    from: '',
    to: '',
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    totals: null as DayView | null,
    days: [] as DayView[],
    salesChart: [] as Bar[],
    ordersChart: [] as Bar[],
    commission: [] as CommissionRow[],
    funnel: [] as FunnelStep[],
    newUsers: 0,
    topTabs: TOP_TABS,
    topBy: 'sales' as TopBy,
    top: initialList<TopView>() as ListState<TopView>,
    topFooter: '',
    exports: EXPORTS,
    exporting: '' as ExportKind | '',
    exported: null as null | { label: string; rows: number; url: string },
    /** While a large export runs: 「订单 导出中 45%（90000 / 200000 行）」 and the bar's width. */
    exportProgress: null as null | { text: string; percent: number },
    token: '',
    /** Set when the page closes: a running export stops asking. */
    closed: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      this.loadTop(false);
    },
    onPreset(e: WechatMiniprogram.CustomEvent<{ value: RangePreset }>) {
      this.setData({ preset: e.detail.value, exported: null });
      this.load();
    },
    async load() {
      const { from, to } = presetRange(this.data.preset, Date.now());
      const token = `${from}:${to}:${Math.random()}`;
      this.setData({ from, to, token, status: this.data.totals ? 'ready' : 'loading', error: '' });
      const top = this.loadTop(true);
      try {
        const [daily, commission, funnel] = await Promise.all([
          admin.statsDaily(from, to),
          admin.statsCommissionByLevel(from, to),
          admin.statsFunnel(from, to),
        ]);
        if (this.data.token !== token) return;
        this.setData({
          status: 'ready',
          totals: dayView({ date: '合计', ...daily.total }),
          // Newest first in the table; oldest first in the charts, which read left to right.
          days: daily.items.map(dayView).reverse(),
          salesChart: bars(
            daily.items,
            (d) => shortDay(d.date),
            (d) => d.sales,
            formatFen,
          ),
          ordersChart: bars(
            daily.items,
            (d) => shortDay(d.date),
            (d) => d.orders,
            (n) => `${n} 单`,
          ),
          commission: commissionRows(commission),
          funnel: funnelSteps(funnel),
          newUsers: funnel.newUsers,
        });
      } catch (error) {
        if (this.data.token !== token) return;
        this.setData({ status: this.data.totals ? 'ready' : 'error', error: messageOf(error) });
        if (this.data.status === 'ready') toastError(error);
      }
      await top;
    },
    async loadTop(replace: boolean) {
      const { from, to, topBy } = this.data;
      await loadList<TopView>(
        this,
        'top',
        async (cursor) => {
          const page = await admin.statsTopDistributors(from, to, topBy, cursor);
          return {
            items: page.items.map((row) => ({
              ...row,
              _id: row.userId,
              nickname: row.nickname || row.userId,
              salesText: formatFen(row.sales),
              commissionText: formatFen(row.commission),
            })),
            next: page.next,
          };
        },
        replace,
      );
      this.setData({ topFooter: footerText(this.data.top) });
    },
    onTopBy(e: WechatMiniprogram.CustomEvent<{ value: TopBy }>) {
      this.setData({ topBy: e.detail.value });
      this.loadTop(true);
    },
    retryTop() {
      this.loadTop(true);
    },
    onTopFooter() {
      if (this.data.top.moreError) this.loadTop(false);
    },
    onDistributor(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (id) wx.navigateTo({ url: `/pages/admin/distributor/index?id=${encodeURIComponent(id)}` });
    },
    async onExport(e: WechatMiniprogram.TouchEvent) {
      const kind = e.currentTarget.dataset.kind as ExportKind;
      if (this.data.exporting) return;
      const label = EXPORTS.find((x) => x.kind === kind)?.label ?? kind;
      this.setData({ exporting: kind, exported: null, exportProgress: null });
      try {
        let job: ExportJob = await admin.exportCsv(kind, this.data.from, this.data.to);
        // Each call writes the next parts; the page stops asking when it closes (the timer finishes it).
        while (job.status === 'running' && !this.data.closed) {
          const percent = job.total ? Math.min(99, Math.floor((job.rows * 100) / job.total)) : 0;
          this.setData({
            exportProgress: { text: `${label}导出中 ${percent}%（${job.rows} / ${job.total} 行）`, percent },
          });
          job = await admin.exportStatus(job.exportId);
        }
        if (job.status === 'failed') wx.showToast({ title: job.error ?? '导出失败', icon: 'none' });
        else if (job.status === 'done')
          this.setData({ exported: { label, rows: job.rows, url: job.tempFileURL ?? job.fileID ?? '' } });
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ exporting: '', exportProgress: null });
      }
    },
    onUnload() {
      this.setData({ closed: true });
    },
    onCopyLink() {
      const exported = this.data.exported;
      if (!exported) return;
      wx.setClipboardData({ data: exported.url });
    },
  },
});
