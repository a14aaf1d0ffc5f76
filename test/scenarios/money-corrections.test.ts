// Every fen accounted for, through the local cloud and the real wx-server-sdk: a cancel or an expiry racing
// the shopper's payment never leaves a shopper charged for a cancelled order; a payment that reaches a
// closed order anyway is refunded in full and shown to the merchant; notifications WeChat Pay does not
// confirm write nothing; the merchant refunds long after settlement and the debt follows the written
// rounding rule; analytics date a reversal in the month of its refund; oversized orders and rates are
// refused in words.
import { startCloud, TestCloud } from '../support/cloud';
import { ADDRESS as address, productDoc as product, userDoc } from '../support/fixtures';

const DAY = 86_400_000;
const ADMIN = 'merchant';
let shop: TestCloud;

const ok = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.ok(fn, action, data, openid);
const docs = (collection: string, query: Record<string, unknown> = {}) =>
  shop.local.engine.find(collection, { query, limit: 1000 }) as Record<string, any>[];
const doc = (collection: string, id: string) =>
  shop.local.engine.getById(collection, id) as Record<string, any>;
const snapshot = () =>
  JSON.stringify(
    ['orders', 'commissions', 'accounts', 'ledger', 'refunds', 'products', 'users', 'events'].map((c) =>
      docs(c),
    ),
  );
