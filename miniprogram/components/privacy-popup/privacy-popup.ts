// <privacy-popup>: the one answer to wx.onNeedPrivacyAuthorization. When an API that needs the user's agreement
// to the privacy guide is called (choosing an address, saving the poster, choosing an avatar…) or a page calls
// wx.requirePrivacyAuthorize, WeChat pauses it and hands this sheet a resolve: 同意 is a button of open-type
// agreePrivacyAuthorization, and only its tap resolves { buttonId, event: 'agree' } (the paused API then goes
// on); 不同意 resolves { event: 'disagree' } (the API fails and the page says so). The guide opens with
// wx.openPrivacyContract. WeChat keeps one handler, so the popup of the page on screen registers itself.
import { AGREE_BUTTON_ID, PRIVACY_POPUP_DEFAULTS, PrivacyResolve, purposeOf } from './type';

type PrivacyWx = {
  onNeedPrivacyAuthorization?: (
    handler: (resolve: PrivacyResolve, eventInfo?: { referrer?: string }) => void,
  ) => void;
  getPrivacySetting?: (options: { success(res: { privacyContractName?: string }): void }) => void;
  openPrivacyContract?: (options: { fail?(): void }) => void;
};

/** The resolve of the paused API (one at a time: WeChat pauses the next one behind the popup). */
let pending: PrivacyResolve | null = null;

Component({
  properties: {
    purpose: { type: String, value: PRIVACY_POPUP_DEFAULTS.purpose },
  },
  data: {
    open: false,
    agreeId: AGREE_BUTTON_ID,
    /** What the paused API does, in words. */
    doing: PRIVACY_POPUP_DEFAULTS.purpose,
    contractName: '《用户隐私保护指引》',
  },
  lifetimes: {
    attached() {
      this.listen();
    },
    detached() {
      // A paused API never stays paused behind a page that is gone.
      if (this.data.open) this.answer({ event: 'disagree' });
    },
  },
  pageLifetimes: {
    show() {
      this.listen();
    },
  },
  methods: {
    listen() {
      const w = wx as unknown as PrivacyWx;
      // Base library 2.32.3+; older WeChat needs no agreement at all.
      w.onNeedPrivacyAuthorization?.((resolve, eventInfo) => this.ask(resolve, eventInfo));
    },
    /** WeChat paused an API: show the sheet and keep its resolve until the user answers. */
    ask(resolve?: PrivacyResolve | null, eventInfo?: { referrer?: string } | null) {
      if (pending && pending !== resolve) pending({ event: 'disagree' });
      pending = resolve ?? null;
      this.setData({ open: true, doing: purposeOf(eventInfo?.referrer, this.data.purpose) });
      (wx as unknown as PrivacyWx).getPrivacySetting?.({
        success: (res) => {
          if (res.privacyContractName) this.setData({ contractName: res.privacyContractName });
        },
      });
    },
    answer(result: Parameters<PrivacyResolve>[0]) {
      const resolve = pending;
      pending = null;
      this.setData({ open: false });
      resolve?.(result);
      this.triggerEvent(result.event);
    },
    /** bindagreeprivacyauthorization of the open-type="agreePrivacyAuthorization" button: WeChat saw the tap. */
    onAgree() {
      if (!this.data.open) return;
      this.answer({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    },
    onDisagree() {
      if (!this.data.open) return;
      this.answer({ event: 'disagree' });
    },
    onContract() {
      (wx as unknown as PrivacyWx).openPrivacyContract?.({
        fail: () => wx.showToast({ title: '暂时打不开隐私保护指引', icon: 'none' }),
      });
    },
    /** A tap on the dimmed page behind is swallowed: the sheet waits for an answer. */
    noop() {},
  },
});
