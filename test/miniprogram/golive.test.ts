/** @jest-environment jsdom */
// Going live on WeChat, the shopper's side, on the real functions in the local cloud: the privacy guide's popup
// before the APIs that need it (with a `wx` that pauses them as the platform does), the profile (avatar stored in
// the cloud's storage, nickname read from the form and checked by the server), 订阅消息 asked inside the tap at the
// moments that matter and reported, and the parcel's route on the order detail.
import http from 'node:http';
import {
  ADDRESS,
  ADMIN,
  advanceClock,
  buyAndPay,
  DAY_MS,
  makeDistributor,
  openShop,
  phoneClock,
  realShop,
  receiveAndSettle,
  refusalOf,
} from './support/real-shop';
import { privacyWx } from './support/privacy';
import { mount, SimComponent, SimNode, textOf, waitFor } from './support/simulate';
import { stubWx, WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let seq = 0;
const uid = (name: string) => `${name}-${(seq += 1)}`;

let tea: string;

/** The merchant's 订阅消息 templates, one per event. */
const TEMPLATES = {
  orderShipped: 'tmpl-order-shipped',
  refundResult: 'tmpl-refund-result',
  applicationReviewed: 'tmpl-application',
  commissionCredited: 'tmpl-commission-credited',
  commissionSettled: 'tmpl-commission-settled',
  withdrawalResult: 'tmpl-withdrawal-result',
  transferConfirm: 'tmpl-transfer-confirm',
};

beforeAll(async () => {
  [tea] = (await openShop(shop, [{ name: '明前龙井', price: 12800, category: '茶' }], {
    withdrawal: { minAmount: 1000, feeBp: 0 },
  })) as [string];
});

beforeEach(() => {
  wxr = shop.freshWx();
});

const tap = (page: { querySelector(selector: string): SimNode | undefined }, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`${selector} is not on the page`);
  node.dispatchEvent('tap');
};

/** The privacy popup of a page (a component: its inside is queried through it). */
const popupOf = (page: SimComponent) => page.querySelector('#privacy')!;
const popupShown = (page: SimComponent) => !!popupOf(page).querySelector('#privacy-agree');

function getJson<T>(url: string): Promise<{ status: number; body: T; raw: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let body: unknown = raw.toString('utf8');
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            // a file, not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: body as T, raw });
        });
      })
      .on('error', reject);
  });
}

/** Every wx.request the pages make (URL and body), not only the functions': /_subscribe and storage too. */
function recordRequests(): { url: string; data: unknown }[] {
  const w = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const request = w.request as (options: { url: string; data?: unknown }) => void;
  const seen: { url: string; data: unknown }[] = [];
  w.request = (options: { url: string; data?: unknown }) => {
    seen.push({ url: options.url.replace(shop.cloud.url, ''), data: options.data });
    request(options);
  };
  return seen;
}

/** What the local platform's subscribeMessage.send was asked to deliver to `openid`. */
async function messagesTo(openid: string): Promise<{ template: string; outcome: unknown }[]> {
  const { body } = await getJson<{
    calls: { openid: string | null; params: Record<string, unknown>; outcome: unknown }[];
  }>(`${shop.cloud.url}/_openapi?api=subscribeMessage.send`);
  return body.calls
    .filter((call) => call.params.touser === openid)
    .map((call) => ({ template: String(call.params.template_id), outcome: call.outcome }));
}

