// 小程序发货信息管理 as the platform plays it: wxa.sec.order.uploadShippingInfo with its field checks and
// error codes, getOrder, notifyConfirmReceive and isTradeManaged, the buyer confirming receipt in
// WeChat's component (POST /_openapi/confirm-receipt), and the express companies of get_delivery_list
// (which has no cloud call: GET /_openapi/delivery-list). Codes and messages are the platform's
// (developers.weixin.qq.com/miniprogram/dev/server/API/order_shipping/).
import { Route, sendJson } from '../server';
import type { OpenApiAnswer, OpenApiHandler } from './openapi';
import type { PlatformPayment } from './payments-view';
import { badRequest, jsonRoute, ok, PlatformContext, wxAnswer } from './platform-context';

export interface ShippingContact {
  consignor_contact?: string;
  receiver_contact?: string;
}

export interface ShippedParcel {
  tracking_no?: string;
  express_company?: string;
  goods_desc: string;
  /** Unix seconds of the upload that carried it. */
  upload_time: number;
  contact?: ShippingContact;
}

/** What the platform knows about one payment's shipping. */
export interface ShippingRecord {
  transactionId: string;
  logisticsType: number;
  deliveryMode: number;
  /** All shipped: unified delivery, or split with is_all_delivered. */
  finished: boolean;
  /** 0 until finished, 1 once finished, 2 after the one re-shipment. */
  finishCount: number;
  parcels: ShippedParcel[];
  /** upload_time of the last accepted upload, as sent and in ms. */
  uploadTime: string;
  uploadMs: number;
  /** The shipping fields of the last accepted upload, to tell "发货信息未更新" apart. */
  content: string;
  shippedAtMs?: number;
  confirmedAtMs?: number;
  /** 1 自动确认收货, 2 手动 (the buyer in the component). */
  confirmMethod?: 1 | 2;
  remindedAtMs?: number;
}

/** order_state of get_order. */
export const ORDER_STATE = {
  toShip: 1,
  shipped: 2,
  received: 3,
  completed: 4,
  refunded: 5,
  unsettled: 6,
} as const;

/**
 * A few common entries of get_delivery_list (the platform's list has ~1,400). SF, ZTO, YTO, STO, YD, JD
 * and EMS are the codes WeChat's examples and answers use; note 韵达 is YD here but YUNDA in 物流助手.
 */
export const DELIVERY_COMPANIES: { delivery_id: string; delivery_name: string }[] = [
  { delivery_id: 'SF', delivery_name: '顺丰速运' },
  { delivery_id: 'ZTO', delivery_name: '中通快递' },
  { delivery_id: 'YTO', delivery_name: '圆通速递' },
  { delivery_id: 'STO', delivery_name: '申通快递' },
  { delivery_id: 'YD', delivery_name: '韵达速递' },
  { delivery_id: 'JTSD', delivery_name: '极兔速递' },
  { delivery_id: 'JD', delivery_name: '京东物流' },
  { delivery_id: 'EMS', delivery_name: '中国邮政速递物流' },
  { delivery_id: 'YZPY', delivery_name: '邮政快递包裹' },
  { delivery_id: 'DBL', delivery_name: '德邦快递' },
];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Masked contacts keep their last 4 digits: 189****1234, 021-****1234, ****123-8008. */
const MASKED_CONTACT = /\d{4}$/;
const ITEM_DESC_MAX = 120;
const FIELD_MAX_BYTES = 128;
const MAX_PARCELS = 15;

const FORMAT_ERROR = () => wxAnswer(47001, 'data format error');
const NOT_FOUND = () =>
  wxAnswer(
    10060001,
    '支付单不存在。请检查微信支付单号形式下 transaction_id 字段或商户侧单号形式下 mchid、out_trade_no 字段是否有误',
  );

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function chars(text: string): number {
  return [...text].length;
}

/** A payment the order system has ingested (paid at least ingestDelayMs ago). */
function ingested(ctx: PlatformContext, payment: PlatformPayment | undefined): PlatformPayment | undefined {
  if (!payment) return undefined;
  return ctx.clock.now() >= payment.paidAtMs + ctx.settings.ingestDelayMs ? payment : undefined;
}

export function orderState(payment: PlatformPayment, record: ShippingRecord | undefined): number {
  if (payment.refundedFen >= payment.amountFen) return ORDER_STATE.refunded;
  if (record?.confirmedAtMs !== undefined) return ORDER_STATE.received;
  if (record?.finished) return ORDER_STATE.shipped;
  return ORDER_STATE.toShip;
}

