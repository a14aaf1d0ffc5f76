// The merchant's distributor actions through the local cloud: list, review, freeze, rebind (cycle-
// checked, audited), admins only, and malformed input writing nothing.
import { ADMIN, startCloud, TestCloud } from '../support/cloud';

let cloud: TestCloud;
let seq = 0;
const uid = (name: string) => `${name}-${(seq += 1)}`;
type Doc = Record<string, any>;
const userDoc = (id: string) => cloud.local.engine.getById('users', id) as Doc | null;
const eventsOf = (subjectId: string, type?: string) =>
  cloud.local.engine.find('events', {
    query: { subjectId, ...(type ? { type } : {}) },
    limit: 1000,
  }) as Doc[];
const admin = (action: string, data: Record<string, unknown>) =>
  cloud.call('admin', `distributors.${action}`, data, ADMIN);

beforeAll(async () => {
  cloud = await startCloud();
  await cloud.setSettings({ joinMode: 'apply' });
});
afterAll(async () => {
  await cloud.stop();
});

async function applicant(): Promise<string> {
  const id = uid('applicant');
  await cloud.ok('join', 'enter', {}, id);
  await cloud.ok('join', 'apply', { realName: '赵六', mobile: '13700000000' }, id);
  return id;
}

async function active(): Promise<{ id: string; code: string }> {
  const id = await applicant();
  const { data } = (await admin('review', { userId: id, approve: true })) as { data: Doc };
  return { id, code: data.user.distributor.code };
}

describe('admins only', () => {
  test.each([
    ['list', {}],
    ['review', { userId: 'someone', approve: true }],
    ['freeze', { userId: 'someone', frozen: true }],
    ['rebind', { userId: 'someone', inviterId: null }],
  ])(
    'distributors.%s by a shopper (even claiming to be the admin): PERMISSION_DENIED',
    async (action, data) => {
      const before = cloud.snapshot();
      const answer = await cloud.call(
        'admin',
        `distributors.${action}`,
        { ...data, openid: ADMIN },
        uid('shopper'),
      );
      expect(answer).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(cloud.snapshot()).toBe(before);
    },
  );
});

