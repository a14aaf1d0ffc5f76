// Does WeChat's own toolchain accept the mini-program? Every WXML through wcc and every WXSS through wcsc (the
// compilers DevTools runs), and the package sizes after DevTools' 构建 npm, against the platform's limits
// (main package ≤ 2 MB, each subpackage ≤ 2 MB, all together ≤ 20 MB).
// `npx tsx scripts/tooling/wx-compile.ts` prints the report; test/tooling/wx-compile.test.ts runs it in `npm test`.
import { transformSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../doctor';
import { runCompiler } from './wx-compilers';

export type { Problem };

export const MAIN_LIMIT_BYTES = 2 * 1024 * 1024;
export const SUBPACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
export const TOTAL_LIMIT_BYTES = 20 * 1024 * 1024;

export interface PackageSize {
  /** '__APP__' for the main package, else the subpackage root. */
  name: string;
  bytes: number;
  files: number;
  /** Of which: bytes from miniprogram_npm. */
  npmBytes: number;
  limitBytes: number;
}

export interface WxCheckReport {
  problems: Problem[];
  sizes: PackageSize[];
  totalBytes: number;
  wxmlFiles: number;
  wxssFiles: number;
  ms: number;
}

interface AppJson {
  pages?: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
  usingComponents?: Record<string, string>;
  sitemapLocation?: string;
}

const SKIP_DIRS = new Set(['node_modules', 'miniprogram_npm']);
/** Files DevTools never uploads (project.config.json packOptions adds its own). */
const NOT_UPLOADED = /(\.d\.ts|\.md|package-lock\.json|tsconfig\.json|package\.json)$/;

const posix = (p: string) => p.split(path.sep).join('/');

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, keep, out);
    } else if (keep(full)) out.push(full);
  }
  return out;
}

/** The mini-program folder of a project root, from project.config.json's miniprogramRoot. */
export function miniprogramDir(root: string): string {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8')) as {
    miniprogramRoot?: string;
  };
  return path.join(root, config.miniprogramRoot ?? '');
}

function readJsonFile<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Component tags per page/component json, the way wcc's -cc option wants them (as miniprogram-compiler passes). */
function componentArgs(mp: string, wxml: string[]): string {
  const parts: string[] = [];
  let count = 0;
  for (const rel of wxml) {
    const json = readJsonFile<{ usingComponents?: Record<string, string> }>(
      path.join(mp, rel.replace(/\.wxml$/, '.json')),
    );
    if (!json?.usingComponents) continue;
    const tags = Object.keys(json.usingComponents);
    parts.push(rel, String(tags.length), ...tags);
    count++;
  }
  return [String(count), ...parts].join(' ');
}

/** Compiles each WXML alone (to name every broken file) and then all together, as DevTools does. */
export function checkWxml(root: string): { problems: Problem[]; files: number } {
  const mp = miniprogramDir(root);
  const files = walk(mp, (f) => f.endsWith('.wxml') || f.endsWith('.wxs')).map((f) =>
    posix(path.relative(mp, f)),
  );
  const where = (rel: string) => posix(path.relative(root, path.join(mp, rel)));
  const problems: Problem[] = [];
  const wxml = files.filter((f) => f.endsWith('.wxml'));
  for (const rel of wxml) {
    const run = runCompiler('wcc', ['-d', rel], mp);
    if (!run.ok) {
      problems.push({
        check: 'wcc',
        where: where(rel),
        what: `wcc refuses it: ${(run.stderr.trim() || `exit status not 0`).split('\n')[0]}`,
        fix: 'Fix the template (close every tag, quote every attribute, well-formed {{ }}); DevTools will refuse it too.',
      });
    }
  }
  if (problems.length === 0 && wxml.length > 0) {
    const run = runCompiler('wcc', ['-d', '-cc', componentArgs(mp, wxml), ...files, '-gn', '$gwx'], mp);
    if (!run.ok) {
      problems.push({
        check: 'wcc',
        where: posix(path.relative(root, mp)) || '.',
        what: `wcc refuses the templates together: ${run.stderr.trim().split('\n')[0]}`,
        fix: 'Check <import>/<include>/<wxs> paths and template names across files.',
      });
    }
  }
  return { problems, files: wxml.length };
}

