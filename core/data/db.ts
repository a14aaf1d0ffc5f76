// The database handle and transaction helper: with core/handler.ts, the only code that touches the SDK.
import { AppError } from '../errors';
import { initCloud } from './cloud';
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

/** A case-insensitive "contains" match of literal `text` (regex characters in it are escaped). */
export function containsText(text: string): unknown {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (database() as unknown as { RegExp(o: { regexp: string; options: string }): unknown }).RegExp({
    regexp: escaped,
    options: 'i',
  });
}

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
  try {
    return (await database().runTransaction(work, TRANSACTION_ATTEMPTS)) as T;
  } catch (error) {
    if (isConflict(error)) throw new AppError('RESOURCE_EXHAUSTED', '操作太频繁，请稍后重试');
    throw error;
  }
}

function isConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errMsg?: unknown; message?: unknown } | null;
  return /TRANSACTION_CONFLICT/.test(`${e?.code ?? ''} ${e?.errMsg ?? ''} ${e?.message ?? ''}`);
}

/** Reads a document inside a transaction; null when it does not exist. */
export async function txGet<T>(tx: Transaction, name: CollectionName, id: string): Promise<T | null> {
  const { data } = (await tx.collection(name).doc(id).get()) as { data: T | null };
  return data ?? null;
}

/** Writes the whole document `id` inside a transaction (made or replaced). */
export async function txSet(
  tx: Transaction,
  name: CollectionName,
  id: string,
  data: Record<string, unknown>,
): Promise<void> {
  await tx.collection(name).doc(id).set({ data });
}

/** Updates fields of `id` inside a transaction; answers how many documents changed (0: it does not exist). */
export async function txUpdate(
  tx: Transaction,
  name: CollectionName,
  id: string,
  data: Record<string, unknown>,
): Promise<number> {
  return (await tx.collection(name).doc(id).update({ data })).stats.updated;
}

/** Reads a document by id outside a transaction; null when it does not exist. */
export async function getById<T>(name: CollectionName, id: string): Promise<T | null> {
  const { data } = (await collection(name).doc(id).get()) as unknown as { data: T | T[] | null };
  if (Array.isArray(data)) return (data[0] as T | undefined) ?? null;
  return data ?? null;
}

/** The platform reports unique-index and duplicate-_id violations as a failed request whose message says E11000. */
export function isDuplicateKey(error: unknown): boolean {
  const message =
    error instanceof Error ? error.message : String((error as { errMsg?: string })?.errMsg ?? error);
  return /E11000|duplicate key/i.test(message);
}

/** A where-object, or a logic command (_.and / _.or) over several. */
export type Query = Record<string, unknown> | ReturnType<Database['command']['and']>;
type Sort = [field: string, direction: 'asc' | 'desc'];

/** The SDK's query builder as this project uses it (its typings mix in callback-style `void`). */
interface QueryBuilder {
  where(query: Query): QueryBuilder;
  orderBy(field: string, direction: 'asc' | 'desc'): QueryBuilder;
  skip(n: number): QueryBuilder;
  limit(n: number): QueryBuilder;
  field(projection: Record<string, boolean>): QueryBuilder;
  get(): Promise<{ data: unknown[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

/** A where-query on a collection, ordered, ready to page or read. */
export function query(name: CollectionName, where: Query, sort: Sort[] = []): QueryBuilder {
  let builder = (collection(name) as unknown as QueryBuilder).where(where);
  for (const [field, direction] of sort) builder = builder.orderBy(field, direction);
  return builder;
}

/** Up to `limit` (≤ 1000, the platform's cap) documents matching `where`. */
export async function find<T>(
  name: CollectionName,
  where: Query,
  options: { sort?: Sort[]; limit?: number } = {},
): Promise<T[]> {
  const { data } = await query(name, where, options.sort)
    .limit(options.limit ?? 100)
    .get();
  return data as T[];
}

export async function countWhere(name: CollectionName, where: Query): Promise<number> {
  return (await query(name, where).count()).total;
}

/** Updates every document matching `where`; answers how many changed. */
export async function updateWhere(
  name: CollectionName,
  where: Query,
  data: Record<string, unknown>,
): Promise<number> {
  return (await query(name, where).update({ data })).stats.updated;
}

export async function updateById(
  name: CollectionName,
  id: string,
  data: Record<string, unknown>,
): Promise<number> {
  const result = (await collection(name).doc(id).update({ data })) as unknown as {
    stats: { updated: number };
  };
  return result.stats.updated;
}

/** Removes every document matching `where`; answers how many went. */
export async function removeWhere(name: CollectionName, where: Query): Promise<number> {
  return (await query(name, where).remove()).stats.removed;
}

/** Writes the whole document `id` (made or replaced), in one request. */
export async function setById(
  name: CollectionName,
  id: string,
  data: Record<string, unknown>,
): Promise<void> {
  await collection(name).doc(id).set({ data });
}

/** Inserts a document with its own `_id`; a second insert of that id fails as a duplicate key. */
export async function insert(
  name: CollectionName,
  doc: { _id: string } & Record<string, unknown>,
): Promise<void> {
  await collection(name).add({ data: doc });
}

/** Aggregation pipeline stages as MongoDB writes them, sent through the SDK's aggregate builder. */
export async function aggregate<T>(name: CollectionName, stages: Record<string, unknown>[]): Promise<T[]> {
  let builder = (
    collection(name) as unknown as { aggregate(): Record<string, (arg: unknown) => unknown> }
  ).aggregate();
  for (const stage of stages) {
    const [key, value] = Object.entries(stage)[0] ?? [];
    if (!key) continue;
    const method = key.replace(/^\$/, '');
    builder = (builder[method] as (arg: unknown) => typeof builder).call(builder, value);
  }
  const { list } = (await (builder as unknown as { end(): Promise<{ list: T[] }> }).end()) ?? { list: [] };
  return list;
}
