// User behaviour through the local cloud and the real wx-server-sdk: a scripted story of entries by scan and
// link, page and product views, carts, shares and purchases over two Beijing days, tallied by the test as it
// plays; every figure of stats.behaviour, stats.products, stats.conversion, stats.buyers and the
// distributor's own tools equals the tally. One user flooding events is throttled; others still count.
import { startCloud, TestCloud } from '../support/cloud';
import { ADDRESS as address } from '../support/fixtures';

const ADMIN = 'merchant';
const DAY = 86_400_000;
const HOUR = 3_600_000;
let shop: TestCloud;
let day1: string;
let day2: string;
let p1: string;
let p2: string;
let codeB: string;

const ok = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.ok(fn, action, data, openid);
const beijingDate = (at: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(at));
const beijingHour = (at: number) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }).format(
      new Date(at),
    ),
  );

type DayKey =
  | 'visitors'
  | 'pageViews'
  | 'productViews'
  | 'carts'
  | 'shares'
  | 'posters'
  | 'posterSaves'
  | 'scans'
  | 'links';

/** The test's own tallies, kept as the story plays. */
const tally = {
  days: new Map<string, Record<DayKey, number>>(),
  visitors: new Map<string, Set<string>>(),
  products: new Map<
    string,
    {
      views: number;
      carts: number;
      shares: number;
      orders: Set<string>;
      paid: Set<string>;
      units: number;
      paidAmount: number;
    }
  >(),
  b: {
    shares: 0,
    posters: 0,
    posterSaves: 0,
    scans: 0,
    links: 0,
    visitors: new Set<string>(),
    buyers: new Set<string>(),
    paidOrders: 0,
    paidAmount: 0,
  },
  paidOrders: [] as { buyer: string; at: number; day: string }[],
};
const today = () => beijingDate(shop.local.clock.now());
const dayTally = () => {
  let t = tally.days.get(today());
  if (!t)
    tally.days.set(
      today(),
      (t = {
        visitors: 0,
        pageViews: 0,
        productViews: 0,
        carts: 0,
        shares: 0,
        posters: 0,
        posterSaves: 0,
        scans: 0,
        links: 0,
      }),
    );
  return t;
};
const productTally = (id: string) => {
  let t = tally.products.get(id);
  if (!t)
    tally.products.set(
      id,
      (t = { views: 0, carts: 0, shares: 0, orders: new Set(), paid: new Set(), units: 0, paidAmount: 0 }),
    );
  return t;
};
function visitor(openid: string) {
  let seen = tally.visitors.get(today());
  if (!seen) tally.visitors.set(today(), (seen = new Set()));
  if (!seen.has(openid)) dayTally().visitors += 1;
  seen.add(openid);
}

async function track(openid: string, events: Record<string, any>[]) {
  const answer = await ok('join', 'track', { events }, openid);
  expect(answer).toEqual({ accepted: events.length, throttled: false });
  visitor(openid);
  for (const e of events) {
    if (e.type === 'page_view') dayTally().pageViews += 1;
    if (e.type === 'product_view' && e.productId !== 'Pnope') {
      dayTally().productViews += 1;
      productTally(e.productId).views += 1;
    }
    if (e.type === 'add_to_cart') {
      dayTally().carts += 1;
      productTally(e.productId).carts += 1;
    }
    if (e.type === 'share') {
      const key = e.channel === 'card' ? 'shares' : e.channel === 'poster' ? 'posters' : 'posterSaves';
      dayTally()[key as DayKey] += 1;
      if (openid === 'B') tally.b[key as 'shares' | 'posters' | 'posterSaves'] += 1;
      if (e.channel === 'card' && e.productId) productTally(e.productId).shares += 1;
    }
  }
}

async function enter(openid: string, how: 'scan' | 'link') {
  await ok(
    'join',
    'enter',
    how === 'scan' ? { scene: `i=${codeB}` } : { inviteCode: codeB, source: 'link' },
    openid,
  );
  dayTally()[how === 'scan' ? 'scans' : 'links'] += 1;
  tally.b[how === 'scan' ? 'scans' : 'links'] += 1;
  tally.b.visitors.add(`${today()}:${openid}`);
}

