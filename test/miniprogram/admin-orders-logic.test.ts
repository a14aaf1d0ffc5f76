// The merchant order, refund and withdrawal pages' pure logic: cards, filters, checks, allowed actions, texts.
import type { AdminOrder, AdminRefund, AdminWithdrawal } from '../../miniprogram/services/admin';
import {
  checkRefundForm,
  checkShipForm,
  ORDER_TABS,
  orderCard,
  orderFilter,
  refundableOf,
  refundConfirmText,
  refundStart,
  routeView,
  shippedCard,
  trackingNoProblem,
  uploadView,
} from '../../miniprogram/pages/admin/orders/logic';
import {
  afterDecision,
  approveConfirmText,
  checkPartialAmount,
  partialStart,
  REFUND_TABS,
  refundCard,
  refundCards,
  rejectReasonProblem,
} from '../../miniprogram/pages/admin/refunds/logic';
import {
  actionsFor,
  afterStep,
  confirmText,
  noteProblem,
  payoutOf,
  transferInFlight,
  WITHDRAWAL_TABS,
  withdrawalCard,
} from '../../miniprogram/pages/admin/withdrawals/logic';
import { TRANSFER_STATE_WORDS } from '../../miniprogram/utils/status';

const order = (over: Partial<AdminOrder> = {}): AdminOrder => ({
  _id: 'o1',
  buyerId: 'openid-1',
  buyerNickname: '',
  status: 'paid',
  items: [
    { productId: 'p1', name: '龙井', price: 1000, quantity: 2, paid: 2000 },
    { productId: 'p2', name: '茶杯', price: 500, quantity: 1, paid: 500 },
  ],
  goodsAmount: 2500,
  shipping: 0,
  amount: 2500,
  refundedAmount: 0,
  address: {
    userName: '张三',
    telNumber: '13800000000',
    provinceName: '广东省',
    cityName: '深圳市',
    countyName: '南山区',
    detailInfo: '科技园 1 号',
  },
  remark: '',
  outTradeNo: 'T-o1',
  orderNo: '202611250000000001',
  refundCount: 0,
  referrer: { rule: 'none', capBp: 3000 },
  referrerNames: {},
  commissionPreview: { level1: 0, level2: 0 },
  createdAt: '2026-11-24T16:30:00.000Z',
  expiresAt: '2026-11-24T17:00:00.000Z',
  ...over,
});

