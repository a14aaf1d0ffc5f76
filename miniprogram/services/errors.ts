// ServiceError: the one error pages catch, with a message a shopper understands for every contract code.
import type { ErrorCode } from './api';

/** Contract codes plus the two that only happen on the phone: no answer at all, and the shopper backing out. */
export type ServiceErrorCode = ErrorCode | 'NETWORK' | 'CANCELLED';

const FRIENDLY: Record<ServiceErrorCode, string> = {
  INVALID_ARGUMENT: '填写的信息有误，请检查后再试',
  UNAUTHENTICATED: '登录状态失效，请重新打开小程序',
  PERMISSION_DENIED: '暂无权限进行此操作',
  NOT_FOUND: '内容不存在或已下架',
  ALREADY_EXISTS: '请勿重复提交',
  FAILED_PRECONDITION: '当前状态不能进行此操作',
  RESOURCE_EXHAUSTED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
  NETWORK: '网络不给力，请检查网络后重试',
  CANCELLED: '已取消',
};

const KNOWN = new Set<string>(Object.keys(FRIENDLY));

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** The server's own wording, kept for logs; `message` is what a person sees. */
    readonly detail?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** True when the server's message is already written for people (Chinese), so it beats the generic text. */
function isHumanText(message: string | undefined): message is string {
  return !!message && /[\u4e00-\u9fa5]/.test(message) && message.length <= 60;
}

/**
 * The message to show. Contract errors whose wording says exactly what went wrong (a FAILED_PRECONDITION
 * such as 「余额不足」) keep the server's Chinese text; INTERNAL never does, so no detail leaks.
 */
export function friendlyMessage(code: string, serverMessage?: string, requestId?: string): string {
  const known = (KNOWN.has(code) ? code : 'INTERNAL') as ServiceErrorCode;
  if (known === 'INTERNAL')
    return requestId ? `${FRIENDLY.INTERNAL}（编号 ${requestId}）` : FRIENDLY.INTERNAL;
  if (known !== 'NETWORK' && known !== 'CANCELLED' && isHumanText(serverMessage)) return serverMessage;
  return FRIENDLY[known];
}

export function toServiceError(code: string, serverMessage?: string, requestId?: string): ServiceError {
  const known = (KNOWN.has(code) ? code : 'INTERNAL') as ServiceErrorCode;
  return new ServiceError(known, friendlyMessage(known, serverMessage, requestId), serverMessage, requestId);
}

/** Whatever was thrown, the text a page puts on screen. */
export function messageOf(error: unknown): string {
  if (error instanceof ServiceError) return error.message;
  return FRIENDLY.INTERNAL;
}
