// The settings form: settings ↔ what the merchant types (percent, yuan, days as text), the checks a person
// can fix on the page, and the patch settings.update receives. The server checks everything again, together
// with the contradictions between fields (settings.preview lists those while the merchant types).
import type { Grade, Settings, SettingsPatch } from '../../../services/admin';
import { parsePercent, parseYuan, percentText, yuanText } from '../../../utils/money';

export interface GradeForm {
  /** Kept for an existing grade (distributors hold it); '' for a new one until saved. */
  id: string;
  name: string;
  level1: string;
  level2: string;
  metric: Grade['upgrade']['metric'];
  /** Yuan for sales and commission, a head count for recruits. */
  threshold: string;
}

export interface SettingsForm {
  shopName: string;
  levels: '1' | '2';
  level1: string;
  level2: string;
  cap: string;
  selfPurchase: boolean;
  joinMode: Settings['joinMode'];
  joinThreshold: string;
  bindingMode: Settings['binding']['mode'];
  validityDays: string;
  newUsersOnly: boolean;
  afterSaleDays: string;
  autoCompleteDays: string;
  unpaidCloseMinutes: string;
  withdrawMin: string;
  withdrawFee: string;
  shippingFee: string;
  freeOver: string;
  payoutMode: Settings['payout']['mode'];
  postType: string;
  rewardDescription: string;
  remark: string;
  subMchId: string;
  grades: GradeForm[];
  admins: string[];
  /** The home page's banners, in order (at most MAX_BANNERS). */
  banners: BannerForm[];
  /** WeChat's 发货信息管理: shipments uploaded to WeChat, receipt confirmed in WeChat's component. */
  wechatShipping: boolean;
  /** 订阅消息: the one-time template id of each event ('' sends nothing). */
  notices: NoticeForm[];
  trackingProvider: Settings['tracking']['provider'];
  codeEnvVersion: Settings['share']['codeEnvVersion'];
  /** Hours an export file stays in cloud storage. */
  keepHours: string;
}

export type NoticeEvent = keyof Settings['notices'];

export interface NoticeForm {
  event: NoticeEvent;
  templateId: string;
  /**
   * The keyword mapping (field → thing1…), set in the console only (docs/DEPLOY.md step 13): the form shows how
   * many there are and sends them back as they were.
   */
  keys: Record<string, string>;
  /** The mapping in words (「goods→thing1、orderNo→character_string2」), '' when the defaults apply. */
  keysText: string;
}

/** The 订阅消息 events in the order the settings page lists them, with what each tells whom. */
export const NOTICE_EVENTS: { event: NoticeEvent; label: string; hint: string }[] = [
  { event: 'orderShipped', label: '发货通知', hint: '买家：订单已发货，快递公司和单号' },
  { event: 'refundResult', label: '退款结果', hint: '买家：退款成功、失败或被拒绝' },
  { event: 'applicationReviewed', label: '申请审核', hint: '申请人：分销员申请通过或未通过' },
  { event: 'commissionCredited', label: '佣金入账', hint: '分销员：推广订单付款，获得佣金' },
  { event: 'commissionSettled', label: '佣金可提现', hint: '分销员：售后期结束，佣金可以提现' },
  { event: 'withdrawalResult', label: '提现结果', hint: '分销员：提现已打款或未通过' },
  { event: 'transferConfirm', label: '确认收款', hint: '分销员：商家转账待确认收款' },
];

export const TRACKING_PROVIDERS: { value: Settings['tracking']['provider']; label: string }[] = [
  { value: 'logistics', label: '微信物流助手（通过物流助手下单的运单）' },
  { value: 'kuaidi100', label: '快递100（需在 secrets 集合填写账号）' },
  { value: 'none', label: '不查询（只显示快递公司和单号）' },
];

export const CODE_ENV_VERSIONS: { value: Settings['share']['codeEnvVersion']; label: string }[] = [
  { value: 'release', label: '正式版' },
  { value: 'trial', label: '体验版' },
  { value: 'develop', label: '开发版' },
];

export const MAX_KEEP_HOURS = 24 * 30;
const TEMPLATE_ID = /^[\w-]{0,64}$/;

export interface BannerForm {
  /** A stable key for the list ('b0', 'b1'…), never sent. */
  key: string;
  /** https:// URL or cloud:// fileID of the picture. */
  image: string;
  /** The product the banner opens, '' for none. */
  productId: string;
}

export const MAX_BANNERS = 5;
const BANNER_IMAGE = /^(cloud|https):\/\/\S+$/;

/** A new, empty banner row with a key no other row has. */
export function emptyBanner(banners: { key: string }[]): BannerForm {
  const used = banners.map((b) => Number(/^b(\d+)$/.exec(b.key)?.[1] ?? -1));
  return { key: `b${Math.max(-1, ...used) + 1}`, image: '', productId: '' };
}

