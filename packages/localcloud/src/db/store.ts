// Durable storage for the database engine: a snapshot file plus an append-only log of committed change sets.
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';

export type Doc = Record<string, unknown>;

/** One committed change set: a single write, a multi-document write, or a whole transaction. */
export type LogEntry =
  { seq: number; create: string } | { seq: number; ops: Array<{ c: string; id: unknown; d: Doc | null }> };

export interface LoadedState {
  seq: number;
  collections: Map<string, Doc[]>;
  /** Entries after the snapshot, in order. */
  entries: LogEntry[];
}

const SNAPSHOT = 'snapshot.ejson';
const LOG = 'changes.log';

// Canonical EJSON keeps Dates, RegExps, int/double and the other BSON types exact across restarts.
const encode = (value: unknown): string => EJSON.stringify(value, { relaxed: false });
const decode = (line: string): unknown => EJSON.parse(line, { relaxed: true });

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
}

export class Store {
  private fd: number;
  private logBytes: number;

  constructor(
    readonly dir: string,
    private readonly fsync: boolean,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.fd = fs.openSync(path.join(dir, LOG), 'a');
    this.logBytes = fs.fstatSync(this.fd).size;
  }

  get logSize(): number {
    return this.logBytes;
  }

  load(): LoadedState {
    const collections = new Map<string, Doc[]>();
    let seq = 0;
    const snapshotPath = path.join(this.dir, SNAPSHOT);
    if (fs.existsSync(snapshotPath)) {
      const lines = fs.readFileSync(snapshotPath, 'utf8').split('\n');
      const header = decode(lines[0] ?? '') as { seq: number; collections: string[] };
      seq = header.seq;
      for (const name of header.collections) collections.set(name, []);
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i];
        if (!line) continue;
        const { c, d } = decode(line) as { c: string; d: Doc };
        collections.get(c)?.push(d);
      }
    }
    const entries: LogEntry[] = [];
    const text = fs.readFileSync(path.join(this.dir, LOG), 'utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line) continue;
      let entry: LogEntry;
      try {
        entry = decode(line) as LogEntry;
      } catch (error) {
        // A kill mid-write can only tear the last line, and that change set was never acknowledged.
        if (i === lines.length - 1) break;
        throw new Error(
          `database log ${path.join(this.dir, LOG)} is corrupt at line ${i + 1}: ${String(error)}`,
        );
      }
      // Entries up to the snapshot's seq are already in it (a crash between snapshot and truncate).
      if (entry.seq > seq) entries.push(entry);
    }
    return { seq, collections, entries };
  }

  /** Appends before the caller answers: in the page cache it survives kill -9; fsync adds power loss. */
  append(entry: LogEntry): void {
    const line = encode(entry) + '\n';
    writeAll(this.fd, line);
    if (this.fsync) fs.fsyncSync(this.fd);
    this.logBytes += Buffer.byteLength(line);
  }

  /** Writes a new snapshot atomically (temp file + rename), then empties the log. */
  compact(seq: number, collections: Iterable<[string, Iterable<Doc>]>): void {
    const temp = path.join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = fs.openSync(temp, 'w');
    try {
      const all = [...collections];
      writeAll(fd, encode({ seq, collections: all.map(([name]) => name) }) + '\n');
      let chunk = '';
      for (const [name, docs] of all) {
        for (const doc of docs) {
          chunk += encode({ c: name, d: doc }) + '\n';
          if (chunk.length > 1 << 20) {
            writeAll(fd, chunk);
            chunk = '';
          }
        }
      }
      writeAll(fd, chunk);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path.join(this.dir, SNAPSHOT));
    try {
      const dirFd = fs.openSync(this.dir, 'r');
      fs.fsyncSync(dirFd);
      fs.closeSync(dirFd);
    } catch {
      // Directory fsync is not supported everywhere; the rename is still atomic.
    }
    fs.ftruncateSync(this.fd, 0);
    this.logBytes = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
