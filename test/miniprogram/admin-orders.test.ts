/** @jest-environment jsdom */
// The merchant's orders, refunds and withdrawals pages under miniprogram-simulate with scripted admin answers:
// what each tab, search and button sends, what a refused or bad entry shows, paging and retry.
import type { AdminOrder, AdminWithdrawal, Refund } from '../../miniprogram/services/admin';
import { buildMiniprogram } from './support/build';
import { FakeCloud, fakeCloud, wireServices } from './support/fake-cloud';
import { mount, SimComponent, sleep, textOf, waitFor } from './support/simulate';
import { recordWx, WxRecorder } from './support/wx';

const built = buildMiniprogram();
let cloud: FakeCloud;
let wxr: WxRecorder;

beforeEach(() => {
  cloud = fakeCloud();
  built.prepare = wireServices(cloud.platform, 'http://fake-cloud', 'boss');
  wxr = recordWx();
});

const address = {
  userName: '张三',
  telNumber: '13800000000',
  provinceName: '广东省',
  cityName: '深圳市',
  countyName: '南山区',
  detailInfo: '科技园 1 号',
};

const order = (id: string, over: Partial<AdminOrder> = {}): AdminOrder => ({
  _id: id,
  buyerId: `buyer-${id}`,
  status: 'paid',
  items: [{ productId: 'p1', name: '龙井', price: 1099, quantity: 2 }],
  goodsAmount: 2198,
  shipping: 0,
  amount: 2198,
  refundedAmount: 0,
  address,
  createdAt: '2026-11-24T16:30:00.000Z',
  ...over,
});

const refund = (id: string, over: Partial<Refund> = {}): Refund => ({
  _id: id,
  orderId: `o-${id}`,
  buyerId: `buyer-${id}`,
  amount: 1500,
  reason: '不想要了',
  status: 'requested',
  createdAt: '2026-11-24T02:00:00.000Z',
  ...over,
});

const withdrawal = (id: string, over: Partial<AdminWithdrawal> = {}): AdminWithdrawal => ({
  _id: id,
  userId: `dist-${id}`,
  amount: 10000,
  fee: 100,
  status: 'requested',
  createdAt: '2026-11-24T02:00:00.000Z',
  ...over,
});

/** A tap on an element, the way a person does it (simulate delivers it on the next tick). */
const tap = async (page: SimComponent, selector: string) => {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`no ${selector} on the page`);
  node.dispatchEvent('tap');
  await sleep(0);
};
const actions = (action: string) => cloud.calls.filter((c) => c.fn === 'admin' && c.action === action);

