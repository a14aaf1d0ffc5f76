// docs/API.md, generated from the contracts (core/contracts): every function and action with who may call
// it, its input fields (from the zod schema), its answer (the type written in the contract) and the types
// that answer names, its error codes and one example. `npm run docs` writes it; a test fails when the
// committed file differs, so the document cannot drift from the code.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { toJSONSchema } from 'zod/v4/core';
import { API } from '../../core/contracts';
import type { Contract } from '../../core/contracts/contract';
import { ERROR_CODES } from '../../core/errors';
import { ROUTES } from '@fenxiao/localcloud';

export const API_DOC = 'docs/API.md';
const ROOT = path.resolve(__dirname, '../..');
/** Where answer types and the types they name are declared. */
const TYPE_DIRS = ['core/contracts', 'core/domain'];
/** Every action may answer these; an action's own list adds the rest. */
const ALWAYS = ['INVALID_ARGUMENT', 'UNAUTHENTICATED', 'INTERNAL'];
/** Types of the language: named in answers, never documented here. */
const BUILT_IN = new Set(['Date', 'Record', 'Omit', 'Pick', 'Partial', 'Array', 'Readonly', 'NonNullable']);

const ACCESS: Record<Contract['access'], string> = {
  user: 'any mini-program user (the caller is the OPENID of the WeChat context)',
  admin:
    "one of the merchant's admins (`settings.admins`); anyone else gets PERMISSION_DENIED before the input is read",
  platform: 'the platform (a timer trigger, no OPENID)',
};

// ---- answers: the type arguments of `answer<T>()` and the declarations they name, read from the source

interface Declaration {
  name: string;
  text: string;
  file: string;
  refs: string[];
}

interface SourceFacts {
  /** `${action}\u0000${summary}` → the answer's type text. */
  answers: Map<string, string>;
  declarations: Map<string, Declaration>;
}

function typeNames(node: ts.Node): string[] {
  const names: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isTypeReferenceNode(n)) names.push(n.typeName.getText());
    if (ts.isTypeQueryNode(n)) names.push(n.exprName.getText());
    // `interface A extends B`: B is part of A's shape.
    if (ts.isExpressionWithTypeArguments(n)) names.push(n.expression.getText());
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

function propertyText(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === key) return property.initializer;
  }
  return undefined;
}

