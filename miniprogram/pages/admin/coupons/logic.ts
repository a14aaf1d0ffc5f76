// The merchant's coupons, pure: the list's tabs and cards (rule, scope, validity and how many were claimed and
// used, in words), and the edit form ↔ coupons.upsert's coupon with the form's own checks. Contradictions
// between fields (an amount off not below its threshold, a window ending before it starts, a total below what
// was already claimed) are the server's to refuse: the page shows its words.
import type { AdminCoupon, CouponInput, CouponStatus } from '../../../services/admin';
import { beijingInstant, beijingParts, DAY_MS, formatDateTime } from '../../../utils/date';
import { firstProblem } from '../../../utils/form';
import { changeRow } from '../../../utils/list';
import { parseYuan, ruleYuan, yuanText } from '../../../utils/money';

export { beijingInstant };

/** Storage key the list fills before opening the editor (there is no admin read of one coupon). */
export const EDITING_COUPON_KEY = 'admin:editing-coupon';
export const MAX_NAME = 20;
export const MAX_TOTAL = 10_000_000;
export const MAX_PER_USER = 20;
export const MAX_DAYS = 365;
export const MAX_PRODUCTS = 100;
export const MAX_CATEGORIES = 20;
/** The largest amount the server accepts (core/domain/money.ts MAX_FEN). */
const MAX_FEN = 10_000_000_000;

export type { AdminCoupon };

// ---- list ------------------------------------------------------------------------------------------------

export const COUPON_TABS: { value: CouponStatus | ''; label: string }[] = [
  { value: 'active', label: '发放中' },
  { value: 'disabled', label: '已停用' },
  { value: '', label: '全部' },
];

/** The 折 a percentage off means, exactly, as the form shows it: 1000 bp off → '9', 1500 → '8.5', 50 → '9.95'. */
export function foldValue(percentOffBp: number): string {
  return String(Number(((10_000 - percentOffBp) / 1000).toFixed(3)));
}

/**
 * A rule in the shopper's words, as the server writes `ruleText` (core/domain/coupon.ts): 「满100减20」,
 * 「无门槛减5元」, 「满100打9折，最多减30元」. The form previews with it before anything is saved.
 */
export function ruleWords(rule: CouponInput['rule']): string {
  if (rule.kind === 'amount')
    return rule.thresholdFen > 0
      ? `满${ruleYuan(rule.thresholdFen)}减${ruleYuan(rule.offFen)}`
      : `无门槛减${ruleYuan(rule.offFen)}元`;
  // Tenths of the price kept, one decimal at most, as core/domain/coupon.ts ruleText writes them.
  const tenths = (10_000 - rule.percentOffBp) / 1000;
  const fold = `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1).replace(/\.0$/, '')}折`;
  const from = rule.thresholdFen > 0 ? `满${ruleYuan(rule.thresholdFen)}打` : '';
  return `${from}${fold}${rule.capFen > 0 ? `，最多减${ruleYuan(rule.capFen)}元` : ''}`;
}

/** Which goods it applies to; `productNames` names the chosen products when the page knows them. */
export function scopeText(scope: AdminCoupon['scope'], productNames: Record<string, string> = {}): string {
  if (scope.kind === 'all') return '全部商品可用';
  if (scope.kind === 'categories') return `限分类：${scope.categories.join('、')}`;
  const names = scope.productIds.map((id) => productNames[id]).filter((name): name is string => !!name);
  if (names.length === scope.productIds.length && names.length <= 3) return `限商品：${names.join('、')}`;
  return `限 ${scope.productIds.length} 个商品`;
}

/** 「领取后 30 天内可用」 or the window in Beijing time. */
export function validityText(validity: AdminCoupon['validity']): string {
  if (validity.kind === 'days') return `领取后 ${validity.days} 天内可用`;
  return `${formatDateTime(validity.startsAt)} 至 ${formatDateTime(validity.endsAt)}`;
}

/**
 * The coupon's face as a ticket shows it: the value large (「¥20」「9折」), the condition small (「满100可用」
 * 「无门槛 · 最多减30元」).
 */
export function faceOf(rule: AdminCoupon['rule']): { valueText: string; conditionText: string } {
  const condition = rule.thresholdFen > 0 ? `满${ruleYuan(rule.thresholdFen)}可用` : '无门槛';
  if (rule.kind === 'amount') return { valueText: `¥${ruleYuan(rule.offFen)}`, conditionText: condition };
  const fold = ruleWords({ ...rule, thresholdFen: 0, capFen: 0 });
  const cap = rule.capFen > 0 ? ` · 最多减${ruleYuan(rule.capFen)}元` : '';
  return { valueText: fold, conditionText: `${condition}${cap}` };
}

