// The stable error codes of the function contract (API.md) and the error type that carries one.

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FAILED_PRECONDITION',
  'RESOURCE_EXHAUSTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure the caller can act on; its code and message are sent to the client as they are. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (message: string, details?: Record<string, unknown>) =>
  new AppError('INVALID_ARGUMENT', message, details);
export const denied = (message = '没有权限') => new AppError('PERMISSION_DENIED', message);
export const notFound = (message = '不存在') => new AppError('NOT_FOUND', message);
export const precondition = (message: string) => new AppError('FAILED_PRECONDITION', message);

export type Envelope<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: { code: ErrorCode; message: string; requestId?: string; fields?: Record<string, string> };
    };
