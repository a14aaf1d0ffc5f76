// Binding end to end through the local cloud and the real SDK: every policy mode (with the clock moved
// for validity), who can and cannot bind and why, the A→B→C chain as orders see it, cycles, and races.
import { ADMIN, DAY, startCloud, TestCloud } from '../support/cloud';

let cloud: TestCloud;
let seq = 0;
const uid = (name: string) => `${name}-${(seq += 1)}`;

beforeAll(async () => {
  cloud = await startCloud();
  cloud.local.engine.insert('products', [
    {
      _id: 'tea',
      name: '明前龙井',
      price: 10_000,
      stock: 1000,
      category: '茶',
      images: [],
      status: 'on',
      sort: 0,
    },
  ]);
});
afterAll(async () => {
  await cloud.stop();
});

type Doc = Record<string, any>;
const userDoc = (id: string) => cloud.local.engine.getById('users', id) as Doc | null;
const eventsOf = (subjectId: string) =>
  (cloud.local.engine.find('events', { query: { subjectId }, limit: 1000 }) as Doc[]).map((e) => ({
    type: e.type,
    reason: e.reason,
    source: e.source,
    inviterId: e.detail?.inviterId,
    previousInviterId: e.detail?.previousInviterId,
  }));

/** A new active distributor (approved by the admin when the join mode asks for review). */
async function distributor(name: string, scene?: string): Promise<{ id: string; code: string }> {
  const id = uid(name);
  await cloud.ok('join', 'enter', scene ? { scene } : {}, id);
  const applied = await cloud.ok('join', 'apply', {}, id);
  if (applied.status === 'pending')
    await cloud.ok('admin', 'distributors.review', { userId: id, approve: true }, ADMIN);
  const me = await cloud.ok('join', 'me', {}, id);
  expect(me.distributor.status).toBe('active');
  return { id, code: me.distributor.code };
}

const scan = (openid: string, code: string) => cloud.ok('join', 'enter', { scene: `i=${code}` }, openid);

async function expectRefused(openid: string, code: string, reason: string) {
  const answer = await scan(openid, code);
  expect(answer.bound).toBe(false);
  expect(answer.reason.code).toBe(reason);
  expect(answer.reason.message).toMatch(/[\u4e00-\u9fa5]/);
  return answer;
}

const binding = (mode: 'permanent' | 'validity' | 'overwrite', extra: Record<string, unknown> = {}) =>
  cloud.setSettings({ binding: { mode, validityDays: 30, newUsersOnly: false, ...extra } });

