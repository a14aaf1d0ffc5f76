// The payment provider seam: the money flow asks for a payment, a close, a refund or the provider's own
// word on a payment or refund here, and reads WeChat Pay's callbacks through parse*; the cloudPay adapter
// is the first implementation, data/wechatpay-v3.ts the second.
import type { PaymentParams } from '../contracts/order';
import { initCloud } from './cloud';

export interface PaymentRequest {
  outTradeNo: string;
  totalFee: number;
  description: string;
  openid: string;
}

export interface PaymentNotice {
  kind: 'payment';
  outTradeNo: string;
  totalFee: number;
  success: boolean;
  transactionId: string;
  openid?: string;
  /** Which adapter reported it; recorded on the order's payment. */
  provider: string;
}

export interface RefundNotice {
  kind: 'refund';
  outTradeNo: string;
  outRefundNo: string;
  refundFee: number;
  success: boolean;
}

/** What the provider says of a payment now. */
export interface PaymentState {
  outTradeNo: string;
  /** SUCCESS (paid), REFUND (paid, then refunded in part or in full), NOTPAY, CLOSED, PAYERROR… */
  tradeState: string;
  totalFee: number;
  transactionId: string;
  openid?: string;
}

/** What the provider says of a refund now: SUCCESS, PROCESSING, or a failure (CHANGE, REFUNDCLOSE, ABNORMAL, CLOSED). */
export interface RefundState {
  outRefundNo: string;
  outTradeNo: string;
  refundFee: number;
  status: string;
}

/** The provider took the money: a payment in these states was made. */
export const PAID_STATES: ReadonlySet<string> = new Set(['SUCCESS', 'REFUND']);

export interface PaymentProvider {
  readonly name: string;
  /** What `wx.requestPayment` takes. */
  createPayment(request: PaymentRequest): Promise<PaymentParams>;
  /** Closes an unpaid payment; a payment already made is refused with PaymentError code ORDERPAID. */
  closePayment(outTradeNo: string): Promise<void>;
  /** The provider's own word on a payment; null when it never heard of it. */
  queryPayment(outTradeNo: string): Promise<PaymentState | null>;
  /** The provider's own word on a refund; null when it never heard of it. */
  queryRefund(outRefundNo: string): Promise<RefundState | null>;
  /** Asks the provider to refund; the result arrives later as a RefundNotice. */
  requestRefund(request: {
    outTradeNo: string;
    outRefundNo: string;
    totalFee: number;
    refundFee: number;
  }): Promise<void>;
}

