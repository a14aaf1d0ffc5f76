// The merchant's WeChat Pay v3 configuration: one document `wechatpay` of the `secrets` collection, which
// no client rule lets anyone read, so keys stay out of the repository and out of reach of pages.
import * as z from 'zod/mini';
import { getById } from '../db';
import { PaymentError } from '../payment';

export const SECRETS_DOC = 'wechatpay';
export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';

const pem = (kind: string) => z.string().check(z.regex(new RegExp(`-----BEGIN ${kind}-----`)));

export const merchantConfigSchema = z.object({
  /** 商户号. */
  mchId: z.string().check(z.regex(/^\d{8,12}$/)),
  /** The mini-program's appid bound to the merchant (JSAPI orders and transfers name it). */
  appId: z.string().check(z.regex(/^wx[\w]{8,30}$/)),
  /** The APIv3 key: 32 characters, decrypts notification resources. */
  apiV3Key: z.string().check(z.length(32)),
  /** Serial number of the merchant API certificate (商户API证书序列号). */
  serialNo: z.string().check(z.regex(/^[0-9A-Fa-f]{8,64}$/)),
  /** apiclient_key.pem: signs requests and wx.requestPayment. */
  privateKey: pem('(RSA )?PRIVATE KEY'),
  /** 微信支付公钥 and its id (PUB_KEY_ID_…): verifies answers and notifications. */
  platformPublicKey: pem('PUBLIC KEY'),
  platformPublicKeyId: z.string().check(z.minLength(1), z.maxLength(64)),
});

export type MerchantConfig = z.infer<typeof merchantConfigSchema>;

/** How long a warm instance keeps the keys: long enough to save a read per call, short enough for rotation. */
const CACHE_MS = 60_000;
let cached: { config: MerchantConfig; at: number } | undefined;

export async function loadMerchantConfig(): Promise<MerchantConfig> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.config;
  const stored = await getById<Record<string, unknown>>('secrets', SECRETS_DOC);
  if (!stored)
    throw new PaymentError('微信支付商户未配置（secrets 集合缺少 wechatpay 文档，见 docs/WECHATPAY.md）');
  const parsed = merchantConfigSchema.safeParse(stored);
  if (!parsed.success) {
    // Names the fields only: the values are secrets and must not reach a log.
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new PaymentError(`微信支付商户配置不完整或格式错误：${fields}`);
  }
  cached = { config: parsed.data, at: Date.now() };
  return parsed.data;
}

/** Where the v3 API lives; the local cloud points functions at itself through the environment. */
export function baseUrl(): string {
  return (process.env.WECHATPAY_BASE_URL || DEFAULT_BASE_URL).replace(/\/$/, '');
}

/** The notification address: the settings' HTTPS address, else the environment's (the local cloud sets it). */
export function notifyUrl(fromSettings: string): string {
  const url = fromSettings || process.env.WECHATPAY_NOTIFY_URL || '';
  if (!url) throw new PaymentError('未配置支付结果通知地址（设置 payment.notifyUrl，见 docs/WECHATPAY.md）');
  return url;
}
