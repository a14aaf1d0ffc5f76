// join: entering the shop (binding to an inviter), the caller's profile, and applying to distribute.
import { call } from './client';
import type { DistributorStatus, EnterResult, MeResult, User } from './types';

export interface EnterInput {
  scene?: string;
  inviteCode?: string;
  /** Where the invite was opened: a poster's mini-program code, a shared link, or a share card. */
  source?: 'poster' | 'link' | 'share';
}

export const enter = (input: EnterInput) => call<EnterResult>('join', 'enter', input);
export const me = () => call<MeResult>('join', 'me');
export const apply = (input: { realName?: string; mobile?: string; reason?: string }) =>
  call<{ status: DistributorStatus }>('join', 'apply', input);
export const profile = (input: { nickname?: string; avatarUrl?: string }) =>
  call<{ user: User }>('join', 'profile', input);