describe('binding policy modes', () => {
  test('permanent: the first valid bind wins; later scans are refused and logged', async () => {
    await binding('permanent');
    const [d1, d2] = [await distributor('d1'), await distributor('d2')];
    const u = uid('shopper');
    const first = await scan(u, d1.code);
    expect(first).toMatchObject({ isNew: true, bound: true, bindKind: 'bind', inviter: { userId: d1.id } });
    await expectRefused(u, d2.code, 'already_bound');
    await expectRefused(u, d1.code, 'same_inviter');
    expect(userDoc(u)).toMatchObject({ inviterId: d1.id, bindSource: 'poster' });
    expect(eventsOf(u)).toEqual([
      expect.objectContaining({ type: 'bind', source: 'poster', inviterId: d1.id }),
      expect.objectContaining({ type: 'bind.rejected', reason: 'already_bound', source: 'poster' }),
      expect.objectContaining({ type: 'bind.rejected', reason: 'same_inviter', source: 'poster' }),
    ]);
  });

  test('validity: a bind holds for validityDays, then a new scan rebinds (clock advanced)', async () => {
    await binding('validity', { validityDays: 3 });
    const [d1, d2] = [await distributor('v1'), await distributor('v2')];
    const u = uid('shopper');
    expect((await scan(u, d1.code)).bound).toBe(true);
    await expectRefused(u, d2.code, 'binding_in_validity');
    await cloud.advanceClock(2 * DAY);
    await expectRefused(u, d2.code, 'binding_in_validity');
    await cloud.advanceClock(1 * DAY + 1000);
    const rebound = await scan(u, d2.code);
    expect(rebound).toMatchObject({ bound: true, bindKind: 'rebind', inviter: { userId: d2.id } });
    expect(userDoc(u)?.inviterId).toBe(d2.id);
    expect(userDoc(d1.id)?.inviteeCount).toBe(0);
    expect(userDoc(d2.id)?.inviteeCount).toBe(1);
    expect(eventsOf(u).at(-1)).toMatchObject({ type: 'rebind', inviterId: d2.id, previousInviterId: d1.id });
  });

  test('validity: the same distributor renews a lapsed bind, restarting the clock', async () => {
    await binding('validity', { validityDays: 2 });
    const d = await distributor('renew');
    const u = uid('shopper');
    await scan(u, d.code);
    const boundAt = new Date(userDoc(u)!.boundAt).getTime();
    await cloud.advanceClock(2 * DAY + 1000);
    expect(await scan(u, d.code)).toMatchObject({ bound: true, bindKind: 'renew' });
    expect(new Date(userDoc(u)!.boundAt).getTime()).toBeGreaterThan(boundAt + 2 * DAY);
    expect(userDoc(d.id)?.inviteeCount).toBe(1);
  });

  test('overwrite: every scan of another distributor rebinds at once', async () => {
    await binding('overwrite');
    const [d1, d2] = [await distributor('o1'), await distributor('o2')];
    const u = uid('shopper');
    await scan(u, d1.code);
    expect(await scan(u, d2.code)).toMatchObject({ bound: true, bindKind: 'rebind' });
    expect(await scan(u, d1.code)).toMatchObject({ bound: true, bindKind: 'rebind' });
    await expectRefused(u, d1.code, 'same_inviter');
    expect(userDoc(u)?.inviterId).toBe(d1.id);
    expect([userDoc(d1.id)?.inviteeCount, userDoc(d2.id)?.inviteeCount]).toEqual([1, 0]);
  });

  test('newUsersOnly: a shopper who has been around is not captured; a first launch is', async () => {
    await binding('permanent', { newUsersOnly: true });
    const d = await distributor('n');
    const old = uid('old');
    const recent = uid('recent');
    await cloud.ok('join', 'enter', {}, old);
    await cloud.advanceClock(2 * DAY);
    await cloud.ok('join', 'enter', {}, recent);
    await cloud.advanceClock(3_600_000);
    await expectRefused(old, d.code, 'not_new_user');
    expect((await scan(recent, d.code)).bound).toBe(true);
    const fresh = uid('fresh');
    expect(await scan(fresh, d.code)).toMatchObject({ isNew: true, bound: true });
    await binding('permanent');
  });

  test('an invite code typed or shared as a link binds with its source', async () => {
    await binding('permanent');
    const d = await distributor('link');
    const [a, b] = [uid('a'), uid('b')];
    expect((await cloud.ok('join', 'enter', { inviteCode: d.code.toLowerCase() }, a)).bound).toBe(true);
    expect((await cloud.ok('join', 'enter', { inviteCode: d.code, source: 'share' }, b)).bound).toBe(true);
    expect(userDoc(a)?.bindSource).toBe('link');
    expect(userDoc(b)?.bindSource).toBe('share');
  });
});

