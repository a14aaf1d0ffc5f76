// Reads who invited the shopper from the launch options: a scanned mini-program code or a share card.
import type { EnterInput } from '../services/join';

export interface LaunchQuery {
  query?: Record<string, string | undefined>;
  scene?: number;
}

/** Scene values WeChat uses for a scanned mini-program code (1047 scan, 1048 long-press, 1049 album). */
const CODE_SCENES = new Set([1047, 1048, 1049]);

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
 * What join.enter gets for this launch. The raw scene is passed as well as the decoded code so the
 * function (and its binding policy) sees exactly what was scanned.
 */
export function enterInputFromLaunch(options: LaunchQuery): EnterInput {
  const query = options.query ?? {};
  if (query.scene) {
    const scene = safeDecode(query.scene);
    const code = inviteCodeFromScene(scene);
    return code ? { scene, source: 'scan' } : { source: 'direct' };
  }
  if (query.inviteCode) return { inviteCode: safeDecode(query.inviteCode), source: 'share' };
  return { source: options.scene && CODE_SCENES.has(options.scene) ? 'scan' : 'direct' };
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
