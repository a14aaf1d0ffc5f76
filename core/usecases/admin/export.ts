// admin `export { kind, from, to }`: a CSV of orders, commissions, distributors or withdrawals in a date
// range, written to cloud storage and answered as { fileID, tempFileURL, rows }.
//
// - Which documents: orders, commissions and withdrawals created in the range; distributors who joined
//   (first activation) in the range. Oldest first, the order a merchant reads a ledger in.
// - The file: UTF-8 with a BOM (Excel reads BOM-less UTF-8 as the system code page and garbles Chinese),
//   CRLF line ends, Chinese headers, amounts in yuan with two decimals, times in Beijing time
//   (domain/analytics.ts shapes the rows; csv-stringify does the quoting).
// - Size: at most MAX_EXPORT_ROWS rows, refused up front with INVALID_ARGUMENT when a range holds more, so a
//   merchant is never handed a silently cut file.
// - Across calls: the rows are read in pages of 1000 (the platform's limit per read) and written in part
//   files of PART_ROWS rows, at most PARTS_PER_CALL parts a call and none begun after CALL_BUDGET_MS, so no
//   call nears the function's 60 s even when the database is slow; `export` answers after its first
//   parts, the page calls `export.status` (which writes the next parts) until done, and the settle timer
//   carries on an export the page left. The last step downloads the parts and joins them into one file.
//   A lease on the job keeps two calls from writing the same part; a part written twice (a call that died
//   after uploading) is overwritten whole.
import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { adminStatsApi, ExportJob } from '../../contracts/admin-stats';
import type { ParsedOf } from '../../contracts/contract';
import {
  commissionRow,
  CommissionLike,
  CsvRow,
  DateRange,
  dateRange,
  DistributorLike,
  distributorRow,
  EXPORT_COLUMNS,
  ExportKind,
  exportPath,
  OrderLike,
  orderRow,
  WithdrawalLike,
  withdrawalRow,
} from '../../domain/analytics';
import { invalid, notFound } from '../../errors';
import type { ActionContext, Handlers } from '../../handler';
import {
  command,
  countWhere,
  find,
  getById,
  insert,
  query,
  removeWhere,
  updateById,
  updateWhere,
} from '../../data/db';
import { valueAt } from '../../data/paging';
import { loadSettings } from '../../data/settings';
import type { CollectionName } from '../../data/collections';
import { deleteFiles, downloadFile, tempFileURL, uploadFile } from '../../data/storage';
import { nicknamesOf } from '../../data/users';

/**
 * Rows one export may hold: up to about 60 MB of CSV, which the join holds twice (the parts and the
 * joined copy), inside a function's default 256 MB.
 */
export const MAX_EXPORT_ROWS = 200_000;
/** Rows of one part file: five reads of 1000. */
const PART_ROWS = 5_000;
/** Parts one call writes: about 45 requests (reads, nicknames, uploads), a second or two at the platform's latency. */
const PARTS_PER_CALL = 4;
/** No new part is started this long into a call: a slow database still leaves the call far from its 60 s. */
const CALL_BUDGET_MS = 20_000;
/** How long a call holds the job; a call that died releases it when this runs out. */
const LEASE_MS = 60_000;
/** Failed calls in a row after which the export stops as failed. */
const MAX_FAILURES = 3;
/** The platform answers at most 1000 documents per read. */
const READ_PAGE = 1000;

interface Source<T> {
  collection: CollectionName;
  /** The time field the range applies to (also the sort key). */
  field: string;
  where: (range: DateRange) => Record<string, unknown>;
  /** Shapes one page of documents into rows (a page may need one more read, for nicknames). */
  rows: (docs: T[]) => Promise<CsvRow[]>;
}

const between = (range: DateRange) => {
  const _ = command();
  return _.gte(range.start).and(_.lt(range.end));
};

const userIdsOf = <T>(docs: T[], id: (doc: T) => string) => [...new Set(docs.map(id))];

const SOURCES: { [K in ExportKind]: Source<never> } = {
  orders: {
    collection: 'orders',
    field: 'createdAt',
    where: (range) => ({ createdAt: between(range) }),
    rows: async (docs: OrderLike[]) => docs.map(orderRow),
  } as Source<OrderLike> as Source<never>,
  commissions: {
    collection: 'commissions',
    field: 'createdAt',
    where: (range) => ({ createdAt: between(range) }),
    rows: async (docs: CommissionLike[]) => {
      const names = await nicknamesOf(userIdsOf(docs, (d) => d.beneficiaryId));
      return docs.map((doc) => commissionRow(doc, names));
    },
  } as Source<CommissionLike> as Source<never>,
  distributors: {
    collection: 'users',
    field: 'distributor.joinedAt',
    where: (range) => ({ 'distributor.joinedAt': between(range) }),
    rows: async (docs: DistributorLike[]) => docs.map(distributorRow),
  } as Source<DistributorLike> as Source<never>,
  withdrawals: {
    collection: 'withdrawals',
    field: 'createdAt',
    where: (range) => ({ createdAt: between(range) }),
    rows: async (docs: WithdrawalLike[]) => {
      const names = await nicknamesOf(userIdsOf(docs, (d) => d.userId));
      return docs.map((doc) => withdrawalRow(doc, names));
    },
  } as Source<WithdrawalLike> as Source<never>,
};

