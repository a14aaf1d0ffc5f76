// admin `export` end to end: the CSV is written to the local cloud's storage, downloaded through its
// temporary URL, parsed back with csv-parse and compared field by field with the database; ranges are
// Beijing days; more than one read page; a large range in parts across calls (and the timer), joined into
// one file; a lost part; a range over the row limit is refused and writes no file.
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_EXPORT_ROWS } from '../../core/usecases/admin/export';
import { ShopCloud, startShopCloud } from '../../scripts/start/shop-cloud';

const ADMIN = 'merchant';
let cloud: ShopCloud;
let dataDir: string;

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

async function call(data: Record<string, unknown>, openid = ADMIN): Promise<Envelope> {
  const outcome = await cloud.invoke('admin', { action: 'export', ...data }, openid);
  if (!outcome.ok) throw new Error(`admin.export crashed: ${outcome.errMsg}`);
  return outcome.result as Envelope;
}

async function exported(kind: string, from: string, to: string) {
  const answer = await call({ kind, from, to });
  if (!answer.ok) throw new Error(`export ${kind}: ${answer.error.code} ${answer.error.message}`);
  const res = await fetch(answer.data.tempFileURL);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { answer: answer.data, bytes, rows: parseCsv(bytes) };
}

/** Strips the BOM (checking it is there) and parses with headers as keys. */
function parseCsv(bytes: Buffer): Record<string, string>[] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

/** Beijing wall-clock time by the platform's time-zone database. */
const beijing = (at: Date | string | undefined | null) =>
  at
    ? new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(at))
    : '';
/** "12.30" → 1230, parsed without floating point. */
const fen = (yuan: string) => {
  const m = /^(\d+)\.(\d\d)$/.exec(yuan);
  if (!m) throw new Error(`not a yuan amount: ${yuan}`);
  return Number(m[1]) * 100 + Number(m[2]);
};
/** What a text cell holds for a value a person typed: formulas are defused with a leading apostrophe. */
const cell = (value: string | undefined) => (/^[=+\-@]/.test(value ?? '') ? `'${value}` : (value ?? ''));

const all = (collection: string) => cloud.engine.find(collection, { limit: 1000 }) as Record<string, any>[];
/** Every document, read from the engine 1000 at a time (its limit, like the platform's). */
function everything(collection: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = cloud.engine.find(collection, { order: { _id: 1 }, offset, limit: 1000 }) as Record<
      string,
      any
    >[];
    out.push(...page);
    if (page.length < 1000) return out;
  }
}
const storageFiles = () => {
  try {
    return readdirSync(path.join(dataDir, 'storage'), { recursive: true }).map(String).sort();
  } catch {
    return [];
  }
};

// The range under test is 2024-03-01..2024-03-02 in Beijing: [2024-02-29T16:00Z, 2024-03-02T16:00Z).
const IN_START = new Date('2024-02-29T16:00:00.000Z');
const IN_LAST = new Date('2024-03-02T15:59:59.999Z');
const JUST_BEFORE = new Date('2024-02-29T15:59:59.999Z');
const JUST_AFTER = new Date('2024-03-02T16:00:00.000Z');
const inRange = (at: Date) => at.getTime() >= IN_START.getTime() && at.getTime() <= IN_LAST.getTime();
const PAGED_ORDERS = 2_300;

const tricky = ['逗号,引号"和\n换行', '=HYPERLINK("http://x")', '+8613800000000', '普通昵称', ''];

