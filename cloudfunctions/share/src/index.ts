// share: what a distributor shares (invite code image, poster) and sees (team, figures).
import { shareContracts } from '../../../core/contracts/share';
import { action, defineFunction } from '../../../core/handler';
import { code } from '../../../core/usecases/share/code';
import { poster } from '../../../core/usecases/share/poster';
import { stats } from '../../../core/usecases/share/stats';
import { team } from '../../../core/usecases/share/team';

export const main = defineFunction({
  code: action(shareContracts.code, code),
  poster: action(shareContracts.poster, poster),
  team: action(shareContracts.team, team),
  stats: action(shareContracts.stats, stats),
});
