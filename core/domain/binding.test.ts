// The binding policy, table by table, and the property that no sequence of binds ever forms a cycle.
import fc from 'fast-check';
import {
  BindingSubject,
  BIND_REFUSALS,
  bindingLapsed,
  decideAdminRebind,
  decideBind,
  isNewUser,
  MAX_CHAIN_HOPS,
  resolveUpline,
  UplineChain,
  walkUpline,
} from './binding';
import type { DistributorStatus } from './distributor';
import { DEFAULT_SETTINGS, deepMerge, Settings, SettingsPatch } from './settings';

const DAY = 86_400_000;
const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function settings(patch: SettingsPatch = {}): Settings {
  return deepMerge(DEFAULT_SETTINGS, patch);
}

function user(
  id: string,
  fields: Partial<BindingSubject> = {},
  status: DistributorStatus = 'none',
): BindingSubject {
  return { id, createdAt: ago(30 * DAY), distributor: { status }, ...fields };
}

const active = (id: string, fields: Partial<BindingSubject> = {}) => user(id, fields, 'active');
const noChain: UplineChain = { ids: [], truncated: false };

describe('decideBind', () => {
  const cases: Array<
    [string, SettingsPatch, BindingSubject, BindingSubject | null, UplineChain, boolean, string]
  > = [
    ['unknown code binds no one', {}, user('U'), null, noChain, false, 'unknown_code'],
    ['self-scan', {}, active('U'), active('U'), noChain, false, 'self_bind'],
    ['non-distributor code', {}, user('U'), user('D'), noChain, false, 'inviter_not_distributor'],
    ['pending distributor', {}, user('U'), user('D', {}, 'pending'), noChain, false, 'inviter_pending'],
    ['frozen distributor', {}, user('U'), user('D', {}, 'frozen'), noChain, false, 'inviter_frozen'],
    ['first bind to an active distributor', {}, user('U'), active('D'), noChain, true, 'bind'],
    [
      'permanent: first bind wins',
      {},
      user('U', { inviterId: 'X', boundAt: ago(DAY) }),
      active('D'),
      noChain,
      false,
      'already_bound',
    ],
    [
      'permanent: same inviter again',
      {},
      user('U', { inviterId: 'D', boundAt: ago(DAY) }),
      active('D'),
      noChain,
      false,
      'same_inviter',
    ],
    [
      'validity: inside the window',
      { binding: { mode: 'validity', validityDays: 30 } },
      user('U', { inviterId: 'X', boundAt: ago(29 * DAY) }),
      active('D'),
      noChain,
      false,
      'binding_in_validity',
    ],
    [
      'validity: lapsed, another distributor rebinds',
      { binding: { mode: 'validity', validityDays: 30 } },
      user('U', { inviterId: 'X', boundAt: ago(30 * DAY) }),
      active('D'),
      noChain,
      true,
      'rebind',
    ],
    [
      'validity: lapsed, the same distributor renews',
      { binding: { mode: 'validity', validityDays: 30 } },
      user('U', { inviterId: 'D', boundAt: ago(31 * DAY) }),
      active('D'),
      noChain,
      true,
      'renew',
    ],
    [
      'validity: same distributor inside the window',
      { binding: { mode: 'validity', validityDays: 30 } },
      user('U', { inviterId: 'D', boundAt: ago(DAY) }),
      active('D'),
      noChain,
      false,
      'same_inviter',
    ],
    [
      'overwrite: every scan of another distributor rebinds',
      { binding: { mode: 'overwrite' } },
      user('U', { inviterId: 'X', boundAt: ago(1000) }),
      active('D'),
      noChain,
      true,
      'rebind',
    ],
    [
      'overwrite: the same distributor is no change',
      { binding: { mode: 'overwrite' } },
      user('U', { inviterId: 'D', boundAt: ago(1000) }),
      active('D'),
      noChain,
      false,
      'same_inviter',
    ],
    [
      'newUsersOnly: an old unbound shopper is not bound',
      { binding: { newUsersOnly: true } },
      user('U', { createdAt: ago(2 * DAY) }),
      active('D'),
      noChain,
      false,
      'not_new_user',
    ],
    [
      'newUsersOnly: a shopper first seen an hour ago who bought nothing is new',
      { binding: { newUsersOnly: true } },
      user('U', { createdAt: ago(3_600_000) }),
      active('D'),
      noChain,
      true,
      'bind',
    ],
    [
      'newUsersOnly: a recent shopper who already paid is not new',
      { binding: { newUsersOnly: true } },
      user('U', { createdAt: ago(3_600_000), paidSpendFen: 100 }),
      active('D'),
      noChain,
      false,
      'not_new_user',
    ],
    [
      'newUsersOnly does not stop an overwrite rebind of a bound shopper',
      { binding: { mode: 'overwrite', newUsersOnly: true } },
      user('U', { inviterId: 'X', boundAt: ago(DAY), createdAt: ago(90 * DAY) }),
      active('D'),
      noChain,
      true,
      'rebind',
    ],
    [
      'direct cycle: D is bound to U',
      {},
      active('U'),
      active('D', { inviterId: 'U' }),
      { ids: ['U'], truncated: false },
      false,
      'would_cycle',
    ],
    [
      'long cycle: U is far up D’s chain',
      {},
      active('U'),
      active('D', { inviterId: 'C' }),
      { ids: ['C', 'B', 'A', 'U', 'R'], truncated: false },
      false,
      'would_cycle',
    ],
    [
      'an unverifiable chain refuses',
      {},
      active('U'),
      active('D', { inviterId: 'C' }),
      { ids: ['C'], truncated: true },
      false,
      'chain_too_deep',
    ],
    [
      'a chain without U binds',
      {},
      active('U'),
      active('D', { inviterId: 'C' }),
      { ids: ['C', 'B', 'A'], truncated: false },
      true,
      'bind',
    ],
  ];

  test.each(cases)('%s', (_name, patch, subject, candidate, chain, bind, outcome) => {
    const decision = decideBind({
      user: subject,
      createdNow: false,
      candidate,
      chain,
      settings: settings(patch),
      now: NOW,
    });
    expect(decision.bind).toBe(bind);
    if (decision.bind) expect(decision.kind).toBe(outcome);
    else {
      expect(decision.reason).toBe(outcome);
      expect(decision.message).toBe(BIND_REFUSALS[decision.reason]);
    }
  });

  test('a user created by this very launch is new whatever the clock says', () => {
    const old = user('U', { createdAt: ago(400 * DAY) });
    expect(isNewUser(old, true, NOW)).toBe(true);
    expect(isNewUser(old, false, NOW)).toBe(false);
  });

  test('rebinds report the previous inviter', () => {
    const decision = decideBind({
      user: user('U', { inviterId: 'X', boundAt: ago(DAY) }),
      createdNow: false,
      candidate: active('D'),
      chain: noChain,
      settings: settings({ binding: { mode: 'overwrite' } }),
      now: NOW,
    });
    expect(decision).toEqual({ bind: true, kind: 'rebind', previousInviterId: 'X' });
  });

  test('a validity bind lapses exactly validityDays after boundAt', () => {
    const s = settings({ binding: { mode: 'validity', validityDays: 7 } });
    const boundAt = new Date(NOW.getTime() - 7 * DAY);
    expect(bindingLapsed({ inviterId: 'D', boundAt }, s, NOW)).toBe(true);
    expect(bindingLapsed({ inviterId: 'D', boundAt }, s, new Date(NOW.getTime() - 1))).toBe(false);
    expect(bindingLapsed({ inviterId: 'D', boundAt }, settings(), NOW)).toBe(false);
  });
});

