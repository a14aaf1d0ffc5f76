// The payments WeChat's order system knows: every paid order of the two simulated merchants (cloudPay in
// <dataDir>/pay.json, API v3 in <dataDir>/wechatpay-v3.json), read from the files the simulators keep,
// so order shipping and getOrder find a payment by transaction_id or by mchid + out_trade_no.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PayOrder, PayRefund } from './pay';
import type { V3Order, V3Refund } from './wechatpay-v3';

/** A successful payment as the order-shipping system sees it. */
export interface PlatformPayment {
  transactionId: string;
  /** The merchant that took the money: cloudPay's sub-merchant, or the v3 merchant. */
  mchid: string;
  outTradeNo: string;
  openid: string;
  amountFen: number;
  description: string;
  createdAtMs: number;
  paidAtMs: number;
  /** Refunded so far (successful or in progress), in fen. */
  refundedFen: number;
}

export interface PaymentLookup {
  byTransactionId(transactionId: string): PlatformPayment | undefined;
  byMerchantOrder(mchid: string, outTradeNo: string): PlatformPayment | undefined;
}

function readState<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The payments of both simulators, read afresh on each lookup (the files change with every payment). */
export function simulatorPayments(dataDir: string): PaymentLookup {
  const all = (): PlatformPayment[] => {
    const payments: PlatformPayment[] = [];
    const cloudPay = readState<{ orders?: Record<string, PayOrder>; refunds?: Record<string, PayRefund> }>(
      path.join(dataDir, 'pay.json'),
    );
    const cloudPayRefunds = Object.values(cloudPay?.refunds ?? {});
    for (const order of Object.values(cloudPay?.orders ?? {})) {
      if (!order.transactionId || order.paidAt === undefined) continue;
      payments.push({
        transactionId: order.transactionId,
        mchid: order.subMchId,
        outTradeNo: order.outTradeNo,
        openid: order.openid,
        amountFen: order.totalFee,
        description: order.body,
        createdAtMs: order.createdAt,
        paidAtMs: order.paidAt,
        refundedFen: cloudPayRefunds
          .filter((refund) => refund.outTradeNo === order.outTradeNo)
          .reduce((sum, refund) => sum + refund.refundFee, 0),
      });
    }
    const v3 = readState<{
      keys?: { mchId?: string };
      orders?: Record<string, V3Order>;
      refunds?: Record<string, V3Refund>;
    }>(path.join(dataDir, 'wechatpay-v3.json'));
    const v3Refunds = Object.values(v3?.refunds ?? {});
    for (const order of Object.values(v3?.orders ?? {})) {
      if (!order.transactionId || order.successTime === undefined) continue;
      payments.push({
        transactionId: order.transactionId,
        mchid: v3?.keys?.mchId ?? '',
        outTradeNo: order.outTradeNo,
        openid: order.openid,
        amountFen: order.total,
        description: order.description,
        createdAtMs: order.createdAt,
        paidAtMs: order.successTime,
        refundedFen: v3Refunds
          .filter((refund) => refund.outTradeNo === order.outTradeNo)
          .reduce((sum, refund) => sum + refund.refund, 0),
      });
    }
    return payments;
  };
  return {
    byTransactionId: (transactionId) => all().find((payment) => payment.transactionId === transactionId),
    byMerchantOrder: (mchid, outTradeNo) =>
      all().find((payment) => payment.mchid === mchid && payment.outTradeNo === outTradeNo),
  };
}
