// The shop's rules (one `settings` document): their defaults, deep-merge of a partial update, and
// the cross-field checks that refuse contradictions. Field shapes are checked by the contract schema.

export type JoinMode = 'everyone' | 'apply' | 'threshold';
export type BindingMode = 'permanent' | 'validity' | 'overwrite';
export type PaymentProvider = 'cloudPay' | 'wechatpay-v3';
export type PayoutMode = 'manual' | 'transfer';
export type UpgradeMetric = 'sales' | 'recruits' | 'commission';

export interface LevelRates {
  /** Basis points of the commission base paid to the level-1 (direct) distributor. */
  level1: number;
  /** Basis points paid to the level-1 distributor's own inviter; must be 0 in one-level mode. */
  level2: number;
}

export interface Grade {
  /** Stable key stored on the distributor (`distributor.grade`). */
  id: string;
  name: string;
  rates: LevelRates;
  /** Reached when the distributor's metric is at least `threshold` (fen for sales/commission). */
  upgrade: { metric: UpgradeMetric; threshold: number };
}

export interface Settings {
  shopName: string;
  levels: 1 | 2;
  rates: LevelRates;
  joinMode: JoinMode;
  /** Paid spending (fen) that makes a shopper a distributor in `threshold` mode. */
  joinThreshold: number;
  binding: { mode: BindingMode; validityDays: number; newUsersOnly: boolean };
  /** Whether a distributor earns level-1 commission on their own purchases. */
  selfPurchase: boolean;
  /** Total commission of an order never exceeds this share of its commission base. */
  capBp: number;
  /** Commission settles this many days after the order completes (the after-sale window). */
  afterSaleDays: number;
  /** Shipped orders complete by themselves after this many days. */
  autoCompleteDays: number;
  /** Unpaid orders close (stock restored) after this many minutes. */
  unpaidCloseMinutes: number;
  withdrawal: { minAmount: number; feeBp: number };
  /** Ordered from lowest to highest; a distributor without a grade earns `rates`. */
  grades: Grade[];
  shipping: { feeFen: number; freeOverFen: number };
  /**
   * `notifyUrl`: the HTTPS address of the payNotifyV3 function's HTTP access (wechatpay-v3 only); empty
   * uses the WECHATPAY_NOTIFY_URL environment variable. Merchant keys are never here (docs/WECHATPAY.md).
   */
  payment: { provider: PaymentProvider; subMchId: string; notifyUrl: string };
  /**
   * How approved withdrawals are paid: by the merchant outside the shop (`manual`), or by WeChat Pay's
   * merchant transfer (`transfer`, 商家转账 scene 1005 佣金报酬, the distributor confirms receipt).
   */
  payout: { mode: PayoutMode; postType: string; rewardDescription: string; remark: string };
  /** Openids of the merchant's administrators. */
  admins: string[];
  /** Pictures on top of the shop's home page, each optionally opening a product. */
  banners: { image: string; productId?: string }[];
  /**
   * WeChat's 发货信息管理 (accounts under 交易结算管理): each shipment is uploaded to WeChat, and the buyer
   * confirms receipt in WeChat's own component, which the server checks before completing the order.
   */
  wechatShipping: { enabled: boolean };
  /** 订阅消息: the merchant's one-time template per event, and which keyword of it holds each field. */
  notices: Record<NoticeEvent, NoticeTemplate>;
  /** Where parcel routes come from: 物流助手 (waybills made through it; the local cloud plays any), 快递100, or none. */
  tracking: { provider: 'logistics' | 'kuaidi100' | 'none' };
  /** The mini-program version a poster's code opens: release once published; trial or develop before. */
  share: { codeEnvVersion: 'release' | 'trial' | 'develop' };
  /** Export files (names, phones, addresses) are deleted from cloud storage this many hours after writing. */
  exports: { keepHours: number };
}

export type NoticeEvent =
  | 'orderShipped'
  | 'refundResult'
  | 'applicationReviewed'
  | 'commissionCredited'
  | 'commissionSettled'
  | 'withdrawalResult'
  | 'transferConfirm';

export interface NoticeTemplate {
  /** The template id from 订阅消息 in the mini-program's admin console; '' sends nothing. */
  templateId: string;
  /** Field → the template's keyword (thing1, amount2…); fields left out use the documented defaults. */
  keys: Record<string, string>;
}

const template = (): NoticeTemplate => ({ templateId: '', keys: {} });