const IMPORT = /@import\s+(?:url\()?\s*["']([^"']+)["']/g;

/** A WXSS file and every file its @import chain reaches, relative to `base`, the file first. */
export function wxssWithImports(base: string, rel: string): string[] {
  const out: string[] = [];
  const visit = (file: string) => {
    if (out.includes(file)) return;
    out.push(file);
    let text = '';
    try {
      text = fs.readFileSync(path.join(base, file), 'utf8');
    } catch {
      return; // wcsc reports the missing import itself
    }
    for (const match of text.matchAll(IMPORT)) {
      const target = match[1]!.startsWith('/')
        ? match[1]!.slice(1)
        : posix(path.normalize(path.join(path.dirname(file), match[1]!)));
      visit(target);
    }
  };
  visit(rel);
  return out;
}

export function checkWxss(root: string): { problems: Problem[]; files: number } {
  const mp = miniprogramDir(root);
  const files = walk(mp, (f) => f.endsWith('.wxss')).map((f) => posix(path.relative(mp, f)));
  const problems: Problem[] = [];
  for (const rel of files) {
    const run = runCompiler('wcsc', ['-db', '-pc', '1', ...wxssWithImports(mp, rel)], mp);
    if (!run.ok) {
      problems.push({
        check: 'wcsc',
        where: posix(path.relative(root, path.join(mp, rel))),
        what: `wcsc refuses it: ${(run.stderr.trim() || 'exit status not 0').split('\n')[0]}`,
        fix: 'Fix the stylesheet (balanced braces, no stray ";;", valid @import paths); DevTools will refuse it too.',
      });
    }
  }
  return { problems, files: files.length };
}

// ---------------------------------------------------------------------------------------------------------
// Package sizes after 构建 npm, counting what DevTools uploads with "上传时过滤无依赖文件" (ignoreUploadUnusedFiles).

/** Where a dependency's miniprogram_dist comes from: miniprogram/node_modules, else the root's node_modules. */
function npmPackageDir(root: string, mp: string, name: string): string | undefined {
  for (const base of [path.join(mp, 'node_modules'), path.join(root, 'node_modules')]) {
    const pkg = readJsonFile<{ miniprogram?: string }>(path.join(base, name, 'package.json'));
    if (pkg) return path.join(base, name, pkg.miniprogram ?? 'miniprogram_dist');
  }
  return undefined;
}

/**
 * The files of the built mini-program: project files by their path inside miniprogram/ (TypeScript counted as the
 * JavaScript DevTools' TypeScript plugin emits), and each dependency's miniprogram_dist under
 * miniprogram_npm/<name>/, as 构建 npm lays it out.
 */
export function builtFiles(root: string): { files: Map<string, string>; problems: Problem[] } {
  const mp = miniprogramDir(root);
  const files = new Map<string, string>(); // path in the package → absolute source file
  const problems: Problem[] = [];
  for (const file of walk(mp, () => true)) {
    const rel = posix(path.relative(mp, file));
    if (NOT_UPLOADED.test(rel)) continue;
    files.set(rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel, file);
  }
  const deps = readJsonFile<{ dependencies?: Record<string, string> }>(path.join(mp, 'package.json'));
  for (const name of Object.keys(deps?.dependencies ?? {})) {
    const dist = npmPackageDir(root, mp, name);
    if (!dist || !fs.existsSync(dist)) {
      problems.push({
        check: 'npm',
        where: posix(path.relative(root, path.join(mp, 'package.json'))),
        what: `${name} is not installed, so 构建 npm cannot build it`,
        fix: 'Run npm install (in miniprogram/ or at the root).',
      });
      continue;
    }
    const all: string[] = [];
    const walkAll = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walkAll(full);
        else all.push(full);
      }
    };
    walkAll(dist);
    for (const file of all) {
      const rel = posix(path.relative(dist, file));
      if (NOT_UPLOADED.test(rel)) continue;
      files.set(`miniprogram_npm/${name}/${rel}`, file);
    }
  }
  return { files, problems };
}

