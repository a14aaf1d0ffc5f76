// What the merchant pages ask of `admin` beyond the single actions: searching distributors, reading a member's
// team, rebinding by invite code, product categories, finding an order, nicknames on the lists, a preview of
// unsaved settings, and join.me telling the pages whether to offer the merchant's side.
import { startCloud, TestCloud } from '../support/cloud';
import { ADDRESS as address, productDoc, userDoc } from '../support/fixtures';

const ADMIN = 'lists-admin';
let shop: TestCloud;
type Doc = Record<string, any>;

const ok = (fn: string, action: string, data: Record<string, unknown>, openid = ADMIN) =>
  shop.ok(fn, action, data, openid);
const admin = (action: string, data: Record<string, unknown> = {}) => ok('admin', action, data);

async function buyAndPay(buyer: string, productId: string, quantity = 1): Promise<Doc> {
  const { order } = await ok('order', 'create', { items: [{ productId, quantity }], address }, buyer);
  await ok('order', 'pay', { orderId: order._id }, buyer);
  await shop.local.pay.pay(order.outTradeNo, 'SUCCESS');
  return order;
}

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const now = shop.local.clock.date();
  const named = (doc: Doc, nickname: string, inviteeCount = 0) => ({ ...doc, nickname, inviteeCount });
  // A recruited B; B recruited the shoppers C and E; F is a shopper of A. G is a distributor elsewhere.
  shop.local.engine.insert('users', [
    named(userDoc('A', null, 'active', now), '老李茶庄', 2),
    named(userDoc('B', 'A', 'active', now), '小王(茶)', 2),
    named(userDoc('C', 'B', 'none', now), '张三'),
    named(userDoc('E', 'B', 'none', now), '李四'),
    named(userDoc('F', 'A', 'none', now), '王五'),
    named(userDoc('G', null, 'active', now), 'Tea赵六'),
  ]);
  shop.local.engine.insert('invites', [
    { _id: 'CA', userId: 'A', createdAt: now },
    { _id: 'CB', userId: 'B', createdAt: now },
    { _id: 'CG', userId: 'G', createdAt: now },
  ]);
  shop.local.engine.insert('products', [
    productDoc('tea', 10000, { category: '茶' }),
    productDoc('tea2', 5000, { category: '茶', status: 'off' }),
    productDoc('wine', 20000, { category: '酒' }),
  ]);
});

afterAll(() => shop?.stop());

describe('distributors.list with a search', () => {
  const ids = (page: { items: Doc[] }) => page.items.map((user) => user._id).sort();

  test('a nickname fragment matches case-insensitively and literally (regex characters are plain text)', async () => {
    expect(ids(await admin('distributors.list', { q: '茶' }))).toEqual(['A', 'B']);
    expect(ids(await admin('distributors.list', { q: '(茶)' }))).toEqual(['B']);
    expect(ids(await admin('distributors.list', { q: '.*' }))).toEqual([]);
    expect(ids(await admin('distributors.list', { q: 'tEA' }))).toEqual(['G']);
  });

  test('an openid or an invite code (any case) finds exactly that user; the status still filters', async () => {
    expect(ids(await admin('distributors.list', { q: 'G' }))).toEqual(['G']);
    expect(ids(await admin('distributors.list', { q: 'cb' }))).toEqual(['B']);
    expect(ids(await admin('distributors.list', { q: '张三', status: 'none' }))).toEqual(['C']);
    expect(ids(await admin('distributors.list', { q: '张三', status: 'active' }))).toEqual([]);
    // A search without a status also finds shoppers, who never applied.
    expect(ids(await admin('distributors.list', { q: '王五' }))).toEqual(['F']);
  });
});

describe('distributors.team', () => {
  test("a member's level-1 and level-2 teams with orders and the commission they brought", async () => {
    await buyAndPay('C', 'tea');
    const level1 = await admin('distributors.team', { userId: 'A', level: 1 });
    expect(level1.items.map((m: Doc) => m.userId).sort()).toEqual(['B', 'F']);
    expect(level1.items.find((m: Doc) => m.userId === 'B')).toMatchObject({ isDistributor: true });
    const level2 = await admin('distributors.team', { userId: 'A', level: 2 });
    const c = level2.items.find((m: Doc) => m.userId === 'C');
    // C's ¥100.00 order: A is level 2 at the default 5%.
    expect(c).toMatchObject({ viaUserId: 'B', orderCount: 1, commission: 500 });
    expect(level2.items.map((m: Doc) => m.userId).sort()).toEqual(['C', 'E']);
    const ofB = await admin('distributors.team', { userId: 'B', level: 1 });
    expect(ofB.items.find((m: Doc) => m.userId === 'C')).toMatchObject({ commission: 1000 });
  });

  test('an unknown user is NOT_FOUND; a shopper is refused; a level 3 is malformed', async () => {
    expect(
      await shop.call('admin', 'distributors.team', { userId: 'nobody', level: 1 }, ADMIN),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await shop.call('admin', 'distributors.team', { userId: 'A', level: 1 }, 'C')).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await shop.call('admin', 'distributors.team', { userId: 'A', level: 3 }, ADMIN)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });
});

test('rebind takes the invite code from a poster as well as an openid', async () => {
  const { user } = await admin('distributors.rebind', { userId: 'F', inviterId: 'cg' });
  expect(user.inviterId).toBe('G');
  expect((shop.local.engine.getById('users', 'F') as Doc).inviterId).toBe('G');
  expect((await admin('distributors.rebind', { userId: 'F', inviterId: 'A' })).user.inviterId).toBe('A');
});

