// WeChat's platform services through the local cloud and the real wx-server-sdk: shipments uploaded to
// 发货信息管理 (and retried by the timer when WeChat refuses), receipt confirmed in WeChat before an order
// completes, nicknames checked by content security, subscribe messages sent only against a grant and once
// per event, parcel routes. What the functions asked of the platform is read back from GET /_openapi.
import { startCloud, TestCloud } from '../support/cloud';
import { ADDRESS as address, productDoc as product, userDoc } from '../support/fixtures';
import { ADMIN as V3_ADMIN, Shop, startShop } from './wechatpay-v3-shop';

const DAY = 86_400_000;
const MINUTE = 60_000;
const ADMIN = 'merchant';
const UPLOAD = 'wxa.sec.order.uploadShippingInfo';
const SEND = 'subscribeMessage.send';
const TEMPLATES = {
  orderShipped: 'tpl-shipped',
  refundResult: 'tpl-refund',
  applicationReviewed: 'tpl-review',
  commissionCredited: 'tpl-credited',
  commissionSettled: 'tpl-settled',
  withdrawalResult: 'tpl-withdrawal',
  transferConfirm: 'tpl-transfer',
} as const;

let shop: TestCloud;
let serial = 0;

const ok = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.ok(fn, action, data, openid);
const doc = (collection: string, id: string) =>
  shop.local.engine.getById(collection, id) as Record<string, any>;

async function platform(method: string, route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${shop.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status !== 200) throw new Error(`${method} ${route} answered ${res.status}`);
  return res.json();
}

/** The openapi calls the platform answered, of one API. */
const callsOf = async (api: string): Promise<any[]> =>
  (await platform('GET', `/_openapi?api=${encodeURIComponent(api)}`)).calls;
/** The platform answers the next `times` calls of `api` with `errcode`. */
const fault = (api: string, errcode: number, times = 1) =>
  platform('POST', '/_openapi/faults', { api, errcode, times });
/** The user taps 允许 in wx.requestSubscribeMessage, and the page reports it (join.subscribe). */
async function grant(openid: string, ...templateIds: string[]) {
  await platform('POST', '/_subscribe', { openid, tmplIds: templateIds });
  return (await ok('join', 'subscribe', { accepted: templateIds }, openid)).grants;
}
/** The grants WeChat holds for the user. */
const grantsAtWeChat = async (openid: string) =>
  (await platform('GET', `/_subscribe/${openid}`)).grants as Record<string, number>;
const sentTo = async (openid: string, templateId: string) =>
  (await callsOf(SEND)).filter(
    (c) => c.params.touser === openid && c.params.template_id === templateId && c.outcome.errcode === 0,
  );

async function settleNow() {
  const outcome = await shop.local.invoke('settle', { Type: 'Timer', TriggerName: 'settleEvery10Minutes' });
  if (!outcome.ok) throw new Error(outcome.errMsg);
  const answer = outcome.result as { ok: boolean; data: any; error?: unknown };
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.data;
}

async function paidOrder(buyer = 'C', quantity = 1): Promise<any> {
  const { order } = await ok('order', 'create', { items: [{ productId: 'tea', quantity }], address }, buyer);
  await ok('order', 'pay', { orderId: order._id }, buyer);
  await shop.local.pay.pay(order.outTradeNo, 'SUCCESS');
  await shop.local.pay.idle();
  return order;
}

const trackingNo = () => `SF${String(++serial).padStart(10, '0')}`;
const ship = (orderId: string, number = trackingNo(), expressCompany = 'SF') =>
  ok('admin', 'orders.ship', { orderId, expressCompany, trackingNo: number }, ADMIN);

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const now = shop.local.clock.date();
  shop.local.engine.insert('users', [
    userDoc('A', null, 'active', now),
    userDoc('B', 'A', 'active', now),
    userDoc('C', 'B', 'none', now),
    userDoc('D', 'A', 'none', now),
  ]);
  shop.local.engine.insert('products', [product('tea', 12_800, { name: '明前龙井', stock: 100_000 })]);
  await shop.setSettings({
    withdrawal: { minAmount: 100, feeBp: 0 },
    notices: Object.fromEntries(
      Object.entries(TEMPLATES).map(([event, templateId]) => [event, { templateId, keys: {} }]),
    ) as never,
  });
});
afterAll(() => shop?.stop());

