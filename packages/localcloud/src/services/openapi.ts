// cloud.openapi as the platform serves it (wx.openApi): the calling function's openapi permission
// (-604101 without it), wxacode.getUnlimited answering a PNG that really scans (scene length and
// characters, page checked), and the other APIs the platform plays (openapi-platform.ts), each call
// recorded, so code that passes here does not fail once deployed.
//
// How wx-server-sdk sends them: cloud.openapi.a.b.c(data) posts action wx.openApi with apiName "a.b.c"
// and requestData a protobuf CommApiData whose pairs are data's top-level keys (camelCase keys turned
// to snake_case first, unless cloud.openapi({ convertCase: false })), each value as JSON;
// cloud.openapi({ version: 'v2' }) adds cgiName "commrpcv2". The answer is a CommOpenApiResp: errorCode
// (the SDK throws it, e.g. -604101), or respData with its content type; JSON with errcode ≠ 0 is thrown
// as { errCode: errcode }, else its keys come back camelCased.
import { existsSync, readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import QRCode from 'qrcode';
import { ApiTable } from '../api';
import { CloudError } from '../errors';
import { FunctionHost, Identity } from '../functions/host';

/** Message types of wx-server-sdk's openapi.proto, the fields the local cloud reads or writes. */
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        appid: { type: 'string', id: 6 },
      },
    },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
      },
    },
  },
});
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

/** The platform's errorCode when the function's config.json does not list the API. */
export const ERR_NO_OPENAPI_PERMISSION = -604101;
export const ERRCODE_INVALID_SCENE = 40169;
export const ERRCODE_INVALID_PAGE = 41030;

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/** What the platform answers to one call: JSON (errcode 0 or not), or a file such as a PNG. */
export type OpenApiAnswer =
  { json: Record<string, unknown> } | { file: { contentType: string; body: Buffer } };

export interface OpenApiCall {
  /** The API as the SDK names it: wxacode.getUnlimited, wxa.sec.order.uploadShippingInfo … */
  api: string;
  /** The request's fields as the platform receives them (snake_case). */
  params: Record<string, unknown>;
  /** The calling function; undefined for a call from outside a function. */
  functionName?: string;
  /** The user of the invocation that made the call, when there is one. */
  identity?: Identity;
  /** 'v2' when the SDK sent cgiName commrpcv2 (cloud.openapi({ version: 'v2' })). */
  version?: string;
}

export type OpenApiHandler = (call: OpenApiCall) => OpenApiAnswer | Promise<OpenApiAnswer>;

/** How a call ended, as GET /_openapi shows it. */
export type OpenApiOutcome =
  | { errorCode: number; errMsg: string }
  | { errcode: number; errmsg: string; answer?: unknown }
  | { contentType: string; bytes: number };

export interface OpenApiRecorder {
  /** A fault queued for this API (POST /_openapi/faults), answered instead of the API's own answer. */
  takeFault(api: string): { errcode: number; errmsg: string } | undefined;
  record(call: OpenApiCall, outcome: OpenApiOutcome): void;
}

export interface OpenApiOptions {
  host: FunctionHost;
  /** The mini-program's app.json; when it exists, check_path checks the page against its pages. */
  appJsonPath?: string;
  /** The APIs served besides wxacode.getUnlimited. */
  handlers?: Record<string, OpenApiHandler>;
  recorder?: OpenApiRecorder;
}

interface ApiRequestPairs {
  [key: string]: unknown;
}

export function encodeOpenApiRequest(pairs: Record<string, unknown>): Buffer {
  const message = CommApiData.create({
    apiType: 0,
    openapiData: {
      pairs: Object.entries(pairs).map(([key, value]) => ({
        key,
        value: Buffer.from(JSON.stringify(value)),
      })),
    },
  });
  return Buffer.from(CommApiData.encode(message).finish());
}

export function decodeOpenApiRequest(bytes: Buffer): ApiRequestPairs {
  const message = CommApiData.toObject(CommApiData.decode(bytes), { bytes: Buffer }) as {
    openapiData?: { pairs?: { key: string; value?: Buffer }[] };
  };
  const params: ApiRequestPairs = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const text = pair.value?.toString('utf8') ?? '';
    try {
      params[pair.key] = JSON.parse(text);
    } catch {
      params[pair.key] = text;
    }
  }
  return params;
}

export function decodeOpenApiResponse(bytes: Buffer): {
  respData?: Buffer;
  contentType?: string;
  errorCode?: number;
  httpCode?: number;
} {
  return CommOpenApiResp.toObject(CommOpenApiResp.decode(bytes), { bytes: Buffer });
}

function respond(resp: { respData?: Buffer; contentType?: string; errorCode?: number; httpCode?: number }) {
  const body = Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create(resp)).finish());
  // Anything but exactly `application/json; charset=utf-8`, which the SDK would parse as JSON.
  return { raw: { contentType: 'application/octet-stream', body } };
}