describe('admin orders', () => {
  test('shows each order as the merchant needs it: buyer, items, money, address, shipment, referrers', async () => {
    cloud.on('admin.orders.list', () => ({
      items: [
        order('o1', {
          buyerNickname: '小王',
          refundedAmount: 500,
          referrer: { level1: { userId: 'u1', rate: 1000 }, level2: { userId: 'u2', rate: 500 } },
        }),
        order('o2', {
          status: 'shipped',
          shippingInfo: { carrier: '顺丰速运', trackingNo: 'SF1234567', shippedAt: '2026-11-25T01:00:00Z' },
        }),
        order('o3', { status: 'created' }),
      ],
      next: null,
    }));
    const page = mount(built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page.querySelector('#card-o1'))).toContain('买家：小王'));
    const o1 = textOf(page.querySelector('#card-o1'));
    expect(o1).toContain('2026-11-25 00:30');
    expect(o1).toContain('龙井 ×2');
    expect(o1).toContain('¥21.98');
    expect(o1).toContain('已退 ¥5.00');
    expect(o1).toContain('张三 13800000000 广东省深圳市南山区科技园 1 号');
    expect(o1).toContain('一级 u1（10%）；二级 u2（5%）');
    expect(textOf(page.querySelector('#status-o1'))).toBe('待发货');
    expect(page.querySelector('#ship-o1')).toBeDefined();
    const o2 = textOf(page.querySelector('#card-o2'));
    expect(o2).toContain('买家：buyer-o2');
    expect(o2).toContain('物流：顺丰速运 SF1234567');
    expect(page.querySelector('#ship-o2')).toBeUndefined();
    // An unpaid order shows no address and cannot be shipped.
    expect(textOf(page.querySelector('#card-o3'))).not.toContain('张三');
    expect(page.querySelector('#ship-o3')).toBeUndefined();
    expect(textOf(page.querySelector('#card-o3'))).toContain('待付款');
  });

  test('tabs send the chosen status, 全部 sends none, and search sends q with the tab', async () => {
    cloud.on('admin.orders.list', () => ({ items: [order('o1')], next: null }));
    const page = mount(built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(actions('orders.list')).toHaveLength(1));
    expect(actions('orders.list')[0]!.event).not.toHaveProperty('status');
    page.instance.onTab({ detail: { value: 'paid' } });
    await waitFor(() => expect(actions('orders.list')).toHaveLength(2));
    expect(actions('orders.list')[1]!.event).toMatchObject({ status: 'paid' });
    page.instance.onTab({ detail: { value: 'refunding' } });
    await waitFor(() => expect(actions('orders.list')).toHaveLength(3));
    expect(actions('orders.list')[2]!.event).toMatchObject({ status: 'refunding' });
    page.instance.onTab({ detail: { value: '' } });
    page.instance.onQuery({ detail: { value: '  T-o1  ' } });
    await tap(page, '#search-submit');
    await waitFor(() => expect(actions('orders.list').at(-1)!.event).toMatchObject({ q: 'T-o1' }));
    expect(actions('orders.list').at(-1)!.event).not.toHaveProperty('status');
    await waitFor(() => expect(textOf(page.querySelector('#search-note'))).toContain('T-o1'));
    // The keyboard's confirm carries its own text.
    page.instance.onSearch({ detail: { value: 'buyer-x' } });
    await waitFor(() => expect(actions('orders.list').at(-1)!.event).toMatchObject({ q: 'buyer-x' }));
    page.instance.onClearSearch();
    await waitFor(() => expect(actions('orders.list').at(-1)!.event).not.toHaveProperty('q'));
  });

  test('a bad tracking number is explained on the page and nothing is sent', async () => {
    cloud.on('admin.orders.list', () => ({ items: [order('o1')], next: null }));
    cloud.on('admin.orders.ship', () => ({ order: order('o1', { status: 'shipped' }) }));
    const page = mount(built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#ship-o1')).toBeDefined());
    await tap(page, '#ship-o1');
    expect(page.querySelector('#ship-form')).toBeDefined();
    page.instance.onCarrierPick({ currentTarget: { dataset: { carrier: '中通快递' } } });
    page.instance.onTrackingInput({ detail: { value: 'ZT 12345' } });
    await page.instance.onShipSubmit();
    expect(textOf(page.querySelector('#ship-problem'))).toBe('快递单号只能包含字母、数字、“-”和“_”');
    page.instance.onTrackingInput({ detail: { value: 'Z1' } });
    await page.instance.onShipSubmit();
    expect(textOf(page.querySelector('#ship-problem'))).toBe('快递单号应为 4–40 位');
    page.instance.onCarrierInput({ detail: { value: '  ' } });
    page.instance.onTrackingInput({ detail: { value: 'ZT123456' } });
    await page.instance.onShipSubmit();
    expect(textOf(page.querySelector('#ship-problem'))).toBe('请选择或填写快递公司');
    expect(wxr.toasts).toEqual([
      '快递单号只能包含字母、数字、“-”和“_”',
      '快递单号应为 4–40 位',
      '请选择或填写快递公司',
    ]);
    expect(actions('orders.ship')).toHaveLength(0);
  });

  test('a good shipment sends exactly the order, carrier and number, and the card turns 待收货', async () => {
    cloud.on('admin.orders.list', () => ({ items: [order('o1'), order('o2')], next: null }));
    cloud.on('admin.orders.ship', (event) => ({
      order: order('o1', {
        status: 'shipped',
        shippingInfo: { carrier: String(event.carrier), trackingNo: String(event.trackingNo) },
      }),
    }));
    const page = mount(built, 'pages/admin/orders/index');
    page.instance.onLoad({ status: 'paid' });
    await waitFor(() => expect(page.querySelector('#ship-o1')).toBeDefined());
    expect(actions('orders.list')[0]!.event).toMatchObject({ status: 'paid' });
    await tap(page, '#ship-o1');
    page.instance.onCarrierPick({ currentTarget: { dataset: { carrier: '顺丰速运' } } });
    page.instance.onCarrierInput({ detail: { value: '顺丰速运 ' } });
    page.instance.onTrackingInput({ detail: { value: ' SF1234567890 ' } });
    await page.instance.onShipSubmit();
    const ship = actions('orders.ship');
    expect(ship).toHaveLength(1);
    const { action, ...sent } = ship[0]!.event;
    expect(action).toBe('orders.ship');
    expect(sent).toEqual({ orderId: 'o1', carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(textOf(page.querySelector('#status-o1'))).toBe('待收货');
    expect(textOf(page.querySelector('#card-o1'))).toContain('物流：顺丰速运 SF1234567890');
    expect(page.querySelector('#ship-o1')).toBeUndefined();
    expect(page.querySelector('#ship-form')).toBeUndefined();
    // The other order is untouched and still shippable.
    expect(textOf(page.querySelector('#status-o2'))).toBe('待发货');
    expect(page.querySelector('#ship-o2')).toBeDefined();
    expect(wxr.toasts).toContain('已发货');
  });

  test("the server's refusal is shown and the card stays as it was", async () => {
    cloud.on('admin.orders.list', () => ({ items: [order('o1')], next: null }));
    cloud.on('admin.orders.ship', () => {
      throw { code: 'FAILED_PRECONDITION', message: '订单退款中，不能执行此操作' };
    });
    const page = mount(built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#ship-o1')).toBeDefined());
    await tap(page, '#ship-o1');
    page.instance.onCarrierInput({ detail: { value: '德邦快递' } });
    page.instance.onTrackingInput({ detail: { value: 'DB-0001' } });
    await page.instance.onShipSubmit();
    expect(actions('orders.ship')[0]!.event).toMatchObject({ carrier: '德邦快递', trackingNo: 'DB-0001' });
    expect(wxr.toasts).toContain('订单退款中，不能执行此操作');
    expect(textOf(page.querySelector('#ship-problem'))).toBe('订单退款中，不能执行此操作');
    expect(textOf(page.querySelector('#status-o1'))).toBe('待发货');
  });

  test('loads the next page at the bottom; a failed next page offers a retry in the footer', async () => {
    let failMore = true;
    cloud.on('admin.orders.list', (event) => {
      if (!event.cursor) return { items: [order('o1')], next: 'c2' };
      if (failMore) throw { code: 'INTERNAL', message: 'boom' };
      return { items: [order('o2')], next: null };
    });
    const page = mount(built, 'pages/admin/orders/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page.querySelector('#footer'))).toBe('上拉加载更多'));
    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page.querySelector('#footer'))).toBe('系统繁忙，请稍后再试，点击重试'));
    expect(page.querySelector('#card-o1')).toBeDefined();
    failMore = false;
    await tap(page, '#footer');
    await waitFor(() => expect(page.querySelector('#card-o2')).toBeDefined());
    expect(textOf(page.querySelector('#footer'))).toBe('没有更多了');
    expect(actions('orders.list').map((c) => c.event.cursor)).toEqual([undefined, 'c2', 'c2']);
  });
});