/** transaction_id, or merchant_id + merchant_trade_no (get_order, notify_confirm_receive, the component). */
function findByKeys(
  ctx: PlatformContext,
  params: Record<string, unknown>,
): { payment?: PlatformPayment; error?: OpenApiAnswer } {
  if (nonEmpty(params.transaction_id))
    return { payment: ingested(ctx, ctx.payments.byTransactionId(params.transaction_id)) };
  if (nonEmpty(params.merchant_id) && nonEmpty(params.merchant_trade_no))
    return {
      payment: ingested(ctx, ctx.payments.byMerchantOrder(params.merchant_id, params.merchant_trade_no)),
    };
  return { error: FORMAT_ERROR() };
}

function describeOrder(ctx: PlatformContext, payment: PlatformPayment) {
  const record = ctx.state.shipping[payment.transactionId];
  const description =
    chars(payment.description) > ITEM_DESC_MAX
      ? `${[...payment.description].slice(0, ITEM_DESC_MAX).join('')}...`
      : payment.description;
  return {
    transaction_id: payment.transactionId,
    merchant_id: payment.mchid,
    sub_merchant_id: '',
    merchant_trade_no: payment.outTradeNo,
    description,
    paid_amount: payment.amountFen,
    openid: payment.openid,
    trade_create_time: Math.floor(payment.createdAtMs / 1000),
    pay_time: Math.floor(payment.paidAtMs / 1000),
    order_state: orderState(payment, record),
    in_complaint: false,
    ...(record
      ? {
          shipping: {
            delivery_mode: record.deliveryMode,
            logistics_type: record.logisticsType,
            finish_shipping: record.finished,
            goods_desc: '',
            finish_shipping_count: record.finishCount,
            shipping_list: record.parcels,
          },
        }
      : {}),
  };
}

interface UploadRequest {
  payment?: PlatformPayment;
  logisticsType: number;
  deliveryMode: number;
  allDelivered: boolean;
  parcels: Omit<ShippedParcel, 'upload_time'>[];
  uploadTime: string;
  uploadMs: number;
  payerOpenid: string;
}

/** The request's checks, in the platform's terms; the parsed request when it passes. */
function parseUpload(ctx: PlatformContext, params: Record<string, unknown>): OpenApiAnswer | UploadRequest {
  const key = params.order_key;
  if (!isRecord(key)) return FORMAT_ERROR();
  let payment: PlatformPayment | undefined;
  if (key.order_number_type === 2) {
    if (!nonEmpty(key.transaction_id))
      return wxAnswer(268485195, '微信支付单号形式下 transaction_id 字段不能为空');
    payment = ctx.payments.byTransactionId(key.transaction_id);
  } else if (key.order_number_type === 1) {
    if (!nonEmpty(key.mchid)) return wxAnswer(268485196, '商户侧单号形式下 mchid 字段不能为空');
    if (!nonEmpty(key.out_trade_no)) return wxAnswer(268485197, '商户侧单号形式下 out_trade_no 字段不能为空');
    payment = ctx.payments.byMerchantOrder(key.mchid, key.out_trade_no);
  } else {
    return wxAnswer(268485194, '订单单号类型非法');
  }
  const logisticsType = params.logistics_type;
  if (logisticsType !== 1 && logisticsType !== 2 && logisticsType !== 3 && logisticsType !== 4)
    return wxAnswer(10060005, '物流类型有误');
  const deliveryMode = params.delivery_mode;
  if (deliveryMode !== 1 && deliveryMode !== 2) return wxAnswer(268485224, '发货模式非法');
  if (deliveryMode === 2 && logisticsType !== 1) return wxAnswer(10060006, '非快递发货时不允许分拆发货');
  if (deliveryMode === 2 && typeof params.is_all_delivered !== 'boolean')
    return wxAnswer(10060007, '分拆发货模式下必须填写 is_all_delivered 字段');
  const list = params.shipping_list;
  if (!Array.isArray(list)) return FORMAT_ERROR();
  if (list.length === 0) return wxAnswer(10060014, '参数错误: shipping_list 不能为空');
  if (list.length > MAX_PARCELS) return wxAnswer(10060024, '物流信息列表太长');
  if (deliveryMode === 1 && list.length !== 1)
    return wxAnswer(268485228, '统一发货模式下，物流信息列表长度必须为 1');
  const parcels: Omit<ShippedParcel, 'upload_time'>[] = [];
  for (const item of list) {
    if (!isRecord(item)) return FORMAT_ERROR();
    if (!nonEmpty(item.item_desc)) return wxAnswer(10060008, '商品描述 item_desc 字段不能为空');
    if (chars(item.item_desc) > ITEM_DESC_MAX) return wxAnswer(10060009, '商品描述 item_desc 字段太长');
    const parcel: Omit<ShippedParcel, 'upload_time'> = { goods_desc: item.item_desc };
    if (logisticsType === 1) {
      if (!nonEmpty(item.tracking_no)) return wxAnswer(268485226, '物流单号不能为空');
      if (!nonEmpty(item.express_company)) return wxAnswer(268485227, '物流公司编码不能为空');
      if (bytes(item.tracking_no) > FIELD_MAX_BYTES) return wxAnswer(10060026, '物流单号太长');
      if (bytes(item.express_company) > FIELD_MAX_BYTES) return wxAnswer(10060025, '物流公司编码太长');
      parcel.tracking_no = item.tracking_no;
      parcel.express_company = item.express_company;
    }
    if (item.contact !== undefined) {
      if (!isRecord(item.contact)) return FORMAT_ERROR();
      const contact: ShippingContact = {};
      for (const field of ['consignor_contact', 'receiver_contact'] as const) {
        const value = item.contact[field];
        if (value === undefined || value === '') continue;
        if (typeof value !== 'string' || !MASKED_CONTACT.test(value))
          return wxAnswer(10060014, `参数错误: ${field} 最后4位数字不能打掩码`);
        contact[field] = value;
      }
      if (contact.consignor_contact || contact.receiver_contact) parcel.contact = contact;
    }
    // 顺丰 needs a contact (sender's or receiver's) so the route can be queried.
    if (logisticsType === 1 && parcel.express_company === 'SF' && !parcel.contact)
      return wxAnswer(10060014, '参数错误: 物流公司为顺丰时，联系方式为必填');
    parcels.push(parcel);
  }
  const uploadTime = params.upload_time;
  const uploadMs = typeof uploadTime === 'string' && RFC3339.test(uploadTime) ? Date.parse(uploadTime) : NaN;
  if (typeof uploadTime !== 'string' || !Number.isFinite(uploadMs))
    return wxAnswer(268485216, '上传时间非法，请按照 RFC 3339 格式填写');
  if (!isRecord(params.payer) || !nonEmpty(params.payer.openid)) return FORMAT_ERROR();
  return {
    payment,
    logisticsType,
    deliveryMode,
    allDelivered: deliveryMode === 1 || params.is_all_delivered === true,
    parcels,
    uploadTime,
    uploadMs,
    payerOpenid: params.payer.openid,
  };
}