const REQUIRE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
const WXML_SRC = /<(?:import|include|wxs)\b[^>]*\bsrc\s*=\s*["']([^"'{}]+)["']/g;

/** Resolves a module, component or resource reference from `from` (a path inside the package) as DevTools does. */
function resolveRef(
  files: Map<string, string>,
  from: string,
  ref: string,
  exts: string[],
): string | undefined {
  const candidates: string[] = [];
  const bases: string[] = [];
  if (ref.startsWith('/')) bases.push(ref.slice(1));
  else if (ref.startsWith('.')) bases.push(posix(path.normalize(path.join(path.dirname(from), ref))));
  else {
    // A bare name: miniprogram_npm folders from the file's own folder up to the root, then a relative path.
    let dir = path.posix.dirname(from);
    for (;;) {
      bases.push(posix(path.normalize(path.posix.join(dir, 'miniprogram_npm', ref))));
      if (dir === '.' || dir === '') break;
      dir = path.posix.dirname(dir);
    }
    bases.push(posix(path.normalize(path.join(path.dirname(from), ref))));
  }
  for (const base of bases) {
    candidates.push(base, ...exts.map((e) => base + e), ...exts.map((e) => `${base}/index${e}`));
  }
  return candidates.find((c) => files.has(c));
}

/** The files reachable from app.json: pages, components, required modules, imported styles and templates. */
export function usedFiles(root: string, files: Map<string, string>): Set<string> {
  const mp = miniprogramDir(root);
  const app = readJsonFile<AppJson>(path.join(mp, 'app.json')) ?? {};
  const used = new Set<string>();
  const queue: string[] = [];
  const add = (file: string | undefined) => {
    if (file && files.has(file) && !used.has(file)) {
      used.add(file);
      queue.push(file);
    }
  };
  const addComponent = (base: string) => ['.js', '.json', '.wxml', '.wxss'].forEach((e) => add(base + e));
  for (const f of ['app.js', 'app.json', 'app.wxss', app.sitemapLocation ?? 'sitemap.json']) add(f);
  for (const page of app.pages ?? []) addComponent(page);
  for (const sub of app.subPackages ?? app.subpackages ?? [])
    for (const page of sub.pages) addComponent(`${sub.root}/${page}`);
  while (queue.length > 0) {
    const file = queue.shift()!;
    const source = files.get(file)!;
    if (/\.(png|jpe?g|gif|svg|webp)$/.test(file)) continue;
    const text = uploadText(file, source);
    if (file.endsWith('.json')) {
      const json = readJsonFile<{ usingComponents?: Record<string, string> }>(source);
      for (const ref of Object.values(json?.usingComponents ?? {})) {
        if (ref.startsWith('plugin://')) continue;
        const base = resolveRef(files, file, ref, ['.json'])?.replace(/\.json$/, '');
        if (base) addComponent(base);
      }
    } else if (file.endsWith('.js') || file.endsWith('.wxs')) {
      for (const match of text.matchAll(REQUIRE)) add(resolveRef(files, file, match[1]!, ['.js', '.wxs']));
    } else if (file.endsWith('.wxss')) {
      for (const match of text.matchAll(IMPORT)) add(resolveRef(files, file, match[1]!, ['.wxss']));
    } else if (file.endsWith('.wxml')) {
      for (const match of text.matchAll(WXML_SRC)) add(resolveRef(files, file, match[1]!, ['.wxml', '.wxs']));
    }
  }
  return used;
}

const emitted = new Map<string, string>();

/** What a file uploads as: project TypeScript as the JavaScript it compiles to, everything else as it is. */
function uploadText(file: string, source: string): string {
  if (!source.endsWith('.ts')) return fs.readFileSync(source, 'utf8');
  const key = `${source}:${fs.statSync(source).mtimeMs}`;
  let code = emitted.get(key);
  if (code === undefined) {
    code = transformSync(fs.readFileSync(source, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      target: 'es2018',
      sourcefile: file,
    }).code;
    emitted.set(key, code);
  }
  return code;
}

