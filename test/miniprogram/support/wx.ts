// The `wx` of page tests: simulate's own mock of the API, with navigation, toasts and modals recorded and the
// device APIs (chooseAddress, requestPayment, canvas, album) stubbed by the test that needs them.
export interface WxRecorder {
  navigations: string[];
  toasts: string[];
  modals: { title?: string; content?: string }[];
  /** What the next wx.showModal answers. */
  modalAnswer: boolean;
}

export function recordWx(): WxRecorder {
  const recorder: WxRecorder = { navigations: [], toasts: [], modals: [], modalAnswer: true };
  const w = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const nav = (options: { url: string }) => {
    recorder.navigations.push(options.url);
    return Promise.resolve({ errMsg: 'ok' });
  };
  Object.assign(w, {
    navigateTo: nav,
    redirectTo: nav,
    switchTab: nav,
    showToast: (options: { title: string }) => {
      recorder.toasts.push(options.title);
      return Promise.resolve({ errMsg: 'showToast:ok' });
    },
    showModal: (options: { title?: string; content?: string }) => {
      recorder.modals.push({ title: options.title, content: options.content });
      return Promise.resolve({ confirm: recorder.modalAnswer, cancel: !recorder.modalAnswer });
    },
    stopPullDownRefresh: () => undefined,
  });
  return recorder;
}

export function stubWx(apis: Record<string, unknown>): void {
  Object.assign((globalThis as unknown as { wx: Record<string, unknown> }).wx, apis);
}