describe('admin refunds', () => {
  test('opens on 待处理 and each tab sends its status; 全部 sends none', async () => {
    cloud.on('admin.refunds.list', () => ({ items: [refund('r1', { buyerNickname: '小李' })], next: null }));
    const page = mount(built, 'pages/admin/refunds/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page.querySelector('#refund-r1'))).toContain('买家：小李'));
    const row = textOf(page.querySelector('#refund-r1'));
    expect(row).toContain('订单号 o-r1');
    expect(row).toContain('¥15.00');
    expect(row).toContain('原因：不想要了');
    expect(row).toContain('2026-11-24 10:00');
    expect(actions('refunds.list')[0]!.event).toMatchObject({ status: 'requested' });
    page.instance.onTab({ detail: { value: 'failed' } });
    await waitFor(() => expect(actions('refunds.list')).toHaveLength(2));
    expect(actions('refunds.list')[1]!.event).toMatchObject({ status: 'failed' });
    page.instance.onTab({ detail: { value: '' } });
    await waitFor(() => expect(actions('refunds.list')).toHaveLength(3));
    expect(actions('refunds.list')[2]!.event).not.toHaveProperty('status');
  });

  test('approving asks first with the amount, sends approve true, and the row leaves 待处理', async () => {
    cloud.on('admin.refunds.list', () => ({ items: [refund('r1'), refund('r2')], next: null }));
    cloud.on('admin.refunds.review', (event) => ({
      refund: { ...refund(String(event.refundId)), status: 'processing' },
    }));
    const page = mount(built, 'pages/admin/refunds/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#approve-r1')).toBeDefined());
    wxr.modalAnswer = false;
    await page.instance.onApprove({ currentTarget: { dataset: { id: 'r1' } } });
    expect(wxr.modals[0]!.content).toContain('¥15.00');
    expect(actions('refunds.review')).toHaveLength(0);
    wxr.modalAnswer = true;
    await page.instance.onApprove({ currentTarget: { dataset: { id: 'r1' } } });
    const { action, ...sent } = actions('refunds.review')[0]!.event;
    expect(action).toBe('refunds.review');
    expect(sent).toEqual({ refundId: 'r1', approve: true });
    expect(page.querySelector('#refund-r1')).toBeUndefined();
    expect(page.querySelector('#refund-r2')).toBeDefined();
  });

  test('rejecting needs a reason typed on the page; with one it sends approve false and the reason', async () => {
    cloud.on('admin.refunds.list', () => ({ items: [refund('r1')], next: null }));
    cloud.on('admin.refunds.review', (event) => ({
      refund: { ...refund('r1'), status: event.approve ? 'processing' : 'rejected' },
    }));
    const page = mount(built, 'pages/admin/refunds/index');
    page.instance.onLoad({ status: '' });
    await waitFor(() => expect(page.querySelector('#reject-r1')).toBeDefined());
    expect(actions('refunds.list')[0]!.event).not.toHaveProperty('status');
    await tap(page, '#reject-r1');
    expect(page.querySelector('#reject-form')).toBeDefined();
    await page.instance.onRejectSubmit();
    page.instance.onRejectReason({ detail: { value: '   ' } });
    await page.instance.onRejectSubmit();
    expect(textOf(page.querySelector('#reject-problem'))).toBe('请填写拒绝原因');
    page.instance.onRejectReason({ detail: { value: '字'.repeat(201) } });
    await page.instance.onRejectSubmit();
    expect(textOf(page.querySelector('#reject-problem'))).toBe('拒绝原因最多 200 个字');
    expect(actions('refunds.review')).toHaveLength(0);
    page.instance.onRejectReason({ detail: { value: ' 商品已使用 ' } });
    await page.instance.onRejectSubmit();
    const { action, ...sent } = actions('refunds.review')[0]!.event;
    void action;
    expect(sent).toEqual({ refundId: 'r1', approve: false, reason: '商品已使用' });
    // On 全部 the row stays, with its new state and the reason.
    expect(textOf(page.querySelector('#status-r1'))).toBe('已拒绝');
    expect(textOf(page.querySelector('#refund-r1'))).toContain('拒绝原因：商品已使用');
    expect(page.querySelector('#approve-r1')).toBeUndefined();
  });

  test('a failed first load shows the error and retry loads again', async () => {
    let fail = true;
    cloud.on('admin.refunds.list', () => {
      if (fail) throw { code: 'PERMISSION_DENIED', message: 'not admin' };
      return { items: [refund('r1')], next: null };
    });
    const page = mount(built, 'pages/admin/refunds/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('暂无权限进行此操作'));
    expect(page.querySelector('#refund-r1')).toBeUndefined();
    fail = false;
    page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
    await waitFor(() => expect(page.querySelector('#refund-r1')).toBeDefined());
    expect(actions('refunds.list')).toHaveLength(2);
  });
});