function uploadBytes(file: string, source: string): number {
  return source.endsWith('.ts') ? Buffer.byteLength(uploadText(file, source)) : fs.statSync(source).size;
}

export function packageSizes(root: string): {
  sizes: PackageSize[];
  totalBytes: number;
  problems: Problem[];
} {
  const mp = miniprogramDir(root);
  const app = readJsonFile<AppJson>(path.join(mp, 'app.json')) ?? {};
  const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const { files, problems } = builtFiles(root);
  const used = usedFiles(root, files);
  const sizes = new Map<string, PackageSize>();
  const bucket = (name: string, limitBytes: number) => {
    let size = sizes.get(name);
    if (!size) sizes.set(name, (size = { name, bytes: 0, files: 0, npmBytes: 0, limitBytes }));
    return size;
  };
  bucket('__APP__', MAIN_LIMIT_BYTES);
  for (const sub of subRoots) bucket(sub, SUBPACKAGE_LIMIT_BYTES);
  for (const file of used) {
    const sub = subRoots.find((r) => file.startsWith(`${r}/`));
    const size = bucket(sub ?? '__APP__', sub ? SUBPACKAGE_LIMIT_BYTES : MAIN_LIMIT_BYTES);
    const bytes = uploadBytes(file, files.get(file)!);
    size.bytes += bytes;
    size.files++;
    if (file.startsWith('miniprogram_npm/')) size.npmBytes += bytes;
  }
  const list = [...sizes.values()];
  const totalBytes = list.reduce((sum, s) => sum + s.bytes, 0);
  for (const size of list) {
    if (size.bytes > size.limitBytes) {
      problems.push({
        check: 'package size',
        where: size.name === '__APP__' ? 'miniprogram' : `miniprogram/${size.name}`,
        what: `${size.name === '__APP__' ? 'the main package' : `subpackage ${size.name}`} is ${kb(size.bytes)}, over ${kb(size.limitBytes)}`,
        fix: 'Move pages into a subpackage, or drop unused components and assets.',
      });
    }
  }
  if (totalBytes > TOTAL_LIMIT_BYTES) {
    problems.push({
      check: 'package size',
      where: 'miniprogram',
      what: `all packages together are ${kb(totalBytes)}, over ${kb(TOTAL_LIMIT_BYTES)}`,
      fix: 'Drop unused components and assets; serve large images from cloud storage.',
    });
  }
  return { sizes: list, totalBytes, problems };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The whole check: compilers, then sizes. */
export function checkMiniprogram(root: string): WxCheckReport {
  const start = Date.now();
  const wxml = checkWxml(root);
  const wxss = checkWxss(root);
  const sizes = packageSizes(root);
  return {
    problems: [...wxml.problems, ...wxss.problems, ...sizes.problems],
    sizes: sizes.sizes,
    totalBytes: sizes.totalBytes,
    wxmlFiles: wxml.files,
    wxssFiles: wxss.files,
    ms: Date.now() - start,
  };
}

export function formatReport(report: WxCheckReport): string {
  const lines = [
    `wcc: ${report.wxmlFiles} WXML files, wcsc: ${report.wxssFiles} WXSS files (${report.ms} ms)`,
    'package sizes after 构建 npm (files reachable from app.json):',
    ...report.sizes.map(
      (s) =>
        `  ${(s.name === '__APP__' ? 'main' : s.name).padEnd(14)} ${kb(s.bytes).padStart(10)} of ${kb(s.limitBytes)}` +
        `  (${s.files} files${s.npmBytes ? `, miniprogram_npm ${kb(s.npmBytes)}` : ''})`,
    ),
    `  ${'total'.padEnd(14)} ${kb(report.totalBytes).padStart(10)} of ${kb(TOTAL_LIMIT_BYTES)}`,
  ];
  for (const p of report.problems) lines.push(`✗ ${p.where}: ${p.what}\n    ${p.fix}`);
  return lines.join('\n');
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  const report = checkMiniprogram(root);
  console.log(formatReport(report));
  process.exit(report.problems.length > 0 ? 1 : 0);
}
