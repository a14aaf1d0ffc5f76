// The local cloud's document store: in-memory collections with MongoDB semantics (mingo), unique indexes,
// snapshot transactions and an append-only log for durability.
//
// Fidelity with the real CloudBase database (it rejects or truncates these; so do we):
// - `limit` above 1000 on a query → INVALID_PARAM; no limit → 100 documents (the server SDK's default).
// - An aggregation without any `$limit` stage returns at most 20 documents (observed on the real service and
//   reported by its users; the docs do not say so).
// - Inside a transaction only doc-by-id operations and inserts are allowed; where-queries, multi-document
//   updates/removes, counts and aggregations → DATABASE_TRANSACTION_FAIL.
// - A transaction expires 30 s (real time, configurable) after it started; later use → DATABASE_TRANSACTION_FAIL.
// - Operations on a collection that does not exist → DATABASE_COLLECTION_NOT_EXIST; creating one that exists →
//   DATABASE_REQUEST_FAILED (the real service answers an error for a duplicate create; its exact code is not
//   documented, and callers only need it to fail).
// - A unique index violation (or an existing _id) → DATABASE_REQUEST_FAILED, "E11000 duplicate key ...".
// - A document larger than 16 MB (MongoDB's limit) → DATABASE_REQUEST_FAILED; api.ts measures the incoming
//   EJSON text, so a document that an update operator grows past the limit is not caught.
// Known gaps: geo operators (mingo has none); unique indexes treat an array value as one key (no multikey).
import { randomBytes } from 'node:crypto';
import { EJSON } from 'bson';
import { Aggregator, Query, update as mingoUpdate } from 'mingo';
import type { CollectionDeclarations, IndexDeclaration } from '../collections';
import { CloudError } from '../errors';
import { Doc, Store } from './store';

export type { Doc } from './store';

export type DeclaredIndex = IndexDeclaration;
export type DeclaredCollections = CollectionDeclarations;

export interface EngineOptions {
  /** Folder for the snapshot and log; omit for a memory-only engine. */
  dataDir?: string;
  /** Collections to create at open with their indexes, as a project's deploy step does. */
  declared?: DeclaredCollections;
  /** Real milliseconds a transaction may stay open. */
  transactionTimeoutMs?: number;
  /** fsync the log after every change set (survives power loss, not only kill -9). */
  fsync?: boolean;
  /** Compact when the log grows past this many bytes. */
  compactLogBytes?: number;
}

export interface FindOptions {
  query?: Doc;
  order?: Record<string, 1 | -1>;
  offset?: number;
  limit?: number;
  projection?: Doc;
}

export interface UpdateOptions {
  /** false: replace the whole document (doc.set). */
  merge: boolean;
  upsert: boolean;
}

export interface UpdateResult {
  updated: number;
  upsertedId?: unknown;
}

/** Aggregation stages that build new documents and never write into their input. */
const READ_ONLY_STAGES = new Set([
  '$match',
  '$group',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$sortByCount',
  '$project',
]);

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
export const DEFAULT_AGGREGATE_LIMIT = 20;
export const MAX_DOC_BYTES = 16 * 1024 * 1024;

/** A document's value as of a commit; `prev` is kept only while an open transaction may need it. */
interface Version {
  seq: number;
  doc: Doc | null;
  prev?: Version;
}

interface UniqueIndex {
  name: string;
  fields: string[];
  sparse: boolean;
  /** Index key -> the owning document's key. */
  owners: Map<string, string>;
}

interface Collection {
  name: string;
  docs: Map<string, Version>;
  unique: UniqueIndex[];
}

interface Change {
  coll: Collection;
  key: string;
  id: unknown;
  doc: Doc | null;
}

interface Transaction {
  id: string;
  startSeq: number;
  startedAt: number;
  /** Documents read or written (collection \0 key), checked for conflicting commits. */
  touched: Set<string>;
  writes: Map<string, Change>;
}

const clone = <T>(value: T): T => {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return value; // primitives, RegExp and BSON value types are never mutated in place
};

/** Map key for an _id: strings as they are (the common case), anything else tagged so "1" and 1 differ. */
const idKey = (id: unknown): string =>
  typeof id === 'string' ? id : '\u0000' + EJSON.stringify(id, { relaxed: false });

