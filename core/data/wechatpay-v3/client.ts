// A signed WeChat Pay v3 HTTP call: Authorization over the exact bytes sent, and the platform's signature
// on the answer checked before any of it is believed. node:http(s), since functions may run on Node 16.
import http from 'node:http';
import https from 'node:https';
import { authorization, Headers, newNonce, verifyPlatformSignature } from './crypto';
import { baseUrl, MerchantConfig } from './config';
import { PaymentError } from '../payment';

export interface V3Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A refusal from the platform (4xx/5xx with { code, message }), or an answer we could not trust. */
export class V3Error extends PaymentError {
  constructor(
    readonly status: number,
    override readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`, code);
  }
}

const TIMEOUT_MS = 8_000;

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: Headers; text: string }> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method, headers, timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () =>
      request.destroy(new Error(`WeChat Pay did not answer within ${TIMEOUT_MS} ms`)),
    );
    request.on('error', reject);
    if (body) request.write(body);
    request.end();
  });
}

/** One v3 call; `path` includes the query string, exactly as it is signed. */
export async function v3Request(
  config: MerchantConfig,
  method: 'GET' | 'POST',
  path: string,
  payload?: Record<string, unknown>,
): Promise<V3Answer> {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const auth = authorization(
    { mchId: config.mchId, serialNo: config.serialNo, privateKey: config.privateKey },
    { method, url: path, body, timestamp, nonce: newNonce() },
  );
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    answer = await send(
      new URL(`${baseUrl()}${path}`),
      method,
      {
        Authorization: auth,
        Accept: 'application/json',
        'User-Agent': 'fenxiao-cloud-shop',
        // The platform checks this header against the key it signs with.
        'Wechatpay-Serial': config.platformPublicKeyId,
        ...(body
          ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }
          : {}),
      },
      body,
    );
  } catch (error) {
    throw new V3Error(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  let parsed: Record<string, unknown> = {};
  try {
    parsed = answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : {};
  } catch {
    parsed = {};
  }
  // A refusal is reported as one whatever its signature: nothing is ever done on the strength of it.
  if (answer.status < 200 || answer.status >= 300) {
    throw new V3Error(
      answer.status,
      String(parsed.code ?? `HTTP_${answer.status}`),
      String(parsed.message ?? answer.text),
    );
  }
  const check = verifyPlatformSignature(
    answer.headers,
    answer.text,
    { publicKeyId: config.platformPublicKeyId, publicKey: config.platformPublicKey },
    Date.now(),
  );
  if (!check.ok) throw new V3Error(answer.status, 'SIGN_ERROR', `answer not trusted: ${check.reason}`);
  if (answer.text && Object.keys(parsed).length === 0 && answer.text.trim() !== '{}') {
    throw new V3Error(answer.status, 'BAD_ANSWER', 'answer is not a JSON object');
  }
  return { status: answer.status, body: parsed };
}
