// cloud.openapi as the platform serves it (wx.openApi): wxacode.getUnlimited answers a PNG that
// really scans, with the platform's checks (scene length and characters, page, the calling
// function's openapi permission) so code that passes here does not fail once deployed.
import { existsSync, readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import QRCode from 'qrcode';
import { ApiTable } from '../api';
import { CloudError } from '../errors';
import { FunctionHost } from '../functions/host';

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

export interface OpenApiOptions {
  host: FunctionHost;
  /** The mini-program's app.json; when it exists, check_path checks the page against its pages. */
  appJsonPath?: string;
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

function appPages(appJsonPath: string | undefined): Set<string> | undefined {
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

async function getUnlimited(params: ApiRequestPairs, appJsonPath: string | undefined) {
  const scene = typeof params.scene === 'number' ? String(params.scene) : params.scene;
  if (typeof scene !== 'string' || !SCENE.test(scene)) {
    return wxJson({
      errcode: ERRCODE_INVALID_SCENE,
      errmsg: 'invalid length for scene, or the data is not json',
    });
  }
  const pages = appPages(appJsonPath);
  const page =
    typeof params.page === 'string' && params.page ? params.page : pages ? [...pages][0] : undefined;
  if (page !== undefined && (page.startsWith('/') || page.includes('?'))) {
    return wxJson({ errcode: ERRCODE_INVALID_PAGE, errmsg: `invalid page rule hint: ${page}` });
  }
  if (params.check_path !== false && page !== undefined && pages && !pages.has(page)) {
    return wxJson({
      errcode: ERRCODE_INVALID_PAGE,
      errmsg: `invalid page rule hint: ${page} is not a page of app.json`,
    });
  }
  const width = Math.min(1280, Math.max(280, typeof params.width === 'number' ? params.width : 430));
  // What the scanned code opens: the page with the scene, encoded as the platform hands it to onLoad.
  const text = `${page ?? ''}?scene=${encodeURIComponent(scene)}`;
  const png = await QRCode.toBuffer(text, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
  return respond({ respData: png, contentType: 'image/png', errorCode: 0, httpCode: 200 });
}

export function openApi(options: OpenApiOptions): ApiTable {
  return {
    async 'wx.openApi'(request) {
      const apiName = String(request.body.apiName ?? '');
      const data = request.parts.requestData;
      if (!data) throw new CloudError('INVALID_PARAM', 'requestData is required');
      const caller = options.host.callerOf(request.caller).functionName;
      // Outside a function (a test or script with admin credentials) there is no config.json to check.
      if (caller !== undefined && options.host.has(caller)) {
        let allowed: string[] = [];
        try {
          allowed = options.host.config(caller).openapi;
        } catch {
          allowed = [];
        }
        if (!allowed.includes(apiName))
          return respond({ errorCode: ERR_NO_OPENAPI_PERMISSION, httpCode: 200 });
      }
      const params = decodeOpenApiRequest(data);
      if (apiName === 'wxacode.getUnlimited') return getUnlimited(params, options.appJsonPath);
      return wxJson({ errcode: -1, errmsg: `openapi.${apiName} is not served by the local cloud` });
    },
  };
}