function wxJson(value: Record<string, unknown>) {
  return respond({
    respData: Buffer.from(JSON.stringify(value)),
    contentType: 'application/json; charset=utf-8',
    httpCode: 200,
  });
}

export function appPages(appJsonPath: string | undefined): Set<string> | undefined {
  if (!appJsonPath || !existsSync(appJsonPath)) return undefined;
  const app = JSON.parse(readFileSync(appJsonPath, 'utf8')) as {
    pages?: string[];
    subpackages?: { root: string; pages?: string[] }[];
    subPackages?: { root: string; pages?: string[] }[];
  };
  const pages = new Set(app.pages ?? []);
  for (const pkg of [...(app.subpackages ?? []), ...(app.subPackages ?? [])]) {
    for (const page of pkg.pages ?? []) pages.add(`${pkg.root.replace(/\/$/, '')}/${page}`);
  }
  return pages;
}

async function getUnlimited(
  params: ApiRequestPairs,
  appJsonPath: string | undefined,
): Promise<OpenApiAnswer> {
  const scene = typeof params.scene === 'number' ? String(params.scene) : params.scene;
  if (typeof scene !== 'string' || !SCENE.test(scene)) {
    return {
      json: { errcode: ERRCODE_INVALID_SCENE, errmsg: 'invalid length for scene, or the data is not json' },
    };
  }
  const pages = appPages(appJsonPath);
  const page =
    typeof params.page === 'string' && params.page ? params.page : pages ? [...pages][0] : undefined;
  if (page !== undefined && (page.startsWith('/') || page.includes('?'))) {
    return { json: { errcode: ERRCODE_INVALID_PAGE, errmsg: `invalid page rule hint: ${page}` } };
  }
  if (params.check_path !== false && page !== undefined && pages && !pages.has(page)) {
    return {
      json: {
        errcode: ERRCODE_INVALID_PAGE,
        errmsg: `invalid page rule hint: ${page} is not a page of app.json`,
      },
    };
  }
  const width = Math.min(1280, Math.max(280, typeof params.width === 'number' ? params.width : 430));
  // What the scanned code opens: the page with the scene, encoded as the platform hands it to onLoad.
  const text = `${page ?? ''}?scene=${encodeURIComponent(scene)}`;
  const png = await QRCode.toBuffer(text, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
  return { file: { contentType: 'image/png', body: png } };
}

function outcomeOf(answer: OpenApiAnswer): OpenApiOutcome {
  if ('file' in answer) return { contentType: answer.file.contentType, bytes: answer.file.body.length };
  const { errcode, errmsg, ...rest } = answer.json;
  return {
    errcode: typeof errcode === 'number' ? errcode : 0,
    errmsg: typeof errmsg === 'string' ? errmsg : 'ok',
    ...(Object.keys(rest).length ? { answer: rest } : {}),
  };
}

export function openApi(options: OpenApiOptions): ApiTable {
  const handlers: Record<string, OpenApiHandler> = {
    ...options.handlers,
    'wxacode.getUnlimited': (call) => getUnlimited(call.params, options.appJsonPath),
  };
  return {
    async 'wx.openApi'(request) {
      const apiName = String(request.body.apiName ?? '');
      const data = request.parts.requestData;
      if (!data) throw new CloudError('INVALID_PARAM', 'requestData is required');
      const { functionName: caller, identity } = options.host.callerOf(request.caller);
      const call: OpenApiCall = {
        api: apiName,
        params: decodeOpenApiRequest(data),
        functionName: caller,
        identity,
        ...(request.body.cgiName === 'commrpcv2' ? { version: 'v2' } : {}),
      };
      // Outside a function (a test or script with admin credentials) there is no config.json to check.
      if (caller !== undefined && options.host.has(caller)) {
        let allowed: string[] = [];
        try {
          allowed = options.host.config(caller).openapi;
        } catch {
          allowed = [];
        }
        if (!allowed.includes(apiName)) {
          options.recorder?.record(call, {
            errorCode: ERR_NO_OPENAPI_PERMISSION,
            errMsg: 'function has no permission to call this API',
          });
          return respond({ errorCode: ERR_NO_OPENAPI_PERMISSION, httpCode: 200 });
        }
      }
      const handler = Object.prototype.hasOwnProperty.call(handlers, apiName) ? handlers[apiName] : undefined;
      const fault = options.recorder?.takeFault(apiName);
      let answer: OpenApiAnswer;
      if (fault) answer = { json: { ...fault } };
      else if (handler) answer = await handler(call);
      else answer = { json: { errcode: -1, errmsg: `openapi.${apiName} is not served by the local cloud` } };
      options.recorder?.record(call, outcomeOf(answer));
      if ('file' in answer)
        return respond({
          respData: answer.file.body,
          contentType: answer.file.contentType,
          errorCode: 0,
          httpCode: 200,
        });
      return wxJson(answer.json);
    },
  };
}
