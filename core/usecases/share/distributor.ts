// Who may use the share actions: sharing needs an active distributor; a frozen one may still look
// at their team and figures, but not hand out codes that would bind no one.
import { denied, precondition } from '../../errors';
import { getUser, UserDoc } from '../../data/users';

export async function requireDistributor(openid: string, purpose: 'share' | 'view'): Promise<UserDoc> {
  const user = await getUser(openid);
  const status = user?.distributor.status ?? 'none';
  if (user && status === 'active') return user;
  if (user && status === 'frozen') {
    if (purpose === 'view') return user;
    throw denied('你的分销员资格已被冻结，暂时不能分享');
  }
  throw precondition(status === 'pending' ? '分销员申请审核中，通过后即可分享' : '成为分销员后才能使用');
}
