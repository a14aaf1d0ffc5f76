// The platform's open APIs called from cloud functions (云调用). Each is called as
// `cloudOpenApi().openapi.<path>(…)` written out in full, so the doctor can match every call with the
// function's config.json permissions (the platform refuses an unlisted API with -604101).
import { initCloud } from './cloud';

/** A refusal of an open API: the platform's errcode (or the SDK's, e.g. -604101) and its message. */
export class OpenApiError extends Error {
  constructor(
    readonly errCode: number,
    message: string,
  ) {
    super(message);
  }
}

type Call = (data: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The open APIs this project calls; wx-server-sdk's typings name only some of them. */
interface OpenApis {
  wxa: { sec: { order: { uploadShippingInfo: Call; getOrder: Call } } };
  security: { msgSecCheck: Call };
  subscribeMessage: { send: Call };
  logistics: { getPath: Call };
}

const cloudOpenApi = () => initCloud() as unknown as { openapi: OpenApis };

async function called<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { errCode?: unknown; errMsg?: unknown; message?: unknown };
    const errCode = typeof e?.errCode === 'number' ? e.errCode : -1;
    throw new OpenApiError(errCode, String(e?.errMsg ?? e?.message ?? error));
  }
}

export interface ShippingUploadRequest {
  transactionId: string;
  payerOpenid: string;
  expressCompany: string;
  trackingNo: string;
  itemDesc: string;
  /** The receiver's phone, masked (required by 顺丰). */
  receiverContact: string;
  /** RFC 3339 with the Beijing offset. */
  uploadTime: string;
}

/** 发货信息录入 (express, one parcel): the shipment of a WeChat Pay payment, by its transaction id. */
export function uploadShippingInfo(request: ShippingUploadRequest): Promise<Record<string, unknown>> {
  return called(() =>
    cloudOpenApi().openapi.wxa.sec.order.uploadShippingInfo({
      orderKey: { orderNumberType: 2, transactionId: request.transactionId },
      logisticsType: 1,
      deliveryMode: 1,
      shippingList: [
        {
          trackingNo: request.trackingNo,
          expressCompany: request.expressCompany,
          itemDesc: request.itemDesc,
          contact: { receiverContact: request.receiverContact },
        },
      ],
      uploadTime: request.uploadTime,
      payer: { openid: request.payerOpenid },
    }),
  );
}

/** WeChat's state of a payment under 交易结算管理: 1 待发货 2 已发货 3 确认收货 4 交易完成 5 已退款 6 资金待结算. */
export async function tradeOrderState(transactionId: string): Promise<number> {
  const answer = await called(() => cloudOpenApi().openapi.wxa.sec.order.getOrder({ transactionId }));
  const order = answer.order as { orderState?: unknown } | undefined;
  return typeof order?.orderState === 'number' ? order.orderState : 0;
}

/** 内容安全 v2: what WeChat makes of text a user wants shown to others. */
export async function checkText(
  openid: string,
  content: string,
  scene: 1 | 2 | 3 | 4,
): Promise<{ suggest: string; label: number }> {
  const answer = await called(() =>
    cloudOpenApi().openapi.security.msgSecCheck({ openid, content, scene, version: 2 }),
  );
  const result = (answer.result ?? {}) as { suggest?: unknown; label?: unknown };
  return { suggest: String(result.suggest ?? 'pass'), label: Number(result.label ?? 100) };
}

/** 订阅消息: one message of a one-time template the user accepted. */
export function sendSubscribeMessage(message: {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: 'developer' | 'trial' | 'formal';
}): Promise<Record<string, unknown>> {
  return called(() => cloudOpenApi().openapi.subscribeMessage.send({ ...message, lang: 'zh_CN' }));
}

/** 物流助手: a waybill's route, oldest first (`actionTime` in unix seconds). */
export async function logisticsPath(request: {
  orderId: string;
  openid: string;
  deliveryId: string;
  waybillId: string;
}): Promise<{ actionTime: number; actionType: number; actionMsg: string }[]> {
  const answer = await called(() => cloudOpenApi().openapi.logistics.getPath(request));
  const list = (answer.pathItemList ?? []) as {
    actionTime?: unknown;
    actionType?: unknown;
    actionMsg?: unknown;
  }[];
  return list.map((item) => ({
    actionTime: Number(item.actionTime ?? 0),
    actionType: Number(item.actionType ?? 0),
    actionMsg: String(item.actionMsg ?? ''),
  }));
}
