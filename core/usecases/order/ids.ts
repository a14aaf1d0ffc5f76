// Deterministic ids of the money flow: a retry with the same client request id reuses the same id.
import { createHash, randomBytes } from 'node:crypto';

/** 'O' + 24 hex chars: valid as a WeChat Pay out_trade_no (6–32 chars of [0-9A-Za-z_-]). */
export function orderIdFor(buyerId: string, clientRequestId: string | undefined): string {
  const seed = clientRequestId ? `${buyerId}:${clientRequestId}` : randomBytes(16).toString('hex');
  return `O${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
}

/**
 * The number a person reads out (to the merchant, on the phone): the Beijing date of ordering and ten
 * digits of the order id's hash, e.g. 20261128 3904 1175 62. The id stays what WeChat Pay knows.
 */
export function orderNoFor(orderId: string, beijingDay: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(orderId).digest('hex').slice(0, 15)}`)
    .toString()
    .slice(-10)
    .padStart(10, '0');
  return `${beijingDay.replace(/-/g, '')}${digits}`;
}

export function withdrawalIdFor(userId: string, clientRequestId: string | undefined): string {
  const seed = clientRequestId ? `${userId}:${clientRequestId}` : randomBytes(16).toString('hex');
  return `W${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
}

/** Refunds of an order are numbered, so the same request cannot open two. */
export const refundIdFor = (orderId: string, sequence: number) => `${orderId}-R${sequence}`;

/** The one refund of a payment that arrived after its order was closed (an order is paid at most once). */
export const lateRefundId = (orderId: string) => `${orderId}-L`;
