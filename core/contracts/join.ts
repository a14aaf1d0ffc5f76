// Input contracts of the `join` function's actions (shared with miniprogram/services).
import * as z from 'zod/mini';
import { MAX_SCENE_LENGTH } from '../domain/invite-code';
import { noInput, text } from './common';

/** Where the invite was opened: a poster's mini-program code, a shared link, or a share card. */
export const bindSource = () => z.enum(['poster', 'link', 'share']);

/** Any letters and digits up to 16: a well-formed code nobody holds is "unknown", not malformed input. */
export const inviteCode = () => z.string().check(z.trim(), z.regex(/^[A-Za-z0-9]{1,16}$/));

export const joinContracts = {
  enter: z.object({
    /** The raw mini-program-code scene (`i=CODE`), URL-encoded or not. */
    scene: z.optional(z.string().check(z.maxLength(MAX_SCENE_LENGTH))),
    inviteCode: z.optional(inviteCode()),
    source: z.optional(bindSource()),
  }),
  apply: z.object({
    realName: z.optional(text(20).check(z.minLength(1))),
    mobile: z.optional(z.string().check(z.regex(/^1\d{10}$/))),
    reason: z.optional(text(200)),
  }),
  me: noInput(),
  profile: z.object({
    nickname: z.optional(text(32).check(z.minLength(1))),
    /** A cloud file (from wx.cloud.uploadFile / chooseAvatar) or an https URL. */
    avatarUrl: z.optional(z.string().check(z.maxLength(512), z.regex(/^(cloud|https):\/\/\S+$/))),
  }),
};

export type EnterInput = z.infer<typeof joinContracts.enter>;
export type ApplyInput = z.infer<typeof joinContracts.apply>;
export type ProfileInput = z.infer<typeof joinContracts.profile>;
