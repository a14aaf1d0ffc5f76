// The one door to the cloud functions: transport switch (cloud / local), envelope unwrapping, client request
// ids and payment. The phone's APIs arrive through a Platform so this file runs in tests without `wx`.
import defaultConfig, { AppConfig } from '../config';
import { ServiceError, toServiceError } from './errors';
import type { ActionName, AnswerFor, Envelope, FunctionName, InputFor, Payment } from './api';

export interface HttpResponse {
  statusCode: number;
  data: unknown;
}

/** The few phone APIs the services need; services/wx-platform.ts binds them to `wx`, tests to stand-ins. */
export interface Platform {
  /** wx.cloud.callFunction → its `result`. */
  callFunction(name: string, data: Record<string, unknown>): Promise<unknown>;
  /** wx.request; rejects only when there was no HTTP answer. `data` may be an ArrayBuffer (a PUT of a file). */
  request(options: {
    url: string;
    method: 'GET' | 'POST' | 'PUT';
    data?: unknown;
    header?: Record<string, string>;
  }): Promise<HttpResponse>;
  /** wx.requestPayment; rejects with errMsg containing 'cancel' when the shopper backs out. */
  requestPayment(payment: Payment): Promise<void>;
  /** wx.requestMerchantTransfer (商家转账): the distributor confirms receiving a payout. */
  requestMerchantTransfer(params: { mchId: string; appId: string; package: string }): Promise<void>;
  /**
   * wx.openBusinessView: WeChat's own pages, here 发货信息管理's confirm-receipt component (weappOrderConfirm);
   * answers what the component hands back (extraData.status success | fail | cancel).
   */
  openBusinessView(options: {
    businessType: string;
    extraData: Record<string, string>;
  }): Promise<{ extraData?: { status?: string; errormsg?: string } }>;
  /**
   * wx.requestSubscribeMessage: the one-time 订阅消息 sheet; answers the user's choice per template id
   * (accept | reject | ban | filter). WeChat shows it only when called from a tap, before anything awaited.
   */
  requestSubscribeMessage(tmplIds: string[]): Promise<Record<string, string>>;
  /** wx.cloud.uploadFile: a file on the phone into cloud storage at `cloudPath`; answers its fileID. */
  uploadFile(cloudPath: string, filePath: string): Promise<string>;
  /** The bytes of a file on the phone (wx.getFileSystemManager().readFile), for local mode's upload. */
  readFile(filePath: string): Promise<ArrayBuffer>;
  getStorage(key: string): unknown;
  setStorage(key: string, value: unknown): void;
  removeStorage(key: string): void;
}

let platform: Platform | null = null;
let config: AppConfig = { ...defaultConfig };

export function setPlatform(next: Platform): void {
  platform = next;
}

export function configure(patch: Partial<AppConfig>): AppConfig {
  config = { ...config, ...patch };
  return config;
}

export function getConfig(): AppConfig {
  return config;
}