describe('the privacy guide (用户隐私保护指引)', () => {
  const chooseAddress = () => ({ ...ADDRESS, errMsg: 'chooseAddress:ok' });

  test('the popup appears before the address picker, and the address is chosen after agreeing', async () => {
    const privacy = privacyWx({ chooseAddress });
    wxr = shop.freshWx(privacy.apis);
    shop.as(uid('buyer'));
    const page = mount(shop.built, 'pages/shop/cart/index');
    page.instance.onLoad({});
    // Nothing asks before anything needs it.
    expect(popupShown(page)).toBe(false);

    const choosing = page.instance.onChooseAddress();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    // WeChat paused the picker and handed the page's popup its resolve: no address yet.
    expect(privacy.asked).toEqual(['chooseAddress']);
    expect(privacy.waiting).toBe(1);
    expect(page.data.address).toBeNull();
    expect(textOf(popupOf(page))).toContain('选择收货地址需要你先阅读并同意《云栖好物小程序隐私保护指引》');
    // The guide opens from its link.
    tap(popupOf(page), '#privacy-contract');
    await waitFor(() => expect(privacy.contractsOpened).toBe(1));

    privacy.tapAgree(popupOf(page));
    await choosing;
    expect(privacy.agreed).toBe(true);
    expect(textOf(page.querySelector('#address'))).toContain('浙江省杭州市西湖区龙井村 1 号');
    expect(popupShown(page)).toBe(false);
    // Agreed once: the next choice asks nothing.
    await page.instance.onChooseAddress();
    expect(privacy.asked).toEqual(['chooseAddress']);
  });

  test('refusing leaves the page usable: no address, a clear word, nothing stuck; asking again can agree', async () => {
    const privacy = privacyWx({ chooseAddress });
    wxr = shop.freshWx(privacy.apis);
    shop.as(uid('buyer'));
    const page = mount(shop.built, 'pages/shop/cart/index');
    page.instance.onLoad({});
    const choosing = page.instance.onChooseAddress();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    tap(popupOf(page), '#privacy-disagree');
    await choosing;

    expect(popupShown(page)).toBe(false);
    expect(privacy.waiting).toBe(0);
    expect(page.data.address).toBeNull();
    expect(textOf(page.querySelector('#address-note'))).toBe('未同意隐私保护指引，暂时无法选择收货地址');
    expect(wxr.toasts).toContain('未同意隐私保护指引，暂时无法选择收货地址');
    expect(wxr.modals).toEqual([]);
    expect(page.data.submitting).toBe(false);
    // The rest of the page still works: the cart says what is missing, and the address can be asked for again.
    expect(page.data.view.blocker).toBe('请选择要购买的商品');
    const again = page.instance.onChooseAddress();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    privacy.tapAgree(popupOf(page));
    await again;
    expect(textOf(page.querySelector('#address'))).toContain('龙井村 1 号');
    expect(page.querySelector('#address-note')).toBeUndefined();
  });

  test('the 我的 page answers the privacy guide too: choosing the address there asks first', async () => {
    const privacy = privacyWx({ chooseAddress });
    wxr = shop.freshWx(privacy.apis);
    shop.as(uid('me'));
    const page = mount(shop.built, 'pages/me/index/index');
    await page.instance.onShow();
    const choosing = page.instance.onAddress();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    tap(popupOf(page), '#privacy-disagree');
    await choosing;
    expect(textOf(page.querySelector('#address'))).toContain('未同意隐私保护指引，暂时无法选择地址');
    const again = page.instance.onAddress();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    privacy.tapAgree(popupOf(page));
    await again;
    expect(textOf(page.querySelector('#address'))).toContain('张三 · 杭州市西湖区');
  });
});

