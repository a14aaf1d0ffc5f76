// wallet: a distributor's balances, ledger and withdrawals.
import { walletApi } from '../../../core/contracts/wallet';
import { defineFunction } from '../../../core/handler';
import { transferInfo } from '../../../core/usecases/payout/transfer';
import { reconcile } from '../../../core/usecases/wallet/reconcile';
import { ledger, summary, withdraw, withdrawals } from '../../../core/usecases/wallet/wallet';

export const main = defineFunction(walletApi, {
  summary: (_input, ctx) => summary(ctx),
  ledger,
  withdraw,
  withdrawals,
  reconcile: (_input, ctx) => reconcile(ctx.openid),
  transferInfo,
});
