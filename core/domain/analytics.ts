// Analytics rules, pure: Beijing-time days and date ranges, what counts as a sale, and the CSV rows of exports.
//
// Time: merchants read their shop in Beijing time (UTC+8, no daylight saving) whatever time zone the
// function runs in, so every boundary here is computed from UTC milliseconds plus a fixed 8 hours and
// never from the process's local time.
import { AppError } from '../errors';

export const DAY_MS = 86_400_000;
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** The same offset as the database's date operators take it ($dateToString's `timezone`). */
export const BEIJING_TZ = '+08:00';
/** A year and a leap day: enough for "this year" and "the last 12 months", small enough for one invocation. */
export const MAX_RANGE_DAYS = 366;

/**
 * Orders that were paid, whatever happened after (a refunded order was still paid; its money shows
 * under refunds). Created, cancelled and closed orders were never paid.
 */
export const SOLD_ORDER_STATUSES = ['paid', 'shipped', 'completed', 'refunding', 'refunded'] as const;
/** Users who are (or were, until frozen) distributors. */
export const DISTRIBUTOR_STATUSES = ['active', 'frozen'] as const;

export interface DateRange {
  /** Inclusive Beijing dates as given, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Beijing midnight starting `from`. */
  start: Date;
  /** Beijing midnight after `to` (exclusive end). */
  end: Date;
  days: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant of Beijing midnight starting `date`, or null when `date` is not a real calendar date. */
export function beijingMidnight(date: string): Date | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utcMidnight = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2024-02-30 over into March: a date that does not survive the round trip is not real.
  const check = new Date(utcMidnight);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  if (year < 2000 || year > 2199) return null;
  return new Date(utcMidnight - BEIJING_OFFSET_MS);
}

/** Why a range is refused, in the merchant's words; null when it is fine. */
export function rangeProblem(from: string, to: string, maxDays = MAX_RANGE_DAYS): string | null {
  const start = beijingMidnight(from);
  const last = beijingMidnight(to);
  if (!start) return `开始日期无效：${from}`;
  if (!last) return `结束日期无效：${to}`;
  if (start.getTime() > last.getTime()) return '开始日期不能晚于结束日期';
  const days = (last.getTime() - start.getTime()) / DAY_MS + 1;
  if (days > maxDays) return `日期范围最长 ${maxDays} 天，请缩短范围`;
  return null;
}

