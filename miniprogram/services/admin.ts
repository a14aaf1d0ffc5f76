// admin: the merchant's actions (the caller must be an admin); typed here so merchant pages and tests share them.
import { call } from './client';
import type { Order, Page, Product, Rates, User, Withdrawal } from './types';

// ---- settings

export interface Grade {
  id: string;
  name: string;
  rates: Rates;
  upgrade: { metric: 'sales' | 'recruits' | 'commission'; threshold: number };
}

/** The whole settings document as settings.get answers it (core/domain/settings.ts). */
export interface Settings {
  shopName: string;
  levels: 1 | 2;
  rates: Rates;
  joinMode: 'everyone' | 'apply' | 'threshold';
  joinThreshold: number;
  binding: { mode: 'permanent' | 'validity' | 'overwrite'; validityDays: number; newUsersOnly: boolean };
  selfPurchase: boolean;
  capBp: number;
  afterSaleDays: number;
  autoCompleteDays: number;
  unpaidCloseMinutes: number;
  withdrawal: { minAmount: number; feeBp: number };
  grades: Grade[];
  shipping: { feeFen: number; freeOverFen: number };
  payment: { provider: 'cloudPay' | 'wechatpay-v3'; subMchId: string; notifyUrl: string };
  payout: { mode: 'manual' | 'transfer'; postType: string; rewardDescription: string; remark: string };
  admins: string[];
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};
export type SettingsPatch = DeepPartial<Settings>;

/** What a 100 yuan order pays each level, in fen and in plain words; `problems` when the draft contradicts itself. */
export interface SettingsPreview {
  level1: number;
  level2: number;
  text: string[];
  problems: string[];
}

export const getSettings = () => call<{ settings: Settings }>('admin', 'settings.get');
export const updateSettings = (settings: SettingsPatch) =>
  call<{ settings: Settings }>('admin', 'settings.update', { settings });
/** The preview of the saved rules, or of the saved rules with `draft` applied (nothing is written). */
export const previewSettings = (draft?: SettingsPatch) =>
  call<SettingsPreview>('admin', 'settings.preview', draft ? { settings: draft } : {});

// ---- products

export type ProductInput = Omit<Product, '_id'> & { _id?: string; sort?: number };

export const listProducts = (
  filter: { status?: 'on' | 'off'; category?: string } = {},
  cursor?: string | null,
) => call<Page<Product>>('admin', 'products.list', { ...filter, ...(cursor ? { cursor } : {}) });
/** Every category in use with how many products it holds. */
export const productCategories = () =>
  call<{ items: { category: string; products: number }[] }>('admin', 'products.categories');
export const upsertProduct = (product: ProductInput) =>
  call<{ product: Product }>('admin', 'products.upsert', { product });
/** Takes a product off sale (products are never deleted: orders point at them). */
export const removeProduct = (productId: string) =>
  call<{ productId: string; status: 'off' }>('admin', 'products.remove', { productId });

// ---- distributors

/** A user as the merchant sees them (distributors.*). */
export interface AdminUser extends User {
  createdAt?: string;
  paidSpendFen?: number;
  inviteeCount?: number;
  distributor: User['distributor'] & { appliedAt?: string | null };
}

export interface TeamMemberRow {
  userId: string;
  nickname: string;
  avatarUrl?: string;
  joinedAt?: string;
  isDistributor: boolean;
  viaUserId?: string;
  orderCount: number;
  /** Net commission (fen) this member's orders earned the distributor at this level. */
  commission: number;
}

export const listDistributors = (
  filter: { status?: 'none' | 'pending' | 'active' | 'frozen'; q?: string } = {},
  cursor?: string | null,
) => call<Page<AdminUser>>('admin', 'distributors.list', { ...filter, ...(cursor ? { cursor } : {}) });
export const reviewDistributor = (userId: string, approve: boolean, reason?: string) =>
  call<{ user: AdminUser }>(
    'admin',
    'distributors.review',
    reason ? { userId, approve, reason } : { userId, approve },
  );
export const freezeDistributor = (userId: string, frozen: boolean, reason?: string) =>
  call<{ user: AdminUser }>(
    'admin',
    'distributors.freeze',
    reason ? { userId, frozen, reason } : { userId, frozen },
  );
/** `inviter`: the new inviter's openid or invite code; null unbinds. */
export const rebindDistributor = (userId: string, inviterId: string | null) =>
  call<{ user: AdminUser }>('admin', 'distributors.rebind', { userId, inviterId });
export const distributorTeam = (userId: string, level: 1 | 2, cursor?: string | null) =>
  call<Page<TeamMemberRow>>('admin', 'distributors.team', { userId, level, ...(cursor ? { cursor } : {}) });

// ---- orders and refunds

export type OrderStatus = Order['status'];
export interface AdminOrder extends Order {
  buyerNickname?: string;
  shippingInfo?: { carrier: string; trackingNo: string; shippedAt?: string };
}

export interface Refund {
  _id: string;
  orderId: string;
  buyerId: string;
  buyerNickname?: string;
  amount: number;
  reason: string;
  status: 'requested' | 'processing' | 'refunded' | 'rejected' | 'failed';
  rejectReason?: string;
  createdAt?: string;
}

/** `q`: an order number, payment number (outTradeNo) or buyer openid, matched exactly. */
export const listOrders = (filter: { status?: OrderStatus; q?: string } = {}, cursor?: string | null) =>
  call<Page<AdminOrder>>('admin', 'orders.list', { ...filter, ...(cursor ? { cursor } : {}) });
