// The edge of the contract, through the real functions: inputs are strict (unknown keys refused by name),
// text carries no control characters, enumerations list their values, an unknown action lists the
// function's actions, the admin guard answers before the input is read — and a refused input writes nothing.
import { API } from '../../core/contracts';
import { ADMIN, startCloud, TestCloud } from '../support/cloud';
import { ADDRESS, productDoc, userDoc } from '../support/fixtures';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startCloud();
  const now = cloud.local.clock.date();
  cloud.local.engine.insert('users', [userDoc('D', null, 'active', now), userDoc('S', 'D', 'none', now)]);
  cloud.local.engine.insert('products', [productDoc('tea', 1000)]);
});
afterAll(() => cloud?.stop());

/** Calls as `openid`, expecting a refusal with `code`; proves the database did not change. */
async function refused(
  fn: string,
  action: string,
  data: Record<string, unknown>,
  openid: string,
  code: string,
) {
  const before = cloud.snapshot();
  const answer = await cloud.call(fn, action, data, openid);
  expect(answer.ok).toBe(false);
  if (answer.ok) throw new Error('unreachable');
  expect([fn, action, answer.error.code]).toEqual([fn, action, code]);
  expect(cloud.snapshot()).toBe(before);
  return answer.error;
}

test('a misspelt field is refused by name instead of being ignored', async () => {
  const { order } = await cloud.ok(
    'order',
    'create',
    { items: [{ productId: 'tea', quantity: 1 }], address: ADDRESS },
    'S',
  );
  const error = await refused(
    'order',
    'refund',
    { orderId: order._id, reason: '不想要了', amout: 100 },
    'S',
    'INVALID_ARGUMENT',
  );
  expect(error.fields).toEqual({ amout: '不认识的字段' });
  expect(error.message).toContain('amout');
  // Nested objects are strict too: an extra key inside an order line or the address.
  const nested = await refused(
    'order',
    'create',
    { items: [{ productId: 'tea', quantity: 1, price: 1 }], address: { ...ADDRESS, note: 'x' } },
    'S',
    'INVALID_ARGUMENT',
  );
  expect(Object.keys(nested.fields ?? {}).sort()).toEqual(['address.note', 'items.0.price']);
});

test('control characters in text are refused, not answered INTERNAL', async () => {
  const error = await refused('order', 'catalog', { keyword: '茶\u0000' }, 'S', 'INVALID_ARGUMENT');
  expect(error.fields).toEqual({ keyword: '不能包含控制字符' });
  await refused('join', 'profile', { nickname: '小\u001b王' }, 'S', 'INVALID_ARGUMENT');
  await refused('admin', 'distributors.list', { q: 'a\u007f' }, ADMIN, 'INVALID_ARGUMENT');
  // A product description may span lines; a bell character may not.
  const product = { name: '新茶', price: 100, stock: 1, category: '茶', images: [], status: 'on' };
  await cloud.ok(
    'admin',
    'products.upsert',
    { product: { ...product, description: '第一行\n第二行' } },
    ADMIN,
  );
  await refused(
    'admin',
    'products.upsert',
    { product: { ...product, description: '响\u0007' } },
    ADMIN,
    'INVALID_ARGUMENT',
  );
});

test('an enumerated field says which values it takes', async () => {
  const team = await refused('share', 'team', { level: 3 }, 'D', 'INVALID_ARGUMENT');
  expect(team.message).toContain('level 只能是 1 或 2');
  const list = await refused('order', 'list', { status: 'lost' }, 'S', 'INVALID_ARGUMENT');
  expect(list.fields?.status).toBe(
    '只能是 created、paid、shipped、completed、cancelled、closed、refunding 或 refunded',
  );
});

test('wrong types and huge numbers are refused', async () => {
  await refused('wallet', 'withdraw', { amount: 1e20 }, 'D', 'INVALID_ARGUMENT');
  await refused('wallet', 'withdraw', { amount: '100' }, 'D', 'INVALID_ARGUMENT');
  await refused('wallet', 'withdraw', { amount: 1.5 }, 'D', 'INVALID_ARGUMENT');
  await refused(
    'order',
    'create',
    { items: [{ productId: 'tea', quantity: 1e9 }], address: ADDRESS },
    'S',
    'INVALID_ARGUMENT',
  );
  await refused(
    'order',
    'create',
    { items: { productId: 'tea' }, address: ADDRESS },
    'S',
    'INVALID_ARGUMENT',
  );
  await refused('order', 'detail', { orderId: { $ne: null } }, 'S', 'INVALID_ARGUMENT');
});

test("an unknown action lists the function's actions", async () => {
  for (const [fn, table] of Object.entries(API)) {
    const error = await refused(fn, 'nope', {}, 'S', 'INVALID_ARGUMENT');
    expect([fn, error.message]).toEqual([
      fn,
      `未知的 action：nope（可用：${Object.keys(table).join('、')}）`,
    ]);
  }
  expect((await refused('order', '', {}, 'S', 'INVALID_ARGUMENT')).message).toContain('catalog');
});

test('a non-admin with bad input is refused as a non-admin: the guard runs before the input is read', async () => {
  const error = await refused(
    'admin',
    'refunds.review',
    { refundId: 5, approve: 'yes', extra: 1 },
    'S',
    'PERMISSION_DENIED',
  );
  expect(error).not.toHaveProperty('fields');
  await refused('admin', 'settings.update', { settings: { capBp: -1 } }, 'D', 'PERMISSION_DENIED');
  // The admin with the same input learns what is wrong with it.
  const admin = await refused(
    'admin',
    'refunds.review',
    { refundId: 5, approve: 'yes', extra: 1 },
    ADMIN,
    'INVALID_ARGUMENT',
  );
  expect(Object.keys(admin.fields ?? {}).sort()).toEqual(['approve', 'extra', 'refundId']);
});

test('the platform adds userInfo to a mini-program call; it is not the caller’s input', async () => {
  const answer = await cloud.call('order', 'catalog', { userInfo: { appId: 'wx1', openId: 'S' } }, 'S');
  expect(answer.ok).toBe(true);
});
