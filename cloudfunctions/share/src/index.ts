// share: what a distributor shares (invite code image, poster) and sees (team, figures).
import { shareApi } from '../../../core/contracts/share';
import { defineFunction } from '../../../core/handler';
import { code } from '../../../core/usecases/share/code';
import { conversion, products, rankings } from '../../../core/usecases/share/growth';
import { poster } from '../../../core/usecases/share/poster';
import { stats } from '../../../core/usecases/share/stats';
import { team } from '../../../core/usecases/share/team';

export const main = defineFunction(shareApi, { code, poster, team, stats, conversion, rankings, products });
