// <user-picker>'s rows: who was found, in words, and whether they can still be picked.
import type { AdminUser } from '../../../../services/admin';
import { distributorStatusText } from '../../../../utils/status';

export interface FoundUser {
  _id: string;
  nickname: string;
  avatarUrl: string;
  code: string;
  /** 「分销员 · 邀请码 K7Q2MX」 */
  description: string;
  taken: boolean;
}

export function foundUsers(users: AdminUser[], excludeIds: string[]): FoundUser[] {
  return users.map((user) => {
    const code = user.distributor?.code ?? '';
    return {
      _id: user._id,
      nickname: user.nickname || '微信用户',
      avatarUrl: user.avatarUrl,
      code,
      description: [
        distributorStatusText(user.distributor?.status, user.distributor?.rejectReason),
        code && `邀请码 ${code}`,
      ]
        .filter(Boolean)
        .join(' · '),
      taken: excludeIds.includes(user._id),
    };
  });
}
