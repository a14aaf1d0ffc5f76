// share: a distributor's mini-program code, poster material and team.
import { call } from './client';
import type { Page, Poster, ShareCode, TeamMember, TeamStats } from './types';

export const code = () => call<ShareCode>('share', 'code');
export const poster = (productId?: string) => call<Poster>('share', 'poster', productId ? { productId } : {});
export const team = (level: 1 | 2, cursor?: string | null) =>
  call<{ members: TeamMember[]; next: string | null }>(
    'share',
    'team',
    cursor ? { level, cursor } : { level },
  );
export const stats = () => call<TeamStats>('share', 'stats');

/** team answers { members, next }; the list helpers speak { items, next }. */
export async function teamPage(level: 1 | 2, cursor?: string | null): Promise<Page<TeamMember>> {
  const page = await team(level, cursor);
  return { items: page.members ?? [], next: page.next ?? null };
}