export const JOIN_MODES = [
  { value: 'everyone', label: '所有人自动成为分销员' },
  { value: 'apply', label: '申请后由商家审核' },
  { value: 'threshold', label: '累计消费满额自动成为' },
];
export const BINDING_MODES = [
  { value: 'permanent', label: '永久绑定（首次绑定后不变）' },
  { value: 'validity', label: '有效期内绑定（过期可被新的邀请覆盖）' },
  { value: 'overwrite', label: '随时覆盖（以最后一次扫码为准）' },
];
export const PAYOUT_MODES = [
  { value: 'manual', label: '线下打款（商家自行转账后标记）' },
  { value: 'transfer', label: '商家转账到零钱（分销员确认收款）' },
];
export const UPGRADE_METRICS = [
  { value: 'sales', label: '累计销售额（元）' },
  { value: 'commission', label: '累计佣金（元）' },
  { value: 'recruits', label: '累计邀请人数' },
];

export function formFromSettings(s: Settings): SettingsForm {
  return {
    shopName: s.shopName,
    levels: s.levels === 1 ? '1' : '2',
    level1: percentText(s.rates.level1),
    level2: percentText(s.rates.level2),
    cap: percentText(s.capBp),
    selfPurchase: s.selfPurchase,
    joinMode: s.joinMode,
    joinThreshold: yuanText(s.joinThreshold),
    bindingMode: s.binding.mode,
    validityDays: String(s.binding.validityDays),
    newUsersOnly: s.binding.newUsersOnly,
    afterSaleDays: String(s.afterSaleDays),
    autoCompleteDays: String(s.autoCompleteDays),
    unpaidCloseMinutes: String(s.unpaidCloseMinutes),
    withdrawMin: yuanText(s.withdrawal.minAmount),
    withdrawFee: percentText(s.withdrawal.feeBp),
    shippingFee: yuanText(s.shipping.feeFen),
    freeOver: yuanText(s.shipping.freeOverFen),
    payoutMode: s.payout.mode,
    postType: s.payout.postType,
    rewardDescription: s.payout.rewardDescription,
    remark: s.payout.remark,
    subMchId: s.payment.subMchId,
    grades: s.grades.map((g) => ({
      id: g.id,
      name: g.name,
      level1: percentText(g.rates.level1),
      level2: percentText(g.rates.level2),
      metric: g.upgrade.metric,
      threshold:
        g.upgrade.metric === 'recruits' ? String(g.upgrade.threshold) : yuanText(g.upgrade.threshold),
    })),
    admins: [...s.admins],
    banners: (s.banners ?? []).map((b, i) => ({
      key: `b${i}`,
      image: b.image,
      productId: b.productId ?? '',
    })),
    wechatShipping: s.wechatShipping.enabled,
    notices: NOTICE_EVENTS.map(({ event }) => ({
      event,
      templateId: s.notices[event]?.templateId ?? '',
      keys: { ...(s.notices[event]?.keys ?? {}) },
      keysText: Object.entries(s.notices[event]?.keys ?? {})
        .map(([field, keyword]) => `${field}→${keyword}`)
        .join('、'),
    })),
    trackingProvider: s.tracking.provider,
    codeEnvVersion: s.share.codeEnvVersion,
    keepHours: String(s.exports.keepHours),
  };
}

/** A new grade's id: g1, g2… past the highest one in use (ids are stored on distributors, never reused). */
export function nextGradeId(grades: { id: string }[]): string {
  const used = grades
    .map((g) => /^g(\d+)$/.exec(g.id)?.[1])
    .filter(Boolean)
    .map(Number);
  return `g${Math.max(0, ...used) + 1}`;
}

/** A new grade row, with its id already chosen so the list can key its rows by id. */
export function emptyGrade(grades: { id: string }[]): GradeForm {
  return { id: nextGradeId(grades), name: '', level1: '', level2: '0', metric: 'sales', threshold: '' };
}

const OPENID = /^[\w-]{1,64}$/;

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

export interface FormResult {
  /** Field → what is wrong, in words; the keys are the form's field names (grades.0.level1…). */
  errors: Record<string, string>;
  /** The whole settings as the form says (only when there are no errors). */
  patch: SettingsPatch | null;
}

