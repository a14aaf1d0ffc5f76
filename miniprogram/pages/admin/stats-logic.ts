// What the dashboard and analytics pages show of the stats.* answers: figures in words, rates in percent,
// the funnel's steps and the commission table. Pure, so the numbers on screen are tested without a page.
import type { CommissionByLevel, CommissionCell, Funnel, Overview, Todo } from '../../services/admin';
import { formatFen, formatRate } from '../../utils/money';

export interface Figure {
  key: string;
  label: string;
  text: string;
  /** A second line under the figure (what it means or what it is made of). */
  hint?: string;
}

/**
 * The key numbers of the dashboard, two to a row in the order a merchant reads them: sales, then what coupons
 * cost and the distributors, then commission.
 */
export function overviewFigures(o: Overview): Figure[] {
  return [
    { key: 'sales', label: '销售额', text: formatFen(o.sales), hint: `退款前 ${formatFen(o.grossSales)}` },
    { key: 'orders', label: '支付订单', text: `${o.orders}` },
    { key: 'averageOrder', label: '客单价', text: formatFen(o.averageOrder) },
    { key: 'refunds', label: '退款', text: formatFen(o.refunds) },
    {
      key: 'coupon',
      label: '优惠券抵扣',
      text: formatFen(o.couponDiscount),
      hint: couponOrdersText(o.couponOrders, o.orders),
    },
    {
      key: 'distributors',
      label: '分销员',
      text: `${o.distributors.total}`,
      hint: `新增 ${o.distributors.new} · 出单 ${o.distributors.active}${o.distributors.frozen ? ` · 冻结 ${o.distributors.frozen}` : ''}`,
    },
    { key: 'earned', label: '新增佣金', text: formatFen(o.commission.earned) },
    { key: 'pending', label: '待结算佣金', text: formatFen(o.commission.pending), hint: '全部分销员当前' },
    { key: 'settled', label: '已结算佣金', text: formatFen(o.commission.settled) },
    { key: 'reversed', label: '退款扣回佣金', text: formatFen(o.commission.reversed) },
  ];
}

/** 「3 单用券（占 25%）」: how many paid orders of a range used a coupon; '无订单用券' when none did. */
export function couponOrdersText(couponOrders: number, orders: number): string {
  if (!couponOrders) return '无订单用券';
  const share = orders ? `（占 ${formatRate(Math.round((couponOrders * 10_000) / orders))}）` : '';
  return `${couponOrders} 单用券${share}`;
}

export interface TodoEntry {
  key: keyof Todo;
  label: string;
  count: number;
  url: string;
}

/** The merchant's to-do list: only what is waiting, each leading to the page where it is done. */
export function todoEntries(todo: Todo): TodoEntry[] {
  const entries: TodoEntry[] = [
    { key: 'toShip', label: '待发货订单', count: todo.toShip, url: '/pages/admin/orders/index?status=paid' },
    { key: 'refunds', label: '待处理退款', count: todo.refunds, url: '/pages/admin/refunds/index' },
    {
      key: 'applications',
      label: '待审核分销员',
      count: todo.applications,
      url: '/pages/admin/distributors/index?status=pending',
    },
    {
      key: 'withdrawals',
      label: '待审核提现',
      count: todo.withdrawals,
      url: '/pages/admin/withdrawals/index?status=requested',
    },
    {
      key: 'toPay',
      label: '待打款提现',
      count: todo.toPay,
      url: '/pages/admin/withdrawals/index?status=approved',
    },
    {
      key: 'lateRefunds',
      label: '关单后到账，已自动全额退款（近 7 天）',
      count: todo.lateRefunds,
      url: '/pages/admin/refunds/index?status=',
    },
    {
      key: 'failedRefunds',
      label: '退款失败，需联系买家',
      count: todo.failedRefunds,
      url: '/pages/admin/refunds/index?status=failed',
    },
    {
      key: 'shipmentUploads',
      label: '发货信息未能上传微信（货款冻结中）',
      count: todo.shipmentUploads,
      url: '/pages/admin/orders/index?status=shipped',
    },
  ];
  return entries.filter((entry) => entry.count > 0);
}

export interface FunnelStep {
  label: string;
  count: number;
  /** Share of the invited, as text ('100%' for the first step). */
  rateText: string;
  /** 0–100 for the step's bar. */
  pct: number;
}

export function funnelSteps(funnel: Funnel): FunnelStep[] {
  const pct = (bp: number) => Math.round(bp) / 100;
  const invited = funnel.invited;
  return [
    { label: '被邀请', count: invited, rateText: invited ? '100%' : '—', pct: invited ? 100 : 0 },
    {
      label: '已购买',
      count: funnel.bought,
      rateText: invited ? formatRate(funnel.rates.bought) : '—',
      pct: pct(funnel.rates.bought),
    },
    {
      label: '成为分销员',
      count: funnel.distributors,
      rateText: invited ? formatRate(funnel.rates.distributors) : '—',
      pct: pct(funnel.rates.distributors),
    },
  ];
}

export interface CommissionRow {
  label: string;
  gross: string;
  net: string;
  settled: string;
  reversed: string;
  entries: number;
}

/** Commission by level as table rows: 一级, 二级, 合计 (earned, reversed and settled in the range). */
export function commissionRows(c: CommissionByLevel): CommissionRow[] {
  const row = (label: string, cell: CommissionCell): CommissionRow => ({
    label,
    gross: formatFen(cell.gross),
    net: formatFen(cell.net),
    settled: formatFen(cell.settled),
    reversed: formatFen(cell.reversed),
    entries: cell.entries,
  });
  return [row('一级', c.level1), row('二级', c.level2), row('合计', c.total)];
}