export class PaymentError extends Error {
  constructor(
    message: string,
    /** The provider's error code (ORDERPAID, ORDERNOTEXIST…), when it gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The provider's answer to a close: the payment can no longer be made, or it was made already. */
export const CLOSED_CODES: ReadonlySet<string> = new Set(['ORDERCLOSED', 'ORDERNOTEXIST', 'ORDER_NOT_EXIST']);
export const PAID_CODE = 'ORDERPAID';

/** The function that receives payment and refund callbacks. */
export const NOTIFY_FUNCTION = 'payNotify';

function envId(): string {
  return process.env.TCB_ENV || process.env.SCF_NAMESPACE || '';
}

interface CloudPayAnswer {
  returnCode?: string;
  returnMsg?: string;
  resultCode?: string;
  /** WeChat Pay's err_code, but overwritten by the SDK's own 0 (see businessCode). */
  errCode?: string | number;
  errCodeDes?: string;
  payment?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * WeChat Pay's descriptions of the codes this project acts on. wx-server-sdk answers a cloudPay call with
 * `{ ...answer, errCode: 0 }` (its own success code, callCloudPayAPI), which overwrites WeChat Pay's
 * err_code: the code is read back from err_code_des, whose wording WeChat Pay fixes per code.
 */
const CODE_BY_DESCRIPTION: ReadonlyArray<[RegExp, string]> = [
  [/订单号不存在/, 'ORDERNOTEXIST'],
  [/已支付/, 'ORDERPAID'],
  [/已关闭/, 'ORDERCLOSED'],
  [/退款订单查询失败/, 'REFUNDNOTEXIST'],
];

/** The business error code of a cloudPay answer (ORDERNOTEXIST, ORDERPAID…), when it failed with one. */
export function businessCode(answer: CloudPayAnswer): string | undefined {
  if (typeof answer.errCode === 'string' && answer.errCode) return answer.errCode;
  const description = String(answer.errCodeDes ?? '');
  return CODE_BY_DESCRIPTION.find(([pattern]) => pattern.test(description))?.[1];
}

/** cloudPay answers in v2 style; the SDK does not check return/result codes, so this does. */
function checked(answer: CloudPayAnswer, what: string): CloudPayAnswer {
  if (answer.returnCode !== 'SUCCESS' || (answer.resultCode && answer.resultCode !== 'SUCCESS')) {
    const code = businessCode(answer) ?? answer.returnCode;
    throw new PaymentError(`${what} failed: ${code} ${answer.errCodeDes ?? answer.returnMsg ?? ''}`, code);
  }
  return answer;
}

const PAYMENT_KEYS = ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign'] as const;

/** The parameters of wx.requestPayment out of cloudPay's answer, all five present as strings. */
function paymentParams(payment: Record<string, unknown> | undefined): PaymentParams {
  const missing = PAYMENT_KEYS.filter((key) => typeof payment?.[key] !== 'string');
  if (!payment || missing.length > 0)
    throw new PaymentError(`unifiedOrder answered no ${missing.join(', ')} for wx.requestPayment`);
  return Object.fromEntries(PAYMENT_KEYS.map((key) => [key, payment[key]])) as unknown as PaymentParams;
}

type CloudPayApi = Record<string, (data: Record<string, unknown>) => Promise<CloudPayAnswer>>;

export function cloudPayProvider(subMchId: string): PaymentProvider {
  const api = () => (initCloud() as unknown as { cloudPay: CloudPayApi }).cloudPay;
  return {
    name: 'cloudPay',
    async createPayment(request) {
      const answer = checked(
        await api().unifiedOrder!({
          body: request.description.slice(0, 120),
          outTradeNo: request.outTradeNo,
          spbillCreateIp: '127.0.0.1',
          subMchId,
          totalFee: request.totalFee,
          envId: envId(),
          functionName: NOTIFY_FUNCTION,
        }),
        'unifiedOrder',
      );
      return paymentParams(answer.payment);
    },
    async closePayment(outTradeNo) {
      checked(await api().closeOrder!({ outTradeNo, subMchId, nonceStr: outTradeNo }), 'closeOrder');
    },
    async queryPayment(outTradeNo) {
      const answer = await api().queryOrder!({ outTradeNo, subMchId, nonceStr: outTradeNo });
      if (answer.resultCode === 'FAIL' && businessCode(answer) === 'ORDERNOTEXIST') return null;
      checked(answer, 'queryOrder');
      return {
        outTradeNo,
        tradeState: String(answer.tradeState ?? ''),
        totalFee: int(answer.totalFee),
        transactionId: String(answer.transactionId ?? ''),
        ...(typeof answer.subOpenid === 'string' || typeof answer.openid === 'string'
          ? { openid: String(answer.subOpenid ?? answer.openid) }
          : {}),
      };
    },
    async queryRefund(outRefundNo) {
      const answer = await api().queryRefund!({ outRefundNo, subMchId, nonceStr: outRefundNo });
      if (answer.resultCode === 'FAIL' && businessCode(answer) === 'REFUNDNOTEXIST') return null;
      checked(answer, 'queryRefund');
      // One refund number answers one refund: its fields carry the suffix _0.
      return {
        outRefundNo,
        outTradeNo: String(answer.outTradeNo ?? ''),
        refundFee: int(answer.refundFee_0),
        status: String(answer.refundStatus_0 ?? ''),
      };
    },
    async requestRefund(request) {
      checked(
        await api().refund!({
          outTradeNo: request.outTradeNo,
          outRefundNo: request.outRefundNo,
          totalFee: request.totalFee,
          refundFee: request.refundFee,
          subMchId,
          nonceStr: request.outRefundNo,
          envId: envId(),
          functionName: NOTIFY_FUNCTION,
        }),
        'refund',
      );
    },
  };
}

const int = (value: unknown) =>
  typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);

/** Reads a cloudPay callback event (payment or refund); null when it is neither. */
export function parseCloudPayNotice(event: Record<string, unknown>): PaymentNotice | RefundNotice | null {
  const outTradeNo = typeof event.outTradeNo === 'string' ? event.outTradeNo : undefined;
  if (!outTradeNo) return null;
  if (typeof event.outRefundNo === 'string' || event.refundStatus !== undefined) {
    const refundFee = int(event.refundFee ?? event.settlementRefundFee);
    if (typeof event.outRefundNo !== 'string' || !Number.isSafeInteger(refundFee)) return null;
    return {
      kind: 'refund',
      outTradeNo,
      outRefundNo: event.outRefundNo,
      refundFee,
      success: event.refundStatus === 'SUCCESS',
    };
  }
  const totalFee = int(event.totalFee);
  if (!Number.isSafeInteger(totalFee)) return null;
  return {
    kind: 'payment',
    outTradeNo,
    totalFee,
    success: event.returnCode === 'SUCCESS' && event.resultCode === 'SUCCESS',
    transactionId: String(event.transactionId ?? ''),
    provider: 'cloudPay',
    ...(typeof event.openid === 'string' ? { openid: event.openid } : {}),
  };
}
