// The privacy side of `wx` in page tests, behaving as the platform does with "__usePrivacyCheck__": true. Until
// the user agrees to the privacy guide, an API that needs it (wx.chooseAddress, wx.saveImageToPhotosAlbum,
// wx.requirePrivacyAuthorize …) calls the handler the page registered with wx.onNeedPrivacyAuthorization and
// waits; the handler's resolve({ buttonId, event: 'agree' }) counts only when `buttonId` names a button of
// open-type agreePrivacyAuthorization the user tapped, and lets the API go on; resolve({ event: 'disagree' })
// fails it with "privacy permission is not authorized" (errno 104). With no handler registered, the API fails
// the same way (a page that forgot its popup is found out, not rescued).
import type { SimNode } from './simulate';

type Options = { success?(res: unknown): void; fail?(error: unknown): void; complete?(res: unknown): void };
type Resolve = (result: { event: string; buttonId?: string }) => void;

export interface PrivacyStub {
  /** Whether the user agreed (start false: a fresh install). */
  agreed: boolean;
  /** The APIs that had to ask, in order (eventInfo.referrer). */
  asked: string[];
  /** wx.openPrivacyContract calls. */
  contractsOpened: number;
  /** Waiting APIs: resolves the page has not answered yet. */
  readonly waiting: number;
  /** The `wx` APIs to stub: the privacy ones and the gated versions of `gated`. */
  apis: Record<string, unknown>;
  /**
   * The user taps the agree button (`#id`) on `page`: it must be a button of open-type agreePrivacyAuthorization
   * (checked in the rendered template); WeChat records the tap, then fires bindagreeprivacyauthorization.
   */
  tapAgree(page: { querySelector(selector: string): SimNode | undefined }, id?: string): void;
}

/** The error WeChat gives an API the user did not allow under the privacy guide. */
export const privacyError = (api: string) => ({
  errMsg: `${api}:fail privacy permission is not authorized`,
  errno: 104,
});

/**
 * `gated`: the device APIs a test needs, as they would answer once the user agreed (wx.chooseAddress …); each
 * becomes gated by the privacy agreement. Both styles work: callbacks and the returned promise.
 */
export function privacyWx(gated: Record<string, (options: any) => unknown>): PrivacyStub {
  let handler: ((resolve: Resolve, eventInfo: { referrer: string }) => void) | null = null;
  const tapped = new Set<string>();
  let waiting = 0;
  const stub: PrivacyStub = {
    agreed: false,
    asked: [],
    contractsOpened: 0,
    get waiting() {
      return waiting;
    },
    apis: {},
    tapAgree(page, id = 'privacy-agree') {
      const node = page.querySelector(`#${id}`) as (SimNode & { dom?: { tagName?: string } }) | undefined;
      if (!node) throw new Error(`#${id} is not on the page`);
      const openType = (node as unknown as { data?: Record<string, unknown> }).data?.openType;
      const dom = node.dom as unknown as { getAttribute?(name: string): string | null } | undefined;
      const declared = openType ?? dom?.getAttribute?.('open-type');
      if (declared !== undefined && declared !== null && declared !== 'agreePrivacyAuthorization')
        throw new Error(`#${id} is not an agreePrivacyAuthorization button (${String(declared)})`);
      tapped.add(id);
      node.dispatchEvent('agreeprivacyauthorization');
    },
  };

  /** Runs `run` once the user agreed, asking through the page's handler first when needed. */
  const whenAgreed = (api: string, run: () => unknown): Promise<unknown> => {
    if (stub.agreed) return Promise.resolve().then(run);
    stub.asked.push(api);
    if (!handler) return Promise.reject(privacyError(api));
    waiting++;
    return new Promise((resolve, reject) => {
      let answered = false;
      handler!(
        (result) => {
          if (answered) throw new Error('resolve was called twice for one paused API');
          if (result.event === 'agree') {
            if (!result.buttonId || !tapped.has(result.buttonId))
              throw new Error(
                `resolve({ event: 'agree' }) needs the buttonId of a tapped agreePrivacyAuthorization button (got ${String(result.buttonId)})`,
              );
            answered = true;
            waiting--;
            stub.agreed = true;
            Promise.resolve().then(run).then(resolve, reject);
          } else if (result.event === 'disagree') {
            answered = true;
            waiting--;
            reject(privacyError(api));
          } else throw new Error(`resolve got an unknown event: ${result.event}`);
        },
        { referrer: api },
      );
    });
  };

  const wrap =
    (api: string, run: (options: Options) => unknown) =>
    (options: Options = {}) => {
      const result = whenAgreed(api, () => run(options));
      result.then(
        (res) => {
          options.success?.(res);
          options.complete?.(res);
        },
        (error) => {
          options.fail?.(error);
          options.complete?.(error);
        },
      );
      return options.success || options.fail ? undefined : result;
    };

  stub.apis = {
    onNeedPrivacyAuthorization: (next: typeof handler) => void (handler = next),
    requirePrivacyAuthorize: wrap('requirePrivacyAuthorize', () => ({
      errMsg: 'requirePrivacyAuthorize:ok',
    })),
    getPrivacySetting: (options: Options) => {
      const res = {
        needAuthorization: !stub.agreed,
        privacyContractName: '《云栖好物小程序隐私保护指引》',
        errMsg: 'getPrivacySetting:ok',
      };
      options.success?.(res);
      options.complete?.(res);
    },
    openPrivacyContract: (options: Options = {}) => {
      stub.contractsOpened++;
      options.success?.({ errMsg: 'openPrivacyContract:ok' });
    },
    ...Object.fromEntries(Object.entries(gated).map(([api, run]) => [api, wrap(api, run)])),
  };
  return stub;
}