describe('decideAdminRebind', () => {
  const cases: Array<[string, BindingSubject, BindingSubject | null, UplineChain, boolean, string]> = [
    ['ignores permanent mode', user('U', { inviterId: 'X' }), active('D'), noChain, true, 'rebind'],
    ['binds an unbound user', user('U'), active('D'), noChain, true, 'bind'],
    ['never to oneself', active('U'), active('U'), noChain, false, 'self_bind'],
    ['never to a frozen distributor', user('U'), user('D', {}, 'frozen'), noChain, false, 'inviter_frozen'],
    [
      'never to a pending applicant',
      user('U'),
      user('D', {}, 'pending'),
      noChain,
      false,
      'inviter_not_distributor',
    ],
    [
      'never into a cycle',
      active('U'),
      active('D'),
      { ids: ['B', 'U'], truncated: false },
      false,
      'would_cycle',
    ],
    ['unknown target', user('U'), null, noChain, false, 'unknown_code'],
  ];
  test.each(cases)('%s', (_name, subject, candidate, chain, bind, outcome) => {
    const decision = decideAdminRebind(subject, candidate, chain);
    expect(decision.bind).toBe(bind);
    expect(decision.bind ? decision.kind : decision.reason).toBe(outcome);
  });
});

describe('walkUpline', () => {
  const graph: Record<string, string | undefined> = { C: 'B', B: 'A', A: undefined };
  const inviterOf = async (id: string) => graph[id];

  test('walks to the root in order', async () => {
    expect(await walkUpline('C', inviterOf)).toEqual({ ids: ['B', 'A'], truncated: false });
  });

  test('stops at the cap', async () => {
    const deep = async (id: string) => `n${Number(id.slice(1)) + 1}`;
    const chain = await walkUpline('n0', deep);
    expect(chain.truncated).toBe(true);
    expect(chain.ids).toHaveLength(MAX_CHAIN_HOPS);
  });

  test('a corrupted loop in stored data is reported, not followed forever', async () => {
    const loop: Record<string, string> = { X: 'Y', Y: 'Z', Z: 'X' };
    expect(await walkUpline('X', async (id) => loop[id])).toEqual({ ids: ['Y', 'Z'], truncated: true });
  });
});

