// `npm run migrate`: moves a shop's data to the ledger of corrections (scripts/migrate/ledger-plan.ts says
// what is written) in the local cloud (default) or a real environment (--env, with TCB_SECRET_ID /
// TCB_SECRET_KEY, like `npm run seed`). Safe to run again: the second run writes the same rows.
import { parseArgs } from 'node:util';
import type { Account } from '../../core/domain/account';
import type { LedgerRow, Withdrawal } from '../../core/domain/ledger';
import { connect } from '../seed/index';
import { LegacyEntry, LegacySettlement, planLedgerMigration } from './ledger-plan';

/** The slice of @cloudbase/node-sdk's database the migration uses. */
export interface MigrationDb {
  command: { set(value: unknown): unknown };
  collection(name: string): {
    skip(n: number): { limit(n: number): { get(): Promise<{ data?: unknown[] }> } };
    doc(id: string): {
      set(data: Record<string, unknown>): Promise<unknown>;
      update(data: Record<string, unknown>): Promise<unknown>;
    };
  };
}

/** Every document of a collection, in pages of the platform's 1000; a collection that does not exist is empty. */
async function all<T>(db: MigrationDb, name: string): Promise<T[]> {
  const out: T[] = [];
  try {
    for (;;) {
      const { data = [] } = await db.collection(name).skip(out.length).limit(1000).get();
      out.push(...(data as T[]));
      if (data.length < 1000) return out;
    }
  } catch (error) {
    if (/-502005|not exist|DATABASE_COLLECTION_NOT_EXIST/i.test(String((error as Error).message ?? error)))
      return out;
    throw error;
  }
}

export interface MigrationReport {
  rows: number;
  openings: number;
  products: number;
}

export async function migrateToLedger(db: MigrationDb): Promise<MigrationReport> {
  const [entries, settlements, withdrawals, accounts, products, ledger] = await Promise.all([
    all<LegacyEntry>(db, 'commissions'),
    all<LegacySettlement>(db, 'settlements'),
    all<Withdrawal>(db, 'withdrawals'),
    all<Account>(db, 'accounts'),
    all<{ _id: string; commission?: unknown }>(db, 'products'),
    all<LedgerRow>(db, 'ledger'),
  ]);
  const plan = planLedgerMigration({ entries, settlements, withdrawals, accounts, products, ledger });
  for (const { _id, ...row } of plan.rows) await db.collection('ledger').doc(_id).set(row);
  for (const product of plan.products)
    await db
      .collection('products')
      .doc(product._id)
      .update({ commission: db.command.set(product.commission) });
  return {
    rows: plan.rows.length,
    openings: plan.rows.filter((row) => row.kind === 'adjusted').length,
    products: plan.products.length,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      'secret-id': { type: 'string' },
      'secret-key': { type: 'string' },
    },
  });
  const target = connect({
    env: values.env ?? process.env.TCB_ENV_ID,
    secretId: values['secret-id'] ?? process.env.TCB_SECRET_ID,
    secretKey: values['secret-key'] ?? process.env.TCB_SECRET_KEY,
  });
  const report = await migrateToLedger(target.db as unknown as MigrationDb);
  console.log(
    `${target.label}: ${report.rows} ledger rows written (${report.openings} opening balances), ${report.products} product commission rules rewritten`,
  );
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
