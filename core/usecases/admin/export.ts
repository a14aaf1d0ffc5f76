// admin `export { kind, from, to }`: a CSV of orders, commissions, distributors or withdrawals in a date
// range, written to cloud storage and answered as { fileID, tempFileURL, rows }.
//
// - Which documents: orders, commissions and withdrawals created in the range; distributors who joined
//   (first activation) in the range. Oldest first, the order a merchant reads a ledger in.
// - The file: UTF-8 with a BOM (Excel reads BOM-less UTF-8 as the system code page and garbles Chinese),
//   CRLF line ends, Chinese headers, amounts in yuan with two decimals, times in Beijing time
//   (domain/analytics.ts shapes the rows; csv-stringify does the quoting).
// - Size: at most MAX_EXPORT_ROWS rows, read in pages of 1000 (the platform's limit per read). A range
//   holding more is refused up front with INVALID_ARGUMENT, so a merchant is never handed a silently cut file.
import { randomBytes } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { adminStatsApi } from '../../contracts/admin-stats';
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
import { invalid } from '../../errors';
import type { ActionContext, Handlers } from '../../handler';
import { command, countWhere, insert, query } from '../../data/db';
import { loadSettings } from '../../data/settings';
import type { CollectionName } from '../../data/collections';
import { storeFile } from '../../data/storage';
import { nicknamesOf } from '../../data/users';

/** Rows one export may hold: about 15 MB of CSV, well inside the function's memory and 60 s. */
export const MAX_EXPORT_ROWS = 50_000;
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

/** A dotted path's value in a document (the sort field of distributors is nested). */
function valueAt(doc: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      doc,
    );
}

const timeOf = (value: unknown) =>
  value instanceof Date ? value.getTime() : new Date(value as string).getTime();

/**
 * Every row of the range, in pages ordered by (time, _id). Each page starts at the last time read (keyset
 * paging) and skips only the rows of that same instant already read, so a page costs an index range scan
 * instead of walking past every earlier row as a growing skip would; documents created while the export
 * runs sort after what was read and cannot shift a page.
 */
async function readRows(source: Source<unknown>, range: DateRange, total: number): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  const _ = command();
  let from: Date = range.start;
  let sameInstant = 0; // rows already read whose time equals `from`
  for (let read = 0; read < total;) {
    let page = query(
      source.collection,
      { ...source.where(range), [source.field]: _.gte(from).and(_.lt(range.end)) },
      [
        [source.field, 'asc'],
        ['_id', 'asc'],
      ],
    );
    if (sameInstant > 0) page = page.skip(sameInstant);
    const { data } = await page.limit(READ_PAGE).get();
    if (data.length === 0) break;
    rows.push(...(await source.rows(data)));
    read += data.length;
    const last = timeOf(valueAt(data[data.length - 1], source.field));
    const tail = data.filter((doc) => timeOf(valueAt(doc, source.field)) === last).length;
    sameInstant = last === from.getTime() ? sameInstant + tail : tail;
    from = new Date(last);
    if (data.length < READ_PAGE) break;
  }
  return rows;
}

export function toCsv(kind: ExportKind, rows: CsvRow[]): Buffer {
  const text = stringify(rows, {
    header: true,
    columns: [...EXPORT_COLUMNS[kind]],
    bom: true,
    record_delimiter: 'windows',
  });
  return Buffer.from(text, 'utf8');
}

async function exportCsv(input: ParsedOf<(typeof adminStatsApi)['export']>, ctx: ActionContext) {
  const range = dateRange(input.from, input.to);
  const source = SOURCES[input.kind] as Source<unknown>;
  const total = await countWhere(source.collection, source.where(range));
  if (total > MAX_EXPORT_ROWS) {
    throw invalid(
      `该时间段共有 ${total} 条记录，单次最多导出 ${MAX_EXPORT_ROWS} 条，请缩短日期范围后分段导出`,
    );
  }
  const rows = await readRows(source, range, total);
  const name = randomBytes(6).toString('hex');
  const stored = await storeFile(exportPath(input.kind, range, name), toCsv(input.kind, rows));
  // Names, phones and addresses do not stay in storage: the settle timer deletes the file when it expires.
  const { exports: keep } = await loadSettings();
  const expiresAt = new Date(ctx.now.getTime() + keep.keepHours * 3_600_000);
  await insert('exports', {
    _id: name,
    fileID: stored.fileID,
    kind: input.kind,
    createdAt: ctx.now,
    expiresAt,
  });
  return { kind: input.kind, from: range.from, to: range.to, ...stored, rows: rows.length, expiresAt };
}

export const exportAdminHandlers: Pick<Handlers<typeof adminStatsApi>, 'export'> = { export: exportCsv };
