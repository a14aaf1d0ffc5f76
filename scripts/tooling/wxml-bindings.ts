// The type check TypeScript cannot do for WXML: every `{{path}}` a template reads must exist in the type of
// its page's (or component's) `data` — through `wx:for` items too — every `wx:key` must name a field of
// the item, and every `bind…`/`catch…` handler must be a method. With the answers typed by the contract,
// a template that reads a field no function sends (or that the page stopped setting) fails here.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
export const MINIPROGRAM = path.join(ROOT, 'miniprogram');

export interface BindingProblem {
  /** Relative to the repository. */
  file: string;
  line: number;
  message: string;
}

/** What a template may read: the data's type, component properties, and the handlers it may bind. */
interface Host {
  dataType: ts.Type | undefined;
  dataNode: ts.Node | undefined;
  properties: Set<string>;
  methods: Set<string>;
}

/** A name in scope inside a template: a data path, or an alias whose type is only partly known. */
type Binding = { kind: 'path'; path: string[] } | { kind: 'any' };

const LITERALS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity', 'typeof', 'in']);
const EVENT_ATTRIBUTE = /^(?:bind|catch|capture-bind|capture-catch|mut-bind):?[\w-]+$/;

function objectKeys(node: ts.Expression | undefined): string[] {
  if (!node || !ts.isObjectLiteralExpression(node)) return [];
  return node.properties.flatMap((property) =>
    property.name ? [property.name.getText().replace(/^['"]|['"]$/g, '')] : [],
  );
}

function propertyOf(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === key) return property.initializer;
  }
  return undefined;
}

/** The object given to `Component({...})` or `Page({...})` in a page's or component's script. */
function hostOf(source: ts.SourceFile, checker: ts.TypeChecker): Host | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      (node.expression.text === 'Component' || node.expression.text === 'Page') &&
      node.arguments[0] &&
      ts.isObjectLiteralExpression(node.arguments[0])
    )
      found = node.arguments[0];
    if (!found) ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) return undefined;
  const data = propertyOf(found, 'data');
  const methods = new Set([...objectKeys(propertyOf(found, 'methods')), ...objectKeys(found)]);
  return {
    dataType: data ? checker.getTypeAtLocation(data) : undefined,
    dataNode: data,
    properties: new Set(objectKeys(propertyOf(found, 'properties'))),
    methods,
  };
}