describe('who can bind', () => {
  beforeAll(async () => {
    await binding('overwrite');
  });

  test('self-scan binds no one', async () => {
    const d = await distributor('self');
    await expectRefused(d.id, d.code, 'self_bind');
    expect(userDoc(d.id)?.inviterId).toBeUndefined();
  });

  test('a pending applicant’s and a rejected applicant’s codes bind no one', async () => {
    await cloud.setSettings({ joinMode: 'apply' });
    const [pending, rejected] = [uid('pending'), uid('rejected')];
    for (const id of [pending, rejected]) {
      await cloud.ok('join', 'enter', {}, id);
      expect((await cloud.ok('join', 'apply', { realName: '王五' }, id)).status).toBe('pending');
    }
    await cloud.ok(
      'admin',
      'distributors.review',
      { userId: rejected, approve: false, reason: '资料不全' },
      ADMIN,
    );
    const u = uid('shopper');
    // Codes are reserved at application; the pages never show them before approval, but a typed one still must not bind.
    await expectRefused(u, userDoc(pending)!.distributor.code, 'inviter_pending');
    await expectRefused(u, userDoc(rejected)!.distributor.code, 'inviter_not_distributor');
    expect(userDoc(u)?.inviterId).toBeUndefined();
  });

  test('a frozen distributor’s code binds no one until unfrozen', async () => {
    const d = await distributor('frozen');
    await cloud.ok('admin', 'distributors.freeze', { userId: d.id, frozen: true }, ADMIN);
    const u = uid('shopper');
    await expectRefused(u, d.code, 'inviter_frozen');
    await cloud.ok('admin', 'distributors.freeze', { userId: d.id, frozen: false }, ADMIN);
    expect((await scan(u, d.code)).bound).toBe(true);
  });

  test('unknown codes and foreign scenes bind no one; a scene without an invite is simply no invite', async () => {
    const u = uid('shopper');
    await expectRefused(u, 'ZZZZZZ', 'unknown_code');
    const malformed = await cloud.ok('join', 'enter', { scene: 'i=!!' }, u);
    expect(malformed).toMatchObject({ bound: false, reason: { code: 'unknown_code' } });
    const foreign = await cloud.ok('join', 'enter', { scene: 'p=123' }, u);
    expect(foreign.bound).toBe(false);
    expect(foreign.reason).toBeUndefined();
    expect(eventsOf(u).map((e) => e.reason)).toEqual(['unknown_code', 'unknown_code']);
  });
});

describe('the chain', () => {
  async function chain() {
    await binding('permanent');
    const a = await distributor('A');
    const b = await distributor('B', `i=${a.code}`);
    const c = uid('C');
    await scan(c, b.code);
    return { a, b, c };
  }

  const referrerOfNewOrder = async (buyer: string) => {
    const { order } = await cloud.ok(
      'order',
      'create',
      {
        items: [{ productId: 'tea', quantity: 1 }],
        address: {
          userName: '张三',
          telNumber: '13800000000',
          provinceName: '浙江省',
          cityName: '杭州市',
          countyName: '西湖区',
          detailInfo: '龙井路 1 号',
        },
      },
      buyer,
    );
    return (await cloud.adminOrder(order._id)).referrer;
  };

  test('A→B→C: C’s level 1 is B and level 2 is A; in one-level mode level 2 is nobody', async () => {
    const { a, b, c } = await chain();
    const two = await referrerOfNewOrder(c);
    expect(two.level1.userId).toBe(b.id);
    expect(two.level2.userId).toBe(a.id);

    await cloud.setSettings({ levels: 1, rates: { level1: 1000, level2: 0 } });
    try {
      const one = await referrerOfNewOrder(c);
      expect(one.level1.userId).toBe(b.id);
      expect(one.level2).toBeUndefined();
      const team2 = await cloud.ok('share', 'team', { level: 2 }, a.id);
      expect(team2.items).toEqual([]);
    } finally {
      await cloud.setSettings({ levels: 2, rates: { level1: 1000, level2: 500 } });
    }
    const team2 = await cloud.ok('share', 'team', { level: 2 }, a.id);
    expect(team2.items.map((m: Doc) => m.userId)).toEqual([c]);
  });

  test('no cycle along the whole chain: A cannot bind under C, not even by the admin', async () => {
    const { a, c } = await chain();
    await cloud.setSettings({ binding: { mode: 'overwrite' } });
    try {
      const cAsDistributor = (await cloud.ok('join', 'apply', {}, c)).status;
      if (cAsDistributor === 'pending')
        await cloud.ok('admin', 'distributors.review', { userId: c, approve: true }, ADMIN);
      const cCode = (await cloud.ok('join', 'me', {}, c)).distributor.code;
      await expectRefused(a.id, cCode, 'would_cycle');
      const admin = await cloud.call('admin', 'distributors.rebind', { userId: a.id, inviterId: c }, ADMIN);
      expect(admin).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
      expect(userDoc(a.id)?.inviterId).toBeUndefined();
      const bindEvents = eventsOf(a.id).filter((e) => e.type.startsWith('bind'));
      expect(bindEvents.map((e) => [e.type, e.reason, e.source])).toEqual([
        ['bind.rejected', 'would_cycle', 'poster'],
        ['bind.rejected', 'would_cycle', 'admin'],
      ]);
    } finally {
      await binding('permanent');
    }
  });
});

