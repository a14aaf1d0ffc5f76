// Invite codes and the mini-program code scene that carries them: random, short, unambiguous to read
// aloud or retype, and within what a wxacode scene accepts (32 visible characters of [\w!#$&'()*+,/:;=?@-.~]).

/** No 0/O, 1/I/L: a code read off a poster or typed in by hand must not be misread. */
export const INVITE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 31^6 ≈ 8.9e8 codes: collisions stay rare for any shop's distributor count, and retries handle them. */
export const INVITE_CODE_LENGTH = 6;
/** The scene parameter that carries the code: `i=<code>`, 8 characters, far under the 32-character limit. */
export const SCENE_KEY = 'i';
/** Longest raw scene we parse; the platform's limit is 32, URL-encoding can triple it. */
export const MAX_SCENE_LENGTH = 128;

const CODE_PATTERN = new RegExp(`^[${INVITE_CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`);

/**
 * A fresh code. `randomIndex(n)` must return a uniform integer in [0, n) from a cryptographic source
 * (crypto.randomInt in data/), so codes cannot be guessed from the openid or from each other.
 */
export function generateInviteCode(randomIndex: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i += 1) {
    const index = randomIndex(INVITE_CODE_ALPHABET.length);
    const char = INVITE_CODE_ALPHABET[index];
    if (char === undefined)
      throw new RangeError(`randomIndex returned ${index} outside [0, ${INVITE_CODE_ALPHABET.length})`);
    code += char;
  }
  return code;
}

/** Codes are case-insensitive for people typing them; the canonical form is upper case. */
export function normalizeInviteCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  return CODE_PATTERN.test(code) ? code : undefined;
}

export function sceneFor(code: string): string {
  return `${SCENE_KEY}=${code}`;
}

export type SceneInvite =
  /** The scene carries no invite (another kind of code, or empty): not an error. */
  | { kind: 'none' }
  | { kind: 'code'; code: string }
  /** An invite parameter that is not a code we could have issued. */
  | { kind: 'invalid'; raw: string };

/**
 * Reads the invite code out of a raw scene. The page may pass the scene still URL-encoded
 * (`i%3DABC234`, as onLoad receives it) or decoded; both work. Other parameters (`p=…`) are ignored.
 */
export function inviteFromScene(scene: string): SceneInvite {
  let decoded = scene.trim();
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A stray '%' that is not an escape: keep the raw text, the parameter check below decides.
  }
  for (const pair of decoded.split('&')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== SCENE_KEY) continue;
    const raw = pair.slice(separator + 1);
    const code = normalizeInviteCode(raw);
    return code ? { kind: 'code', code } : { kind: 'invalid', raw };
  }
  return { kind: 'none' };
}
