// Where the services layer sends calls: the real cloud, or the local cloud of `npm start` (one switch).

export interface AppConfig {
  /** 'cloud': wx.cloud.callFunction; 'local': wx.request to the local cloud (DevTools, domain checking off). */
  mode: 'cloud' | 'local';
  /**
   * Cloud environment id for wx.cloud.init — set it to yours (云开发控制台 → 环境 ID, docs/DEPLOY.md step 2).
   * Empty only works inside DevTools, which fills in the environment chosen there; a phone (preview, trial or
   * release version) does not follow DevTools' choice, so with an empty id its calls reach no environment or
   * another one.
   */
  envId: string;
  /** The local cloud's address (scripts/localcloud, LOCALCLOUD_PORT). */
  localUrl: string;
  /** The identity the local cloud trusts in local mode (it cannot read a real WeChat login). */
  localOpenid: string;
}

const config: AppConfig = {
  mode: 'cloud',
  envId: '', // ← your environment id, e.g. 'shop-prod-1g2h3j4k' (see above; docs/DEPLOY.md step 2)
  localUrl: 'http://127.0.0.1:9123',
  localOpenid: 'local-shopper',
};

export default config;