/** Ids like the real service's: 32 hex characters, time first so they roughly sort by creation. */
export function newId(): string {
  return (
    Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(12).toString('hex')
  );
}

function getPath(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Doc)[part];
  }
  return value;
}

/** Wraps mingo's errors (bad operators, mixed projections) as the service's request failure. */
function mingo<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CloudError) throw error;
    throw new CloudError('DATABASE_REQUEST_FAILED', error instanceof Error ? error.message : String(error));
  }
}

const isOperatorUpdate = (data: Doc): boolean => {
  const keys = Object.keys(data);
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators > 0 && operators < keys.length) {
    throw new CloudError('INVALID_PARAM', 'update data mixes operators and plain fields');
  }
  return operators > 0;
};

/**
 * Every method is synchronous, so one request's work never interleaves with another's. Documents returned by
 * reads are the stored objects themselves (no copy, for speed): callers must not modify them.
 */
export class Engine {
  transactionTimeoutMs: number;
  private readonly collections = new Map<string, Collection>();
  private readonly active = new Map<string, Transaction>();
  /** Why recently finished transactions ended, for clear errors on late use. */
  private readonly ended = new Map<string, string>();
  /** Documents whose version chain holds history for open transactions. */
  private readonly historyOf = new Map<string, { coll: Collection; key: string }>();
  private seq = 0;
  private readonly store?: Store;
  private readonly compactLogBytes: number;

  constructor(options: EngineOptions = {}) {
    this.transactionTimeoutMs = options.transactionTimeoutMs ?? 30_000;
    this.compactLogBytes = options.compactLogBytes ?? 64 * 1024 * 1024;
    if (options.dataDir) {
      this.store = new Store(options.dataDir, options.fsync ?? false);
      this.loadFromStore(this.store);
    }
    for (const [name, { indexes = [] }] of Object.entries(options.declared ?? {})) {
      const coll = this.collections.get(name) ?? this.createCollection(name);
      for (const index of indexes) if (index.unique) this.addUniqueIndex(coll, index);
    }
    this.store?.compact(this.seq, this.snapshotEntries());
  }