describe('resolveUpline', () => {
  const A = active('A', { distributor: { status: 'active', grade: 'gold' } });
  const B = active('B', { inviterId: 'A', boundAt: ago(DAY) });
  const C = user('C', { inviterId: 'B', boundAt: ago(DAY) });

  test('A→B→C: C’s level 1 is B, level 2 is A (with grade)', () => {
    expect(resolveUpline(settings(), NOW, C, B, A)).toEqual({
      level1: { userId: 'B' },
      level2: { userId: 'A', grade: 'gold' },
    });
  });

  test('one-level mode: nobody at level 2', () => {
    expect(resolveUpline(settings({ levels: 1 }), NOW, C, B, A)).toEqual({ level1: { userId: 'B' } });
  });

  test('a frozen level 1 earns nothing; level 2 still does', () => {
    const frozenB = { ...B, distributor: { status: 'frozen' as const } };
    expect(resolveUpline(settings(), NOW, C, frozenB, A)).toEqual({ level2: { userId: 'A', grade: 'gold' } });
  });

  test('a lapsed validity bind has no upline', () => {
    const s = settings({ binding: { mode: 'validity', validityDays: 1 } });
    expect(resolveUpline(s, NOW, { ...C, boundAt: ago(2 * DAY) }, B, A)).toEqual({});
  });

  test('an unbound buyer has no upline', () => {
    expect(resolveUpline(settings(), NOW, user('C'), null, null)).toEqual({});
  });
});

describe('property: no sequence of binds ever forms a cycle', () => {
  const ids = ['A', 'B', 'C', 'D', 'E', 'F'];

  function hasCycle(graph: Map<string, string>): boolean {
    for (const start of graph.keys()) {
      const seen = new Set<string>();
      let current: string | undefined = start;
      while (current !== undefined) {
        if (seen.has(current)) return true;
        seen.add(current);
        current = graph.get(current);
      }
    }
    return false;
  }

  const step = fc.record({
    userIndex: fc.nat(ids.length - 1),
    candidateIndex: fc.nat(ids.length - 1),
    admin: fc.boolean(),
    advanceDays: fc.nat(40),
  });

  test.each(['permanent', 'validity', 'overwrite'] as const)('mode %s', async (mode) => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const s = settings({ binding: { mode, validityDays: 10 } });
        const graph = new Map<string, string>();
        const boundAt = new Map<string, Date>();
        let now = NOW;
        for (const { userIndex, candidateIndex, admin, advanceDays } of steps) {
          now = new Date(now.getTime() + advanceDays * DAY);
          const subject = (id: string): BindingSubject =>
            active(id, { inviterId: graph.get(id), boundAt: boundAt.get(id), createdAt: NOW });
          const u = subject(ids[userIndex]!);
          const candidate = subject(ids[candidateIndex]!);
          const chain = await walkUpline(candidate.id, async (id) => graph.get(id));
          const decision = admin
            ? decideAdminRebind(u, candidate, chain)
            : decideBind({ user: u, createdNow: false, candidate, chain, settings: s, now });
          if (decision.bind) {
            graph.set(u.id, candidate.id);
            boundAt.set(u.id, now);
          }
          if (hasCycle(graph)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