describe('admin withdrawals', () => {
  test('shows nickname or id, amount, fee, payout (amount − fee when missing), reference and reason', async () => {
    cloud.on('admin.withdrawals.list', () => ({
      items: [
        withdrawal('w1', { nickname: '老李' }),
        withdrawal('w2', { status: 'paid', payout: 9800, reference: 'BANK-001' }),
        withdrawal('w3', { status: 'rejected', reason: '账户异常' }),
      ],
      next: null,
    }));
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({ status: '' });
    await waitFor(() => expect(page.querySelector('#withdrawal-w1')).toBeDefined());
    const w1 = textOf(page.querySelector('#withdrawal-w1'));
    expect(w1).toContain('老李');
    expect(w1).toMatch(/提现\s*¥100\.00/);
    expect(w1).toContain('手续费 ¥1.00');
    expect(textOf(page.querySelector('#payout-w1'))).toBe('¥99.00');
    expect(textOf(page.querySelector('#payout-w2'))).toBe('¥98.00');
    expect(textOf(page.querySelector('#withdrawal-w2'))).toContain('dist-w2');
    expect(textOf(page.querySelector('#withdrawal-w2'))).toContain('打款凭证：BANK-001');
    expect(textOf(page.querySelector('#status-w3'))).toBe('已拒绝');
    expect(textOf(page.querySelector('#withdrawal-w3'))).toContain('原因：账户异常');
    expect(actions('withdrawals.list')[0]!.event).not.toHaveProperty('status');
  });

  test('tabs send their status, opening on 待审核', async () => {
    cloud.on('admin.withdrawals.list', () => ({ items: [], next: null }));
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({});
    await waitFor(() => expect(textOf(page)).toContain('暂无提现申请'));
    page.instance.onTab({ detail: { value: 'approved' } });
    await waitFor(() => expect(actions('withdrawals.list')).toHaveLength(2));
    expect(actions('withdrawals.list').map((c) => c.event.status)).toEqual(['requested', 'approved']);
  });

  test('approve asks and sends approve true; the row leaves 待审核', async () => {
    cloud.on('admin.withdrawals.list', () => ({ items: [withdrawal('w1'), withdrawal('w2')], next: null }));
    cloud.on('admin.withdrawals.review', (event) => ({
      withdrawal: { ...withdrawal(String(event.withdrawalId)), status: 'approved', payout: 9900 },
    }));
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#approve-w1')).toBeDefined());
    await tap(page, '#approve-w1');
    await waitFor(() => expect(actions('withdrawals.review')).toHaveLength(1));
    expect(wxr.modals[0]!.content).toContain('到账 ¥99.00');
    const { action, ...sent } = actions('withdrawals.review')[0]!.event;
    void action;
    expect(sent).toEqual({ withdrawalId: 'w1', approve: true });
    await waitFor(() => expect(page.querySelector('#withdrawal-w1')).toBeUndefined());
    expect(page.querySelector('#withdrawal-w2')).toBeDefined();
  });

  test('reject needs a reason and says the money goes back', async () => {
    cloud.on('admin.withdrawals.list', () => ({ items: [withdrawal('w1')], next: null }));
    cloud.on('admin.withdrawals.review', () => ({
      withdrawal: { ...withdrawal('w1'), status: 'rejected', reason: '信息不符' },
    }));
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({ status: '' });
    await waitFor(() => expect(page.querySelector('#reject-w1')).toBeDefined());
    await tap(page, '#reject-w1');
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('请填写拒绝原因');
    expect(actions('withdrawals.review')).toHaveLength(0);
    expect(wxr.modals).toHaveLength(0);
    page.instance.onNoteInput({ detail: { value: '信息不符' } });
    await page.instance.onNoteSubmit();
    expect(wxr.modals[0]!.content).toContain('退回分销员的可提现余额');
    const { action, ...sent } = actions('withdrawals.review')[0]!.event;
    void action;
    expect(sent).toEqual({ withdrawalId: 'w1', approve: false, reason: '信息不符' });
    expect(textOf(page.querySelector('#status-w1'))).toBe('已拒绝');
    expect(page.querySelector('#approve-w1')).toBeUndefined();
  });

  test('mark paid requires a payment reference and sends it; the emptied tab loads again', async () => {
    let paid = false;
    cloud.on('admin.withdrawals.list', () => ({
      items: paid ? [] : [withdrawal('w1', { status: 'approved' })],
      next: null,
    }));
    cloud.on('admin.withdrawals.markPaid', (event) => {
      paid = true;
      return { withdrawal: { ...withdrawal('w1'), status: 'paid', reference: event.reference } };
    });
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({ status: 'approved' });
    await waitFor(() => expect(page.querySelector('#paid-w1')).toBeDefined());
    expect(page.querySelector('#approve-w1')).toBeUndefined();
    await tap(page, '#paid-w1');
    page.instance.onNoteInput({ detail: { value: ' ' } });
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('请填写打款凭证（如银行流水号）');
    page.instance.onNoteInput({ detail: { value: 'x'.repeat(65) } });
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('打款凭证最多 64 个字');
    expect(actions('withdrawals.markPaid')).toHaveLength(0);
    wxr.modalAnswer = false;
    page.instance.onNoteInput({ detail: { value: ' BANK-20261125-01 ' } });
    await page.instance.onNoteSubmit();
    expect(wxr.modals[0]!.content).toContain('¥99.00');
    expect(actions('withdrawals.markPaid')).toHaveLength(0);
    wxr.modalAnswer = true;
    await page.instance.onNoteSubmit();
    const { action, ...sent } = actions('withdrawals.markPaid')[0]!.event;
    void action;
    expect(sent).toEqual({ withdrawalId: 'w1', reference: 'BANK-20261125-01' });
    await waitFor(() => expect(textOf(page)).toContain('暂无提现申请'));
    expect(page.querySelector('#withdrawal-w1')).toBeUndefined();
    expect(actions('withdrawals.list')).toHaveLength(2);
    expect(wxr.toasts).toContain('已标记打款');
  });

  test('mark failed requires a reason, says the money returns, and sends it', async () => {
    cloud.on('admin.withdrawals.list', () => ({
      items: [withdrawal('w1', { status: 'approved' })],
      next: null,
    }));
    cloud.on('admin.withdrawals.markFailed', (event) => ({
      withdrawal: { ...withdrawal('w1'), status: 'failed', reason: event.reason },
    }));
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({ status: '' });
    await waitFor(() => expect(page.querySelector('#failed-w1')).toBeDefined());
    await tap(page, '#failed-w1');
    await page.instance.onNoteSubmit();
    expect(textOf(page.querySelector('#note-problem'))).toBe('请填写失败原因');
    expect(actions('withdrawals.markFailed')).toHaveLength(0);
    page.instance.onNoteInput({ detail: { value: '银行退回' } });
    await page.instance.onNoteSubmit();
    expect(wxr.modals[0]!.content).toBe(
      '标记 dist-w1 的提现 ¥100.00 打款失败？这笔钱将退回分销员的可提现余额。',
    );
    const { action, ...sent } = actions('withdrawals.markFailed')[0]!.event;
    void action;
    expect(sent).toEqual({ withdrawalId: 'w1', reason: '银行退回' });
    expect(textOf(page.querySelector('#status-w1'))).toBe('打款失败');
    expect(textOf(page.querySelector('#withdrawal-w1'))).toContain('原因：银行退回');
    expect(page.querySelector('#paid-w1')).toBeUndefined();
  });

  test('while a 商家转账 is in flight the mark buttons are hidden and a note explains why', async () => {
    cloud.on('admin.withdrawals.list', () => ({
      items: [
        withdrawal('w1', { status: 'approved', transfer: { state: 'WAIT_USER_CONFIRM' } }),
        withdrawal('w2', { status: 'approved', transfer: { state: 'PROCESSING' } }),
        withdrawal('w3', { status: 'approved', transfer: { state: 'ERROR' } }),
      ],
      next: null,
    }));
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({ status: 'approved' });
    await waitFor(() => expect(page.querySelector('#withdrawal-w1')).toBeDefined());
    expect(textOf(page.querySelector('#transfer-w1'))).toBe('商家转账：待分销员确认收款');
    expect(page.querySelector('#paid-w1')).toBeUndefined();
    expect(page.querySelector('#failed-w1')).toBeUndefined();
    expect(textOf(page.querySelector('#transfer-note-w1'))).toContain('等待分销员在小程序中确认收款');
    expect(page.querySelector('#paid-w2')).toBeUndefined();
    expect(textOf(page.querySelector('#transfer-note-w2'))).toContain('处理中');
    // A bill that could not be created is not in flight: the merchant settles it by hand.
    expect(textOf(page.querySelector('#transfer-w3'))).toBe('商家转账：转账单创建失败');
    expect(page.querySelector('#paid-w3')).toBeDefined();
    expect(page.querySelector('#transfer-note-w3')).toBeUndefined();
    // Even a forced call does nothing for an in-flight row.
    page.instance.onNoteOpen({ currentTarget: { dataset: { id: 'w1', kind: 'paid' } } });
    page.instance.onNoteInput({ detail: { value: 'BANK-1' } });
    await page.instance.onNoteSubmit();
    expect(actions('withdrawals.markPaid')).toHaveLength(0);
  });

  test('a refused step keeps the row and shows why', async () => {
    cloud.on('admin.withdrawals.list', () => ({ items: [withdrawal('w1')], next: null }));
    cloud.on('admin.withdrawals.review', () => {
      throw { code: 'FAILED_PRECONDITION', message: '提现申请当前状态为 paid，不能执行此操作' };
    });
    const page = mount(built, 'pages/admin/withdrawals/index');
    page.instance.onLoad({});
    await waitFor(() => expect(page.querySelector('#approve-w1')).toBeDefined());
    await page.instance.onApprove({ currentTarget: { dataset: { id: 'w1' } } });
    expect(wxr.toasts).toContain('提现申请当前状态为 paid，不能执行此操作');
    expect(textOf(page.querySelector('#status-w1'))).toBe('待审核');
    expect(page.querySelector('#approve-w1')).toBeDefined();
  });
});
