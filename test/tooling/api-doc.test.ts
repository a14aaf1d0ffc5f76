// docs/API.md is generated from the contracts and cannot drift: every action of every function is in it, the
// committed file is what the generator writes now, and each contract's example is an input it accepts.
import fs from 'node:fs';
import path from 'node:path';
import { API } from '../../core/contracts';
import type { Contract } from '../../core/contracts/contract';
import { API_DOC, renderApiDoc } from '../../scripts/tooling/api-doc';

const committed = fs.readFileSync(path.resolve(__dirname, '../..', API_DOC), 'utf8');
const actions = Object.entries(API).flatMap(([fn, table]) =>
  Object.entries(table as Record<string, Contract>).map(([action, contract]) => ({ fn, action, contract })),
);

test('every action of every function has its section in docs/API.md', () => {
  const missing = actions.filter(({ fn, action }) => !committed.includes(`### \`${fn}.${action}\``));
  expect(missing.map(({ fn, action }) => `${fn}.${action}`)).toEqual([]);
  expect(actions.length).toBeGreaterThan(50);
});

test('docs/API.md is exactly what the contracts generate (run `npm run docs` after changing them)', () => {
  expect(committed).toBe(renderApiDoc());
});

test.each(actions.map(({ fn, action, contract }) => [`${fn}.${action}`, contract] as const))(
  '%s: its example is accepted by its input, and it says what it does',
  (_name, contract) => {
    const parsed = contract.input.safeParse(contract.example);
    expect(parsed.success ? 'ok' : parsed.error.issues).toBe('ok');
    expect(contract.summary.length).toBeGreaterThan(20);
  },
);