describe("the privacy guide on the merchant's pages", () => {
  /** WeChat's picker once the user agreed: one picture from the album. */
  const chooseMedia = () => ({
    tempFiles: [{ tempFilePath: 'wxfile://tmp/tea.png', size: 1024, fileType: 'image' }],
    type: 'image',
    errMsg: 'chooseMedia:ok',
  });

  /** The product editor on the real cloud (cloud mode: pictures go to cloud storage, recorded here). */
  async function openEditor(privacy: ReturnType<typeof privacyWx>) {
    const stored: string[] = [];
    wxr = shop.freshWx({
      ...privacy.apis,
      cloud: {
        init: () => undefined,
        uploadFile: (options: { cloudPath: string; success(res: { fileID: string }): void }) => {
          stored.push(options.cloudPath);
          options.success({ fileID: `cloud://prod-env.bucket/${options.cloudPath}` });
        },
      },
    });
    shop.as(ADMIN, { onClient: (client) => client.configure({ mode: 'cloud' }) });
    const page = mount(shop.built, 'pages/admin/product-edit/index');
    await page.instance.onLoad({});
    expect(page.data.canUpload).toBe(true);
    return { page, stored };
  }

  test('uploading product pictures asks first: the popup appears on the edit page, the picture is stored after agreeing', async () => {
    const privacy = privacyWx({ chooseMedia });
    const { page, stored } = await openEditor(privacy);
    expect(popupShown(page)).toBe(false);

    const uploading = page.instance.onUpload();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    // WeChat paused the picker and handed the merchant page's popup its resolve: nothing picked or stored yet.
    expect(privacy.asked).toEqual(['chooseMedia']);
    expect(privacy.waiting).toBe(1);
    expect(stored).toEqual([]);
    expect(textOf(popupOf(page))).toContain(
      '上传商品图片或视频需要你先阅读并同意《云栖好物小程序隐私保护指引》',
    );

    privacy.tapAgree(popupOf(page));
    await uploading;
    expect(privacy.agreed).toBe(true);
    expect(stored).toEqual([expect.stringMatching(/^products\/[0-9a-z]+-[0-9a-z]{6}\.png$/)]);
    expect(page.data.form.images).toEqual([`cloud://prod-env.bucket/${stored[0]}`]);
    expect(popupShown(page)).toBe(false);
    expect(wxr.toasts).toEqual([]);
  });

  test('refusing stores nothing, says why, and leaves the editor usable', async () => {
    const privacy = privacyWx({ chooseMedia });
    const { page, stored } = await openEditor(privacy);
    const uploading = page.instance.onUpload();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    tap(popupOf(page), '#privacy-disagree');
    await uploading;

    expect(popupShown(page)).toBe(false);
    expect(privacy.waiting).toBe(0);
    expect(stored).toEqual([]);
    expect(page.data.form.images).toEqual([]);
    expect(page.data.uploading).toBe(false);
    expect(wxr.toasts).toEqual(['未同意隐私保护指引，暂时无法选择图片或视频']);
    // Asked again, the merchant can agree.
    const again = page.instance.onUpload();
    await waitFor(() => expect(popupShown(page)).toBe(true));
    privacy.tapAgree(popupOf(page));
    await again;
    expect(page.data.form.images).toHaveLength(1);
  });
});