describe('orders', () => {
  test('tabs cover every status with 售后 for refunding, starting with 全部', () => {
    expect(ORDER_TABS[0]).toEqual({ value: '', label: '全部' });
    expect(ORDER_TABS.find((t) => t.value === 'refunding')!.label).toBe('售后');
    expect(ORDER_TABS.find((t) => t.value === 'paid')!.label).toBe('待发货');
    expect(ORDER_TABS.map((t) => t.value).sort()).toEqual(
      ['', 'cancelled', 'closed', 'completed', 'created', 'paid', 'refunded', 'refunding', 'shipped'].sort(),
    );
  });

  test('the filter holds only what is set, the search text trimmed', () => {
    expect(orderFilter('', '')).toEqual({});
    expect(orderFilter('', '   ')).toEqual({});
    expect(orderFilter('shipped', '')).toEqual({ status: 'shipped' });
    expect(orderFilter('paid', ' T-123 ')).toEqual({ status: 'paid', q: 'T-123' });
  });

  test('a paid order card: Beijing time, buyer, items, money, address, shippable', () => {
    const card = orderCard(order());
    expect(card.statusText).toBe('待发货');
    expect(card.timeText).toBe('2026-11-25 00:30');
    expect(card.buyerText).toBe('openid-1');
    expect(card.summary).toBe('龙井 ×2，茶杯 ×1');
    expect(card.amountText).toBe('¥25.00');
    expect(card.refundedText).toBe('');
    expect(card.receiverText).toBe('张三 138 0000 0000');
    expect(card.addressText).toBe('广东省深圳市南山区科技园 1 号');
    expect(card.amountLabel).toBe('实付');
    expect(card.refundable).toBe(2500);
    expect(card.referrerText).toBe('');
    expect(card.canShip).toBe(true);
    expect(orderCard(order({ buyerNickname: '小王' })).buyerText).toBe('小王');
  });

  test('unpaid, closed and cancelled orders hide the address and cannot ship', () => {
    for (const status of ['created', 'closed', 'cancelled'] as const) {
      const card = orderCard(order({ status }));
      expect(card.addressText).toBe('');
      expect(card.receiverText).toBe('');
      expect(card.canShip).toBe(false);
      expect(card.refundable).toBe(0);
    }
    for (const status of ['shipped', 'completed', 'refunding', 'refunded'] as const) {
      expect(orderCard(order({ status })).canShip).toBe(false);
      expect(orderCard(order({ status })).receiverText).toContain('张三');
    }
  });

  test('refunded amount, referrer levels and the shipment', () => {
    const card = orderCard(
      order({
        status: 'shipped',
        refundedAmount: 1250,
        referrer: {
          level1: { userId: 'u1', rate: 1000 },
          level2: { userId: 'u2', rate: 250 },
          rule: 'inviter',
          capBp: 3000,
        },
        shippingInfo: { carrier: '顺丰速运', trackingNo: 'SF1', shippedAt: '2026-11-25T02:00:00Z' },
      }),
    );
    expect(card.refundedText).toBe('¥12.50');
    expect(card.referrerText).toBe('一级 u1（10%）；二级 u2（2.5%）');
    expect([card.carrierText, card.trackingText, card.shippedText]).toEqual([
      '顺丰速运',
      'SF1',
      '2026-11-25 10:00',
    ]);
    const oneLevel = order({
      referrer: { level1: { userId: 'u1', rate: 1000 }, rule: 'self', capBp: 3000 },
    });
    expect(orderCard(oneLevel).referrerText).toBe('一级 u1（10%）');
    const notShipped = orderCard(order());
    expect([notShipped.carrierText, notShipped.trackingText, notShipped.shippedText]).toEqual(['', '', '']);
  });

  test('order numbers grouped as people read them, status colours, referrers by nickname, the remark', () => {
    const card = orderCard(
      order({
        remark: '请周末送货',
        referrer: {
          level1: { userId: 'u1', rate: 1000 },
          level2: { userId: 'u2', rate: 500 },
          rule: 'inviter',
          capBp: 3000,
        },
        referrerNames: { level1: '李雷' },
      }),
    );
    expect(card.orderNoText).toBe('2026 1125 0000 0000 01');
    expect(card.statusClass).toBe('status status--paid');
    // A beneficiary without a known nickname falls back to the openid.
    expect(card.referrerText).toBe('一级 李雷（10%）；二级 u2（5%）');
    expect(card.remark).toBe('请周末送货');
    expect(orderCard(order({ orderNo: 'o1' })).orderNoText).toBe('o1');
  });

  test('a closed unpaid order is not 实付; a late payment says it went back in full', () => {
    expect(orderCard(order({ status: 'created' })).amountLabel).toBe('需付款');
    const late = orderCard(
      order({
        status: 'cancelled',
        latePayment: { totalFee: 2500, paidAt: '2026-11-25T00:00:00Z', refundId: 'o1-L' },
      }),
    );
    expect(late.amountLabel).toBe('订单金额');
    expect(late.lateText).toBe('订单关闭后到账的 ¥25.00 已全额退回');
  });

  test("the merchant's refund: what is left to refund, the form's checks, the confirm with the amount", () => {
    expect(refundableOf(order({ status: 'completed', refundedAmount: 1000 }))).toBe(1500);
    for (const status of ['created', 'cancelled', 'closed', 'refunding', 'refunded'] as const)
      expect(refundableOf(order({ status }))).toBe(0);
    const card = orderCard(order({ status: 'shipped', refundedAmount: 500 }));
    expect(refundStart(card)).toBe('20');
    expect(checkRefundForm('', '缺货', 2000)).toEqual({
      ok: false,
      problem: '请输入退款金额（元），最多两位小数',
    });
    expect(checkRefundForm('0', '缺货', 2000).ok).toBe(false);
    expect(checkRefundForm('20.01', '缺货', 2000)).toEqual({ ok: false, problem: '最多可退 ¥20.00' });
    expect(checkRefundForm('10', '  ', 2000)).toEqual({ ok: false, problem: '请填写退款原因（买家可见）' });
    expect(checkRefundForm('10', '字'.repeat(201), 2000).ok).toBe(false);
    expect(checkRefundForm('10.5', ' 缺货 ', 2000)).toEqual({ ok: true, amount: 1050, reason: '缺货' });
    expect(refundConfirmText(card, 1050)).toBe(
      '向买家退款 ¥10.50（可退 ¥20.00）（订单 2026 1125 0000 0000 01），原路退回，佣金按比例扣回，不可撤销。',
    );
    expect(refundConfirmText(card, 2000)).toBe(
      '向买家退款 ¥20.00（订单 2026 1125 0000 0000 01），原路退回，佣金按比例扣回，不可撤销。',
    );
  });

  test('tracking numbers: 4–40 letters, digits, - and _, trimmed', () => {
    expect(trackingNoProblem('')).toBe('请填写快递单号');
    expect(trackingNoProblem('   ')).toBe('请填写快递单号');
    expect(trackingNoProblem('abc')).toBe('快递单号应为 4–40 位');
    expect(trackingNoProblem('a'.repeat(41))).toBe('快递单号应为 4–40 位');
    expect(trackingNoProblem('SF 123')).toBe('快递单号只能包含字母、数字、“-”和“_”');
    expect(trackingNoProblem('顺丰1234')).toBe('快递单号只能包含字母、数字、“-”和“_”');
    expect(trackingNoProblem('SF12/34')).toBe('快递单号只能包含字母、数字、“-”和“_”');
    expect(trackingNoProblem('abcd')).toBe('');
    expect(trackingNoProblem('a'.repeat(40))).toBe('');
    expect(trackingNoProblem(' SF-12_34 ')).toBe('');
  });

  test('the ship form answers what orders.ship takes, or the first problem', () => {
    expect(checkShipForm('SF', ' SF123456 ')).toEqual({
      ok: true,
      expressCompany: 'SF',
      trackingNo: 'SF123456',
    });
    expect(checkShipForm('', 'x')).toEqual({ ok: false, problem: '请选择快递公司' });
    expect(checkShipForm('EMS', 'x')).toEqual({ ok: false, problem: '快递单号应为 4–40 位' });
  });

  test("a shipped card is the server's answered order: 待收货 with the shipment, no ship button", () => {
    const answered = order({
      status: 'shipped',
      buyerNickname: '小王',
      shippingInfo: { carrier: '韵达快递', trackingNo: 'YD1234', shippedAt: '2026-11-25T00:00:00Z' },
      shippedAt: '2026-11-25T00:00:00Z',
    });
    const card = shippedCard(answered);
    expect(card.statusText).toBe('待收货');
    expect(card.canShip).toBe(false);
    expect([card.carrierText, card.trackingText, card.shippedText]).toEqual([
      '韵达快递',
      'YD1234',
      '2026-11-25 08:00',
    ]);
    expect(card.buyerText).toBe('小王');
  });

  test('lines with their specification and a cut price; the coupon and what it took off', () => {
    const card = orderCard(
      order({
        items: [
          {
            productId: 'p1',
            skuId: 'k1',
            specText: '250g / 礼盒',
            name: '龙井',
            price: 8800,
            listPrice: 9900,
            quantity: 2,
            paid: 15600,
          },
          { productId: 'p2', name: '茶杯', price: 500, quantity: 1, paid: 400 },
        ],
        coupon: { name: '满100减20', discount: 2000 },
      }),
    );
    expect(card.summary).toBe('龙井（250g / 礼盒） ×2，茶杯 ×1');
    expect(card.lines).toEqual([
      {
        key: '0:p1:k1',
        name: '龙井',
        specText: '250g / 礼盒',
        quantity: 2,
        priceText: '¥88.00',
        listPriceText: '¥99.00',
        image: '',
      },
      {
        key: '1:p2:',
        name: '茶杯',
        specText: '',
        quantity: 1,
        priceText: '¥5.00',
        listPriceText: '',
        image: '',
      },
    ]);
    expect([card.couponName, card.couponText]).toEqual(['满100减20', '-¥20.00']);
    expect([orderCard(order()).couponName, orderCard(order()).couponText]).toEqual(['', '']);
  });

  test("the shipment's upload to WeChat: synced, retried with WeChat's words and the next try, or skipped", () => {
    expect(uploadView(undefined)).toBeNull();
    expect(uploadView({ state: 'uploaded', attempts: 1, uploadedAt: '2026-11-25T02:00:00Z' })).toEqual({
      tone: 'ok',
      text: '已同步微信',
      detail: '11-25 10:00',
    });
    expect(
      uploadView({
        state: 'retrying',
        attempts: 1,
        lastError: {
          errCode: 10060001,
          message: 'openapi.wxa.sec.order.uploadShippingInfo:fail 支付单不存在',
        },
        nextAt: '2026-11-25T02:01:00Z',
      }),
    ).toEqual({
      tone: 'warning',
      text: '同步失败，将自动重试',
      detail: '第 1 次：支付单不存在（10060001）· 下次 11-25 10:01',
    });
    // From the third failure WeChat keeps the money frozen (the to-do shows it too).
    expect(
      uploadView({ state: 'retrying', attempts: 3, lastError: { errCode: -1, message: '' } })!.text,
    ).toBe('同步失败，将自动重试（货款冻结中）');
    expect(
      uploadView({ state: 'retrying', attempts: 3, lastError: { errCode: -1, message: '' } })!.detail,
    ).toBe('第 3 次：微信未说明原因（-1）');
    expect(uploadView({ state: 'skipped', attempts: 1 })!.text).toBe('未同步：订单没有微信支付单号');
    // Only a shipped card says anything about it, and only a shipped card can be tracked.
    const shipped = orderCard(
      order({
        status: 'shipped',
        shippingInfo: { carrier: '顺丰速运', trackingNo: 'SF1', shippedAt: '2026-11-25T02:00:00Z' },
        shippingUpload: { state: 'uploaded', attempts: 1, uploadedAt: '2026-11-25T02:00:00Z' },
      }),
    );
    expect([shipped.upload!.text, shipped.canTrack]).toEqual(['已同步微信', true]);
    expect([orderCard(order()).upload, orderCard(order()).canTrack]).toEqual([null, false]);
  });

  test('a parcel route newest first in Beijing time; the provider’s note, or why nothing shows', () => {
    const route = routeView('o1', {
      carrier: '顺丰速运',
      trackingNo: 'SF1',
      events: [
        { at: '2026-11-26T03:00:00Z', text: '已签收' },
        { at: '2026-11-25T02:00:00Z', text: '已揽收' },
      ],
    });
    expect(route).toMatchObject({ id: 'o1', title: '顺丰速运 SF1', empty: '', loading: false });
    expect(route.events.map((e) => [e.time, e.text])).toEqual([
      ['11-26 11:00', '已签收'],
      ['11-25 10:00', '已揽收'],
    ]);
    const note = '暂时查不到物流轨迹，可复制单号到快递公司查询';
    expect(routeView('o1', { carrier: 'c', trackingNo: 't', events: [], note }).empty).toBe(note);
    expect(routeView('o1', { carrier: 'c', trackingNo: 't', events: [] }).empty).toContain(
      '分销设置 → 物流轨迹查询',
    );
  });
});

