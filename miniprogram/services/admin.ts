// admin: the merchant's actions (the caller must be an admin); typed here so merchant pages and tests share them.
import { call } from './client';
import type { Order, Page, Product, PublicSettings, User, Withdrawal } from './types';

export type Settings = PublicSettings & Record<string, unknown>;

export const getSettings = () => call<Settings>('admin', 'settings.get');
export const updateSettings = (settings: Record<string, unknown>) =>
  call<Settings>('admin', 'settings.update', { settings });
export const listProducts = (cursor?: string | null) =>
  call<Page<Product>>('admin', 'products.list', cursor ? { cursor } : {});
export const upsertProduct = (product: Partial<Product>) =>
  call<{ product: Product }>('admin', 'products.upsert', { product });
export const removeProduct = (productId: string) => call<unknown>('admin', 'products.remove', { productId });
export const listDistributors = (status?: string) =>
  call<Page<User>>('admin', 'distributors.list', status ? { status } : {});
export const reviewDistributor = (userId: string, approve: boolean, reason?: string) =>
  call<unknown>('admin', 'distributors.review', reason ? { userId, approve, reason } : { userId, approve });
export const freezeDistributor = (userId: string, frozen: boolean) =>
  call<unknown>('admin', 'distributors.freeze', { userId, frozen });
export const rebindDistributor = (userId: string, inviterId: string | null) =>
  call<unknown>('admin', 'distributors.rebind', { userId, inviterId });
export const listOrders = (cursor?: string | null) =>
  call<Page<Order>>('admin', 'orders.list', cursor ? { cursor } : {});
export const shipOrder = (orderId: string, carrier: string, trackingNo: string) =>
  call<{ order: Order }>('admin', 'orders.ship', { orderId, carrier, trackingNo });
export const listRefunds = () => call<Page<unknown>>('admin', 'refunds.list');
export const reviewRefund = (refundId: string, approve: boolean) =>
  call<unknown>('admin', 'refunds.review', { refundId, approve });
export const listWithdrawals = () => call<Page<Withdrawal>>('admin', 'withdrawals.list');
export const reviewWithdrawal = (withdrawalId: string, approve: boolean) =>
  call<unknown>('admin', 'withdrawals.review', { withdrawalId, approve });
export const markWithdrawalPaid = (withdrawalId: string, reference: string) =>
  call<unknown>('admin', 'withdrawals.markPaid', { withdrawalId, reference });
export const statsOverview = (from: string, to: string) =>
  call<Record<string, unknown>>('admin', 'stats.overview', { from, to });
