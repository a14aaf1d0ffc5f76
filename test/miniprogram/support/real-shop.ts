// Page tests on the real functions: one local cloud (child process) per test file, every mount's services
// speaking local mode through the real wx-platform (wx.request → HTTP) as a chosen user, and the stories a
// test needs built through the functions, never written into the database by hand. Answers are typed by
// the contract, so a story that reads a renamed field fails the type check like a page would.
import type { ActionName, AnswerFor, FunctionName, InputFor } from '../../../miniprogram/services/api';
import type { Platform } from '../../../miniprogram/services/client';
import { buildMiniprogram, BuiltMiniprogram } from './build';
import { CloudProcess, startCloudProcess } from './cloud-process';
import { callAs, post, realWxNetwork } from './platform';
import { recordWx, stubWx, WxRecorder } from './wx';

export const ADMIN = 'mp-admin';
export const ADDRESS = {
  userName: '张三',
  telNumber: '13800000000',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '龙井村 1 号',
};
/** A loopback port nothing listens on: the services' requests fail as they do without network. */
const DEAD_URL = 'http://127.0.0.1:9';

type Client = typeof import('../../../miniprogram/services/client');

export interface RealShop {
  cloud: CloudProcess;
  built: BuiltMiniprogram;
  /**
   * The next mounts speak as `openid` (or, offline, to no cloud at all); `onClient` receives each mount's
   * services client, so a test can bring an offline page back to the cloud.
   */
  as(openid: string, options?: { offline?: boolean; onClient?: (client: Client) => void }): void;
  /** A function call as `openid`, typed by the contract; throws on an error envelope. */
  api<F extends FunctionName, A extends ActionName<F>>(
    openid: string,
    fn: F,
    action: A,
    input?: InputFor<F, A>,
  ): Promise<AnswerFor<F, A>>;
  /** POST to one of the local cloud's own routes (/_pay, /_clock, /_transfer …). */
  route(path: string, body?: unknown): Promise<unknown>;
  /** Resets the recorder and `wx` stubs (call in beforeEach). */
  freshWx(extra?: Record<string, unknown>): WxRecorder;
}

export function realShop(): RealShop {
  const built = buildMiniprogram();
  const shop = { built } as RealShop;
  beforeAll(async () => {
    shop.cloud = await startCloudProcess();
  });
  afterAll(() => shop.cloud?.stop());
  shop.as = (openid, options = {}) => {
    built.prepare = (req) => {
      const client = req<Client>('services/client');
      // Typed by hand: importing wx-platform's types would pull the mini-program's `wx` globals in here.
      const { wxPlatform } = req<{ wxPlatform(): Platform }>('services/wx-platform');
      client.setPlatform(wxPlatform());
      client.configure({
        mode: 'local',
        localUrl: options.offline ? DEAD_URL : shop.cloud.url,
        localOpenid: openid,
      });
      options.onClient?.(client);
    };
  };
  shop.api = (openid, fn, action, input) => callAs(shop.cloud.url, openid, fn, action, input ?? {});
  shop.route = async (path, body = {}) => {
    const response = await post(`${shop.cloud.url}${path}`, body);
    if (response.statusCode >= 300)
      throw new Error(`${path} answered ${response.statusCode}: ${JSON.stringify(response.data)}`);
    return response.data;
  };
  shop.freshWx = (extra = {}) => {
    stubWx({ ...realWxNetwork(), cloud: { init: () => undefined }, navigateBack: () => undefined, ...extra });
    return recordWx();
  };
  return shop;
}

/** Retries an async check (a server read) until it passes, like waitFor does for the page. */
export async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

// ---- stories, through the functions

/** The merchant can take payments (cloudPay sub-merchant) and sells `products`; answers their ids. */
export async function openShop(
  shop: RealShop,
  products: { name: string; price: number; stock?: number; category?: string }[],
  settings: InputFor<'admin', 'settings.update'>['settings'] = {},
): Promise<string[]> {
  await shop.api(ADMIN, 'admin', 'settings.update', {
    settings: { ...settings, payment: { subMchId: '1900000109', ...settings.payment } },
  });
  const ids: string[] = [];
  for (const p of products) {
    const { product } = await shop.api(ADMIN, 'admin', 'products.upsert', {
      product: {
        name: p.name,
        price: p.price,
        stock: p.stock ?? 50,
        category: p.category ?? '茶',
        images: [],
        status: 'on',
      },
    });
    ids.push(product._id);
  }
  return ids;
}

