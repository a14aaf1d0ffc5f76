// The merchant's distributor actions of `admin`: list and search, review applications, freeze, a
// member's team, rebind.
import * as z from 'zod/mini';
import type { BindSource } from '../domain/binding';
import type { DistributorState } from '../domain/distributor';
import { answer, define, Page } from './contract';
import { cursor, docId, input, int, text } from './common';
import { teamInputShape, TeamMember } from './share';

export const distributorStatus = () => z.enum(['none', 'pending', 'active', 'frozen']);

/** A user as the merchant sees them: application details and counters included. */
export interface AdminUser {
  _id: string;
  nickname: string;
  avatarUrl: string;
  inviterId: string | null;
  /** The inviter's nickname ('' without one), null without an inviter. */
  inviterNickname: string | null;
  boundAt: Date | null;
  bindSource: BindSource | null;
  createdAt: Date;
  /** Fen of paid goods, net of refunds. */
  paidSpendFen: number;
  /** Users bound to this one. */
  inviteeCount: number;
  distributor: DistributorState;
}

export const adminDistributorApi = {
  'distributors.list': define({
    input: input({
      /** Without `status`: everyone who ever applied or joined (pending, active, frozen, rejected). */
      status: z.optional(distributorStatus()),
      /** A nickname fragment, an openid or an invite code. */
      q: z.optional(text(40)),
      cursor: cursor(),
      limit: z.optional(int(1, 100)),
    }),
    answer: answer<Page<AdminUser>>(),
    access: 'admin',
    summary:
      'One page of distributors and applicants, newest application first, or of users matching a search.',
    errors: ['PERMISSION_DENIED'],
    example: { status: 'pending' },
  }),
  'distributors.review': define({
    input: input({ userId: docId(), approve: z.boolean(), reason: z.optional(text(200)) }),
    answer: answer<{ user: AdminUser }>(),
    access: 'admin',
    summary: 'Approves or rejects a pending application (a rejection needs a reason the applicant will see).',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { userId: 'o6zAJs1234567890abcdef', approve: false, reason: '请补充真实姓名' },
  }),
  'distributors.freeze': define({
    input: input({ userId: docId(), frozen: z.boolean(), reason: z.optional(text(200)) }),
    answer: answer<{ user: AdminUser }>(),
    access: 'admin',
    summary: 'Freezes a distributor (earns nothing, binds no one, cannot withdraw) or unfreezes them.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { userId: 'o6zAJs1234567890abcdef', frozen: true, reason: '刷单' },
  }),
  'distributors.team': define({
    input: input({ ...teamInputShape, userId: docId() }),
    answer: answer<Page<TeamMember>>(),
    access: 'admin',
    summary: "A member's level-1 or level-2 team, as the distributor sees it in share.team.",
    errors: ['PERMISSION_DENIED', 'NOT_FOUND'],
    example: { userId: 'o6zAJs1234567890abcdef', level: 2 },
  }),
  'distributors.rebind': define({
    input: input({
      userId: docId(),
      /** The new inviter's openid or invite code; `null` unbinds (the key is required so a forgotten field never unbinds). */
      inviterId: z.nullable(docId()),
    }),
    answer: answer<{ user: AdminUser }>(),
    access: 'admin',
    summary: 'Binds a user to another inviter (cycle-checked and audited) or unbinds them.',
    errors: ['PERMISSION_DENIED', 'NOT_FOUND', 'FAILED_PRECONDITION'],
    example: { userId: 'o6zAJs1234567890abcdef', inviterId: 'K7Q2MX' },
  }),
};
