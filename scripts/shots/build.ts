// Lays out miniprogram/ the way DevTools runs it, in a temp folder: TypeScript compiled to CommonJS, and
// 构建 npm done by hand (tdesign-miniprogram's miniprogram_dist under miniprogram_npm/, its ES modules converted
// to CommonJS, bare imports pointed at its own miniprogram_npm), so miniprogram-simulate can load real pages
// with the real TDesign components.
import { transformSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MINIPROGRAM_SRC = path.join(REPO_ROOT, 'miniprogram');

const SKIP = new Set([
  'node_modules',
  'miniprogram_npm',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
]);

export interface BuiltApp {
  /** The built mini-program root (what DevTools would run). */
  root: string;
  dispose(): void;
}

function files(dir: string, skip: Set<string>, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files(full, skip, out);
    else out.push(full);
  }
  return out;
}

function toCommonJs(code: string, file: string, loader: 'ts' | 'js'): string {
  return transformSync(code, { loader, format: 'cjs', target: 'es2020', sourcefile: file }).code;
}

/** usingComponents paths into npm packages, rewritten as 构建 npm resolves them: /miniprogram_npm/<pkg>/… */
function rewriteJson(text: string, npm: string[]): string {
  const json = JSON.parse(text) as { usingComponents?: Record<string, string> };
  if (!json.usingComponents) return text;
  for (const [tag, ref] of Object.entries(json.usingComponents)) {
    if (npm.some((name) => ref === name || ref.startsWith(`${name}/`)))
      json.usingComponents[tag] = `/miniprogram_npm/${ref}`;
  }
  return JSON.stringify(json, null, 2);
}

/** A bare import inside an npm package, pointed at the package's own miniprogram_npm (as DevTools resolves it). */
function resolveBare(fromFile: string, packageRoot: string, spec: string): string | undefined {
  let dir = path.dirname(fromFile);
  for (;;) {
    const base = path.join(dir, 'miniprogram_npm', spec);
    for (const candidate of [`${base}.js`, path.join(base, 'index.js')]) {
      if (fs.existsSync(candidate)) {
        const rel = path.relative(path.dirname(fromFile), candidate).split(path.sep).join('/');
        return rel.startsWith('.') ? rel : `./${rel}`;
      }
    }
    if (dir === packageRoot || dir === path.dirname(dir)) return undefined;
    dir = path.dirname(dir);
  }
}

/** Copies one npm package's miniprogram_dist to miniprogram_npm/<name>, its JavaScript as CommonJS. */
function buildNpmPackage(name: string, target: string): void {
  const pkgDir = path.dirname(require.resolve(`${name}/package.json`, { paths: [REPO_ROOT] }));
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    miniprogram?: string;
  };
  const dist = path.join(pkgDir, pkg.miniprogram ?? 'miniprogram_dist');
  fs.cpSync(dist, target, { recursive: true, filter: (src) => !src.endsWith('.d.ts') });
  for (const file of files(target, new Set())) {
    if (!file.endsWith('.js')) continue;
    let code = toCommonJs(fs.readFileSync(file, 'utf8'), file, 'js');
    code = code.replace(/require\("([^".][^"]*)"\)/g, (all, spec: string) => {
      const resolved = resolveBare(file, target, spec);
      return resolved ? `require(${JSON.stringify(resolved)})` : all;
    });
    fs.writeFileSync(file, code);
  }
}

/** Builds miniprogram/ into a fresh temp folder. */
export function buildApp(): BuiltApp {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shots-app-'));
  const deps = Object.keys(
    (
      JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_SRC, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      }
    ).dependencies ?? {},
  );
  for (const file of files(MINIPROGRAM_SRC, SKIP)) {
    const rel = path.relative(MINIPROGRAM_SRC, file);
    const target = path.join(root, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const text = () => fs.readFileSync(file, 'utf8');
    if (file.endsWith('.d.ts')) continue;
    if (file.endsWith('.ts'))
      fs.writeFileSync(target.replace(/\.ts$/, '.js'), toCommonJs(text(), file, 'ts'));
    else if (file.endsWith('.json')) fs.writeFileSync(target, rewriteJson(text(), deps));
    else fs.copyFileSync(file, target);
  }
  for (const name of deps) buildNpmPackage(name, path.join(root, 'miniprogram_npm', name));
  return { root, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}
