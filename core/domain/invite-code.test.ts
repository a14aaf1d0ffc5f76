// Invite codes: alphabet, length, normalisation, scene round trip and parsing of what pages pass in.
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import {
  generateInviteCode,
  INVITE_CODE_ALPHABET,
  INVITE_CODE_LENGTH,
  inviteFromScene,
  normalizeInviteCode,
  sceneFor,
} from './invite-code';

describe('invite codes', () => {
  test('the alphabet has no confusable characters', () => {
    for (const confusable of ['0', 'O', '1', 'I', 'L'])
      expect(INVITE_CODE_ALPHABET).not.toContain(confusable);
  });

  test('generated codes are normalised codes, and scenes stay within 32 characters', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(INVITE_CODE_ALPHABET.length - 1), {
          minLength: INVITE_CODE_LENGTH,
          maxLength: INVITE_CODE_LENGTH,
        }),
        (picks) => {
          let i = 0;
          const code = generateInviteCode(() => picks[i++]!);
          expect(normalizeInviteCode(code)).toBe(code);
          expect(sceneFor(code).length).toBeLessThanOrEqual(32);
          expect(sceneFor(code)).toMatch(/^[\w!#$&'()*+,/:;=?@.~-]+$/);
          expect(inviteFromScene(sceneFor(code))).toEqual({ kind: 'code', code });
        },
      ),
    );
  });

  test('a random source out of range is a bug, not a code', () => {
    expect(() => generateInviteCode(() => INVITE_CODE_ALPHABET.length)).toThrow(RangeError);
  });

  test('codes from a crypto source are spread out (1000 draws, no repeat)', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => generateInviteCode((n) => randomInt(n))));
    expect(codes.size).toBe(1000);
  });

  test.each([
    ['ab3def', 'AB3DEF'],
    [' XY7ZWQ ', 'XY7ZWQ'],
    ['ABCDE', undefined],
    ['ABCDEFG', undefined],
    ['ABCDE0', undefined],
    ['ABCDEI', undefined],
    ['ABC-EF', undefined],
  ])('normalizeInviteCode(%j) → %j', (raw, expected) => {
    expect(normalizeInviteCode(raw)).toBe(expected);
  });

  test.each([
    ['i=AB3DEF', { kind: 'code', code: 'AB3DEF' }],
    ['i%3DAB3DEF', { kind: 'code', code: 'AB3DEF' }],
    ['p=123&i=ab3def', { kind: 'code', code: 'AB3DEF' }],
    ['i=nope!', { kind: 'invalid', raw: 'nope!' }],
    ['i=', { kind: 'invalid', raw: '' }],
    ['p=123', { kind: 'none' }],
    ['', { kind: 'none' }],
    ['%E0%A4%A', { kind: 'none' }],
  ])('inviteFromScene(%j)', (scene, expected) => {
    expect(inviteFromScene(scene)).toEqual(expected);
  });
});