function order(id: string, createdAt: Date, i: number) {
  const status = ['created', 'paid', 'shipped', 'completed', 'cancelled', 'closed', 'refunding', 'refunded'][
    i % 8
  ]!;
  const goods = 1000 + i * 7;
  return {
    _id: id,
    buyerId: `buyer${i % 5}`,
    status,
    items: [
      { productId: 'p1', name: `商品${i % 3}`, price: goods, quantity: 1 },
      ...(i % 2 ? [{ productId: 'p2', name: '赠品,小样', price: 0, quantity: 2 }] : []),
    ],
    goodsAmount: goods,
    shipping: i % 2 ? 800 : 0,
    amount: goods + (i % 2 ? 800 : 0),
    referrer:
      i % 3
        ? {
            level1: { userId: 'D1', rate: 1000 },
            ...(i % 3 === 2 ? { level2: { userId: 'D2', rate: 500 } } : {}),
          }
        : {},
    outTradeNo: id,
    refundedAmount: status === 'refunded' ? goods : 0,
    refundCount: 0,
    address: {
      userName: tricky[i % tricky.length],
      telNumber: '13800000000',
      provinceName: '广东省',
      cityName: '深圳市',
      countyName: '南山区',
      detailInfo: `科技园 ${i} 号`,
    },
    remark: tricky[(i + 1) % tricky.length],
    createdAt,
    updatedAt: createdAt,
    ...(['created', 'cancelled', 'closed'].includes(status)
      ? {}
      : { paidAt: new Date(createdAt.getTime() + 60_000) }),
    ...(status === 'shipped'
      ? { shippingInfo: { expressCompany: 'SF', trackingNo: `SF${i}`, shippedAt: createdAt } }
      : {}),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'admin-export-'));
  cloud = await startShopCloud({ port: 0, dataDir, adminOpenid: ADMIN, quiet: true });
  cloud.engine.insert('settings', [{ _id: 'global', admins: [ADMIN] }]);

  const boundaries = [IN_START, IN_LAST, JUST_BEFORE, JUST_AFTER];
  cloud.engine.insert('orders', [
    ...boundaries.map((at, i) => order(`EDGE${i}`, at, i)),
    // Spread over the two days, more than two read pages.
    ...Array.from({ length: PAGED_ORDERS }, (_, i) =>
      order(`O${String(i).padStart(5, '0')}`, new Date(IN_START.getTime() + ((i * 37) % 172_800) * 1000), i),
    ),
  ]);
  const person = (
    id: string,
    nickname: string,
    distributor: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    _id: id,
    nickname,
    avatarUrl: '',
    createdAt: JUST_BEFORE,
    updatedAt: JUST_BEFORE,
    paidSpendFen: 12_345,
    inviteeCount: 3,
    distributor,
    ...extra,
  });
  cloud.engine.insert('users', [
    person('D1', '一号,"店"', { status: 'active', code: 'AAA111', grade: '金牌', joinedAt: IN_START }),
    person(
      'D2',
      '=二号',
      { status: 'frozen', code: 'BBB222', joinedAt: IN_LAST },
      { inviterId: 'D1', boundAt: IN_START },
    ),
    person('D3', '三号', { status: 'active', code: 'CCC333', joinedAt: JUST_AFTER }),
    person('D4', '四号', { status: 'active', code: 'DDD444', joinedAt: JUST_BEFORE }),
    person('U1', '顾客', { status: 'none' }),
  ]);
  const entry = (orderId: string, level: 1 | 2, createdAt: Date, status: string, reversedAmount: number) => ({
    _id: `${orderId}:L${level}`,
    orderId,
    level,
    beneficiaryId: level === 1 ? 'D1' : 'D2',
    buyerId: 'buyer1',
    base: 9990,
    rate: level === 1 ? 1000 : 500,
    amount: level === 1 ? 999 : 499,
    reversedAmount,
    status,
    maturesAt: null,
    settleBatch: null,
    onHold: false,
    createdAt,
    updatedAt: createdAt,
    ...(status === 'settled' ? { settledAt: new Date(createdAt.getTime() + 8 * 86_400_000) } : {}),
  });
  cloud.engine.insert('commissions', [
    entry('C1', 1, IN_START, 'settled', 0),
    entry('C1', 2, IN_START, 'settled', 0),
    entry('C2', 1, IN_LAST, 'pending', 333),
    entry('C3', 2, JUST_AFTER, 'pending', 0),
    entry('C4', 1, JUST_BEFORE, 'reversed', 999),
  ]);
  const withdrawal = (
    id: string,
    userId: string,
    createdAt: Date,
    status: string,
    extra: Record<string, unknown> = {},
  ) => ({
    _id: id,
    userId,
    amount: 10_000,
    fee: 60,
    payout: 9940,
    status,
    createdAt,
    updatedAt: createdAt,
    ...extra,
  });
  cloud.engine.insert('withdrawals', [
    withdrawal('W1', 'D1', IN_START, 'paid', { reference: 'BANK-001' }),
    withdrawal('W2', 'D2', IN_LAST, 'rejected', { reason: '-信息有误' }),
    withdrawal('W3', 'D1', JUST_AFTER, 'requested'),
  ]);
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('orders: every order created in the Beijing range, field by field, over several read pages', async () => {
  const { answer, bytes, rows } = await exported('orders', '2024-03-01', '2024-03-02');
  const expected = everything('orders')
    .filter((o) => inRange(o.createdAt))
    .sort((a, b) => a.createdAt - b.createdAt || (a._id < b._id ? -1 : 1));
  expect(expected).toHaveLength(PAGED_ORDERS + 2);
  expect(answer.rows).toBe(PAGED_ORDERS + 2);
  expect(rows.map((r) => r['订单号'])).toEqual(expected.map((o) => o.orderNo ?? o._id));
  expect(rows.map((r) => r['订单号'])).toEqual(expect.arrayContaining(['EDGE0', 'EDGE1']));
  expect(rows.map((r) => r['订单号'])).not.toEqual(expect.arrayContaining(['EDGE2']));
  const statusText: Record<string, string> = {
    created: '待支付',
    paid: '已支付',
    shipped: '已发货',
    completed: '已完成',
    cancelled: '已取消',
    closed: '已关闭',
    refunding: '退款中',
    refunded: '已退款',
  };
  rows.forEach((row, i) => {
    const o = expected[i]!;
    expect(row).toEqual({
      订单号: o.orderNo ?? o._id,
      下单时间: beijing(o.createdAt),
      支付时间: beijing(o.paidAt),
      状态: statusText[o.status],
      买家ID: o.buyerId,
      商品: o.items.map((item: any) => `${item.name}×${item.quantity}`).join('；'),
      件数: String(o.items.reduce((s: number, item: any) => s + item.quantity, 0)),
      优惠券: o.coupon?.name ?? '',
      '优惠(元)': row['优惠(元)'],
      '商品实付(元)': row['商品实付(元)'],
      '运费(元)': row['运费(元)'],
      '实付金额(元)': row['实付金额(元)'],
      '已退款(元)': row['已退款(元)'],
      一级分销员ID: o.referrer.level1?.userId ?? '',
      二级分销员ID: o.referrer.level2?.userId ?? '',
      收货人: cell(o.address.userName),
      联系电话: o.address.telNumber,
      收货地址: `广东省深圳市南山区${o.address.detailInfo}`,
      物流公司: o.shippingInfo?.carrier ?? '',
      运单号: o.shippingInfo?.trackingNo ?? '',
      备注: cell(o.remark),
    });
    expect([
      fen(row['优惠(元)']!),
      fen(row['商品实付(元)']!),
      fen(row['运费(元)']!),
      fen(row['实付金额(元)']!),
      fen(row['已退款(元)']!),
    ]).toEqual([o.coupon?.discount ?? 0, o.goodsAmount, o.shipping, o.amount, o.refundedAmount]);
  });
  // Excel wants CRLF; quoted newlines inside a cell stay as they were typed.
  const text = bytes.toString('utf8');
  expect(text.split('\r\n')[0]).toBe(
    `\ufeff订单号,下单时间,支付时间,状态,买家ID,商品,件数,优惠券,优惠(元),商品实付(元),运费(元),实付金额(元),已退款(元),一级分销员ID,二级分销员ID,收货人,联系电话,收货地址,物流公司,运单号,备注`,
  );
  expect(answer.fileID).toMatch(/^cloud:\/\/.+\/exports\/orders-2024-03-01-2024-03-02-[0-9a-f]{12}\.csv$/);
  expect(storageFiles()).toContain(answer.fileID.replace(/^cloud:\/\/[^/]+\//, ''));
});

test('commissions: entries created in the range, with nickname, level, rate and amounts', async () => {
  const { answer, rows } = await exported('commissions', '2024-03-01', '2024-03-02');
  expect(answer.rows).toBe(3);
  const stored = new Map(all('commissions').map((e) => [e._id, e]));
  expect(rows.map((r) => r['佣金单号'])).toEqual(['C1:L1', 'C1:L2', 'C2:L1']);
  for (const row of rows) {
    const e = stored.get(row['佣金单号']!)!;
    expect(beijing(e.createdAt)).toBe(row['产生时间']);
    expect([
      fen(row['佣金基数(元)']!),
      fen(row['佣金(元)']!),
      fen(row['已冲回(元)']!),
      fen(row['净佣金(元)']!),
    ]).toEqual([e.base, e.amount, e.reversedAmount, e.amount - e.reversedAmount]);
    expect(row['层级']).toBe(e.level === 1 ? '一级' : '二级');
    expect(row['比例']).toBe(`${(e.rate / 100).toFixed(2)}%`);
    expect(row['结算时间']).toBe(beijing(e.settledAt));
  }
  expect(rows.map((r) => [r['分销员昵称'], r['状态']])).toEqual([
    ['一号,"店"', '已结算'],
    ["'=二号", '已结算'],
    ['一号,"店"', '待结算'],
  ]);
});

test('distributors: who joined in the range', async () => {
  const { rows } = await exported('distributors', '2024-03-01', '2024-03-02');
  expect(rows).toEqual([
    {
      用户ID: 'D1',
      昵称: '一号,"店"',
      邀请码: 'AAA111',
      状态: '正常',
      等级: '金牌',
      成为分销员时间: beijing(IN_START),
      上级ID: '',
      直接邀请人数: '3',
      '累计消费(元)': '123.45',
    },
    {
      用户ID: 'D2',
      昵称: "'=二号",
      邀请码: 'BBB222',
      状态: '已冻结',
      等级: '',
      成为分销员时间: '2024-03-02 23:59:59',
      上级ID: 'D1',
      直接邀请人数: '3',
      '累计消费(元)': '123.45',
    },
  ]);
});

test('withdrawals: requests made in the range', async () => {
  const { rows } = await exported('withdrawals', '2024-03-01', '2024-03-02');
  expect(
    rows.map((r) => [
      r['提现单号'],
      r['分销员昵称'],
      r['提现金额(元)'],
      r['手续费(元)'],
      r['实际到账(元)'],
      r['状态'],
      r['打款凭证'],
      r['备注'],
    ]),
  ).toEqual([
    ['W1', '一号,"店"', '100.00', '0.60', '99.40', '已打款', 'BANK-001', ''],
    ['W2', "'=二号", '100.00', '0.60', '99.40', '已拒绝', '', "'-信息有误"],
  ]);
  expect(rows[0]!['申请时间']).toBe('2024-03-01 00:00:00');
});

test('an empty range is a file with the header only', async () => {
  const { answer, bytes, rows } = await exported('withdrawals', '2020-01-01', '2020-01-31');
  expect([answer.rows, rows]).toEqual([0, []]);
  expect(bytes.toString('utf8')).toBe(
    '\ufeff提现单号,分销员ID,分销员昵称,提现金额(元),手续费(元),实际到账(元),状态,申请时间,更新时间,打款凭证,备注\r\n',
  );
});

test('each export is a new file: two exports of one range do not overwrite each other', async () => {
  const first = await exported('commissions', '2024-03-01', '2024-03-02');
  const second = await exported('commissions', '2024-03-01', '2024-03-02');
  expect(first.answer.fileID).not.toBe(second.answer.fileID);
});

test('rows sharing one instant across page boundaries are each exported once', async () => {
  const instant = new Date('2023-01-05T04:00:00Z');
  cloud.engine.insert(
    'orders',
    Array.from({ length: 2_345 }, (_, i) => order(`SAME${String(i).padStart(4, '0')}`, instant, i)),
  );
  cloud.engine.insert('orders', [order('SAMEAFTER', new Date(instant.getTime() + 1), 1)]);
  const { answer, rows } = await exported('orders', '2023-01-05', '2023-01-05');
  const ids = rows.map((r) => r['订单号']);
  expect(answer.rows).toBe(2_346);
  expect(new Set(ids).size).toBe(2_346);
  expect(ids.at(-1)).toBe('SAMEAFTER');
  expect(ids.slice(0, -1)).toEqual([...ids.slice(0, -1)].sort());
});

test('a range of more than 20,000 rows is written in parts across calls, joined once, with progress', async () => {
  const day = new Date('2023-06-01T02:00:00Z');
  const TOTAL = 23_000;
  // Several instants, each shared by many rows, so part and page boundaries fall inside an instant.
  cloud.engine.insert(
    'orders',
    // Slim orders: the fields are covered above, the size of the range here.
    Array.from({ length: TOTAL }, (_, i) => ({
      _id: `BIG${String(i).padStart(5, '0')}`,
      buyerId: 'buyer1',
      status: 'paid',
      items: [{ productId: 'p1', name: '商品', price: 1000, quantity: 1 }],
      goodsAmount: 1000,
      shipping: 0,
      amount: 1000,
      createdAt: new Date(day.getTime() + Math.floor(i / 1_500) * 1000),
    })),
  );
  const first = await call({ kind: 'orders', from: '2023-06-01', to: '2023-06-01' });
  if (!first.ok) throw new Error(first.error.message);
  // Up to four parts of 5,000 in the first call (fewer only on a slow machine): the page shows, say,
  // 20000 / 23000, and each part is a file of its own until the join.
  expect(first.data).toMatchObject({ status: 'running', total: TOTAL });
  expect(first.data.tempFileURL).toBeUndefined();
  expect([5_000, 10_000, 15_000, 20_000]).toContain(first.data.rows);
  const exportId = first.data.exportId as string;
  const partFiles = () => storageFiles().filter((file) => file.includes(`exports/${exportId}/`));
  expect(partFiles()).toHaveLength(first.data.rows / 5_000);

  // Two polls at once: the lease lets one write; the file below proves no part was written twice.
  const polls = await Promise.all([1, 2].map(() => call({ action: 'export.status', exportId })));
  expect(polls.map((poll) => poll.ok && poll.data.status)).toContain('running');
  let done = polls.find((poll) => poll.ok && poll.data.status === 'done');
  for (let i = 0; !done && i < 10; i++) {
    const poll = await call({ action: 'export.status', exportId });
    if (poll.ok && poll.data.status !== 'running') done = poll;
  }
  if (!done?.ok) throw new Error('export not done');
  expect(done.data).toMatchObject({ status: 'done', rows: TOTAL, total: TOTAL });
  expect(done.data.fileID).toMatch(new RegExp(`/exports/orders-2023-06-01-2023-06-01-${exportId}\\.csv$`));
  // The parts are gone; the joined file has one BOM, one header and every row once, in order.
  expect(partFiles()).toEqual([]);
  const bytes = Buffer.from(await (await fetch(done.data.tempFileURL)).arrayBuffer());
  const rows = parseCsv(bytes);
  expect(bytes.toString('utf8').split('\ufeff')).toHaveLength(2);
  expect(bytes.toString('utf8').split('订单号,下单时间')).toHaveLength(2);
  expect(rows.map((r) => r['订单号'])).toEqual(
    Array.from({ length: TOTAL }, (_, i) => `BIG${String(i).padStart(5, '0')}`),
  );
});

test('the settle timer carries on an export the page left; a part lost in storage fails the export after three tries', async () => {
  const started = await call({ kind: 'orders', from: '2023-06-01', to: '2023-06-01' });
  if (!started.ok) throw new Error(started.error.message);
  const exportId = started.data.exportId as string;
  const timer = async () => {
    const outcome = await cloud.invoke('settle', { Type: 'Timer', TriggerName: 'settleEvery10Minutes' }, '');
    if (!outcome.ok) throw new Error(outcome.errMsg);
    return (outcome.result as any).data;
  };
  expect(await timer()).toMatchObject({ exportsContinued: 1 });
  // The timer wrote on without the page; the page's next look finds it done (or finishes it).
  let status = await call({ action: 'export.status', exportId });
  for (let i = 0; status.ok && status.data.status === 'running' && i < 10; i++)
    status = await call({ action: 'export.status', exportId });
  expect(status.ok && status.data).toMatchObject({ status: 'done', rows: 23_000 });
  expect(await timer()).toMatchObject({ exportsContinued: 0 });

  // Another export whose first part is deleted (in the console, say) before the join.
  const broken = await call({ kind: 'orders', from: '2023-06-01', to: '2023-06-01' });
  if (!broken.ok) throw new Error(broken.error.message);
  const brokenId = broken.data.exportId as string;
  const part = storageFiles().find((file) => file.includes(`exports/${brokenId}/part-001`))!;
  rmSync(path.join(dataDir, 'storage', part));
  // The page asks on: the remaining parts are written, then the join fails three times and it stops.
  const tries = [];
  for (let i = 0; i < 12; i++) {
    const poll = await call({ action: 'export.status', exportId: brokenId });
    tries.push(poll.ok && poll.data.status);
    if (poll.ok && poll.data.status !== 'running') {
      expect(poll.data).toMatchObject({ status: 'failed', rows: 23_000, error: '导出失败，请稍后重新导出' });
      expect(poll.data.tempFileURL).toBeUndefined();
      break;
    }
  }
  expect(tries.at(-1)).toBe('failed');
  expect(cloud.engine.getById('exports', brokenId)).toMatchObject({ failures: 3, complete: true });
  // Asked again, a failed export stays failed and writes nothing.
  const files = storageFiles();
  const again = await call({ action: 'export.status', exportId: brokenId });
  expect(again.ok && again.data.status).toBe('failed');
  expect(storageFiles()).toEqual(files);
});

test('an unknown export is NOT_FOUND, a malformed ask is refused writing nothing, and a shopper can neither start nor read one', async () => {
  const unknown = await call({ action: 'export.status', exportId: 'nosuchexport' });
  expect(unknown.ok ? 'ok' : unknown.error.code).toBe('NOT_FOUND');
  // Malformed asks are refused by the contract and write nothing.
  const jobs = JSON.stringify(cloud.engine.find('exports', { limit: 1000 }));
  const files = storageFiles();
  for (const data of [
    { action: 'export.status', exportId: '../x' },
    { action: 'export.status', exportId: 'abc', extra: 1 },
    { action: 'export.status', exportId: 5 },
    { kind: 'orders', from: '2024-03-02', to: '2024-03-01' },
    { kind: 'everything', from: '2024-03-01', to: '2024-03-02' },
  ]) {
    const answer = await call(data);
    expect([data, answer.ok ? 'ok' : answer.error.code]).toEqual([data, 'INVALID_ARGUMENT']);
  }
  expect(JSON.stringify(cloud.engine.find('exports', { limit: 1000 }))).toBe(jobs);
  expect(storageFiles()).toEqual(files);
  const [job] = cloud.engine.find('exports', { limit: 1 }) as { _id: string }[];
  for (const data of [
    { kind: 'orders', from: '2024-03-01', to: '2024-03-02' },
    { action: 'export.status', exportId: job!._id },
  ]) {
    const answer = await call(data, 'some-shopper');
    expect(answer.ok ? 'ok' : answer.error.code).toBe('PERMISSION_DENIED');
  }
});

test(`more than ${MAX_EXPORT_ROWS} rows is refused, asking for a shorter range, and writes nothing`, async () => {
  const day = new Date('2023-07-01T02:00:00Z');
  // Only what counting needs: the time the range applies to.
  cloud.engine.insert(
    'orders',
    Array.from({ length: MAX_EXPORT_ROWS + 1 }, (_, i) => ({ _id: `HUGE${i}`, createdAt: day })),
  );
  const files = storageFiles();
  const jobs = cloud.engine.find('exports', { limit: 1000 }).length;
  const answer = await call({ kind: 'orders', from: '2023-07-01', to: '2023-07-01' });
  expect(answer.ok ? 'ok' : answer.error.code).toBe('INVALID_ARGUMENT');
  expect(answer.ok ? '' : answer.error.message).toMatch(
    new RegExp(`${MAX_EXPORT_ROWS + 1}.*${MAX_EXPORT_ROWS}.*缩短`),
  );
  expect(storageFiles()).toEqual(files);
  expect(cloud.engine.find('exports', { limit: 1000 })).toHaveLength(jobs);
});