describe('shipping information (发货信息管理)', () => {
  test('ship uploads the parcel for the payment: express code, tracking number, goods, masked phone, payer', async () => {
    const order = await paidOrder();
    const number = trackingNo();
    const { order: shipped } = await ship(order._id, number);
    const transactionId = doc('orders', order._id).payment.transactionId;

    const uploads = (await callsOf(UPLOAD)).filter(
      (c) => c.params.order_key?.transaction_id === transactionId,
    );
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      function: 'admin',
      outcome: { errcode: 0 },
      params: {
        order_key: { order_number_type: 2, transaction_id: transactionId },
        logistics_type: 1,
        delivery_mode: 1,
        shipping_list: [
          {
            tracking_no: number,
            express_company: 'SF',
            item_desc: '明前龙井 ×1',
            contact: { receiver_contact: '138****0000' },
          },
        ],
        payer: { openid: 'C' },
      },
    });
    expect(uploads[0].params.upload_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    // The merchant sees that WeChat has it, and the carrier by name.
    expect(shipped.shippingUpload).toMatchObject({ state: 'uploaded', attempts: 1 });
    expect(shipped.shippingInfo).toMatchObject({
      expressCompany: 'SF',
      carrier: '顺丰速运',
      trackingNo: number,
    });
  });

  test('a correction uploads again, once; a second correction is refused and uploads nothing', async () => {
    const order = await paidOrder();
    await ship(order._id);
    // The merchant notices the wrong carrier a while later.
    shop.local.clock.advance(10 * MINUTE);
    const corrected = trackingNo();
    await ship(order._id, corrected, 'ZTO');
    const transactionId = doc('orders', order._id).payment.transactionId;
    const uploads = () =>
      callsOf(UPLOAD).then((calls) =>
        calls.filter((c) => c.params.order_key?.transaction_id === transactionId),
      );
    expect((await uploads()).map((c) => [c.params.shipping_list[0].tracking_no, c.outcome.errcode])).toEqual([
      [expect.any(String), 0],
      [corrected, 0],
    ]);
    const refused = await shop.call(
      'admin',
      'orders.ship',
      { orderId: order._id, expressCompany: 'SF', trackingNo: trackingNo() },
      ADMIN,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '发货信息已修改过一次，不能再改' },
    });
    expect(await uploads()).toHaveLength(2);
  });

  test('10060001 right after payment: the order ships, and the timer uploads it on its retry', async () => {
    const order = await paidOrder();
    await fault(UPLOAD, 10060001);
    const { order: shipped } = await ship(order._id);
    expect(shipped.status).toBe('shipped');
    expect(shipped.shippingUpload).toMatchObject({
      state: 'retrying',
      attempts: 1,
      lastError: { errCode: 10060001 },
    });
    // Not before its pause (one minute) is over…
    await settleNow();
    expect(doc('orders', order._id).shippingUpload.state).toBe('retrying');
    shop.local.clock.advance(MINUTE + 1);
    const report = await settleNow();
    expect(report.shipmentUploads).toBeGreaterThanOrEqual(1);
    expect(doc('orders', order._id).shippingUpload).toMatchObject({ state: 'uploaded', attempts: 2 });
  });

  test("uploads that keep failing show on the merchant's to-do until one goes through", async () => {
    const todo = async () => (await ok('admin', 'stats.todo', {}, ADMIN)).shipmentUploads;
    const before = await todo();
    const order = await paidOrder();
    await fault(UPLOAD, -1, 3);
    await ship(order._id);
    expect(await todo()).toBe(before);
    for (const pause of [MINUTE, 5 * MINUTE]) {
      shop.local.clock.advance(pause + 1);
      await settleNow();
    }
    expect(doc('orders', order._id).shippingUpload).toMatchObject({ state: 'retrying', attempts: 3 });
    expect(await todo()).toBe(before + 1);
    shop.local.clock.advance(30 * MINUTE + 1);
    await settleNow();
    expect(doc('orders', order._id).shippingUpload).toMatchObject({ state: 'uploaded', attempts: 4 });
    expect(await todo()).toBe(before);
  });
});

