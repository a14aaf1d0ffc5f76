// The `wallet` function: a distributor's balances, commission ledger and withdrawals, and confirming a
// payout made by merchant transfer (商家转账).
import * as z from 'zod/mini';
import type { Balances } from '../domain/account';
import type { CommissionBasis, Level } from '../domain/commission';
import type { OrderStatus } from '../domain/order';
import type { CommissionStatus, WithdrawalStatus, WithdrawalTransfer } from '../domain/ledger';
import { answer, define, Page } from './contract';
import { clientRequestId, cursor, docId, input, noInput, positiveFen } from './common';

/** One commission entry (one order, one level) as its distributor sees it. */
export interface WalletEntry {
  _id: string;
  orderId: string;
  level: Level;
  /** Fen: the paid goods amount the commission was computed on. */
  base: number;
  /** Basis points (for display; fixed-amount products make it approximate). */
  rate: number;
  /** Fen credited, and how much of it refunds took back. */
  amount: number;
  reversedAmount: number;
  status: CommissionStatus;
  /** When the after-sale window closes and the entry may settle; null until the order is received. */
  maturesAt: Date | null;
  /** A refund request on the order is open: the entry waits. */
  onHold: boolean;
  createdAt: Date;
  settledAt?: Date;
  /** The buyer's nickname, masked (王**). */
  buyerNickname: string;
  /** Rates, fixed amounts per unit, or both: how `amount` was worked out. */
  basis: CommissionBasis;
  /** The order now, its number as people read it, and what was bought (「明前龙井 ×2 等 3 件」). */
  orderStatus: OrderStatus;
  orderNo: string;
  summary: string;
}

export interface WithdrawalView {
  _id: string;
  /** Fen asked for, the fee, and what is paid out (amount − fee). */
  amount: number;
  fee: number;
  payout: number;
  status: WithdrawalStatus;
  /** The merchant's payment reference once paid by hand. */
  reference?: string;
  /** Why it was rejected or failed. */
  reason?: string;
  /** The 商家转账 bill, in transfer payout mode. */
  transfer?: Pick<WithdrawalTransfer, 'state' | 'failReason'>;
  createdAt: Date;
  updatedAt: Date;
}

export interface Mismatch {
  userId: string;
  stored: Balances;
  expected: Balances;
}

/** A commission entry whose net (amount − reversedAmount) is not what its ledger rows add up to. */
export interface EntryMismatch {
  entryId: string;
  stored: number;
  expected: number;
}

export interface ReconcileReport {
  /** Accounts checked against the sum of their ledger rows, and those that differ. */
  accounts: number;
  mismatches: Mismatch[];
  /** Commission entries checked against their earned and reversed rows, and those that differ. */
  entries: number;
  entryMismatches: EntryMismatch[];
}

/** What the confirm page hands to wx.requestMerchantTransfer for an approved withdrawal. */
export interface TransferInfo {
  withdrawalId: string;
  /** Fen the distributor receives (amount − fee). */
  payout: number;
  /** The bill's state; only WAIT_USER_CONFIRM can be confirmed. */
  state: string;
  mchId: string;
  appId: string;
  /** The bill's package_info: wx.requestMerchantTransfer's `package`. */
  package: string;
}

export const walletApi = {
  summary: define({
    input: noInput(),
    answer: answer<Balances & { settleRule: string }>(),
    access: 'user',
    summary: "The caller's balances in fen and, in words, when pending commission becomes withdrawable.",
    errors: [],
    example: {},
  }),
  ledger: define({
    input: input({ cursor: cursor() }),
    answer: answer<Page<WalletEntry>>(),
    access: 'user',
    summary: "One page of the caller's commission entries, newest first.",
    errors: [],
    example: {},
  }),
  withdraw: define({
    input: input({ amount: positiveFen(), clientRequestId: clientRequestId() }),
    answer: answer<{ withdrawal: WithdrawalView }>(),
    access: 'user',
    summary:
      'Asks to withdraw `amount` fen of available balance (minimum and fee in settings); concurrent requests cannot overdraw, and the same clientRequestId answers the same withdrawal.',
    errors: ['FAILED_PRECONDITION', 'PERMISSION_DENIED'],
    example: { amount: 5000, clientRequestId: 'r1a2b3c4-d5e6f7g8h9' },
  }),
  withdrawals: define({
    input: input({ cursor: cursor() }),
    answer: answer<Page<WithdrawalView>>(),
    access: 'user',
    summary: "One page of the caller's withdrawals, newest first.",
    errors: [],
    example: {},
  }),
  reconcile: define({
    input: noInput(),
    answer: answer<ReconcileReport>(),
    access: 'user',
    summary:
      "Checks the caller's balances against the sum of their ledger rows (and each commission entry against its rows); no mismatch means the books balance.",
    errors: [],
    example: {},
  }),
  transferInfo: define({
    input: input({ withdrawalId: docId() }),
    answer: answer<TransferInfo>(),
    access: 'user',
    summary:
      "For the caller's approved withdrawal paid by 商家转账: the parameters of wx.requestMerchantTransfer (the bill is made again if making it failed).",
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { withdrawalId: 'W3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
};

export type TransferInfoInput = z.output<typeof walletApi.transferInfo.input>;
