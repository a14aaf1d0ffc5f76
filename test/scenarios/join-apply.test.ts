// Becoming a distributor (everyone / apply / threshold, the last through a real paid order), the
// caller's own profile, identity taken only from the context, and malformed input writing nothing.
import { ADMIN, startCloud, TestCloud } from '../support/cloud';

let cloud: TestCloud;
let seq = 0;
const uid = (name: string) => `${name}-${(seq += 1)}`;
type Doc = Record<string, any>;
const userDoc = (id: string) => cloud.local.engine.getById('users', id) as Doc | null;

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

describe('join modes', () => {
  test('everyone: the first apply activates with an invite code; applying again changes nothing', async () => {
    await cloud.setSettings({ joinMode: 'everyone' });
    const u = uid('e');
    await cloud.ok('join', 'enter', {}, u);
    const first = await cloud.ok('join', 'apply', {}, u);
    expect(first.status).toBe('active');
    expect(first.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(await cloud.ok('join', 'apply', {}, u)).toEqual(first);
    expect(cloud.local.engine.getById('invites', first.code)).toMatchObject({ userId: u });
  });

  test('apply: pending until the merchant approves; the code shows only once active', async () => {
    await cloud.setSettings({ joinMode: 'apply' });
    const u = uid('a');
    await cloud.ok('join', 'enter', {}, u);
    expect(
      await cloud.ok('join', 'apply', { realName: '李四', mobile: '13912345678', reason: '想分享' }, u),
    ).toEqual({
      status: 'pending',
    });
    expect((await cloud.ok('join', 'apply', {}, u)).status).toBe('pending');
    const pending = await cloud.ok('join', 'me', {}, u);
    expect(pending.distributor.status).toBe('pending');
    expect(pending.distributor.code).toBeUndefined();
    expect(userDoc(u)?.distributor).toMatchObject({
      realName: '李四',
      mobile: '13912345678',
      applyReason: '想分享',
    });
    await cloud.ok('admin', 'distributors.review', { userId: u, approve: true }, ADMIN);
    const active = await cloud.ok('join', 'me', {}, u);
    expect(active.distributor).toMatchObject({ status: 'active', code: userDoc(u)?.distributor.code });
  });

  test('threshold: refused with what is missing, then activated by paid spending alone', async () => {
    await cloud.setSettings({ joinMode: 'threshold', joinThreshold: 15_000 });
    try {
      const u = uid('t');
      await cloud.ok('join', 'enter', {}, u);
      const refused = await cloud.call('join', 'apply', {}, u);
      expect(refused).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
      expect(refused.ok || refused.error.message).toContain('还差 150.00 元');

      const buyAndPay = async () => {
        const { order } = await cloud.ok(
          'order',
          'create',
          { items: [{ productId: 'tea', quantity: 1 }], address },
          u,
        );
        await cloud.ok('order', 'pay', { orderId: order._id }, u);
        await cloud.local.pay.pay(order.outTradeNo, 'SUCCESS');
      };
      await buyAndPay();
      expect(userDoc(u)).toMatchObject({ paidSpendFen: 10_000, distributor: { status: 'none' } });
      await buyAndPay();
      expect(userDoc(u)).toMatchObject({ paidSpendFen: 20_000, distributor: { status: 'active' } });
      expect((await cloud.ok('join', 'me', {}, u)).distributor.code).toMatch(/^[2-9A-Z]{6}$/);
      const events = cloud.local.engine.find('events', {
        query: { subjectId: u, type: 'distributor.activate' },
      });
      expect(events).toEqual([expect.objectContaining({ reason: 'threshold_reached', source: 'system' })]);
    } finally {
      await cloud.setSettings({ joinMode: 'apply', joinThreshold: 0 });
    }
  });

  test('a frozen distributor cannot re-apply their way out', async () => {
    await cloud.setSettings({ joinMode: 'everyone' });
    const u = uid('f');
    await cloud.ok('join', 'enter', {}, u);
    await cloud.ok('join', 'apply', {}, u);
    await cloud.ok('admin', 'distributors.freeze', { userId: u, frozen: true }, ADMIN);
    expect(await cloud.call('join', 'apply', {}, u)).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(userDoc(u)?.distributor.status).toBe('frozen');
  });
});

const address = {
  userName: '张三',
  telNumber: '13800000000',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '龙井路 1 号',
};

test('profile: nickname and avatar are the caller’s own', async () => {
  const u = uid('p');
  const { user } = await cloud.ok(
    'join',
    'profile',
    { nickname: '  小王  ', avatarUrl: 'cloud://env.bucket/a.png' },
    u,
  );
  expect(user).toMatchObject({ _id: u, nickname: '小王', avatarUrl: 'cloud://env.bucket/a.png' });
  expect((await cloud.ok('join', 'me', {}, u)).user.nickname).toBe('小王');
});

describe('identity comes only from the context', () => {
  test('openid, userId or _id in data are refused by name by every join action, and nothing changes', async () => {
    const [attacker, victim] = [uid('attacker'), uid('victim')];
    await cloud.ok('join', 'enter', {}, victim);
    await cloud.ok('join', 'enter', {}, attacker);
    const before = cloud.snapshot();
    const spoof = { openid: victim, userId: victim, _id: victim, OPENID: victim, _openid: victim };
    for (const [action, data] of [
      ['enter', spoof],
      ['apply', spoof],
      ['profile', { ...spoof, nickname: '黑客' }],
      ['me', spoof],
    ] as const) {
      const answer = await cloud.call('join', action, data, attacker);
      expect([action, answer]).toEqual([
        action,
        {
          ok: false,
          error: expect.objectContaining({
            code: 'INVALID_ARGUMENT',
            message: expect.stringContaining('openid'),
            fields: expect.objectContaining({ openid: '不认识的字段', _id: '不认识的字段' }),
          }),
        },
      ]);
    }
    expect(cloud.snapshot()).toBe(before);
    expect((await cloud.ok('join', 'me', {}, attacker)).user._id).toBe(attacker);
  });

  test('no OPENID: UNAUTHENTICATED; unknown action: INVALID_ARGUMENT', async () => {
    expect(await cloud.call('join', 'me', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await cloud.call('join', 'nope', {}, uid('x'))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });
});

describe('malformed input answers INVALID_ARGUMENT and writes nothing', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['enter', { scene: 42 }],
    ['enter', { scene: 'i='.padEnd(200, 'A') }],
    ['enter', { inviteCode: 'AB-123' }],
    ['enter', { inviteCode: ['AB3DEF'] }],
    ['enter', { source: 'billboard' }],
    ['apply', { mobile: '12345' }],
    ['apply', { realName: '' }],
    ['apply', { reason: { text: 'x' } }],
    ['profile', { nickname: '   ' }],
    ['profile', { nickname: 'x'.repeat(33) }],
    ['profile', { avatarUrl: 'javascript:alert(1)' }],
  ];

  test.each(cases)('join.%s %j', async (action, data) => {
    // A brand-new caller: even the user document that a valid call would create must not appear.
    const caller = uid('bad');
    const before = cloud.snapshot();
    const answer = await cloud.call('join', action, data, caller);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.snapshot()).toBe(before);
  });
});