/** The type at `path` below `type`, or the first key that is missing ('[]' is an array's element). */
function walk(
  checker: ts.TypeChecker,
  type: ts.Type,
  at: ts.Node,
  steps: string[],
): { ok: true } | { ok: false; missing: string; from: string } {
  let current = type;
  for (const [i, step] of steps.entries()) {
    current = checker.getNonNullableType(current);
    if (current.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { ok: true };
    if (step === '[]') {
      const element = current.getNumberIndexType();
      if (!element) return { ok: false, missing: '[]', from: checker.typeToString(current) };
      current = element;
      continue;
    }
    const property = checker.getPropertyOfType(current, step);
    if (property) {
      current = checker.getTypeOfSymbolAtLocation(property, at);
      continue;
    }
    // A record (errors by field name) has every key.
    const indexed = current.getStringIndexType();
    if (!indexed) return { ok: false, missing: step, from: i === 0 ? 'data' : checker.typeToString(current) };
    current = indexed;
  }
  return { ok: true };
}

/** Identifier chains an expression reads: `item.actions.length` → ['item', 'actions', 'length']. */
export function chainsOf(expression: string): string[][] {
  const withoutStrings = expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  // Keys of an object literal (`{{ {a: b} }}`) are not reads.
  const withoutKeys = withoutStrings.replace(/([{,]\s*)[A-Za-z_$][\w$]*\s*:/g, '$1');
  const chains: string[][] = [];
  const pattern = /(?<![\w$.\]])([A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*|\[\d+\])*)/g;
  for (const match of withoutKeys.matchAll(pattern)) {
    const root = match[1]!;
    if (LITERALS.has(root) || /^\d/.test(root)) continue;
    const rest = (match[2] ?? '').match(/[A-Za-z_$][\w$]*|\[\d+\]/g) ?? [];
    chains.push([root, ...rest.map((step) => (step.startsWith('[') ? '[]' : step))]);
  }
  return chains;
}

const expressionsIn = (text: string) => [...text.matchAll(/{{([\s\S]*?)}}/g)].map((m) => m[1]!.trim());

interface Tag {
  name: string;
  attributes: Record<string, string>;
  line: number;
  selfClosing: boolean;
  closing: boolean;
}

function tokens(wxml: string): (Tag | { text: string; line: number })[] {
  const out: (Tag | { text: string; line: number })[] = [];
  const pattern =
    /<!--[\s\S]*?-->|<\/([\w-]+)\s*>|<([\w-]+)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>|([^<]+)/g;
  for (const match of wxml.matchAll(pattern)) {
    const line = wxml.slice(0, match.index).split('\n').length;
    if (match[1]) out.push({ name: match[1], attributes: {}, line, selfClosing: false, closing: true });
    else if (match[2]) {
      const attributes: Record<string, string> = {};
      for (const a of (match[3] ?? '').matchAll(/([^\s=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/g))
        attributes[a[1]!] = a[2] ?? a[3] ?? '';
      out.push({ name: match[2], attributes, line, selfClosing: match[4] === '/', closing: false });
    } else if (match[5]) out.push({ text: match[5], line });
  }
  return out;
}

/** Problems of one template against its host. */
function checkTemplate(file: string, wxml: string, host: Host, checker: ts.TypeChecker): BindingProblem[] {
  const problems: BindingProblem[] = [];
  const rel = path.relative(ROOT, file);
  const scopes: { tag: string; names: Map<string, Binding> }[] = [{ tag: '', names: new Map() }];
  const wxs = new Set<string>();
  const lookup = (name: string): Binding | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = scopes[i]!.names.get(name);
      if (found) return found;
    }
    return undefined;
  };
  const check = (expression: string, line: number) => {
    for (const chain of chainsOf(expression)) {
      const [root, ...rest] = chain as [string, ...string[]];
      if (wxs.has(root)) continue;
      const alias = lookup(root);
      if (alias?.kind === 'any' || (!alias && host.properties.has(root))) continue;
      const steps = alias?.kind === 'path' ? [...alias.path, ...rest] : chain;
      if (!host.dataType || !host.dataNode) {
        problems.push({
          file: rel,
          line,
          message: `\`${chain.join('.')}\` is read, but the script sets no data`,
        });
        continue;
      }
      const result = walk(checker, host.dataType, host.dataNode, steps);
      if (!result.ok)
        problems.push({
          file: rel,
          line,
          message: `\`${chain.join('.')}\` reads \`${result.missing}\`, which ${result.from} has not`,
        });
    }
  };
  /** A wx:for list as a data path the items can be typed from, when it is a plain chain. */
  const listPath = (expression: string): string[] | undefined => {
    const [chain] = chainsOf(expression);
    if (!chain || expressionsIn(`{{${expression}}}`)[0] !== chain.join('.').replace(/\.\[\]/g, '[0]')) {
      const plain = /^[A-Za-z_$][\w$.]*$/.test(expression.trim());
      if (!plain || !chain) return undefined;
    }
    const [root, ...rest] = chain;
    const alias = lookup(root!);
    if (alias?.kind === 'any') return undefined;
    return alias?.kind === 'path' ? [...alias.path, ...rest] : chain;
  };

  for (const token of tokens(wxml)) {
    if ('text' in token) {
      expressionsIn(token.text).forEach((e) => check(e, token.line));
      continue;
    }
    if (token.closing) {
      const index = scopes.map((s) => s.tag).lastIndexOf(token.name);
      if (index > 0) scopes.length = index;
      continue;
    }
    if (token.name === 'wxs') {
      if (token.attributes.module) wxs.add(token.attributes.module);
    }
    const names = new Map<string, Binding>();
    const forExpression = token.attributes['wx:for'];
    if (forExpression !== undefined) {
      const [list] = expressionsIn(forExpression);
      const base = list !== undefined ? listPath(list) : undefined;
      const item = token.attributes['wx:for-item'] ?? 'item';
      names.set(item, base ? { kind: 'path', path: [...base, '[]'] } : { kind: 'any' });
      names.set(token.attributes['wx:for-index'] ?? 'index', { kind: 'any' });
    }
    scopes.push({ tag: token.name, names });
    for (const [name, value] of Object.entries(token.attributes)) {
      if (EVENT_ATTRIBUTE.test(name) && !value.includes('{{')) {
        if (!host.methods.has(value))
          problems.push({ file: rel, line: token.line, message: `${name}="${value}": no such method` });
        continue;
      }
      if (name === 'wx:key' && value && value !== '*this' && !value.includes('{{')) {
        const item = names.get(token.attributes['wx:for-item'] ?? 'item');
        if (item?.kind === 'path' && host.dataType && host.dataNode) {
          const result = walk(checker, host.dataType, host.dataNode, [...item.path, value]);
          if (!result.ok)
            problems.push({
              file: rel,
              line: token.line,
              message: `wx:key="${value}": the items have no \`${value}\``,
            });
        }
        continue;
      }
      expressionsIn(value).forEach((e) => check(e, token.line));
    }
    if (token.selfClosing) scopes.pop();
  }
  return problems;
}

function templates(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'miniprogram_npm') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) templates(full, out);
    else if (entry.name.endsWith('.wxml')) out.push(full);
  }
  return out;
}

/** Every template of the mini-program checked against its script; `edits` replace files' text in memory. */
export function checkWxmlBindings(edits: Record<string, string> = {}): BindingProblem[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(MINIPROGRAM, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' '));
      },
    },
  )!;
  const host = ts.createCompilerHost(config.options);
  const read = host.readFile.bind(host);
  host.readFile = (file) => edits[path.relative(ROOT, file)] ?? read(file);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  const checker = program.getTypeChecker();
  const problems: BindingProblem[] = [];
  for (const file of templates(MINIPROGRAM)) {
    const script = file.replace(/\.wxml$/, '.ts');
    const source = program.getSourceFile(script);
    if (!source) continue;
    const owner = hostOf(source, checker);
    if (!owner) continue;
    const wxml = edits[path.relative(ROOT, file)] ?? fs.readFileSync(file, 'utf8');
    problems.push(...checkTemplate(file, wxml, owner, checker));
  }
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(JSON.stringify(p)) && !!seen.add(JSON.stringify(p)));
}

if (require.main === module) {
  const problems = checkWxmlBindings();
  for (const p of problems) console.log(`${p.file}:${p.line}: ${p.message}`);
  console.log(
    problems.length ? `${problems.length} problems` : 'every template reads what its script provides',
  );
  process.exit(problems.length ? 1 : 0);
}