export interface CouponCard extends AdminCoupon {
  valueText: string;
  conditionText: string;
  statusText: string;
  /** 'active' | 'disabled' | 'ended' | 'upcoming': the colour of the status. */
  stateKey: string;
  scopeText: string;
  validityText: string;
  /** 「已领 12 / 500 张」 or 「已领 12 张 · 不限量」 */
  claimedText: string;
  usedText: string;
  perUserText: string;
  /** Only a coupon still handed out can be stopped. */
  canDisable: boolean;
}

/** A card of the list at `nowMs`: a fixed window that has ended (or not begun) says so. */
export function couponCard(
  coupon: AdminCoupon,
  nowMs: number,
  productNames: Record<string, string> = {},
): CouponCard {
  const v = coupon.validity;
  const ended = v.kind === 'window' && Date.parse(v.endsAt) <= nowMs;
  const upcoming = v.kind === 'window' && Date.parse(v.startsAt) > nowMs;
  const disabled = coupon.status === 'disabled';
  const stateKey = disabled ? 'disabled' : ended ? 'ended' : upcoming ? 'upcoming' : 'active';
  return {
    ...coupon,
    ...faceOf(coupon.rule),
    statusText: { disabled: '已停用', ended: '已结束', upcoming: '未开始', active: '发放中' }[stateKey]!,
    stateKey,
    scopeText: scopeText(coupon.scope, productNames),
    validityText: validityText(coupon.validity),
    claimedText:
      coupon.totalLimit > 0
        ? `已领 ${coupon.claimed} / ${coupon.totalLimit} 张`
        : `已领 ${coupon.claimed} 张 · 不限量`,
    usedText: `已使用 ${coupon.used} 张`,
    perUserText: `每人限领 ${coupon.perUserLimit} 张`,
    canDisable: !disabled,
  };
}

/** The list after `coupon` changed: its card redrawn, or gone from a tab it no longer belongs to. */
export function replaceCard(
  cards: CouponCard[],
  coupon: AdminCoupon,
  tab: CouponStatus | '',
  nowMs: number,
  productNames: Record<string, string> = {},
): CouponCard[] {
  return changeRow(
    cards,
    coupon._id,
    () => couponCard(coupon, nowMs, productNames),
    () => !tab || coupon.status === tab,
  );
}

/** The coupon behind a card (for the editor), without what the card adds. */
export function couponOf(card: CouponCard | AdminCoupon): AdminCoupon {
  const {
    valueText: _v,
    conditionText: _w,
    statusText: _a,
    stateKey: _b,
    scopeText: _c,
    validityText: _d,
    claimedText: _e,
    usedText: _f,
    perUserText: _g,
    canDisable: _h,
    ...coupon
  } = card as CouponCard;
  return coupon;
}

/** The coupon the list handed over in storage, when it is the one asked for. */
export function storedCoupon(stored: unknown, id: string): AdminCoupon | null {
  if (!stored || typeof stored !== 'object') return null;
  const coupon = stored as AdminCoupon;
  return coupon._id === id && typeof coupon.name === 'string' && !!coupon.rule ? coupon : null;
}

/** What stopping a coupon means, for the confirm. */
export function disableConfirm(name: string): { title: string; content: string } {
  return {
    title: '停用优惠券',
    content: `停用后顾客不能再领取「${name}」；已领取的在有效期内仍可使用。停用后不能恢复。`,
  };
}

// ---- edit form -------------------------------------------------------------------------------------------

export type RuleKind = 'amount' | 'percent';
export type ScopeKind = 'all' | 'products' | 'categories';
export type ValidityKind = 'window' | 'days';

export const RULE_KINDS: { value: RuleKind; label: string }[] = [
  { value: 'amount', label: '满减' },
  { value: 'percent', label: '折扣' },
];
export const SCOPE_KINDS: { value: ScopeKind; label: string }[] = [
  { value: 'all', label: '全部商品' },
  { value: 'products', label: '指定商品' },
  { value: 'categories', label: '指定分类' },
];
export const VALIDITY_KINDS: { value: ValidityKind; label: string }[] = [
  { value: 'days', label: '领取后 N 天' },
  { value: 'window', label: '固定时间段' },
];

