// The move to the ledger of corrections (0.3.0), planned without a database: from the documents kept before
// it — commission entries with their `reversals`, `settlements`, withdrawals, accounts — the rows that
// say the same history, each dated when it happened, and per account one `adjusted` row (its opening
// balance) for what the old documents cannot split (how a reversal after settlement divided between
// available and debt). After it, every account is the plain sum of its rows. Also: product commission
// rules in the shape of earlier versions are rewritten in today's (rates in bp, amounts in fen apart).
//
// Idempotent: every row id is deterministic and rows already in the ledger (written since) are counted, so
// a second run plans the same rows and an unchanged opening row.
import {
  Account,
  adjustment,
  applyDeltas,
  Balances,
  EMPTY_BALANCES,
  Movement,
  MovementKind,
  withPending,
} from '../../core/domain/account';
import { productCommissionOf } from '../../core/domain/commission';
import type { CommissionEntry, LedgerRow, Withdrawal } from '../../core/domain/ledger';

/** A commission entry as earlier versions kept it: reversals listed on the entry, amounts changed in place. */
export interface LegacyEntry extends CommissionEntry {
  reversals?: { refundId: string; amount: number; afterSettlement: boolean; at: Date }[];
}

/** A settlement batch as earlier versions kept it (collection `settlements`). */
export interface LegacySettlement {
  _id: string;
  userId: string;
  amount: number;
  entries: number;
  debtPaid?: number;
  createdAt: Date;
}

export interface LegacyState {
  entries: LegacyEntry[];
  settlements: LegacySettlement[];
  withdrawals: Withdrawal[];
  accounts: (Account & { pending?: number })[];
  products: { _id: string; commission?: unknown }[];
  /** Rows the ledger holds already (written since the new version runs, or by an earlier run). */
  ledger: LedgerRow[];
}

export interface MigrationPlan {
  rows: LedgerRow[];
  products: { _id: string; commission: ReturnType<typeof productCommissionOf> }[];
}

const at = (value: Date | string | undefined): Date => new Date(value ?? 0);

function row(
  id: string,
  kind: MovementKind,
  amount: number,
  delta: Partial<Balances>,
  facts: Omit<LedgerRow, '_id' | 'kind' | 'amount' | 'delta'>,
): LedgerRow {
  return { _id: id, kind, amount, delta: { ...EMPTY_BALANCES, ...delta }, ...facts };
}

export const OPENING = 'opening';

export function planLedgerMigration(state: LegacyState): MigrationPlan {
  const rows: LedgerRow[] = [];
  for (const entry of state.entries) {
    const facts = {
      userId: entry.beneficiaryId,
      orderId: entry.orderId,
      buyerId: entry.buyerId,
      level: entry.level,
      entryId: entry._id,
    };
    rows.push(
      row(
        `${entry._id}:earned`,
        'earned',
        entry.amount,
        { pending: entry.amount },
        {
          ...facts,
          at: at(entry.createdAt),
          base: entry.base,
        },
      ),
    );
    for (const r of entry.reversals ?? []) {
      if (r.amount <= 0) continue;
      const delta = r.afterSettlement ? { available: -r.amount } : { pending: -r.amount };
      rows.push(
        row(`${entry._id}:${r.refundId}:reversed`, 'reversed', r.amount, delta, {
          ...facts,
          at: at(r.at),
          refundId: r.refundId,
          afterSettlement: r.afterSettlement,
        }),
      );
    }
  }
  for (const s of state.settlements) {
    const facts = { userId: s.userId, at: at(s.createdAt), batch: s._id, entries: s.entries };
    rows.push(
      row(`${s._id}:settled`, 'settled', s.amount, { pending: -s.amount, available: s.amount }, facts),
    );
    if (s.debtPaid)
      rows.push(
        row(
          `${s._id}:debt_paid`,
          'debt_paid',
          s.debtPaid,
          { available: -s.debtPaid, debt: -s.debtPaid },
          facts,
        ),
      );
  }
  for (const w of state.withdrawals) {
    const facts = { userId: w.userId, withdrawalId: w._id };
    rows.push(
      row(
        `${w._id}:withdrawing`,
        'withdrawing',
        w.amount,
        { available: -w.amount, withdrawing: w.amount },
        {
          ...facts,
          at: at(w.createdAt),
        },
      ),
    );
    if (w.status === 'paid') {
      const payout = w.amount - w.fee;
      if (payout > 0)
        rows.push(
          row(
            `${w._id}:withdrawn`,
            'withdrawn',
            payout,
            { withdrawing: -payout, withdrawn: payout },
            { ...facts, at: at(w.updatedAt) },
          ),
        );
      if (w.fee > 0)
        rows.push(
          row(
            `${w._id}:fee`,
            'fee',
            w.fee,
            { withdrawing: -w.fee, withdrawn: w.fee },
            { ...facts, at: at(w.updatedAt) },
          ),
        );
    }
    if (w.status === 'rejected' || w.status === 'failed')
      rows.push(
        row(
          `${w._id}:returned`,
          'returned',
          w.amount,
          { withdrawing: -w.amount, available: w.amount },
          { ...facts, at: at(w.updatedAt) },
        ),
      );
  }

  // Rows already in the ledger stand; planned rows with the same id replace nothing new.
  const planned = new Set(rows.map((r) => r._id));
  const kept = state.ledger.filter((r) => !planned.has(r._id) && !r._id.endsWith(`:${OPENING}`));
  const sums = new Map<string, Balances>();
  for (const r of [...kept, ...rows]) {
    const before = sums.get(r.userId) ?? { ...EMPTY_BALANCES };
    sums.set(r.userId, applyDeltas(before, [{ kind: r.kind, amount: r.amount, delta: r.delta } as Movement]));
  }
  for (const account of state.accounts) {
    const fromRows = sums.get(account._id) ?? { ...EMPTY_BALANCES };
    // Accounts kept before 0.3.0 held pending too: the opening row brings the rows' pending to it.
    for (const m of adjustment(fromRows, withPending(account, account.pending ?? 0))) {
      rows.push(
        row(`${account._id}:${OPENING}`, m.kind, m.amount, m.delta, { userId: account._id, at: new Date(0) }),
      );
    }
  }

  const products: MigrationPlan['products'] = [];
  for (const product of state.products) {
    if (product.commission === undefined || product.commission === null) continue;
    const today = productCommissionOf(product.commission);
    if (JSON.stringify(today) !== JSON.stringify(product.commission))
      products.push({ _id: product._id, commission: today });
  }
  return { rows, products };
}
