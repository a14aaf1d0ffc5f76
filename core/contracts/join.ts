// The `join` function: entering the shop (user creation and binding), the caller's own standing, and
// becoming a distributor.
import * as z from 'zod/mini';
import type { Balances } from '../domain/account';
import type { BindRefusal, BindSource } from '../domain/binding';
import type { DistributorStatus } from '../domain/distributor';
import { MAX_EVENTS_PER_CALL } from '../domain/behaviour';
import { MAX_SCENE_LENGTH } from '../domain/invite-code';
import type { LevelRates, NoticeEvent, Settings } from '../domain/settings';
import { answer, define } from './contract';
import { docId, input, int, noInput, requiredText, text } from './common';

/** Where the invite was opened: a poster's mini-program code, a shared link, or a share card. */
export const bindSource = () => z.enum(['poster', 'link', 'share']);
/** Any letters and digits up to 16: a well-formed code nobody holds is "unknown", not malformed input. */
export const inviteCode = () => z.string().check(z.trim(), z.regex(/^[A-Za-z0-9]{1,16}$/));

/** A user as any page may show them (their own record, or a member of a team). */
export interface PublicUser {
  _id: string;
  nickname: string;
  avatarUrl: string;
  /** The distributor this user is bound to, when bound. */
  inviterId?: string;
  boundAt?: Date;
  bindSource?: BindSource;
  createdAt: Date;
  distributor: {
    status: DistributorStatus;
    /** Shown only once it can bind (active or frozen). */
    code?: string;
    grade?: string;
    joinedAt?: Date;
    appliedAt?: Date;
    /** Why the last application was refused. */
    rejectReason?: string;
  };
}

/** Who invited the caller. */
export interface InviterCard {
  userId: string;
  nickname: string;
  avatarUrl: string;
}

export interface EnterAnswer {
  user: PublicUser;
  /** Created by this launch. */
  isNew: boolean;
  /** The opened invite bound (or rebound, or renewed) the caller. */
  bound: boolean;
  bindKind?: 'bind' | 'rebind' | 'renew';
  /** Why an opened invite bound no one. */
  reason?: { code: BindRefusal; message: string };
  /** The caller's inviter after this launch, when they have one. */
  inviter?: InviterCard;
}

export interface MeAnswer {
  user: PublicUser;
  /** `gradeName`: the merchant's name for the caller's grade ('' when the grade was removed). */
  distributor: PublicUser['distributor'] & { inviteeCount: number; gradeName?: string };
  /** Commission balances in fen (all zero for someone who never earned). */
  account: Balances;
  /** The rules the distributor centre explains: the caller's own rates, the after-sale window, withdrawals. */
  settings: {
    levels: Settings['levels'];
    rates: LevelRates;
    afterSaleDays: number;
    withdrawal: Settings['withdrawal'];
  };
  inviter?: InviterCard;
  /**
   * The 订阅消息 templates the merchant set, by event: a page asks the user for the ones of its moment
   * (wx.requestSubscribeMessage) and reports the accepted ones with join.subscribe.
   */
  subscribe: Partial<Record<NoticeEvent, string>>;
  /** The caller's orders waiting on something, for the 我的 page's shortcuts. */
  orders: { created: number; paid: number; shipped: number; refunding: number };
  /** Only decides whether the merchant pages are offered; every admin action checks again. */
  isAdmin: boolean;
}

/** A product, page or share a page reports (domain/behaviour.ts). */
const behaviourEvent = () =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('page_view'),
      page: z.string().check(z.regex(/^pages\/[\w/-]{1,80}$/)),
    }),
    z.strictObject({ type: z.literal('product_view'), productId: docId() }),
    z.strictObject({ type: z.literal('add_to_cart'), productId: docId(), quantity: int(1, 999) }),
    z.strictObject({
      type: z.literal('share'),
      channel: z.enum(['card', 'poster', 'poster_saved']),
      productId: z.optional(docId()),
    }),
  ]);

