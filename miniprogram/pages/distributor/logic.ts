// The distributor centre's words: status explanations, the balance board and the freeze rule in plain Chinese.
import type { Account, MeResult, TeamMember, TeamStats, WalletEntry, Withdrawal } from '../../services/api';
import { formatDate, formatDateTime, formatShortTime } from '../../utils/date';
import { formatOrderNo } from '../../utils/format';
import { formatFen, formatRate } from '../../utils/money';
import {
  COMMISSION_STATUS_WORDS,
  MY_WITHDRAWAL_STATUS_WORDS,
  orderStatusText,
  statusClass,
} from '../../utils/status';

export interface StatusExplanation {
  title: string;
  text: string;
  canApply: boolean;
  isActive: boolean;
}

export function explainStatus(me: MeResult): StatusExplanation {
  const distributor = me.distributor;
  switch (distributor.status) {
    case 'active':
      return {
        title: '分销员',
        text: `邀请码 ${distributor.code ?? ''}`.trim(),
        canApply: false,
        isActive: true,
      };
    case 'pending':
      return {
        title: '审核中',
        text: '申请已提交，商家审核通过后即可开始分享赚佣金。',
        canApply: false,
        isActive: false,
      };
    case 'frozen':
      return {
        title: '已冻结',
        text: '你的分销资格已被商家冻结：暂不能分享赚佣金和提现，已有佣金不受影响。如有疑问请联系商家。',
        canApply: false,
        isActive: false,
      };
    default: {
      const rejected = distributor.rejectReason;
      return {
        title: rejected ? '申请未通过' : '成为分销员',
        text: rejected
          ? `上次申请未通过：${rejected}。你可以修改资料后重新申请。`
          : '分享商品给好友，好友下单付款后你可获得佣金。',
        canApply: true,
        isActive: false,
      };
    }
  }
}

export interface BalanceRow {
  key: keyof Account;
  label: string;
  amountText: string;
}

export function balanceRows(a: Account): BalanceRow[] {
  const rows: BalanceRow[] = [
    { key: 'available', label: '可提现', amountText: formatFen(a.available) },
    { key: 'pending', label: '待结算', amountText: formatFen(a.pending) },
    { key: 'withdrawing', label: '提现中', amountText: formatFen(a.withdrawing) },
    { key: 'withdrawn', label: '已提现', amountText: formatFen(a.withdrawn) },
  ];
  // Debt only appears after a refund of settled commission; showing ¥0.00 of it would only worry people.
  if (a.debt > 0) rows.push({ key: 'debt', label: '待抵扣', amountText: formatFen(a.debt) });
  return rows;
}

/** The freeze rule: why money is pending and when it becomes withdrawable. */
export function freezeRule(afterSaleDays: number, debt = 0): string {
  const window = `订单确认收货 ${afterSaleDays} 天后（售后期结束）`;
  const lines = [
    `好友付款后，佣金先计入「待结算」；${window}转为「可提现」。`,
    '售后期内退款的订单，对应佣金会被取消；已结算后发生退款的，会从之后的佣金中抵扣。',
  ];
  if (debt > 0) lines.push(`当前有 ${formatFen(debt)} 待抵扣，之后的佣金会先用于抵扣。`);
  return lines.join('\n');
}

export interface LedgerEntryView extends WalletEntry {
  title: string;
  /** When it was earned (Beijing time) and from whom: '2026-11-28 10:05 · 王**'. */
  subtitle: string;
  /** What was bought and where the order stands: '明前龙井 ×2 · 已完成'. */
  orderText: string;
  /** The order's number in groups, as people read it out: '订单号 2026 1128 3904 1175 62'. */
  orderNoText: string;
  amountText: string;
  statusText: string;
  /** How the amount was worked out (rate, fixed per unit, or both). */
  basisText: string;
  /** Why it is (still) pending, or what became of it. */
  explanation: string;
  /** The entry waits on an open refund request. */
  held: boolean;
}

const LEVEL_TEXT: Record<WalletEntry['level'], string> = { 1: '直接推广（一级）', 2: '间接推广（二级）' };

/** 「明前龙井 ×2」 → 2: the units of a one-product order, from the entry's summary (null for several products). */
function unitsOf(summary: string): number | null {
  const match = /^.+ ×(\d+)$/.exec(summary);
  return match && !summary.includes(' 等 ') ? Number(match[1]) : null;
}