describe('confirm receipt', () => {
  test('the order completes only once WeChat says the payer confirmed; the after-sale window runs from then', async () => {
    const order = await paidOrder();
    await ship(order._id);
    const refused = await shop.call('order', 'confirm', { orderId: order._id }, 'C');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '请先在微信的确认收货页面确认收货' },
    });
    expect(doc('orders', order._id).status).toBe('shipped');

    // The page opens WeChat's component with the payment's transaction id; only the payer can confirm there.
    const { order: mine } = await ok('order', 'detail', { orderId: order._id }, 'C');
    const transactionId = mine.confirmInWeChat.transactionId;
    expect(transactionId).toBe(doc('orders', order._id).payment.transactionId);
    const stranger = await platform('POST', '/_openapi/confirm-receipt', {
      openid: 'B',
      transaction_id: transactionId,
    });
    expect(stranger.extraData.status).toBe('fail');
    expect((await shop.call('order', 'confirm', { orderId: order._id }, 'C')).ok).toBe(false);

    const confirmed = await platform('POST', '/_openapi/confirm-receipt', {
      openid: 'C',
      transaction_id: transactionId,
    });
    expect(confirmed.extraData.status).toBe('success');
    const { order: done } = await ok('order', 'confirm', { orderId: order._id }, 'C');
    expect(done.status).toBe('completed');
    expect(done.confirmInWeChat).toBeUndefined();
    const completedAt = Date.parse(done.completedAt);
    const entry = doc('commissions', `${order._id}:L1`);
    expect(new Date(entry.maturesAt).getTime()).toBe(completedAt + 7 * DAY);
  });

  test("WeChat's settlement push completes a confirmed order; a push before receipt or a replay does nothing", async () => {
    const order = await paidOrder();
    await ship(order._id);
    const push = (openid?: string) =>
      shop.callRaw(
        'settle',
        {
          MsgType: 'event',
          Event: 'trade_manage_order_settlement',
          transaction_id: doc('orders', order._id).payment.transactionId,
          merchant_trade_no: order.outTradeNo,
        },
        openid,
      );
    // At shipping WeChat pushes too (and anyone can send this event): the buyer has not received anything yet.
    expect((await push('C')).body.result).toMatchObject({ ok: true, data: { outcome: 'ignored' } });
    expect((await push()).body.result).toMatchObject({ ok: true, data: { outcome: 'ignored' } });
    expect(doc('orders', order._id).status).toBe('shipped');

    await platform('POST', '/_openapi/confirm-receipt', {
      openid: 'C',
      transaction_id: doc('orders', order._id).payment.transactionId,
    });
    // 消息推送 runs the function as the buyer the event concerns: the push is heard, and checked with WeChat.
    expect((await push('C')).body.result).toMatchObject({ ok: true, data: { outcome: 'completed' } });
    expect(doc('orders', order._id).status).toBe('completed');
    expect((await push()).body.result).toMatchObject({ ok: true, data: { outcome: 'ignored' } });
  });
});

describe('nickname (头像昵称填写) and content security', () => {
  test('a flagged nickname is refused and nothing is written; a safe one shows in the upline’s team', async () => {
    const before = shop.snapshot(['users']);
    const refused = await shop.call('join', 'profile', { nickname: '我是违禁词' }, 'D');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '昵称含有不合适的内容，请换一个' },
    });
    expect(shop.snapshot(['users'])).toBe(before);
    const checks = await callsOf('security.msgSecCheck');
    expect(checks.at(-1)).toMatchObject({
      openid: 'D',
      params: { openid: 'D', content: '我是违禁词', scene: 1, version: 2 },
    });

    const { user } = await ok(
      'join',
      'profile',
      { nickname: '小丁', avatarUrl: 'cloud://env.7a6b/avatars/D.png' },
      'D',
    );
    expect(user).toMatchObject({ nickname: '小丁', avatarUrl: 'cloud://env.7a6b/avatars/D.png' });
    const team = await ok('share', 'team', { level: 1 }, 'A');
    expect(team.items.find((m: any) => m.userId === 'D')).toMatchObject({ nickname: '小丁' });
  });
});

