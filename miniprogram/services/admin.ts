// admin: the merchant's actions (the caller must be an admin). Inputs and answers are the contract's.
import type {
  AnswerFor,
  InputFor,
  OrderStatus,
  SettingsPatch,
  TopBy,
  ExportKind,
  WithdrawalStatus,
} from './api';
import { call } from './client';

export type {
  AdminOrder,
  AdminProduct,
  AdminRefund,
  AdminUser,
  AdminWithdrawal,
  CommissionByLevel,
  CommissionCell,
  DailyRow,
  DistributorPerformance,
  ExportKind,
  Funnel,
  Grade,
  Overview,
  Settings,
  SettingsPatch,
  SettingsPreview,
  TeamMember as TeamMemberRow,
  Todo,
  TopBy,
  TopRow,
} from './api';
export type { OrderStatus };

/** A coupon template as the merchant manages it (claimed, used, the rule in words). */
export type AdminCoupon = AnswerFor<'admin', 'coupons.list'>['items'][number];
export type CouponInput = InputFor<'admin', 'coupons.upsert'>['coupon'];
export type CouponStatus = AdminCoupon['status'];
/** A shipped order's parcel route, newest step first. */
export type TrackingRoute = AnswerFor<'admin', 'orders.track'>;

const page = (cursor?: string | null) => (cursor ? { cursor } : {});

// ---- settings

export const getSettings = () => call('admin', 'settings.get');
export const updateSettings = (settings: InputFor<'admin', 'settings.update'>['settings']) =>
  call('admin', 'settings.update', { settings });
/** The preview of the saved rules, or of the saved rules with `draft` applied (nothing is written). */
export const previewSettings = (draft?: InputFor<'admin', 'settings.preview'>['settings']) =>
  call('admin', 'settings.preview', draft ? { settings: draft } : {});
export type { SettingsPatch as SettingsDraft };

// ---- products

export type ProductInput = InputFor<'admin', 'products.upsert'>['product'];

export const listProducts = (
  filter: { status?: 'on' | 'off'; category?: string } = {},
  cursor?: string | null,
) => call('admin', 'products.list', { ...filter, ...page(cursor) });
/** Every category in use with how many products it holds. */
export const productCategories = () => call('admin', 'products.categories');
export const upsertProduct = (product: ProductInput) => call('admin', 'products.upsert', { product });
/** Takes a product off sale (products are never deleted: orders point at them). */
export const removeProduct = (productId: string) => call('admin', 'products.remove', { productId });

// ---- coupons

export const listCoupons = (status?: CouponStatus, cursor?: string | null) =>
  call('admin', 'coupons.list', { ...(status ? { status } : {}), ...page(cursor) });
/** Creates a coupon (without `_id`) or changes one; coupons already claimed keep their rule. */
export const upsertCoupon = (coupon: CouponInput) => call('admin', 'coupons.upsert', { coupon });
/** Stops a coupon being claimed; the ones already claimed stay usable until they expire. */
export const disableCoupon = (couponId: string) => call('admin', 'coupons.disable', { couponId });

// ---- distributors

export const listDistributors = (
  filter: { status?: 'none' | 'pending' | 'active' | 'frozen'; q?: string } = {},
  cursor?: string | null,
) => call('admin', 'distributors.list', { ...filter, ...page(cursor) });
export const reviewDistributor = (userId: string, approve: boolean, reason?: string) =>
  call('admin', 'distributors.review', reason ? { userId, approve, reason } : { userId, approve });
export const freezeDistributor = (userId: string, frozen: boolean, reason?: string) =>
  call('admin', 'distributors.freeze', reason ? { userId, frozen, reason } : { userId, frozen });
/** `inviterId`: the new inviter's openid or invite code; null unbinds. */
export const rebindDistributor = (userId: string, inviterId: string | null) =>
  call('admin', 'distributors.rebind', { userId, inviterId });
export const distributorTeam = (userId: string, level: 1 | 2, cursor?: string | null) =>
  call('admin', 'distributors.team', { userId, level, ...page(cursor) });

// ---- orders and refunds

/** `q`: an order number, payment number (outTradeNo) or buyer openid, matched exactly. */
export const listOrders = (filter: { status?: OrderStatus; q?: string } = {}, cursor?: string | null) =>
  call('admin', 'orders.list', { ...filter, ...page(cursor) });
/** `expressCompany`: a code from expressCompanies (WeChat's express-company list). */
export const shipOrder = (orderId: string, expressCompany: string, trackingNo: string) =>
  call('admin', 'orders.ship', { orderId, expressCompany, trackingNo });
export const expressCompanies = () => call('admin', 'orders.expressCompanies');
export const trackOrder = (orderId: string) => call('admin', 'orders.track', { orderId });
export const listRefunds = (status?: InputFor<'admin', 'refunds.list'>['status'], cursor?: string | null) =>
  call('admin', 'refunds.list', { ...(status ? { status } : {}), ...page(cursor) });
/** `amount`: fen to refund when approving less than was asked (≤ the request); absent refunds what was asked. */
export const reviewRefund = (refundId: string, approve: boolean, reason?: string, amount?: number) =>
  call('admin', 'refunds.review', {
    refundId,
    approve,
    ...(reason ? { reason } : {}),
    ...(amount ? { amount } : {}),
  });
/** The merchant refunds a paid order on their own decision; `amount` absent refunds all that is left. */
export const refundOrder = (orderId: string, reason: string, amount?: number) =>
  call('admin', 'orders.refund', { orderId, reason, ...(amount ? { amount } : {}) });

// ---- withdrawals

export const listWithdrawals = (status?: WithdrawalStatus, cursor?: string | null) =>
  call('admin', 'withdrawals.list', { ...(status ? { status } : {}), ...page(cursor) });
export const reviewWithdrawal = (withdrawalId: string, approve: boolean, reason?: string) =>
  call('admin', 'withdrawals.review', reason ? { withdrawalId, approve, reason } : { withdrawalId, approve });
export const markWithdrawalPaid = (withdrawalId: string, reference: string) =>
  call('admin', 'withdrawals.markPaid', { withdrawalId, reference });
export const markWithdrawalFailed = (withdrawalId: string, reason: string) =>
  call('admin', 'withdrawals.markFailed', { withdrawalId, reason });

// ---- analytics and exports (dates are inclusive Beijing days, YYYY-MM-DD)

export const statsTodo = () => call('admin', 'stats.todo');
export const statsOverview = (from: string, to: string) => call('admin', 'stats.overview', { from, to });
export const statsDaily = (from: string, to: string) => call('admin', 'stats.daily', { from, to });
export const statsCommissionByLevel = (from: string, to: string) =>
  call('admin', 'stats.commissionByLevel', { from, to });
export const statsTopDistributors = (from: string, to: string, by: TopBy, cursor?: string | null) =>
  call('admin', 'stats.topDistributors', { from, to, by, ...page(cursor) });
export const statsFunnel = (from: string, to: string) => call('admin', 'stats.funnel', { from, to });
export const statsDistributor = (userId: string, from: string, to: string) =>
  call('admin', 'stats.distributor', { userId, from, to });
export const exportCsv = (kind: ExportKind, from: string, to: string) =>
  call('admin', 'export', { kind, from, to });
/** Writes the export's next parts while it runs, and answers its progress (or the file when done). */
export const exportStatus = (exportId: string) => call('admin', 'export.status', { exportId });
export type ExportJob = AnswerFor<'admin', 'export'>;