function uploadShippingInfo(ctx: PlatformContext, params: Record<string, unknown>): OpenApiAnswer {
  const parsed = parseUpload(ctx, params);
  if ('json' in parsed || 'file' in parsed) return parsed;
  const payment = ingested(ctx, parsed.payment);
  if (!payment) return NOT_FOUND();
  if (payment.openid !== parsed.payerOpenid)
    return wxAnswer(10060031, '该笔支付单不属于 openid 所指定的用户');
  const record = ctx.state.shipping[payment.transactionId];
  const state = orderState(payment, record);
  if (state === ORDER_STATE.refunded || state === ORDER_STATE.received || state === ORDER_STATE.completed)
    return wxAnswer(10060004, '支付单处于不可发货的状态');
  const content = JSON.stringify({
    logisticsType: parsed.logisticsType,
    deliveryMode: parsed.deliveryMode,
    allDelivered: parsed.allDelivered,
    parcels: parsed.parcels,
  });
  let finishCount = parsed.allDelivered ? 1 : 0;
  if (record?.finished) {
    if (!parsed.allDelivered) return wxAnswer(10060002, '支付单已完成发货，无法继续发货');
    if (record.content === content) return wxAnswer(10060023, '发货信息未更新');
    // An upload for a shipped payment is its one re-shipment (重新发货).
    if (record.finishCount >= 2) return wxAnswer(10060003, '支付单已使用重新发货机会');
    finishCount = 2;
  }
  // The platform orders uploads by upload_time: an update must be newer than what it replaces.
  if (record && parsed.uploadMs <= record.uploadMs)
    return wxAnswer(10060014, '参数错误: upload_time 必须比之前的请求更新');
  const uploadSeconds = Math.floor(parsed.uploadMs / 1000);
  const now = ctx.clock.now();
  ctx.state.shipping[payment.transactionId] = {
    transactionId: payment.transactionId,
    logisticsType: parsed.logisticsType,
    deliveryMode: parsed.deliveryMode,
    finished: parsed.allDelivered,
    finishCount,
    parcels: parsed.parcels.map((parcel) => ({ ...parcel, upload_time: uploadSeconds })),
    uploadTime: parsed.uploadTime,
    uploadMs: parsed.uploadMs,
    content,
    ...(parsed.allDelivered ? { shippedAtMs: record?.shippedAtMs ?? now } : {}),
  };
  ctx.save();
  return ok();
}