const refund = (over: Partial<AdminRefund> = {}): AdminRefund => ({
  _id: 'r1',
  orderId: 'o1',
  buyerId: 'openid-1',
  buyerNickname: '',
  order: null,
  amount: 1234,
  origin: 'buyer',
  reason: '不想要了',
  status: 'requested',
  createdAt: '2026-11-24T02:00:00Z',
  updatedAt: '2026-11-24T02:00:00Z',
  ...over,
});
/** The order refunds.list answers with a request: number, goods in words, amount, status. */
const refundOrder = (over: Partial<NonNullable<AdminRefund['order']>> = {}): AdminRefund['order'] => ({
  orderNo: '202611250000000001',
  summary: '龙井 ×2 等 3 件',
  amount: 2500,
  status: 'paid',
  ...over,
});

describe('refunds', () => {
  test('tabs start at 待处理 and end with 全部', () => {
    expect(REFUND_TABS.map((t) => t.label)).toEqual(['待处理', '处理中', '已退款', '已拒绝', '失败', '全部']);
    expect(REFUND_TABS[0]!.value).toBe('requested');
    expect(REFUND_TABS.at(-1)!.value).toBe('');
  });

  test('a row: amount, buyer, time, status; only requested can be reviewed', () => {
    const card = refundCard(refund());
    expect(card).toMatchObject({
      amountText: '¥12.34',
      buyerText: 'openid-1',
      timeText: '2026-11-24 10:00',
      statusText: '待处理',
      canReview: true,
    });
    expect(refundCard(refund({ buyerNickname: '小李' })).buyerText).toBe('小李');
    for (const status of ['processing', 'refunded', 'rejected', 'failed'] as const)
      expect(refundCard(refund({ status })).canReview).toBe(false);
    expect(refundCard(refund({ status: 'failed' })).statusText).toBe('退款失败');
  });

  test('reject reason: 1–200 characters after trimming', () => {
    expect(rejectReasonProblem('')).toBe('请填写拒绝原因');
    expect(rejectReasonProblem(' \n ')).toBe('请填写拒绝原因');
    expect(rejectReasonProblem('字'.repeat(201))).toBe('拒绝原因最多 200 个字');
    expect(rejectReasonProblem('字'.repeat(200))).toBe('');
  });

  test('the approve confirm names the amount and order', () => {
    const text = approveConfirmText(refund());
    expect(text).toContain('¥12.34');
    expect(text).toContain('o1');
    // With its order its number is read out; approving less says what was asked.
    const card = refundCard(refund({ order: refundOrder() }));
    expect(approveConfirmText(card)).toBe(
      '同意后将向买家退款 ¥12.34（订单 2026 1125 0000 0000 01），原路退回，不可撤销。',
    );
    expect(approveConfirmText(card, 1000)).toBe(
      '同意后将向买家退款 ¥10.00（买家申请 ¥12.34）（订单 2026 1125 0000 0000 01），原路退回，不可撤销。',
    );
  });

  test('who started a refund, the order behind it, and an approval for less', () => {
    const [buyer, merchant, late] = refundCards([
      refund({ order: refundOrder() }),
      refund({ _id: 'r2', origin: 'merchant' }),
      refund({ _id: 'r3', origin: 'late_payment' }),
    ]);
    expect([buyer!.originText, merchant!.originText, late!.originText]).toEqual([
      '买家申请',
      '商家主动退款',
      '自动退款（订单关闭后到账）',
    ]);
    expect(buyer).toMatchObject({
      orderNoText: '2026 1125 0000 0000 01',
      orderText: '龙井 ×2 等 3 件 · 实付 ¥25.00',
      statusClass: 'status status--created',
      requestedText: '',
    });
    // The order of a late payment closed unpaid: its amount is not 实付.
    const closed = refundCard(refund({ origin: 'late_payment', order: refundOrder({ status: 'closed' }) }));
    expect(closed.orderText).toBe('龙井 ×2 等 3 件 · 订单金额 ¥25.00');
    // An order refunds.list could not find: its id stands in.
    expect(refundCard(refund()).orderNoText).toBe('o1');
    expect(refundCard(refund()).orderText).toBe('');
    expect(
      refundCard(refund({ amount: 1000, requestedAmount: 1234, status: 'processing' })).requestedText,
    ).toBe('买家申请 ¥12.34');
    expect(partialStart(refund())).toBe('12.34');
    expect(checkPartialAmount('12.35', 1234)).toEqual({ ok: false, problem: '不能超过买家申请的 ¥12.34' });
    expect(checkPartialAmount('0', 1234).ok).toBe(false);
    expect(checkPartialAmount('abc', 1234).ok).toBe(false);
    expect(checkPartialAmount('10', 1234)).toEqual({ ok: true, amount: 1000 });
  });

  test('after a decision the row leaves a single-status tab and stays on 全部 with its new state', () => {
    const rows = [refundCard(refund()), refundCard(refund({ _id: 'r2' }))];
    expect(afterDecision(rows, 'r1', { status: 'processing' }, 'requested').map((r) => r._id)).toEqual([
      'r2',
    ]);
    const all = afterDecision(rows, 'r1', { status: 'rejected', rejectReason: '已使用' }, '');
    expect(all.map((r) => r._id)).toEqual(['r1', 'r2']);
    expect(all[0]).toMatchObject({ statusText: '已拒绝', rejectReason: '已使用', canReview: false });
    expect(all[1]).toBe(rows[1]);
  });
});

