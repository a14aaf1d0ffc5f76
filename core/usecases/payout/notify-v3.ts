// payNotifyV3: every WeChat Pay v3 notification (payments, refunds, transfer bills) arrives here over the
// function's HTTP access. Nothing is read from a body before its signature verifies and its resource
// decrypts; then each result goes down the same idempotent path as cloudPay's (applyPayment/applyRefund).
import { AppError } from '../../errors';
import { ActionContext } from '../../handler';
import { PaymentError } from '../../data/payment';
import { loadMerchantConfig } from '../../data/wechatpay-v3/config';
import {
  NotificationRefused,
  openNotification,
  paymentNotice,
  refundNotice,
  transferNotice,
} from '../../data/wechatpay-v3/notice';
import { applyPayment, applyRefund } from '../order/notify';
import { applyTransferResult } from './transfer';

/** What the cloud function HTTP access service hands a function. */
export interface HttpEvent {
  httpMethod?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  path?: string;
  queryStringParameters?: Record<string, string>;
}

/** What it takes back ("integrated response"). */
export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** v3 reads any 2xx as received; anything else, with { code, message }, makes it retry. */
const received = (): HttpAnswer => ({ statusCode: 204, headers: {}, body: '' });
const failure = (statusCode: number, message: string): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ code: 'FAIL', message }),
});

export async function handleV3Notification(event: HttpEvent, ctx: ActionContext): Promise<HttpAnswer> {
  if ((event.httpMethod ?? 'POST').toUpperCase() !== 'POST') return failure(405, 'POST only');
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  try {
    const config = await loadMerchantConfig();
    const opened = openNotification(event.headers ?? {}, body, config, ctx.now.getTime());
    switch (opened.eventType) {
      case 'TRANSACTION.SUCCESS':
        await applyPayment(paymentNotice(opened.resource, config), ctx.now);
        break;
      case 'REFUND.SUCCESS':
      case 'REFUND.ABNORMAL':
      case 'REFUND.CLOSED':
        await applyRefund(refundNotice(opened.resource, config), ctx.now);
        break;
      case 'MCHTRANSFER.BILL.FINISHED':
        await applyTransferResult(transferNotice(opened.resource, config), ctx);
        break;
      default:
        // An event this shop does not subscribe to: acknowledged so it is not retried for a day.
        console.warn(`[${ctx.requestId}] ignored WeChat Pay event ${opened.eventType} ${opened.id}`);
    }
    return received();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[${ctx.requestId}] v3 notification not accepted: ${message}`);
    if (error instanceof NotificationRefused) return failure(error.status, message);
    if (error instanceof AppError || error instanceof PaymentError) return failure(400, message);
    return failure(500, 'internal error');
  }
}