/** Every field as typed: amounts in yuan, the discount in 折 (9 = 10% off), times in Beijing time. */
export interface CouponForm {
  _id: string;
  name: string;
  ruleKind: RuleKind;
  /** Yuan of eligible goods the coupon needs; '' or '0' for none. */
  threshold: string;
  /** 满减: yuan off. */
  off: string;
  /** 折扣: 9 for 九折, 8.5 for 八五折. */
  fold: string;
  /** 折扣: the most it takes off in yuan; '' or '0' for no cap. */
  cap: string;
  scopeKind: ScopeKind;
  productIds: string[];
  categories: string[];
  validityKind: ValidityKind;
  days: string;
  /** 'YYYY-MM-DD' and 'HH:mm', Beijing time. */
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  /** '' or '0' for no limit. */
  totalLimit: string;
  perUserLimit: string;
  /** How many were claimed already (an edit cannot set the total below it). */
  claimed: number;
}

export type CouponField =
  | 'name'
  | 'threshold'
  | 'off'
  | 'fold'
  | 'cap'
  | 'scope'
  | 'days'
  | 'start'
  | 'end'
  | 'totalLimit'
  | 'perUserLimit';
export type CouponErrors = Partial<Record<CouponField, string>>;

/** The order fields appear on the page, so the first problem named is the topmost one. */
export const COUPON_FIELDS: CouponField[] = [
  'name',
  'threshold',
  'off',
  'fold',
  'cap',
  'scope',
  'days',
  'start',
  'end',
  'totalLimit',
  'perUserLimit',
];

/** A new coupon: 满减, for everything, usable 30 days after claiming, one per shopper, no total limit. */
export function emptyCouponForm(nowMs: number): CouponForm {
  const start = beijingParts(nowMs);
  const end = beijingParts(nowMs + 7 * DAY_MS);
  return {
    _id: '',
    name: '',
    ruleKind: 'amount',
    threshold: '',
    off: '',
    fold: '',
    cap: '',
    scopeKind: 'all',
    productIds: [],
    categories: [],
    validityKind: 'days',
    days: '30',
    startDate: start.date,
    startTime: '00:00',
    endDate: end.date,
    endTime: '23:59',
    totalLimit: '',
    perUserLimit: '1',
    claimed: 0,
  };
}

export function formFromCoupon(coupon: AdminCoupon, nowMs: number): CouponForm {
  const form = emptyCouponForm(nowMs);
  const rule = coupon.rule;
  const v = coupon.validity;
  const start = v.kind === 'window' ? beijingParts(v.startsAt) : null;
  const end = v.kind === 'window' ? beijingParts(v.endsAt) : null;
  return {
    ...form,
    _id: coupon._id,
    name: coupon.name,
    ruleKind: rule.kind,
    threshold: rule.thresholdFen ? yuanText(rule.thresholdFen) : '',
    off: rule.kind === 'amount' ? yuanText(rule.offFen) : '',
    fold: rule.kind === 'percent' ? foldValue(rule.percentOffBp) : '',
    cap: rule.kind === 'percent' && rule.capFen ? yuanText(rule.capFen) : '',
    scopeKind: coupon.scope.kind,
    productIds: coupon.scope.kind === 'products' ? [...coupon.scope.productIds] : [],
    categories: coupon.scope.kind === 'categories' ? [...coupon.scope.categories] : [],
    validityKind: v.kind,
    days: v.kind === 'days' ? String(v.days) : form.days,
    startDate: start?.date ?? form.startDate,
    startTime: start?.time ?? form.startTime,
    endDate: end?.date ?? form.endDate,
    endTime: end?.time ?? form.endTime,
    totalLimit: coupon.totalLimit ? String(coupon.totalLimit) : '',
    perUserLimit: String(coupon.perUserLimit),
    claimed: coupon.claimed,
  };
}

/** Chooses or unchooses one of `list` (a product id, a category). */
export function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** The first problem in page order, for the toast. */
export const firstCouponError = (errors: CouponErrors) => firstProblem(errors, COUPON_FIELDS);

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** Yuan typed by a person; '' is `empty` (0 for an optional amount). */
function yuan(text: string, empty: number | null): number | null {
  if (!text.trim()) return empty;
  const fen = parseYuan(text);
  return fen === null || fen > MAX_FEN ? null : fen;
}

export type CouponFormResult = { ok: true; coupon: CouponInput } | { ok: false; errors: CouponErrors };