export const DEFAULT_SETTINGS: Settings = {
  shopName: '分销小店',
  levels: 2,
  rates: { level1: 1000, level2: 500 },
  joinMode: 'apply',
  joinThreshold: 0,
  binding: { mode: 'permanent', validityDays: 30, newUsersOnly: false },
  selfPurchase: false,
  capBp: 3000,
  afterSaleDays: 7,
  autoCompleteDays: 10,
  unpaidCloseMinutes: 30,
  withdrawal: { minAmount: 100, feeBp: 0 },
  grades: [],
  shipping: { feeFen: 0, freeOverFen: 0 },
  payment: { provider: 'cloudPay', subMchId: '', notifyUrl: '' },
  payout: { mode: 'manual', postType: '推广员', rewardDescription: '分销佣金', remark: '佣金提现' },
  admins: [],
  banners: [],
  wechatShipping: { enabled: true },
  notices: {
    orderShipped: template(),
    refundResult: template(),
    applicationReviewed: template(),
    commissionCredited: template(),
    commissionSettled: template(),
    withdrawalResult: template(),
    transferConfirm: template(),
  },
  tracking: { provider: 'logistics' },
  share: { codeEnvVersion: 'release' },
  exports: { keepHours: 24 },
};

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
export type SettingsPatch = DeepPartial<Settings>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Objects merge key by key; arrays and scalars in the patch replace what was there. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    merged[key] = deepMerge(merged[key], value);
  }
  return merged as T;
}

/** Settings as stored may predate newer fields: fill them from the defaults. */
export function withDefaults(stored: unknown): Settings {
  return deepMerge(DEFAULT_SETTINGS, stored ?? {});
}

/** Contradictions between fields, in words a merchant understands; empty when the settings are coherent. */
export function settingsProblems(settings: Settings): string[] {
  const problems: string[] = [];
  const checkRates = (rates: LevelRates, label: string) => {
    if (settings.levels === 1 && rates.level2 > 0)
      problems.push(`${label}：一级分销模式下二级佣金比例必须为 0`);
    if (rates.level1 + rates.level2 > settings.capBp) {
      problems.push(`${label}：一级与二级佣金比例之和超过了佣金总额上限 ${settings.capBp / 100}%`);
    }
  };
  checkRates(settings.rates, '默认佣金');
  const ids = new Set<string>();
  settings.grades.forEach((grade, index) => {
    if (ids.has(grade.id)) problems.push(`等级 ${grade.name}：等级编号 ${grade.id} 重复`);
    ids.add(grade.id);
    checkRates(grade.rates, `等级 ${grade.name}`);
    const previous = settings.grades[index - 1];
    if (
      previous &&
      previous.upgrade.metric === grade.upgrade.metric &&
      previous.upgrade.threshold >= grade.upgrade.threshold
    ) {
      problems.push(`等级 ${grade.name}：升级门槛必须高于上一个等级`);
    }
  });
  if (settings.withdrawal.feeBp >= 10_000) problems.push('提现手续费比例必须低于 100%');
  if (settings.joinMode === 'threshold' && settings.joinThreshold <= 0) {
    problems.push('消费门槛模式下，成为分销员的消费金额必须大于 0');
  }
  if (settings.binding.mode === 'validity' && settings.binding.validityDays < 1) {
    problems.push('有效期绑定模式下，有效天数至少为 1 天');
  }
  if (settings.payment.notifyUrl && !/^https:\/\/[^?#\s]+$/.test(settings.payment.notifyUrl)) {
    problems.push('支付结果通知地址必须是 https:// 开头、不带参数的网址');
  }
  if (
    settings.payout.mode === 'transfer' &&
    (!settings.payout.postType || !settings.payout.rewardDescription)
  ) {
    problems.push('商家转账提现需要填写岗位类型和报酬说明（佣金报酬场景的报备信息）');
  }
  if (new Set(settings.admins).size !== settings.admins.length) problems.push('管理员列表有重复');
  return problems;
}

/** Which rates a distributor of `gradeId` earns: the grade's, or the shop's defaults. */
export function ratesForGrade(settings: Settings, gradeId: string | undefined): LevelRates {
  const grade = gradeId ? settings.grades.find((g) => g.id === gradeId) : undefined;
  return grade ? grade.rates : settings.rates;
}

/** The highest grade whose upgrade threshold the distributor's metrics reach (grades only go up). */
export function gradeFor(
  settings: Settings,
  metrics: Record<UpgradeMetric, number>,
  currentGradeId: string | undefined,
): string | undefined {
  let reached: string | undefined;
  let currentIndex = -1;
  settings.grades.forEach((grade, index) => {
    if (grade.id === currentGradeId) currentIndex = index;
    if (metrics[grade.upgrade.metric] >= grade.upgrade.threshold) reached = grade.id;
  });
  const reachedIndex = settings.grades.findIndex((g) => g.id === reached);
  return reachedIndex > currentIndex ? reached : currentGradeId;
}