test('products: categories with their counts, and the list filtered by category and status', async () => {
  const { items } = await admin('products.categories');
  expect(items).toEqual([
    { category: '茶', products: 2 },
    { category: '酒', products: 1 },
  ]);
  const tea = await admin('products.list', { category: '茶' });
  expect(tea.items.map((p: Doc) => p._id).sort()).toEqual(['tea', 'tea2']);
  const teaOn = await admin('products.list', { category: '茶', status: 'on' });
  expect(teaOn.items.map((p: Doc) => p._id)).toEqual(['tea']);
});

describe('orders.list search and nicknames on the lists', () => {
  test('by order number, payment number or buyer; each row names the buyer', async () => {
    const order = await buyAndPay('E', 'wine', 2);
    for (const q of [order._id, order.outTradeNo]) {
      const page = await admin('orders.list', { q });
      expect(page.items.map((o: Doc) => o._id)).toEqual([order._id]);
      expect(page.items[0].buyerNickname).toBe('李四');
    }
    const byBuyer = await admin('orders.list', { q: 'E', status: 'paid' });
    expect(byBuyer.items.map((o: Doc) => o._id)).toEqual([order._id]);
    expect((await admin('orders.list', { q: 'E', status: 'shipped' })).items).toEqual([]);
  });

  test('refund requests and withdrawals carry the nickname of who asked', async () => {
    const order = await buyAndPay('F', 'tea');
    await ok('order', 'refund', { orderId: order._id, amount: 1000, reason: '不想要了' }, 'F');
    const refunds = await admin('refunds.list', { status: 'requested' });
    expect(refunds.items.find((r: Doc) => r.orderId === order._id)).toMatchObject({ buyerNickname: '王五' });

    shop.local.engine.insert('accounts', [
      {
        _id: 'G',
        pending: 0,
        available: 5000,
        withdrawing: 0,
        withdrawn: 0,
        debt: 0,
        settleSeq: 0,
        rev: 0,
      },
    ]);
    await ok('wallet', 'withdraw', { amount: 1000 }, 'G');
    const withdrawals = await admin('withdrawals.list', { status: 'requested' });
    expect(withdrawals.items).toEqual([expect.objectContaining({ userId: 'G', nickname: 'Tea赵六' })]);
  });
});

describe('settings.preview of a draft', () => {
  test('applies the draft to the saved rules without writing them, and lists its contradictions', async () => {
    const before = JSON.stringify(shop.local.engine.find('settings', { query: {}, limit: 10 }));
    const draft = await admin('settings.preview', { settings: { rates: { level1: 1200 } } });
    expect(draft).toMatchObject({ level1: 1200, level2: 500, problems: [] });
    expect(draft.text[0]).toContain('12.00 元（12%）');
    const bad = await admin('settings.preview', { settings: { levels: 1 } });
    expect(bad.problems.join()).toContain('二级佣金比例必须为 0');
    expect(JSON.stringify(shop.local.engine.find('settings', { query: {}, limit: 10 }))).toBe(before);
    expect((await admin('settings.preview')).level1).toBe(1000);
  });

  test('a malformed draft is INVALID_ARGUMENT', async () => {
    const answer = await shop.call(
      'admin',
      'settings.preview',
      { settings: { rates: { level1: -1 } } },
      ADMIN,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

test('join.me says whether the caller is a merchant admin', async () => {
  expect((await ok('join', 'me', {}, ADMIN)).isAdmin).toBe(true);
  expect((await ok('join', 'me', {}, 'C')).isAdmin).toBe(false);
});

test('stats.todo counts what waits for the merchant', async () => {
  const now = shop.local.clock.date();
  shop.local.engine.insert('users', [
    { ...userDoc('H', null, 'none', now), distributor: { status: 'pending', appliedAt: now } },
  ]);
  // By now: C's and E's orders are paid and not shipped, F asked for a refund, G asked to withdraw.
  expect(await admin('stats.todo')).toEqual({
    applications: 1,
    shipmentUploads: 0,
    toShip: 2,
    refunds: 1,
    withdrawals: 1,
    toPay: 0,
    lateRefunds: 0,
    failedRefunds: 0,
  });
  const [withdrawal] = (await admin('withdrawals.list', { status: 'requested' })).items;
  await admin('withdrawals.review', { withdrawalId: withdrawal._id, approve: true });
  expect(await admin('stats.todo')).toMatchObject({ withdrawals: 0, toPay: 1 });
});

test("stats.distributor names the member's invite code and grade for the detail page", async () => {
  await admin('settings.update', {
    settings: {
      grades: [
        {
          id: 'g1',
          name: '金牌',
          rates: { level1: 1200, level2: 500 },
          upgrade: { metric: 'sales', threshold: 1 },
        },
      ],
    },
  });
  const now = shop.local.clock.date();
  const base = userDoc('K', null, 'active', now);
  shop.local.engine.insert('users', [{ ...base, distributor: { ...base.distributor, grade: 'g1' } }]);
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const { user } = await admin('stats.distributor', { userId: 'K', from: today, to: today });
  expect(user.distributor).toMatchObject({ code: 'CK', grade: 'g1', gradeName: '金牌' });
});