describe('subscribe messages', () => {
  test('order shipped: not sent without a grant (shipping still works), sent once with one, the grant used', async () => {
    const first = await paidOrder();
    const sendsBefore = (await callsOf(SEND)).length;
    await ship(first._id);
    expect((await callsOf(SEND)).length).toBe(sendsBefore);
    expect(
      doc('notices', `orderShipped:${first._id}:${doc('orders', first._id).shippingInfo.trackingNo}`),
    ).toMatchObject({
      outcome: 'no_grant',
      userId: 'C',
    });

    expect(await grant('C', TEMPLATES.orderShipped)).toMatchObject({ [TEMPLATES.orderShipped]: 1 });
    const second = await paidOrder();
    const number = trackingNo();
    await ship(second._id, number);
    const sent = await sentTo('C', TEMPLATES.orderShipped);
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toMatchObject({
      page: 'pages/order/list/index',
      miniprogram_state: 'formal',
      data: {
        character_string1: { value: doc('orders', second._id).orderNo },
        thing2: { value: '明前龙井 ×1' },
        thing3: { value: '顺丰速运' },
        character_string4: { value: number },
      },
    });
    expect(doc('subscriptions', 'C').grants[TEMPLATES.orderShipped]).toBe(0);
    expect((await grantsAtWeChat('C'))[TEMPLATES.orderShipped] ?? 0).toBe(0);
  });

  test('a failed send never fails the action, and gives the grant back', async () => {
    await grant('C', TEMPLATES.orderShipped);
    const order = await paidOrder();
    await fault(SEND, -1);
    const { order: shipped } = await ship(order._id);
    expect(shipped.status).toBe('shipped');
    const notice = doc('notices', `orderShipped:${order._id}:${shipped.shippingInfo.trackingNo}`);
    expect(notice).toMatchObject({ outcome: 'failed', errCode: -1 });
    expect(doc('subscriptions', 'C').grants[TEMPLATES.orderShipped]).toBe(1);
  });

  test('a template the merchant did not set is not counted', async () => {
    expect(await grant('C', 'someone-elses-template')).toEqual({});
  });

  test('commission credited: sent once to each earner with a grant, even when WeChat Pay repeats the notice', async () => {
    await grant('B', TEMPLATES.commissionCredited, TEMPLATES.commissionCredited);
    const order = await paidOrder();
    // WeChat Pay repeats its notice, also concurrently: the message is not sent again.
    const delivered = shop.local.pay.order(order.outTradeNo)!.notify!.event;
    await Promise.all(Array.from({ length: 5 }, () => shop.local.invoke('payNotify', delivered)));
    const sent = (await sentTo('B', TEMPLATES.commissionCredited)).filter(
      (c) => c.params.data.character_string2.value === doc('orders', order._id).orderNo,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].params.data).toMatchObject({
      amount1: { value: '12.80元' },
      thing3: { value: '直接推广佣金，售后期后可提现' },
    });
    expect(doc('subscriptions', 'B').grants[TEMPLATES.commissionCredited]).toBe(1);
    // A (level 2) holds no grant: nothing for A.
    expect(await sentTo('A', TEMPLATES.commissionCredited)).toHaveLength(0);
  });

  test('refund result: the rejection and the refund each reach the buyer once', async () => {
    await grant('C', TEMPLATES.refundResult, TEMPLATES.refundResult);
    const order = await paidOrder();
    const { refund: asked } = await ok('order', 'refund', { orderId: order._id, reason: '不想要了' }, 'C');
    await ok('admin', 'refunds.review', { refundId: asked._id, approve: false, reason: '商品已拆封' }, ADMIN);
    const { refund: again } = await ok('order', 'refund', { orderId: order._id, reason: '还是不想要' }, 'C');
    await ok('admin', 'refunds.review', { refundId: again._id, approve: true }, ADMIN);
    await shop.local.pay.idle();
    const results = (await sentTo('C', TEMPLATES.refundResult)).map((c) => [
      c.params.data.phrase3.value,
      c.params.data.thing4.value,
    ]);
    expect(results).toEqual([
      ['已拒绝', '商品已拆封'],
      ['退款成功', '款项将原路退回'],
    ]);
    expect(doc('subscriptions', 'C').grants[TEMPLATES.refundResult]).toBe(0);
  });

  test('application reviewed, commission settled, withdrawal rejected and paid', async () => {
    // D applies, holding a grant; the merchant approves.
    await ok('join', 'apply', { realName: '丁一', mobile: '13700000000' }, 'D');
    await grant('D', TEMPLATES.applicationReviewed);
    await ok('admin', 'distributors.review', { userId: 'D', approve: true }, ADMIN);
    expect(
      (await sentTo('D', TEMPLATES.applicationReviewed)).map((c) => c.params.data.phrase1.value),
    ).toEqual(['审核通过']);

    // B's commission settles after receipt and the after-sale window.
    await grant('B', TEMPLATES.commissionSettled);
    const order = await paidOrder();
    await ship(order._id);
    await shop.receive(order._id, 'C');
    shop.local.clock.advance(8 * DAY);
    await settleNow();
    const settled = await sentTo('B', TEMPLATES.commissionSettled);
    expect(settled).toHaveLength(1);
    expect(settled[0].params.data.thing2.value).toMatch(/^\d+ 笔佣金已可提现$/);
    await settleNow();
    expect(await sentTo('B', TEMPLATES.commissionSettled)).toHaveLength(1);

    // B withdraws twice: one rejected, one paid by hand.
    await grant('B', TEMPLATES.withdrawalResult, TEMPLATES.withdrawalResult);
    const { withdrawal: w1 } = await ok('wallet', 'withdraw', { amount: 500 }, 'B');
    await ok(
      'admin',
      'withdrawals.review',
      { withdrawalId: w1._id, approve: false, reason: '信息有误' },
      ADMIN,
    );
    const { withdrawal: w2 } = await ok('wallet', 'withdraw', { amount: 600 }, 'B');
    await ok('admin', 'withdrawals.review', { withdrawalId: w2._id, approve: true }, ADMIN);
    await ok('admin', 'withdrawals.markPaid', { withdrawalId: w2._id, reference: 'BANK-0001' }, ADMIN);
    const results = (await sentTo('B', TEMPLATES.withdrawalResult)).map((c) => [
      c.params.data.amount1.value,
      c.params.data.phrase2.value,
    ]);
    expect(results).toEqual([
      ['5.00元', '未通过'],
      ['6.00元', '已打款'],
    ]);
  });
});

