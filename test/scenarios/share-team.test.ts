// share.team and share.stats through the local cloud: level-1 and level-2 members with their orders
// and the commission they brought (from ledger entries shaped as the money flow writes them), paging,
// one-level mode, and identity from the context only.
import { startCloud, TestCloud } from '../support/cloud';

let cloud: TestCloud;
type Doc = Record<string, any>;

/** A→B→C, A→D (shopper), B→E (shopper); B is a distributor, so C and E are A's level 2. */
const ids = { A: 'team-A', B: 'team-B', C: 'team-C', D: 'team-D', E: 'team-E' };

async function scan(openid: string, inviter: string) {
  const code = (await cloud.ok('join', 'me', {}, inviter)).distributor.code;
  const answer = await cloud.ok('join', 'enter', { scene: `i=${code}` }, openid);
  expect(answer.bound).toBe(true);
}

function commission(
  orderId: string,
  level: 1 | 2,
  beneficiaryId: string,
  buyerId: string,
  amount: number,
  extra: Doc = {},
) {
  return {
    _id: `${orderId}:L${level}`,
    orderId,
    level,
    beneficiaryId,
    buyerId,
    base: amount * 10,
    rate: level === 1 ? 1000 : 500,
    amount,
    reversedAmount: 0,
    status: 'pending',
    ...extra,
  };
}

beforeAll(async () => {
  cloud = await startCloud();
  await cloud.setSettings({ joinMode: 'everyone' });
  await cloud.ok('join', 'profile', { nickname: '甲' }, ids.A);
  await cloud.ok('join', 'apply', {}, ids.A);
  await scan(ids.B, ids.A);
  await cloud.ok('join', 'apply', {}, ids.B);
  await scan(ids.D, ids.A);
  await scan(ids.C, ids.B);
  await scan(ids.E, ids.B);
  const paidAt = new Date();
  cloud.local.engine.insert('orders', [
    { _id: 'o1', buyerId: ids.C, status: 'completed', goodsAmount: 10_000, paidAt },
    { _id: 'o2', buyerId: ids.C, status: 'paid', goodsAmount: 20_000, paidAt },
    { _id: 'o3', buyerId: ids.C, status: 'cancelled', goodsAmount: 50_000 },
    { _id: 'o4', buyerId: ids.D, status: 'shipped', goodsAmount: 3_000, paidAt },
  ]);
  cloud.local.engine.insert('commissions', [
    commission('o1', 1, ids.B, ids.C, 1_000, { status: 'settled' }),
    commission('o1', 2, ids.A, ids.C, 500, { status: 'settled' }),
    commission('o2', 1, ids.B, ids.C, 2_000, { reversedAmount: 500, status: 'reversed' }),
    commission('o2', 2, ids.A, ids.C, 1_000, { reversedAmount: 250, status: 'reversed' }),
    commission('o4', 1, ids.A, ids.D, 300),
  ]);
});
afterAll(async () => {
  await cloud.stop();
});

const byId = (members: Doc[]) => Object.fromEntries(members.map((m) => [m.userId, m]));

test('level 1 and level 2 members with orders and the commission each brought', async () => {
  const a1 = await cloud.ok('share', 'team', { level: 1 }, ids.A);
  expect(a1.next).toBeNull();
  expect(byId(a1.items)).toEqual({
    [ids.B]: expect.objectContaining({ isDistributor: true, orderCount: 0, commission: 0 }),
    [ids.D]: expect.objectContaining({ isDistributor: false, orderCount: 1, commission: 300 }),
  });
  const a2 = await cloud.ok('share', 'team', { level: 2 }, ids.A);
  expect(byId(a2.items)).toEqual({
    [ids.C]: expect.objectContaining({ viaUserId: ids.B, orderCount: 2, commission: 500 + 750 }),
    [ids.E]: expect.objectContaining({ viaUserId: ids.B, orderCount: 0, commission: 0 }),
  });
  const b1 = await cloud.ok('share', 'team', { level: 1 }, ids.B);
  expect(byId(b1.items)[ids.C]).toMatchObject({ orderCount: 2, commission: 1_000 + 1_500 });
  expect(b1.items.every((m: Doc) => typeof m.joinedAt === 'string')).toBe(true);
  expect((await cloud.ok('share', 'team', { level: 2 }, ids.B)).items).toEqual([]);
});

test('stats: invited by level, orders and commission totals', async () => {
  expect(await cloud.ok('share', 'stats', {}, ids.A)).toEqual({
    invited: { level1: 2, level2: 2, total: 4 },
    orders: { level1: 1, level2: 2, total: 3 },
    commission: { level1: 300, level2: 1_250, total: 1_550, pending: 300, settled: 500, reversed: 250 },
    // Today's earnings come from ledger rows, which these seeded entries have none of.
    today: { earned: 0 },
  });
  expect(await cloud.ok('share', 'stats', {}, ids.B)).toMatchObject({
    invited: { level1: 2, level2: 0 },
    commission: { total: 2_500, reversed: 500 },
  });
});

test('one-level mode: nobody at level 2', async () => {
  await cloud.setSettings({ levels: 1, rates: { level1: 1000, level2: 0 } });
  try {
    expect((await cloud.ok('share', 'team', { level: 2 }, ids.A)).items).toEqual([]);
    expect((await cloud.ok('share', 'stats', {}, ids.A)).invited).toEqual({ level1: 2, level2: 0, total: 2 });
  } finally {
    await cloud.setSettings({ levels: 2, rates: { level1: 1000, level2: 500 } });
  }
});

test('pages of at most `limit`, newest first, every member exactly once', async () => {
  const boss = 'team-boss';
  await cloud.ok('join', 'apply', {}, boss);
  const members = Array.from({ length: 25 }, (_, i) => `team-m${String(i).padStart(2, '0')}`);
  // Some bind in the same millisecond: the cursor must break ties by id, not skip or repeat.
  for (let i = 0; i < members.length; i += 5)
    await Promise.all(members.slice(i, i + 5).map((m) => scan(m, boss)));
  const seen: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page: Doc = await cloud.ok('share', 'team', { level: 1, limit: 10, cursor }, boss);
    sizes.push(page.items.length);
    seen.push(...page.items.map((m: Doc) => m.userId));
    const times = page.items.map((m: Doc) => Date.parse(m.joinedAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    cursor = page.next;
  } while (cursor);
  expect(sizes).toEqual([10, 10, 5]);
  expect([...seen].sort()).toEqual(members);
});

test('the caller’s own team only: an id in data is refused, never read', async () => {
  const spoofed = await cloud.call('share', 'team', { level: 1, openid: ids.A, userId: ids.A }, ids.B);
  expect(spoofed).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  const mine = await cloud.ok('share', 'team', { level: 1 }, ids.B);
  expect(mine.items.map((m: Doc) => m.userId).sort()).toEqual([ids.C, ids.E]);
});