async function buy(openid: string, lines: { productId: string; quantity: number }[], pay = true) {
  const { order } = await ok('order', 'create', { items: lines, address }, openid);
  for (const line of lines) productTally(line.productId).orders.add(order._id);
  if (!pay) return order;
  await ok('order', 'pay', { orderId: order._id }, openid);
  await shop.local.pay.pay(order.outTradeNo, 'SUCCESS');
  await shop.local.pay.idle();
  const stored = shop.local.engine.getById('orders', order._id) as any;
  for (const item of stored.items) {
    const t = productTally(item.productId);
    t.paid.add(order._id);
    t.units += item.quantity;
    t.paidAmount += item.paid;
  }
  const paidAt = new Date(stored.paidAt).getTime();
  tally.paidOrders.push({ buyer: openid, at: paidAt, day: beijingDate(paidAt) });
  if (stored.referrer.level1?.userId === 'B') {
    tally.b.buyers.add(openid);
    tally.b.paidOrders += 1;
    tally.b.paidAmount += stored.goodsAmount;
  }
  return order;
}

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  // 09:00 in Beijing of the next day, so the story's two days are whole Beijing days.
  const now = shop.local.clock.now();
  const midnight = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  shop.local.clock.advance(midnight + DAY + 9 * HOUR - now);
  await shop.setSettings({ joinMode: 'everyone' });
  const product = async (name: string, price: number) =>
    (
      await ok(
        'admin',
        'products.upsert',
        { product: { name, price, stock: 1000, category: '茶', images: [], status: 'on' } },
        ADMIN,
      )
    ).product._id;
  p1 = await product('龙井', 10_000);
  p2 = await product('茶杯', 3_000);
  await ok('join', 'enter', {}, 'B');
  await ok('join', 'apply', {}, 'B');
  codeB = (await ok('join', 'me', {}, 'B')).distributor.code;
  // D bought before the story: a returning buyer in it.
  await ok('join', 'enter', {}, 'D');
  await buy('D', [{ productId: p2, quantity: 1 }]);
  tally.paidOrders.length = 0;
  tally.products.clear();
  shop.local.clock.advance(DAY);
  day1 = today();
  day2 = beijingDate(shop.local.clock.now() + DAY);
});
afterAll(() => shop?.stop());

test('the story', async () => {
  // Day 1: V1 scans B's code twice, V2 scans once, V3 opens a link.
  await enter('V1', 'scan');
  await enter('V1', 'scan');
  await enter('V2', 'scan');
  await enter('V3', 'link');
  await track('V1', [
    { type: 'page_view', page: 'pages/shop/home/index' },
    { type: 'page_view', page: 'pages/shop/product/index' },
    { type: 'product_view', productId: p1 },
    { type: 'product_view', productId: p1 },
    { type: 'product_view', productId: p2 },
    { type: 'product_view', productId: 'Pnope' },
    { type: 'add_to_cart', productId: p1, quantity: 2 },
  ]);
  await track('V2', [
    { type: 'product_view', productId: p1 },
    { type: 'add_to_cart', productId: p2, quantity: 1 },
  ]);
  await track('B', [
    { type: 'share', channel: 'card', productId: p1 },
    { type: 'share', channel: 'poster', productId: p1 },
    { type: 'share', channel: 'poster_saved', productId: p1 },
  ]);
  await track('V3', [{ type: 'share', channel: 'card', productId: p2 }]);
  await buy('V1', [{ productId: p1, quantity: 2 }]);
  await buy('V2', [
    { productId: p1, quantity: 1 },
    { productId: p2, quantity: 2 },
  ]);
  await buy('V3', [{ productId: p2, quantity: 1 }], false);
  shop.local.clock.advance(5 * HOUR);
  await buy('D', [{ productId: p1, quantity: 1 }]);

  // Day 2: V1 comes back by scan, views again and buys again; V4 only looks.
  shop.local.clock.advance(DAY - 5 * HOUR);
  expect(today()).toBe(day2);
  await enter('V1', 'scan');
  await track('V1', [
    { type: 'page_view', page: 'pages/shop/home/index' },
    { type: 'product_view', productId: p1 },
  ]);
  await track('V4', [{ type: 'page_view', page: 'pages/shop/home/index' }]);
  await buy('V1', [{ productId: p1, quantity: 1 }]);
});

