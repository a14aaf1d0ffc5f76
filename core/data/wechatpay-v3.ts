// The WeChat Pay API v3 adapter (直连商户): JSAPI orders and their wx.requestPayment parameters, query,
// close and refund behind the PaymentProvider seam, and the merchant transfer (商家转账) bills of payouts.
import type { TransferState } from '../domain/transfer';
import type { Settings } from '../domain/settings';
import { PaymentError, PaymentProvider, PaymentRequest } from './payment';
import { loadMerchantConfig, MerchantConfig, notifyUrl } from './wechatpay-v3/config';
import { newNonce, requestPaymentParams } from './wechatpay-v3/crypto';
import { v3Request, V3Error } from './wechatpay-v3/client';
import { paymentNotice } from './wechatpay-v3/notice';

export { V3Error };

const enc = encodeURIComponent;

/** The platform's limit on `description` is 127 characters. */
const description = (text: string) => Array.from(text).slice(0, 127).join('');

export function wechatpayV3Provider(payment: Settings['payment']): PaymentProvider {
  return {
    name: 'wechatpay-v3',
    async createPayment(request: PaymentRequest) {
      const config = await loadMerchantConfig();
      const { body } = await v3Request(config, 'POST', '/v3/pay/transactions/jsapi', {
        appid: config.appId,
        mchid: config.mchId,
        description: description(request.description),
        out_trade_no: request.outTradeNo,
        notify_url: notifyUrl(payment.notifyUrl),
        amount: { total: request.totalFee, currency: 'CNY' },
        payer: { openid: request.openid },
      });
      if (typeof body.prepay_id !== 'string') throw new PaymentError('JSAPI 下单未返回 prepay_id');
      return {
        ...requestPaymentParams(
          config.appId,
          body.prepay_id,
          config.privateKey,
          String(Math.floor(Date.now() / 1000)),
          newNonce(),
        ),
      };
    },
    async closePayment(outTradeNo) {
      const config = await loadMerchantConfig();
      await v3Request(config, 'POST', `/v3/pay/transactions/out-trade-no/${enc(outTradeNo)}/close`, {
        mchid: config.mchId,
      });
    },
    async requestRefund(request) {
      const config = await loadMerchantConfig();
      await v3Request(config, 'POST', '/v3/refund/domestic/refunds', {
        out_trade_no: request.outTradeNo,
        out_refund_no: request.outRefundNo,
        notify_url: notifyUrl(payment.notifyUrl),
        amount: { refund: request.refundFee, total: request.totalFee, currency: 'CNY' },
      });
    },
    async queryPayment(outTradeNo) {
      const config = await loadMerchantConfig();
      try {
        const { body } = await v3Request(
          config,
          'GET',
          `/v3/pay/transactions/out-trade-no/${enc(outTradeNo)}?mchid=${enc(config.mchId)}`,
        );
        const notice = paymentNotice(body, config);
        return {
          outTradeNo: notice.outTradeNo,
          tradeState: String(body.trade_state ?? ''),
          totalFee: notice.totalFee,
          transactionId: notice.transactionId,
          ...(notice.openid ? { openid: notice.openid } : {}),
        };
      } catch (error) {
        if (error instanceof V3Error && error.code === 'ORDER_NOT_EXIST') return null;
        throw error;
      }
    },
    async queryRefund(outRefundNo) {
      const config = await loadMerchantConfig();
      try {
        const { body } = await v3Request(config, 'GET', `/v3/refund/domestic/refunds/${enc(outRefundNo)}`);
        const amount =
          body.amount && typeof body.amount === 'object' ? (body.amount as Record<string, unknown>) : {};
        return {
          outRefundNo,
          outTradeNo: String(body.out_trade_no ?? ''),
          refundFee: Number(amount.refund),
          status: String(body.status ?? ''),
        };
      } catch (error) {
        if (error instanceof V3Error && error.code === 'RESOURCE_NOT_EXISTS') return null;
        throw error;
      }
    },
  };
}

/** Transfer scene 1005 (佣金报酬) and what its report asks; the platform shows the perception to the user. */
export const COMMISSION_SCENE = { id: '1005', perception: '劳务报酬' } as const;

export interface TransferBill {
  outBillNo: string;
  transferBillNo: string;
  state: TransferState;
  /** What wx.requestMerchantTransfer takes as `package` while the state is WAIT_USER_CONFIRM. */
  packageInfo?: string;
  failReason?: string;
  /** Fen and payee, as the query answers them. */
  amount?: number;
  openid?: string;
}

export interface TransferRequest {
  outBillNo: string;
  openid: string;
  amount: number;
  remark: string;
  postType: string;
  rewardDescription: string;
  notifyUrl: string;
}

function bill(body: Record<string, unknown>): TransferBill {
  return {
    outBillNo: String(body.out_bill_no ?? ''),
    transferBillNo: String(body.transfer_bill_no ?? ''),
    state: String(body.state ?? '') as TransferState,
    ...(typeof body.package_info === 'string' ? { packageInfo: body.package_info } : {}),
    ...(typeof body.fail_reason === 'string' ? { failReason: body.fail_reason } : {}),
    ...(typeof body.transfer_amount === 'number' ? { amount: body.transfer_amount } : {}),
    ...(typeof body.openid === 'string' ? { openid: body.openid } : {}),
  };
}

/** Creates the transfer bill (retry-safe: the platform answers the same bill for the same out_bill_no). */
export async function createTransferBill(
  request: TransferRequest,
  config?: MerchantConfig,
): Promise<TransferBill> {
  const merchant = config ?? (await loadMerchantConfig());
  const { body } = await v3Request(merchant, 'POST', '/v3/fund-app/mch-transfer/transfer-bills', {
    appid: merchant.appId,
    out_bill_no: request.outBillNo,
    transfer_scene_id: COMMISSION_SCENE.id,
    openid: request.openid,
    transfer_amount: request.amount,
    transfer_remark: request.remark,
    notify_url: request.notifyUrl,
    user_recv_perception: COMMISSION_SCENE.perception,
    transfer_scene_report_infos: [
      { info_type: '岗位类型', info_content: request.postType },
      { info_type: '报酬说明', info_content: request.rewardDescription },
    ],
  });
  return bill(body);
}

export async function queryTransferBill(outBillNo: string): Promise<TransferBill | null> {
  const merchant = await loadMerchantConfig();
  try {
    const { body } = await v3Request(
      merchant,
      'GET',
      `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${enc(outBillNo)}`,
    );
    return bill(body);
  } catch (error) {
    if (error instanceof V3Error && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export { loadMerchantConfig, notifyUrl };
