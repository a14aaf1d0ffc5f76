// The merchant's withdrawals: status tabs, one row per withdrawal with its payout and 商家转账 state, which
// steps a row allows (mirrors moveWithdrawal and the transfer states), the notes' checks and confirm texts.
import type { AdminWithdrawal } from '../../../services/admin';
import type { WithdrawalStatus } from '../../../services/api';
import { formatDateTime } from '../../../utils/date';
import { phoneText } from '../../../utils/format';
import { changeRow } from '../../../utils/list';
import { formatFen } from '../../../utils/money';
import {
  requestStatusClass,
  statusTabs,
  TRANSFER_STATE_WORDS,
  WITHDRAWAL_STATUS_WORDS,
} from '../../../utils/status';

export const WITHDRAWAL_TABS = statusTabs<WithdrawalStatus | ''>(
  ['requested', 'approved', 'paid', 'rejected', 'failed', ''],
  { ...WITHDRAWAL_STATUS_WORDS, failed: '失败' },
);

/**
 * Bill states that will still change by themselves: the platform (or the distributor's confirmation) ends
 * them, and its answer pays the withdrawal or returns the money, so marking it by hand could pay twice.
 */
const IN_FLIGHT: ReadonlySet<string> = new Set([
  'ACCEPTED',
  'PROCESSING',
  'WAIT_USER_CONFIRM',
  'TRANSFERING',
  'CANCELING',
]);

export const transferInFlight = (w: Pick<AdminWithdrawal, 'status' | 'transfer'>) =>
  w.status === 'approved' && IN_FLIGHT.has(w.transfer?.state ?? '');

export interface WithdrawalActions {
  /** 通过 / 拒绝. */
  review: boolean;
  /** 标记已打款 / 标记失败. */
  mark: boolean;
  /** Shown instead of the mark buttons while a 商家转账 is under way. */
  transferNote: string;
}

export function actionsFor(w: Pick<AdminWithdrawal, 'status' | 'transfer'>): WithdrawalActions {
  const inFlight = transferInFlight(w);
  return {
    review: w.status === 'requested',
    mark: w.status === 'approved' && !inFlight,
    transferNote: inFlight
      ? w.transfer?.state === 'WAIT_USER_CONFIRM'
        ? '商家转账已发起，等待分销员在小程序中确认收款；确认后自动变为已打款，24 小时未确认将自动撤销并退回余额。'
        : '商家转账处理中，结果由微信支付通知后自动更新。'
      : '',
  };
}

/** What the distributor receives: the stored payout, else amount − fee. */
export const payoutOf = (w: Pick<AdminWithdrawal, 'amount' | 'fee' | 'payout'>) =>
  typeof w.payout === 'number' ? w.payout : Math.max(0, w.amount - (w.fee ?? 0));

export interface WithdrawalCard extends AdminWithdrawal {
  nameText: string;
  /** Who the merchant pays by hand: 「王芳 138 0000 0000」 from the application; '' when they gave neither. */
  payeeText: string;
  statusClass: string;
  amountText: string;
  feeText: string;
  payoutText: string;
  timeText: string;
  statusText: string;
  /** '' for the manual payout mode. */
  transferText: string;
  actions: WithdrawalActions;
}

export function withdrawalCard(w: AdminWithdrawal): WithdrawalCard {
  const state = w.transfer?.state ?? '';
  return {
    ...w,
    nameText: w.nickname || w.userId,
    payeeText: [w.realName ?? '', phoneText(w.mobile)].filter(Boolean).join(' '),
    statusClass: requestStatusClass(w.status),
    amountText: formatFen(w.amount),
    feeText: formatFen(w.fee ?? 0),
    payoutText: formatFen(payoutOf(w)),
    timeText: formatDateTime(w.createdAt),
    statusText: WITHDRAWAL_STATUS_WORDS[w.status] ?? w.status,
    transferText: state ? (TRANSFER_STATE_WORDS[state] ?? state) : '',
    actions: actionsFor(w),
  };
}

export const withdrawalCards = (items: AdminWithdrawal[]) => items.map(withdrawalCard);

/** The three steps that need a note typed on the page. */
export type NoteKind = 'reject' | 'paid' | 'failed';

export const NOTE_LABEL: Record<
  NoteKind,
  { label: string; placeholder: string; max: number; submit: string }
> = {
  reject: { label: '拒绝原因', placeholder: '请填写拒绝原因（分销员可见）', max: 200, submit: '确认拒绝' },
  paid: { label: '打款凭证', placeholder: '如银行流水号、转账单号', max: 64, submit: '确认已打款' },
  failed: { label: '失败原因', placeholder: '如账户信息有误、银行退回', max: 200, submit: '确认标记失败' },
};

/** The note's problem in words, or '' when it is fine (reason 1–200, payment reference 1–64, trimmed). */
export function noteProblem(kind: NoteKind, text: string): string {
  const value = text.trim();
  const { label, max } = NOTE_LABEL[kind];
  if (!value) return kind === 'paid' ? '请填写打款凭证（如银行流水号）' : `请填写${label}`;
  if (value.length > max) return `${label}最多 ${max} 个字`;
  return '';
}

/** What the merchant reads before each step. */
export function confirmText(kind: 'approve' | NoteKind, w: AdminWithdrawal, note = ''): string {
  const who = w.nickname || w.userId;
  const amount = formatFen(w.amount);
  const payout = formatFen(payoutOf(w));
  switch (kind) {
    case 'approve':
      return `通过 ${who} 的提现 ${amount}（手续费 ${formatFen(w.fee ?? 0)}，到账 ${payout}）？`;
    case 'reject':
      return `拒绝 ${who} 的提现 ${amount}？这笔钱将退回分销员的可提现余额。`;
    case 'paid':
      return `确认已向 ${who} 打款 ${payout}（凭证 ${note.trim()}）？标记后不可撤销。`;
    case 'failed':
      return `标记 ${who} 的提现 ${amount} 打款失败？这笔钱将退回分销员的可提现余额。`;
  }
}

/**
 * The rows after a step on `id`: the row takes the server's answer (the withdrawal as it now is), and leaves
 * the list when the tab shows one status and that is no longer it.
 */
export function afterStep(
  items: WithdrawalCard[],
  id: string,
  patch: Partial<AdminWithdrawal>,
  tab: WithdrawalStatus | '',
): WithdrawalCard[] {
  return changeRow(
    items,
    id,
    (item) => withdrawalCard({ ...item, ...patch }),
    (next) => !tab || next.status === tab,
  );
}
