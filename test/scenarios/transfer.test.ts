// Payouts by 商家转账 end to end through the local cloud: approval creates the transfer bill (scene 1005
// with its report fields), the distributor's page gets what wx.requestMerchantTransfer takes, and the
// platform's final state pays the withdrawal or returns its money — confirmed, expired after 24 h, failed.
import { ADMIN, DAY, Shop, startShop } from './wechatpay-v3-shop';

let shop: Shop;

const balances = (userId: string) => {
  const account = shop.get('accounts', userId)!;
  return {
    available: account.available,
    withdrawing: account.withdrawing,
    withdrawn: account.withdrawn,
  };
};

beforeAll(async () => {
  shop = await startShop({
    payment: { provider: 'wechatpay-v3' },
    payout: { mode: 'transfer', postType: '推广员', rewardDescription: '分销佣金', remark: '佣金提现' },
    // A 1% fee: the transfer carries the payout, not the amount requested.
    withdrawal: { minAmount: 100, feeBp: 100 },
  });
  // B's settled commission, as settlement leaves it (the money flow is covered elsewhere).
  shop.cloud.engine.insert('accounts', [
    { _id: 'B', pending: 0, available: 50_000, withdrawing: 0, withdrawn: 0, debt: 0, rev: 1, settleSeq: 1 },
  ]);
});

afterAll(() => shop?.stop());

async function approvedWithdrawal(amount: number, requestId: string) {
  const { withdrawal } = await shop.ok('wallet', 'withdraw', { amount, clientRequestId: requestId }, 'B');
  const reviewed = await shop.ok(
    'admin',
    'withdrawals.review',
    { withdrawalId: withdrawal._id, approve: true },
    ADMIN,
  );
  return { id: withdrawal._id as string, reviewed: reviewed.withdrawal };
}

