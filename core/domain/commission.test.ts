// Commission policy: table-driven cases for the rules and property tests for the cap and rounding.
import fc from 'fast-check';
import {
  planCommission,
  ProductCommission,
  productCommissionOf,
  referrerSnapshot,
  remainingAfterRefund,
  ReferrerSnapshot,
} from './commission';
import { DEFAULT_SETTINGS, Settings, deepMerge } from './settings';

const settings = (patch: object = {}): Settings => deepMerge(DEFAULT_SETTINGS, patch);
const two: ReferrerSnapshot = {
  level1: { userId: 'B', rate: 1000 },
  level2: { userId: 'A', rate: 500 },
  rule: 'inviter',
  capBp: 3000,
};

describe('referrerSnapshot', () => {
  const upline = { level1: { userId: 'B' }, level2: { userId: 'A' } };
  const buyer = { userId: 'C', isActiveDistributor: false };

  test.each([
    ['two levels: inviter and their inviter', {}, buyer, upline, 'B', 'A', 'inviter'],
    [
      'one-level mode never has a level 2',
      { levels: 1, rates: { level2: 0 } },
      buyer,
      upline,
      'B',
      undefined,
      'inviter',
    ],
    ['no inviter: nobody earns', {}, buyer, {}, undefined, undefined, 'none'],
    [
      'self-purchase on: the distributor is level 1, their inviter level 2',
      { selfPurchase: true },
      { userId: 'B', isActiveDistributor: true },
      { level1: { userId: 'A' } },
      'B',
      'A',
      'self',
    ],
    [
      'self-purchase off: a distributor buying is served by their own upline',
      {},
      { userId: 'B', isActiveDistributor: true },
      { level1: { userId: 'A' } },
      'A',
      undefined,
      'inviter',
    ],
    [
      'self-purchase on but the buyer is not an active distributor',
      { selfPurchase: true },
      buyer,
      upline,
      'B',
      'A',
      'inviter',
    ],
  ])('%s', (_name, patch, who, up, l1, l2, rule) => {
    const snap = referrerSnapshot(settings(patch), who, up);
    expect(snap.level1?.userId).toBe(l1);
    expect(snap.level2?.userId).toBe(l2);
    expect(snap.rule).toBe(rule);
  });

  test('grade rates replace the default rates', () => {
    const s = settings({
      grades: [
        {
          id: 'gold',
          name: '金牌',
          rates: { level1: 1500, level2: 800 },
          upgrade: { metric: 'sales', threshold: 1 },
        },
      ],
    });
    const snap = referrerSnapshot(s, buyer, {
      level1: { userId: 'B', grade: 'gold' },
      level2: { userId: 'A' },
    });
    expect(snap.level1).toEqual({ userId: 'B', rate: 1500, grade: 'gold' });
    expect(snap.level2).toEqual({ userId: 'A', rate: 500 });
  });
});

describe('planCommission', () => {
  test.each([
    ['rates floor per line', [{ base: 999, quantity: 1 }], 99, 49],
    [
      'floor applies to each line, then sums',
      [
        { base: 19, quantity: 1 },
        { base: 19, quantity: 1 },
      ],
      2,
      0,
    ],
    [
      'fixed per unit',
      [{ base: 10000, quantity: 3, commission: { mode: 'fixed', level1Fen: 500, level2Fen: 200 } }],
      1500,
      600,
    ],
    ['excluded product earns nothing', [{ base: 10000, quantity: 1, commission: { mode: 'none' } }], 0, 0],
    [
      'product rate override',
      [{ base: 10000, quantity: 1, commission: { mode: 'rate', level1Bp: 2000, level2Bp: 100 } }],
      2000,
      100,
    ],
    ['one fen earns nothing', [{ base: 1, quantity: 1 }], 0, 0],
  ] as const)('%s', (_name, lines, l1, l2) => {
    const plan = planCommission(
      two,
      lines.map((l) => ({ productId: 'p', ...l })),
    );
    const amount = (level: number) => plan.levels.find((e) => e.level === level)?.amount ?? 0;
    expect(amount(1)).toBe(l1);
    expect(amount(2)).toBe(l2);
  });

  test('the cap trims level 2 first, then level 1', () => {
    const lines = [
      {
        productId: 'p',
        base: 1000,
        quantity: 1,
        commission: { mode: 'fixed', level1Fen: 250, level2Fen: 100 } as const,
      },
    ];
    const plan = planCommission(two, lines);
    expect(plan.cap).toBe(300);
    expect(plan.levels.map((e) => [e.level, e.amount])).toEqual([
      [1, 250],
      [2, 50],
    ]);
    const overOne = planCommission(two, [
      { ...lines[0]!, commission: { mode: 'fixed', level1Fen: 400, level2Fen: 100 } },
    ]);
    expect(overOne.levels.map((e) => [e.level, e.amount])).toEqual([[1, 300]]);
  });

  test('property: total never exceeds the cap, and each level is floored per line', () => {
    const line = fc.record({
      productId: fc.constant('p'),
      base: fc.integer({ min: 0, max: 10_000_000 }),
      quantity: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 8 }),
        fc.nat(5000),
        fc.nat(5000),
        fc.nat(10000),
        (lines, r1, r2, capBp) => {
          const snap: ReferrerSnapshot = {
            level1: { userId: 'B', rate: r1 },
            level2: { userId: 'A', rate: r2 },
            rule: 'inviter',
            capBp,
          };
          const plan = planCommission(snap, lines);
          const total = plan.levels.reduce((s, e) => s + e.amount, 0);
          const base = lines.reduce((s, l) => s + l.base, 0);
          expect(total).toBeLessThanOrEqual(Math.floor((base * capBp) / 10000));
          const uncapped1 = lines.reduce((s, l) => s + Math.floor((l.base * r1) / 10000), 0);
          const level1 = plan.levels.find((e) => e.level === 1)?.amount ?? 0;
          expect(level1).toBeLessThanOrEqual(uncapped1);
          for (const e of plan.levels) expect(Number.isInteger(e.amount) && e.amount > 0).toBe(true);
        },
      ),
    );
  });
});

