// WeChat's own template and style compilers, wcc and wcsc, as shipped by the npm package miniprogram-compiler.
// Its tarball loses the executable bit and it runs no install script, so the binaries are made runnable here:
// in place when node_modules is writable, else from a private copy in the temp folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type WxCompiler = 'wcc' | 'wcsc';

export interface CompilerRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

const found = new Map<WxCompiler, string>();

function binaryName(name: WxCompiler): string {
  if (process.platform === 'linux') return `linux/${name}`;
  if (process.platform === 'darwin') return `mac/${name}`;
  if (process.platform === 'win32') return `windows/${name}.exe`;
  throw new Error(`miniprogram-compiler ships no ${name} for ${process.platform}`);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of a runnable wcc or wcsc. */
export function compilerPath(name: WxCompiler): string {
  const cached = found.get(name);
  if (cached) return cached;
  const pkg = path.dirname(require.resolve('miniprogram-compiler/package.json'));
  let file = path.join(pkg, 'bin', binaryName(name));
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: reinstall miniprogram-compiler`);
  if (process.platform !== 'win32' && !isExecutable(file)) {
    try {
      fs.chmodSync(file, 0o755);
    } catch {
      // read-only node_modules: run a private copy instead
    }
    if (!isExecutable(file)) {
      const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wx-compiler-')), path.basename(file));
      fs.copyFileSync(file, copy);
      fs.chmodSync(copy, 0o755);
      file = copy;
    }
  }
  found.set(name, file);
  return file;
}

/** Runs wcc or wcsc in `cwd` (paths in `args` are relative to it, as the compilers expect). */
export function runCompiler(name: WxCompiler, args: string[], cwd: string): CompilerRun {
  const result = spawnSync(compilerPath(name), args, { cwd, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  const stderr = result.stderr.toString();
  // wcsc reports some errors on stderr with exit status 0 ("ERR: ..."); both count as failures.
  return {
    ok: result.status === 0 && !/^ERR:/m.test(stderr),
    stdout: result.stdout.toString(),
    stderr,
  };
}
