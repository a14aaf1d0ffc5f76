// wallet: a distributor's balances, ledger and withdrawals.
import { payoutContracts } from '../../../core/contracts/payout';
import { walletContracts as c } from '../../../core/contracts/wallet';
import { action, defineFunction } from '../../../core/handler';
import { transferInfo } from '../../../core/usecases/payout/transfer';
import { reconcile } from '../../../core/usecases/wallet/reconcile';
import { ledger, summary, withdraw, withdrawals } from '../../../core/usecases/wallet/wallet';

export const main = defineFunction({
  summary: action(c.summary, (_input, ctx) => summary(ctx)),
  ledger: action(c.ledger, ledger),
  withdraw: action(c.withdraw, withdraw),
  withdrawals: action(c.withdrawals, withdrawals),
  reconcile: action(c.reconcile, (_input, ctx) => reconcile(ctx.openid)),
  transferInfo: action(payoutContracts.transferInfo, transferInfo),
});
