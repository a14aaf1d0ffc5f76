// Products from a merchant's JSON or CSV file: parsed, validated row by row (every error reported with
// its row), then upserted by id so that importing the same file twice changes nothing.
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import type { SeedDb } from './db';

const fen = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .check(
      z.refine(Number.isInteger, { error: `${label} must be a whole number of fen (分): ¥9.90 is 990` }),
      z.gte(0, { error: `${label} must be ≥ 0` }),
    );

const commissionSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('rate'),
    level1: z.int().check(z.gte(0), z.lte(10_000, { error: 'rates are basis points: 100% is 10000' })),
    level2: z.int().check(z.gte(0), z.lte(10_000, { error: 'rates are basis points: 100% is 10000' })),
  }),
  z.object({ mode: z.literal('fixed'), level1: fen('commission level1'), level2: fen('commission level2') }),
  z.object({ mode: z.literal('none') }),
]);

export const productSchema = z.object({
  _id: z.optional(
    z.string().check(z.regex(/^[\w-]{1,64}$/, { error: 'id: letters, digits, - or _ (≤ 64)' })),
  ),
  name: z.string().check(z.trim(), z.minLength(1, { error: 'name is required' }), z.maxLength(60)),
  description: z._default(z.string().check(z.maxLength(2000)), ''),
  price: fen('price'),
  stock: z.int({ error: 'stock must be a whole number' }).check(z.gte(0, { error: 'stock must be ≥ 0' })),
  category: z.string().check(z.trim(), z.minLength(1, { error: 'category is required' }), z.maxLength(30)),
  images: z._default(
    z.array(z.url({ protocol: /^(https?|cloud)$/, error: 'images must be https:// or cloud:// URLs' })),
    [],
  ),
  status: z._default(z.enum(['on', 'off'], { error: "status must be 'on' or 'off'" }), 'on'),
  sort: z._default(z.int(), 0),
  commission: z.optional(commissionSchema),
});

export type ProductInput = z.infer<typeof productSchema>;
export type Product = Omit<ProductInput, '_id'> & { _id: string; createdAt: Date; updatedAt: Date };

export interface RowError {
  /** 1-based row of data (the CSV header is not counted), or the array index + 1 for JSON. */
  row: number;
  message: string;
}

/** A stable id from the name, so a file without ids can be imported again without duplicating products. */
export function productId(name: string): string {
  return `p-${createHash('sha256').update(name.trim()).digest('hex').slice(0, 12)}`;
}

const CSV_COLUMNS = [
  'id',
  'name',
  'description',
  'price',
  'stock',
  'category',
  'images',
  'status',
  'sort',
  'commissionMode',
  'commissionLevel1',
  'commissionLevel2',
];

function number(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** A CSV row (all strings) as the JSON shape, leaving validation to the schema. */
function fromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const mode = row.commissionMode?.trim();
  const blank = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);
  return {
    _id: blank(row.id),
    name: row.name ?? '',
    description: row.description ?? '',
    price: number(row.price) ?? '',
    stock: number(row.stock) ?? 0,
    category: row.category ?? '',
    images: (row.images ?? '')
      .split('|')
      .map((url) => url.trim())
      .filter(Boolean),
    status: blank(row.status),
    sort: number(row.sort),
    commission: mode
      ? mode === 'none'
        ? { mode }
        : { mode, level1: number(row.commissionLevel1), level2: number(row.commissionLevel2) }
      : undefined,
  };
}

function issues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
}

/** Validates raw rows; products come back only when every row is valid, so a bad file writes nothing. */
export function validateProducts(rows: unknown[]): { products: ProductInput[]; errors: RowError[] } {
  const products: ProductInput[] = [];
  const errors: RowError[] = [];
  const ids = new Map<string, number>();
  rows.forEach((raw, index) => {
    const parsed = productSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push({ row: index + 1, message: issues(parsed.error) });
      return;
    }
    const id = parsed.data._id ?? productId(parsed.data.name);
    const first = ids.get(id);
    if (first !== undefined) errors.push({ row: index + 1, message: `same id as row ${first} (${id})` });
    ids.set(id, index + 1);
    products.push({ ...parsed.data, _id: id });
  });
  return { products: errors.length > 0 ? [] : products, errors };
}

export function parseProductsText(
  text: string,
  format: 'json' | 'csv',
): { products: ProductInput[]; errors: RowError[] } {
  if (format === 'json') {
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch (error) {
      return { products: [], errors: [{ row: 0, message: `not valid JSON: ${(error as Error).message}` }] };
    }
    if (!Array.isArray(rows))
      return { products: [], errors: [{ row: 0, message: 'the JSON file must be an array of products' }] };
    return validateProducts(rows);
  }
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      trim: false,
    }) as Record<string, string>[];
  } catch (error) {
    return { products: [], errors: [{ row: 0, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const header = records[0] ? Object.keys(records[0]) : [];
  const unknown = header.filter((column) => !CSV_COLUMNS.includes(column));
  if (unknown.length > 0) {
    return {
      products: [],
      errors: [
        { row: 0, message: `unknown column(s) ${unknown.join(', ')}; expected ${CSV_COLUMNS.join(', ')}` },
      ],
    };
  }
  return validateProducts(records.map(fromCsvRow));
}

export function readProductsFile(file: string): { products: ProductInput[]; errors: RowError[] } {
  const extension = path.extname(file).toLowerCase();
  if (extension !== '.json' && extension !== '.csv') {
    return { products: [], errors: [{ row: 0, message: `${file}: use a .json or .csv file` }] };
  }
  return parseProductsText(readFileSync(file, 'utf8'), extension === '.json' ? 'json' : 'csv');
}

/** Upserts by id, keeping createdAt of products already there; answers how many were created and updated. */
export async function importProducts(
  db: SeedDb,
  products: ProductInput[],
  now: Date,
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (const input of products) {
    const id = input._id ?? productId(input.name);
    const existing = await db.find('products', id);
    // A tag check, not instanceof: the SDK may build its Dates in another realm (vm, jest).
    const kept = existing?.createdAt;
    const createdAt = Object.prototype.toString.call(kept) === '[object Date]' ? (kept as Date) : now;
    const product: Product = { ...input, _id: id, createdAt, updatedAt: now };
    await db.put('products', id, product as unknown as Record<string, unknown>);
    if (existing) updated++;
    else created++;
  }
  return { created, updated };
}