export function settingsFromForm(form: SettingsForm): FormResult {
  const errors: Record<string, string> = {};
  const percent = (field: string, text: string) => {
    const bp = parsePercent(text);
    if (bp === null) errors[field] = '请输入 0 到 100 之间的百分比，最多两位小数';
    return bp ?? 0;
  };
  const yuan = (field: string, text: string) => {
    const fen = parseYuan(text);
    if (fen === null) errors[field] = '请输入金额（元），最多两位小数';
    return fen ?? 0;
  };
  const days = (field: string, text: string, min: number, max: number, unit = '天') => {
    const n = wholeNumber(text, min, max);
    if (n === null) errors[field] = `请输入 ${min} 到 ${max} 之间的整数（${unit}）`;
    return n ?? 0;
  };
  const limited = (field: string, text: string, max: number, required: boolean) => {
    const trimmed = text.trim();
    if (required && !trimmed) errors[field] = '不能为空';
    else if (trimmed.length > max) errors[field] = `最多 ${max} 个字`;
    return trimmed;
  };

  const shopName = limited('shopName', form.shopName, 30, true);
  const levels = form.levels === '1' ? 1 : 2;
  const level1 = percent('level1', form.level1);
  const level2 = levels === 1 ? 0 : percent('level2', form.level2);
  const capBp = percent('cap', form.cap);
  const joinThreshold = form.joinMode === 'threshold' ? yuan('joinThreshold', form.joinThreshold) : undefined;
  const validityDays =
    form.bindingMode === 'validity' ? days('validityDays', form.validityDays, 1, 3650) : undefined;
  const afterSaleDays = days('afterSaleDays', form.afterSaleDays, 0, 365);
  const autoCompleteDays = days('autoCompleteDays', form.autoCompleteDays, 0, 365);
  const unpaidCloseMinutes = days('unpaidCloseMinutes', form.unpaidCloseMinutes, 1, 7 * 24 * 60, '分钟');
  const minAmount = yuan('withdrawMin', form.withdrawMin);
  const feeBp = percent('withdrawFee', form.withdrawFee);
  const feeFen = yuan('shippingFee', form.shippingFee);
  const freeOverFen = yuan('freeOver', form.freeOver);
  const postType = limited('postType', form.postType, 32, form.payoutMode === 'transfer');
  const rewardDescription = limited(
    'rewardDescription',
    form.rewardDescription,
    32,
    form.payoutMode === 'transfer',
  );
  const remark = limited('remark', form.remark, 32, false);
  const subMchId = form.subMchId.trim();
  if (subMchId && !/^\d{8,32}$/.test(subMchId)) errors.subMchId = '微信支付商户号为 8 位以上数字';

  const taken = form.grades.map((g) => ({ id: g.id }));
  const grades: Grade[] = form.grades.map((g, i) => {
    const at = (field: string) => `grades.${i}.${field}`;
    const name = limited(at('name'), g.name, 20, true);
    const threshold =
      g.metric === 'recruits'
        ? (wholeNumber(g.threshold, 0, 1_000_000_000) ??
          ((errors[at('threshold')] = '请输入人数（整数）'), 0))
        : yuan(at('threshold'), g.threshold);
    let id = g.id;
    if (!id) {
      id = nextGradeId(taken);
      taken.push({ id });
    }
    return {
      id,
      name,
      rates: {
        level1: percent(at('level1'), g.level1),
        level2: levels === 1 ? 0 : percent(at('level2'), g.level2),
      },
      upgrade: { metric: g.metric, threshold },
    };
  });
  if (grades.length > 10) errors.grades = '最多设置 10 个等级';

  const admins = form.admins.map((a) => a.trim()).filter(Boolean);
  if (admins.length === 0) errors.admins = '至少保留一位管理员';
  admins.forEach((a, i) => {
    if (!OPENID.test(a)) errors[`admins.${i}`] = '不是有效的 openid';
  });

  if (form.banners.length > MAX_BANNERS) errors.banners = `最多 ${MAX_BANNERS} 张横幅`;
  const banners = form.banners.map((b, i) => {
    const image = b.image.trim();
    if (!image) errors[`banners.${i}.image`] = '请填写图片地址或上传图片';
    else if (image.length > 500 || !BANNER_IMAGE.test(image))
      errors[`banners.${i}.image`] = '图片地址须以 https:// 或 cloud:// 开头';
    return b.productId ? { image, productId: b.productId } : { image };
  });

  const notices: Partial<Record<NoticeEvent, { templateId: string; keys: Record<string, string> }>> = {};
  form.notices.forEach((n, i) => {
    const templateId = n.templateId.trim();
    if (!TEMPLATE_ID.test(templateId))
      errors[`notices.${i}.templateId`] = '模板ID只有字母、数字、“_”和“-”，最多 64 位';
    notices[n.event] = { templateId, keys: { ...n.keys } };
  });
  const keepHours = days('keepHours', form.keepHours, 1, MAX_KEEP_HOURS, '小时');

  if (Object.keys(errors).length > 0) return { errors, patch: null };
  return {
    errors,
    patch: {
      shopName,
      levels,
      rates: { level1, level2 },
      capBp,
      selfPurchase: form.selfPurchase,
      joinMode: form.joinMode,
      ...(joinThreshold !== undefined ? { joinThreshold } : {}),
      binding: {
        mode: form.bindingMode,
        newUsersOnly: form.newUsersOnly,
        ...(validityDays !== undefined ? { validityDays } : {}),
      },
      afterSaleDays,
      autoCompleteDays,
      unpaidCloseMinutes,
      withdrawal: { minAmount, feeBp },
      shipping: { feeFen, freeOverFen },
      payout: { mode: form.payoutMode, postType, rewardDescription, remark },
      payment: { subMchId },
      grades,
      admins,
      banners,
      wechatShipping: { enabled: form.wechatShipping },
      notices,
      tracking: { provider: form.trackingProvider },
      share: { codeEnvVersion: form.codeEnvVersion },
      exports: { keepHours },
    },
  };
}