/**
 * How the commission was worked out, truthfully for each basis: a percent of the goods, a fixed amount per
 * unit (「每件固定 ¥5.00」 when the order is of one product), or both on different products.
 */
export function basisText(
  entry: Pick<WalletEntry, 'basis' | 'base' | 'rate' | 'amount' | 'summary'>,
): string {
  if (entry.basis === 'fixed') {
    const units = unitsOf(entry.summary);
    if (units && entry.amount % units === 0)
      return `每件固定 ${formatFen(entry.amount / units)}，共 ${units} 件`;
    return `按商品每件固定金额计算，共 ${formatFen(entry.amount)}`;
  }
  if (entry.basis === 'mixed')
    return `部分商品按 ${formatRate(entry.rate)}、部分按件固定金额，共 ${formatFen(entry.amount)}`;
  return `按商品金额 ${formatFen(entry.base)} 的 ${formatRate(entry.rate)} 计算`;
}

/**
 * Each ledger line says which order (what was bought, where it stands), which level, how the amount was
 * worked out, and why it is (still) pending. `afterSaleDays`: the shop's window, when known (null: the
 * explanation says no number it does not know).
 */
export function ledgerView(entries: WalletEntry[], afterSaleDays: number | null): LedgerEntryView[] {
  return entries.map((entry) => {
    let why = '';
    if (entry.status === 'pending' && entry.onHold) {
      why = '买家申请了退款，退款处理完之前暂不结算';
    } else if (entry.status === 'pending') {
      why = entry.maturesAt
        ? `售后期内，预计 ${formatDate(entry.maturesAt)} 结算`
        : afterSaleDays === null
          ? '待买家确认收货，售后期结束后结算'
          : `待买家确认收货，之后 ${afterSaleDays} 天售后期结束即结算`;
    } else if (entry.status === 'settled') {
      const settled = entry.settledAt ? `${formatDate(entry.settledAt)} ` : '';
      why = entry.reversedAmount
        ? `${settled}已结算，其中 ${formatFen(entry.reversedAmount)} 因退款扣回`
        : `${settled}已结算，可提现`;
    } else {
      why = '订单退款，佣金已取消';
    }
    return {
      ...entry,
      title: entry.level === 1 ? '一级佣金' : '二级佣金',
      subtitle: `${formatDateTime(entry.createdAt)} · ${entry.buyerNickname}`,
      orderText: `${entry.summary || '订单'} · ${orderStatusText(entry.orderStatus)}`,
      orderNoText: entry.orderNo ? `订单号 ${formatOrderNo(entry.orderNo)}` : '',
      amountText: formatFen(entry.amount - entry.reversedAmount),
      statusText:
        entry.status === 'pending' && entry.onHold
          ? '暂缓结算'
          : (COMMISSION_STATUS_WORDS[entry.status] ?? entry.status),
      basisText: `${LEVEL_TEXT[entry.level]}：${basisText(entry)}`,
      explanation: why,
      held: entry.status === 'pending' && entry.onHold,
    };
  });
}

export interface PromotionRow {
  _id: string;
  /** What was bought. */
  summary: string;
  /** Masked buyer and when: '韩** · 11-28 10:05'. */
  who: string;
  /** '订单号 2026 1128 3904 1175 62', '' for an entry without one. */
  orderNoText: string;
  orderStatusText: string;
  orderStatusClass: string;
  /** What it earned the distributor, net of refunds: '+¥5.00'. */
  amountText: string;
  statusText: string;
}

/** 推广订单: the orders that earned the distributor commission, as wallet.ledger lists them. */
export function promotionRows(entries: WalletEntry[]): PromotionRow[] {
  return entries.map((entry) => ({
    _id: entry._id,
    summary: entry.summary || '订单',
    who: `${entry.buyerNickname} · ${formatShortTime(entry.createdAt)}${entry.level === 2 ? ' · 二级' : ''}`,
    orderNoText: entry.orderNo ? `订单号 ${formatOrderNo(entry.orderNo)}` : '',
    orderStatusText: orderStatusText(entry.orderStatus),
    orderStatusClass: statusClass(entry.orderStatus),
    amountText: `+${formatFen(entry.amount - entry.reversedAmount)}`,
    statusText: COMMISSION_STATUS_WORDS[entry.status] ?? entry.status,
  }));
}

/** The rates a distributor earns, in words: 「一级 10% · 二级 5%」 (level 2 only in two-level mode). */
export function ratesText(settings: Pick<MeResult['settings'], 'levels' | 'rates'>): string {
  const one = `一级 ${formatRate(settings.rates.level1)}`;
  return settings.levels === 2 ? `${one} · 二级 ${formatRate(settings.rates.level2)}` : one;
}