describe('profile (头像昵称填写)', () => {
  /** A real PNG's bytes, as the phone's file system would read the avatar WeChat's picker gave. */
  const AVATAR = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const fileSystem = () => ({
    getFileSystemManager: () => ({
      readFile: (options: {
        filePath: string;
        success(res: { data: ArrayBuffer }): void;
        fail(e: unknown): void;
      }) => {
        if (options.filePath !== 'wxfile://tmp/avatar.png')
          return options.fail({ errMsg: 'readFile:fail no such file' });
        const copy = new Uint8Array(AVATAR.length);
        copy.set(AVATAR);
        options.success({ data: copy.buffer });
      },
    }),
  });

  test('the nickname is read from the form; a risky one is refused with the server’s word and nothing is saved', async () => {
    const me = uid('me');
    shop.as(me);
    const page = mount(shop.built, 'pages/me/index/index');
    await page.instance.onShow();
    await waitFor(() => expect(textOf(page.querySelector('#nickname'))).toBe('微信用户'));
    // A shopper without a name is invited to set one, and can go on browsing.
    expect(textOf(page.querySelector('#profile-hint'))).toBe('设置头像和昵称 ›');
    page.instance.onProfileOpen();
    await waitFor(() => expect(page.querySelector('#profile-sheet')).toBeDefined());
    expect(page.querySelector('#nickname-input')).toBeDefined();

    const { message } = await refusalOf(shop, me, 'join', 'profile', { nickname: '违禁词小王' });
    expect(message).toBe('昵称含有不合适的内容，请换一个');
    await page.instance.onProfileSubmit({ detail: { value: { nickname: '违禁词小王' } } });
    expect(textOf(page.querySelector('#profile-error'))).toBe('昵称含有不合适的内容，请换一个');
    expect(page.querySelector('#profile-sheet')).toBeDefined();
    expect((await shop.api(me, 'join', 'me')).user.nickname).not.toBe('违禁词小王');

    await page.instance.onProfileSubmit({ detail: { value: { nickname: '  小王  ' } } });
    expect(textOf(page.querySelector('#nickname'))).toBe('小王');
    expect(page.querySelector('#profile-sheet')).toBeUndefined();
    expect((await shop.api(me, 'join', 'me')).user.nickname).toBe('小王');
    expect(wxr.toasts).toContain('已保存');
  });

  test('the chosen avatar is uploaded to the cloud’s storage, set on the profile and shown from there', async () => {
    const me = uid('me');
    wxr = shop.freshWx(fileSystem());
    shop.as(me);
    const page = mount(shop.built, 'pages/me/index/index');
    await page.instance.onShow();
    await page.instance.onChooseAvatar({ detail: { avatarUrl: 'wxfile://tmp/avatar.png' } });
    const { user } = await shop.api(me, 'join', 'me');
    expect(user.avatarUrl).toMatch(/^cloud:\/\/.+\/avatars\/[\w-]+\.png$/);
    expect(wxr.toasts).toContain('头像已更新');
    // The page shows the stored file through the local cloud's download address: the same bytes.
    await waitFor(() => expect(page.data.avatarShown).toMatch(/\/cos\/avatars\//));
    const image = page.querySelector('#avatar')!.querySelector('.user-avatar__image');
    expect(image).toBeDefined();
    const stored = await getJson(page.data.avatarShown as string);
    expect(stored.status).toBe(200);
    expect(Buffer.compare(stored.raw, AVATAR)).toBe(0);
  });

  test('applying to distribute sets the nickname first; a risky one stops the application with the reason', async () => {
    const applicant = uid('applicant');
    shop.as(applicant);
    const page = mount(shop.built, 'pages/distributor/center/index');
    await page.instance.onShow();
    await waitFor(() => expect(page.querySelector('#apply')).toBeDefined());
    expect(page.querySelector('#apply-nickname')).toBeDefined();
    await page.instance.onApply({ detail: { value: { nickname: '违禁词' } } });
    expect(textOf(page.querySelector('#profile-error'))).toBe('昵称含有不合适的内容，请换一个');
    expect((await shop.api(applicant, 'join', 'me')).distributor.status).toBe('none');

    await page.instance.onApply({ detail: { value: { nickname: '王小明' } } });
    const me = await shop.api(applicant, 'join', 'me');
    expect(me.user.nickname).toBe('王小明');
    expect(me.distributor.status).toBe('pending');
    expect(textOf(page.querySelector('#title'))).toBe('审核中');
  });
});

describe('订阅消息: asked inside the tap, reported, never in the way', () => {
  beforeAll(() =>
    shop.api(ADMIN, 'admin', 'settings.update', {
      settings: {
        notices: {
          orderShipped: { templateId: TEMPLATES.orderShipped },
          refundResult: { templateId: TEMPLATES.refundResult },
          applicationReviewed: { templateId: TEMPLATES.applicationReviewed },
          commissionCredited: { templateId: TEMPLATES.commissionCredited },
          commissionSettled: { templateId: TEMPLATES.commissionSettled },
          withdrawalResult: { templateId: TEMPLATES.withdrawalResult },
          transferConfirm: { templateId: TEMPLATES.transferConfirm },
        },
      },
    }),
  );

  test('paying asks for the shipment and refund notices before anything else; the shipment is then told', async () => {
    const buyer = uid('buyer');
    shop.as(buyer);
    stubWx({ chooseAddress: () => Promise.resolve({ ...ADDRESS, errMsg: 'chooseAddress:ok' }) });
    const product = mount(shop.built, 'pages/shop/product/index');
    product.instance.onLoad({ id: tea });
    await waitFor(() => expect(product.data.status).toBe('ready'));
    product.instance.onAddToCart();
    const page = mount(shop.built, 'pages/shop/cart/index');
    page.instance.onLoad({});
    await page.instance.onChooseAddress();
    await waitFor(() => expect(page.data.subscribe.orderShipped).toBe(TEMPLATES.orderShipped));

    const requests = recordRequests();
    const submitting = page.instance.onSubmit();
    // Synchronously, inside the tap: the subscribe sheet is the first thing asked, with the two templates.
    expect(requests[0]).toEqual({
      url: '/_subscribe',
      data: { openid: buyer, tmplIds: [TEMPLATES.orderShipped, TEMPLATES.refundResult] },
    });
    await submitting;
    const reported = requests.find(
      (r) => r.url === '/functions/join' && (r.data as { action: string }).action === 'subscribe',
    );
    expect(reported?.data).toEqual({
      action: 'subscribe',
      accepted: [TEMPLATES.orderShipped, TEMPLATES.refundResult],
    });
    const [paid] = (await shop.api(buyer, 'order', 'list', {})).items;
    expect(paid!.status).toBe('paid');
    await shop.api(ADMIN, 'admin', 'orders.ship', {
      orderId: paid!._id,
      expressCompany: 'SF',
      trackingNo: 'SF5550001',
    });
    const messages = await messagesTo(buyer);
    expect(messages.map((m) => m.template)).toEqual([TEMPLATES.orderShipped]);
  });

  test('a refund request asks for the refund notice; 去支付 on an order card asks for the order’s', async () => {
    const buyer = uid('buyer');
    const paid = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    const unpaid = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }], { pay: false });
    shop.as(buyer);
    const detail = mount(shop.built, 'pages/order/detail/index');
    detail.instance.onLoad({ id: paid });
    await waitFor(() => expect(detail.data.subscribe.refundResult).toBe(TEMPLATES.refundResult));
    detail.instance.onRefundReason({ detail: { value: '不想要了' } });
    const requests = recordRequests();
    const asking = detail.instance.onRefundSubmit();
    expect(requests[0]).toEqual({
      url: '/_subscribe',
      data: { openid: buyer, tmplIds: [TEMPLATES.refundResult] },
    });
    await asking;
    expect(wxr.toasts).toContain('已提交退款申请');

    const list = mount(shop.built, 'pages/order/list/index');
    list.instance.onLoad({});
    list.instance.onShow();
    await waitFor(() => expect(list.data.subscribe.orderShipped).toBe(TEMPLATES.orderShipped));
    await waitFor(() => expect(list.data.list.items).toHaveLength(2));
    requests.length = 0;
    const paying = list.instance.onNext({ currentTarget: { dataset: { id: unpaid } } });
    expect(requests[0]?.url).toBe('/_subscribe');
    await paying;
    expect((await shop.api(buyer, 'order', 'detail', { orderId: unpaid })).order.status).toBe('paid');
  });

  test('applying asks for the review’s notice; the merchant’s review is then told', async () => {
    const applicant = uid('applicant');
    shop.as(applicant);
    const page = mount(shop.built, 'pages/distributor/center/index');
    await page.instance.onShow();
    await waitFor(() => expect(page.data.subscribe.applicationReviewed).toBe(TEMPLATES.applicationReviewed));
    const requests = recordRequests();
    const applying = page.instance.onApply();
    expect(requests[0]).toEqual({
      url: '/_subscribe',
      data: { openid: applicant, tmplIds: [TEMPLATES.applicationReviewed] },
    });
    await applying;
    await shop.api(ADMIN, 'admin', 'distributors.review', { userId: applicant, approve: true });
    expect((await messagesTo(applicant)).map((m) => m.template)).toEqual([TEMPLATES.applicationReviewed]);
  });

  test('the centre offers commission notices once; withdrawing asks for the result and the transfer notices', async () => {
    const seller = uid('seller');
    const code = await makeDistributor(shop, seller, '小周');
    const fan = uid('fan');
    const orderId = await buyAndPay(shop, fan, [{ productId: tea, quantity: 1 }], { inviteCode: code });
    await receiveAndSettle(shop, [{ buyer: fan, orderId }]);
    shop.as(seller);
    const centre = mount(shop.built, 'pages/distributor/center/index');
    await centre.instance.onShow();
    await waitFor(() => expect(centre.querySelector('#notices')).toBeDefined());
    const requests = recordRequests();
    const turningOn = centre.instance.onNotices();
    expect(requests[0]).toEqual({
      url: '/_subscribe',
      data: { openid: seller, tmplIds: [TEMPLATES.commissionCredited, TEMPLATES.commissionSettled] },
    });
    await turningOn;
    expect(wxr.toasts).toContain('已开启佣金提醒');
    expect(centre.querySelector('#notices')).toBeUndefined();
    // Asked once: the next visit does not offer it again.
    await centre.instance.onShow();
    expect(centre.querySelector('#notices')).toBeUndefined();

    const withdraw = mount(shop.built, 'pages/distributor/withdraw/index');
    withdraw.instance.onLoad();
    await waitFor(() => expect(withdraw.data.subscribe.withdrawalResult).toBe(TEMPLATES.withdrawalResult));
    withdraw.instance.onAmount({ detail: { value: '10' } });
    requests.length = 0;
    const withdrawing = withdraw.instance.onSubmit();
    expect(requests[0]).toEqual({
      url: '/_subscribe',
      data: { openid: seller, tmplIds: [TEMPLATES.withdrawalResult, TEMPLATES.transferConfirm] },
    });
    await withdrawing;
    expect(wxr.toasts).toContain('提现申请已提交');
  });

  test('with no template set nothing is asked, and the action goes on', async () => {
    await shop.api(ADMIN, 'admin', 'settings.update', {
      settings: { notices: { refundResult: { templateId: '' } } },
    });
    const buyer = uid('buyer');
    const paid = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    shop.as(buyer);
    const detail = mount(shop.built, 'pages/order/detail/index');
    detail.instance.onLoad({ id: paid });
    await waitFor(() => expect(detail.data.status).toBe('ready'));
    detail.instance.onRefundReason({ detail: { value: '不想要了' } });
    const requests = recordRequests();
    await detail.instance.onRefundSubmit();
    expect(requests.map((r) => r.url)).not.toContain('/_subscribe');
    expect(wxr.toasts).toContain('已提交退款申请');
  });
});

