// wallet: a distributor's balances, commission ledger and withdrawals.
import { call, callCreate, confirmTransfer } from './client';
import type { Account, CommissionEntry, Page, Withdrawal } from './types';

export const summary = () => call<Account>('wallet', 'summary');
export const ledger = (cursor?: string | null) =>
  call<Page<CommissionEntry>>('wallet', 'ledger', cursor ? { cursor } : {});
/** With a client request id: a double tap on 确认提现 asks for the money once. */
export const withdraw = (amount: number) =>
  callCreate<{ withdrawal: Withdrawal }>('wallet', 'withdraw', { amount });
export const withdrawals = (cursor?: string | null) =>
  call<Page<Withdrawal>>('wallet', 'withdrawals', cursor ? { cursor } : {});

/** What wx.requestMerchantTransfer needs for an approved withdrawal paid by 商家转账. */
export const transferInfo = (withdrawalId: string) =>
  call<{
    withdrawalId: string;
    payout: number;
    state: string;
    mchId: string;
    appId: string;
    package: string;
  }>('wallet', 'transferInfo', { withdrawalId });

/** Asks for the bill's parameters, then lets the distributor confirm receipt. */
export async function receiveTransfer(withdrawalId: string): Promise<void> {
  const info = await transferInfo(withdrawalId);
  await confirmTransfer({ mchId: info.mchId, appId: info.appId, package: info.package }, withdrawalId);
}