const withdrawal = (over: Partial<AdminWithdrawal> = {}): AdminWithdrawal => ({
  _id: 'w1',
  userId: 'openid-d',
  nickname: '',
  amount: 10000,
  fee: 60,
  payout: 9940,
  status: 'requested',
  createdAt: '2026-11-24T02:00:00Z',
  updatedAt: '2026-11-24T02:00:00Z',
  ...over,
});
/** A 商家转账 bill in `state`, as a withdrawal records it. */
const bill = (state: NonNullable<AdminWithdrawal['transfer']>['state']) => ({
  state,
  updatedAt: '2026-11-24T03:00:00Z',
});
const TRANSFER_STATES = [
  'ACCEPTED',
  'PROCESSING',
  'WAIT_USER_CONFIRM',
  'TRANSFERING',
  'SUCCESS',
  'FAIL',
  'CANCELING',
  'CANCELLED',
  'ERROR',
] as const;

describe('withdrawals', () => {
  test('tabs start at 待审核 and end with 全部', () => {
    expect(WITHDRAWAL_TABS.map((t) => t.label)).toEqual([
      '待审核',
      '待打款',
      '已打款',
      '已拒绝',
      '失败',
      '全部',
    ]);
    expect(WITHDRAWAL_TABS.map((t) => t.value)).toEqual([
      'requested',
      'approved',
      'paid',
      'rejected',
      'failed',
      '',
    ]);
  });

  test("payout: the server's figure", () => {
    expect(payoutOf(withdrawal())).toBe(9940);
    expect(payoutOf(withdrawal({ payout: 9000 }))).toBe(9000);
    expect(payoutOf(withdrawal({ payout: 0 }))).toBe(0);
  });

  test('a row: name, money, time, status and the transfer state in words', () => {
    const card = withdrawalCard(withdrawal({ status: 'approved', transfer: bill('WAIT_USER_CONFIRM') }));
    expect(card).toMatchObject({
      nameText: 'openid-d',
      amountText: '¥100.00',
      feeText: '¥0.60',
      payoutText: '¥99.40',
      timeText: '2026-11-24 10:00',
      statusText: '待打款',
      transferText: '待分销员确认收款',
    });
    expect(withdrawalCard(withdrawal({ nickname: '老李' })).nameText).toBe('老李');
    expect(withdrawalCard(withdrawal()).transferText).toBe('');
    // Who the merchant pays by hand: the name and mobile of the application.
    expect(withdrawalCard(withdrawal({ realName: '李雷', mobile: '13700002222' })).payeeText).toBe(
      '李雷 137 0000 2222',
    );
    expect(withdrawalCard(withdrawal({ realName: '李雷' })).payeeText).toBe('李雷');
    expect(withdrawalCard(withdrawal()).payeeText).toBe('');
    expect(withdrawalCard(withdrawal({ status: 'paid' })).statusClass).toBe('status status--completed');
    expect(TRANSFER_STATE_WORDS.SUCCESS).toBe('转账成功');
    // Every state the contract allows has words of its own.
    for (const state of TRANSFER_STATES)
      expect(withdrawalCard(withdrawal({ transfer: bill(state) })).transferText).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('requested: review only; approved: mark only; done: nothing', () => {
    expect(actionsFor(withdrawal())).toEqual({ review: true, mark: false, transferNote: '' });
    expect(actionsFor(withdrawal({ status: 'approved' }))).toEqual({
      review: false,
      mark: true,
      transferNote: '',
    });
    for (const status of ['paid', 'rejected', 'failed'] as const)
      expect(actionsFor(withdrawal({ status }))).toEqual({ review: false, mark: false, transferNote: '' });
  });

  test('an in-flight 商家转账 hides the mark steps and explains; a finished or failed bill does not', () => {
    for (const state of [
      'ACCEPTED',
      'PROCESSING',
      'WAIT_USER_CONFIRM',
      'TRANSFERING',
      'CANCELING',
    ] as const) {
      const w = withdrawal({ status: 'approved', transfer: bill(state) });
      expect(transferInFlight(w)).toBe(true);
      expect(actionsFor(w).mark).toBe(false);
      expect(actionsFor(w).transferNote).not.toBe('');
    }
    expect(
      actionsFor(withdrawal({ status: 'approved', transfer: bill('WAIT_USER_CONFIRM') })).transferNote,
    ).toContain('确认收款');
    for (const state of ['ERROR', 'FAIL', 'CANCELLED', 'SUCCESS'] as const) {
      const w = withdrawal({ status: 'approved', transfer: bill(state) });
      expect(actionsFor(w)).toEqual({ review: false, mark: true, transferNote: '' });
    }
    // A paid withdrawal whose bill state lingers is not "in flight".
    expect(transferInFlight(withdrawal({ status: 'paid', transfer: bill('WAIT_USER_CONFIRM') }))).toBe(false);
  });

  test('notes: reasons 1–200, payment reference 1–64', () => {
    expect(noteProblem('reject', ' ')).toBe('请填写拒绝原因');
    expect(noteProblem('failed', '')).toBe('请填写失败原因');
    expect(noteProblem('paid', '')).toBe('请填写打款凭证（如银行流水号）');
    expect(noteProblem('paid', 'x'.repeat(65))).toBe('打款凭证最多 64 个字');
    expect(noteProblem('paid', 'x'.repeat(64))).toBe('');
    expect(noteProblem('reject', '字'.repeat(201))).toBe('拒绝原因最多 200 个字');
    expect(noteProblem('failed', '字'.repeat(200))).toBe('');
  });

  test('confirm texts name the money, and say when it goes back to the distributor', () => {
    const w = withdrawal({ nickname: '老李' });
    expect(confirmText('approve', w)).toBe('通过 老李 的提现 ¥100.00（手续费 ¥0.60，到账 ¥99.40）？');
    expect(confirmText('reject', w)).toContain('退回分销员的可提现余额');
    expect(confirmText('failed', w)).toContain('退回分销员的可提现余额');
    expect(confirmText('paid', w, ' B-1 ')).toBe('确认已向 老李 打款 ¥99.40（凭证 B-1）？标记后不可撤销。');
  });

  test('after a step the row leaves a single-status tab and stays on 全部 with the answer', () => {
    const rows = [withdrawalCard(withdrawal()), withdrawalCard(withdrawal({ _id: 'w2' }))];
    expect(afterStep(rows, 'w1', { status: 'approved' }, 'requested').map((r) => r._id)).toEqual(['w2']);
    const all = afterStep(rows, 'w1', { status: 'approved', transfer: bill('WAIT_USER_CONFIRM') }, '');
    expect(all[0]).toMatchObject({ statusText: '待打款', transferText: '待分销员确认收款' });
    expect(all[0]!.actions.mark).toBe(false);
    expect(afterStep(rows, 'w1', { status: 'approved' }, 'approved')[0]!.actions.mark).toBe(true);
  });
});
