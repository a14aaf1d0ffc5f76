// The virtual clock: real time plus an offset that tests and people move forward with POST /_clock.
// Functions, serverDate and timer triggers all read it, so "seven days later" takes no waiting. With a
// file, the offset is written durably each time it moves, so a restart (even after kill -9) resumes the
// clock where it was instead of running back to real time under data written "in the future".
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export interface ClockOptions {
  /** Where the offset is kept (<dataDir>/clock.json); none: the clock lives in memory only. */
  file?: string;
  /** Virtual time (ms since the epoch) to start at, when the file holds no saved clock yet. */
  start?: number;
}

export class Clock {
  private offsetMs = 0;
  /** True when the offset was read back from the file (the start option, if any, was not applied). */
  readonly restored: boolean = false;

  constructor(private readonly options: ClockOptions = {}) {
    const saved = options.file ? readOffset(options.file) : undefined;
    if (saved !== undefined) {
      this.offsetMs = saved;
      this.restored = true;
    } else if (options.start !== undefined) {
      if (!Number.isFinite(options.start)) throw new RangeError('the clock start must be a valid time');
      this.offsetMs = options.start - Date.now();
      this.persist();
    }
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
    this.offsetMs += ms;
    this.persist();
    return this.now();
  }

  /** Temp file, fsync, rename: after a crash the file holds either the old offset or the new one. */
  private persist(): void {
    const file = this.options.file;
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, `${JSON.stringify({ offsetMs: this.offsetMs })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  }
}

function readOffset(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not a saved clock: ${(error as Error).message}`);
  }
  const offset = (parsed as { offsetMs?: unknown } | null)?.offsetMs;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw new Error(`${file} holds no offsetMs`);
  return offset;
}

/** An ISO 8601 time with its zone: the same instant on every machine, whatever its time zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Reads the clock start: an ISO 8601 time with a zone (Z or +08:00), a Date or epoch milliseconds. */
export function parseInstant(value: string | number | Date, what = 'the clock start'): number {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : ISO_INSTANT.test(value.trim())
          ? Date.parse(value.trim())
          : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new Error(
      `${what} must be an ISO 8601 time with its zone, such as 2025-01-01T09:00:00+08:00, not ${String(value)}`,
    );
  }
  return ms;
}
