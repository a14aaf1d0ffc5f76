// The profile a shopper gives (头像昵称填写): where a chosen avatar is stored, and what a submitted nickname changes.
import { storagePath } from './format';

/** Nicknames that mean "not set yet": WeChat's default, or nothing. */
export const DEFAULT_NICKNAME = '微信用户';
export const isDefaultNickname = (nickname: string | null | undefined) =>
  !nickname || !nickname.trim() || nickname.trim() === DEFAULT_NICKNAME;

/** 'avatars/<time>-<noise>.png': where a chosen avatar is stored. */
export const avatarCloudPath = (tempFilePath: string, nowMs: number, random?: () => number) =>
  storagePath('avatars', tempFilePath, nowMs, 'png', random);

/**
 * A nickname submitted with the form (WeChat's nickname input is read at submit, since it clears a nickname
 * that fails its check when the field loses focus): the one to save, nothing when unchanged, or why not.
 */
export function nicknameChange(current: string, submitted: unknown): { nickname?: string; problem?: string } {
  const nickname = typeof submitted === 'string' ? submitted.trim() : '';
  if (!nickname) return isDefaultNickname(current) ? { problem: '请填写昵称' } : {};
  if (Array.from(nickname).length > 32) return { problem: '昵称最多 32 个字' };
  return nickname === current.trim() ? {} : { nickname };
}
