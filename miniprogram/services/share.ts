// share: a distributor's mini-program code, poster material, team and figures.
import { call } from './client';

export const code = () => call('share', 'code');
export const poster = (productId?: string) => call('share', 'poster', productId ? { productId } : {});
export const team = (level: 1 | 2, cursor?: string | null) =>
  call('share', 'team', cursor ? { level, cursor } : { level });
export const stats = () => call('share', 'stats');
