// join: entering the shop (user creation and binding) and becoming a distributor.
import { joinContracts } from '../../../core/contracts/join';
import { action, defineFunction } from '../../../core/handler';
import { apply } from '../../../core/usecases/join/apply';
import { enter } from '../../../core/usecases/join/enter';
import { me } from '../../../core/usecases/join/me';
import { profile } from '../../../core/usecases/join/profile';

export const main = defineFunction({
  enter: action(joinContracts.enter, enter),
  apply: action(joinContracts.apply, apply),
  me: action(joinContracts.me, me),
  profile: action(joinContracts.profile, profile),
});
