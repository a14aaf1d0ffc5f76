// The platform behind cloud.openapi, through fixture functions and the real SDK: order shipping (upload
// with its checks and codes, a payment not yet known, re-shipment, getOrder, confirm receipt in the
// component, notifyConfirmReceive), msgSecCheck v2 with configured risky words, subscribe messages with
// one-time grants and the keyword rules, parcel routes on the virtual clock, the -604101 permission
// refusal, and the record of every call at GET /_openapi.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { startTestCloud, TestCloud } from './support/harness';
import { plannedRoute, ACTION } from '../src/services/logistics';
import { simulatorPayments } from '../src/services/payments-view';
import { riskyWordsFromEnv } from '../src/services/security';
import { invalidData } from '../src/services/subscribe';

let t: TestCloud;
const run = Date.now().toString(36);
const SUB_MCH = '1900000110';
const BUYER = 'buyer-1';
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestCloud({ tickMs: 3600_000 });
});

afterAll(async () => {
  await t.stop();
});

/** One openapi call from the `platform` fixture (or another), as `openid`'s invocation. */
async function api(call: string, data: Record<string, unknown>, fn = 'platform', openid = 'merchant') {
  const body = await t.call(fn, { call, data }, openid);
  if (!body || !('result' in body)) throw new Error(`${fn} failed: ${JSON.stringify(body)}`);
  return body.result;
}

let orders = 0;
/** A cloudPay order paid by `openid`: its transaction id and out_trade_no. */
async function paidOrder(openid = BUYER, totalFee = 100) {
  orders += 1;
  const outTradeNo = `s${run}${orders}`;
  const order = await t.call(
    'shop',
    {
      api: 'unifiedOrder',
      data: {
        body: '测试商品',
        outTradeNo,
        spbillCreateIp: '127.0.0.1',
        subMchId: SUB_MCH,
        totalFee,
        envId: 'local',
        functionName: 'paycb',
      },
    },
    openid,
  );
  expect(order.result.resultCode).toBe('SUCCESS');
  const paid = await t.post(`/_pay/${outTradeNo}`, { result: 'SUCCESS' });
  expect(paid.status).toBe(200);
  return { transactionId: paid.body.transactionId as string, outTradeNo };
}

function upload(transactionId: string, extra: Record<string, unknown> = {}, trackingNo = `YT${run}1`) {
  return {
    order_key: { order_number_type: 2, transaction_id: transactionId },
    logistics_type: 1,
    delivery_mode: 1,
    shipping_list: [{ tracking_no: trackingNo, express_company: 'YTO', item_desc: '测试商品*1' }],
    upload_time: new Date().toISOString().replace('Z', '+00:00'),
    payer: { openid: BUYER },
    ...extra,
  };
}

/** upload_time on the virtual clock (the platform orders uploads by it). */
async function nowIso(offsetMs = 0) {
  const clock = await t.get('/_clock');
  return new Date(clock.body.now + offsetMs).toISOString();
}

