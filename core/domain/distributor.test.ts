// Join modes and the distributor status machine, table-driven.
import { AppError } from '../errors';
import {
  activatesByThreshold,
  applyPlan,
  DistributorState,
  DistributorStatus,
  planApply,
  planFreeze,
  planReview,
  StatusPlan,
} from './distributor';
import { DEFAULT_SETTINGS, deepMerge, Settings, SettingsPatch } from './settings';

const NOW = new Date('2026-03-01T12:00:00Z');
const settings = (patch: SettingsPatch): Settings => deepMerge(DEFAULT_SETTINGS, patch);
const state = (status: DistributorStatus, extra: Partial<DistributorState> = {}): DistributorState => ({
  status,
  ...extra,
});

function outcome(run: () => StatusPlan): string {
  try {
    return run().kind;
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('planApply', () => {
  test.each<[DistributorStatus, SettingsPatch, number, string]>([
    ['none', { joinMode: 'everyone' }, 0, 'activate'],
    ['none', { joinMode: 'apply' }, 0, 'pend'],
    ['pending', { joinMode: 'apply' }, 0, 'unchanged'],
    ['pending', { joinMode: 'everyone' }, 0, 'activate'],
    ['none', { joinMode: 'threshold', joinThreshold: 10_000 }, 9_999, 'FAILED_PRECONDITION'],
    ['none', { joinMode: 'threshold', joinThreshold: 10_000 }, 10_000, 'activate'],
    ['active', { joinMode: 'apply' }, 0, 'unchanged'],
    ['frozen', { joinMode: 'everyone' }, 0, 'PERMISSION_DENIED'],
  ])('%s under %j with spend %d → %s', (status, patch, spend, expected) => {
    expect(outcome(() => planApply(state(status), settings(patch), spend))).toBe(expected);
  });

  test('the threshold refusal says how much is missing, in yuan', () => {
    expect(() =>
      planApply(state('none'), settings({ joinMode: 'threshold', joinThreshold: 10_000 }), 2_550),
    ).toThrow('还差 74.50 元');
  });
});

test.each<[DistributorStatus, SettingsPatch, number, boolean]>([
  ['none', { joinMode: 'threshold', joinThreshold: 500 }, 500, true],
  ['pending', { joinMode: 'threshold', joinThreshold: 500 }, 600, true],
  ['none', { joinMode: 'threshold', joinThreshold: 500 }, 499, false],
  ['frozen', { joinMode: 'threshold', joinThreshold: 500 }, 900, false],
  ['none', { joinMode: 'apply', joinThreshold: 500 }, 900, false],
])('activatesByThreshold(%s, %j, %d) → %s', (status, patch, spend, expected) => {
  expect(activatesByThreshold(state(status), settings(patch), spend)).toBe(expected);
});

test.each<[DistributorStatus, boolean, string]>([
  ['pending', true, 'activate'],
  ['pending', false, 'reject'],
  ['none', true, 'FAILED_PRECONDITION'],
  ['active', false, 'FAILED_PRECONDITION'],
])('planReview(%s, approve=%s) → %s', (status, approve, expected) => {
  expect(outcome(() => planReview(state(status), approve))).toBe(expected);
});

test.each<[DistributorStatus, boolean, string]>([
  ['active', true, 'freeze'],
  ['frozen', true, 'unchanged'],
  ['frozen', false, 'activate'],
  ['active', false, 'unchanged'],
  ['pending', true, 'FAILED_PRECONDITION'],
  ['none', false, 'FAILED_PRECONDITION'],
])('planFreeze(%s, frozen=%s) → %s', (status, frozen, expected) => {
  expect(outcome(() => planFreeze(state(status), frozen))).toBe(expected);
});

describe('applyPlan', () => {
  test('first activation issues the code and join date; unfreezing keeps both', () => {
    const activated = applyPlan(state('pending', { appliedAt: NOW }), { kind: 'activate' }, NOW, 'AB3DEF');
    expect(activated).toMatchObject({ status: 'active', code: 'AB3DEF', joinedAt: NOW });
    const frozen = applyPlan(activated, { kind: 'freeze' }, new Date(NOW.getTime() + 1000), undefined);
    expect(frozen).toMatchObject({ status: 'frozen', code: 'AB3DEF' });
    const later = new Date(NOW.getTime() + 5000);
    const unfrozen = applyPlan(frozen, { kind: 'activate' }, later, 'ZZZZZZ');
    expect(unfrozen).toMatchObject({ status: 'active', code: 'AB3DEF', joinedAt: NOW });
    expect(unfrozen.frozenAt).toBeUndefined();
  });

  test('a rejection keeps its reason until the next application', () => {
    const rejected = applyPlan(state('pending'), { kind: 'reject', reason: '资料不全' }, NOW, undefined);
    expect(rejected).toEqual({ status: 'none', rejectReason: '资料不全' });
    expect(applyPlan(rejected, { kind: 'pend' }, NOW, undefined)).toEqual({
      status: 'pending',
      appliedAt: NOW,
    });
  });

  test('applying reserves a code, which activation keeps', () => {
    const pending = applyPlan(state('none'), { kind: 'pend' }, NOW, 'AB3DEF');
    expect(pending).toEqual({ status: 'pending', appliedAt: NOW, code: 'AB3DEF' });
    expect(applyPlan(pending, { kind: 'activate' }, NOW, 'ZZZZZZ')).toMatchObject({
      status: 'active',
      code: 'AB3DEF',
    });
  });

  test('activation without any code is a programming error', () => {
    expect(() => applyPlan(state('pending'), { kind: 'activate' }, NOW, undefined)).toThrow();
  });
});