function hasCycle(ids: string[]): boolean {
  for (const start of ids) {
    const seen = new Set<string>();
    let current: string | undefined = start;
    while (current) {
      if (seen.has(current)) return true;
      seen.add(current);
      current = userDoc(current)?.inviterId;
    }
  }
  return false;
}

describe('concurrency', () => {
  beforeAll(async () => {
    await cloud.setSettings({ joinMode: 'everyone' });
    await binding('overwrite');
  });

  test('two distributors scanning each other at the same moment never form a cycle', async () => {
    for (let round = 0; round < 6; round += 1) {
      const [x, y] = [await distributor('X'), await distributor('Y')];
      const [xy, yx] = await Promise.all([scan(x.id, y.code), scan(y.id, x.code)]);
      expect([xy.bound, yx.bound].filter(Boolean)).toHaveLength(1);
      const loser = xy.bound ? yx : xy;
      expect(loser.reason.code).toBe('would_cycle');
      expect(hasCycle([x.id, y.id])).toBe(false);
    }
  });

  test('three distributors scanning round a triangle at once: two bind, the third would close it', async () => {
    for (let round = 0; round < 3; round += 1) {
      const [p, q, r] = [await distributor('P'), await distributor('Q'), await distributor('R')];
      const answers = await Promise.all([scan(p.id, q.code), scan(q.id, r.code), scan(r.id, p.code)]);
      expect(answers.filter((a) => a.bound)).toHaveLength(2);
      expect(answers.find((a) => !a.bound)?.reason.code).toBe('would_cycle');
      expect(hasCycle([p.id, q.id, r.id])).toBe(false);
    }
  });

  test('20 concurrent first launches of one new user create one user and bind once', async () => {
    const d = await distributor('burst');
    const u = uid('newcomer');
    const answers = await Promise.all(Array.from({ length: 20 }, () => scan(u, d.code)));
    expect(cloud.local.engine.count('users', { _id: u })).toBe(1);
    expect(answers.filter((a) => a.isNew)).toHaveLength(1);
    expect(answers.filter((a) => a.bound)).toHaveLength(1);
    expect(answers.every((a) => a.user._id === u && a.user.inviterId === d.id)).toBe(true);
    expect(userDoc(d.id)?.inviteeCount).toBe(1);
    expect(eventsOf(u).filter((e) => e.type === 'bind')).toHaveLength(1);
  });

  test('20 new shoppers scanning one poster at once are all bound and counted', async () => {
    const d = await distributor('poster');
    const shoppers = Array.from({ length: 20 }, () => uid('crowd'));
    const answers = await Promise.all(shoppers.map((s) => scan(s, d.code)));
    expect(answers.every((a) => a.bound)).toBe(true);
    expect(userDoc(d.id)?.inviteeCount).toBe(20);
    expect(cloud.local.engine.count('users', { inviterId: d.id })).toBe(20);
  });
});
