// wallet: a distributor's balances, commission ledger and withdrawals.
import { call, callCreate } from './client';
import type { Account, CommissionEntry, Page, Withdrawal } from './types';

export const summary = () => call<Account>('wallet', 'summary');
export const ledger = (cursor?: string | null) =>
  call<Page<CommissionEntry>>('wallet', 'ledger', cursor ? { cursor } : {});
/** With a client request id: a double tap on 确认提现 asks for the money once. */
export const withdraw = (amount: number) =>
  callCreate<{ withdrawal: Withdrawal }>('wallet', 'withdraw', { amount });
export const withdrawals = (cursor?: string | null) =>
  call<Page<Withdrawal>>('wallet', 'withdrawals', cursor ? { cursor } : {});
