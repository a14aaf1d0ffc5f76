// Input contracts of the `wallet` function's actions (shared with miniprogram/services).
import * as z from 'zod/mini';
import { clientRequestId, cursor, positiveFen } from './common';

export const walletContracts = {
  summary: z.object({}),
  ledger: z.object({ cursor: cursor() }),
  withdraw: z.object({ amount: positiveFen(), clientRequestId: clientRequestId() }),
  withdrawals: z.object({ cursor: cursor() }),
  reconcile: z.object({}),
};