/** The Beijing date of an instant, from the platform's time-zone database. */
const beijingDate = (at: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(at));
const monthOf = (date: string) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${date.slice(0, 7)}-01`, to: `${date.slice(0, 7)}-${String(last).padStart(2, '0')}` };
};

async function settleNow() {
  const outcome = await shop.local.invoke('settle', { Type: 'Timer', TriggerName: 'settleEvery10Minutes' });
  if (!outcome.ok) throw new Error(outcome.errMsg);
  const answer = outcome.result as { ok: boolean; data: any; error?: unknown };
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.data;
}

/** An unpaid order whose WeChat Pay payment exists (the shopper opened the cashier). */
async function unpaidOrder(buyer: string): Promise<{ _id: string; outTradeNo: string }> {
  const { order } = await ok(
    'order',
    'create',
    { items: [{ productId: 'tea', quantity: 1 }], address },
    buyer,
  );
  await ok('order', 'pay', { orderId: order._id }, buyer);
  return order;
}

async function buyAndPay(buyer: string, productId = 'tea'): Promise<any> {
  const { order } = await ok('order', 'create', { items: [{ productId, quantity: 1 }], address }, buyer);
  await ok('order', 'pay', { orderId: order._id }, buyer);
  await shop.local.pay.pay(order.outTradeNo, 'SUCCESS');
  await shop.local.pay.idle();
  return order;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What WeChat Pay and the shop say of an order, checked together: money WeChat Pay took is either an
 * order paid in the shop or refunded in full; a cancelled or closed order was not charged, or was refunded.
 */
function checkCharged(orderId: string): 'paid' | 'closed' | 'refunded' {
  const charge = shop.local.pay.order(orderId);
  const order = doc('orders', orderId);
  const charged = charge?.tradeState === 'SUCCESS' || charge?.tradeState === 'REFUND';
  if (!charged) {
    expect(['cancelled', 'closed']).toContain(order.status);
    return 'closed';
  }
  if (order.status === 'paid') return 'paid';
  // Charged but closed here: only when refunded in full.
  expect(['cancelled', 'closed']).toContain(order.status);
  const refunded = shop.local.pay.refundsOf(orderId).reduce((sum, r) => sum + r.refundFee, 0);
  expect([orderId, refunded]).toEqual([orderId, charge!.totalFee]);
  expect(doc('refunds', `${orderId}-L`)).toMatchObject({ origin: 'late_payment', status: 'refunded' });
  return 'refunded';
}

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const now = shop.local.clock.date();
  shop.local.engine.insert('users', [
    userDoc('A', null, 'active', now),
    userDoc('B', 'A', 'active', now),
    userDoc('C', 'B', 'none', now),
  ]);
  shop.local.engine.insert('products', [product('tea', 10_000, { stock: 100_000 })]);
  await shop.setSettings({ unpaidCloseMinutes: 1, withdrawal: { minAmount: 100, feeBp: 0 } });
});
afterAll(() => shop?.stop());

describe('a cancel or an expiry racing the payment', () => {
  test('30 cancels against 30 payments: every charged order is paid in the shop, none is charged and cancelled', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const order = await unpaidOrder('C');
      // The two land in every order: sometimes the payment first, sometimes the cancel, sometimes together.
      const cancel = shop.call('order', 'cancel', { orderId: order._id }, 'C');
      await pause(i % 5);
      const payment = shop.local.pay.pay(order.outTradeNo, 'SUCCESS').catch((e: Error) => e);
      const [cancelled, paid] = await Promise.all([cancel, payment]);
      await shop.local.pay.idle();
      const outcome = checkCharged(order._id);
      outcomes.push(outcome);
      // The shopper was told the truth: a refused cancel says the order is paid.
      if (outcome === 'paid' && !cancelled.ok) expect(cancelled.error.message).toContain('已支付');
      if (outcome === 'closed') expect(paid).toBeInstanceOf(Error);
    }
    expect(outcomes).not.toContain('refunded');
    expect(outcomes.length).toBe(30);
  });

  test('30 expiries against 30 payments: the timer never closes an order WeChat Pay charged', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const order = await unpaidOrder('C');
      shop.local.clock.advance(2 * 60_000);
      const timer = settleNow();
      await pause(i % 5);
      const payment = shop.local.pay.pay(order.outTradeNo, 'SUCCESS').catch((e: Error) => e);
      await Promise.all([timer, payment]);
      await shop.local.pay.idle();
      // A second run finds nothing left to close and changes nothing.
      await settleNow();
      outcomes.push(checkCharged(order._id));
    }
    expect(outcomes).not.toContain('refunded');
    expect(new Set(outcomes).size).toBeGreaterThanOrEqual(1);
  });

  test('an order the shopper never took to the cashier is cancelled and closed: WeChat Pay saying it knows no such payment means it cannot be paid', async () => {
    // wx-server-sdk answers cloudPay with errCode 0 over WeChat Pay's err_code: the code is read from its words.
    const { order: cancelled } = await ok(
      'order',
      'create',
      { items: [{ productId: 'tea', quantity: 1 }], address },
      'C',
    );
    expect((await ok('order', 'cancel', { orderId: cancelled._id }, 'C')).order.status).toBe('cancelled');
    expect(doc('orders', cancelled._id).providerCloseFailed).toBeUndefined();
    const { order: expired } = await ok(
      'order',
      'create',
      { items: [{ productId: 'tea', quantity: 1 }], address },
      'C',
    );
    shop.local.clock.advance(2 * 60_000);
    expect((await settleNow()).closed).toBeGreaterThanOrEqual(1);
    expect(doc('orders', expired._id)).toMatchObject({ status: 'closed' });
    expect(doc('orders', expired._id).providerCloseFailed).toBeUndefined();
  });

  test('a payment that reaches an order already closed is refunded in full, by the timer when its notice is lost, and the merchant sees it', async () => {
    const order = await unpaidOrder('C');
    // The merchant unsets payment by mistake: the cancel cannot ask WeChat Pay to close, the order closes here.
    await shop.setSettings({ payment: { subMchId: '' } });
    await ok('order', 'cancel', { orderId: order._id }, 'C');
    // The shopper pays the cashier still open on their phone; the notice fails (no payment set up) and waits.
    await shop.local.pay.pay(order.outTradeNo, 'SUCCESS');
    await shop.local.pay.idle();
    expect(doc('orders', order._id).status).toBe('cancelled');
    expect(shop.local.pay.order(order.outTradeNo)?.tradeState).toBe('SUCCESS');

    await shop.setSettings({ payment: { subMchId: '1900000109' } });
    shop.local.clock.advance(11 * 60_000);
    const report = await settleNow();
    await shop.local.pay.idle();
    expect(report.latePayments).toBe(1);
    expect(checkCharged(order._id)).toBe('refunded');
    expect(doc('orders', order._id).latePayment).toMatchObject({
      totalFee: 10_000,
      refundId: `${order._id}-L`,
    });
    // No commission, no spending, no sale for an order that never was one.
    expect(docs('commissions', { orderId: order._id })).toEqual([]);
    expect(docs('events', { type: 'payment.after_close', subjectId: order._id })).toHaveLength(1);
    expect((await ok('admin', 'stats.todo', {}, ADMIN)).lateRefunds).toBe(1);
    // The lost notice, delivered at last, finds the work done.
    const before = snapshot();
    shop.local.clock.advance(DAY);
    await shop.local.pay.tick();
    await shop.local.pay.idle();
    await settleNow();
    expect(snapshot().replace(/"updatedAt":"[^"]+"/g, '')).toBe(before.replace(/"updatedAt":"[^"]+"/g, ''));
  });
});

describe('notices WeChat Pay does not confirm', () => {
  test('a payment notice for an order WeChat Pay has as unpaid writes nothing and is not acknowledged', async () => {
    const order = await unpaidOrder('C');
    const before = snapshot();
    const outcome = await shop.local.invoke('payNotify', {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: order.outTradeNo,
      totalFee: 10_000,
      transactionId: '4200000000000000000001',
      openid: 'C',
    });
    expect(outcome.ok && (outcome.result as { errcode: number }).errcode).not.toBe(0);
    expect(snapshot()).toBe(before);
    expect(doc('orders', order._id).status).toBe('created');
  });

  test('a refund notice for a request the merchant never approved writes nothing', async () => {
    const paid = await buyAndPay('C');
    const { refund } = await ok('order', 'refund', { orderId: paid._id, reason: '不想要了' }, 'C');
    const before = snapshot();
    const outcome = await shop.local.invoke('payNotify', {
      outTradeNo: paid.outTradeNo,
      outRefundNo: refund._id,
      refundFee: refund.amount,
      refundStatus: 'SUCCESS',
    });
    expect(outcome.ok && (outcome.result as { errcode: number }).errcode).not.toBe(0);
    expect(snapshot()).toBe(before);
    expect(doc('refunds', refund._id).status).toBe('requested');
    expect(doc('orders', paid._id).status).toBe('refunding');
  });
});

describe('the merchant refunds', () => {
  test('30 days after settlement, for a distributor who withdrew everything: debt by the written rule, paid off by the next commission', async () => {
    const sale = await buyAndPay('C');
    const soldOn = beijingDate(shop.local.clock.now());
    await ok(
      'admin',
      'orders.ship',
      { orderId: sale._id, expressCompany: 'SF', trackingNo: 'SF100000001' },
      ADMIN,
    );
    await shop.receive(sale._id, 'C');
    shop.local.clock.advance(8 * DAY);
    await settleNow();
    const entry = doc('commissions', `${sale._id}:L1`);
    expect(entry).toMatchObject({ beneficiaryId: 'B', status: 'settled', amount: 1000 });
    // B withdraws everything and is paid.
    const available = doc('accounts', 'B').available;
    const { withdrawal } = await ok('wallet', 'withdraw', { amount: available }, 'B');
    await ok('admin', 'withdrawals.review', { withdrawalId: withdrawal._id, approve: true }, ADMIN);
    await ok('admin', 'withdrawals.markPaid', { withdrawalId: withdrawal._id, reference: 'BANK-1' }, ADMIN);
    expect(doc('accounts', 'B')).toMatchObject({ available: 0, debt: 0 });

    // 30 days later the merchant refunds ¥33.33 of the goods.
    shop.local.clock.advance(30 * DAY);
    const refundedOn = beijingDate(shop.local.clock.now());
    const { refund } = await ok(
      'admin',
      'orders.refund',
      { orderId: sale._id, amount: 3333, reason: '品质问题补偿' },
      ADMIN,
    );
    expect(refund).toMatchObject({ origin: 'merchant', status: 'processing', amount: 3333 });
    await shop.local.pay.idle();
    expect(doc('refunds', refund._id).status).toBe('refunded');
    // The README's rule: the entry keeps floor(1000 × 6667 / 10000) = 666; 334 is reversed, all of it debt.
    const kept = Math.floor((1000 * (10_000 - 3333)) / 10_000);
    expect(doc('commissions', `${sale._id}:L1`)).toMatchObject({
      reversedAmount: 1000 - kept,
      status: 'settled',
    });
    expect(doc('accounts', 'B')).toMatchObject({ available: 0, debt: 1000 - kept });
    expect(docs('ledger', { entryId: `${sale._id}:L1`, kind: 'reversed' })).toEqual([
      expect.objectContaining({
        amount: 334,
        afterSettlement: true,
        delta: expect.objectContaining({ debt: 334, available: 0 }),
      }),
    ]);
    // A (level 2) had not withdrawn: the reversal comes out of available.
    expect(doc('accounts', 'A').debt).toBe(0);

    // The next commission pays the debt off first.
    const next = await buyAndPay('C');
    await ok(
      'admin',
      'orders.ship',
      { orderId: next._id, expressCompany: 'SF', trackingNo: 'SF100000002' },
      ADMIN,
    );
    await shop.receive(next._id, 'C');
    shop.local.clock.advance(8 * DAY);
    await settleNow();
    expect(doc('accounts', 'B')).toMatchObject({ debt: 0, available: 1000 - 334 });
    expect(docs('ledger', { userId: 'B', kind: 'debt_paid' }).map((r) => r.amount)).toEqual([334]);
    const books = await ok('admin', 'reconcile', {}, ADMIN);
    expect([books.mismatches, books.entryMismatches]).toEqual([[], []]);

    // Analytics date the reversal in the month of the refund, not of the sale.
    const sold = monthOf(soldOn);
    const refundMonth = monthOf(refundedOn);
    expect(sold.from).not.toBe(refundMonth.from);
    const inSaleMonth = await ok('admin', 'stats.commissionByLevel', sold, ADMIN);
    const inRefundMonth = await ok('admin', 'stats.commissionByLevel', refundMonth, ADMIN);
    const reversedInSaleMonth = docs('ledger', { kind: 'reversed' })
      .filter((r) => beijingDate(Date.parse(r.at)) >= sold.from && beijingDate(Date.parse(r.at)) <= sold.to)
      .reduce((s, r) => s + r.amount, 0);
    expect(inSaleMonth.total.reversed).toBe(reversedInSaleMonth);
    expect(inRefundMonth.level1.reversed).toBeGreaterThanOrEqual(334);
    expect(inRefundMonth.level1.reversed).toBe(
      docs('ledger', { kind: 'reversed', level: 1 })
        .filter(
          (r) =>
            beijingDate(Date.parse(r.at)) >= refundMonth.from &&
            beijingDate(Date.parse(r.at)) <= refundMonth.to,
        )
        .reduce((s, r) => s + r.amount, 0),
    );
    const overview = await ok('admin', 'stats.overview', refundMonth, ADMIN);
    expect(overview.refunds).toBeGreaterThanOrEqual(3333);
  });

  test('refunds.review approves less than was asked, never more', async () => {
    const sale = await buyAndPay('C');
    const { refund } = await ok(
      'order',
      'refund',
      { orderId: sale._id, reason: '少发一件', amount: 6000 },
      'C',
    );
    const more = await shop.call(
      'admin',
      'refunds.review',
      { refundId: refund._id, approve: true, amount: 6001 },
      ADMIN,
    );
    expect(more).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const approved = await ok(
      'admin',
      'refunds.review',
      { refundId: refund._id, approve: true, amount: 4000 },
      ADMIN,
    );
    expect(approved.refund).toMatchObject({ amount: 4000, requestedAmount: 6000, status: 'processing' });
    await shop.local.pay.idle();
    expect(doc('orders', sale._id)).toMatchObject({ refundedAmount: 4000, status: 'paid' });
    expect(shop.local.pay.refundsOf(sale.outTradeNo).map((r) => r.refundFee)).toEqual([4000]);
  });

  test('a refund is refused past WeChat Pay’s refund period and while another is open', async () => {
    const sale = await buyAndPay('C');
    await ok('order', 'refund', { orderId: sale._id, reason: '不想要了' }, 'C');
    const open = await shop.call('admin', 'orders.refund', { orderId: sale._id, reason: '补偿' }, ADMIN);
    expect(open).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    const old = await buyAndPay('C');
    shop.local.clock.advance(366 * DAY);
    const late = await shop.call('admin', 'orders.refund', { orderId: old._id, reason: '补偿' }, ADMIN);
    expect(late).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: expect.stringContaining('一年') },
    });
  });
});

describe('amounts and rates beyond what the shop can pay are refused in words', () => {
  test('a 200,000-yuan product × 999 is refused before any commission maths', async () => {
    shop.local.engine.insert('products', [product('gold', 20_000_000)]);
    const before = snapshot();
    const answer = await shop.call(
      'order',
      'create',
      { items: [{ productId: 'gold', quantity: 999 }], address },
      'C',
    );
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: expect.stringContaining('上限') },
    });
    expect(snapshot()).toBe(before);
  });

  test('a product rate above the cap is refused; one stored by an earlier version never breaks an order', async () => {
    const base = { name: '高佣商品', price: 10_000, stock: 10, category: '茶', images: [], status: 'on' };
    const twice = await shop.call(
      'admin',
      'products.upsert',
      { product: { ...base, commission: { mode: 'rate', level1Bp: 20_000, level2Bp: 0 } } },
      ADMIN,
    );
    expect(twice).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const overCap = await shop.call(
      'admin',
      'products.upsert',
      { product: { ...base, commission: { mode: 'rate', level1Bp: 2500, level2Bp: 1000 } } },
      ADMIN,
    );
    expect(overCap).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('上限') },
    });
    // Written before rates were checked: 200%, in the old shape.
    shop.local.engine.insert('products', [
      product('legacy', 10_000, { commission: { mode: 'rate', level1: 20_000, level2: 0 } }),
    ]);
    const { order } = await ok(
      'order',
      'create',
      { items: [{ productId: 'legacy', quantity: 1 }], address },
      'C',
    );
    expect((await shop.adminOrder(order._id)).commissionPreview.level1).toBe(3000);
  });
});