  close(): void {
    this.store?.close();
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  addCollection(name: string): void {
    if (this.collections.has(name)) {
      throw new CloudError('DATABASE_REQUEST_FAILED', `collection ${name} already exists`);
    }
    const seq = this.seq + 1;
    this.store?.append({ seq, create: name });
    this.seq = seq;
    this.createCollection(name);
  }

  // ---- reads

  find(collName: string, options: FindOptions = {}, txId?: string): Doc[] {
    this.sweep();
    if (txId !== undefined) this.rejectInTransaction(txId, 'a where-query');
    const coll = this.coll(collName);
    const limit = options.limit || DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
      throw new CloudError('INVALID_PARAM', `limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
    const offset = options.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0)
      throw new CloudError('INVALID_PARAM', 'offset must be a non-negative integer');
    return mingo(() => {
      const cursor = new Query(options.query ?? {}).find(
        this.candidates(coll, options.query),
        options.projection,
      );
      if (options.order && Object.keys(options.order).length) cursor.sort(options.order);
      return cursor.skip(offset).limit(limit).all() as Doc[];
    });
  }

  count(collName: string, query: Doc = {}, txId?: string): number {
    this.sweep();
    if (txId !== undefined) this.rejectInTransaction(txId, 'a count');
    const coll = this.coll(collName);
    const test = mingo(() => new Query(query));
    let total = 0;
    for (const doc of this.candidates(coll, query)) if (mingo(() => test.test(doc))) total++;
    return total;
  }

  getById(collName: string, id: unknown, projection?: Doc, txId?: string): Doc | null {
    this.sweep();
    const coll = this.coll(collName);
    const doc =
      txId === undefined
        ? (coll.docs.get(idKey(id))?.doc ?? null)
        : this.txRead(this.tx(txId), coll, idKey(id));
    if (!doc || !projection || !Object.keys(projection).length) return doc;
    return mingo(() => new Query({}).find([doc], projection).all()[0] as Doc);
  }

  aggregate(collName: string, pipeline: Doc[], txId?: string): Doc[] {
    this.sweep();
    if (txId !== undefined) this.rejectInTransaction(txId, 'an aggregation');
    const coll = this.coll(collName);
    return mingo(() => {
      // Leading $match stages only read, so they run on the stored documents. Stages such as $addFields,
      // $set, $unwind or $lookup modify their input in place (mingo's default, for speed), so a pipeline with
      // any of them works on copies.
      let first = 0;
      let docs: Iterable<Doc> = this.live(coll);
      while (first < pipeline.length && Object.keys(pipeline[first] ?? {})[0] === '$match') {
        const test = new Query((pipeline[first] as { $match: Doc }).$match);
        docs = [...docs].filter((doc) => test.test(doc));
        first++;
      }
      const rest = pipeline.slice(first);
      const readOnly = rest.every((stage) => READ_ONLY_STAGES.has(Object.keys(stage)[0] ?? ''));
      const input = readOnly ? [...docs] : [...docs].map(clone);
      const collectionResolver = (name: string): Doc[] => {
        const other = this.collections.get(name);
        return other ? [...this.live(other)].map(clone) : [];
      };
      const out = new Aggregator(rest, { collectionResolver }).run(input) as Doc[];
      const limited = pipeline.some((stage) => '$limit' in stage);
      return limited ? out : out.slice(0, DEFAULT_AGGREGATE_LIMIT);
    });
  }

  // ---- writes

  insert(collName: string, docs: Doc[], txId?: string): unknown[] {
    this.sweep();
    const coll = this.coll(collName);
    const changes: Change[] = [];
    const seen = new Set<string>();
    const tx = txId === undefined ? undefined : this.tx(txId);
    for (const data of docs) {
      const doc = clone(data);
      if (doc._id === undefined || doc._id === null) doc._id = newId();
      const key = idKey(doc._id);
      const existing = tx ? this.txRead(tx, coll, key) : coll.docs.get(key)?.doc;
      if (existing || seen.has(key)) throw duplicate(coll.name, '_id_', { _id: doc._id });
      seen.add(key);
      changes.push({ coll, key, id: doc._id, doc });
    }
    this.write(changes, tx);
    return changes.map((c) => c.id);
  }

  updateById(collName: string, id: unknown, data: Doc, options: UpdateOptions, txId?: string): UpdateResult {
    this.sweep();
    const coll = this.coll(collName);
    const tx = txId === undefined ? undefined : this.tx(txId);
    const key = idKey(id);
    const current = tx ? this.txRead(tx, coll, key) : (coll.docs.get(key)?.doc ?? null);
    if (!current && !options.upsert) return { updated: 0 };
    const next = current
      ? applyUpdate(current, data, options.merge)
      : (applyUpdate({ _id: id }, data, options.merge) ?? { _id: id });
    if (!next) return { updated: 0 };
    this.write([{ coll, key, id, doc: next }], tx);
    return current ? { updated: 1 } : { updated: 0, upsertedId: id };
  }

  updateWhere(
    collName: string,
    query: Doc,
    data: Doc,
    options: UpdateOptions & { multi: boolean },
    txId?: string,
  ): UpdateResult {
    this.sweep();
    if (txId !== undefined) this.rejectInTransaction(txId, 'a where-update');
    const coll = this.coll(collName);
    const test = mingo(() => new Query(query));
    const changes: Change[] = [];
    let matched = 0;
    for (const doc of this.candidates(coll, query)) {
      if (!mingo(() => test.test(doc))) continue;
      matched++;
      const next = applyUpdate(doc, data, options.merge);
      if (next) changes.push({ coll, key: idKey(doc._id), id: doc._id, doc: next });
      if (!options.multi) break;
    }
    if (!matched && options.upsert) {
      const seed = mingo(() => {
        const base: Doc = {};
        const equalities = Object.entries(query).filter(
          ([k, v]) => !k.startsWith('$') && !isOperatorObject(v),
        );
        if (equalities.length) mingoUpdate(base, { $set: Object.fromEntries(equalities) });
        return base;
      });
      if (seed._id === undefined) seed._id = newId();
      const doc = applyUpdate(seed, data, options.merge) ?? seed;
      this.write([{ coll, key: idKey(doc._id), id: doc._id, doc }]);
      return { updated: 0, upsertedId: doc._id };
    }
    this.write(changes);
    return { updated: changes.length };
  }

  removeById(collName: string, id: unknown, txId?: string): number {
    this.sweep();
    const coll = this.coll(collName);
    const tx = txId === undefined ? undefined : this.tx(txId);
    const key = idKey(id);
    const current = tx ? this.txRead(tx, coll, key) : coll.docs.get(key)?.doc;
    if (!current) return 0;
    this.write([{ coll, key, id, doc: null }], tx);
    return 1;
  }

  removeWhere(collName: string, query: Doc, multi: boolean, txId?: string): number {
    this.sweep();
    if (txId !== undefined) this.rejectInTransaction(txId, 'a where-remove');
    const coll = this.coll(collName);
    const test = mingo(() => new Query(query));
    const changes: Change[] = [];
    for (const doc of this.candidates(coll, query)) {
      if (!mingo(() => test.test(doc))) continue;
      changes.push({ coll, key: idKey(doc._id), id: doc._id, doc: null });
      if (!multi) break;
    }
    this.write(changes);
    return changes.length;
  }

  // ---- transactions

  startTransaction(): string {
    this.sweep();
    const id = randomBytes(16).toString('hex');
    this.active.set(id, {
      id,
      startSeq: this.seq,
      startedAt: Date.now(),
      touched: new Set(),
      writes: new Map(),
    });
    return id;
  }

  commitTransaction(txId: string): void {
    this.sweep();
    const tx = this.tx(txId);
    // Whatever happens, the transaction is over: a failed commit discards it rather than leaving it open.
    // It is finished only afterwards, because pruning could drop the tombstones that reveal a conflict.
    let outcome = 'discarded by a failed commit';
    try {
      // A read-only transaction read one consistent snapshot; there is nothing to validate or apply.
      if (tx.writes.size) {
        this.validate(tx);
        this.commitChanges([...tx.writes.values()]);
      }
      outcome = 'committed';
    } finally {
      this.finish(tx, outcome);
    }
  }

  private validate(tx: Transaction): void {
    for (const touched of tx.touched) {
      const [collName, key] = splitTouched(touched);
      const head = this.collections.get(collName)?.docs.get(key);
      if (head && head.seq > tx.startSeq) {
        throw new CloudError(
          'DATABASE_TRANSACTION_CONFLICT',
          `transaction ${tx.id} conflicts with a later write to ${collName}/${key}; retry it`,
        );
      }
    }
  }

  abortTransaction(txId: string): void {
    this.sweep();
    this.finish(this.tx(txId), 'aborted');
  }

  /** Counts for metrics and for tests that old versions are released. */
  stats(): { collections: number; documents: number; openTransactions: number; versionChains: number } {
    this.sweep();
    let documents = 0;
    for (const coll of this.collections.values()) for (const _ of this.live(coll)) documents++;
    return {
      collections: this.collections.size,
      documents,
      openTransactions: this.active.size,
      versionChains: this.historyOf.size,
    };
  }

  /** Rewrites the snapshot and empties the log. */
  compact(): void {
    this.store?.compact(this.seq, this.snapshotEntries());
  }

  // ---- internals

  private coll(name: string): Collection {
    const coll = this.collections.get(name);
    if (!coll) {
      throw new CloudError(
        'DATABASE_COLLECTION_NOT_EXIST',
        `Db or Table not exist: ${name}. Create the collection first (database.addCollection / declare it).`,
      );
    }
    return coll;
  }

  private createCollection(name: string): Collection {
    const coll: Collection = { name, docs: new Map(), unique: [] };
    this.collections.set(name, coll);
    return coll;
  }

  private addUniqueIndex(coll: Collection, declaration: DeclaredIndex): void {
    if (coll.unique.some((index) => index.name === declaration.name)) return;
    const index: UniqueIndex = {
      name: declaration.name,
      fields: Object.keys(declaration.keys),
      sparse: declaration.sparse ?? false,
      owners: new Map(),
    };
    for (const [key, version] of coll.docs) {
      const indexKey = version.doc && keyOf(index, version.doc);
      if (indexKey === undefined || indexKey === null) continue;
      if (index.owners.has(indexKey)) {
        console.warn(
          `[localcloud] ${coll.name}: stored documents violate unique index ${index.name} (${indexKey})`,
        );
        continue;
      }
      index.owners.set(indexKey, key);
    }
    coll.unique.push(index);
  }

  private *live(coll: Collection): Generator<Doc> {
    for (const version of coll.docs.values()) if (version.doc) yield version.doc;
  }

  /** All documents, or the one document when the query pins a plain _id. */
  private candidates(coll: Collection, query?: Doc): Iterable<Doc> {
    const id = query?._id;
    if (typeof id === 'string' || typeof id === 'number') {
      const doc = coll.docs.get(idKey(id))?.doc;
      return doc ? [doc] : [];
    }
    return this.live(coll);
  }

  private tx(txId: string): Transaction {
    const tx = this.active.get(txId);
    if (tx) return tx;
    const why = this.ended.get(txId);
    throw new CloudError(
      'DATABASE_TRANSACTION_FAIL',
      why ? `transaction ${txId} is no longer open: ${why}` : `transaction ${txId} does not exist`,
    );
  }

  private rejectInTransaction(txId: string, what: string): never {
    this.tx(txId);
    throw new CloudError(
      'DATABASE_TRANSACTION_FAIL',
      `${what} is not allowed in a transaction: only doc(id) get/update/set/remove and add are`,
    );
  }

  private txRead(tx: Transaction, coll: Collection, key: string): Doc | null {
    const touched = coll.name + '\u0000' + key;
    const own = tx.writes.get(touched);
    if (own) return own.doc;
    tx.touched.add(touched);
    let version = coll.docs.get(key);
    while (version && version.seq > tx.startSeq) version = version.prev;
    return version?.doc ?? null;
  }

  /** Outside a transaction: commit now. Inside: stage in the transaction (visible only to it). */
  private write(changes: Change[], tx?: Transaction): void {
    if (!tx) return this.commitChanges(changes);
    const staged = new Map(tx.writes);
    for (const change of changes) {
      const touched = change.coll.name + '\u0000' + change.key;
      tx.touched.add(touched);
      staged.set(touched, change);
    }
    // Fail at the operation rather than only at commit when the transaction's own writes collide.
    this.checkUnique([...staged.values()]);
    for (const [touched, change] of staged) tx.writes.set(touched, change);
  }

  private commitChanges(changes: Change[]): void {
    if (!changes.length) return;
    this.checkUnique(changes);
    const seq = this.seq + 1;
    this.store?.append({ seq, ops: changes.map((c) => ({ c: c.coll.name, id: c.id, d: c.doc })) });
    this.seq = seq;
    for (const change of changes) this.apply(change, seq);
    if (this.store && this.store.logSize > this.compactLogBytes) this.compact();
  }

  private apply({ coll, key, doc }: Change, seq: number): void {
    const old = coll.docs.get(key);
    for (const index of coll.unique) {
      const before = old?.doc ? keyOf(index, old.doc) : undefined;
      const after = doc ? keyOf(index, doc) : undefined;
      if (before === after) continue;
      if (before !== undefined && index.owners.get(before) === key) index.owners.delete(before);
      if (after !== undefined) index.owners.set(after, key);
    }
    if (!this.active.size) {
      if (doc) coll.docs.set(key, { seq, doc });
      else coll.docs.delete(key);
      return;
    }
    // Open transactions may still read the old version (or need the tombstone to detect the conflict).
    coll.docs.set(key, { seq, doc, prev: old && trim(old, this.minStartSeq()) });
    this.historyOf.set(coll.name + '\u0000' + key, { coll, key });
  }

  private checkUnique(changes: Change[]): void {
    const byColl = new Map<Collection, Change[]>();
    for (const change of changes) {
      const list = byColl.get(change.coll);
      if (list) list.push(change);
      else byColl.set(change.coll, [change]);
    }
    for (const [coll, list] of byColl) {
      const changed = new Set(list.map((c) => c.key));
      for (const index of coll.unique) {
        const seen = new Map<string, string>();
        for (const change of list) {
          if (!change.doc) continue;
          const indexKey = keyOf(index, change.doc);
          if (indexKey === undefined) continue;
          const owner = index.owners.get(indexKey);
          const clash = seen.get(indexKey);
          if (
            (clash !== undefined && clash !== change.key) ||
            (owner !== undefined && owner !== change.key && !changed.has(owner))
          ) {
            throw duplicate(
              coll.name,
              index.name,
              Object.fromEntries(index.fields.map((f) => [f, getPath(change.doc as Doc, f)])),
            );
          }
          seen.set(indexKey, change.key);
        }
      }
    }
  }

  private minStartSeq(): number {
    let min = Infinity;
    for (const tx of this.active.values()) min = Math.min(min, tx.startSeq);
    return min;
  }

  private finish(tx: Transaction, why: string): void {
    this.active.delete(tx.id);
    this.ended.set(tx.id, why);
    if (this.ended.size > 10_000) this.ended.delete(this.ended.keys().next().value as string);
    this.prune();
  }

  /** Expires transactions past their time; run at every operation so old versions do not pile up. */
  private sweep(): void {
    const now = Date.now();
    for (const tx of this.active.values()) {
      if (now - tx.startedAt > this.transactionTimeoutMs) {
        this.finish(tx, `expired after ${this.transactionTimeoutMs} ms`);
      }
    }
  }

  /** Drops versions no open transaction can read any more. */
  private prune(): void {
    const min = this.minStartSeq();
    for (const [touched, { coll, key }] of this.historyOf) {
      const head = coll.docs.get(key);
      if (!head) {
        this.historyOf.delete(touched);
        continue;
      }
      if (head.seq <= min) {
        if (head.doc) coll.docs.set(key, { seq: head.seq, doc: head.doc });
        else coll.docs.delete(key);
        this.historyOf.delete(touched);
      } else if (head.prev) {
        head.prev = trim(head.prev, min);
      }
    }
  }

  private *snapshotEntries(): Generator<[string, Iterable<Doc>]> {
    for (const coll of this.collections.values()) yield [coll.name, this.live(coll)];
  }

  private loadFromStore(store: Store): void {
    const state = store.load();
    this.seq = state.seq;
    for (const [name, docs] of state.collections) {
      const coll = this.createCollection(name);
      for (const doc of docs) coll.docs.set(idKey(doc._id), { seq: state.seq, doc });
    }
    for (const entry of state.entries) {
      this.seq = entry.seq;
      if ('create' in entry) {
        if (!this.collections.has(entry.create)) this.createCollection(entry.create);
        continue;
      }
      for (const op of entry.ops) {
        const coll = this.collections.get(op.c) ?? this.createCollection(op.c);
        const key = idKey(op.id);
        if (op.d) coll.docs.set(key, { seq: entry.seq, doc: op.d });
        else coll.docs.delete(key);
      }
    }
  }
}

function splitTouched(touched: string): [string, string] {
  const at = touched.indexOf('\u0000');
  return [touched.slice(0, at), touched.slice(at + 1)];
}

/** Cuts a version chain below the newest version an open transaction (started at `min`) can see. */
function trim(version: Version, min: number): Version {
  let v: Version | undefined = version;
  while (v) {
    if (v.seq <= min) {
      v.prev = undefined;
      break;
    }
    v = v.prev;
  }
  return version;
}

function keyOf(index: UniqueIndex, doc: Doc): string | undefined {
  const values = index.fields.map((f) => getPath(doc, f));
  if (index.sparse && values.some((v) => v === undefined || v === null)) return undefined;
  return EJSON.stringify(
    values.map((v) => v ?? null),
    { relaxed: false },
  );
}

function duplicate(coll: string, index: string, key: Doc): CloudError {
  const shown = Object.entries(key)
    .map(([k, v]) => `${k}: ${EJSON.stringify(v ?? null, { relaxed: true })}`)
    .join(', ');
  return new CloudError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${coll} index: ${index} dup key: { ${shown} }`,
  );
}

function isOperatorObject(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.keys(value).some((k) => k.startsWith('$'))
  );
}

/** The document after an update, or null when nothing changed (the service counts only real changes). */
function applyUpdate(current: Doc, data: Doc, merge: boolean): Doc | null {
  const id = current._id;
  let next: Doc;
  if (!merge) {
    const { _id: _ignored, ...rest } = clone(data);
    next = { _id: id, ...rest };
    const same = EJSON.stringify(next, { relaxed: false }) === EJSON.stringify(current, { relaxed: false });
    return same ? null : next;
  }
  next = clone(current);
  const modifier = isOperatorUpdate(data) ? data : { $set: data };
  const changed = mingo(() => mingoUpdate(next, clone(modifier) as never));
  if (!changed.length) return null;
  if (EJSON.stringify(next._id, { relaxed: false }) !== EJSON.stringify(id, { relaxed: false })) {
    throw new CloudError(
      'DATABASE_REQUEST_FAILED',
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  return next;
}