function readSources(): SourceFacts {
  const facts: SourceFacts = { answers: new Map(), declarations: new Map() };
  for (const dir of TYPE_DIRS) {
    for (const name of fs.readdirSync(path.join(ROOT, dir)).sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const file = `${dir}/${name}`;
      const source = ts.createSourceFile(
        file,
        fs.readFileSync(path.join(ROOT, file), 'utf8'),
        ts.ScriptTarget.ES2022,
        true,
      );
      const visit = (node: ts.Node) => {
        if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
          const declared = node.name.text;
          // Contracts win over domain on a clash: they are what callers see.
          if (!facts.declarations.has(declared) || dir === 'core/contracts')
            facts.declarations.set(declared, {
              name: declared,
              text: node.getFullText().trim(),
              file,
              refs: typeNames(node),
            });
        }
        if (ts.isVariableStatement(node)) {
          for (const declaration of node.declarationList.declarations) {
            const declared = declaration.name.getText();
            if (declaration.initializer && ts.isAsExpression(declaration.initializer))
              facts.declarations.set(declared, {
                name: declared,
                text: node.getFullText().trim(),
                file,
                refs: [],
              });
          }
        }
        if (ts.isCallExpression(node) && node.expression.getText() === 'define') {
          const [arg] = node.arguments;
          const parent = node.parent;
          if (arg && ts.isObjectLiteralExpression(arg) && ts.isPropertyAssignment(parent)) {
            const action = parent.name.getText().replace(/^['"]|['"]$/g, '');
            const answer = propertyText(arg, 'answer');
            const summary = propertyText(arg, 'summary');
            const typeArgument =
              answer && ts.isCallExpression(answer) ? answer.typeArguments?.[0] : undefined;
            if (
              typeArgument &&
              summary &&
              (ts.isStringLiteral(summary) || ts.isNoSubstitutionTemplateLiteral(summary))
            )
              facts.answers.set(
                `${action}\u0000${summary.text}`,
                typeArgument.getText().replace(/\s+/g, ' '),
              );
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return facts;
}

// ---- inputs: the JSON Schema of each input, flattened into field rows

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

interface FieldRow {
  field: string;
  type: string;
  required: boolean;
  rules: string;
}

function describeType(schema: JsonSchema): { type: string; rules: string[]; nullable: boolean } {
  const options = schema.anyOf ?? [schema];
  const nullable = options.some((option) => option.type === 'null');
  const main = options.find((option) => option.type !== 'null') ?? schema;
  const rules: string[] = [];
  if (main.enum)
    return { type: main.enum.map((value) => JSON.stringify(value)).join(' \\| '), rules, nullable };
  if (main.const !== undefined) return { type: JSON.stringify(main.const), rules, nullable };
  if (main.minimum !== undefined || main.maximum !== undefined)
    rules.push(`${main.minimum ?? '…'}–${main.maximum ?? '…'}`);
  if (main.minLength !== undefined || main.maxLength !== undefined)
    rules.push(`${main.minLength ?? 0}–${main.maxLength ?? '…'} characters`);
  if (main.minItems !== undefined || main.maxItems !== undefined)
    rules.push(`${main.minItems ?? 0}–${main.maxItems ?? '…'} items`);
  if (main.pattern) rules.push(`matches \`${main.pattern.replace(/\|/g, '\\|')}\``);
  return { type: main.type === 'array' ? 'array' : (main.type ?? 'any'), rules, nullable };
}

function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = `${prefix}${name}`;
    const { type, rules, nullable } = describeType(property);
    const required = schema.required?.includes(name) ?? false;
    rows.push({ field, type: nullable ? `${type} \\| null` : type, required, rules: rules.join('; ') });
    const inner = (property.anyOf ?? [property]).find((option) => option.type !== 'null') ?? property;
    if (inner.type === 'object') rows.push(...fieldRows(inner, `${field}.`));
    if (inner.type === 'array' && inner.items?.type === 'object')
      rows.push(...fieldRows(inner.items, `${field}[].`));
  }
  return rows;
}

// ---- the document

function typesNamedBy(roots: string[], declarations: Map<string, Declaration>): Declaration[] {
  const seen = new Set<string>();
  const order: Declaration[] = [];
  const visit = (name: string) => {
    const base = name.split('.')[0]!;
    if (seen.has(base) || BUILT_IN.has(base)) return;
    seen.add(base);
    const declaration = declarations.get(base);
    if (!declaration) return;
    order.push(declaration);
    declaration.refs.forEach(visit);
  };
  roots.forEach(visit);
  return order;
}

function answerRoots(text: string): string[] {
  const source = ts.createSourceFile('answer.ts', `type A = ${text};`, ts.ScriptTarget.ES2022, true);
  return typeNames(source);
}

export function renderApiDoc(): string {
  const facts = readSources();
  const out: string[] = [];
  const roots: string[] = [];
  out.push(
    '<!-- Generated from core/contracts by `npm run docs`; a test fails when this file differs. Edit the contracts, not this file. -->',
    '',
    '# The functions and their actions',
    '',
    'Every function is called with `wx.cloud.callFunction({ name, data: { action, ...input } })` (in local mode',
    'the services POST the same event to the local cloud, see "The local cloud" below). The caller is the',
    '`OPENID` of the WeChat context, never a field of the input. Every function answers one envelope:',
    '',
    '```',
    '{ ok: true,  data: <the answer> }',
    '{ ok: false, error: { code, message, fields?, requestId? } }',
    '```',
    '',
    '- Inputs are strict: a key the action does not take is refused with `INVALID_ARGUMENT` naming it (in',
    '  `fields`), text never carries control characters, and an enumerated field lists its allowed values.',
    '  Nothing is written when an input is refused.',
    "- An unknown `action` is `INVALID_ARGUMENT`, and the message lists the function's actions.",
    '- Amounts are integers in fen, rates integers in basis points (1000 = 10%), times ISO 8601 strings (UTC).',
    '- Lists answer `{ items, next }`; pass `next` back as `cursor` for the following page (`null`: the end).',
    '- The mini-program calls through `miniprogram/services/client.ts` `call(fn, action, input)`, typed by these',
    '  contracts: an answer field renamed here is a type error in the page that reads it.',
    '',
    '## Error codes',
    '',
    ...ERROR_CODES.map((code) => `- \`${code}\` — ${ERROR_WORDS[code]}`),
    '',
  );
  for (const [fn, table] of Object.entries(API)) {
    out.push(`## \`${fn}\``, '');
    for (const [action, raw] of Object.entries(table as Record<string, Contract>)) {
      const contract = raw;
      const answerText = facts.answers.get(`${action}\u0000${contract.summary}`);
      if (!answerText) throw new Error(`no answer<T>() found in the source for ${fn}.${action}`);
      roots.push(...answerRoots(answerText));
      const schema = toJSONSchema(contract.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const rows = fieldRows(schema);
      out.push(`### \`${fn}.${action}\``, '', contract.summary, '', `- **Who:** ${ACCESS[contract.access]}.`);
      out.push(`- **Answer:** \`${answerText}\``);
      const codes = [...new Set([...contract.errors, ...ALWAYS])];
      out.push(`- **Errors:** ${codes.map((code) => `\`${code}\``).join(', ')}`, '');
      if (rows.length === 0) out.push('No input.', '');
      else {
        out.push('| input field | type | required | rules |', '|---|---|---|---|');
        for (const row of rows)
          out.push(`| \`${row.field}\` | ${row.type} | ${row.required ? 'yes' : ''} | ${row.rules} |`);
        out.push('');
      }
      out.push('```json', JSON.stringify({ action, ...(contract.example as object) }), '```', '');
    }
  }
  out.push(
    '## Types named by the answers',
    '',
    'As written in `core/contracts` and `core/domain` (times are `Date` there and arrive as ISO strings).',
    '',
  );
  for (const declaration of typesNamedBy(roots, facts.declarations)) {
    out.push(`### \`${declaration.name}\` (${declaration.file})`, '', '```ts', declaration.text, '```', '');
  }
  out.push(...LOCAL_CLOUD);
  return `${out.join('\n').trimEnd()}\n`;
}

const ERROR_WORDS: Record<(typeof ERROR_CODES)[number], string> = {
  INVALID_ARGUMENT: 'bad or missing input (`fields` names each field and what is wrong); nothing written.',
  UNAUTHENTICATED: 'no OPENID: only a mini-program user (or the platform, for platform actions) may call.',
  PERMISSION_DENIED: 'not an admin, not the owner, or a frozen distributor.',
  NOT_FOUND: "the thing does not exist — or is someone else's (their order is not found, not forbidden).",
  ALREADY_EXISTS: 'a duplicate that cannot be treated as a retry.',
  FAILED_PRECONDITION:
    'the state does not allow it (paying a cancelled order, withdrawing more than available); the message says why.',
  RESOURCE_EXHAUSTED: 'too many at once (a transaction that kept conflicting, a rate limit): try again.',
  INTERNAL: 'anything else: logged with the `requestId` the answer carries; no detail leaks.',
};

const LOCAL_CLOUD = [
  '## Platform callbacks',
  '',
  "- `payNotify` — cloudPay's payment and refund results (the platform calls it; a call with an OPENID is",
  '  refused). It answers `{ errcode: 0, errmsg: "OK" }` only once the result is durable; anything else makes',
  '  the platform retry.',
  "- `payNotifyV3` — WeChat Pay API v3 notifications (payment, refund, 商家转账) through the function's HTTP",
  '  access; signatures are checked before anything is read (docs/WECHATPAY.md).',
  '',
  '## The local cloud',
  '',
  '`npm start` serves it on `LOCALCLOUD_PORT` (default 9123) with its data in `LOCALCLOUD_DATA` (default',
  '`.localcloud/`); `GET /` lists the same routes. Its wire protocol is described in docs/LOCALCLOUD.md,',
  'the package and its options in packages/localcloud/README.md. `POST /functions/<name>` answers HTTP 200',
  '`{ result }` (the envelope above), or `{ errCode, errMsg }` when the function threw or timed out; the',
  "mini-program's local mode and the page tests use it.",
  '',
  ...ROUTES.map(([route, what]) => `- \`${route}\` — ${what}`),
  '',
];

if (require.main === module) {
  const target = path.join(ROOT, API_DOC);
  const text = renderApiDoc();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== text) {
      console.error(`${API_DOC} is stale: run npm run docs`);
      process.exit(1);
    }
    console.log(`${API_DOC} is up to date`);
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote ${API_DOC}`);
  }
}