test('stats.behaviour: every day and the total equal the tally', async () => {
  const answer = await ok('admin', 'stats.behaviour', { from: day1, to: day2 }, ADMIN);
  expect(answer.items.map((d: any) => d.date)).toEqual([day1, day2]);
  for (const day of answer.items) {
    const { date, ...figures } = day;
    expect(figures).toEqual(tally.days.get(date));
  }
  const total = Object.fromEntries(
    Object.keys(answer.total).map((k) => [
      k,
      [...tally.days.values()].reduce((s, d) => s + d[k as DayKey], 0),
    ]),
  );
  expect(answer.total).toEqual(total);
});

test('stats.products: the funnel of each product equals the tally, ranked by views and by sales', async () => {
  for (const by of ['views', 'sales'] as const) {
    const answer = await ok('admin', 'stats.products', { from: day1, to: day2, by }, ADMIN);
    const expected = [...tally.products.entries()].map(([productId, t]) => ({
      productId,
      name: productId === p1 ? '龙井' : '茶杯',
      views: t.views,
      carts: t.carts,
      shares: t.shares,
      orders: t.orders.size,
      paidOrders: t.paid.size,
      units: t.units,
      paidAmount: t.paidAmount,
    }));
    expected.sort((a, b) => (by === 'views' ? b.views - a.views : b.paidAmount - a.paidAmount));
    expect(answer.items).toEqual(expected);
  }
});

test("stats.conversion and the distributor's own share.conversion equal the tally", async () => {
  const expected = {
    shares: tally.b.shares,
    posters: tally.b.posters,
    posterSaves: tally.b.posterSaves,
    scans: tally.b.scans,
    links: tally.b.links,
    visitors: tally.b.visitors.size,
    buyers: tally.b.buyers.size,
    paidOrders: tally.b.paidOrders,
    paidAmount: tally.b.paidAmount,
  };
  expect(expected).toMatchObject({ scans: 4, links: 1, visitors: 4, buyers: 2, paidOrders: 3 });
  const answer = await ok('admin', 'stats.conversion', { from: day1, to: day2 }, ADMIN);
  expect(answer.items).toEqual([{ userId: 'B', nickname: expect.any(String), ...expected }]);
  const mine = await ok('share', 'conversion', { days: 2 }, 'B');
  expect(mine).toEqual({ from: day1, to: day2, ...expected });
  expect(await shop.call('share', 'conversion', {}, 'V1')).toMatchObject({
    ok: false,
    error: { code: 'FAILED_PRECONDITION' },
  });
});

test('stats.buyers: new, returning, repurchase and orders by hour equal the tally', async () => {
  const answer = await ok('admin', 'stats.buyers', { from: day1, to: day2 }, ADMIN);
  const inRange = tally.paidOrders.filter((o) => o.day === day1 || o.day === day2);
  const perBuyer = new Map<string, number>();
  for (const o of inRange) perBuyer.set(o.buyer, (perBuyer.get(o.buyer) ?? 0) + 1);
  const byHour = Array.from({ length: 24 }, (_, h) => inRange.filter((o) => beijingHour(o.at) === h).length);
  const repeat = [...perBuyer.values()].filter((n) => n >= 2).length;
  expect(answer).toEqual({
    from: day1,
    to: day2,
    buyers: perBuyer.size,
    newBuyers: perBuyer.size - 1, // D had paid before
    returningBuyers: 1,
    repeatBuyers: repeat,
    repurchaseBp: Math.floor((repeat * 10_000) / perBuyer.size),
    orders: inRange.length,
    byHour,
  });
  expect(answer).toMatchObject({ buyers: 3, repeatBuyers: 1 });
});