async function userConfirms(outBillNo: string, result: 'SUCCESS' | 'FAIL' | 'CANCELLED') {
  const res = await fetch(`${shop.cloud.url}/_transfer/${outBillNo}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ result }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

test('approved in transfer mode: a scene-1005 bill awaits the distributor, who confirms; the withdrawal is paid once', async () => {
  const { id, reviewed } = await approvedWithdrawal(10_000, 'transfer-paid-0001');
  expect(reviewed).toMatchObject({ status: 'approved', transfer: { state: 'WAIT_USER_CONFIRM' } });
  expect(balances('B')).toEqual({ available: 40_000, withdrawing: 10_000, withdrawn: 0 });

  const bill = shop.cloud.wechatpayV3.transfer(id)!;
  expect(bill).toMatchObject({
    openid: 'B',
    amount: 9_900,
    sceneId: '1005',
    perception: '劳务报酬',
    remark: '佣金提现',
    reportInfos: [
      { info_type: '岗位类型', info_content: '推广员' },
      { info_type: '报酬说明', info_content: '分销佣金' },
    ],
    state: 'WAIT_USER_CONFIRM',
  });
  expect(bill.notifyUrl).toBe(`${shop.cloud.url}/http/payNotifyV3`);
  expect(shop.get('withdrawals', id)!.transfer).toMatchObject({
    packageInfo: bill.packageInfo,
    transferBillNo: bill.transferBillNo,
  });

  // The confirm page: only the owner gets the parameters of wx.requestMerchantTransfer.
  const info = await shop.ok('wallet', 'transferInfo', { withdrawalId: id }, 'B');
  expect(info).toEqual({
    withdrawalId: id,
    payout: 9_900,
    state: 'WAIT_USER_CONFIRM',
    mchId: shop.cloud.wechatpayV3.keys.mchId,
    appId: shop.cloud.appId,
    package: bill.packageInfo,
  });
  expect(await shop.call('wallet', 'transferInfo', { withdrawalId: id }, 'C')).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });

  const confirmed = await userConfirms(id, 'SUCCESS');
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.notify).toMatchObject({
    eventType: 'MCHTRANSFER.BILL.FINISHED',
    delivered: true,
    attempts: 1,
  });
  expect(shop.get('withdrawals', id)).toMatchObject({
    status: 'paid',
    reference: bill.transferBillNo,
    transfer: { state: 'SUCCESS' },
  });
  expect(balances('B')).toEqual({ available: 40_000, withdrawing: 0, withdrawn: 10_000 });

  // The platform's replay (freshly signed) changes nothing and is acknowledged.
  const before = shop.snapshot();
  const delivered = bill.notify!.body;
  const replay = await shop.notify(delivered, shop.cloud.wechatpayV3.sign(delivered));
  expect(replay.status).toBe(204);
  expect(shop.snapshot()).toBe(before);
  expect(await shop.call('wallet', 'transferInfo', { withdrawalId: id }, 'B')).toMatchObject({
    ok: false,
    error: { code: 'FAILED_PRECONDITION' },
  });
  // A confirmed bill cannot be confirmed again.
  expect((await userConfirms(id, 'SUCCESS')).status).toBe(409);
});

test('a bill the distributor never confirms is closed after 24 h (FAIL, OVERDUE_CLOSE) and the money returns to available', async () => {
  const { id } = await approvedWithdrawal(5_000, 'transfer-expire-01');
  expect(balances('B')).toEqual({ available: 35_000, withdrawing: 5_000, withdrawn: 10_000 });
  // While the bill can still be accepted, the merchant can neither return the money nor pay it by hand:
  // either would pay the distributor twice once they confirm.
  const before = shop.snapshot();
  for (const [action, extra] of [
    ['withdrawals.review', { approve: false, reason: '重复' }],
    ['withdrawals.markPaid', { reference: 'BANK-1' }],
    ['withdrawals.markFailed', { reason: '线下已付' }],
  ] as const) {
    expect(await shop.call('admin', action, { withdrawalId: id, ...extra }, ADMIN)).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: expect.stringContaining('商家转账') },
    });
  }
  expect(shop.snapshot()).toBe(before);
  await shop.advance(DAY - 60_000);
  expect(shop.cloud.wechatpayV3.transfer(id)!.state).toBe('WAIT_USER_CONFIRM');
  expect(shop.get('withdrawals', id)!.status).toBe('approved');
  await shop.advance(60_000);
  await shop.cloud.wechatpayV3.idle();
  // WeChat Pay closes an unconfirmed bill as FAIL with fail_reason OVERDUE_CLOSE (商家转账 FAQ).
  expect(shop.cloud.wechatpayV3.transfer(id)).toMatchObject({
    state: 'FAIL',
    failReason: 'OVERDUE_CLOSE',
    notify: { delivered: true },
  });
  expect(shop.get('withdrawals', id)).toMatchObject({
    status: 'failed',
    transfer: { state: 'FAIL', failReason: 'OVERDUE_CLOSE' },
  });
  expect(shop.get('withdrawals', id)!.reason).toBe('商家转账失败：未在 24 小时内确认收款，已关闭');
  expect(balances('B')).toEqual({ available: 40_000, withdrawing: 0, withdrawn: 10_000 });
});

test('a failed transfer returns the money; a forged or wrong-amount transfer result is refused', async () => {
  const { id } = await approvedWithdrawal(2_000, 'transfer-failed-01');
  const sim = shop.cloud.wechatpayV3;
  const bill = sim.transfer(id)!;
  const result = (overrides: Record<string, unknown>) =>
    sim.notificationBody(
      'MCHTRANSFER.BILL.FINISHED',
      'mch_payment',
      {
        mch_id: sim.keys.mchId,
        out_bill_no: id,
        transfer_bill_no: bill.transferBillNo,
        state: 'SUCCESS',
        transfer_amount: bill.amount,
        openid: 'B',
        ...overrides,
      },
      '商家转账单据终态通知',
    );
  const before = shop.snapshot();
  const wrongAmount = result({ transfer_amount: bill.amount + 1 });
  const otherUser = result({ openid: 'C' });
  const unknownBill = result({ out_bill_no: 'W000000000000000000000000' });
  const genuine = result({});
  const refused = await Promise.all([
    shop.notify(wrongAmount, sim.sign(wrongAmount)),
    shop.notify(otherUser, sim.sign(otherUser)),
    shop.notify(unknownBill, sim.sign(unknownBill)),
    shop.notify(genuine, sim.sign(genuine, shop.cloud.clock.now() - 10 * 60_000)),
  ]);
  expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 401]);
  expect(shop.snapshot()).toBe(before);

  const failed = await userConfirms(id, 'FAIL');
  expect(failed.body).toMatchObject({
    state: 'FAIL',
    failReason: 'PAYEE_ACCOUNT_ABNORMAL',
    notify: { delivered: true },
  });
  expect(shop.get('withdrawals', id)).toMatchObject({
    status: 'failed',
    transfer: { state: 'FAIL', failReason: 'PAYEE_ACCOUNT_ABNORMAL' },
  });
  expect(balances('B')).toEqual({ available: 40_000, withdrawing: 0, withdrawn: 10_000 });
  // Replayed, the failure returns the money only once.
  const after = shop.snapshot();
  const delivered = sim.transfer(id)!.notify!.body;
  expect((await shop.notify(delivered, sim.sign(delivered))).status).toBe(204);
  expect(shop.snapshot()).toBe(after);
});

test('a bill the platform refuses (2000 yuan and more needs a real name) leaves the merchant to pay by hand', async () => {
  shop.cloud.engine.insert('accounts', [
    { _id: 'A', pending: 0, available: 300_000, withdrawing: 0, withdrawn: 0, debt: 0, rev: 1, settleSeq: 1 },
  ]);
  const { withdrawal } = await shop.ok(
    'wallet',
    'withdraw',
    { amount: 250_000, clientRequestId: 'big-transfer-1' },
    'A',
  );
  const { withdrawal: reviewed } = await shop.ok(
    'admin',
    'withdrawals.review',
    { withdrawalId: withdrawal._id, approve: true },
    ADMIN,
  );
  expect(reviewed).toMatchObject({ status: 'approved', transfer: { state: 'ERROR' } });
  await shop.ok(
    'admin',
    'withdrawals.markPaid',
    { withdrawalId: withdrawal._id, reference: 'BANK-BIG-1' },
    ADMIN,
  );
  expect(shop.get('withdrawals', withdrawal._id)).toMatchObject({ status: 'paid', reference: 'BANK-BIG-1' });
  expect(shop.get('accounts', 'A')).toMatchObject({ available: 50_000, withdrawing: 0, withdrawn: 250_000 });
});

test('a final state whose notification was lost is asked of WeChat Pay by the timer, and applied once', async () => {
  const sim = shop.cloud.wechatpayV3;
  const { id } = await approvedWithdrawal(3_000, 'transfer-lost-01');
  const { id: waiting } = await approvedWithdrawal(1_000, 'transfer-lost-02');
  const realUrl = sim.transfer(id)!.notifyUrl!;
  // The shop's notify address is unreachable when the distributor confirms: every delivery fails.
  sim.transfer(id)!.notifyUrl = 'http://127.0.0.1:9/lost';
  const confirmed = await userConfirms(id, 'SUCCESS');
  expect(confirmed.body.notify).toMatchObject({ delivered: false });
  expect(shop.get('withdrawals', id)!.status).toBe('approved');

  // The settle timer runs every 10 minutes as the clock moves; inside 30 minutes of the last news it
  // does not ask.
  await shop.advance(20 * 60_000);
  expect(shop.get('withdrawals', id)!.status).toBe('approved');
  await shop.advance(11 * 60_000);
  expect(shop.get('withdrawals', id)).toMatchObject({
    status: 'paid',
    reviewedBy: 'wechatpay',
    reference: sim.transfer(id)!.transferBillNo,
    transfer: { state: 'SUCCESS' },
  });
  // The bill still awaiting the distributor stays as it was: asked again after another pause.
  expect(shop.get('withdrawals', waiting)).toMatchObject({
    status: 'approved',
    transfer: { state: 'WAIT_USER_CONFIRM' },
  });
  expect(balances('B')).toEqual({ available: 36_000, withdrawing: 1_000, withdrawn: 13_000 });

  // The notification arrives at last: acknowledged, nothing moves twice.
  const after = shop.snapshot();
  sim.transfer(id)!.notify!.url = realUrl;
  const delivered = sim.transfer(id)!.notify!.body;
  expect((await shop.notify(delivered, sim.sign(delivered))).status).toBe(204);
  expect(shop.snapshot()).toBe(after);
  await userConfirms(waiting, 'CANCELLED');
  expect(balances('B')).toEqual({ available: 37_000, withdrawing: 0, withdrawn: 13_000 });
});

test('in manual mode approval creates no bill, and the page is told there is nothing to confirm', async () => {
  await shop.ok('admin', 'settings.update', { settings: { payout: { mode: 'manual' } } }, ADMIN);
  const { id, reviewed } = await approvedWithdrawal(1_000, 'transfer-manual-1');
  expect(reviewed.transfer).toBeUndefined();
  expect(shop.cloud.wechatpayV3.transfer(id)).toBeUndefined();
  expect(await shop.call('wallet', 'transferInfo', { withdrawalId: id }, 'B')).toMatchObject({
    ok: false,
    error: { code: 'FAILED_PRECONDITION' },
  });
  await shop.ok('admin', 'withdrawals.markPaid', { withdrawalId: id, reference: 'BANK-7' }, ADMIN);
  expect(balances('B')).toEqual({ available: 36_000, withdrawing: 0, withdrawn: 14_000 });
});

test('settings refuse a transfer payout without its report fields and a notify address that is not https', async () => {
  const noReport = await shop.call(
    'admin',
    'settings.update',
    { settings: { payout: { mode: 'transfer', postType: '' } } },
    ADMIN,
  );
  expect(noReport).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/岗位类型/) },
  });
  const http = await shop.call(
    'admin',
    'settings.update',
    { settings: { payment: { notifyUrl: 'http://example.com/pay' } } },
    ADMIN,
  );
  expect(http).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  const tooLong = await shop.call(
    'admin',
    'settings.update',
    { settings: { payout: { remark: '佣'.repeat(33) } } },
    ADMIN,
  );
  expect(tooLong).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
});