describe('remainingAfterRefund', () => {
  test('full refund leaves nothing, no refund leaves all', () => {
    expect(remainingAfterRefund(999, 9990, 9990)).toBe(0);
    expect(remainingAfterRefund(999, 9990, 0)).toBe(999);
    expect(remainingAfterRefund(999, 9990, 3330)).toBe(666);
  });

  test('property: several partial refunds equal one refund of the same total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.nat(100_000), { maxLength: 6 }),
        (base, parts) => {
          const amount = Math.floor(base / 7);
          let refunded = 0;
          let reversed = 0;
          for (const part of parts) {
            refunded = Math.min(base, refunded + part);
            const remaining = remainingAfterRefund(amount, base, refunded);
            expect(remaining).toBeLessThanOrEqual(amount - reversed);
            reversed = amount - remaining;
          }
          expect(reversed).toBe(amount - remainingAfterRefund(amount, base, refunded));
        },
      ),
    );
  });
});

describe('product rules stored by earlier versions', () => {
  test('one field for rates and amounts is read by its mode', () => {
    expect(productCommissionOf({ mode: 'rate', level1: 1500, level2: 500 })).toEqual({
      mode: 'rate',
      level1Bp: 1500,
      level2Bp: 500,
    });
    expect(productCommissionOf({ mode: 'fixed', level1: 300, level2: 100 })).toEqual({
      mode: 'fixed',
      level1Fen: 300,
      level2Fen: 100,
    });
    expect(productCommissionOf({ mode: 'none', level1: 0, level2: 0 })).toEqual({ mode: 'none' });
    expect(productCommissionOf(undefined)).toBeUndefined();
  });

  test('a 200% rate written before rates were checked never throws: the cap trims it', () => {
    const snapshot: ReferrerSnapshot = {
      level1: { userId: 'B', rate: 1000 },
      rule: 'inviter',
      capBp: 3000,
    };
    const legacy = { mode: 'rate', level1: 20_000, level2: 0 } as unknown as ProductCommission;
    const plan = planCommission(snapshot, [
      { productId: 'p', quantity: 1, base: 10_000, commission: legacy },
    ]);
    expect(plan.levels).toEqual([
      { userId: 'B', level: 1, base: 10_000, rate: 1000, amount: 3000, basis: 'rate' },
    ]);
  });
});

describe("the README's rounding rule is the code's", () => {
  test('the worked example in README.md computes as written', () => {
    const readme = require('node:fs').readFileSync(
      require('node:path').join(__dirname, '../../README.md'),
      'utf8',
    ) as string;
    const match = /<!-- rounding-example: (.+?) -->/.exec(readme);
    expect(match).not.toBeNull();
    const n = Object.fromEntries(
      match![1]!
        .split(' ')
        .map((pair) => pair.split('=') as [string, string])
        .map(([k, v]) => [k, Number(v)]),
    );
    const snapshot: ReferrerSnapshot = {
      level1: { userId: 'B', rate: n.rate! },
      rule: 'inviter',
      capBp: 10_000,
    };
    const [earned] = planCommission(snapshot, [{ productId: 'p', quantity: 1, base: n.base! }]).levels;
    expect(earned!.amount).toBe(n.commission);
    const kept = remainingAfterRefund(earned!.amount, n.base!, n.refunded!);
    expect([kept, earned!.amount - kept]).toEqual([n.kept, n.reversed]);
  });
});
