// wallet: a distributor's balances, commission ledger and withdrawals.
import { call, callCreate, confirmTransfer } from './client';

export const summary = () => call('wallet', 'summary');
export const ledger = (cursor?: string | null) => call('wallet', 'ledger', cursor ? { cursor } : {});
/** With a client request id: a double tap on 确认提现 asks for the money once. */
export const withdraw = (amount: number) => callCreate('wallet', 'withdraw', { amount });
export const withdrawals = (cursor?: string | null) =>
  call('wallet', 'withdrawals', cursor ? { cursor } : {});

/** What wx.requestMerchantTransfer needs for an approved withdrawal paid by 商家转账. */
export const transferInfo = (withdrawalId: string) => call('wallet', 'transferInfo', { withdrawalId });

/** Asks for the bill's parameters, then lets the distributor confirm receipt. */
export async function receiveTransfer(withdrawalId: string): Promise<void> {
  const info = await transferInfo(withdrawalId);
  await confirmTransfer({ mchId: info.mchId, appId: info.appId, package: info.package }, withdrawalId);
}