/** The inclusive Beijing-date range [from, to] as instants; INVALID_ARGUMENT when it is not a valid range. */
export function dateRange(from: string, to: string, maxDays = MAX_RANGE_DAYS): DateRange {
  const problem = rangeProblem(from, to, maxDays);
  if (problem) throw new AppError('INVALID_ARGUMENT', problem);
  const start = beijingMidnight(from)!;
  const end = new Date(beijingMidnight(to)!.getTime() + DAY_MS);
  return { from, to, start, end, days: (end.getTime() - start.getTime()) / DAY_MS };
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time. */
export function beijingDateTime(at: Date): string {
  const iso = new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function beijingDate(at: Date): string {
  return beijingDateTime(at).slice(0, 10);
}

/** Every Beijing date of the range, in order. */
export function datesOf(range: DateRange): string[] {
  const dates: string[] = [];
  for (let t = range.start.getTime(); t < range.end.getTime(); t += DAY_MS)
    dates.push(beijingDate(new Date(t)));
  return dates;
}

/** One row per date of the range: the rows the database grouped (keyed by date), zeros for days without any. */
export function fillDays<T extends object>(
  range: DateRange,
  rows: ReadonlyMap<string, T>,
  empty: () => T,
): Array<{ date: string } & T> {
  return datesOf(range).map((date) => ({ date, ...(rows.get(date) ?? empty()) }));
}

/** Average in fen, floored to the fen; 0 when there is nothing to divide. */
export function averageFen(totalFen: number, count: number): number {
  return count > 0 ? Math.floor(totalFen / count) : 0;
}

/** A share in basis points (10000 = 100%), floored; 0 of 0 is 0. */
export function shareBp(part: number, whole: number): number {
  return whole > 0 ? Math.floor((part * 10_000) / whole) : 0;
}

/** Sums the numeric fields of rows (totals of daily series, at most a year of rows). */
export function sumRows<K extends string>(
  rows: ReadonlyArray<Record<K, number>>,
  keys: readonly K[],
): Record<K, number> {
  const total = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const row of rows) for (const key of keys) total[key] += row[key];
  return total;
}

// ---- CSV rows of exports

/**
 * Amounts in exports are yuan with exactly two decimals ("12.30"), the unit merchants and their
 * accountants read; the text is made from the integer fen with integer arithmetic, so it is exact and
 * parses back to the same fen (yuanToFen). Fen columns would double every amount for little gain.
 */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The inverse of fenToYuan, for readers of exports (tests, imports); NaN for anything else. */
export function yuanToFen(text: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(text.trim());
  if (!match) return Number.NaN;
  const fen = Number(match[2]) * 100 + Number(match[3]);
  return match[1] ? -fen : fen;
}

/**
 * Text a person typed (nicknames, addresses, remarks) can start with = + - @ and then run as a formula
 * when the merchant opens the file in Excel; a leading apostrophe makes it plain text (OWASP's advice).
 */
export function safeText(value: string | null | undefined): string {
  const text = value ?? '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const when = (at: Date | null | undefined): string => (at ? beijingDateTime(new Date(at)) : '');
const percent = (bp: number): string => `${fenToYuan(bp)}%`; // 1000 bp → "10.00%": bp / 100 with two decimals

export const ORDER_STATUS_TEXT: Record<string, string> = {
  created: '待支付',
  paid: '已支付',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
  closed: '已关闭',
  refunding: '退款中',
  refunded: '已退款',
};
export const COMMISSION_STATUS_TEXT: Record<string, string> = {
  pending: '待结算',
  settled: '已结算',
  reversed: '已冲回',
};
export const DISTRIBUTOR_STATUS_TEXT: Record<string, string> = {
  none: '非分销员',
  pending: '待审核',
  active: '正常',
  frozen: '已冻结',
  rejected: '已拒绝',
};
export const WITHDRAWAL_STATUS_TEXT: Record<string, string> = {
  requested: '待审核',
  approved: '待打款',
  paid: '已打款',
  rejected: '已拒绝',
  failed: '打款失败',
};
const statusText = (table: Record<string, string>, status: string) => table[status] ?? status;

export type ExportKind = 'orders' | 'commissions' | 'distributors' | 'withdrawals';
export type CsvRow = Record<string, string>;

/** What an order export row needs of an order (a structural subset of the stored document). */
export interface OrderLike {
  _id: string;
  buyerId: string;
  status: string;
  orderNo?: string;
  items: Array<{ name: string; specText?: string; quantity: number }>;
  goodsAmount: number;
  coupon?: { name: string; discount: number };
  shipping: number;
  amount: number;
  refundedAmount?: number;
  referrer?: { level1?: { userId: string }; level2?: { userId: string } };
  address?: {
    userName?: string;
    telNumber?: string;
    provinceName?: string;
    cityName?: string;
    countyName?: string;
    detailInfo?: string;
  };
  remark?: string;
  shippingInfo?: { carrier: string; trackingNo: string };
  createdAt: Date;
  paidAt?: Date;
}

export interface CommissionLike {
  _id: string;
  orderId: string;
  level: number;
  beneficiaryId: string;
  buyerId: string;
  base: number;
  rate: number;
  amount: number;
  reversedAmount?: number;
  status: string;
  createdAt: Date;
  settledAt?: Date;
}

export interface DistributorLike {
  _id: string;
  nickname?: string;
  inviterId?: string;
  inviteeCount?: number;
  paidSpendFen?: number;
  distributor?: { status: string; code?: string; grade?: string; joinedAt?: Date };
}

export interface WithdrawalLike {
  _id: string;
  userId: string;
  amount: number;
  fee: number;
  payout?: number;
  status: string;
  reference?: string;
  reason?: string;
  createdAt: Date;
  updatedAt?: Date;
}

/** Nicknames by user id, for the columns that name a person. */
export type Names = ReadonlyMap<string, string>;

/** The Chinese column headers of each export, in order; rows are keyed by them. */
export const EXPORT_COLUMNS: Record<ExportKind, readonly string[]> = {
  orders: [
    '订单号',
    '下单时间',
    '支付时间',
    '状态',
    '买家ID',
    '商品',
    '件数',
    '优惠券',
    '优惠(元)',
    '商品实付(元)',
    '运费(元)',
    '实付金额(元)',
    '已退款(元)',
    '一级分销员ID',
    '二级分销员ID',
    '收货人',
    '联系电话',
    '收货地址',
    '物流公司',
    '运单号',
    '备注',
  ],
  commissions: [
    '佣金单号',
    '订单号',
    '层级',
    '分销员ID',
    '分销员昵称',
    '买家ID',
    '佣金基数(元)',
    '比例',
    '佣金(元)',
    '已冲回(元)',
    '净佣金(元)',
    '状态',
    '产生时间',
    '结算时间',
  ],
  distributors: [
    '用户ID',
    '昵称',
    '邀请码',
    '状态',
    '等级',
    '成为分销员时间',
    '上级ID',
    '直接邀请人数',
    '累计消费(元)',
  ],
  withdrawals: [
    '提现单号',
    '分销员ID',
    '分销员昵称',
    '提现金额(元)',
    '手续费(元)',
    '实际到账(元)',
    '状态',
    '申请时间',
    '更新时间',
    '打款凭证',
    '备注',
  ],
};

function row(kind: ExportKind, values: string[]): CsvRow {
  return Object.fromEntries(EXPORT_COLUMNS[kind].map((header, i) => [header, values[i] ?? '']));
}

export function orderRow(order: OrderLike): CsvRow {
  const a = order.address;
  const place = a
    ? `${a.provinceName ?? ''}${a.cityName ?? ''}${a.countyName ?? ''}${a.detailInfo ?? ''}`
    : '';
  return row('orders', [
    order.orderNo ?? order._id,
    when(order.createdAt),
    when(order.paidAt),
    statusText(ORDER_STATUS_TEXT, order.status),
    order.buyerId,
    safeText(
      order.items
        .map((item) => `${item.name}${item.specText ? `（${item.specText}）` : ''}×${item.quantity}`)
        .join('；'),
    ),
    String(order.items.reduce((sum, item) => sum + item.quantity, 0)),
    safeText(order.coupon?.name),
    fenToYuan(order.coupon?.discount ?? 0),
    fenToYuan(order.goodsAmount),
    fenToYuan(order.shipping),
    fenToYuan(order.amount),
    fenToYuan(order.refundedAmount ?? 0),
    order.referrer?.level1?.userId ?? '',
    order.referrer?.level2?.userId ?? '',
    safeText(a?.userName),
    safeText(a?.telNumber),
    safeText(place),
    safeText(order.shippingInfo?.carrier),
    safeText(order.shippingInfo?.trackingNo),
    safeText(order.remark),
  ]);
}

export function commissionRow(entry: CommissionLike, names: Names): CsvRow {
  const reversed = entry.reversedAmount ?? 0;
  return row('commissions', [
    entry._id,
    entry.orderId,
    entry.level === 2 ? '二级' : '一级',
    entry.beneficiaryId,
    safeText(names.get(entry.beneficiaryId)),
    entry.buyerId,
    fenToYuan(entry.base),
    percent(entry.rate),
    fenToYuan(entry.amount),
    fenToYuan(reversed),
    fenToYuan(entry.amount - reversed),
    statusText(COMMISSION_STATUS_TEXT, entry.status),
    when(entry.createdAt),
    when(entry.settledAt),
  ]);
}

export function distributorRow(user: DistributorLike): CsvRow {
  const d = user.distributor;
  return row('distributors', [
    user._id,
    safeText(user.nickname),
    d?.code ?? '',
    statusText(DISTRIBUTOR_STATUS_TEXT, d?.status ?? 'none'),
    safeText(d?.grade),
    when(d?.joinedAt),
    user.inviterId ?? '',
    String(user.inviteeCount ?? 0),
    fenToYuan(user.paidSpendFen ?? 0),
  ]);
}

export function withdrawalRow(withdrawal: WithdrawalLike, names: Names): CsvRow {
  return row('withdrawals', [
    withdrawal._id,
    withdrawal.userId,
    safeText(names.get(withdrawal.userId)),
    fenToYuan(withdrawal.amount),
    fenToYuan(withdrawal.fee),
    fenToYuan(withdrawal.payout ?? withdrawal.amount - withdrawal.fee),
    statusText(WITHDRAWAL_STATUS_TEXT, withdrawal.status),
    when(withdrawal.createdAt),
    when(withdrawal.updatedAt),
    safeText(withdrawal.reference),
    safeText(withdrawal.reason),
  ]);
}

/** `exports/<kind>-<from>-<to>-<random>.csv`: the random part keeps one export from overwriting another. */
export function exportPath(kind: ExportKind, range: Pick<DateRange, 'from' | 'to'>, random: string): string {
  return `exports/${kind}-${range.from}-${range.to}-${random}.csv`;
}
