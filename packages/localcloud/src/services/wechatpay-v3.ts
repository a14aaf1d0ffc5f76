// The simulated WeChat Pay API v3 (直连商户) and its merchant transfer: a merchant key pair and a platform
// key pair generated for local use (kept in <dataDir>/wechatpay-v3.json with the orders, refunds and
// bills), every request's signature checked against the merchant's public key, answers signed with the
// platform key, and notifications signed and encrypted like the platform's, posted to notify_url and
// retried on the virtual clock until a 2xx answer. A transfer bill the user does not confirm within 24 h
// is closed by the platform: it ends FAIL with fail_reason OVERDUE_CLOSE and the money goes back.
import { generateKeyPairSync, KeyObject, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Clock } from '../clock';
import { Route, sendJson } from '../server';
import { Deliveries } from './delivery';
import {
  encryptResource,
  MAX_CLOCK_SKEW_MS,
  parseAuthorization,
  platformHeaders,
  requestMessage,
  rsaVerify,
} from './wechatpay-v3-crypto';

const DAY_MS = 86_400_000;
/**
 * Bills waiting for the user's confirmation are closed by the platform after 24 hours ("用户收款的时效是
 * 24小时，如用户不确认将在24小时后关闭单据，资金退回至商户的出资账户", WeChat Pay's 商家转账 FAQ).
 */
export const TRANSFER_CONFIRM_MS = DAY_MS;
/** The fail_reason of a bill closed because the user never confirmed it (超过系统重试期，系统自动关闭). */
export const OVERDUE_CLOSE = 'OVERDUE_CLOSE';

/** The merchant's side of the generated keys, as a project stores it for its functions to read. */
export interface V3MerchantConfig {
  mchId: string;
  appId: string;
  apiV3Key: string;
  /** Serial number of the merchant API certificate (商户API证书序列号). */
  serialNo: string;
  /** apiclient_key.pem. */
  privateKey: string;
  /** 微信支付公钥 and its id (PUB_KEY_ID_…). */
  platformPublicKey: string;
  platformPublicKeyId: string;
}

export interface V3Keys {
  mchId: string;
  appId: string;
  apiV3Key: string;
  merchantSerialNo: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  platformPublicKeyId: string;
  platformPrivateKey: string;
  platformPublicKey: string;
}

export interface V3Delivery {
  url: string;
  eventType: string;
  /** The notification body, encrypted once; each attempt is signed afresh (its timestamp moves). */
  body: string;
  attempts: number;
  delivered: boolean;
  nextAt: number | null;
  lastStatus?: number;
  lastError?: string;
}

export type V3TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED' | 'PAYERROR';

export interface V3Order {
  outTradeNo: string;
  appid: string;
  description: string;
  total: number;
  openid: string;
  notifyUrl: string;
  prepayId: string;
  tradeState: V3TradeState;
  createdAt: number;
  transactionId?: string;
  successTime?: number;
  notify?: V3Delivery;
}

export interface V3Refund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refund: number;
  total: number;
  status: 'PROCESSING' | 'SUCCESS';
  notifyUrl?: string;
  createdAt: number;
  notify?: V3Delivery;
}

export type TransferBillState = 'WAIT_USER_CONFIRM' | 'SUCCESS' | 'FAIL' | 'CANCELLED';

export interface V3Transfer {
  outBillNo: string;
  transferBillNo: string;
  appid: string;
  openid: string;
  amount: number;
  remark: string;
  sceneId: string;
  reportInfos: { info_type: string; info_content: string }[];
  perception?: string;
  notifyUrl?: string;
  state: TransferBillState;
  packageInfo: string;
  createdAt: number;
  updatedAt: number;
  failReason?: string;
  notify?: V3Delivery;
}

interface V3State {
  keys: V3Keys;
  orders: Record<string, V3Order>;
  refunds: Record<string, V3Refund>;
  transfers: Record<string, V3Transfer>;
}

export interface WechatpayV3Options {
  dataDir: string;
  clock: Clock;
  appId: string;
  mchId?: string;
}

