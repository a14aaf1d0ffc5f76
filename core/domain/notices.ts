// Subscribe messages (订阅消息), pure: what each event tells the user, which template keyword holds each
// field, and the platform's rules for each kind of keyword (a `thing` is at most 20 characters…), so a
// message is never refused for its format (47003).
import { beijingDateTime } from './analytics';
import { formatYuan } from './money';
import type { NoticeEvent, NoticeTemplate } from './settings';

/** The facts each event fills its message with. */
export interface NoticeFacts {
  orderShipped: { orderNo: string; goods: string; carrier: string; trackingNo: string };
  refundResult: {
    orderNo: string;
    amountFen: number;
    outcome: 'refunded' | 'failed' | 'rejected';
    remark: string;
  };
  applicationReviewed: { approved: boolean; remark: string; at: Date };
  commissionCredited: { amountFen: number; orderNo: string; level: 1 | 2; at: Date };
  commissionSettled: { amountFen: number; entries: number; at: Date };
  withdrawalResult: { amountFen: number; paid: boolean; remark: string; at: Date };
  transferConfirm: { amountFen: number; at: Date };
}

/**
 * The keywords of the templates the docs recommend (docs/DEPLOY.md, 订阅消息): a merchant who picked a
 * template whose keywords are numbered otherwise maps them in settings (notices.<event>.keys).
 */
export const DEFAULT_KEYS: { [E in NoticeEvent]: Record<string, string> } = {
  orderShipped: {
    orderNo: 'character_string1',
    goods: 'thing2',
    carrier: 'thing3',
    trackingNo: 'character_string4',
  },
  refundResult: { orderNo: 'character_string1', amount: 'amount2', result: 'phrase3', remark: 'thing4' },
  applicationReviewed: { result: 'phrase1', remark: 'thing2', time: 'time3' },
  commissionCredited: { amount: 'amount1', orderNo: 'character_string2', remark: 'thing3', time: 'time4' },
  commissionSettled: { amount: 'amount1', remark: 'thing2', time: 'time3' },
  withdrawalResult: { amount: 'amount1', result: 'phrase2', remark: 'thing3', time: 'time4' },
  transferConfirm: { amount: 'amount1', remark: 'thing2', time: 'time3' },
};

/** Where the message opens the mini-program. */
const PAGES: { [E in NoticeEvent]: (facts: NoticeFacts[E]) => string } = {
  orderShipped: () => 'pages/order/list/index',
  refundResult: () => 'pages/order/list/index',
  applicationReviewed: () => 'pages/distributor/center/index',
  commissionCredited: () => 'pages/distributor/ledger/index',
  commissionSettled: () => 'pages/distributor/ledger/index',
  withdrawalResult: () => 'pages/distributor/withdraw/index',
  transferConfirm: () => 'pages/distributor/withdraw/index',
};

const amount = (fen: number) => `${formatYuan(fen)}元`;

/** The fields of each event, by field name (the keys above map them to keywords). */
const FIELDS: { [E in NoticeEvent]: (facts: NoticeFacts[E]) => Record<string, string> } = {
  orderShipped: (f) => ({ orderNo: f.orderNo, goods: f.goods, carrier: f.carrier, trackingNo: f.trackingNo }),
  refundResult: (f) => ({
    orderNo: f.orderNo,
    amount: amount(f.amountFen),
    result: { refunded: '退款成功', failed: '退款失败', rejected: '已拒绝' }[f.outcome],
    remark: f.remark,
  }),
  applicationReviewed: (f) => ({
    result: f.approved ? '审核通过' : '未通过',
    remark: f.remark,
    time: beijingDateTime(f.at),
  }),
  commissionCredited: (f) => ({
    amount: amount(f.amountFen),
    orderNo: f.orderNo,
    remark: `${f.level === 1 ? '直接' : '间接'}推广佣金，售后期后可提现`,
    time: beijingDateTime(f.at),
  }),
  commissionSettled: (f) => ({
    amount: amount(f.amountFen),
    remark: `${f.entries} 笔佣金已可提现`,
    time: beijingDateTime(f.at),
  }),
  withdrawalResult: (f) => ({
    amount: amount(f.amountFen),
    result: f.paid ? '已打款' : '未通过',
    remark: f.remark,
    time: beijingDateTime(f.at),
  }),
  transferConfirm: (f) => ({
    amount: amount(f.amountFen),
    remark: '提现已通过，请在24小时内确认收款',
    time: beijingDateTime(f.at),
  }),
};

/** The longest value of each keyword kind, in characters (the platform's 订阅消息 rules). */
const LIMITS: Record<string, number> = {
  thing: 20,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phrase: 5,
  name: 10,
  phone_number: 17,
  car_number: 8,
  amount: 11,
  time: 24,
  date: 24,
};

/** A value fitted to its keyword: cut to the kind's length (a `thing` ends with … when cut). */
export function fitKeyword(keyword: string, value: string): string {
  const kind = keyword.replace(/\d+$/, '');
  const limit = LIMITS[kind];
  const chars = Array.from(value.trim() || '-');
  if (!limit || chars.length <= limit) return chars.join('');
  return kind === 'thing' ? `${chars.slice(0, limit - 1).join('')}…` : chars.slice(0, limit).join('');
}

export interface NoticeMessage {
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

/** The message of `event` for the merchant's template, or null when the merchant set no template for it. */
export function noticeMessage<E extends NoticeEvent>(
  event: E,
  template: NoticeTemplate,
  facts: NoticeFacts[E],
): NoticeMessage | null {
  if (!template.templateId) return null;
  const keys = { ...DEFAULT_KEYS[event], ...template.keys };
  const fields = FIELDS[event](facts);
  const data: Record<string, { value: string }> = {};
  for (const [field, value] of Object.entries(fields)) {
    const keyword = keys[field];
    if (keyword) data[keyword] = { value: fitKeyword(keyword, value) };
  }
  return { templateId: template.templateId, page: PAGES[event](facts), data };
}
