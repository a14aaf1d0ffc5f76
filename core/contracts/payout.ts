// Contracts of payouts by merchant transfer (商家转账): the wallet action the confirm page calls, and the
// exact object that page hands to wx.requestMerchantTransfer (shared with miniprogram/services).
import * as z from 'zod/mini';
import { docId } from './common';

export const payoutContracts = {
  /** `wallet.transferInfo`: what the distributor's page needs to confirm receipt of an approved withdrawal. */
  transferInfo: z.object({ withdrawalId: docId() }),
};

export type TransferInfoInput = z.infer<(typeof payoutContracts)['transferInfo']>;

/** `wallet.transferInfo`'s answer. */
export interface TransferInfo {
  withdrawalId: string;
  /** Fen the distributor receives (amount − fee). */
  payout: number;
  /** The transfer bill's state; only WAIT_USER_CONFIRM can be confirmed. */
  state: string;
  mchId: string;
  appId: string;
  /** The bill's package_info: wx.requestMerchantTransfer's `package`. */
  package: string;
}

/** The parameters of wx.requestMerchantTransfer (base library 3.3.0+), taken as they are from transferInfo. */
export interface MerchantTransferParams {
  mchId: string;
  appId: string;
  package: string;
}

export function merchantTransferParams(info: TransferInfo): MerchantTransferParams {
  return { mchId: info.mchId, appId: info.appId, package: info.package };
}