/** What the scenes require to be reported (转账场景报备信息); 1005 is 佣金报酬. */
const SCENE_REPORTS: Record<string, { infoTypes: string[]; perceptions: string[] }> = {
  '1005': { infoTypes: ['岗位类型', '报酬说明'], perceptions: ['劳务报酬', '报酬'] },
};

const TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const BILL_NO = /^[0-9A-Za-z]{5,32}$/;

function pem(pair: { privateKey: KeyObject; publicKey: KeyObject }) {
  return {
    privateKey: String(pair.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    publicKey: String(pair.publicKey.export({ type: 'spki', format: 'pem' })),
  };
}

function generateKeys(appId: string, mchId: string): V3Keys {
  const merchant = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const platform = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }));
  return {
    mchId,
    appId,
    apiV3Key: randomBytes(16).toString('hex'),
    merchantSerialNo: randomBytes(20).toString('hex').toUpperCase(),
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    platformPublicKeyId: `PUB_KEY_ID_01${digits(30)}`,
    platformPrivateKey: platform.privateKey,
    platformPublicKey: platform.publicKey,
  };
}

function digits(count: number): string {
  let text = '';
  while (text.length < count) text += String(randomInt(0, 1e9)).padStart(9, '0');
  return text.slice(0, count);
}

/** RFC 3339 in China time, as v3 writes its times. */
function rfc3339(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const isInt = (value: unknown, min = 1): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class V3Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (status: number, code: string, message: string) => new V3Refusal(status, code, message);

export class WechatpayV3Simulator {
  private state: V3State;
  private readonly file: string;
  private readonly deliveries: Deliveries<V3Delivery>;

  constructor(private readonly options: WechatpayV3Options) {
    this.file = path.join(options.dataDir, 'wechatpay-v3.json');
    if (existsSync(this.file)) {
      this.state = JSON.parse(readFileSync(this.file, 'utf8')) as V3State;
    } else {
      this.state = {
        keys: generateKeys(options.appId, options.mchId ?? '1900000109'),
        orders: {},
        refunds: {},
        transfers: {},
      };
      this.save();
    }
    this.deliveries = new Deliveries<V3Delivery>(
      options.clock,
      (delivery) => this.send(delivery),
      () => this.save(),
    );
  }

  get keys(): V3Keys {
    return this.state.keys;
  }

  /** The merchant's side of the generated keys: what a project gives its functions (keys, ids, serial). */
  merchantConfig(): V3MerchantConfig {
    const keys = this.state.keys;
    return {
      mchId: keys.mchId,
      appId: keys.appId,
      apiV3Key: keys.apiV3Key,
      serialNo: keys.merchantSerialNo,
      privateKey: keys.merchantPrivateKey,
      platformPublicKey: keys.platformPublicKey,
      platformPublicKeyId: keys.platformPublicKeyId,
    };
  }

  order(outTradeNo: string): V3Order | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.orders, outTradeNo)
      ? this.state.orders[outTradeNo]
      : undefined;
  }

  refund(outRefundNo: string): V3Refund | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.refunds, outRefundNo)
      ? this.state.refunds[outRefundNo]
      : undefined;
  }

  transfer(outBillNo: string): V3Transfer | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.transfers, outBillNo)
      ? this.state.transfers[outBillNo]
      : undefined;
  }

  private save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state, null, 2));
    renameSync(temp, this.file);
  }

  /** A notification body as the platform builds it: the resource encrypted with the APIv3 key. */
  notificationBody(
    eventType: string,
    originalType: string,
    resource: Record<string, unknown>,
    summary: string,
  ): string {
    return JSON.stringify({
      id: randomUUID(),
      create_time: rfc3339(this.options.clock.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: {
        original_type: originalType,
        ...encryptResource(JSON.stringify(resource), this.state.keys.apiV3Key, originalType),
      },
    });
  }

  /** Signature headers of the platform for `body`, now on the virtual clock (or at `atMs`). */
  sign(body: string, atMs = this.options.clock.now()): Record<string, string> {
    return platformHeaders(
      body,
      this.state.keys.platformPrivateKey,
      this.state.keys.platformPublicKeyId,
      atMs,
    );
  }

  // ---- merchant requests ----

  /** The request's Authorization must be the merchant's, fresh, and signed over exactly what was sent. */
  private authenticate(req: IncomingMessage, body: string): void {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) throw refuse(401, 'SIGN_ERROR', 'Authorization is not WECHATPAY2-SHA256-RSA2048');
    const keys = this.state.keys;
    if (auth.mchid !== keys.mchId) throw refuse(401, 'SIGN_ERROR', `unknown mchid ${auth.mchid}`);
    if (auth.serial_no !== keys.merchantSerialNo)
      throw refuse(401, 'SIGN_ERROR', `unknown certificate serial ${auth.serial_no}`);
    if (Math.abs(this.options.clock.now() - Number(auth.timestamp) * 1000) > MAX_CLOCK_SKEW_MS) {
      throw refuse(401, 'SIGN_ERROR', 'timestamp too far from now');
    }
    const message = requestMessage(req.method ?? 'GET', req.url ?? '/', auth.timestamp, auth.nonce_str, body);
    if (!rsaVerify(message, auth.signature, keys.merchantPublicKey)) {
      throw refuse(401, 'SIGN_ERROR', '签名错误，请检查后再试');
    }
  }

  private answer(res: ServerResponse, status: number, value?: unknown): void {
    const body = value === undefined ? '' : JSON.stringify(value);
    res.writeHead(status, {
      ...this.sign(body),
      'Request-ID': randomUUID(),
      ...(body ? { 'content-type': 'application/json' } : {}),
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  private json(body: string): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(body || '{}');
      if (isRecord(parsed)) return parsed;
    } catch {
      // refused below
    }
    throw refuse(400, 'PARAM_ERROR', 'body must be a JSON object');
  }

  private notifyUrl(value: unknown, required: boolean): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || !/^https?:\/\/[^?#\s]+$/.test(value)) {
      throw refuse(400, 'PARAM_ERROR', 'notify_url must be an http(s) URL without parameters');
    }
    return value;
  }

  jsapi(request: Record<string, unknown>): Record<string, unknown> {
    const keys = this.state.keys;
    if (request.appid !== keys.appId) throw refuse(400, 'PARAM_ERROR', 'appid 与 mchid 不匹配');
    if (request.mchid !== keys.mchId) throw refuse(400, 'PARAM_ERROR', 'mchid 与请求头不一致');
    const amount = isRecord(request.amount) ? request.amount : {};
    const payer = isRecord(request.payer) ? request.payer : {};
    if (typeof request.description !== 'string' || !request.description)
      throw refuse(400, 'PARAM_ERROR', 'description is required');
    if (typeof request.out_trade_no !== 'string' || !TRADE_NO.test(request.out_trade_no)) {
      throw refuse(400, 'PARAM_ERROR', 'out_trade_no: 6-32 letters, digits and _-|*');
    }
    if (!isInt(amount.total))
      throw refuse(400, 'PARAM_ERROR', 'amount.total must be a positive integer (fen)');
    if (typeof payer.openid !== 'string' || !payer.openid)
      throw refuse(400, 'PARAM_ERROR', 'payer.openid is required');
    const notifyUrl = this.notifyUrl(request.notify_url, true) as string;
    let order = this.order(request.out_trade_no);
    if (order) {
      if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND')
        throw refuse(400, 'ORDERPAID', '该订单已支付');
      if (order.tradeState === 'CLOSED') throw refuse(400, 'ORDER_CLOSED', '订单已关闭');
      if (order.total !== amount.total || order.openid !== payer.openid)
        throw refuse(400, 'INVALID_REQUEST', '201 商户订单号重复');
    } else {
      const now = this.options.clock.now();
      order = {
        outTradeNo: request.out_trade_no,
        appid: keys.appId,
        description: request.description,
        total: amount.total,
        openid: payer.openid,
        notifyUrl,
        prepayId: `wx${rfc3339(now).replace(/\D/g, '').slice(0, 14)}${randomBytes(11).toString('hex')}`,
        tradeState: 'NOTPAY',
        createdAt: now,
      };
      this.state.orders[order.outTradeNo] = order;
      this.save();
    }
    return { prepay_id: order.prepayId };
  }

  transaction(order: V3Order): Record<string, unknown> {
    const paid = order.transactionId !== undefined;
    const descriptions: Record<V3TradeState, string> = {
      NOTPAY: '订单未支付',
      SUCCESS: '支付成功',
      REFUND: '转入退款',
      CLOSED: '订单已关闭',
      PAYERROR: '支付失败',
    };
    return {
      appid: order.appid,
      mchid: this.state.keys.mchId,
      out_trade_no: order.outTradeNo,
      trade_state: order.tradeState,
      trade_state_desc: descriptions[order.tradeState],
      amount: {
        total: order.total,
        currency: 'CNY',
        ...(paid ? { payer_total: order.total, payer_currency: 'CNY' } : {}),
      },
      ...(paid
        ? {
            transaction_id: order.transactionId,
            trade_type: 'JSAPI',
            bank_type: 'OTHERS',
            attach: '',
            success_time: rfc3339(order.successTime ?? 0),
            payer: { openid: order.openid },
          }
        : {}),
    };
  }

  private close(outTradeNo: string, request: Record<string, unknown>): void {
    if (request.mchid !== this.state.keys.mchId) throw refuse(400, 'PARAM_ERROR', 'mchid 与请求头不一致');
    const order = this.order(outTradeNo);
    if (!order) throw refuse(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND')
      throw refuse(400, 'ORDERPAID', '该订单已支付');
    order.tradeState = 'CLOSED';
    this.save();
  }

  private requestRefund(request: Record<string, unknown>): Record<string, unknown> {
    const amount = isRecord(request.amount) ? request.amount : {};
    const order = typeof request.out_trade_no === 'string' ? this.order(request.out_trade_no) : undefined;
    if (!order) throw refuse(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND')
      throw refuse(400, 'INVALID_REQUEST', '订单未支付');
    if (typeof request.out_refund_no !== 'string' || !REFUND_NO.test(request.out_refund_no)) {
      throw refuse(400, 'PARAM_ERROR', 'out_refund_no: up to 64 letters, digits and _-|*@');
    }
    if (!isInt(amount.refund) || amount.total !== order.total || amount.currency !== 'CNY') {
      throw refuse(400, 'PARAM_ERROR', 'amount.refund/total/currency 与订单不一致');
    }
    const notifyUrl = this.notifyUrl(request.notify_url, false);
    const existing = this.refund(request.out_refund_no);
    if (existing) {
      if (existing.outTradeNo !== order.outTradeNo || existing.refund !== amount.refund) {
        throw refuse(400, 'INVALID_REQUEST', '退款单号重复，且参数不一致');
      }
      return this.refundAnswer(order, existing);
    }
    const refunded = Object.values(this.state.refunds)
      .filter((refund) => refund.outTradeNo === order.outTradeNo)
      .reduce((sum, refund) => sum + refund.refund, 0);
    if (refunded + amount.refund > order.total)
      throw refuse(400, 'NOT_ENOUGH', '申请退款金额超过订单可退金额');
    const now = this.options.clock.now();
    const refund: V3Refund = {
      outRefundNo: request.out_refund_no,
      outTradeNo: order.outTradeNo,
      refundId: `50000${digits(24)}`,
      refund: amount.refund,
      total: order.total,
      status: 'SUCCESS',
      ...(notifyUrl ? { notifyUrl } : {}),
      createdAt: now,
    };
    if (notifyUrl) {
      refund.notify = this.delivery(
        notifyUrl,
        'REFUND.SUCCESS',
        this.notificationBody(
          'REFUND.SUCCESS',
          'refund',
          {
            mchid: this.state.keys.mchId,
            out_trade_no: order.outTradeNo,
            transaction_id: order.transactionId,
            out_refund_no: refund.outRefundNo,
            refund_id: refund.refundId,
            refund_status: 'SUCCESS',
            success_time: rfc3339(now),
            user_received_account: '支付用户零钱',
            amount: {
              total: order.total,
              refund: refund.refund,
              payer_total: order.total,
              payer_refund: refund.refund,
            },
          },
          '退款成功',
        ),
      );
    }
    this.state.refunds[refund.outRefundNo] = refund;
    order.tradeState = 'REFUND';
    this.save();
    // The refund result comes after the refund call has answered, as on the platform.
    const notify = refund.notify;
    if (notify) setImmediate(() => void this.attempt(notify));
    return { ...this.refundAnswer(order, refund), status: 'PROCESSING' };
  }

  private refundAnswer(order: V3Order, refund: V3Refund): Record<string, unknown> {
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.outRefundNo,
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: rfc3339(refund.createdAt),
      status: refund.status,
      amount: {
        total: order.total,
        refund: refund.refund,
        payer_total: order.total,
        payer_refund: refund.refund,
        currency: 'CNY',
      },
    };
  }

  private createBill(request: Record<string, unknown>): Record<string, unknown> {
    const keys = this.state.keys;
    if (request.appid !== keys.appId) throw refuse(400, 'PARAM_ERROR', 'appid 与 mchid 不匹配');
    if (typeof request.out_bill_no !== 'string' || !BILL_NO.test(request.out_bill_no)) {
      throw refuse(400, 'PARAM_ERROR', 'out_bill_no: 5-32 letters and digits');
    }
    const scene =
      typeof request.transfer_scene_id === 'string' ? SCENE_REPORTS[request.transfer_scene_id] : undefined;
    if (!scene)
      throw refuse(400, 'PARAM_ERROR', `transfer_scene_id ${String(request.transfer_scene_id)} 未开通`);
    const reports = Array.isArray(request.transfer_scene_report_infos)
      ? request.transfer_scene_report_infos
      : [];
    const reportInfos = reports.filter(isRecord).map((info) => ({
      info_type: String(info.info_type ?? ''),
      info_content: String(info.info_content ?? ''),
    }));
    for (const infoType of scene.infoTypes) {
      const info = reportInfos.find((candidate) => candidate.info_type === infoType);
      if (!info || !info.info_content || Array.from(info.info_content).length > 32) {
        throw refuse(400, 'PARAM_ERROR', `转账场景报备信息缺少或过长：${infoType}`);
      }
    }
    if (
      request.user_recv_perception !== undefined &&
      !scene.perceptions.includes(String(request.user_recv_perception))
    ) {
      throw refuse(400, 'PARAM_ERROR', `user_recv_perception 不适用于该转账场景`);
    }
    if (typeof request.openid !== 'string' || !request.openid)
      throw refuse(400, 'PARAM_ERROR', 'openid is required');
    if (!isInt(request.transfer_amount, 10))
      throw refuse(400, 'PARAM_ERROR', 'transfer_amount: at least 10 fen');
    // Above 2000 yuan the platform wants the payee's encrypted real name, which the simulator does not take.
    if (request.transfer_amount >= 200_000)
      throw refuse(400, 'PARAM_ERROR', 'user_name is required from 2000 yuan');
    const remark = typeof request.transfer_remark === 'string' ? request.transfer_remark : '';
    if (!remark || Array.from(remark).length > 32)
      throw refuse(400, 'PARAM_ERROR', 'transfer_remark: 1-32 characters');
    const notifyUrl = this.notifyUrl(request.notify_url, false);
    const existing = this.transfer(request.out_bill_no);
    if (existing) {
      if (existing.amount !== request.transfer_amount || existing.openid !== request.openid) {
        throw refuse(400, 'INVALID_REQUEST', '商户单号重复，且参数不一致');
      }
      return this.billAnswer(existing);
    }
    const now = this.options.clock.now();
    const bill: V3Transfer = {
      outBillNo: request.out_bill_no,
      transferBillNo: `1330000${digits(25)}`,
      appid: keys.appId,
      openid: request.openid,
      amount: request.transfer_amount,
      remark,
      sceneId: String(request.transfer_scene_id),
      reportInfos,
      ...(typeof request.user_recv_perception === 'string'
        ? { perception: request.user_recv_perception }
        : {}),
      ...(notifyUrl ? { notifyUrl } : {}),
      state: 'WAIT_USER_CONFIRM',
      packageInfo: `ABBQO+oYAAABAAAAAAAk+yPZGrlL${randomBytes(24).toString('base64')}`,
      createdAt: now,
      updatedAt: now,
    };
    this.state.transfers[bill.outBillNo] = bill;
    this.save();
    return this.billAnswer(bill);
  }

  private billAnswer(bill: V3Transfer): Record<string, unknown> {
    return {
      out_bill_no: bill.outBillNo,
      transfer_bill_no: bill.transferBillNo,
      create_time: rfc3339(bill.createdAt),
      state: bill.state,
      ...(bill.state === 'WAIT_USER_CONFIRM' ? { package_info: bill.packageInfo } : {}),
    };
  }

  private billDetail(bill: V3Transfer): Record<string, unknown> {
    return {
      mch_id: this.state.keys.mchId,
      out_bill_no: bill.outBillNo,
      transfer_bill_no: bill.transferBillNo,
      appid: bill.appid,
      state: bill.state,
      transfer_amount: bill.amount,
      transfer_remark: bill.remark,
      openid: bill.openid,
      create_time: rfc3339(bill.createdAt),
      update_time: rfc3339(bill.updatedAt),
      ...(bill.failReason ? { fail_reason: bill.failReason } : {}),
    };
  }

  // ---- the user's side ----

  /** The shopper pays (or fails to): SUCCESS sends TRANSACTION.SUCCESS; v3 sends nothing for a failure. */
  async pay(outTradeNo: string, result: 'SUCCESS' | 'FAIL'): Promise<V3Order> {
    const order = this.order(outTradeNo);
    if (!order) throw refuse(404, 'ORDER_NOT_EXIST', `no order ${outTradeNo}`);
    if (order.tradeState === 'CLOSED') throw refuse(409, 'ORDER_CLOSED', `order ${outTradeNo} is closed`);
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND')
      throw refuse(409, 'ORDERPAID', `order ${outTradeNo} is already paid`);
    const now = this.options.clock.now();
    if (result === 'FAIL') {
      order.tradeState = 'PAYERROR';
      this.save();
      return order;
    }
    order.tradeState = 'SUCCESS';
    order.transactionId = `42000${rfc3339(now).replace(/\D/g, '').slice(0, 8)}${digits(15)}`;
    order.successTime = now;
    order.notify = this.delivery(
      order.notifyUrl,
      'TRANSACTION.SUCCESS',
      this.notificationBody('TRANSACTION.SUCCESS', 'transaction', this.transaction(order), '支付成功'),
    );
    this.save();
    await this.attempt(order.notify);
    return order;
  }

  /** The user confirms (or the transfer fails, or is cancelled) a bill awaiting confirmation. */
  async settleTransfer(
    outBillNo: string,
    result: 'SUCCESS' | 'FAIL' | 'CANCELLED',
    failReason?: string,
  ): Promise<V3Transfer> {
    const bill = this.transfer(outBillNo);
    if (!bill) throw refuse(404, 'NOT_FOUND', `no transfer bill ${outBillNo}`);
    if (bill.state !== 'WAIT_USER_CONFIRM')
      throw refuse(409, 'INVALID_REQUEST', `bill ${outBillNo} is ${bill.state}`);
    this.finish(bill, result, result === 'FAIL' ? (failReason ?? 'PAYEE_ACCOUNT_ABNORMAL') : undefined);
    if (bill.notify) await this.attempt(bill.notify);
    return bill;
  }

  private finish(bill: V3Transfer, state: TransferBillState, failReason?: string): void {
    bill.state = state;
    bill.updatedAt = this.options.clock.now();
    if (failReason) bill.failReason = failReason;
    if (!bill.notifyUrl) return this.save();
    bill.notify = this.delivery(
      bill.notifyUrl,
      'MCHTRANSFER.BILL.FINISHED',
      this.notificationBody(
        'MCHTRANSFER.BILL.FINISHED',
        'mch_payment',
        this.billDetail(bill),
        '商家转账单据终态通知',
      ),
    );
    this.save();
  }

  // ---- notifications ----

  private delivery(url: string, eventType: string, body: string): V3Delivery {
    return { url, eventType, body, attempts: 0, delivered: false, nextAt: this.options.clock.now() };
  }

  private allDeliveries(): V3Delivery[] {
    const all: (V3Delivery | undefined)[] = [
      ...Object.values(this.state.orders).map((order) => order.notify),
      ...Object.values(this.state.refunds).map((refund) => refund.notify),
      ...Object.values(this.state.transfers).map((bill) => bill.notify),
    ];
    return all.filter((delivery): delivery is V3Delivery => delivery !== undefined);
  }

  /** Posts a signed notification; only a 2xx answer counts as received. */
  async post(
    url: string,
    body: string,
    headers: Record<string, string> = this.sign(body),
  ): Promise<{ status: number; text: string }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, text: await res.text() };
  }

  /** One delivery of a notification: acknowledged by any 2xx answer. */
  private async send(delivery: V3Delivery): Promise<string | undefined> {
    delivery.lastStatus = 0;
    const answer = await this.post(delivery.url, delivery.body);
    delivery.lastStatus = answer.status;
    return answer.status >= 200 && answer.status < 300 ? undefined : `HTTP ${answer.status} ${answer.text}`;
  }

  private attempt(delivery: V3Delivery): Promise<void> {
    return this.deliveries.attempt(delivery);
  }

  /** Closes bills left unconfirmed for 24 h (FAIL, OVERDUE_CLOSE), then retries every notification due. */
  async tick(): Promise<void> {
    const now = this.options.clock.now();
    for (const bill of Object.values(this.state.transfers)) {
      if (bill.state === 'WAIT_USER_CONFIRM' && bill.createdAt + TRANSFER_CONFIRM_MS <= now)
        this.finish(bill, 'FAIL', OVERDUE_CLOSE);
    }
    // retryDue reads the clock again: the closings above are due when they were made, after `now`.
    await this.deliveries.retryDue(this.allDeliveries());
  }

  async idle(): Promise<void> {
    await this.deliveries.idle();
  }

  // ---- HTTP ----

  private api(
    method: Route['method'],
    pattern: RegExp,
    run: (
      match: RegExpMatchArray,
      request: Record<string, unknown>,
      req: IncomingMessage,
    ) => { status: number; value?: unknown },
  ): Route {
    return {
      method,
      path: pattern,
      handle: (req, res, match, raw) => {
        const body = raw.toString('utf8');
        try {
          this.authenticate(req, body);
          const { status, value } = run(match, method === 'GET' ? {} : this.json(body), req);
          this.answer(res, status, value);
        } catch (error) {
          if (!(error instanceof V3Refusal)) throw error;
          // The platform does not sign a refusal of an unsigned request; it answers { code, message }.
          sendJson(res, error.status, { code: error.code, message: error.message });
        }
      },
    };
  }

  /** The v3 API and the user's side (POST/GET /_transfer/<outBillNo>). */
  routes(): Route[] {
    return [...this.apiRoutes(), ...this.userRoutes()];
  }

  /** The merchant-facing API under /v3/: signed requests in, signed answers out. */
  apiRoutes(): Route[] {
    const no = (match: RegExpMatchArray) => decodeURIComponent(match[1] ?? '');
    return [
      this.api('POST', /^\/v3\/pay\/transactions\/jsapi$/, (_m, request) => ({
        status: 200,
        value: this.jsapi(request),
      })),
      this.api('GET', /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/, (match, _r, req) => {
        const order = this.order(no(match));
        const mchid = new URL(req.url ?? '/', 'http://localhost').searchParams.get('mchid');
        if (mchid !== this.state.keys.mchId) throw refuse(400, 'PARAM_ERROR', 'mchid is required');
        if (!order) throw refuse(404, 'ORDER_NOT_EXIST', '订单不存在');
        return { status: 200, value: this.transaction(order) };
      }),
      this.api('POST', /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/, (match, request) => {
        this.close(no(match), request);
        return { status: 204 };
      }),
      this.api('POST', /^\/v3\/refund\/domestic\/refunds$/, (_m, request) => ({
        status: 200,
        value: this.requestRefund(request),
      })),
      this.api('GET', /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/, (match) => {
        const refund = this.refund(no(match));
        const order = refund && this.order(refund.outTradeNo);
        if (!refund || !order) throw refuse(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
        return { status: 200, value: this.refundAnswer(order, refund) };
      }),
      this.api('POST', /^\/v3\/fund-app\/mch-transfer\/transfer-bills$/, (_m, request) => ({
        status: 200,
        value: this.createBill(request),
      })),
      this.api('GET', /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)$/, (match) => {
        const bill = this.transfer(no(match));
        if (!bill) throw refuse(404, 'NOT_FOUND', '转账单不存在');
        return { status: 200, value: this.billDetail(bill) };
      }),
    ];
  }

  /** The user's side of a transfer bill: confirming it in wx.requestMerchantTransfer, or not. */
  userRoutes(): Route[] {
    const no = (match: RegExpMatchArray) => decodeURIComponent(match[1] ?? '');
    return [
      {
        method: 'POST',
        path: /^\/_transfer\/([^/]+)\/?$/,
        handle: async (_req, res, match, body) => {
          let parsed: { result?: unknown; failReason?: unknown } = {};
          try {
            parsed = JSON.parse(body.toString('utf8') || '{}') as typeof parsed;
          } catch {
            return sendJson(res, 400, { errCode: 400, errMsg: 'body must be JSON { result }' });
          }
          const result = parsed.result ?? 'SUCCESS';
          if (result !== 'SUCCESS' && result !== 'FAIL' && result !== 'CANCELLED') {
            return sendJson(res, 400, {
              errCode: 400,
              errMsg: "result must be 'SUCCESS', 'FAIL' or 'CANCELLED'",
            });
          }
          try {
            const bill = await this.settleTransfer(
              no(match),
              result,
              typeof parsed.failReason === 'string' ? parsed.failReason : undefined,
            );
            sendJson(res, 200, describe(bill));
          } catch (error) {
            if (!(error instanceof V3Refusal)) throw error;
            sendJson(res, error.status, { errCode: error.status, errMsg: error.message });
          }
        },
      },
      {
        method: 'GET',
        path: /^\/_transfer\/([^/]+)\/?$/,
        handle: (_req, res, match) => {
          const bill = this.transfer(no(match));
          if (!bill) return sendJson(res, 404, { errCode: 404, errMsg: 'no such transfer bill' });
          sendJson(res, 200, describe(bill));
        },
      },
    ];
  }

  /**
   * /_pay/<outTradeNo> for both simulators: a v3 order is paid here, any other goes to cloudPay's route,
   * so the mini-program's local mode and the tests keep one endpoint whichever provider a project uses.
   */
  payRoutes(cloudPayRoutes: Route[]): Route[] {
    const fallback = (method: Route['method']) =>
      cloudPayRoutes.find((route) => route.method === method && route.path.test('/_pay/x'));
    const path = /^\/_pay\/([^/]+)\/?$/;
    return [
      {
        method: 'POST',
        path,
        handle: async (req, res, match, body) => {
          const order = this.order(decodeURIComponent(match[1] ?? ''));
          if (!order) return fallback('POST')?.handle(req, res, match, body);
          let result: unknown = 'SUCCESS';
          try {
            result = (JSON.parse(body.toString('utf8') || '{}') as { result?: unknown }).result ?? 'SUCCESS';
          } catch {
            return sendJson(res, 400, { errCode: 400, errMsg: 'body must be JSON { result }' });
          }
          if (result !== 'SUCCESS' && result !== 'FAIL')
            return sendJson(res, 400, { errCode: 400, errMsg: "result must be 'SUCCESS' or 'FAIL'" });
          try {
            sendJson(res, 200, describe(await this.pay(order.outTradeNo, result)));
          } catch (error) {
            if (!(error instanceof V3Refusal)) throw error;
            sendJson(res, error.status, { errCode: error.status, errMsg: error.message });
          }
        },
      },
      {
        method: 'GET',
        path,
        handle: (req, res, match, body) => {
          const order = this.order(decodeURIComponent(match[1] ?? ''));
          if (!order) return fallback('GET')?.handle(req, res, match, body);
          sendJson(res, 200, describe(order));
        },
      },
    ];
  }
}

function describe(record: V3Order | V3Transfer) {
  const notify = record.notify;
  const { notify: _omit, ...rest } = record;
  void _omit;
  return {
    ...rest,
    notify: notify && {
      url: notify.url,
      eventType: notify.eventType,
      delivered: notify.delivered,
      attempts: notify.attempts,
      nextAttemptAt: notify.nextAt === null ? null : new Date(notify.nextAt).toISOString(),
      lastStatus: notify.lastStatus,
      lastError: notify.lastError,
    },
  };
}
