// Schema building blocks shared by every action's contract (and by the mini-program's services).
import * as z from 'zod/mini';
import { MAX_FEN } from '../domain/money';

/** An amount in fen: a non-negative safe integer, at most MAX_FEN. */
export const fen = () => z.number().check(z.int(), z.minimum(0), z.maximum(MAX_FEN));
/** A strictly positive amount in fen. */
export const positiveFen = () => z.number().check(z.int(), z.minimum(1), z.maximum(MAX_FEN));
/** A rate in basis points, 0..10000. */
export const bp = () => z.number().check(z.int(), z.minimum(0), z.maximum(10_000));
/** A document id as our collections use them: short, printable, no path or operator characters. */
export const docId = () => z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w:.-]+$/));
/** An opaque paging cursor from a previous page's `next`. */
export const cursor = () => z.optional(z.nullable(z.string().check(z.maxLength(200))));
/** A client request id, reused on retry so a double tap creates one thing. */
export const clientRequestId = () =>
  z.optional(z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[\w-]+$/)));
/** Free text shown to people. */
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
export const dateString = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** The event of an action that takes no parameters (extra fields such as userInfo are ignored). */
export const noInput = () => z.object({});