describe('review', () => {
  test('approve: active with an invite code that binds; audited', async () => {
    const d = await active();
    expect(d.code).toMatch(/^[2-9A-Z]{6}$/);
    expect(userDoc(d.id)?.distributor).toMatchObject({ status: 'active', code: d.code });
    expect(eventsOf(d.id, 'distributor.review')).toEqual([
      expect.objectContaining({
        actorId: ADMIN,
        source: 'admin',
        reason: 'approved',
        detail: expect.objectContaining({ to: 'active' }),
      }),
    ]);
    expect((await cloud.ok('join', 'enter', { scene: `i=${d.code}` }, uid('s'))).bound).toBe(true);
  });

  test('reject: back to none with the reason shown to the applicant, who may apply again', async () => {
    const id = await applicant();
    const { data } = (await admin('review', { userId: id, approve: false, reason: '资料不全' })) as {
      data: Doc;
    };
    expect(data.user.distributor).toMatchObject({ status: 'none', rejectReason: '资料不全' });
    expect((await cloud.ok('join', 'me', {}, id)).distributor.rejectReason).toBe('资料不全');
    expect((await cloud.ok('join', 'apply', {}, id)).status).toBe('pending');
    expect(userDoc(id)?.distributor.rejectReason).toBeUndefined();
  });

  test('only a pending application can be reviewed; an unknown user is NOT_FOUND', async () => {
    const d = await active();
    expect(await admin('review', { userId: d.id, approve: true })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION' },
    });
    expect(await admin('review', { userId: 'nobody-at-all', approve: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('list', () => {
  test('by status, newest application first, paged', async () => {
    const fresh = [await applicant(), await applicant(), await applicant()];
    const pending: string[] = [];
    let cursor: string | null = null;
    do {
      const { data } = (await admin('list', { status: 'pending', limit: 2, cursor })) as { data: Doc };
      expect(data.items.length).toBeLessThanOrEqual(2);
      pending.push(...data.items.map((u: Doc) => u._id));
      expect(data.items.every((u: Doc) => u.distributor.status === 'pending')).toBe(true);
      cursor = data.next;
    } while (cursor);
    expect(pending.slice(0, 3)).toEqual([...fresh].reverse());
    expect(new Set(pending).size).toBe(pending.length);
    const all = (await admin('list', { limit: 100 })) as { data: Doc };
    expect(all.data.items.map((u: Doc) => u._id)).toEqual(expect.arrayContaining(fresh));
    expect(all.data.items[0]).toMatchObject({ distributor: { realName: '赵六', mobile: '13700000000' } });
  });
});

describe('freeze', () => {
  test('freezes and unfreezes an active distributor (idempotently), keeping the code; audited', async () => {
    const d = await active();
    for (let i = 0; i < 2; i += 1) {
      const { data } = (await admin('freeze', { userId: d.id, frozen: true, reason: '违规推广' })) as {
        data: Doc;
      };
      expect(data.user.distributor).toMatchObject({ status: 'frozen', code: d.code });
    }
    expect((await cloud.ok('join', 'enter', { scene: `i=${d.code}` }, uid('s'))).reason.code).toBe(
      'inviter_frozen',
    );
    const { data } = (await admin('freeze', { userId: d.id, frozen: false })) as { data: Doc };
    expect(data.user.distributor).toMatchObject({ status: 'active', code: d.code });
    expect(eventsOf(d.id).map((e) => e.type)).toEqual([
      'distributor.apply',
      'distributor.review',
      'distributor.freeze',
      'distributor.unfreeze',
    ]);
    expect(eventsOf(d.id, 'distributor.freeze')[0]).toMatchObject({
      reason: '违规推广',
      actorId: ADMIN,
      source: 'admin',
    });
  });

  test('a shopper who is not a distributor cannot be frozen', async () => {
    const id = uid('plain');
    await cloud.ok('join', 'enter', {}, id);
    expect(await admin('freeze', { userId: id, frozen: true })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION' },
    });
  });
});

describe('rebind', () => {
  test('moves a user to another distributor whatever the binding mode, keeping counts; audited', async () => {
    const [b, a] = [await active(), await active()];
    const c = uid('c');
    await cloud.ok('join', 'enter', { scene: `i=${b.code}` }, c);
    const { data } = (await admin('rebind', { userId: c, inviterId: a.id })) as { data: Doc };
    expect(data.user).toMatchObject({ inviterId: a.id, bindSource: 'admin' });
    expect([userDoc(a.id)?.inviteeCount, userDoc(b.id)?.inviteeCount]).toEqual([1, 0]);
    expect(eventsOf(c, 'rebind')).toEqual([
      expect.objectContaining({
        actorId: ADMIN,
        source: 'admin',
        detail: { inviterId: a.id, previousInviterId: b.id, code: null },
      }),
    ]);
    // Asking again for the binding that exists is success, and logs no second rebind.
    expect((await admin('rebind', { userId: c, inviterId: a.id })).ok).toBe(true);
    expect(eventsOf(c, 'rebind')).toHaveLength(1);
  });

  test('unbinds with null', async () => {
    const a = await active();
    const c = uid('c');
    await cloud.ok('join', 'enter', { scene: `i=${a.code}` }, c);
    const { data } = (await admin('rebind', { userId: c, inviterId: null })) as { data: Doc };
    expect(data.user.inviterId).toBeNull();
    expect(userDoc(c)?.inviterId).toBeUndefined();
    expect(userDoc(a.id)?.inviteeCount).toBe(0);
    expect(eventsOf(c, 'unbind')).toEqual([
      expect.objectContaining({ source: 'admin', detail: { previousInviterId: a.id } }),
    ]);
  });

  test('refuses self, a frozen or non-distributor target, a cycle; an unknown user or target is NOT_FOUND', async () => {
    const [a, b] = [await active(), await active()];
    await admin('rebind', { userId: b.id, inviterId: a.id });
    const frozen = await active();
    await admin('freeze', { userId: frozen.id, frozen: true });
    const shopper = uid('shopper');
    await cloud.ok('join', 'enter', {}, shopper);
    const before = cloud.snapshot(['users']);
    for (const [userId, inviterId] of [
      [a.id, a.id],
      [shopper, frozen.id],
      [a.id, shopper],
      [a.id, b.id],
    ]) {
      expect(await admin('rebind', { userId, inviterId })).toMatchObject({
        ok: false,
        error: { code: 'FAILED_PRECONDITION' },
      });
    }
    expect(await admin('rebind', { userId: shopper, inviterId: 'nobody-at-all' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await admin('rebind', { userId: 'nobody-at-all', inviterId: a.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(cloud.snapshot(['users'])).toBe(before);
    expect(eventsOf(a.id, 'bind.rejected').map((e) => e.reason)).toEqual([
      'self_bind',
      'inviter_not_distributor',
      'would_cycle',
    ]);
  });
});

describe('malformed input answers INVALID_ARGUMENT and writes nothing', () => {
  test.each([
    ['list', { status: 'vip' }],
    ['list', { limit: 0 }],
    ['list', { cursor: '~~~' }],
    ['review', { userId: 'u1' }],
    ['review', { userId: 'u1', approve: 'yes' }],
    ['review', { userId: 'a b', approve: true }],
    ['review', { userId: 'u1', approve: false, reason: 'x'.repeat(201) }],
    ['freeze', { userId: 'u1', frozen: 1 }],
    ['freeze', { frozen: true }],
    ['rebind', { userId: 'u1' }],
    ['rebind', { userId: 'u1', inviterId: 5 }],
    ['rebind', { userId: '', inviterId: null }],
  ])('distributors.%s %j', async (action, data) => {
    const before = cloud.snapshot();
    expect(await admin(action, data)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(cloud.snapshot()).toBe(before);
  });
});