function requirePlatform(): Platform {
  if (!platform) throw new ServiceError('INTERNAL', '小程序尚未初始化，请重新打开');
  return platform;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return !!value && typeof value === 'object' && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function errMsgOf(error: unknown): string {
  if (error && typeof error === 'object' && 'errMsg' in error)
    return String((error as { errMsg: unknown }).errMsg);
  return error instanceof Error ? error.message : String(error);
}

async function send(fn: string, event: Record<string, unknown>): Promise<unknown> {
  const p = requirePlatform();
  if (config.mode === 'cloud') {
    try {
      return await p.callFunction(fn, event);
    } catch (error) {
      // callFunction rejects for transport failures and for functions that threw (never ours: they answer envelopes).
      throw new ServiceError('NETWORK', '网络不给力，请检查网络后重试', errMsgOf(error));
    }
  }
  let response: HttpResponse;
  try {
    response = await p.request({
      url: `${config.localUrl}/functions/${fn}`,
      method: 'POST',
      data: event,
      header: { 'content-type': 'application/json', 'x-wx-openid': config.localOpenid },
    });
  } catch (error) {
    throw new ServiceError('NETWORK', '连不上本地云，请确认已运行 npm start', errMsgOf(error));
  }
  const body = response.data as { result?: unknown; errCode?: unknown; errMsg?: unknown } | null;
  if (response.statusCode !== 200 || !body || !('result' in body)) {
    const detail = body && typeof body.errMsg === 'string' ? body.errMsg : `HTTP ${response.statusCode}`;
    throw new ServiceError('INTERNAL', '系统繁忙，请稍后再试', detail);
  }
  return body.result;
}

/** The input argument: optional when the action needs nothing. */
type InputArgs<F extends FunctionName, A extends ActionName<F>> =
  Record<string, never> extends InputFor<F, A> ? [input?: InputFor<F, A>] : [input: InputFor<F, A>];

/**
 * Calls `action` of `fn` with an input its contract accepts; answers `data` of the envelope, typed by the
 * contract, or throws a ServiceError with a friendly message.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  ...[input]: InputArgs<F, A>
): Promise<AnswerFor<F, A>> {
  const result = await send(fn, { ...(input ?? {}), action });
  if (!isEnvelope(result)) throw new ServiceError('INTERNAL', '系统繁忙，请稍后再试', 'not an envelope');
  if (result.ok) return result.data as AnswerFor<F, A>;
  throw toServiceError(result.error.code, result.error.message, result.error.requestId);
}

/** The phone's storage through the platform, so pages and tests share one place (cart, pending request ids). */
export function getStorage(key: string): unknown {
  return requirePlatform().getStorage(key);
}

export function setStorage(key: string, value: unknown): void {
  requirePlatform().setStorage(key, value);
}

// ---- client request ids ---------------------------------------------------------------------------------

const RID_PREFIX = 'rid:';

interface StoredRequestId {
  id: string;
  /** The request it was made for: a different cart or amount gets a new id, a retry of the same one reuses it. */
  fingerprint: string;
}

export function newRequestId(now: number = Date.now(), random: () => number = Math.random): string {
  const noise = Array.from({ length: 10 }, () => Math.floor(random() * 36).toString(36)).join('');
  return `r${now.toString(36)}-${noise}`;
}

/** Stable JSON (sorted keys) so that the same request always fingerprints the same. */
export function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${fingerprint((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The id to send for this request: the stored one if the same request is still unanswered, else a new one. */
export function requestIdFor(slot: string, payload: unknown): string {
  const p = requirePlatform();
  const print = fingerprint(payload);
  const stored = p.getStorage(RID_PREFIX + slot) as StoredRequestId | '' | undefined;
  if (stored && typeof stored === 'object' && stored.fingerprint === print && stored.id) return stored.id;
  const id = newRequestId();
  const record: StoredRequestId = { id, fingerprint: print };
  p.setStorage(RID_PREFIX + slot, record);
  return id;
}

/**
 * A create action with a client request id: kept in storage until the server answers (either way), so a
 * double tap or a lost answer retried later creates one thing. Only a NETWORK failure keeps the id.
 */
export async function callCreate<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: Omit<InputFor<F, A>, 'clientRequestId'>,
): Promise<AnswerFor<F, A>> {
  const slot = `${fn}.${action}`;
  const clientRequestId = requestIdFor(slot, data);
  try {
    const input = { ...data, clientRequestId } as InputFor<F, A>;
    const result = await (call as (fn: F, action: A, input: InputFor<F, A>) => Promise<AnswerFor<F, A>>)(
      fn,
      action,
      input,
    );
    requirePlatform().removeStorage(RID_PREFIX + slot);
    return result;
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== 'NETWORK')
      requirePlatform().removeStorage(RID_PREFIX + slot);
    throw error;
  }
}

// ---- payment --------------------------------------------------------------------------------------------

/** Cloud: the WeChat cashier. Local: the local cloud's simulated shopper pays (POST /_pay/<outTradeNo>). */
export async function pay(payment: Payment, outTradeNo: string | undefined): Promise<void> {
  const p = requirePlatform();
  if (config.mode === 'cloud') {
    try {
      await p.requestPayment(payment);
    } catch (error) {
      const message = errMsgOf(error);
      if (/cancel/i.test(message)) throw new ServiceError('CANCELLED', '已取消支付', message);
      throw new ServiceError('FAILED_PRECONDITION', '支付未完成，请稍后在订单中重新支付', message);
    }
    return;
  }
  if (!outTradeNo) throw new ServiceError('INTERNAL', '支付信息不完整', 'no outTradeNo');
  await simulate(`/_pay/${encodeURIComponent(outTradeNo)}`, '模拟支付失败');
}

/** Local mode: asks the local cloud to play the person at WeChat's sheet (the cashier, a transfer). */
async function simulate(path: string, failure: string): Promise<void> {
  let response: HttpResponse;
  try {
    response = await requirePlatform().request({
      url: `${config.localUrl}${path}`,
      method: 'POST',
      data: { result: 'SUCCESS' },
      header: { 'content-type': 'application/json' },
    });
  } catch (error) {
    throw new ServiceError('NETWORK', '连不上本地云，请确认已运行 npm start', errMsgOf(error));
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new ServiceError('FAILED_PRECONDITION', failure, `HTTP ${response.statusCode}`);
  }
}

/**
 * Cloud: WeChat's confirm-receipt sheet for a merchant transfer. Local: the local cloud's simulated
 * distributor confirms (POST /_transfer/<outBillNo>; the bill number is the withdrawal id).
 */
export async function confirmTransfer(
  params: { mchId: string; appId: string; package: string },
  withdrawalId: string,
): Promise<void> {
  const p = requirePlatform();
  if (config.mode === 'cloud') {
    try {
      await p.requestMerchantTransfer(params);
    } catch (error) {
      const message = errMsgOf(error);
      if (/cancel/i.test(message)) throw new ServiceError('CANCELLED', '已取消收款', message);
      throw new ServiceError('FAILED_PRECONDITION', '收款未完成，请稍后重试', message);
    }
    return;
  }
  await simulate(`/_transfer/${encodeURIComponent(withdrawalId)}`, '模拟收款失败');
}

/** What the confirm-receipt component answered, as an outcome: done, or the error to show. */
function receiptOutcome(answer: { extraData?: { status?: string; errormsg?: string } } | undefined): void {
  const status = answer?.extraData?.status;
  if (status === 'success') return;
  if (status === 'cancel') throw new ServiceError('CANCELLED', '已取消确认收货');
  throw new ServiceError(
    'FAILED_PRECONDITION',
    answer?.extraData?.errormsg || '确认收货未完成，请稍后重试',
    status ?? 'no answer',
  );
}

/**
 * 发货信息管理: a shipment WeChat knows of is received in WeChat's confirm-receipt component first (the server
 * checks with WeChat before completing the order). Cloud: the component. Local: the local cloud plays the
 * buyer in it (POST /_openapi/confirm-receipt).
 */
export async function confirmReceiptInWeChat(transactionId: string): Promise<void> {
  const p = requirePlatform();
  if (config.mode === 'cloud') {
    let answer: { extraData?: { status?: string; errormsg?: string } };
    try {
      answer = await p.openBusinessView({
        businessType: 'weappOrderConfirm',
        extraData: { transaction_id: transactionId },
      });
    } catch (error) {
      const message = errMsgOf(error);
      if (/cancel/i.test(message)) throw new ServiceError('CANCELLED', '已取消确认收货', message);
      throw new ServiceError('FAILED_PRECONDITION', '确认收货未完成，请稍后重试', message);
    }
    receiptOutcome(answer);
    return;
  }
  let response: HttpResponse;
  try {
    response = await p.request({
      url: `${config.localUrl}/_openapi/confirm-receipt`,
      method: 'POST',
      data: { openid: config.localOpenid, transaction_id: transactionId },
      header: { 'content-type': 'application/json' },
    });
  } catch (error) {
    throw new ServiceError('NETWORK', '连不上本地云，请确认已运行 npm start', errMsgOf(error));
  }
  receiptOutcome(response.data as { extraData?: { status?: string; errormsg?: string } });
}

// ---- 订阅消息 ---------------------------------------------------------------------------------------------

/**
 * Asks the user for one-time 订阅消息 grants of `tmplIds` (at most 3: the sheet's limit) and answers the ids they
 * accepted; never rejects (a refusal, a closed sheet or no network is simply none accepted). Cloud: WeChat's
 * sheet, which shows only when this runs inside a tap handler before any await (the platform is called before
 * this returns). Local: the local cloud plays the user (POST /_subscribe, every template accepted).
 */
export function requestSubscribe(tmplIds: string[]): Promise<string[]> {
  const ids = [...new Set(tmplIds.filter(Boolean))].slice(0, 3);
  if (!ids.length) return Promise.resolve([]);
  let answer: Promise<unknown>;
  try {
    const p = requirePlatform();
    answer =
      config.mode === 'cloud'
        ? p.requestSubscribeMessage(ids)
        : p
            .request({
              url: `${config.localUrl}/_subscribe`,
              method: 'POST',
              data: { openid: config.localOpenid, tmplIds: ids },
              header: { 'content-type': 'application/json' },
            })
            .then((response) => response.data);
  } catch (error) {
    answer = Promise.reject(error);
  }
  return answer.then(
    (choices) => {
      const picked = (choices && typeof choices === 'object' ? choices : {}) as Record<string, unknown>;
      return ids.filter((id) => picked[id] === 'accept');
    },
    () => [],
  );
}

// ---- cloud storage --------------------------------------------------------------------------------------

/** What the local cloud's CloudBase API (POST /admin) answers: `data`, or `code` and `message`. */
async function storageApi<T>(action: string, body: Record<string, unknown>): Promise<T> {
  let response: HttpResponse;
  try {
    response = await requirePlatform().request({
      url: `${config.localUrl}/admin`,
      method: 'POST',
      data: { action, ...body },
      header: { 'content-type': 'application/json' },
    });
  } catch (error) {
    throw new ServiceError('NETWORK', '连不上本地云，请确认已运行 npm start', errMsgOf(error));
  }
  const answer = response.data as { data?: T; code?: string; message?: string } | null;
  if (response.statusCode !== 200 || !answer || answer.data === undefined)
    throw new ServiceError(
      'INTERNAL',
      '上传失败，请稍后再试',
      answer?.message ?? `HTTP ${response.statusCode}`,
    );
  return answer.data;
}

/**
 * A file on the phone (a chosen avatar's temp file) into cloud storage at `cloudPath`; answers its fileID
 * (cloud://…), what join.profile takes. Cloud: wx.cloud.uploadFile. Local: the same two steps the SDK takes
 * against the local cloud — upload metadata from its CloudBase API, then the bytes PUT to the address it gave.
 */
export async function uploadFile(cloudPath: string, filePath: string): Promise<string> {
  const p = requirePlatform();
  if (config.mode === 'cloud') {
    try {
      return await p.uploadFile(cloudPath, filePath);
    } catch (error) {
      throw new ServiceError('NETWORK', '上传失败，请检查网络后重试', errMsgOf(error));
    }
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await p.readFile(filePath);
  } catch (error) {
    throw new ServiceError('FAILED_PRECONDITION', '读取图片失败，请重新选择', errMsgOf(error));
  }
  const meta = await storageApi<{ url: string; fileId: string }>('storage.getUploadMetadata', {
    path: cloudPath,
    method: 'put',
  });
  let put: HttpResponse;
  try {
    put = await p.request({ url: meta.url, method: 'PUT', data: bytes });
  } catch (error) {
    throw new ServiceError('NETWORK', '连不上本地云，请确认已运行 npm start', errMsgOf(error));
  }
  if (put.statusCode !== 200)
    throw new ServiceError('INTERNAL', '上传失败，请稍后再试', `PUT HTTP ${put.statusCode}`);
  return meta.fileId;
}

/**
 * Addresses an <image> or <video> can load for stored files. Cloud: the fileIDs themselves (the components
 * read cloud:// directly). Local: the local cloud's download addresses (its storage API), since the phone
 * cannot read the local bucket's fileIDs. Anything else (https) stays as it is, and so does a file the
 * local cloud cannot find.
 */
export async function fileUrls(sources: string[]): Promise<string[]> {
  const stored = sources.filter((src) => src.startsWith('cloud://'));
  if (config.mode === 'cloud' || !stored.length) return sources;
  try {
    const { download_list } = await storageApi<{
      download_list: { fileID: string; tempFileURL: string }[];
    }>('storage.batchGetDownloadUrl', {
      file_list: [...new Set(stored)].map((fileid) => ({ fileid, max_age: 7200 })),
    });
    const found = new Map(download_list.map((item) => [item.fileID, item.tempFileURL]));
    return sources.map((src) => found.get(src) || src);
  } catch {
    return sources;
  }
}

/** One stored file's address (see fileUrls); '' stays ''. */
export const fileUrl = async (source: string): Promise<string> =>
  source ? ((await fileUrls([source]))[0] ?? source) : '';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
