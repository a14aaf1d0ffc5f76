// The platform's side of WeChat Pay API v3 cryptography, as the simulator needs it: reading and checking a
// merchant's signed request, signing answers and notifications, and encrypting a notification's resource.
// Written from the published rules (签名生成 / 签名验证 / 回调报文解密), independently of any merchant-side
// code, so a project's own signing code is checked against the rules rather than against itself.
import { createCipheriv, createSign, createVerify, randomBytes } from 'node:crypto';

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** The platform refuses requests whose timestamp is more than five minutes away from its time. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const GCM_TAG_BYTES = 16;

/** 32 printable characters, as the platform's nonces look. */
export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** RSA-SHA256 (PKCS#1 v1.5) over `message`, base64, with a PEM private key. */
export function rsaSign(message: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64');
}

/** False rather than throwing on a malformed signature: a bad signature is an answer, not a crash. */
export function rsaVerify(message: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

/** The message a merchant signs a request over; `url` is the path with its query string. */
export function requestMessage(
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** Reads a request's Authorization header into its fields; null when it is not the v3 schema. */
export function parseAuthorization(header: string | undefined): AuthorizationParts | null {
  if (!header || !header.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields: Record<string, string> = {};
  for (const match of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    fields[match[1] as string] = match[2] as string;
  }
  const { mchid, nonce_str, signature, timestamp, serial_no } = fields;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

/** The Wechatpay-* headers the platform signs an answer or a notification with, at `nowMs`. */
export function platformHeaders(
  body: string,
  privateKey: string,
  publicKeyId: string,
  nowMs: number,
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = newNonce();
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': publicKeyId,
    'Wechatpay-Signature': rsaSign(`${timestamp}\n${nonce}\n${body}\n`, privateKey),
    'Wechatpay-Signature-Type': AUTH_SCHEMA,
  };
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

/**
 * A notification's resource: AES-256-GCM with the 32-byte APIv3 key, a 12-character nonce and the
 * associated data, ciphertext and tag concatenated and base64-encoded.
 */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  associatedData: string,
  nonce = newNonce().slice(0, 12),
): EncryptedResource {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'), {
    authTagLength: GCM_TAG_BYTES,
  });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: sealed.toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}
