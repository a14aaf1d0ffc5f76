// join: entering the shop (user creation and binding) and becoming a distributor.
import { joinApi } from '../../../core/contracts/join';
import { defineFunction } from '../../../core/handler';
import { apply } from '../../../core/usecases/join/apply';
import { enter } from '../../../core/usecases/join/enter';
import { me } from '../../../core/usecases/join/me';
import { profile, subscribe } from '../../../core/usecases/join/profile';
import { track } from '../../../core/usecases/join/track';

export const main = defineFunction(joinApi, { enter, apply, me, track, profile, subscribe });
