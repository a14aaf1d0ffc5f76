// The `share` function: what a distributor shares (invite code image, poster) and sees (team, figures).
import * as z from 'zod/mini';
import { answer, define, Page } from './contract';
import type { ShopProduct } from './order';
import type { ConversionFigures } from './admin-stats';
import { cursor, docId, int, input, noInput, text } from './common';

/** Team pages hold at most 100 members; 20 unless asked. */
export const TEAM_PAGE_MAX = 100;
export const TEAM_PAGE_DEFAULT = 20;

/** The distributor's mini-program code: scanning it opens `page` with `scene`, which binds to `inviteCode`. */
export interface InviteCodeImage {
  inviteCode: string;
  scene: string;
  page: string;
  /** The PNG in cloud storage. */
  fileID: string;
  /** A download URL of the PNG that a canvas can load (valid for a while). */
  tempFileURL: string;
}

export interface PosterProduct {
  productId: string;
  name: string;
  /** Fen. */
  price: number;
  priceText: string;
  /** The product's first picture (a cloud fileID or a URL), and a URL of it a canvas can load. */
  image: string | null;
  imageURL: string | null;
}

export interface PosterAnswer {
  code: InviteCodeImage;
  shopName: string;
  distributor: { nickname: string; avatarUrl: string };
  texts: { title: string; subtitle: string; hint: string };
  /** Present when the poster was asked for one product. */
  product?: PosterProduct;
}

export interface TeamMember {
  userId: string;
  nickname: string;
  avatarUrl: string;
  /** When they joined this team (were bound). */
  joinedAt: Date;
  /** They are an active distributor themselves. */
  isDistributor: boolean;
  /** Level 2 only: the level-1 member who brought them. */
  viaUserId?: string;
  /** Their paid orders (not fully refunded). */
  orderCount: number;
  /** Net commission in fen their orders earned the distributor at this level. */
  commission: number;
}

export interface ShareStats {
  /** Commission earned today (Beijing), in fen. */
  today: { earned: number };
  invited: { level1: number; level2: number; total: number };
  /** Orders that credited the distributor, by level. */
  orders: { level1: number; level2: number; total: number };
  /** Net commission in fen by level, and by state. */
  commission: {
    level1: number;
    level2: number;
    total: number;
    pending: number;
    settled: number;
    reversed: number;
  };
}

const teamInput = {
  level: z.literal([1, 2]),
  cursor: cursor(),
  limit: z.optional(int(1, TEAM_PAGE_MAX)),
};

/** The caller's conversion of the last days: what they shared, what it brought, what was bought. */
export interface ShareConversion extends ConversionFigures {
  from: string;
  to: string;
}

/** This month's ranking; others' names are masked (张**), the caller's own is not. */
export interface Ranking {
  by: 'commission' | 'recruits';
  /** `YYYY-MM`, Beijing time. */
  month: string;
  /** `value`: net commission in fen, or users bound to them this month. */
  items: { rank: number; nickname: string; avatarUrl: string; value: number; isMe: boolean }[];
  /** The caller's place (null when not ranked: nothing this month) and value. */
  me: { rank: number | null; value: number };
}

/** A product as a distributor picks it to share: what one sale earns them at level 1 (「起」 when SKUs differ). */
export interface ShareProduct {
  product: ShopProduct;
  earnFen: number;
  earnVaries: boolean;
}

export const shareApi = {
  code: define({
    input: noInput(),
    answer: answer<InviteCodeImage>(),
    access: 'user',
    summary: "An active distributor's invite code and its mini-program code image, made once and reused.",
    errors: ['FAILED_PRECONDITION', 'PERMISSION_DENIED'],
    example: {},
  }),
  poster: define({
    input: input({ productId: z.optional(docId()) }),
    answer: answer<PosterAnswer>(),
    access: 'user',
    summary:
      "Everything a page needs to draw an active distributor's poster: the code image, who shares, the texts, and optionally one product on sale with its price.",
    errors: ['FAILED_PRECONDITION', 'PERMISSION_DENIED', 'NOT_FOUND'],
    example: { productId: 'P8c1f0a2b3c4d5e6f' },
  }),
  team: define({
    input: input(teamInput),
    answer: answer<Page<TeamMember>>(),
    access: 'user',
    summary:
      "One page of a distributor's level-1 members (bound to them) or level-2 members (bound to their level-1 distributors), newest first, with orders and commission.",
    errors: ['FAILED_PRECONDITION'],
    example: { level: 1 },
  }),
  conversion: define({
    input: input({ days: z.optional(int(1, 90)) }),
    answer: answer<ShareConversion>(),
    access: 'user',
    summary:
      "The caller's conversion of the last `days` Beijing days (30 unless told): shares and posters, scans and links of their code, the visitors those brought, buyers and paid amount of orders they earn level-1 commission on.",
    errors: ['FAILED_PRECONDITION'],
    example: { days: 7 },
  }),
  rankings: define({
    input: input({ by: z.enum(['commission', 'recruits']) }),
    answer: answer<Ranking>(),
    access: 'user',
    summary:
      "This Beijing month's top distributors by net commission or by recruits (others' names masked), and the caller's own place.",
    errors: ['FAILED_PRECONDITION'],
    example: { by: 'commission' },
  }),
  products: define({
    input: input({ category: z.optional(text(20)), cursor: cursor() }),
    answer: answer<Page<ShareProduct>>(),
    access: 'user',
    summary:
      'The products on sale with what one sale earns the caller at level 1 (the cheapest SKU now; `earnVaries` when SKUs differ), to share or make a poster of.',
    errors: ['FAILED_PRECONDITION'],
    example: { category: '茶' },
  }),
  stats: define({
    input: noInput(),
    answer: answer<ShareStats>(),
    access: 'user',
    summary:
      "A distributor's figures: people invited at each level, orders that earned them commission, commission by level and state.",
    errors: ['FAILED_PRECONDITION'],
    example: {},
  }),
};

/** The team input shape, reused by the merchant's `distributors.team`. */
export const teamInputShape = teamInput;
export type TeamInput = z.output<typeof shareApi.team.input>;
export type PosterInput = z.output<typeof shareApi.poster.input>;