const timeOf = (value: unknown) =>
  value instanceof Date ? value.getTime() : new Date(value as string).getTime();

/** Where the next page starts: the last time read, and how many rows of that instant were read already. */
interface Cursor {
  at: Date;
  sameInstant: number;
}

/** The export's document in `exports` (also how the timer finds files to delete). */
interface ExportDoc {
  _id: string;
  kind: ExportKind;
  from: string;
  to: string;
  status: ExportJob['status'];
  total: number;
  rows: number;
  /** Part files written so far, in order. */
  parts: string[];
  cursor: Cursor;
  /** Every row is in a part: what is left is joining them. */
  complete: boolean;
  /** The joined file, once done (a one-part export is its own file). */
  fileID?: string;
  error?: string;
  failures: number;
  leaseUntil: Date;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

/**
 * The next page of the range, ordered by (time, _id). Each page starts at the last time read (keyset
 * paging) and skips only the rows of that same instant already read, so a page costs an index range scan
 * instead of walking past every earlier row as a growing skip would; documents created while the export
 * runs sort after what was read and cannot shift a page.
 */
async function readPage(
  source: Source<unknown>,
  range: DateRange,
  cursor: Cursor,
): Promise<{ docs: unknown[]; cursor: Cursor; last: boolean }> {
  const _ = command();
  let page = query(
    source.collection,
    { ...source.where(range), [source.field]: _.gte(cursor.at).and(_.lt(range.end)) },
    [
      [source.field, 'asc'],
      ['_id', 'asc'],
    ],
  );
  if (cursor.sameInstant > 0) page = page.skip(cursor.sameInstant);
  const { data } = await page.limit(READ_PAGE).get();
  if (data.length === 0) return { docs: data, cursor, last: true };
  const lastAt = timeOf(valueAt(data[data.length - 1], source.field));
  const tail = data.filter((doc) => timeOf(valueAt(doc, source.field)) === lastAt).length;
  const sameInstant = lastAt === cursor.at.getTime() ? cursor.sameInstant + tail : tail;
  return { docs: data, cursor: { at: new Date(lastAt), sameInstant }, last: data.length < READ_PAGE };
}

/** A part of the CSV: the first carries the BOM and the header, every record ends in CRLF, so parts join by concatenation. */
export function toCsv(kind: ExportKind, rows: CsvRow[], first = true): Buffer {
  const text = stringify(rows, {
    header: first,
    columns: [...EXPORT_COLUMNS[kind]],
    bom: first,
    record_delimiter: 'windows',
  });
  return Buffer.from(text, 'utf8');
}

const partPath = (job: ExportDoc, index: number) =>
  `exports/${job._id}/part-${String(index + 1).padStart(3, '0')}.csv`;

/** Takes the job for this call, unless another call holds it; answers whether it did. */
async function claim(job: ExportDoc, now: Date): Promise<boolean> {
  const _ = command();
  const taken = await updateWhere(
    'exports',
    { _id: job._id, status: 'running', leaseUntil: _.lte(now) },
    { leaseUntil: new Date(now.getTime() + LEASE_MS) },
  );
  return taken === 1;
}

/**
 * Writes the job's next parts (at most PARTS_PER_CALL, none started after CALL_BUDGET_MS), then, with every
 * row written, joins them into one file. Progress is saved after each part, so a call that dies loses at
 * most the part in hand.
 */
async function work(job: ExportDoc, now: Date): Promise<ExportDoc> {
  const source = SOURCES[job.kind] as Source<unknown>;
  const range = dateRange(job.from, job.to);
  let current = job;
  const save = async (change: Partial<ExportDoc>) => {
    current = { ...current, ...change, updatedAt: now };
    await updateById('exports', job._id, { ...change, updatedAt: now });
  };
  const started = Date.now();
  for (
    let written = 0;
    !current.fileID && written < PARTS_PER_CALL && (written === 0 || Date.now() - started < CALL_BUDGET_MS);
    written++
  ) {
    if (current.complete) {
      // The joined file is recorded before the parts go, so a call dying in between leaves a done export.
      await save({ fileID: await join(current, range) });
      const deleted = new Set(await deleteFiles(current.parts));
      await save({ parts: current.parts.filter((part) => !deleted.has(part)) });
      break;
    }
    let { cursor } = current;
    let last = false;
    const rows: CsvRow[] = [];
    while (rows.length < PART_ROWS && !last) {
      const page = await readPage(source, range, cursor);
      rows.push(...(await source.rows(page.docs)));
      ({ cursor, last } = page);
    }
    const index = current.parts.length;
    // A range that fits one part is its own file; otherwise the parts are joined at the end.
    const alone = index === 0 && last;
    const fileID = await uploadFile(
      alone ? exportPath(job.kind, range, job._id) : partPath(current, index),
      toCsv(job.kind, rows, index === 0),
    );
    await save({
      ...(alone ? { fileID } : { parts: [...current.parts, fileID] }),
      cursor,
      rows: current.rows + rows.length,
      complete: last,
      failures: 0,
    });
  }
  await save(current.fileID ? { status: 'done', leaseUntil: now } : { leaseUntil: now });
  return current;
}

/** Downloads the parts in order and stores them as one file; answers its id (the parts stay). */
async function join(job: ExportDoc, range: DateRange): Promise<string> {
  const contents: Buffer[] = [];
  for (const part of job.parts) contents.push(await downloadFile(part));
  return uploadFile(exportPath(job.kind, range, job._id), Buffer.concat(contents));
}

/** Goes on with a running job when no other call holds it; a failure is counted, and repeated, ends it. */
async function advance(job: ExportDoc, now: Date): Promise<ExportDoc> {
  if (job.status !== 'running' || !(await claim(job, now))) return job;
  try {
    return await work(job, now);
  } catch (error) {
    console.error(`export ${job._id} stopped at ${job.rows} rows`, error);
    const failures = job.failures + 1;
    const change =
      failures >= MAX_FAILURES
        ? { status: 'failed' as const, error: '导出失败，请稍后重新导出', failures, leaseUntil: now }
        : { failures, leaseUntil: now };
    await updateById('exports', job._id, { ...change, updatedAt: now });
    // With the parts this call did write.
    return (await getById<ExportDoc>('exports', job._id)) ?? { ...job, ...change };
  }
}

async function view(job: ExportDoc): Promise<ExportJob> {
  const url = job.status === 'done' && job.fileID ? await tempFileURL(job.fileID) : null;
  return {
    exportId: job._id,
    kind: job.kind,
    from: job.from,
    to: job.to,
    status: job.status,
    rows: job.rows,
    total: job.total,
    ...(job.status === 'done' && job.fileID ? { fileID: job.fileID } : {}),
    ...(url ? { tempFileURL: url } : {}),
    ...(job.error ? { error: job.error } : {}),
    expiresAt: job.expiresAt,
  };
}

async function startExport(input: ParsedOf<(typeof adminStatsApi)['export']>, ctx: ActionContext) {
  const range = dateRange(input.from, input.to);
  const source = SOURCES[input.kind] as Source<unknown>;
  const total = await countWhere(source.collection, source.where(range));
  if (total > MAX_EXPORT_ROWS) {
    throw invalid(
      `该时间段共有 ${total} 条记录，单次最多导出 ${MAX_EXPORT_ROWS} 条，请缩短日期范围后分段导出`,
    );
  }
  // Names, phones and addresses do not stay in storage: the settle timer deletes the files when they expire.
  const { exports: keep } = await loadSettings();
  const job: ExportDoc = {
    _id: randomBytes(6).toString('hex'),
    kind: input.kind,
    from: range.from,
    to: range.to,
    status: 'running',
    total,
    rows: 0,
    parts: [],
    cursor: { at: range.start, sameInstant: 0 },
    complete: false,
    failures: 0,
    leaseUntil: ctx.now,
    createdBy: ctx.openid,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + keep.keepHours * 3_600_000),
  };
  await insert('exports', job as unknown as { _id: string } & Record<string, unknown>);
  return view(await advance(job, ctx.now));
}