async function settings(patch: Record<string, unknown>) {
  const res = await fetch(`${t.cloud.url}/_openapi/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function advance(ms: number) {
  expect((await t.post('/_clock', { advanceMs: ms })).status).toBe(200);
}

describe('permission', () => {
  test('an openapi missing from config.json is refused with -604101; a listed one works', async () => {
    const refused = await api('uploadShippingInfo', upload('4200000000'), 'platform-noperm');
    expect(refused.errCode).toBe(-604101);
    const allowed = await api(
      'msgSecCheck',
      { content: '你好', version: 2, scene: 2, openid: BUYER },
      'platform-noperm',
    );
    expect(allowed).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 } });
    const log = await t.get('/_openapi?function=platform-noperm');
    expect(
      log.body.calls.map((call: any) => [call.api, call.outcome.errorCode ?? call.outcome.errcode]),
    ).toEqual([
      ['wxa.sec.order.uploadShippingInfo', -604101],
      ['security.msgSecCheck', 0],
    ]);
  });
});

describe('order shipping', () => {
  test('a payment the platform has not ingested yet answers 10060001; after the delay the retry ships it', async () => {
    const { transactionId } = await paidOrder();
    await settings({ ingestDelayMs: 60_000 });
    try {
      const early = await api('uploadShippingInfo', upload(transactionId, { upload_time: await nowIso() }));
      expect(early.errCode).toBe(10060001);
      expect(early.errMsg).toContain('支付单不存在');
      expect((await api('getOrder', { transaction_id: transactionId })).errCode).toBe(10060001);
      await advance(60_000);
      const retry = await api('uploadShippingInfo', upload(transactionId, { upload_time: await nowIso() }));
      expect(retry).toMatchObject({ errCode: 0, errMsg: 'openapi.wxa.sec.order.uploadShippingInfo:ok' });
    } finally {
      await settings({ ingestDelayMs: 0 });
    }
    const order = await api('getOrder', { transaction_id: transactionId });
    // The SDK camelCases the platform's snake_case answer.
    expect(order.order).toMatchObject({
      transactionId,
      merchantId: SUB_MCH,
      paidAmount: 100,
      openid: BUYER,
      orderState: 2,
      shipping: {
        deliveryMode: 1,
        logisticsType: 1,
        finishShipping: true,
        finishShippingCount: 1,
        shippingList: [{ trackingNo: `YT${run}1`, expressCompany: 'YTO', goodsDesc: '测试商品*1' }],
      },
    });
  });

  test('a queued fault answers once: the first upload by merchant order number fails, the retry succeeds', async () => {
    const { outTradeNo } = await paidOrder();
    const fault = await t.post('/_openapi/faults', {
      api: 'wxa.sec.order.uploadShippingInfo',
      errcode: 10060001,
      errmsg: '支付单不存在',
    });
    expect(fault.status).toBe(200);
    const byMerchant = async () =>
      api(
        'uploadShippingInfo',
        upload('', {
          order_key: { order_number_type: 1, mchid: SUB_MCH, out_trade_no: outTradeNo },
          upload_time: await nowIso(),
        }),
      );
    expect((await byMerchant()).errCode).toBe(10060001);
    expect((await byMerchant()).errCode).toBe(0);
    // Another merchant's number does not find it.
    const other = await api(
      'uploadShippingInfo',
      upload('', { order_key: { order_number_type: 1, mchid: '1900000999', out_trade_no: outTradeNo } }),
    );
    expect(other.errCode).toBe(10060001);
  });

  test.each([
    ['an unknown order number type', { order_key: { order_number_type: 3 } }, 268485194],
    ['no transaction_id', { order_key: { order_number_type: 2 } }, 268485195],
    ['no mchid', { order_key: { order_number_type: 1, out_trade_no: 'x' } }, 268485196],
    ['no out_trade_no', { order_key: { order_number_type: 1, mchid: SUB_MCH } }, 268485197],
    ['logistics type 5', { logistics_type: 5 }, 10060005],
    ['delivery mode 3', { delivery_mode: 3 }, 268485224],
    [
      'split delivery of a virtual good',
      { logistics_type: 3, delivery_mode: 2, is_all_delivered: true },
      10060006,
    ],
    ['split delivery without is_all_delivered', { delivery_mode: 2 }, 10060007],
    ['shipping_list not an array', { shipping_list: { tracking_no: 'x' } }, 47001],
    [
      '16 parcels',
      {
        delivery_mode: 2,
        is_all_delivered: true,
        shipping_list: Array.from({ length: 16 }, (_, i) => ({
          tracking_no: `T${i}`,
          express_company: 'ZTO',
          item_desc: 'x',
        })),
      },
      10060024,
    ],
    [
      'two parcels in unified delivery',
      {
        shipping_list: [
          { tracking_no: 'A', express_company: 'ZTO', item_desc: 'a' },
          { tracking_no: 'B', express_company: 'ZTO', item_desc: 'b' },
        ],
      },
      268485228,
    ],
    ['no item_desc', { shipping_list: [{ tracking_no: 'A', express_company: 'ZTO' }] }, 10060008],
    [
      'an item_desc over 120 characters',
      { shipping_list: [{ tracking_no: 'A', express_company: 'ZTO', item_desc: '商'.repeat(121) }] },
      10060009,
    ],
    [
      'express without tracking_no',
      { shipping_list: [{ express_company: 'ZTO', item_desc: 'a' }] },
      268485226,
    ],
    ['express without express_company', { shipping_list: [{ tracking_no: 'A', item_desc: 'a' }] }, 268485227],
    [
      'a tracking number over 128 bytes',
      { shipping_list: [{ tracking_no: 'A'.repeat(129), express_company: 'ZTO', item_desc: 'a' }] },
      10060026,
    ],
    [
      '顺丰 without a contact',
      { shipping_list: [{ tracking_no: 'SF1', express_company: 'SF', item_desc: 'a' }] },
      10060014,
    ],
    [
      'a contact masked in its last 4 digits',
      {
        shipping_list: [
          {
            tracking_no: 'SF1',
            express_company: 'SF',
            item_desc: 'a',
            contact: { receiver_contact: '1380000****' },
          },
        ],
      },
      10060014,
    ],
    ['an upload_time that is not RFC 3339', { upload_time: '2024-01-01 10:00:00' }, 268485216],
    ['no payer', { payer: {} }, 47001],
    [
      'a payment that does not exist',
      { order_key: { order_number_type: 2, transaction_id: '4200000000' } },
      10060001,
    ],
  ])('%s is refused', async (_name, patch, errcode) => {
    const result = await api('uploadShippingInfo', upload('4200000000', patch as Record<string, unknown>));
    expect(result.errCode).toBe(errcode);
  });

  test('the payer must be the openid that paid (10060031); 顺丰 with a masked contact is accepted', async () => {
    const { transactionId } = await paidOrder();
    const wrong = await api(
      'uploadShippingInfo',
      upload(transactionId, { payer: { openid: 'someone-else' } }),
    );
    expect(wrong.errCode).toBe(10060031);
    const sf = await api(
      'uploadShippingInfo',
      upload(transactionId, {
        upload_time: await nowIso(),
        shipping_list: [
          {
            tracking_no: `SF${run}`,
            express_company: 'SF',
            item_desc: 'a',
            contact: { receiver_contact: '138****0000' },
          },
        ],
      }),
    );
    expect(sf.errCode).toBe(0);
  });

  test('re-shipment: the same information is 10060023, one change is allowed, a second is 10060003', async () => {
    const { transactionId } = await paidOrder();
    const first = upload(transactionId, { upload_time: await nowIso() });
    expect((await api('uploadShippingInfo', first)).errCode).toBe(0);
    expect((await api('uploadShippingInfo', { ...first, upload_time: await nowIso(1000) })).errCode).toBe(
      10060023,
    );
    const changed = upload(transactionId, { upload_time: await nowIso(2000) }, `YT${run}9`);
    expect((await api('uploadShippingInfo', changed)).errCode).toBe(0);
    expect(
      (await api('getOrder', { transaction_id: transactionId })).order.shipping.finishShippingCount,
    ).toBe(2);
    const third = upload(transactionId, { upload_time: await nowIso(3000) }, `YT${run}8`);
    expect((await api('uploadShippingInfo', third)).errCode).toBe(10060003);
    // Going back to a partial split delivery is not possible once all is shipped.
    const partial = upload(transactionId, {
      delivery_mode: 2,
      is_all_delivered: false,
      upload_time: await nowIso(4000),
    });
    expect((await api('uploadShippingInfo', partial)).errCode).toBe(10060002);
  });

  test('split delivery: parcels uploaded while not all delivered leave the order to ship (state 1)', async () => {
    const { transactionId } = await paidOrder();
    const part = upload(transactionId, {
      delivery_mode: 2,
      is_all_delivered: false,
      upload_time: await nowIso(),
    });
    expect((await api('uploadShippingInfo', part)).errCode).toBe(0);
    let order = (await api('getOrder', { transaction_id: transactionId })).order;
    expect(order).toMatchObject({
      orderState: 1,
      shipping: { finishShipping: false, finishShippingCount: 0 },
    });
    const rest = upload(transactionId, {
      delivery_mode: 2,
      is_all_delivered: true,
      upload_time: await nowIso(1000),
      shipping_list: [
        { tracking_no: `A${run}`, express_company: 'ZTO', item_desc: '一' },
        { tracking_no: `B${run}`, express_company: 'ZTO', item_desc: '二' },
      ],
    });
    expect((await api('uploadShippingInfo', rest)).errCode).toBe(0);
    order = (await api('getOrder', { transaction_id: transactionId })).order;
    expect(order).toMatchObject({
      orderState: 2,
      shipping: { finishShipping: true, finishShippingCount: 1 },
    });
    expect(order.shipping.shippingList).toHaveLength(2);
    // An older upload_time than the accepted one is refused.
    const stale = upload(transactionId, { upload_time: '2020-01-01T00:00:00+08:00' }, `C${run}`);
    expect((await api('uploadShippingInfo', stale)).errCode).toBe(10060014);
  });

  test('getOrder by merchant_id + merchant_trade_no; mchid/out_trade_no is a format error (47001)', async () => {
    const { transactionId, outTradeNo } = await paidOrder(BUYER, 250);
    const byMerchant = await api('getOrder', { merchant_id: SUB_MCH, merchant_trade_no: outTradeNo });
    expect(byMerchant.order).toMatchObject({
      transactionId,
      merchantTradeNo: outTradeNo,
      orderState: 1,
      paidAmount: 250,
    });
    expect(byMerchant.order.shipping).toBeUndefined();
    expect((await api('getOrder', { mchid: SUB_MCH, out_trade_no: outTradeNo })).errCode).toBe(47001);
  });

  test('confirm receipt in the component: only a shipped order, only by its payer; then it cannot ship again', async () => {
    const { transactionId } = await paidOrder();
    const confirm = (openid: string, extra: Record<string, unknown> = {}) =>
      t.post('/_openapi/confirm-receipt', { openid, transaction_id: transactionId, ...extra });
    // Not shipped yet: the component closes.
    expect((await confirm(BUYER)).body.extraData.status).toBe('cancel');
    expect(
      (await api('uploadShippingInfo', upload(transactionId, { upload_time: await nowIso() }))).errCode,
    ).toBe(0);
    const stranger = await confirm('someone-else');
    expect(stranger.body.extraData).toMatchObject({ status: 'fail', errormsg: '获取用户订单失败' });
    expect((await confirm(BUYER, { cancel: true })).body.extraData.status).toBe('cancel');
    const done = await confirm(BUYER);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      errMsg: 'openBusinessView:ok',
      extraData: { status: 'success', req_extradata: { transaction_id: transactionId } },
    });
    expect((await api('getOrder', { transaction_id: transactionId })).order.orderState).toBe(3);
    const again = await api(
      'uploadShippingInfo',
      upload(transactionId, { upload_time: await nowIso(5000) }, 'ZZ1'),
    );
    expect(again.errCode).toBe(10060004);
    expect((await confirm(BUYER)).body.extraData.status).toBe('cancel');
    const view = await t.get(`/_openapi/orders/${transactionId}`);
    expect(view.body).toMatchObject({ order_state: 3, ingested: true });
  });

  test('notifyConfirmReceive: only for a shipped express order, once, with a signing time after shipping', async () => {
    const { transactionId } = await paidOrder();
    const remind = (receivedTime: number) =>
      api('notifyConfirmReceive', { transaction_id: transactionId, received_time: receivedTime });
    const clock = (await t.get('/_clock')).body.now as number;
    expect((await remind(Math.floor(clock / 1000))).errCode).toBe(10060028);
    expect(
      (await api('uploadShippingInfo', upload(transactionId, { upload_time: await nowIso() }))).errCode,
    ).toBe(0);
    await advance(HOUR);
    expect((await remind(Math.floor(clock / 1000) - 86_400)).errCode).toBe(10060029);
    expect((await remind(Math.floor(clock / 1000) + 60)).errCode).toBe(0);
    expect((await remind(Math.floor(clock / 1000) + 60)).errCode).toBe(10060030);
  });

  test('a refunded payment cannot ship (10060004) and getOrder says 已退款 (5)', async () => {
    const { transactionId, outTradeNo } = await paidOrder();
    const refund = await t.call(
      'shop',
      {
        api: 'refund',
        data: {
          subMchId: SUB_MCH,
          outTradeNo,
          outRefundNo: `${outTradeNo}-r`,
          totalFee: 100,
          refundFee: 100,
          envId: 'local',
          functionName: 'paycb',
        },
      },
      'merchant',
    );
    expect(refund.result.resultCode).toBe('SUCCESS');
    expect(
      (await api('uploadShippingInfo', upload(transactionId, { upload_time: await nowIso() }))).errCode,
    ).toBe(10060004);
    expect((await api('getOrder', { transaction_id: transactionId })).order.orderState).toBe(5);
  });

  test('isTradeManaged answers for this appid only; get_delivery_list has a local copy', async () => {
    expect(await api('isTradeManaged', { appid: t.cloud.appId })).toMatchObject({
      errCode: 0,
      isTradeManaged: true,
    });
    expect((await api('isTradeManaged', {})).errCode).toBe(40097);
    expect((await api('isTradeManaged', { appid: 'wx-other' })).errCode).toBe(40013);
    const list = await t.get('/_openapi/delivery-list');
    expect(list.body.delivery_list).toEqual(
      expect.arrayContaining([
        { delivery_id: 'SF', delivery_name: '顺丰速运' },
        { delivery_id: 'YD', delivery_name: '韵达速递' },
      ]),
    );
    expect(list.body.count).toBe(list.body.delivery_list.length);
  });
});

describe('security.msgSecCheck', () => {
  test('v2 answers risky for a configured word and pass otherwise; v1 answers risky text with 87014', async () => {
    await settings({ riskyWords: ['坏词', 'BadWord'], riskyLabel: 20003 });
    const check = (content: string, extra: Record<string, unknown> = {}) =>
      api('msgSecCheck', { content, version: 2, scene: 2, openid: BUYER, ...extra });
    const risky = await check('这是一个坏词');
    expect(risky).toMatchObject({
      errCode: 0,
      result: { suggest: 'risky', label: 20003 },
      detail: [{ strategy: 'keyword', suggest: 'risky', keyword: '坏词' }],
      traceId: expect.any(String),
    });
    expect((await check('hello badword')).result.suggest).toBe('risky');
    expect((await check('你好', { nickname: '坏词' })).result.suggest).toBe('risky');
    expect((await check('你好')).result).toEqual({ suggest: 'pass', label: 100 });
    expect((await check('你好', { openid: '' })).errCode).toBe(40003);
    expect((await check('你好', { scene: 9 })).errCode).toBe(40097);
    expect((await api('msgSecCheck', { content: '坏词' })).errCode).toBe(87014);
    expect((await api('msgSecCheck', { content: '好词' })).errCode).toBe(0);
    // cloud.openapi({ version: 'v2' }) is recorded as such.
    expect((await api('msgSecCheckV2', { content: '好', version: 2, scene: 1, openid: BUYER })).errCode).toBe(
      0,
    );
    const calls = (await t.get('/_openapi?api=security.msgSecCheck')).body.calls;
    expect(calls[calls.length - 1]).toMatchObject({ version: 'v2', outcome: { errcode: 0 } });
  });

  test('LOCALCLOUD_RISKY_WORDS is a comma or newline separated list', () => {
    expect(riskyWordsFromEnv(' a, b\nc ,, ')).toEqual(['a', 'b', 'c']);
    expect(riskyWordsFromEnv(undefined)).toBeUndefined();
  });
});

describe('subscribeMessage.send', () => {
  const TMPL = `tmpl-${run}`;
  const message = (data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
    touser: BUYER,
    template_id: TMPL,
    page: 'pages/order/detail/index?id=1',
    miniprogram_state: 'formal',
    data: {
      thing1: { value: '订单已发货' },
      character_string2: { value: 'SO20240101001' },
      amount3: { value: '¥12.50' },
      phrase4: { value: '已发货' },
      time5: { value: '2024年1月1日 15:01' },
      ...data,
    },
    ...extra,
  });

  test('each accepted template is one message: send uses the grant, then 43101', async () => {
    expect((await api('subscribeSend', message())).errCode).toBe(43101);
    const granted = await t.post('/_subscribe', {
      openid: BUYER,
      tmplIds: [TMPL, `${TMPL}-b`],
      choices: { [`${TMPL}-b`]: 'reject' },
    });
    expect(granted.body).toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      [TMPL]: 'accept',
      [`${TMPL}-b`]: 'reject',
    });
    await t.post('/_subscribe', { openid: BUYER, tmplIds: [TMPL] });
    expect((await t.get(`/_subscribe/${BUYER}`)).body.grants).toEqual({ [TMPL]: 2 });
    // A refused message does not use a grant.
    const tooLong = await api(
      'subscribeSend',
      message({ thing1: { value: '这是一段超过二十个字的事物描述文字会被平台拒绝的' } }),
    );
    expect(tooLong.errCode).toBe(47003);
    expect(tooLong.errMsg).toContain('data.thing1.value');
    expect((await api('subscribeSend', message({}, { page: '/pages/order/detail/index' }))).errCode).toBe(
      41030,
    );
    expect((await api('subscribeSend', message({}, { page: 'pages/nope/index' }))).errCode).toBe(41030);
    expect((await api('subscribeSend', message())).errCode).toBe(0);
    expect((await api('subscribeSend', message())).errCode).toBe(0);
    expect((await api('subscribeSend', message())).errCode).toBe(43101);
    expect((await api('subscribeSend', message({}, { touser: '' }))).errCode).toBe(40003);
    expect((await t.post('/_subscribe', { openid: BUYER, tmplIds: [] })).body.errCode).toBe(10001);
    expect((await t.post('/_subscribe', { openid: BUYER, tmplIds: ['a', 'b', 'c', 'd'] })).body.errCode).toBe(
      20003,
    );
  });

  test.each([
    ['thing1', '二十个字以内的事物描述', true],
    ['thing1', '一二三四五六七八九十一二三四五六七八九十一', false],
    ['thing1', '', false],
    ['number2', '3.14', true],
    ['number2', '3,14', false],
    ['letter3', 'abc', true],
    ['letter3', 'ab1', false],
    ['symbol4', '~!', true],
    ['character_string5', 'SO-2024_01', true],
    ['character_string5', '订单1', false],
    ['time6', '15:01', true],
    ['time6', '2019年10月1日 15:01', true],
    ['time6', '下午三点', false],
    ['date7', '2019年10月1日', true],
    ['date7', '2019-10-01 15:01', true],
    ['date7', '昨天', false],
    ['amount8', '¥100.00', true],
    ['amount8', '100元', true],
    ['amount8', '12345678901', false],
    ['phone_number9', '+86-0766-66888866', true],
    ['car_number10', '粤A8Z888挂', true],
    ['name11', '张三', true],
    ['name11', '一二三四五六七八九十一', false],
    ['name11', 'Alice Smith', true],
    ['phrase12', '配送中', true],
    ['phrase12', '已发货了吗吗', false],
    ['phrase12', 'ok', false],
    ['unknown13', 'x', false],
  ])('%s = %j is %s', (key, value, valid) => {
    expect(invalidData({ [key]: { value } }) === undefined).toBe(valid);
  });
});

describe('parcel routes', () => {
  test('a shipped parcel moves on with the virtual clock until signed, the same route every time', async () => {
    const { transactionId } = await paidOrder();
    const trackingNo = `ZT${run}`;
    const shipped = upload(transactionId, {
      upload_time: await nowIso(),
      shipping_list: [{ tracking_no: trackingNo, express_company: 'ZTO', item_desc: 'a' }],
    });
    expect((await api('uploadShippingInfo', shipped)).errCode).toBe(0);
    const path = () =>
      api('getPath', { order_id: 'o1', openid: BUYER, delivery_id: 'ZTO', waybill_id: trackingNo });
    const start = await path();
    expect(start).toMatchObject({ errCode: 0, deliveryId: 'ZTO', waybillId: trackingNo, pathItemNum: 1 });
    expect(start.pathItemList[0].actionType).toBe(ACTION.collected);
    await advance(3 * 24 * HOUR);
    const later = await path();
    expect(later.pathItemNum).toBe(7);
    expect(later.pathItemList[6].actionType).toBe(ACTION.signed);
    const view = await t.get(`/_logistics/ZTO/${trackingNo}`);
    expect(view.body).toMatchObject({ companyName: '中通快递', signed: true });
    expect(view.body.path.map((node: any) => node.action_msg)).toEqual(
      later.pathItemList.map((node: any) => node.actionMsg),
    );
  });

  test('routes are deterministic and ordered; a STUCK number ends 滞留 at the hub', () => {
    const a = plannedRoute('SF', 'SF123', 0);
    expect(plannedRoute('SF', 'SF123', 0)).toEqual(a);
    expect(a.map((node) => node.action_time)).toEqual(
      [...a.map((node) => node.action_time)].sort((x, y) => x - y),
    );
    const stuck = plannedRoute('SF', 'STUCK-1', 0);
    expect(stuck[stuck.length - 1]?.action_type).toBe(ACTION.stuck);
    expect(plannedRoute('SF', 'SF124', 0)).not.toEqual(a);
  });
});

describe('GET /_openapi', () => {
  test('records each call: API, calling function, user, virtual time, params and outcome', async () => {
    await fetch(`${t.cloud.url}/_openapi`, { method: 'DELETE' });
    await api('getOrder', { transaction_id: 'nope' }, 'platform', 'admin-7');
    const { calls } = (await t.get('/_openapi')).body;
    expect(calls).toEqual([
      {
        seq: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        api: 'wxa.sec.order.getOrder',
        function: 'platform',
        openid: 'admin-7',
        params: { transaction_id: 'nope' },
        outcome: { errcode: 10060001, errmsg: expect.stringContaining('支付单不存在') },
      },
    ]);
  });
});

describe('the payments the platform knows', () => {
  test('paid cloudPay and v3 orders, by transaction id or merchant + out_trade_no, with their refunds', () => {
    const dir = mkdtempSync(nodePath.join(os.tmpdir(), 'localcloud-payments-'));
    try {
      writeFileSync(
        nodePath.join(dir, 'pay.json'),
        JSON.stringify({
          orders: {
            c1: {
              outTradeNo: 'c1',
              body: '一',
              totalFee: 100,
              subMchId: '1900000110',
              openid: 'u1',
              createdAt: 1,
              paidAt: 2,
              transactionId: 'T-c1',
              tradeState: 'REFUND',
            },
            c2: {
              outTradeNo: 'c2',
              body: '二',
              totalFee: 100,
              subMchId: '1900000110',
              openid: 'u1',
              createdAt: 1,
              tradeState: 'NOTPAY',
            },
          },
          refunds: { 'c1-r': { outRefundNo: 'c1-r', outTradeNo: 'c1', refundFee: 40 } },
        }),
      );
      writeFileSync(
        nodePath.join(dir, 'wechatpay-v3.json'),
        JSON.stringify({
          keys: { mchId: '1230000109' },
          orders: {
            v1: {
              outTradeNo: 'v1',
              description: '三',
              total: 300,
              openid: 'u2',
              createdAt: 5,
              successTime: 6,
              transactionId: 'T-v1',
              tradeState: 'SUCCESS',
            },
          },
          refunds: {},
        }),
      );
      const payments = simulatorPayments(dir);
      expect(payments.byTransactionId('T-c1')).toMatchObject({
        mchid: '1900000110',
        outTradeNo: 'c1',
        refundedFen: 40,
        paidAtMs: 2,
      });
      expect(payments.byMerchantOrder('1230000109', 'v1')).toMatchObject({
        transactionId: 'T-v1',
        amountFen: 300,
        openid: 'u2',
      });
      expect(payments.byMerchantOrder('1900000110', 'c2')).toBeUndefined();
      expect(payments.byMerchantOrder('1900000110', 'v1')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
