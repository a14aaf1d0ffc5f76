// The simulated merchant behind cloudPay (wx.wxPayApi): it keeps orders and refunds (in
// <dataDir>/pay.json, so a restart keeps them), plays the shopper on POST /_pay/<outTradeNo>, and
// delivers the payment and refund callbacks to the order's function, retrying on the v2 schedule
// while the function does not answer { errcode: 0 }. Retry times are on the virtual clock: each
// scheduler tick (every second, and after POST /_clock) retries what has come due, so a test moves
// the clock 15 s instead of waiting.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiTable } from '../api';
import { Clock } from '../clock';
import { Deliveries } from './delivery';
import { CloudError } from '../errors';
import type { Identity, InvocationOutcome } from '../functions/host';
import { Route, sendJson } from '../server';

/** WeChat Pay v2 notification retries: 15s 15s 30s 3m 10m 20m 30m 30m 30m 60m 3h 3h 3h 6h 6h. */
export { RETRY_DELAYS_MS } from './delivery';

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED' | 'PAYERROR';

export interface Delivery {
  functionName: string;
  event: Record<string, unknown>;
  attempts: number;
  delivered: boolean;
  /** Virtual time of the next attempt; null once delivered or given up. */
  nextAt: number | null;
  lastError?: string;
  lastAnswer?: unknown;
}

export interface PayOrder {
  outTradeNo: string;
  body: string;
  totalFee: number;
  subMchId: string;
  openid: string;
  functionName: string;
  envId: string;
  attach?: string;
  prepayId: string;
  tradeState: TradeState;
  createdAt: number;
  transactionId?: string;
  paidAt?: number;
  notify?: Delivery;
}

export interface PayRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refundFee: number;
  totalFee: number;
  status: 'SUCCESS';
  createdAt: number;
  functionName?: string;
  notify?: Delivery;
}

interface PayState {
  orders: Record<string, PayOrder>;
  refunds: Record<string, PayRefund>;
}

export interface PayOptions {
  dataDir: string;
  clock: Clock;
  appId: string;
  mchId?: string;
  /** Runs a callback function as the platform does: no user identity. */
  invoke: (functionName: string, event: Record<string, unknown>) => Promise<InvocationOutcome>;
  /** The identity of the invocation behind an /admin request, for unifiedOrder's default openid. */
  callerIdentity?: (caller: string | undefined) => Identity | undefined;
}

export type WxPayAnswer = Record<string, unknown>;

/** yyyyMMddHHmmss in China time, as WeChat Pay writes time_end. */
function compactTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** yyyy-MM-dd HH:mm:ss in China time, as refund notices write success_time. */
function wallTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function digits(count: number): string {
  let text = '';
  while (text.length < count) text += String(randomInt(0, 1e9)).padStart(9, '0');
  return text.slice(0, count);
}

