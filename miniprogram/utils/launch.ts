// Reads who invited the shopper from the launch options: a scanned mini-program code or a share card.
import type { InputFor } from '../services/api';

type EnterInput = InputFor<'join', 'enter'>;

export interface LaunchQuery {
  query?: Record<string, string | undefined>;
  scene?: number;
}

/** `i=CODE` (the scene we put in codes) → 'CODE'; also tolerates `i=CODE&x=y` and stray spaces. */
export function inviteCodeFromScene(scene: string): string | null {
  for (const part of scene.split('&')) {
    const [key, value] = part.split('=');
    if (key?.trim() === 'i' && value && value.trim()) return value.trim();
  }
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * What join.enter gets for this launch: the decoded scene of a scanned poster code (the function parses
 * it, so its binding policy sees exactly what was scanned), or the invite code of a share card. A launch
 * with neither still enters (that creates the user) but claims no source.
 */
export function enterInputFromLaunch(options: LaunchQuery): EnterInput {
  const query = options.query ?? {};
  if (query.scene) {
    const scene = safeDecode(query.scene);
    return inviteCodeFromScene(scene) ? { scene, source: 'poster' } : {};
  }
  if (query.inviteCode) {
    // A 1007/1008 launch is a share card; anything else carrying the query is a shared link.
    const source = options.scene === 1007 || options.scene === 1008 ? 'share' : 'link';
    return { inviteCode: safeDecode(query.inviteCode), source };
  }
  return {};
}

/** The toast after entering: only when a binding happened, since a plain visit needs no announcement. */
export function bindNotice(result: {
  bound: boolean;
  inviter?: { nickname?: string } | null;
}): string | null {
  if (!result.bound) return null;
  const name = result.inviter?.nickname?.trim();
  return name ? `已绑定 ${name}` : '已绑定推荐人';
}
