// Prepares miniprogram/ for miniprogram-simulate: each .ts transpiled to a .js beside its wxml/wxss/json in a
// temp folder (DevTools compiles the same sources with its TypeScript plugin), TDesign tags mapped to a stub.
// TypeScript's own transpiler, not esbuild: esbuild refuses to load under jsdom (its Uint8Array check fails).
import ts from 'typescript';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MINIPROGRAM_SRC = path.resolve(__dirname, '../../../miniprogram');
const SKIP = new Set([
  'node_modules',
  'miniprogram_npm',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
]);

/** A neutral stand-in for every TDesign tag: renders its slot and the text props tests look for. */
const STUB = {
  json: JSON.stringify({ component: true, usingComponents: {} }),
  wxml: '<view class="t-stub">{{title}}{{label}}{{content}}{{description}}{{note}}{{text}}<slot /></view>',
  wxss: '',
  js: `Component({ options: { multipleSlots: true }, properties: {
    title: { type: null, value: '' }, label: { type: null, value: '' }, content: { type: null, value: '' },
    description: { type: null, value: '' }, note: { type: null, value: '' }, text: { type: null, value: '' },
    value: { type: null, value: '' }, disabled: { type: Boolean, value: false }, loading: { type: Boolean, value: false } } });`,
};
const STUB_PATH = '/__stubs__/t-stub';

export interface BuiltMiniprogram {
  root: string;
  /** Every TDesign tag used anywhere, pointed at the stub; pass as simulate.load's usingComponents. */
  stubs: Record<string, string>;
  /** require() of a built module by its path inside miniprogram/, e.g. 'services/client'. */
  require<T>(modulePath: string): T;
  /** Runs in each mount's fresh module registry before the page loads (tests set the services' platform here). */
  prepare: (req: <T>(modulePath: string) => T) => void;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

export function buildMiniprogram(): BuiltMiniprogram {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-simulate-'));
  const stubs: Record<string, string> = {};
  for (const file of walk(MINIPROGRAM_SRC)) {
    const rel = path.relative(MINIPROGRAM_SRC, file);
    const target = path.join(root, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith('.ts')) {
      const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2020,
          esModuleInterop: true,
        },
        fileName: file,
      });
      fs.writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
      continue;
    }
    if (file.endsWith('.json')) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> };
      for (const [tag, from] of Object.entries(json.usingComponents ?? {})) {
        if (from.startsWith('tdesign-miniprogram/')) stubs[tag] = STUB_PATH;
      }
    }
    fs.copyFileSync(file, target);
  }
  const stubDir = path.join(root, path.dirname(STUB_PATH));
  fs.mkdirSync(stubDir, { recursive: true });
  for (const [ext, content] of Object.entries(STUB))
    fs.writeFileSync(path.join(root, `${STUB_PATH}.${ext}`), content);
  return {
    root,
    stubs,
    require: <T>(modulePath: string) => require(path.join(root, modulePath)) as T,
    prepare: () => undefined,
  };
}
