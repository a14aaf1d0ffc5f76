// WeChat Pay API v3 signatures and resource encryption on Node's crypto (no SDK, no clock): both the
// functions and the local cloud's simulated platform use these, so the two sides agree by construction.
import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** Notifications and answers older than this are refused, so a captured one cannot be replayed later. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** 32 printable characters, as the platform's nonces look; never used as key material. */
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

/** The message a merchant request is signed over; `url` is the path with its query string. */
export function requestMessage(
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The message the platform signs its answers and notifications over. */
export function answerMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export interface MerchantKey {
  mchId: string;
  /** Serial number of the merchant API certificate whose private key signs. */
  serialNo: string;
  privateKey: string;
}

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** The Authorization header of a merchant request. */
export function authorization(
  key: MerchantKey,
  request: { method: string; url: string; body: string; timestamp: string; nonce: string },
): string {
  const signature = rsaSign(
    requestMessage(request.method, request.url, request.timestamp, request.nonce, request.body),
    key.privateKey,
  );
  return (
    `${AUTH_SCHEMA} mchid="${key.mchId}",nonce_str="${request.nonce}",signature="${signature}",` +
    `timestamp="${request.timestamp}",serial_no="${key.serialNo}"`
  );
}

/** Reads an Authorization header back into its fields; null when it is not the v3 schema. */
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

export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** What `wx.requestPayment` takes for a JSAPI prepay id, signed with the merchant key. */
export function requestPaymentParams(
  appId: string,
  prepayId: string,
  privateKey: string,
  timestamp: string,
  nonce: string,
): RequestPaymentParams {
  const pkg = `prepay_id=${prepayId}`;
  return {
    appId,
    timeStamp: timestamp,
    nonceStr: nonce,
    package: pkg,
    signType: 'RSA',
    paySign: rsaSign(`${appId}\n${timestamp}\n${nonce}\n${pkg}\n`, privateKey),
  };
}

/** Header names as the platform sends them; HTTP header lookups here are case-insensitive. */
export const SIGNATURE_HEADERS = {
  signature: 'wechatpay-signature',
  timestamp: 'wechatpay-timestamp',
  nonce: 'wechatpay-nonce',
  serial: 'wechatpay-serial',
} as const;

export type Headers = Record<string, string | string[] | undefined>;

export function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export interface PlatformKey {
  /** The WeChat Pay public key's id (PUB_KEY_ID_…), sent as Wechatpay-Serial. */
  publicKeyId: string;
  publicKey: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a platform answer or notification: the serial names our platform key, the timestamp is within
 * five minutes of `nowMs`, and the signature over `timestamp\nnonce\nbody\n` verifies.
 */
export function verifyPlatformSignature(
  headers: Headers,
  body: string,
  key: PlatformKey,
  nowMs: number,
): SignatureCheck {
  const signature = header(headers, SIGNATURE_HEADERS.signature);
  const timestamp = header(headers, SIGNATURE_HEADERS.timestamp);
  const nonce = header(headers, SIGNATURE_HEADERS.nonce);
  const serial = header(headers, SIGNATURE_HEADERS.serial);
  if (!signature || !timestamp || !nonce || !serial)
    return { ok: false, reason: 'missing Wechatpay-* signature headers' };
  if (serial !== key.publicKeyId) return { ok: false, reason: `signed with unknown key ${serial}` };
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs - seconds * 1000) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: `timestamp ${timestamp} is more than 5 minutes away from now` };
  }
  if (!rsaVerify(answerMessage(timestamp, nonce, body), signature, key.publicKey)) {
    return { ok: false, reason: 'signature does not verify' };
  }
  return { ok: true };
}

/** The headers the platform signs an answer or a notification with (the local cloud plays that side). */
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
    'Wechatpay-Signature': rsaSign(answerMessage(timestamp, nonce, body), privateKey),
    'Wechatpay-Signature-Type': AUTH_SCHEMA,
  };
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type?: string;
}

const TAG_BYTES = 16;

function apiV3KeyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  return key;
}

/** AES-256-GCM with raw bytes: ciphertext and tag separately (the published vectors' shape). */
export function gcmEncrypt(
  key: Buffer,
  iv: Buffer,
  plaintext: Buffer,
  aad: Buffer,
): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

/** Throws when the tag does not authenticate the ciphertext and associated data. */
export function gcmDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  if (tag.length !== TAG_BYTES) throw new Error('GCM tag must be 16 bytes');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** A notification's resource as the platform builds it: base64(ciphertext ‖ tag), key = the APIv3 key. */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  associatedData: string,
  nonce = newNonce().slice(0, 12),
): EncryptedResource {
  const { ciphertext, tag } = gcmEncrypt(
    apiV3KeyBytes(apiV3Key),
    Buffer.from(nonce, 'utf8'),
    Buffer.from(plaintext, 'utf8'),
    Buffer.from(associatedData, 'utf8'),
  );
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: Buffer.concat([ciphertext, tag]).toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}

/** Decrypts a notification's resource; throws when it was altered (the GCM tag fails). */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM')
    throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length < TAG_BYTES) throw new Error('ciphertext too short');
  return gcmDecrypt(
    apiV3KeyBytes(apiV3Key),
    Buffer.from(resource.nonce, 'utf8'),
    sealed.subarray(0, sealed.length - TAG_BYTES),
    sealed.subarray(sealed.length - TAG_BYTES),
    Buffer.from(resource.associated_data ?? '', 'utf8'),
  ).toString('utf8');
}
