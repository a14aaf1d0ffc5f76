// Templates are checked like code: every {{path}} must exist in the type of the page's data (through
// wx:for items), every wx:key must name a field of the items, every handler must be a method. Planted
// mistakes show each rule can fail; the repository passes.
import fs from 'node:fs';
import path from 'node:path';
import { chainsOf, checkWxmlBindings } from '../../scripts/tooling/wxml-bindings';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const planted = (file: string, from: string, to: string) => {
  const text = read(file);
  expect(text).toContain(from);
  return { [file]: text.replace(from, to) };
};

test('every template of the repository reads only what its script provides', () => {
  expect(checkWxmlBindings()).toEqual([]);
});

test('expressions are read as the chains they access', () => {
  expect(chainsOf("item.actions.length > 0 ? 'a' : view.x")).toEqual([
    ['item', 'actions', 'length'],
    ['view', 'x'],
  ]);
  expect(chainsOf("errors['grades.' + index + '.name']")).toEqual([['errors'], ['index']]);
  expect(chainsOf('list.items[0].name')).toEqual([['list', 'items', '[]', 'name']]);
});

test('a field the view model does not have is caught', () => {
  const problems = checkWxmlBindings(
    planted('miniprogram/pages/shop/product/index.wxml', '{{view.priceText}}', '{{view.priceTexts}}'),
  );
  expect(problems).toEqual([
    expect.objectContaining({
      file: 'miniprogram/pages/shop/product/index.wxml',
      message: expect.stringContaining('priceTexts'),
    }),
  ]);
});

test("a field renamed in the contract is caught in the template that reads it (the product's description)", () => {
  const problems = checkWxmlBindings(
    planted(
      'core/domain/order.ts',
      '  description?: string;\n  sort?: number;',
      '  summary?: string;\n  sort?: number;',
    ),
  );
  expect(
    problems.some(
      (p) => p.file === 'miniprogram/pages/shop/product/index.wxml' && p.message.includes('description'),
    ),
  ).toBe(true);
});

test('a wx:key the items lack, a data field that is gone and a handler that does not exist are caught', () => {
  const team = checkWxmlBindings(
    planted('miniprogram/pages/distributor/team/index.wxml', 'wx:key="userId"', 'wx:key="_id"'),
  );
  expect(team.map((p) => p.message)).toEqual(['wx:key="_id": the items have no `_id`']);
  const gone = checkWxmlBindings(
    planted(
      'miniprogram/pages/distributor/withdraw/index.wxml',
      '<text wx:else>',
      '<text wx:elif="{{ruleKnown}}">',
    ),
  );
  expect(gone.map((p) => p.message)).toEqual(['`ruleKnown` reads `ruleKnown`, which data has not']);
  const handler = checkWxmlBindings(
    planted('miniprogram/pages/order/detail/index.wxml', 'bind:tap="onConfirm"', 'bind:tap="onConfirmed"'),
  );
  expect(handler.map((p) => p.message)).toEqual(['bind:tap="onConfirmed": no such method']);
});