export const shipOrder = (orderId: string, carrier: string, trackingNo: string) =>
  call<{ order: AdminOrder }>('admin', 'orders.ship', { orderId, carrier, trackingNo });
export const listRefunds = (status?: Refund['status'], cursor?: string | null) =>
  call<Page<Refund>>('admin', 'refunds.list', {
    ...(status ? { status } : {}),
    ...(cursor ? { cursor } : {}),
  });
export const reviewRefund = (refundId: string, approve: boolean, reason?: string) =>
  call<{ refund: Refund }>(
    'admin',
    'refunds.review',
    reason ? { refundId, approve, reason } : { refundId, approve },
  );

// ---- withdrawals

export interface AdminWithdrawal extends Withdrawal {
  nickname?: string;
  payout?: number;
  reference?: string;
}

export const listWithdrawals = (status?: Withdrawal['status'], cursor?: string | null) =>
  call<Page<AdminWithdrawal>>('admin', 'withdrawals.list', {
    ...(status ? { status } : {}),
    ...(cursor ? { cursor } : {}),
  });
export const reviewWithdrawal = (withdrawalId: string, approve: boolean, reason?: string) =>
  call<{ withdrawal: AdminWithdrawal }>(
    'admin',
    'withdrawals.review',
    reason ? { withdrawalId, approve, reason } : { withdrawalId, approve },
  );
export const markWithdrawalPaid = (withdrawalId: string, reference: string) =>
  call<{ withdrawal: AdminWithdrawal }>('admin', 'withdrawals.markPaid', { withdrawalId, reference });
export const markWithdrawalFailed = (withdrawalId: string, reason: string) =>
  call<{ withdrawal: AdminWithdrawal }>('admin', 'withdrawals.markFailed', { withdrawalId, reason });

// ---- analytics and exports (dates are inclusive Beijing days, YYYY-MM-DD)

export interface Overview {
  from: string;
  to: string;
  sales: number;
  grossSales: number;
  orders: number;
  refunds: number;
  averageOrder: number;
  commission: { pending: number; settled: number; reversed: number };
  distributors: { total: number; active: number; new: number; frozen: number };
  daily: { date: string; sales: number; orders: number }[];
  topDistributors: {
    userId: string;
    nickname: string;
    sales: number;
    commission: number;
    recruits: number;
  }[];
}

export interface DailyRow {
  date: string;
  orders: number;
  sales: number;
  grossSales: number;
  refunds: number;
  averageOrder: number;
}

export interface CommissionCell {
  entries: number;
  /** Before refunds; gross = pending + settled + reversed. */
  gross: number;
  net: number;
  pending: number;
  settled: number;
  reversed: number;
}
export interface CommissionByLevel {
  from: string;
  to: string;
  level1: CommissionCell;
  level2: CommissionCell;
  total: CommissionCell;
}

export interface TopRow {
  rank: number;
  userId: string;
  nickname: string;
  sales: number;
  commission: number;
  orders: number;
  recruits: number;
}

export interface Funnel {
  from: string;
  to: string;
  newUsers: number;
  invited: number;
  bought: number;
  distributors: number;
  /** Basis points of `invited`. */
  rates: { bought: number; distributors: number };
}

export interface DistributorPerformance {
  from: string;
  to: string;
  user: {
    userId: string;
    nickname: string;
    avatarUrl?: string;
    inviterId: string | null;
    inviteeCount?: number;
    distributor: {
      status: string;
      code?: string | null;
      grade: string | null;
      gradeName?: string | null;
      joinedAt: string | null;
    };
  };
  total: { sales: number; commission: number; orders: number; recruits: number };
  items: { date: string; sales: number; commission: number; orders: number; recruits: number }[];
}

export type ExportKind = 'orders' | 'commissions' | 'distributors' | 'withdrawals';
export type TopBy = 'sales' | 'commission' | 'recruits';

export interface Todo {
  /** Distributor applications waiting for review. */
  applications: number;
  /** Paid orders not shipped yet. */
  toShip: number;
  refunds: number;
  /** Withdrawals waiting for review, and approved ones waiting to be paid. */
  withdrawals: number;
  toPay: number;
}

export const statsTodo = () => call<Todo>('admin', 'stats.todo');
export const statsOverview = (from: string, to: string) =>
  call<Overview>('admin', 'stats.overview', { from, to });
export const statsDaily = (from: string, to: string) =>
  call<{ from: string; to: string; items: DailyRow[]; total: Omit<DailyRow, 'date'> }>(
    'admin',
    'stats.daily',
    {
      from,
      to,
    },
  );
export const statsCommissionByLevel = (from: string, to: string) =>
  call<CommissionByLevel>('admin', 'stats.commissionByLevel', { from, to });
export const statsTopDistributors = (from: string, to: string, by: TopBy, cursor?: string | null) =>
  call<Page<TopRow> & { by: TopBy }>('admin', 'stats.topDistributors', {
    from,
    to,
    by,
    ...(cursor ? { cursor } : {}),
  });
export const statsFunnel = (from: string, to: string) => call<Funnel>('admin', 'stats.funnel', { from, to });
export const statsDistributor = (userId: string, from: string, to: string) =>
  call<DistributorPerformance>('admin', 'stats.distributor', { userId, from, to });
export const exportCsv = (kind: ExportKind, from: string, to: string) =>
  call<{ kind: ExportKind; fileID: string; tempFileURL: string; rows: number }>('admin', 'export', {
    kind,
    from,
    to,
  });
