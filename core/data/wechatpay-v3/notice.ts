// WeChat Pay v3 notifications: the signature and timestamp checked, the resource decrypted, and the
// plaintext read into the money flow's notices. Pure (keys and "now" are passed in), so it is unit-tested.
import type { PaymentNotice, RefundNotice } from '../payment';
import { decryptResource, EncryptedResource, Headers, verifyPlatformSignature } from './crypto';
import type { MerchantConfig } from './config';

/** A notification we must not act on; the platform is answered a failure and nothing is written. */
export class NotificationRefused extends Error {
  constructor(
    readonly status: 400 | 401,
    message: string,
  ) {
    super(message);
  }
}

export interface TransferNotice {
  kind: 'transfer';
  outBillNo: string;
  transferBillNo: string;
  state: 'SUCCESS' | 'FAIL' | 'CANCELLED';
  amount: number;
  openid: string;
  failReason?: string;
}

export interface OpenedNotification {
  id: string;
  eventType: string;
  resource: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Verifies, then decrypts: an unsigned or stale body is never even parsed for its content. */
export function openNotification(
  headers: Headers,
  body: string,
  config: MerchantConfig,
  nowMs: number,
): OpenedNotification {
  const check = verifyPlatformSignature(
    headers,
    body,
    { publicKeyId: config.platformPublicKeyId, publicKey: config.platformPublicKey },
    nowMs,
  );
  if (!check.ok) throw new NotificationRefused(401, check.reason);
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    throw new NotificationRefused(400, 'body is not JSON');
  }
  if (!isRecord(envelope) || typeof envelope.event_type !== 'string' || !isRecord(envelope.resource)) {
    throw new NotificationRefused(400, 'not a v3 notification (event_type, resource)');
  }
  const resource = envelope.resource;
  let plaintext: string;
  try {
    plaintext = decryptResource(resource as unknown as EncryptedResource, config.apiV3Key);
  } catch (error) {
    throw new NotificationRefused(
      400,
      `resource does not decrypt: ${error instanceof Error ? error.message : error}`,
    );
  }
  let decrypted: unknown;
  try {
    decrypted = JSON.parse(plaintext);
  } catch {
    throw new NotificationRefused(400, 'decrypted resource is not JSON');
  }
  if (!isRecord(decrypted)) throw new NotificationRefused(400, 'decrypted resource is not an object');
  return { id: String(envelope.id ?? ''), eventType: envelope.event_type, resource: decrypted };
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const int = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : NaN);

/** Transactions and refunds name the merchant `mchid`, transfer bills `mch_id`. */
function sameMerchant(resource: Record<string, unknown>, config: MerchantConfig): void {
  if (str(resource.mchid ?? resource.mch_id) !== config.mchId)
    throw new NotificationRefused(400, `notification for merchant ${str(resource.mchid ?? resource.mch_id)}`);
}

/** TRANSACTION.SUCCESS's resource (a transaction) as the payment notice of the money flow. */
export function paymentNotice(resource: Record<string, unknown>, config: MerchantConfig): PaymentNotice {
  sameMerchant(resource, config);
  if (str(resource.appid) !== config.appId)
    throw new NotificationRefused(400, `notification for app ${str(resource.appid)}`);
  const amount = isRecord(resource.amount) ? resource.amount : {};
  const payer = isRecord(resource.payer) ? resource.payer : {};
  const outTradeNo = str(resource.out_trade_no);
  const totalFee = int(amount.total);
  if (!outTradeNo || Number.isNaN(totalFee))
    throw new NotificationRefused(400, 'transaction without out_trade_no or amount.total');
  return {
    kind: 'payment',
    provider: 'wechatpay-v3',
    outTradeNo,
    totalFee,
    success: resource.trade_state === 'SUCCESS',
    transactionId: str(resource.transaction_id),
    ...(str(payer.openid) ? { openid: str(payer.openid) } : {}),
  };
}

/** REFUND.SUCCESS / ABNORMAL / CLOSED's resource as the refund notice of the money flow. */
export function refundNotice(resource: Record<string, unknown>, config: MerchantConfig): RefundNotice {
  sameMerchant(resource, config);
  const amount = isRecord(resource.amount) ? resource.amount : {};
  const outTradeNo = str(resource.out_trade_no);
  const outRefundNo = str(resource.out_refund_no);
  const refundFee = int(amount.refund);
  if (!outTradeNo || !outRefundNo || Number.isNaN(refundFee))
    throw new NotificationRefused(400, 'refund without its numbers or amount');
  return {
    kind: 'refund',
    outTradeNo,
    outRefundNo,
    refundFee,
    success: resource.refund_status === 'SUCCESS',
  };
}

/** MCHTRANSFER.BILL.FINISHED's resource: a transfer bill in a final state. */
export function transferNotice(resource: Record<string, unknown>, config: MerchantConfig): TransferNotice {
  sameMerchant(resource, config);
  const state = str(resource.state);
  if (state !== 'SUCCESS' && state !== 'FAIL' && state !== 'CANCELLED') {
    throw new NotificationRefused(400, `transfer bill in non-final state ${state}`);
  }
  const amount = int(resource.transfer_amount);
  if (!str(resource.out_bill_no) || Number.isNaN(amount))
    throw new NotificationRefused(400, 'transfer bill without out_bill_no or amount');
  return {
    kind: 'transfer',
    outBillNo: str(resource.out_bill_no),
    transferBillNo: str(resource.transfer_bill_no),
    state,
    amount,
    openid: str(resource.openid),
    ...(str(resource.fail_reason) ? { failReason: str(resource.fail_reason) } : {}),
  };
}
