// The documents that move money besides orders: commission entries (the ledger), refunds and
// withdrawals. One home for their shapes, shared by the use cases and the contracts.
import type { Level } from './commission';
import type { TransferState } from './transfer';

export type CommissionStatus = 'pending' | 'settled' | 'reversed';

export interface CommissionEntry {
  _id: string;
  orderId: string;
  level: Level;
  beneficiaryId: string;
  buyerId: string;
  /** The commission base (paid goods amount of the order) in fen. */
  base: number;
  rate: number;
  amount: number;
  /** How much of `amount` refunds took back, in total. */
  reversedAmount: number;
  /** How much of `base` has been refunded, in total. */
  refundedBase?: number;
  status: CommissionStatus;
  /** When the after-sale window closes; null until the order completes. */
  maturesAt: Date | null;
  /** The settlement batch that claimed this entry ("<userId>:<seq>"). */
  settleBatch: string | null;
  /** True while a refund request on the order is open: such an entry does not settle. */
  onHold: boolean;
  reversals?: { refundId: string; amount: number; afterSettlement: boolean; at: Date }[];
  createdAt: Date;
  updatedAt: Date;
  settledAt?: Date;
}

export type RefundStatus = 'requested' | 'processing' | 'refunded' | 'rejected' | 'failed';

export interface Refund {
  _id: string;
  orderId: string;
  buyerId: string;
  amount: number;
  reason: string;
  status: RefundStatus;
  rejectReason?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type WithdrawalStatus = 'requested' | 'approved' | 'paid' | 'rejected' | 'failed';

/** What a withdrawal records of its 商家转账 bill. */
export interface WithdrawalTransfer {
  /** The bill's state, or ERROR when creating it failed (retried when the distributor opens the page). */
  state: TransferState | 'ERROR';
  transferBillNo?: string;
  packageInfo?: string;
  error?: string;
  failReason?: string;
  updatedAt: Date;
}

export interface Withdrawal {
  _id: string;
  userId: string;
  amount: number;
  fee: number;
  /** What the distributor receives: amount − fee. */
  payout: number;
  status: WithdrawalStatus;
  clientRequestId?: string;
  reference?: string;
  reason?: string;
  transfer?: WithdrawalTransfer;
  createdAt: Date;
  updatedAt: Date;
}
