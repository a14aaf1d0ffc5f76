// The database handle and transaction helper: with core/handler.ts, the only code that touches the SDK.
import { initCloud } from '../handler';
import type { CollectionName } from './collections';

type Cloud = ReturnType<typeof initCloud>;
export type Database = ReturnType<Cloud['database']>;

/** What wx-server-sdk's transaction object offers (its typings say `any`): doc-by-id operations only,
 * with the same `{ data }` wrapper as outside a transaction. */
export interface Transaction {
  collection(name: CollectionName): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>;
      set(options: { data: Record<string, unknown> }): Promise<unknown>;
      update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
      remove(): Promise<unknown>;
    };
  };
}

let db: Database | undefined;

/** The SDK database, with doc().get() answering { data: null } for a missing document instead of throwing. */
export function database(): Database {
  db ??= initCloud().database({ throwOnNotFound: false } as Parameters<Cloud['database']>[0]);
  return db;
}

export const command = () => database().command;

export function collection(name: CollectionName) {
  return database().collection(name);
}

/** How many times a transaction is retried when its commit conflicts with a concurrent one. */
const TRANSACTION_ATTEMPTS = 8;

/**
 * Runs `work` in one database transaction; it is retried from the start when its commit conflicts,
 * so `work` must only read and write through `tx` and hold no outside side effects.
 */
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  return (await database().runTransaction(work, TRANSACTION_ATTEMPTS)) as T;
}

/** Reads a document inside a transaction; null when it does not exist. */
export async function txGet<T>(tx: Transaction, name: CollectionName, id: string): Promise<T | null> {
  const { data } = (await tx.collection(name).doc(id).get()) as { data: T | null };
  return data ?? null;
}

/** Reads a document by id outside a transaction; null when it does not exist. */
export async function getById<T>(name: CollectionName, id: string): Promise<T | null> {
  const { data } = (await collection(name).doc(id).get()) as unknown as { data: T | T[] | null };
  if (Array.isArray(data)) return (data[0] as T | undefined) ?? null;
  return data ?? null;
}

/** The platform reports unique-index and duplicate-_id violations as a failed request whose message says E11000. */
export function isDuplicateKey(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String((error as { errMsg?: string })?.errMsg ?? error);
  return /E11000|duplicate key/i.test(message);
}