test("the distributor's rankings this month and the products with what each pays them", async () => {
  const byCommission = await ok('share', 'rankings', { by: 'commission' }, 'B');
  expect(byCommission.items[0]).toMatchObject({ rank: 1, isMe: true });
  expect(byCommission.me.rank).toBe(1);
  const ledger = shop.local.engine.find('ledger', { query: { userId: 'B' }, limit: 1000 }) as any[];
  expect(byCommission.me.value).toBe(
    // This Beijing month only (the story may straddle a month's end).
    ledger
      .filter(
        (r) =>
          r.kind === 'earned' && beijingDate(new Date(r.at).getTime()).slice(0, 7) === today().slice(0, 7),
      )
      .reduce((s, r) => s + r.amount, 0),
  );
  const byRecruits = await ok('share', 'rankings', { by: 'recruits' }, 'B');
  const boundThisMonth = (
    shop.local.engine.find('users', { query: { inviterId: 'B' }, limit: 100 }) as any[]
  ).filter((u) => beijingDate(new Date(u.boundAt).getTime()).slice(0, 7) === today().slice(0, 7)).length;
  expect(byRecruits.me).toEqual({ rank: boundThisMonth ? 1 : null, value: boundThisMonth });
  const products = await ok('share', 'products', {}, 'B');
  expect(products.items.map((i: any) => [i.product._id, i.earnFen])).toEqual(
    expect.arrayContaining([
      [p1, 1000],
      [p2, 300],
    ]),
  );
});

test('one user flooding 10,000 events in a minute is throttled; others still count', async () => {
  const batch = Array.from({ length: 50 }, () => ({ type: 'page_view', page: 'pages/shop/home/index' }));
  const before = (await ok('admin', 'stats.behaviour', { from: day2, to: day2 }, ADMIN)).items[0].pageViews;
  let accepted = 0;
  let throttled = 0;
  for (let round = 0; round < 20; round++) {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => ok('join', 'track', { events: batch }, 'FLOOD')),
    );
    for (const a of answers) a.throttled ? (throttled += 1) : (accepted += a.accepted);
  }
  expect(accepted + throttled * 50).toBe(10_000);
  expect(accepted).toBeLessThanOrEqual(120);
  expect(throttled).toBeGreaterThanOrEqual(197);
  // Someone else in the same minute is recorded.
  expect(
    await ok('join', 'track', { events: [{ type: 'page_view', page: 'pages/shop/home/index' }] }, 'V4'),
  ).toEqual({ accepted: 1, throttled: false });
  const after = (await ok('admin', 'stats.behaviour', { from: day2, to: day2 }, ADMIN)).items[0].pageViews;
  expect(after).toBe(before + accepted + 1);
  // The next minute the allowance is back.
  shop.local.clock.advance(61_000);
  expect((await ok('join', 'track', { events: batch }, 'FLOOD')).throttled).toBe(false);
});

test('bad events are refused whole and write nothing', async () => {
  const before = shop.snapshot(['behaviourDays', 'behaviourLog']);
  for (const events of [
    [],
    [{ type: 'page_view', page: 'https://evil.example' }],
    [{ type: 'product_view' }],
    [{ type: 'add_to_cart', productId: p1, quantity: 0 }],
    [{ type: 'share', channel: 'sms' }],
    [{ type: 'page_view', page: 'pages/a/b', extra: 1 }],
    Array.from({ length: 51 }, () => ({ type: 'page_view', page: 'pages/a/b' })),
  ]) {
    expect(await shop.call('join', 'track', { events }, 'V4')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  }
  expect(shop.snapshot(['behaviourDays', 'behaviourLog'])).toBe(before);
});