describe('the parcel route on the order detail', () => {
  test('after shipping, the route shows newest first; a day or two later it has moved on', async () => {
    const buyer = uid('buyer');
    const orderId = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    await shop.api(ADMIN, 'admin', 'orders.ship', { orderId, expressCompany: 'SF', trackingNo: 'SF7770001' });
    await advanceClock(shop, 2 * DAY_MS);
    await phoneClock(shop);
    const route = await shop.api(buyer, 'order', 'track', { orderId });
    expect(route.events.length).toBeGreaterThan(2);
    shop.as(buyer);
    const page = mount(shop.built, 'pages/order/detail/index');
    page.instance.onLoad({ id: orderId });
    await waitFor(() => expect(page.data.route?.steps.length).toBe(route.events.length));
    const shown = textOf(page.querySelector('#route'));
    // Newest first: the last step of the route leads, the pick-up closes the list.
    expect(shown.indexOf(route.events[0]!.text)).toBeLessThan(shown.indexOf(route.events.at(-1)!.text));
    expect(route.events.at(-1)!.text).toMatch(/快件已揽收/);
    expect(page.querySelector('#route-note')).toBeUndefined();
    expect(textOf(page.querySelector('#tracking'))).toBe('SF7770001');
  });

  test('when the provider cannot answer, the page shows its note and the tracking number stays', async () => {
    const buyer = uid('buyer');
    const orderId = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    await shop.api(ADMIN, 'admin', 'orders.ship', {
      orderId,
      expressCompany: 'YTO',
      trackingNo: 'YT8880001',
    });
    await shop.route('/_openapi/faults', { api: 'logistics.getPath', errcode: 9300507, times: 1 });
    shop.as(buyer);
    const page = mount(shop.built, 'pages/order/detail/index');
    page.instance.onLoad({ id: orderId });
    await waitFor(() => expect(page.querySelector('#route-note')).toBeDefined());
    expect(textOf(page.querySelector('#route-note'))).toBe('暂时查不到物流轨迹，可复制单号到快递公司查询');
    expect(textOf(page.querySelector('#tracking'))).toBe('YT8880001');
    expect(page.data.route.steps).toEqual([]);
  });

  test('an unshipped order asks for no route', async () => {
    const buyer = uid('buyer');
    const orderId = await buyAndPay(shop, buyer, [{ productId: tea, quantity: 1 }]);
    shop.as(buyer);
    stubWx({});
    const requests = recordRequests();
    const page = mount(shop.built, 'pages/order/detail/index');
    page.instance.onLoad({ id: orderId });
    await waitFor(() => expect(page.data.status).toBe('ready'));
    expect(requests.some((r) => (r.data as { action?: string })?.action === 'track')).toBe(false);
    expect(page.querySelector('#route')).toBeUndefined();
  });
});
