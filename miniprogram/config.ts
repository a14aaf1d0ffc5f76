// Where the services layer sends calls: the real cloud, or the local cloud of `npm start` (one switch).

export interface AppConfig {
  /** 'cloud': wx.cloud.callFunction; 'local': wx.request to the local cloud (DevTools, domain checking off). */
  mode: 'cloud' | 'local';
  /** Cloud environment id for wx.cloud.init; empty means DevTools' currently selected environment. */
  envId: string;
  /** The local cloud's address (scripts/localcloud, LOCALCLOUD_PORT). */
  localUrl: string;
  /** The identity the local cloud trusts in local mode (it cannot read a real WeChat login). */
  localOpenid: string;
}

const config: AppConfig = {
  mode: 'cloud',
  envId: '',
  localUrl: 'http://127.0.0.1:9123',
  localOpenid: 'local-shopper',
};

export default config;