export const joinApi = {
  enter: define({
    input: input({
      /** The raw mini-program-code scene (`i=CODE`), URL-encoded or not. */
      scene: z.optional(z.string().check(z.maxLength(MAX_SCENE_LENGTH))),
      inviteCode: z.optional(inviteCode()),
      source: z.optional(bindSource()),
    }),
    answer: answer<EnterAnswer>(),
    access: 'user',
    summary:
      'Every app launch: creates the user once, then applies the binding policy to the opened invite (poster scene or invite code) and says why when it binds no one.',
    errors: [],
    example: { scene: 'i=K7Q2MX', source: 'poster' },
  }),
  apply: define({
    input: input({
      realName: z.optional(requiredText(20)),
      mobile: z.optional(z.string().check(z.regex(/^1\d{10}$/))),
      reason: z.optional(text(200)),
    }),
    answer: answer<{ status: DistributorStatus; code?: string }>(),
    access: 'user',
    summary:
      "Asks to become a distributor: the shop's join mode makes the caller active at once, pending review, or refuses (threshold not reached).",
    errors: ['FAILED_PRECONDITION', 'PERMISSION_DENIED'],
    example: { realName: '王小明', mobile: '13800000000', reason: '喜欢这家店的茶' },
  }),
  me: define({
    input: noInput(),
    answer: answer<MeAnswer>(),
    access: 'user',
    summary:
      "The caller's profile, distributor standing, balances, inviter and the rules that apply to them.",
    errors: [],
    example: {},
  }),
  subscribe: define({
    input: input({
      /** The template ids wx.requestSubscribeMessage answered 'accept' for. */
      accepted: z.array(z.string().check(z.regex(/^[\w-]{1,64}$/))).check(z.minLength(1), z.maxLength(5)),
    }),
    answer: answer<{ grants: Record<string, number> }>(),
    access: 'user',
    summary:
      'Counts the one-time 订阅消息 grants the caller just gave (templates the merchant set; others are ignored): each lets the shop send one message of that template.',
    errors: [],
    example: { accepted: ['dxq4oQ0vHw3uLuBy-0WdZV0f1Z5tPGiV0jPfZq2Nq9E'] },
  }),
  track: define({
    input: input({
      events: z.array(behaviourEvent()).check(z.minLength(1), z.maxLength(MAX_EVENTS_PER_CALL)),
    }),
    answer: answer<{ accepted: number; throttled: boolean }>(),
    access: 'user',
    summary:
      "Reports what the caller did (page and product views, add to cart, shares and posters) in one batch; it is added to the day's counters. Beyond the per-minute allowance a batch is refused (`throttled`) and nothing is written.",
    errors: [],
    example: {
      events: [
        { type: 'page_view', page: 'pages/shop/home/index' },
        { type: 'product_view', productId: 'P8c1f0a2b3c4d5e6f' },
        { type: 'share', channel: 'poster', productId: 'P8c1f0a2b3c4d5e6f' },
      ],
    },
  }),
  profile: define({
    input: input({
      nickname: z.optional(requiredText(32)),
      /** A cloud file (from wx.cloud.uploadFile / chooseAvatar) or an https URL. */
      avatarUrl: z.optional(z.string().check(z.maxLength(512), z.regex(/^(cloud|https):\/\/\S+$/))),
    }),
    answer: answer<{ user: PublicUser }>(),
    access: 'user',
    summary:
      "Sets the caller's nickname (checked by WeChat's content security; a risky one is refused) and avatar (a cloud file from chooseAvatar), shown on posters, in teams and rankings.",
    errors: ['FAILED_PRECONDITION'],
    example: { nickname: '小王', avatarUrl: 'cloud://env-id.7a6b/avatars/o1.png' },
  }),
};

export type EnterInput = z.output<typeof joinApi.enter.input>;
export type ApplyInput = z.output<typeof joinApi.apply.input>;
export type ProfileInput = z.output<typeof joinApi.profile.input>;
export type TrackInput = z.output<typeof joinApi.track.input>;
