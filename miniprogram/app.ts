// The app: wires services to `wx`, and on every launch tells join.enter who (if anyone) invited the shopper.
import appConfig from './config';
import { configure, setPlatform } from './services/client';
import { messageOf } from './services/errors';
import * as join from './services/join';
import type { EnterResult } from './services/api';
import { wxPlatform } from './services/wx-platform';
import { bindNotice, enterInputFromLaunch } from './utils/launch';

export interface ShopGlobalData {
  /** The latest join.enter answer; pages that need the user wait for `entered`. */
  entered: Promise<EnterResult | null>;
}

setPlatform(wxPlatform());
configure(appConfig);

App<{ globalData: ShopGlobalData; enter(options: WechatMiniprogram.App.LaunchShowOption): void }>({
  globalData: { entered: Promise.resolve(null) },

  onLaunch(options) {
    if (appConfig.mode === 'cloud') {
      wx.cloud.init({ env: appConfig.envId || undefined, traceUser: true });
    }
    this.enter(options);
  },

  onShow(options) {
    // A warm start from a new code or share card carries a new scene; enter again so the binding policy sees it.
    if (options.query && (options.query.scene || options.query.inviteCode)) this.enter(options);
  },

  enter(options) {
    const input = enterInputFromLaunch({
      query: options.query as Record<string, string>,
      scene: options.scene,
    });
    this.globalData.entered = join
      .enter(input)
      .then((result) => {
        const notice = bindNotice(result);
        if (notice) wx.showToast({ title: notice, icon: 'none', duration: 2500 });
        return result;
      })
      .catch((error: unknown) => {
        // Entering failing must not block browsing; pages load their own data and show their own errors.
        console.warn('join.enter failed', messageOf(error));
        return null;
      });
  },
});