function getOrder(ctx: PlatformContext, params: Record<string, unknown>): OpenApiAnswer {
  const { payment, error } = findByKeys(ctx, params);
  if (error) return error;
  if (!payment) return NOT_FOUND();
  return ok({ order: describeOrder(ctx, payment) });
}

function notifyConfirmReceive(ctx: PlatformContext, params: Record<string, unknown>): OpenApiAnswer {
  const { payment, error } = findByKeys(ctx, params);
  if (error) return error;
  if (typeof params.received_time !== 'number') return FORMAT_ERROR();
  if (!payment) return NOT_FOUND();
  const record = ctx.state.shipping[payment.transactionId];
  if (!record || orderState(payment, record) !== ORDER_STATE.shipped)
    return wxAnswer(10060028, '支付单不是已发货状态');
  if (record.logisticsType !== 1) return wxAnswer(10060032, '只有物流快递发货时允许提醒用户确认收货');
  if (record.remindedAtMs !== undefined) return wxAnswer(10060030, '支付单已使用提醒收货机会');
  const receivedMs = params.received_time * 1000;
  if (receivedMs < Math.floor((record.shippedAtMs ?? 0) / 1000) * 1000 || receivedMs > ctx.clock.now())
    return wxAnswer(10060029, '签收时间非法');
  record.remindedAtMs = ctx.clock.now();
  ctx.save();
  return ok();
}

export function shippingApis(ctx: PlatformContext): Record<string, OpenApiHandler> {
  return {
    'wxa.sec.order.uploadShippingInfo': (call) => uploadShippingInfo(ctx, call.params),
    'wxa.sec.order.getOrder': (call) => getOrder(ctx, call.params),
    'wxa.sec.order.notifyConfirmReceive': (call) => notifyConfirmReceive(ctx, call.params),
    'wxa.sec.order.isTradeManaged': (call) => {
      const appid = call.params.appid;
      if (!nonEmpty(appid)) return wxAnswer(40097, 'invalid args');
      if (appid !== ctx.appId) return wxAnswer(40013, 'invalid appid');
      return ok({ is_trade_managed: ctx.settings.tradeManaged });
    },
  };
}

/**
 * The buyer in WeChat's confirm-receipt component (wx.openBusinessView weappOrderConfirm): the answer is
 * what the component hands back to the mini-program (extraData.status success | fail | cancel).
 */
function confirmReceipt(ctx: PlatformContext, body: Record<string, unknown>) {
  const { openid, cancel, ...extraData } = body;
  const reply = (status: 'success' | 'fail' | 'cancel', errormsg?: string) => ({
    status: 200,
    value: {
      errMsg: 'openBusinessView:ok',
      extraData: { status, ...(errormsg ? { errormsg } : {}), req_extradata: extraData },
    },
  });
  if (!nonEmpty(openid)) return badRequest('openid (the buyer in the component) is required');
  const { payment, error } = findByKeys(ctx, extraData);
  if (error) return badRequest('extraData needs transaction_id, or merchant_id and merchant_trade_no');
  if (!payment) return reply('fail', '获取用户订单失败');
  // Only the payer can confirm; any other user gets a failure.
  if (payment.openid !== openid) return reply('fail', '获取用户订单失败');
  const record = ctx.state.shipping[payment.transactionId];
  // An order that is not waiting for receipt cannot be confirmed; the component closes.
  if (!record || orderState(payment, record) !== ORDER_STATE.shipped) return reply('cancel');
  if (cancel === true) return reply('cancel');
  record.confirmedAtMs = ctx.clock.now();
  record.confirmMethod = 2;
  ctx.save();
  return reply('success');
}

export function shippingRoutes(ctx: PlatformContext): Route[] {
  return [
    jsonRoute('POST', /^\/_openapi\/confirm-receipt\/?$/, (body) => confirmReceipt(ctx, body)),
    {
      method: 'GET',
      path: /^\/_openapi\/orders\/([^/]+)\/?$/,
      handle: (_req, res, match) => {
        const payment = ctx.payments.byTransactionId(decodeURIComponent(match[1] ?? ''));
        if (!payment) return sendJson(res, 404, { errCode: 404, errMsg: 'no such payment' });
        sendJson(res, 200, { ...describeOrder(ctx, payment), ingested: !!ingested(ctx, payment) });
      },
    },
    {
      method: 'GET',
      path: /^\/_openapi\/delivery-list\/?$/,
      handle: (_req, res) =>
        sendJson(res, 200, {
          errcode: 0,
          delivery_list: DELIVERY_COMPANIES,
          count: DELIVERY_COMPANIES.length,
        }),
    },
  ];
}
