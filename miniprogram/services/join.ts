// join: entering the shop (binding to an inviter), the caller's profile, and applying to distribute.
import type { InputFor } from './api';
import { call } from './client';

export const enter = (input: InputFor<'join', 'enter'>) => call('join', 'enter', input);
export const me = () => call('join', 'me');
export const apply = (input: InputFor<'join', 'apply'>) => call('join', 'apply', input);
export const profile = (input: InputFor<'join', 'profile'>) => call('join', 'profile', input);
