// The shop's local cloud: @fenxiao/localcloud given what is this project's own — its cloud functions,
// its collections and indexes (core/data/collections.ts), its mini-program's pages, where its functions
// find WeChat Pay v3 and their notification address, the merchant keys they read, and its first admin.
// npm start, the tests, the benchmarks and the screenshots all start the local cloud through here.
import path from 'node:path';
import { LocalCloud, LocalCloudOptions, startLocalCloud } from '@fenxiao/localcloud';
import { COLLECTIONS } from '../../core/data/collections';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_ADMIN_OPENID = 'local-admin';
/** core/data/wechatpay-v3/config.ts's SECRETS_DOC (not imported: that module pulls in the SDK wrapper). */
const WECHATPAY_SECRETS_DOC = 'wechatpay';

export interface ShopCloudOptions extends Partial<LocalCloudOptions> {
  dataDir: string;
  /** The openid the shop treats as its merchant admin (seeded into settings by the caller). */
  adminOpenid?: string;
}

export interface ShopCloud extends LocalCloud {
  adminOpenid: string;
}

/**
 * The port for a script that starts its own local cloud (bench, shots): LOCALCLOUD_PORT when set, so it can
 * be watched at a known address, else a free one, so it never collides with a running `npm start`.
 */
export function scriptPort(): number {
  const text = process.env.LOCALCLOUD_PORT;
  if (!text) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`LOCALCLOUD_PORT must be a port number, not ${text}`);
  return port;
}

/** Everything of the shop the local cloud needs, as startLocalCloud options. */
export function shopCloudOptions(): Omit<LocalCloudOptions, 'dataDir'> {
  return {
    functionsDir: path.join(REPO_ROOT, 'cloudfunctions'),
    collections: COLLECTIONS,
    appJson: path.join(REPO_ROOT, 'miniprogram', 'app.json'),
    // The v3 API and the payNotifyV3 HTTP access address are both the local cloud (docs/WECHATPAY.md).
    functionEnv: (url) => ({ WECHATPAY_BASE_URL: url, WECHATPAY_NOTIFY_URL: `${url}/http/payNotifyV3` }),
  };
}

export async function startShopCloud(options: ShopCloudOptions): Promise<ShopCloud> {
  const { adminOpenid = DEFAULT_ADMIN_OPENID, ...rest } = options;
  const cloud = await startLocalCloud({ ...shopCloudOptions(), ...rest });
  // Functions read the merchant keys where a deployed shop keeps them; no client rule reads `secrets`.
  cloud.engine.updateById(
    'secrets',
    WECHATPAY_SECRETS_DOC,
    { ...cloud.wechatpayV3.merchantConfig() },
    { merge: false, upsert: true },
  );
  return Object.assign(cloud, { adminOpenid });
}
