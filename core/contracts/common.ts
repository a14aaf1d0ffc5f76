// Schema building blocks shared by every action's contract. Inputs are strict: an unknown key is
// refused with its name (a misspelt `amount` must never be silently ignored), and text never carries
// control characters.
import * as z from 'zod/mini';
import { MAX_FEN } from '../domain/money';

/** Every C0 control character and DEL; multi-line text allows tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u001F\u007F]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const noControl = (pattern: RegExp) =>
  z.refine<string>((value) => !pattern.test(value), { message: '不能包含控制字符' });

/** An action's input object: unknown keys are refused by name. */
export const input = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape);

/** An amount in fen: a non-negative safe integer, at most MAX_FEN. */
export const fen = () => z.number().check(z.int(), z.minimum(0), z.maximum(MAX_FEN));
/** A strictly positive amount in fen. */
export const positiveFen = () => z.number().check(z.int(), z.minimum(1), z.maximum(MAX_FEN));
/** A rate in basis points, 0..10000. */
export const bp = () => z.number().check(z.int(), z.minimum(0), z.maximum(10_000));
/** A whole number in [min, max]. */
export const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));
/** A document id as our collections use them: short, printable, no path or operator characters. */
export const docId = () => z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w:.-]+$/));
/** An opaque paging cursor from a previous page's `next`. */
export const cursor = () => z.optional(z.nullable(z.string().check(z.maxLength(200), noControl(CONTROL))));
/** A client request id, reused on retry so a double tap creates one thing. */
export const clientRequestId = () =>
  z.optional(z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[\w-]+$/)));
/** One line of text shown to people (trimmed, may be empty). */
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max), noControl(CONTROL));
/** One line of text that must say something. */
export const requiredText = (max: number) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(max), noControl(CONTROL));
/** Several lines of text (a description): tabs and line breaks allowed, other control characters not. */
export const multilineText = (max: number) =>
  z.string().check(z.trim(), z.maxLength(max), noControl(CONTROL_MULTILINE));
export const dateString = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
/** An instant in ISO 8601 with its zone (2026-12-01T10:00:00+08:00, or …Z), read as a Date. */
export const instant = () =>
  z.pipe(
    z.string().check(
      z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/),
      z.refine((value) => Number.isFinite(Date.parse(value)), '不是有效的时间'),
    ),
    z.transform((value) => new Date(value)),
  );
/** The event of an action that takes no parameters. */
export const noInput = () => z.strictObject({});