/** The form checked field by field; when every field reads, the coupon coupons.upsert gets. */
export function validateCouponForm(form: CouponForm): CouponFormResult {
  const errors: CouponErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = '请填写优惠券名称';
  else if (name.length > MAX_NAME) errors.name = `名称最多 ${MAX_NAME} 个字`;

  const thresholdFen = yuan(form.threshold, 0);
  if (thresholdFen === null) errors.threshold = '门槛格式不对：请填写金额（元），不填为无门槛';
  let rule: CouponInput['rule'] | null = null;
  if (form.ruleKind === 'amount') {
    const offFen = yuan(form.off, null);
    if (!form.off.trim()) errors.off = '请填写优惠金额';
    else if (offFen === null) errors.off = '优惠金额格式不对：请填写金额（元），最多两位小数';
    else if (offFen <= 0) errors.off = '优惠金额要大于 0';
    else if (thresholdFen !== null) rule = { kind: 'amount', thresholdFen, offFen };
  } else {
    // 折 with at most two decimals: 9.95折 takes 0.5% off, 0.1折 takes 99%.
    const fold = form.fold.trim() ? parseYuan(form.fold) : null;
    const capFen = yuan(form.cap, 0);
    if (!form.fold.trim()) errors.fold = '请填写折扣，如 9（九折）或 8.5';
    else if (fold === null || fold < 10 || fold > 999)
      errors.fold = '折扣填 0.1 到 9.99 之间的数，如 9 或 8.5';
    if (capFen === null) errors.cap = '最多优惠格式不对：请填写金额（元），不填为不封顶';
    if (fold !== null && capFen !== null && thresholdFen !== null && !errors.fold)
      rule = { kind: 'percent', thresholdFen, percentOffBp: 10_000 - fold * 10, capFen };
  }

  let scope: CouponInput['scope'] = { kind: 'all' };
  if (form.scopeKind === 'products') {
    if (!form.productIds.length) errors.scope = '请至少选择一个商品';
    else if (form.productIds.length > MAX_PRODUCTS) errors.scope = `最多选择 ${MAX_PRODUCTS} 个商品`;
    scope = { kind: 'products', productIds: [...form.productIds] };
  } else if (form.scopeKind === 'categories') {
    if (!form.categories.length) errors.scope = '请至少选择一个分类';
    else if (form.categories.length > MAX_CATEGORIES) errors.scope = `最多选择 ${MAX_CATEGORIES} 个分类`;
    scope = { kind: 'categories', categories: [...form.categories] };
  }

  let validity: CouponInput['validity'] | null = null;
  if (form.validityKind === 'days') {
    const days = wholeNumber(form.days, 1, MAX_DAYS);
    if (days === null) errors.days = `请填写 1 到 ${MAX_DAYS} 之间的天数`;
    else validity = { kind: 'days', days };
  } else {
    const startsAt = beijingInstant(form.startDate, form.startTime);
    const endsAt = beijingInstant(form.endDate, form.endTime);
    if (!startsAt) errors.start = '请选择开始日期和时间';
    if (!endsAt) errors.end = '请选择结束日期和时间';
    if (startsAt && endsAt) validity = { kind: 'window', startsAt, endsAt };
  }

  const totalLimit = form.totalLimit.trim() ? wholeNumber(form.totalLimit, 0, MAX_TOTAL) : 0;
  if (totalLimit === null) errors.totalLimit = `发放总量填 0 到 ${MAX_TOTAL} 的整数，不填为不限量`;
  const perUserLimit = wholeNumber(form.perUserLimit, 1, MAX_PER_USER);
  if (perUserLimit === null) errors.perUserLimit = `每人限领填 1 到 ${MAX_PER_USER} 的整数`;

  if (Object.keys(errors).length || !rule || !validity) return { ok: false, errors };
  const coupon: CouponInput = {
    name,
    rule,
    scope,
    validity,
    totalLimit: totalLimit!,
    perUserLimit: perUserLimit!,
  };
  if (form._id) coupon._id = form._id;
  return { ok: true, coupon };
}

/** The rule as the form stands, in words ('' while it cannot be read): the preview above the fields. */
export function rulePreview(form: CouponForm): string {
  const result = validateCouponForm({
    ...form,
    name: form.name.trim() || '预览',
    productIds: form.productIds.length ? form.productIds : ['x'],
    categories: form.categories.length ? form.categories : ['x'],
  });
  return result.ok ? ruleWords(result.coupon.rule) : '';
}
