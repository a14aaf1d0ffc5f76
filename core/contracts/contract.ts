// One contract per action: the schema of its input and the type of its answer, in one table per
// function. The functions are built from these tables (core/handler.ts) and the mini-program's services
// call through them (`import type` only, so nothing here reaches the mini-program's bundle), which makes
// an answer renamed in a use case a type error in the page that reads it. docs/API.md is generated
// from the same tables (scripts/tooling/api-doc.ts).
import type * as z from 'zod/mini';
import type { ErrorCode } from '../errors';

declare const ANSWER: unique symbol;

/** Carries an answer's type; nothing at run time. */
export interface Answer<T> {
  readonly [ANSWER]?: T;
}

/** `answer<T>()` in a contract says the action answers T. */
export const answer = <T>(): Answer<T> => ({}) as Answer<T>;

/**
 * Who may call: `user` any mini-program user (an OPENID); `admin` one of the merchant's admins, checked
 * before the input is even read; `platform` also a platform call without OPENID (a timer).
 */
export type Access = 'user' | 'admin' | 'platform';

export interface Contract<I extends z.ZodMiniType = z.ZodMiniType, A = unknown> {
  input: I;
  answer: Answer<A>;
  access: Access;
  /** One sentence for docs/API.md: what the action does and for whom. */
  summary: string;
  /** The codes this action answers besides INVALID_ARGUMENT, UNAUTHENTICATED and INTERNAL, which any may. */
  errors: readonly ErrorCode[];
  /** One valid input, shown in docs/API.md and checked against `input` by a test. */
  example: z.input<I>;
}

/** Defines one action's contract, keeping the exact types of its input and answer. */
export function define<I extends z.ZodMiniType, A>(contract: Contract<I, A>): Contract<I, A> {
  return contract;
}

export type ContractTable = Record<string, Contract>;

/** What a caller sends (before defaults and trimming). */
export type InputOf<C> = C extends Contract<infer I, unknown> ? z.input<I> : never;
/** What the use case receives (after parsing). */
export type ParsedOf<C> = C extends Contract<infer I, unknown> ? z.output<I> : never;
/** What the use case answers. */
export type AnswerOf<C> = C extends { answer: Answer<infer A> } ? A : never;

/**
 * A value as it reaches the mini-program: callFunction (and the local cloud's HTTP face) carry JSON, so a
 * Date arrives as its ISO string.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** A page of a list: `next` is an opaque cursor for the following page, or null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}