async function exportStatus(input: ParsedOf<(typeof adminStatsApi)['export.status']>, ctx: ActionContext) {
  const job = await getById<ExportDoc>('exports', input.exportId);
  if (!job) throw notFound('导出任务不存在或已过期');
  return view(await advance(job, ctx.now));
}

/** The settle timer's step: carries on an export whose page was closed (one a run, the oldest first). */
export async function continueExports(now: Date): Promise<number> {
  const _ = command();
  const [job] = await find<ExportDoc>(
    'exports',
    { status: 'running', leaseUntil: _.lte(now) },
    { sort: [['createdAt', 'asc']], limit: 1 },
  );
  if (!job) return 0;
  await advance(job, now);
  return 1;
}

/** The settle timer's step: deletes export files (joined and parts) past their time, then their records. */
export async function deleteExpiredExports(now: Date, batch: number): Promise<number> {
  const _ = command();
  const due = await find<Pick<ExportDoc, '_id' | 'fileID' | 'parts'>>(
    'exports',
    { expiresAt: _.lte(now) },
    { limit: batch },
  );
  const filesOf = (job: (typeof due)[number]) => [
    ...new Set([...(job.fileID ? [job.fileID] : []), ...(job.parts ?? [])]),
  ];
  const deleted = new Set(await deleteFiles(due.flatMap(filesOf)));
  const gone = due.filter((job) => filesOf(job).every((file) => deleted.has(file)));
  if (gone.length) await removeWhere('exports', { _id: _.in(gone.map((job) => job._id)) });
  return gone.length;
}

export const exportAdminHandlers: Pick<Handlers<typeof adminStatsApi>, 'export' | 'export.status'> = {
  export: startExport,
  'export.status': exportStatus,
};
