// The collections a project declares, with their indexes: created when the local cloud starts, as a
// deploy step creates them on the platform. A project hands them over as an object, or as a file: JSON,
// or a JS/TS module exporting them (`collections`, `COLLECTIONS` or the default export).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface IndexDeclaration {
  name: string;
  /** Field paths (dot notation) to sort direction. */
  keys: Partial<Record<string, 1 | -1>>;
  /** Enforced by the local cloud, as by the platform. */
  unique?: boolean;
  /** A sparse index skips documents where any indexed field is missing or null. */
  sparse?: boolean;
}

/** A collection's declaration; other fields (security notes, purpose…) are the project's and ignored. */
export interface CollectionDeclaration {
  indexes?: readonly IndexDeclaration[];
}

export type CollectionDeclarations = Record<string, CollectionDeclaration>;

/** The platform's rule for collection names. */
const COLLECTION_NAME = /^[A-Za-z][\w-]{0,127}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a declaration table and answers it in the shape the engine takes. Accepts a list of names too
 * (`["users", "orders"]`: collections without indexes). `source` names where it came from in errors.
 */
export function normalizeCollections(value: unknown, source = 'collections'): CollectionDeclarations {
  const table: Record<string, unknown> = Array.isArray(value)
    ? Object.fromEntries(value.map((name) => [name, {}]))
    : isRecord(value)
      ? value
      : (() => {
          throw new Error(`${source}: expected an object of collection declarations or a list of names`);
        })();
  const problems: string[] = [];
  const out: CollectionDeclarations = {};
  for (const [name, raw] of Object.entries(table)) {
    if (!COLLECTION_NAME.test(name)) problems.push(`"${name}" is not a valid collection name`);
    const declaration = raw ?? {};
    if (!isRecord(declaration)) {
      problems.push(`${name}: a declaration must be an object ({ indexes?: [...] })`);
      continue;
    }
    const indexes = declaration.indexes ?? [];
    if (!Array.isArray(indexes)) {
      problems.push(`${name}.indexes must be a list`);
      continue;
    }
    const checked: IndexDeclaration[] = [];
    indexes.forEach((index: unknown, i) => {
      const where = `${name}.indexes[${i}]`;
      if (!isRecord(index) || typeof index.name !== 'string' || !isRecord(index.keys)) {
        problems.push(`${where} must be { name, keys: { field: 1 | -1 }, unique?, sparse? }`);
        return;
      }
      const keys = Object.entries(index.keys);
      if (keys.length === 0 || keys.some(([, direction]) => direction !== 1 && direction !== -1)) {
        problems.push(`${where} (${index.name}): keys must map field paths to 1 or -1`);
        return;
      }
      checked.push({
        name: index.name,
        keys: index.keys as IndexDeclaration['keys'],
        ...(index.unique === true ? { unique: true } : {}),
        ...(index.sparse === true ? { sparse: true } : {}),
      });
    });
    out[name] = { indexes: checked };
  }
  if (problems.length > 0) throw new Error(`${source}:\n  ${problems.join('\n  ')}`);
  return out;
}

/**
 * Reads a collections file: `.json`, or a module (`.js`, `.cjs`, `.ts`…) exporting `collections`,
 * `COLLECTIONS` or a default export. A TypeScript module needs a TypeScript loader in the process (the
 * CLI registers tsx when it is installed).
 */
export function loadCollections(file: string): CollectionDeclarations {
  const full = path.resolve(file);
  let value: unknown;
  if (full.endsWith('.json')) {
    try {
      value = JSON.parse(readFileSync(full, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(full) as Record<string, unknown>;
    value = mod.collections ?? mod.COLLECTIONS ?? mod.default ?? mod;
  }
  return normalizeCollections(value, file);
}