describe('parcel route', () => {
  test('after shipping the buyer follows the parcel; others cannot; the merchant can', async () => {
    const order = await paidOrder();
    const early = await shop.call('order', 'track', { orderId: order._id }, 'C');
    expect(early).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    const number = trackingNo();
    await ship(order._id, number);
    shop.local.clock.advance(2 * DAY);
    const route = await ok('order', 'track', { orderId: order._id }, 'C');
    expect(route).toMatchObject({ carrier: '顺丰速运', trackingNo: number });
    expect(route.events.length).toBeGreaterThan(1);
    // Newest first, each a time and words.
    const times = route.events.map((e: any) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(route.events[0].text).toContain('签收');

    expect(await shop.call('order', 'track', { orderId: order._id }, 'B')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await ok('admin', 'orders.track', { orderId: order._id }, ADMIN)).toEqual(route);
  });

  test('a provider that cannot answer leaves a note, not an error', async () => {
    const order = await paidOrder();
    await ship(order._id);
    await fault('logistics.getPath', 9300501);
    const route = await ok('order', 'track', { orderId: order._id }, 'C');
    expect(route).toMatchObject({ events: [], note: expect.stringContaining('暂时查不到物流轨迹') });
  });
});

describe('商家转账 waiting for the distributor', () => {
  let v3: Shop;
  beforeAll(async () => {
    v3 = await startShop({
      payment: { provider: 'wechatpay-v3' },
      payout: { mode: 'transfer', postType: '推广员', rewardDescription: '分销佣金', remark: '佣金提现' },
      withdrawal: { minAmount: 100, feeBp: 0 },
      notices: { transferConfirm: { templateId: TEMPLATES.transferConfirm, keys: {} } } as never,
    });
    v3.cloud.engine.insert('accounts', [
      {
        _id: 'B',
        pending: 0,
        available: 50_000,
        withdrawing: 0,
        withdrawn: 0,
        debt: 0,
        rev: 1,
        settleSeq: 1,
      },
    ]);
  });
  afterAll(() => v3?.stop());

  test('approval tells the distributor to confirm the transfer, once, against their grant', async () => {
    const post = (route: string, body: unknown) =>
      fetch(`${v3.cloud.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('/_subscribe', { openid: 'B', tmplIds: [TEMPLATES.transferConfirm] });
    await v3.ok('join', 'subscribe', { accepted: [TEMPLATES.transferConfirm] }, 'B');
    const { withdrawal } = await v3.ok('wallet', 'withdraw', { amount: 10_000 }, 'B');
    await v3.ok('admin', 'withdrawals.review', { withdrawalId: withdrawal._id, approve: true }, V3_ADMIN);
    const calls = ((await (await fetch(`${v3.cloud.url}/_openapi?api=${SEND}`)).json()) as any).calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      outcome: { errcode: 0 },
      params: {
        touser: 'B',
        template_id: TEMPLATES.transferConfirm,
        page: 'pages/distributor/withdraw/index',
        data: { amount1: { value: '100.00元' }, thing2: { value: '提现已通过，请在24小时内确认收款' } },
      },
    });
    expect(v3.get('subscriptions', 'B')!.grants[TEMPLATES.transferConfirm]).toBe(0);
  });
});
