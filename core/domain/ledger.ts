// The documents that move money besides orders — commission entries, refunds, withdrawals — and the
// ledger rows every money change writes: one home for their shapes and their status machines, shared by
// the use cases and the contracts.
import type { Balances, MovementKind } from './account';
import type { CommissionBasis, Level } from './commission';
import { stateMachine } from './machine';
import type { TransferState } from './transfer';

export type CommissionStatus = 'pending' | 'settled' | 'reversed';

/** A commission entry waits out the after-sale window, then settles; refunds may reverse it at any time. */
export const commissionMachine = stateMachine<CommissionStatus>(
  '佣金',
  { pending: ['settled', 'reversed'], settled: ['reversed'], reversed: [] },
  { pending: '待结算', settled: '已结算', reversed: '已退回' },
);

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
  /** Rates, fixed amounts per unit, or both: what explains `amount` (entries written before 0.3.0: rates). */
  basis?: CommissionBasis;
  /** How much of `amount` refunds took back, in total: the sum of its `reversed` ledger rows, kept here for reading. */
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
  createdAt: Date;
  updatedAt: Date;
  settledAt?: Date;
}

export type RefundStatus = 'requested' | 'processing' | 'refunded' | 'rejected' | 'failed';

/**
 * A buyer's request waits for the merchant (requested), who approves it (processing: WeChat Pay was asked)
 * or rejects it; a refund the merchant or the system starts is processing at once. WeChat Pay's answer
 * ends it (refunded, or failed and then tried again); a request the provider refused at once goes back
 * to the merchant.
 */
export const refundMachine = stateMachine<RefundStatus>(
  '退款申请',
  {
    requested: ['processing', 'rejected'],
    processing: ['refunded', 'failed', 'requested'],
    failed: ['processing'],
    refunded: [],
    rejected: [],
  },
  {
    requested: '待商家处理',
    processing: '退款中',
    refunded: '已退款',
    rejected: '已拒绝',
    failed: '退款失败',
  },
);

/** Who started a refund: the buyer's after-sale request, the merchant, or the shop itself (a payment that arrived for a closed order). */
export type RefundOrigin = 'buyer' | 'merchant' | 'late_payment';

export interface Refund {
  _id: string;
  orderId: string;
  buyerId: string;
  /** Fen refunded (or to be): the buyer's request, or less when the merchant approved less. */
  amount: number;
  /** Fen the buyer asked for, when the merchant approved less. */
  requestedAmount?: number;
  origin: RefundOrigin;
  reason: string;
  status: RefundStatus;
  rejectReason?: string;
  reviewedBy?: string;
  /** When WeChat Pay accepted the request to refund (its result comes later). */
  requestedAt?: Date;
  refundedAt?: Date;
  /** Once refunded: how much of it was goods (refunds take goods first, then shipping). */
  goods?: number;
  createdAt: Date;
  updatedAt: Date;
}

export type WithdrawalStatus = 'requested' | 'approved' | 'paid' | 'rejected' | 'failed';

/** Requested → approved → paid, or rejected (before payment) / failed (payment did not arrive): money returns. */
export const withdrawalMachine = stateMachine<WithdrawalStatus>(
  '提现申请',
  {
    requested: ['approved', 'rejected'],
    approved: ['paid', 'failed', 'rejected'],
    paid: [],
    rejected: [],
    failed: [],
  },
  { requested: '待审核', approved: '待打款', paid: '已打款', rejected: '已驳回', failed: '打款失败' },
);

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

/**
 * One row of the ledger of corrections (collection `ledger`): a money movement of one distributor, never
 * edited. Its `_id` is deterministic (`<entry>:earned`, `<entry>:<refund>`, `<batch>:settled`,
 * `<withdrawal>:paid`…), so a replayed event finds its row instead of writing a second.
 */
export interface LedgerRow {
  _id: string;
  userId: string;
  kind: MovementKind;
  /** Fen moved, never negative. */
  amount: number;
  /** The signed change to each balance. */
  delta: Balances;
  /** When it happened: analytics date a movement by this. */
  at: Date;
  /** Commission rows: the order, its buyer, the level and the entry. */
  orderId?: string;
  /** Commission rows: the base earned on (earned), or the part of it refunds took back (reversed). */
  base?: number;
  buyerId?: string;
  level?: Level;
  entryId?: string;
  /** A reversal: the refund that caused it, and whether the entry had settled already. */
  refundId?: string;
  afterSettlement?: boolean;
  /** A settlement: its batch ("<userId>:<seq>") and how many entries it settled. */
  batch?: string;
  entries?: number;
  withdrawalId?: string;
}