function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** WeChat Pay v2's character sets for merchant order and refund numbers. */
const TRADE_NO = /^[0-9A-Za-z_\-|*]{1,32}$/;
const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export class PaySimulator {
  private state: PayState = { orders: {}, refunds: {} };
  private readonly file: string;
  private readonly mchId: string;
  private readonly deliveries: Deliveries<Delivery>;

  constructor(private readonly options: PayOptions) {
    this.file = path.join(options.dataDir, 'pay.json');
    this.mchId = options.mchId ?? '1900000109';
    if (existsSync(this.file)) this.state = JSON.parse(readFileSync(this.file, 'utf8')) as PayState;
    this.deliveries = new Deliveries<Delivery>(
      options.clock,
      (delivery) => this.send(delivery),
      () => this.save(),
    );
  }

  order(outTradeNo: string): PayOrder | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.orders, outTradeNo)
      ? this.state.orders[outTradeNo]
      : undefined;
  }

  refundRecord(outRefundNo: string): PayRefund | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.refunds, outRefundNo)
      ? this.state.refunds[outRefundNo]
      : undefined;
  }

  refundsOf(outTradeNo: string): PayRefund[] {
    return Object.values(this.state.refunds).filter((refund) => refund.outTradeNo === outTradeNo);
  }

  private save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state, null, 2));
    renameSync(temp, this.file);
  }

  private base(subMchId: unknown): WxPayAnswer {
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid: this.options.appId,
      mch_id: this.mchId,
      sub_mch_id: typeof subMchId === 'string' ? subMchId : '',
      nonce_str: nonce(),
      sign: createHash('md5').update(nonce()).digest('hex').toUpperCase(),
    };
  }

  private fail(request: Record<string, unknown>, errCode: string, description: string): WxPayAnswer {
    return {
      ...this.base(request.sub_mch_id),
      result_code: 'FAIL',
      err_code: errCode,
      err_code_des: description,
    };
  }

  private missing(request: Record<string, unknown>, fields: string[]): WxPayAnswer | undefined {
    const absent = fields.filter((field) => request[field] === undefined || request[field] === '');
    return absent.length
      ? { return_code: 'FAIL', return_msg: `missing parameter: ${absent.join(', ')}` }
      : undefined;
  }

  unifiedOrder(request: Record<string, unknown>, caller?: Identity): WxPayAnswer {
    const missing = this.missing(request, [
      'body',
      'out_trade_no',
      'spbill_create_ip',
      'sub_mch_id',
      'total_fee',
      'env_id',
      'function_name',
    ]);
    if (missing) return missing;
    if (!isInt(request.total_fee))
      return this.fail(request, 'PARAM_ERROR', 'total_fee must be a positive integer (fen)');
    if (!TRADE_NO.test(String(request.out_trade_no))) {
      return this.fail(request, 'PARAM_ERROR', 'out_trade_no: up to 32 letters, digits and _-|*');
    }
    const openid = [request.sub_openid, request.openid, caller?.openid].find(
      (id) => typeof id === 'string' && id,
    );
    if (typeof openid !== 'string') {
      return this.fail(request, 'PARAM_ERROR', 'trade_type=JSAPI needs openid or sub_openid');
    }
    const outTradeNo = String(request.out_trade_no);
    let order = this.order(outTradeNo);
    if (order) {
      if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND')
        return this.fail(request, 'ORDERPAID', '该订单已支付');
      if (order.tradeState === 'CLOSED') return this.fail(request, 'ORDERCLOSED', '该订单已关闭');
      if (order.totalFee !== request.total_fee)
        return this.fail(request, 'INVALID_REQUEST', '201 商户订单号重复');
    } else {
      const now = this.options.clock.now();
      order = {
        outTradeNo,
        body: String(request.body),
        totalFee: request.total_fee,
        subMchId: String(request.sub_mch_id),
        openid,
        functionName: String(request.function_name),
        envId: String(request.env_id),
        ...(typeof request.attach === 'string' ? { attach: request.attach } : {}),
        prepayId: `wx${compactTime(now)}${randomBytes(11).toString('hex')}`,
        tradeState: 'NOTPAY',
        createdAt: now,
      };
      this.state.orders[outTradeNo] = order;
      this.save();
    }
    const nonceStr = nonce();
    const timeStamp = String(Math.floor(this.options.clock.now() / 1000));
    return {
      ...this.base(request.sub_mch_id),
      result_code: 'SUCCESS',
      trade_type: 'JSAPI',
      prepay_id: order.prepayId,
      // What wx.requestPayment takes; the SDK camelCases keys, these already are.
      payment: {
        appId: this.options.appId,
        timeStamp,
        nonceStr,
        package: `prepay_id=${order.prepayId}`,
        signType: 'MD5',
        paySign: createHash('md5')
          .update(`${order.prepayId}${nonceStr}${timeStamp}`)
          .digest('hex')
          .toUpperCase(),
      },
    };
  }

  private findOrder(request: Record<string, unknown>): PayOrder | undefined {
    if (typeof request.out_trade_no === 'string') return this.order(request.out_trade_no);
    if (typeof request.transaction_id === 'string') {
      return Object.values(this.state.orders).find((order) => order.transactionId === request.transaction_id);
    }
    return undefined;
  }

  queryOrder(request: Record<string, unknown>): WxPayAnswer {
    const order = this.findOrder(request);
    if (!order) return this.fail(request, 'ORDERNOTEXIST', '此交易订单号不存在');
    const descriptions: Record<TradeState, string> = {
      NOTPAY: '订单未支付',
      SUCCESS: '支付成功',
      REFUND: '转入退款',
      CLOSED: '订单已关闭',
      PAYERROR: '支付失败',
    };
    const paid = order.transactionId !== undefined && order.paidAt !== undefined;
    return {
      ...this.base(order.subMchId),
      result_code: 'SUCCESS',
      out_trade_no: order.outTradeNo,
      trade_state: order.tradeState,
      trade_state_desc: descriptions[order.tradeState],
      total_fee: order.totalFee,
      ...(order.attach !== undefined ? { attach: order.attach } : {}),
      ...(paid
        ? {
            openid: order.openid,
            sub_openid: order.openid,
            trade_type: 'JSAPI',
            bank_type: 'OTHERS',
            fee_type: 'CNY',
            cash_fee: order.totalFee,
            transaction_id: order.transactionId,
            time_end: compactTime(order.paidAt ?? 0),
          }
        : {}),
    };
  }

  closeOrder(request: Record<string, unknown>): WxPayAnswer {
    const missing = this.missing(request, ['out_trade_no']);
    if (missing) return missing;
    const order = this.findOrder(request);
    if (!order) return this.fail(request, 'ORDERNOTEXIST', '此交易订单号不存在');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND')
      return this.fail(request, 'ORDERPAID', '该订单已支付');
    if (order.tradeState === 'CLOSED') return this.fail(request, 'ORDERCLOSED', '该订单已关闭');
    order.tradeState = 'CLOSED';
    this.save();
    return { ...this.base(order.subMchId), result_code: 'SUCCESS' };
  }

  refund(request: Record<string, unknown>): WxPayAnswer {
    const missing = this.missing(request, ['sub_mch_id', 'out_refund_no', 'total_fee', 'refund_fee']);
    if (missing) return missing;
    const order = this.findOrder(request);
    if (!order) return this.fail(request, 'ORDERNOTEXIST', '此交易订单号不存在');
    if (order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND') {
      return this.fail(request, 'TRADE_STATE_ERROR', '订单状态错误');
    }
    if (!isInt(request.refund_fee) || request.total_fee !== order.totalFee) {
      return this.fail(request, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试');
    }
    const outRefundNo = String(request.out_refund_no);
    if (!REFUND_NO.test(outRefundNo)) {
      return this.fail(request, 'PARAM_ERROR', 'out_refund_no: up to 64 letters, digits and _-|*@');
    }
    const existing = this.refundRecord(outRefundNo);
    if (existing) {
      // A retried refund request is answered with the refund it already made.
      if (existing.outTradeNo !== order.outTradeNo || existing.refundFee !== request.refund_fee) {
        return this.fail(request, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试');
      }
      return this.refundAnswer(order, existing);
    }
    const refunded = this.refundsOf(order.outTradeNo).reduce((sum, refund) => sum + refund.refundFee, 0);
    if (refunded + request.refund_fee > order.totalFee) {
      return this.fail(request, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    }
    const now = this.options.clock.now();
    const refund: PayRefund = {
      outRefundNo,
      outTradeNo: order.outTradeNo,
      refundId: `50000${digits(24)}`,
      refundFee: request.refund_fee,
      totalFee: order.totalFee,
      status: 'SUCCESS',
      createdAt: now,
    };
    if (typeof request.function_name === 'string' && request.function_name) {
      refund.functionName = request.function_name;
      refund.notify = this.delivery(request.function_name, {
        returnCode: 'SUCCESS',
        appid: this.options.appId,
        mchId: this.mchId,
        subMchId: order.subMchId,
        nonceStr: nonce(),
        transactionId: order.transactionId,
        outTradeNo: order.outTradeNo,
        refundId: refund.refundId,
        outRefundNo,
        totalFee: order.totalFee,
        settlementTotalFee: order.totalFee,
        refundFee: refund.refundFee,
        settlementRefundFee: refund.refundFee,
        refundStatus: 'SUCCESS',
        successTime: wallTime(now),
        refundRecvAccout: '支付用户零钱',
        refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS',
        refundRequestSource: 'API',
      });
    }
    this.state.refunds[outRefundNo] = refund;
    order.tradeState = 'REFUND';
    this.save();
    // The refund notice comes after the refund call has answered, as on the platform.
    const notify = refund.notify;
    if (notify) setImmediate(() => void this.attempt(notify));
    return this.refundAnswer(order, refund);
  }

  private refundAnswer(order: PayOrder, refund: PayRefund): WxPayAnswer {
    return {
      ...this.base(order.subMchId),
      result_code: 'SUCCESS',
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_fee: refund.refundFee,
      total_fee: order.totalFee,
      cash_fee: order.totalFee,
      cash_refund_fee: refund.refundFee,
    };
  }

  queryRefund(request: Record<string, unknown>): WxPayAnswer {
    let refunds: PayRefund[] = [];
    if (typeof request.out_refund_no === 'string') {
      const refund = this.refundRecord(request.out_refund_no);
      refunds = refund ? [refund] : [];
    } else if (typeof request.refund_id === 'string') {
      refunds = Object.values(this.state.refunds).filter((refund) => refund.refundId === request.refund_id);
    } else {
      const order = this.findOrder(request);
      refunds = order ? this.refundsOf(order.outTradeNo) : [];
    }
    const first = refunds[0];
    const order = first ? this.order(first.outTradeNo) : undefined;
    if (!first || !order) return this.fail(request, 'REFUNDNOTEXIST', '退款订单查询失败');
    const answer: WxPayAnswer = {
      ...this.base(order.subMchId),
      result_code: 'SUCCESS',
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      total_fee: order.totalFee,
      cash_fee: order.totalFee,
      refund_count: refunds.length,
    };
    refunds.forEach((refund, i) => {
      answer[`out_refund_no_${i}`] = refund.outRefundNo;
      answer[`refund_id_${i}`] = refund.refundId;
      answer[`refund_fee_${i}`] = refund.refundFee;
      answer[`refund_status_${i}`] = refund.status;
      answer[`refund_success_time_${i}`] = wallTime(refund.createdAt);
      answer[`refund_recv_accout_${i}`] = '支付用户零钱';
      answer[`refund_channel_${i}`] = 'ORIGINAL';
    });
    return answer;
  }

  /** The shopper pays (or the payment fails): the order changes state and the callback is sent once. */
  async pay(outTradeNo: string, result: 'SUCCESS' | 'FAIL'): Promise<PayOrder> {
    const order = this.order(outTradeNo);
    if (!order) throw new PayError(404, notSentYet(outTradeNo));
    if (order.tradeState === 'CLOSED') throw new PayError(409, `order ${outTradeNo} is closed`);
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') {
      throw new PayError(409, `order ${outTradeNo} is already paid`);
    }
    const now = this.options.clock.now();
    const success = result === 'SUCCESS';
    order.tradeState = success ? 'SUCCESS' : 'PAYERROR';
    if (success) {
      order.transactionId = `42000${compactTime(now).slice(0, 8)}${digits(15)}`;
      order.paidAt = now;
    }
    order.notify = this.delivery(order.functionName, {
      returnCode: 'SUCCESS',
      resultCode: success ? 'SUCCESS' : 'FAIL',
      ...(success ? {} : { errCode: 'PAYERROR', errCodeDes: '支付失败' }),
      appid: this.options.appId,
      mchId: this.mchId,
      subAppid: this.options.appId,
      subMchId: order.subMchId,
      nonceStr: nonce(),
      openid: order.openid,
      subOpenid: order.openid,
      isSubscribe: 'N',
      subIsSubscribe: 'N',
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: order.totalFee,
      cashFee: order.totalFee,
      feeType: 'CNY',
      ...(order.transactionId ? { transactionId: order.transactionId } : {}),
      outTradeNo: order.outTradeNo,
      timeEnd: compactTime(now),
      ...(order.attach !== undefined ? { attach: order.attach } : {}),
    });
    this.save();
    await this.attempt(order.notify);
    return order;
  }

  private delivery(functionName: string, event: Record<string, unknown>): Delivery {
    return { functionName, event, attempts: 0, delivered: false, nextAt: this.options.clock.now() };
  }

  private allDeliveries(): Delivery[] {
    const deliveries: Delivery[] = [];
    for (const order of Object.values(this.state.orders)) if (order.notify) deliveries.push(order.notify);
    for (const refund of Object.values(this.state.refunds)) if (refund.notify) deliveries.push(refund.notify);
    return deliveries;
  }

  /** One delivery of a callback: acknowledged only by `{ errcode: 0 }`. */
  private async send(delivery: Delivery): Promise<string | undefined> {
    const outcome = await this.options.invoke(delivery.functionName, delivery.event);
    const answer = outcome.ok ? outcome.result : undefined;
    delivery.lastAnswer = answer;
    if (outcome.ok && (answer as { errcode?: unknown } | null)?.errcode === 0) return undefined;
    return outcome.ok ? `answered ${JSON.stringify(answer)}, not { errcode: 0 }` : outcome.errMsg;
  }

  private attempt(delivery: Delivery): Promise<void> {
    return this.deliveries.attempt(delivery);
  }

  /** Retries every callback whose next attempt has come due on the virtual clock. */
  async tick(): Promise<void> {
    await this.deliveries.retryDue(this.allDeliveries());
  }

  /** Resolves once no callback is being delivered (tests wait on this instead of sleeping). */
  async idle(): Promise<void> {
    await this.deliveries.idle();
  }

  api(): ApiTable {
    return {
      'wx.wxPayApi': (request) => {
        const apiName = String(request.body.apiName ?? '');
        const bytes = request.parts.requestData;
        let data: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(bytes ? bytes.toString('utf8') : '{}');
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
            throw new Error('not an object');
          data = parsed as Record<string, unknown>;
        } catch {
          throw new CloudError('INVALID_PARAM', 'requestData must be a JSON object');
        }
        let answer: WxPayAnswer;
        if (apiName === 'unifiedOrder')
          answer = this.unifiedOrder(data, this.options.callerIdentity?.(request.caller));
        else if (apiName === 'queryOrder') answer = this.queryOrder(data);
        else if (apiName === 'closeOrder') answer = this.closeOrder(data);
        else if (apiName === 'refund') answer = this.refund(data);
        else if (apiName === 'queryRefund') answer = this.queryRefund(data);
        else throw new CloudError('INVALID_PARAM', `cloudPay.${apiName} is not served by the local cloud`);
        // Exactly `application/json`: the SDK would mis-read the answer with a charset.
        return { raw: { contentType: 'application/json', body: Buffer.from(JSON.stringify(answer)) } };
      },
    };
  }

  routes(): Route[] {
    return [
      {
        method: 'POST',
        path: /^\/_pay\/([^/]+)\/?$/,
        handle: async (_req, res, match, body) => {
          let result: unknown = 'SUCCESS';
          if (body.length > 0) {
            try {
              result = (JSON.parse(body.toString('utf8')) as { result?: unknown }).result ?? 'SUCCESS';
            } catch {
              return sendJson(res, 400, { errCode: 400, errMsg: 'body must be JSON { result }' });
            }
          }
          if (result !== 'SUCCESS' && result !== 'FAIL') {
            return sendJson(res, 400, { errCode: 400, errMsg: "result must be 'SUCCESS' or 'FAIL'" });
          }
          try {
            const order = await this.pay(decodeURIComponent(match[1] ?? ''), result);
            sendJson(res, 200, describeOrder(order));
          } catch (error) {
            if (!(error instanceof PayError)) throw error;
            sendJson(res, error.status, { errCode: error.status, errMsg: error.message });
          }
        },
      },
      {
        method: 'GET',
        path: /^\/_pay\/([^/]+)\/?$/,
        handle: (_req, res, match) => {
          const order = this.order(decodeURIComponent(match[1] ?? ''));
          if (!order) return sendJson(res, 404, { errCode: 404, errMsg: 'no such order' });
          sendJson(res, 200, { ...describeOrder(order), refunds: this.refundsOf(order.outTradeNo) });
        },
      },
    ];
  }
}

/**
 * POST /_pay/<outTradeNo> for an order neither simulated merchant has: the shopper can only pay what the
 * function sent to WeChat Pay first, as the cashier needs the prepay id.
 */
export function notSentYet(outTradeNo: string): string {
  return (
    `no order ${outTradeNo} at the simulated WeChat Pay: it was never sent to cloudPay.unifiedOrder ` +
    `(or the v3 JSAPI prepay), so there is nothing to pay yet; call the function that starts the payment first`
  );
}

export class PayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function describeOrder(order: PayOrder) {
  const notify = order.notify;
  return {
    outTradeNo: order.outTradeNo,
    tradeState: order.tradeState,
    totalFee: order.totalFee,
    transactionId: order.transactionId,
    notify: notify && {
      functionName: notify.functionName,
      delivered: notify.delivered,
      attempts: notify.attempts,
      nextAttemptAt: notify.nextAt === null ? null : new Date(notify.nextAt).toISOString(),
      lastError: notify.lastError,
      answer: notify.lastAnswer,
    },
  };
}
