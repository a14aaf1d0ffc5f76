// cloudPay against the simulated merchant, through a function and the real SDK: orders, the shopper
// paying at POST /_pay, callbacks delivered and retried on the virtual clock, refunds, closing.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Clock } from '../src/clock';
import { PaySimulator } from '../src/services/pay';
import { startTestCloud, TestCloud } from './support/harness';

let t: TestCloud;
const run = Date.now().toString(36);
const SUB_MCH = '1900000110';

beforeAll(async () => {
  t = await startTestCloud({ tickMs: 3600_000 });
});

afterAll(async () => {
  await t.stop();
});

async function shop(api: string, data: Record<string, unknown>, openid = 'buyer-1') {
  const body = await t.call('shop', { api, data }, openid);
  if (!body.result) throw new Error(`shop failed: ${JSON.stringify(body)}`);
  return body.result;
}

function order(outTradeNo: string, totalFee = 100) {
  return {
    body: 'test goods',
    outTradeNo,
    spbillCreateIp: '127.0.0.1',
    subMchId: SUB_MCH,
    totalFee,
    envId: 'local',
    functionName: 'paycb',
  };
}

/** What the paycb fixture logged for this order, one entry per delivery. */
function callbacks(outTradeNo: string): { event: Record<string, any>; openid: string | null }[] {
  const file = path.join(os.tmpdir(), 'localcloud-callbacks', `${outTradeNo}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

test('unifiedOrder answers the payment parameters; a repeat with the same amount gets the same prepay', async () => {
  const no = `a${run}`;
  const first = await shop('unifiedOrder', order(no));
  expect(first).toMatchObject({
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    subMchId: SUB_MCH,
    errCode: 0,
  });
  expect(first.payment).toEqual({
    appId: expect.any(String),
    timeStamp: expect.stringMatching(/^\d+$/),
    nonceStr: expect.any(String),
    package: `prepay_id=${first.prepayId}`,
    signType: 'MD5',
    paySign: expect.any(String),
  });
  const again = await shop('unifiedOrder', order(no));
  expect(again.prepayId).toBe(first.prepayId);
  // The SDK overwrites v2's err_code with its own errCode 0; errCodeDes is what callers get to read.
  const other = await shop('unifiedOrder', order(no, 200));
  expect(other).toMatchObject({
    returnCode: 'SUCCESS',
    resultCode: 'FAIL',
    errCodeDes: '201 商户订单号重复',
  });
  const missing = await shop('unifiedOrder', { ...order(`b${run}`), functionName: undefined });
  expect(missing.returnCode).toBe('FAIL');
  expect(missing.returnMsg).toContain('function_name');
});

test('paying delivers the callback to the order function with the payment event', async () => {
  const no = `p${run}`;
  await shop('unifiedOrder', { ...order(no, 990), attach: 'note' }, 'buyer-7');
  expect((await shop('queryOrder', { subMchId: SUB_MCH, outTradeNo: no })).tradeState).toBe('NOTPAY');

  const paid = await t.post(`/_pay/${no}`, { result: 'SUCCESS' });
  expect(paid.status).toBe(200);
  expect(paid.body).toMatchObject({
    tradeState: 'SUCCESS',
    notify: { functionName: 'paycb', delivered: true, attempts: 1 },
  });

  const logged = callbacks(no);
  expect(logged).toHaveLength(1);
  expect(logged[0]?.openid).toBeNull();
  expect(logged[0]?.event).toMatchObject({
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    mchId: expect.any(String),
    subMchId: SUB_MCH,
    openid: 'buyer-7',
    totalFee: 990,
    cashFee: 990,
    outTradeNo: no,
    transactionId: paid.body.transactionId,
    timeEnd: expect.stringMatching(/^\d{14}$/),
    attach: 'note',
  });

  const query = await shop('queryOrder', { subMchId: SUB_MCH, outTradeNo: no });
  expect(query).toMatchObject({
    tradeState: 'SUCCESS',
    transactionId: paid.body.transactionId,
    totalFee: 990,
  });
  expect((await t.post(`/_pay/${no}`, { result: 'SUCCESS' })).status).toBe(409);
  expect(await shop('unifiedOrder', order(no, 990))).toMatchObject({
    resultCode: 'FAIL',
    errCodeDes: '该订单已支付',
  });
});

test('a callback not answered with errcode 0 is retried on the v2 schedule of the virtual clock', async () => {
  const no = `retry${run}`;
  await shop('unifiedOrder', order(no));
  const paid = await t.post(`/_pay/${no}`, { result: 'SUCCESS' });
  expect(paid.body.notify).toMatchObject({ delivered: false, attempts: 1, answer: { errcode: 1 } });

  await t.post('/_clock', { advanceMs: 14_000 });
  expect(callbacks(no)).toHaveLength(1);
  await t.post('/_clock', { advanceMs: 1_000 });
  expect(callbacks(no)).toHaveLength(2);
  // The second retry waits another 15 s; the fixture accepts the third delivery.
  await t.post('/_clock', { advanceMs: 15_000 });
  expect(callbacks(no)).toHaveLength(3);
  const state = await t.get(`/_pay/${no}`);
  expect(state.body.notify).toMatchObject({ delivered: true, attempts: 3, nextAttemptAt: null });
  await t.post('/_clock', { advanceMs: 24 * 3600_000 });
  expect(callbacks(no)).toHaveLength(3);
});

test('refunds: callback delivered, over-refund refused, repeat answered with the same refund, queryRefund', async () => {
  const no = `r${run}`;
  await shop('unifiedOrder', order(no, 100));
  await t.post(`/_pay/${no}`, { result: 'SUCCESS' });
  const refund = (outRefundNo: string, refundFee: number) =>
    shop('refund', {
      subMchId: SUB_MCH,
      outTradeNo: no,
      outRefundNo,
      totalFee: 100,
      refundFee,
      envId: 'local',
      functionName: 'paycb',
    });

  const first = await refund(`${no}-1`, 30);
  expect(first).toMatchObject({
    resultCode: 'SUCCESS',
    outRefundNo: `${no}-1`,
    refundFee: 30,
    totalFee: 100,
  });
  await t.cloud.pay.idle();
  const refundEvents = callbacks(no).filter((entry) => entry.event.refundStatus !== undefined);
  expect(refundEvents).toHaveLength(1);
  expect(refundEvents[0]?.event).toMatchObject({
    outTradeNo: no,
    outRefundNo: `${no}-1`,
    refundId: first.refundId,
    totalFee: 100,
    refundFee: 30,
    refundStatus: 'SUCCESS',
    successTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
  });

  expect((await refund(`${no}-1`, 30)).refundId).toBe(first.refundId);
  expect(await refund(`${no}-2`, 71)).toMatchObject({
    resultCode: 'FAIL',
    errCodeDes: '申请退款金额超过订单可退金额',
  });
  expect((await refund(`${no}-2`, 70)).resultCode).toBe('SUCCESS');
  await t.cloud.pay.idle();

  const query = await shop('queryRefund', { subMchId: SUB_MCH, outTradeNo: no });
  expect(query).toMatchObject({ resultCode: 'SUCCESS', refundCount: 2 });
  expect(JSON.stringify(query)).toContain(first.refundId);
  expect((await shop('queryOrder', { subMchId: SUB_MCH, outTradeNo: no })).tradeState).toBe('REFUND');
  expect(await refund(`${no}-3`, 1)).toMatchObject({ resultCode: 'FAIL' });
});

test('closeOrder closes an unpaid order: paying it afterwards fails', async () => {
  const no = `c${run}`;
  await shop('unifiedOrder', order(no));
  expect(await shop('closeOrder', { subMchId: SUB_MCH, outTradeNo: no })).toMatchObject({
    resultCode: 'SUCCESS',
  });
  expect((await shop('queryOrder', { subMchId: SUB_MCH, outTradeNo: no })).tradeState).toBe('CLOSED');
  const pay = await t.post(`/_pay/${no}`, { result: 'SUCCESS' });
  expect(pay.status).toBe(409);
  expect(callbacks(no)).toHaveLength(0);
  expect((await shop('unifiedOrder', order(no))).errCodeDes).toBe('该订单已关闭');
  expect(t.cloud.pay.closeOrder({ sub_mch_id: SUB_MCH, out_trade_no: `none${run}` })).toMatchObject({
    result_code: 'FAIL',
    err_code: 'ORDERNOTEXIST',
  });
});

test('a failed payment notifies FAIL and leaves the order payable', async () => {
  const no = `f${run}`;
  await shop('unifiedOrder', order(no));
  const failed = await t.post(`/_pay/${no}`, { result: 'FAIL' });
  expect(failed.body.tradeState).toBe('PAYERROR');
  expect(callbacks(no)[0]?.event).toMatchObject({ resultCode: 'FAIL', outTradeNo: no });
  expect((await t.post(`/_pay/${no}`, { result: 'SUCCESS' })).body.tradeState).toBe('SUCCESS');
});

test('orders survive a restart: the merchant state is read back from dataDir', async () => {
  const no = `p${run}`;
  const reopened = new PaySimulator({
    dataDir: t.dataDir,
    clock: new Clock(),
    appId: 'wx',
    invoke: () => Promise.reject(new Error('not used')),
  });
  expect(reopened.order(no)).toMatchObject({ tradeState: 'SUCCESS', totalFee: 990, openid: 'buyer-7' });
  expect(reopened.queryOrder({ out_trade_no: `r${run}` })).toMatchObject({ trade_state: 'REFUND' });
});

test('POST /_pay for an unknown order answers 404', async () => {
  expect((await t.post(`/_pay/nope${run}`, { result: 'SUCCESS' })).status).toBe(404);
});
