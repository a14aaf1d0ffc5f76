// A throwaway copy of the committed tree (git archive HEAD), so tests can plant faults without touching
// the working tree that other people are editing; node_modules is linked, not copied.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

export interface ProjectCopy {
  root: string;
  read(file: string): string;
  write(file: string, text: string): void;
  edit(file: string, change: (text: string) => string): void;
  remove(file: string): void;
  json(file: string): Record<string, unknown>;
  dispose(): void;
}

export function copyCommittedTree(): ProjectCopy {
  const root = mkdtempSync(path.join(tmpdir(), 'fenxiao-tooling-'));
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD'], {
    cwd: REPO,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const full = (file: string) => path.join(root, file);
  return {
    root,
    read: (file) => readFileSync(full(file), 'utf8'),
    write: (file, text) => {
      mkdirSync(path.dirname(full(file)), { recursive: true });
      writeFileSync(full(file), text);
    },
    edit: (file, change) => writeFileSync(full(file), change(readFileSync(full(file), 'utf8'))),
    remove: (file) => rmSync(full(file), { recursive: true, force: true }),
    json: (file) => JSON.parse(readFileSync(full(file), 'utf8')) as Record<string, unknown>,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
