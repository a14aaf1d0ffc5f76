// WeChat Pay API v3 end to end through the local cloud and the real wx-server-sdk: order → pay → signed,
// encrypted notification → commission, identical to the cloudPay path; forged, stale, altered, wrong-amount
// and replayed notifications refused or credited once; retries on the virtual clock until acknowledged.
import { generateKeyPairSync } from 'node:crypto';
import { encryptResource, platformHeaders, rsaVerify } from '../../core/data/wechatpay-v3/crypto';
import { confirmInWeChat } from '../support/cloud';
import { ADMIN, address, DAY, Shop, startShop } from './wechatpay-v3-shop';

/** Stored documents with every time replaced, so runs at different moments compare equal. */
function timeless(value: unknown): unknown {
  if (value instanceof Date) return '<time>';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return '<time>';
  if (Array.isArray(value)) return value.map(timeless);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, timeless(inner)]));
  }
  return value;
}

const byId = (rows: Record<string, any>[]) =>
  [...rows].sort((a, b) => String(a._id).localeCompare(String(b._id)));

async function payThroughSimulator(shop: Shop, outTradeNo: string) {
  const res = await fetch(`${shop.cloud.url}/_pay/${outTradeNo}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ result: 'SUCCESS' }),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<any>;
}

/** The same shopping story on either provider: buy, pay, partial refund, complete, settle. */
async function story(shop: Shop) {
  const { order } = await shop.ok(
    'order',
    'create',
    {
      items: [
        { productId: 'p999', quantity: 3 },
        { productId: 'pcheap', quantity: 1 },
      ],
      address,
      clientRequestId: 'story-order-0001',
    },
    'C',
  );
  const paid = await shop.ok('order', 'pay', { orderId: order._id }, 'C');
  await payThroughSimulator(shop, order.outTradeNo);
  const { refund } = await shop.ok(
    'order',
    'refund',
    { orderId: order._id, amount: 9990, reason: '少发一件' },
    'C',
  );
  await shop.ok('admin', 'refunds.review', { refundId: refund._id, approve: true }, ADMIN);
  await shop.cloud.pay.idle();
  await shop.cloud.wechatpayV3.idle();
  await shop.ok(
    'admin',
    'orders.ship',
    { orderId: order._id, expressCompany: 'SF', trackingNo: 'SF123456789' },
    ADMIN,
  );
  await confirmInWeChat(shop.cloud.url, shop.get('orders', order._id) as any, 'C');
  await shop.ok('order', 'confirm', { orderId: order._id }, 'C');
  await shop.advance(8 * DAY);
  const settled = await shop.cloud.invoke('settle', { Type: 'Timer', TriggerName: 'settleEvery10Minutes' });
  expect(settled.ok).toBe(true);
  return {
    order: shop.get('orders', order._id)!,
    payment: paid.payment,
    outcome: timeless({
      commissions: byId(shop.docs('commissions')),
      accounts: byId(shop.docs('accounts')),
      refunds: byId(shop.docs('refunds')),
      ledger: byId(shop.docs('ledger')),
      users: byId(shop.docs('users')).map((u) => ({ _id: u._id, paidSpendFen: u.paidSpendFen })),
    }),
  };
}

describe('the same story on cloudPay and on wechatpay-v3', () => {
  it('ends with identical commissions, ledger rows, accounts and refunds; only the provider differs', async () => {
    const cloudPay = await startShop({ payment: { provider: 'cloudPay', subMchId: '1900000109' } });
    let viaCloudPay: Awaited<ReturnType<typeof story>>;
    try {
      viaCloudPay = await story(cloudPay);
    } finally {
      await cloudPay.stop();
    }
    const v3 = await startShop({ payment: { provider: 'wechatpay-v3' } });
    try {
      const viaV3 = await story(v3);
      // The story did move money: B earned level 1 and A level 2, a third of it reversed by the refund.
      const accounts = (viaV3.outcome as any).accounts as any[];
      expect(accounts.find((a) => a._id === 'B')).toMatchObject({ available: 1999 });
      expect(accounts.find((a) => a._id === 'A')).toMatchObject({ available: 998 });
      expect(viaV3.outcome).toEqual(viaCloudPay.outcome);
      expect(viaCloudPay.order.payment.provider).toBe('cloudPay');
      expect(viaV3.order.payment.provider).toBe('wechatpay-v3');
      expect([viaV3.order.status, viaV3.order.refundedAmount]).toEqual(['completed', 9990]);
      expect(viaV3.order.payment.transactionId).toBe(
        v3.cloud.wechatpayV3.order(viaV3.order.outTradeNo)!.transactionId,
      );

      // wx.requestPayment's parameters are RSA-signed with the merchant key over appId, timeStamp, nonceStr, package.
      const p = viaV3.payment;
      const keys = v3.cloud.wechatpayV3.keys;
      expect(p).toMatchObject({
        appId: keys.appId,
        signType: 'RSA',
        package: `prepay_id=${v3.cloud.wechatpayV3.order(viaV3.order.outTradeNo)!.prepayId}`,
      });
      expect(
        rsaVerify(
          `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`,
          p.paySign,
          keys.merchantPublicKey,
        ),
      ).toBe(true);
      // The platform got the refund request and delivered its result.
      const refund = v3.cloud.wechatpayV3.refund(`${viaV3.order._id}-R1`)!;
      expect([refund.refund, refund.total, refund.notify?.delivered]).toEqual([
        9990,
        viaV3.order.amount,
        true,
      ]);
    } finally {
      await v3.stop();
    }
  });
});

describe('wechatpay-v3 notifications', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop({ payment: { provider: 'wechatpay-v3' } });
  });
  afterAll(() => shop?.stop());

  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const strangerKey = stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  async function unpaidOrder(quantity = 1) {
    const { order } = await shop.ok(
      'order',
      'create',
      { items: [{ productId: 'p999', quantity }], address },
      'C',
    );
    await shop.ok('order', 'pay', { orderId: order._id }, 'C');
    return order;
  }

  function transaction(
    order: { outTradeNo: string; amount: number },
    overrides: Record<string, unknown> = {},
  ) {
    const keys = shop.cloud.wechatpayV3.keys;
    return {
      appid: keys.appId,
      mchid: keys.mchId,
      out_trade_no: order.outTradeNo,
      transaction_id: '4200000000202401010000000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      success_time: '2024-01-01T10:00:00+08:00',
      payer: { openid: 'C' },
      amount: { total: order.amount, payer_total: order.amount, currency: 'CNY', payer_currency: 'CNY' },
      ...overrides,
    };
  }

  const body = (resource: Record<string, unknown>) =>
    shop.cloud.wechatpayV3.notificationBody('TRANSACTION.SUCCESS', 'transaction', resource, '支付成功');

  it('refuses a bad signature, a stale one, altered ciphertext, a wrong amount and an unknown order, changing nothing', async () => {
    const order = await unpaidOrder();
    const sim = shop.cloud.wechatpayV3;
    const genuine = body(transaction(order));
    const envelope = JSON.parse(genuine);
    const sealed = Buffer.from(envelope.resource.ciphertext, 'base64');
    sealed[5] = sealed[5]! ^ 0x01;
    const altered = JSON.stringify({
      ...envelope,
      resource: { ...envelope.resource, ciphertext: sealed.toString('base64') },
    });
    const wrongAmount = body(
      transaction(order, {
        amount: { total: order.amount - 1, payer_total: order.amount - 1, currency: 'CNY' },
      }),
    );
    const unknownOrder = body(transaction({ outTradeNo: 'O000000000000000000000000', amount: order.amount }));
    const otherMerchant = body(transaction(order, { mchid: '1234567890' }));
    // Encrypted with another key than our APIv3 key, then signed properly.
    const foreignKey = JSON.stringify({
      ...envelope,
      resource: {
        original_type: 'transaction',
        ...encryptResource(JSON.stringify(transaction(order)), 'Z'.repeat(32), 'transaction'),
      },
    });
    const now = shop.cloud.clock.now();

    const before = shop.snapshot();
    const attempts: [string, Promise<{ status: number; text: string }>][] = [
      [
        'signed by a stranger',
        shop.notify(genuine, platformHeaders(genuine, strangerKey, sim.keys.platformPublicKeyId, now)),
      ],
      [
        'body changed after signing',
        shop.notify(genuine.replace(/"id":"[^"]+"/, '"id":"EV-forged"'), sim.sign(genuine)),
      ],
      ['signed six minutes ago', shop.notify(genuine, sim.sign(genuine, now - 6 * 60_000))],
      ['no signature headers', shop.notify(genuine, {})],
      ['altered ciphertext', shop.notify(altered, sim.sign(altered))],
      ['encrypted with another key', shop.notify(foreignKey, sim.sign(foreignKey))],
      ['wrong amount', shop.notify(wrongAmount, sim.sign(wrongAmount))],
      ['unknown order', shop.notify(unknownOrder, sim.sign(unknownOrder))],
      ['another merchant', shop.notify(otherMerchant, sim.sign(otherMerchant))],
    ];
    const answers = await Promise.all(attempts.map(async ([name, answer]) => [name, await answer] as const));
    for (const [name, answer] of answers) {
      // Any 4xx/5xx makes the platform retry; the body says FAIL.
      expect([name, answer.status >= 400, JSON.parse(answer.text).code]).toEqual([name, true, 'FAIL']);
    }
    expect(Object.fromEntries(answers.map(([name, a]) => [name, a.status]))).toMatchObject({
      'signed by a stranger': 401,
      'signed six minutes ago': 401,
      'altered ciphertext': 400,
      'wrong amount': 400,
    });
    expect(shop.snapshot()).toBe(before);
    expect(shop.get('orders', order._id)!.status).toBe('created');

    // The genuine one, then replays (sequential and concurrent, each freshly signed): credited once.
    expect((await shop.notify(genuine, sim.sign(genuine))).status).toBe(204);
    expect(shop.get('orders', order._id)).toMatchObject({
      status: 'paid',
      payment: { provider: 'wechatpay-v3', transactionId: '4200000000202401010000000001' },
    });
    expect(
      shop
        .docs('commissions', { orderId: order._id })
        .map((e) => [e.level, e.amount])
        .sort(),
    ).toEqual([
      [1, 999],
      [2, 499],
    ]);
    const paid = shop.snapshot();
    for (let i = 0; i < 3; i++) expect((await shop.notify(genuine, sim.sign(genuine))).status).toBe(204);
    const replays = await Promise.all(
      Array.from({ length: 5 }, () => shop.notify(genuine, sim.sign(genuine))),
    );
    expect(replays.map((r) => r.status)).toEqual(Array(5).fill(204));
    expect(shop.snapshot()).toBe(paid);
  });

  it('answers only the platform: not a GET, not a mini-program caller', async () => {
    const get = await fetch(`${shop.cloud.url}/http/payNotifyV3`);
    expect(get.status).toBe(405);
    const asClient = await shop.cloud.invoke(
      'payNotifyV3',
      { httpMethod: 'POST', headers: {}, body: '{}' },
      'C',
    );
    expect(asClient.ok && (asClient.result as any).statusCode).toBe(403);
  });

  it('a notification the function could not take is retried on the virtual clock until acknowledged', async () => {
    const order = await unpaidOrder(2);
    const secrets = shop.get('secrets', 'wechatpay')!;
    // Keys missing (a merchant mid-setup): the function answers failure and the platform keeps trying.
    shop.cloud.engine.removeById('secrets', 'wechatpay');
    await shop.cloud.host.recycle('payNotifyV3');
    await payThroughSimulator(shop, order.outTradeNo);
    const first = shop.cloud.wechatpayV3.order(order.outTradeNo)!.notify!;
    expect([first.delivered, first.attempts, first.lastStatus]).toEqual([false, 1, 400]);
    expect(shop.get('orders', order._id)!.status).toBe('created');

    shop.cloud.engine.insert('secrets', [secrets]);
    await shop.advance(10_000);
    expect(shop.cloud.wechatpayV3.order(order.outTradeNo)!.notify!.attempts).toBe(1);
    await shop.advance(5_000);
    const retried = shop.cloud.wechatpayV3.order(order.outTradeNo)!.notify!;
    expect([retried.delivered, retried.attempts]).toEqual([true, 2]);
    expect(shop.get('orders', order._id)!.status).toBe('paid');
  });

  it('the simulated platform refuses requests not signed by the merchant key', async () => {
    const res = await fetch(`${shop.cloud.url}/v3/pay/transactions/jsapi`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${shop.cloud.wechatpayV3.keys.mchId}",nonce_str="N",signature="AAAA",timestamp="${Math.floor(shop.cloud.clock.now() / 1000)}",serial_no="${shop.cloud.wechatpayV3.keys.merchantSerialNo}"`,
      },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('an answer that does not verify with the WeChat Pay public key is not believed', async () => {
    const { order } = await shop.ok(
      'order',
      'create',
      { items: [{ productId: 'p999', quantity: 1 }], address },
      'C',
    );
    const secrets = shop.get('secrets', 'wechatpay')!;
    const strangerPublic = stranger.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    shop.cloud.engine.updateById(
      'secrets',
      'wechatpay',
      { platformPublicKey: strangerPublic },
      { merge: true, upsert: false },
    );
    await shop.cloud.host.recycle('order');
    try {
      const answer = await shop.call('order', 'pay', { orderId: order._id }, 'C');
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'FAILED_PRECONDITION', message: expect.stringMatching(/SIGN_ERROR/) },
      });
    } finally {
      shop.cloud.engine.updateById(
        'secrets',
        'wechatpay',
        { platformPublicKey: secrets.platformPublicKey },
        { merge: true, upsert: false },
      );
      await shop.cloud.host.recycle('order');
    }
    expect((await shop.call('order', 'pay', { orderId: order._id }, 'C')).ok).toBe(true);
  });

  it('cancelling closes the order on the platform: it cannot be paid there any more', async () => {
    const order = await unpaidOrder();
    await shop.ok('order', 'cancel', { orderId: order._id }, 'C');
    expect(shop.cloud.wechatpayV3.order(order.outTradeNo)!.tradeState).toBe('CLOSED');
    const res = await fetch(`${shop.cloud.url}/_pay/${order.outTradeNo}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(409);
  });
});
