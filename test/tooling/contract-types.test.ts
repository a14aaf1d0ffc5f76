// The contract is the single truth for pages: renaming a field of an answer in core/contracts makes the
// mini-program's type check fail in the page that reads it. Proved by type-checking the mini-program
// (miniprogram/tsconfig.json, as `npm run typecheck` does) with the contract file edited in memory.
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const config = ts.getParsedCommandLineOfConfigFile(
  path.join(ROOT, 'miniprogram/tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' '));
    },
  },
)!;

let previous: ts.Program | undefined;

/** The mini-program's type errors, as `file: message`, with `edits` applied to the named files first. */
function typeErrors(edits: Record<string, (text: string) => string> = {}): string[] {
  const host = ts.createCompilerHost(config.options);
  const read = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = read(file);
    const edit = edits[path.relative(ROOT, file)];
    return text !== undefined && edit ? edit(text) : text;
  };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host,
    oldProgram: previous,
  });
  previous = program;
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const file = d.file ? path.relative(ROOT, d.file.fileName) : '';
    return `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** Renames one field line of an interface in a contract file; fails if the line is not there. */
const rename = (from: string, to: string) => (text: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

test('the mini-program type-checks against the contract as it is', () => {
  expect(typeErrors()).toEqual([]);
});

test("renaming share.poster's code.tempFileURL fails in the poster page that draws it", () => {
  const errors = typeErrors({
    'core/contracts/share.ts': rename('  tempFileURL: string;\n}', '  tempFileUrl: string;\n}'),
  });
  expect(
    errors.some(
      (e) => e.startsWith('miniprogram/pages/distributor/poster/index.ts') && e.includes('tempFileURL'),
    ),
  ).toBe(true);
});

test("renaming the order's shippingInfo fails in the order detail that shows the parcel", () => {
  const errors = typeErrors({
    'core/contracts/order.ts': rename('  shippingInfo?: ShippingInfo;', '  shipment?: ShippingInfo;'),
  });
  expect(
    errors.some((e) => e.startsWith('miniprogram/pages/order/detail/logic.ts') && e.includes('shippingInfo')),
  ).toBe(true);
});

test("renaming a ledger entry's maturesAt fails in the ledger's explanation", () => {
  const errors = typeErrors({
    'core/contracts/wallet.ts': rename('  maturesAt: Date | null;', '  settleAt: Date | null;'),
  });
  expect(
    errors.some((e) => e.startsWith('miniprogram/pages/distributor/logic.ts') && e.includes('maturesAt')),
  ).toBe(true);
});