/** What the apply form promises, from the rates that would apply: the level-1 rate, and level 2 when there is one. */
export function applyPitch(settings: Pick<MeResult['settings'], 'levels' | 'rates'>): string[] {
  const lines = [`好友通过你的分享下单，你可得商品金额的 ${formatRate(settings.rates.level1)} 作为佣金`];
  if (settings.levels === 2 && settings.rates.level2 > 0)
    lines.push(`你邀请的分销员推广成交，你再得 ${formatRate(settings.rates.level2)}`);
  lines.push('佣金在订单售后期结束后可提现');
  return lines;
}

export interface CentreFigure {
  key: string;
  label: string;
  text: string;
}

/** The figures on top of the centre: what was earned in all, today, and what still waits. */
export function centreFigures(stats: TeamStats | null, account: Account): CentreFigure[] {
  return [
    { key: 'total', label: '累计佣金', text: formatFen(stats?.commission.total ?? 0) },
    { key: 'today', label: '今日收益', text: formatFen(stats?.today.earned ?? 0) },
    { key: 'pending', label: '待结算', text: formatFen(account.pending) },
  ];
}

/** The team line: people invited at each level and orders that credited the distributor. */
export function teamFigures(stats: TeamStats | null, levels: 1 | 2): CentreFigure[] {
  const figures = [{ key: 'level1', label: '一级成员', text: `${stats?.invited.level1 ?? 0}` }];
  if (levels === 2) figures.push({ key: 'level2', label: '二级成员', text: `${stats?.invited.level2 ?? 0}` });
  figures.push({ key: 'orders', label: '推广订单', text: `${stats?.orders.total ?? 0}` });
  return figures;
}

export interface WithdrawQuote {
  ok: boolean;
  /** Why the amount cannot be withdrawn, '' when it can. */
  problem: string;
  feeText: string;
  receiveText: string;
}

/** Fee = floor(amount × feeBp / 10000), the same rounding as the server; shown before confirming. */
export function quoteWithdrawal(
  amount: number | null,
  available: number,
  rule: { minAmount: number; feeBp: number },
): WithdrawQuote {
  const fee = amount && amount > 0 ? Math.floor((amount * rule.feeBp) / 10000) : 0;
  const base = { feeText: formatFen(fee), receiveText: formatFen(Math.max(0, (amount ?? 0) - fee)) };
  if (amount === null || amount <= 0) return { ok: false, problem: '请输入正确的金额', ...base };
  if (amount < rule.minAmount)
    return { ok: false, problem: `最低提现 ${formatFen(rule.minAmount)}`, ...base };
  if (amount > available) return { ok: false, problem: `最多可提现 ${formatFen(available)}`, ...base };
  return { ok: true, problem: '', ...base };
}

export function withdrawalView(items: Withdrawal[]) {
  return items.map((item) => ({
    ...item,
    amountText: formatFen(item.amount),
    feeText: formatFen(item.fee),
    timeText: formatDateTime(item.createdAt),
    /** 「手续费 ¥0.10 · 2026-11-28 10:05」, and the merchant's reason or payment reference when there is one. */
    description: [
      `手续费 ${formatFen(item.fee)}`,
      formatDateTime(item.createdAt),
      item.reason ? `原因：${item.reason}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    statusText:
      item.transfer?.state === 'WAIT_USER_CONFIRM'
        ? '待确认收款'
        : (MY_WITHDRAWAL_STATUS_WORDS[item.status] ?? item.status),
    canConfirm: item.status === 'approved' && item.transfer?.state === 'WAIT_USER_CONFIRM',
  }));
}

export interface TeamRow extends TeamMember {
  name: string;
  /** '加入于 2026-11-28 · 3 单 · 带来佣金 ¥12.80' */
  description: string;
  badge: string;
}

/** Each member with when they joined, what they bought and what their orders earned the distributor. */
export function teamView(members: TeamMember[]): TeamRow[] {
  return members.map((member) => ({
    ...member,
    name: member.nickname || '微信用户',
    description: [
      `加入于 ${formatDate(member.joinedAt)}`,
      `${member.orderCount} 单`,
      `带来佣金 ${formatFen(member.commission)}`,
    ].join(' · '),
    badge: member.isDistributor ? '分销员' : '',
  }));
}