/** `openid` becomes an active distributor called `nickname`, bound first to `inviteCode` if given; answers their code. */
export async function makeDistributor(
  shop: RealShop,
  openid: string,
  nickname: string,
  inviteCode?: string,
): Promise<string> {
  await shop.api(openid, 'join', 'enter', inviteCode ? { inviteCode, source: 'link' } : {});
  await shop.api(openid, 'join', 'profile', { nickname });
  const applied = await shop.api(openid, 'join', 'apply', {
    realName: `${nickname}本人`,
    mobile: '13700000000',
  });
  if (applied.status !== 'active')
    await shop.api(ADMIN, 'admin', 'distributors.review', { userId: openid, approve: true });
  return (await shop.api(openid, 'share', 'code')).inviteCode;
}

/**
 * `openid` (bound to `inviteCode` if given) orders and pays through the simulated cashier, with the coupon they
 * hold (`couponId`: its userCouponId) if given; answers the order id.
 */
export async function buyAndPay(
  shop: RealShop,
  openid: string,
  items: { productId: string; skuId?: string; quantity: number }[],
  options: { inviteCode?: string; nickname?: string; pay?: boolean; couponId?: string } = {},
): Promise<string> {
  await shop.api(
    openid,
    'join',
    'enter',
    options.inviteCode ? { inviteCode: options.inviteCode, source: 'link' } : {},
  );
  if (options.nickname) await shop.api(openid, 'join', 'profile', { nickname: options.nickname });
  const { order } = await shop.api(openid, 'order', 'create', {
    items,
    address: ADDRESS,
    remark: '请尽快发货',
    ...(options.couponId ? { couponId: options.couponId } : {}),
  });
  if (options.pay === false) return order._id;
  const { outTradeNo } = await shop.api(openid, 'order', 'pay', { orderId: order._id });
  await shop.route(`/_pay/${encodeURIComponent(outTradeNo)}`, { result: 'SUCCESS' });
  await eventually(async () => {
    const { order: now } = await shop.api(openid, 'order', 'detail', { orderId: order._id });
    if (now.status !== 'paid') throw new Error(`order ${order._id} is ${now.status}`);
  });
  return order._id;
}

/** Moves the local cloud's virtual clock. */
export const advanceClock = (shop: RealShop, ms: number) => shop.route('/_clock', { advanceMs: ms });
export const DAY_MS = 86_400_000;

// ---- the phone: its clock and its network

const realNow = Date.now.bind(Date);

/**
 * The phone's clock (Date.now in pages and in the test) agrees with the local cloud's virtual clock, as a
 * phone's clock agrees with the server's. Call again after the cloud's clock moved; answers the time now.
 */
export async function phoneClock(shop: RealShop): Promise<number> {
  const { offsetMs } = (await shop.route('/_clock', { advanceMs: 0 })) as { offsetMs: number };
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
  return Date.now();
}

/**
 * Moves the virtual clock on to the next 12:00 Beijing time (and the phone's clock with it), so that a
 * story of a few minutes stays inside one Beijing day whenever the test runs.
 */
export async function toBeijingNoon(shop: RealShop): Promise<number> {
  const { now } = (await shop.route('/_clock', { advanceMs: 0 })) as { now: number };
  const beijing = now + 8 * 3_600_000;
  let noon = Math.floor(beijing / DAY_MS) * DAY_MS + 12 * 3_600_000;
  if (noon <= beijing) noon += DAY_MS;
  await advanceClock(shop, noon - beijing);
  return phoneClock(shop);
}

/** The Beijing date of an instant (ms or ISO string), as stats ranges count days: 'YYYY-MM-DD'. */
export const beijingDay = (at: number | string) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** An instant in Beijing time as pages print it: 'YYYY-MM-DD HH:mm'. */
export const beijingTime = (at: number | string) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export interface PageNetwork {
  /** What the mounted pages sent to the functions, in order (input without the action key). */
  sent: { fn: string; action: string; input: Record<string, unknown> }[];
  /** The inputs the pages sent with `action`. */
  inputsOf(action: string): Record<string, unknown>[];
  /** While true the phone has no network: its requests fail like requests to a cloud nobody answers. */
  offline: boolean;
}

/**
 * Watches the pages' wx.request (call after freshWx): records what they send to the functions, and can
 * take the phone offline and back while a page is open. The answers still come from the functions.
 */
export function watchNetwork(): PageNetwork {
  const w = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  const request = w.request as (options: { url: string; data?: unknown }) => void;
  const network: PageNetwork = {
    sent: [],
    inputsOf: (action) => network.sent.filter((s) => s.action === action).map((s) => s.input),
    offline: false,
  };
  w.request = (options: { url: string; data?: unknown }) => {
    const fn = /\/functions\/([\w-]+)$/.exec(options.url)?.[1];
    if (fn) {
      const { action, ...input } = JSON.parse(JSON.stringify(options.data ?? {})) as Record<string, unknown>;
      network.sent.push({ fn, action: String(action), input });
    }
    const url = network.offline ? options.url.replace(/^https?:\/\/[^/]+/, DEAD_URL) : options.url;
    request({ ...options, url });
  };
  return network;
}

// ---- more stories, through the functions

/** `openid` (bound to `inviteCode` if given) applies to become a distributor and waits for review. */
export async function applyToJoin(
  shop: RealShop,
  openid: string,
  nickname: string,
  inviteCode?: string,
): Promise<void> {
  await shop.api(openid, 'join', 'enter', inviteCode ? { inviteCode, source: 'link' } : {});
  if (nickname) await shop.api(openid, 'join', 'profile', { nickname });
  const applied = await shop.api(openid, 'join', 'apply', { realName: '申请人', mobile: '13700000000' });
  if (applied.status !== 'pending') throw new Error(`${openid} is ${applied.status}, not pending`);
}

/** The merchant ships `orderId`. */
export const ship = (shop: RealShop, orderId: string, expressCompany = 'SF', trackingNo = 'SF1000000001') =>
  shop.api(ADMIN, 'admin', 'orders.ship', { orderId, expressCompany, trackingNo });

/**
 * `buyer` receives their shipped order: confirms in WeChat's component when WeChat knows the shipment (the
 * local platform's POST /_openapi/confirm-receipt), then order.confirm, as the order page does.
 */
export async function receive(shop: RealShop, buyer: string, orderId: string) {
  const { order } = await shop.api(buyer, 'order', 'detail', { orderId });
  if (order.confirmInWeChat)
    await shop.route('/_openapi/confirm-receipt', {
      openid: buyer,
      transaction_id: order.confirmInWeChat.transactionId,
    });
  return shop.api(buyer, 'order', 'confirm', { orderId });
}

/**
 * The paid orders are shipped and received, the after-sale window passes and the merchant settles: their
 * commission becomes available to withdraw. Moves the clock (and the phone's) past the window.
 */
export async function receiveAndSettle(
  shop: RealShop,
  orders: { buyer: string; orderId: string }[],
): Promise<void> {
  for (const { buyer, orderId } of orders) {
    await ship(shop, orderId);
    await receive(shop, buyer, orderId);
  }
  const { settings } = await shop.api(ADMIN, 'admin', 'settings.get');
  await advanceClock(shop, (settings.afterSaleDays + 1) * DAY_MS);
  await shop.api(ADMIN, 'admin', 'settle');
  await phoneClock(shop);
}

/** `buyer` asks for a refund of `amount` fen of their order (all that is refundable without it); answers its id. */
export async function askRefund(
  shop: RealShop,
  buyer: string,
  orderId: string,
  reason: string,
  amount?: number,
): Promise<string> {
  const { refund } = await shop.api(buyer, 'order', 'refund', {
    orderId,
    reason,
    ...(amount ? { amount } : {}),
  });
  return refund._id;
}

/** Waits until the local cloud's cloudPay has delivered the refund of `refundId` and the order took it. */
export async function refundArrived(shop: RealShop, buyer: string, orderId: string, refundId: string) {
  await eventually(async () => {
    const { refunds } = await shop.api(buyer, 'order', 'detail', { orderId });
    const status = refunds.find((r) => r._id === refundId)?.status;
    if (status !== 'refunded') throw new Error(`refund ${refundId} is ${status}`);
  });
}

/** The distributor `openid` asks to withdraw `amount` fen of available commission; answers the withdrawal id. */
export async function withdraw(shop: RealShop, openid: string, amount: number): Promise<string> {
  return (await shop.api(openid, 'wallet', 'withdraw', { amount })).withdrawal._id;
}

/**
 * How the function refuses this call by `openid`: the code and message of its error envelope (throws when
 * the call succeeds). A test compares a page's message with it, so the server's wording may change freely.
 */
export async function refusalOf<F extends FunctionName, A extends ActionName<F>>(
  shop: RealShop,
  openid: string,
  fn: F,
  action: A,
  input: InputFor<F, A>,
): Promise<{ code: string; message: string }> {
  const response = await post(
    `${shop.cloud.url}/functions/${fn}`,
    { ...(input as object), action },
    { 'x-wx-openid': openid },
  );
  const result = (response.data as { result?: { ok: boolean; error?: { code: string; message: string } } })
    .result;
  if (!result || result.ok || !result.error) throw new Error(`${fn}.${action} was not refused`);
  return result.error;
}
