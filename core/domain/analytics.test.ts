// Beijing-time days and ranges, amounts in yuan, and export rows, checked without the database.
import fc from 'fast-check';
import { AppError } from '../errors';
import {
  averageFen,
  beijingDate,
  beijingDateTime,
  beijingMidnight,
  commissionRow,
  dateRange,
  datesOf,
  EXPORT_COLUMNS,
  exportPath,
  fenToYuan,
  fillDays,
  orderRow,
  rangeProblem,
  safeText,
  shareBp,
  sumRows,
  withdrawalRow,
  yuanToFen,
} from './analytics';

/** The Beijing date by the platform's time-zone database, to check our fixed-offset arithmetic against. */
const intlDate = (ms: number) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));

describe('Beijing days', () => {
  test('midnight in Beijing is 16:00 UTC of the day before', () => {
    expect(beijingMidnight('2024-03-01')?.toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(beijingMidnight('2025-01-01')?.toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });

  test.each([
    ['2024-03-01T15:30:00Z', '2024-03-01', '2024-03-01 23:30:00'], // 23:30 Beijing: still that day
    ['2024-03-01T15:59:59.999Z', '2024-03-01', '2024-03-01 23:59:59'],
    ['2024-03-01T16:00:00Z', '2024-03-02', '2024-03-02 00:00:00'], // midnight belongs to the new day
    ['2024-03-01T16:10:00Z', '2024-03-02', '2024-03-02 00:10:00'],
    ['2024-12-31T16:00:00Z', '2025-01-01', '2025-01-01 00:00:00'],
    ['2024-02-28T20:00:00Z', '2024-02-29', '2024-02-29 04:00:00'],
  ])('%s is %s (%s) in Beijing', (iso, date, dateTime) => {
    expect(beijingDate(new Date(iso))).toBe(date);
    expect(beijingDateTime(new Date(iso))).toBe(dateTime);
  });

  test('agrees with the time-zone database for any instant (China has had no DST since 1991)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(beijingDate(new Date(ms))).toBe(intlDate(ms));
        const midnight = beijingMidnight(intlDate(ms))!.getTime();
        expect(midnight <= ms && ms < midnight + 86_400_000).toBe(true);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  test("the process's time zone changes nothing", () => {
    const saved = process.env.TZ;
    const answers: unknown[] = [];
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        const range = dateRange('2024-03-10', '2024-03-11');
        answers.push([
          range.start.toISOString(),
          range.end.toISOString(),
          datesOf(range),
          beijingDateTime(new Date('2024-03-10T17:45:00Z')),
        ]);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual([
      '2024-03-09T16:00:00.000Z',
      '2024-03-11T16:00:00.000Z',
      ['2024-03-10', '2024-03-11'],
      '2024-03-11 01:45:00',
    ]);
  });

  test.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-1-1',
    '24-01-01',
    '',
    '2024-01-01T00:00',
    '1999-12-31',
  ])('%p is not a date', (text) => expect(beijingMidnight(text)).toBeNull());

  test('2024-02-29 is (a leap year)', () => expect(beijingMidnight('2024-02-29')).not.toBeNull());
});

describe('date ranges', () => {
  test('inclusive on both ends: [from 00:00, the day after to 00:00) in Beijing', () => {
    const range = dateRange('2024-01-31', '2024-02-02');
    expect(range.start.toISOString()).toBe('2024-01-30T16:00:00.000Z');
    expect(range.end.toISOString()).toBe('2024-02-02T16:00:00.000Z');
    expect(range.days).toBe(3);
    expect(datesOf(range)).toEqual(['2024-01-31', '2024-02-01', '2024-02-02']);
  });

  test('one day', () => {
    const range = dateRange('2024-06-01', '2024-06-01');
    expect([range.days, datesOf(range)]).toEqual([1, ['2024-06-01']]);
  });

  test('366 days is the longest; the leap year fits, one more day does not', () => {
    expect(dateRange('2024-01-01', '2024-12-31').days).toBe(366);
    expect(datesOf(dateRange('2023-03-01', '2024-02-29'))).toHaveLength(366);
    expect(rangeProblem('2024-01-01', '2025-01-01')).toMatch(/366/);
  });

  test.each([
    ['2024-03-02', '2024-03-01', /不能晚于/],
    ['2024-02-30', '2024-03-01', /开始日期无效/],
    ['2024-03-01', 'tomorrow', /结束日期无效/],
  ])('%s → %s is refused', (from, to, message) => {
    expect(rangeProblem(from, to)).toMatch(message);
    let thrown: unknown;
    try {
      dateRange(from, to);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('INVALID_ARGUMENT');
  });

  test('fillDays keeps grouped rows and fills the gaps with zeros, in date order', () => {
    const range = dateRange('2024-12-30', '2025-01-02');
    const rows = new Map([
      ['2025-01-01', { orders: 3 }],
      ['2024-12-30', { orders: 1 }],
    ]);
    expect(fillDays(range, rows, () => ({ orders: 0 }))).toEqual([
      { date: '2024-12-30', orders: 1 },
      { date: '2024-12-31', orders: 0 },
      { date: '2025-01-01', orders: 3 },
      { date: '2025-01-02', orders: 0 },
    ]);
  });
});

describe('figures', () => {
  test('average order floors to the fen; nothing sold is 0', () => {
    expect(averageFen(30100, 4)).toBe(7525);
    expect(averageFen(10, 3)).toBe(3);
    expect(averageFen(0, 0)).toBe(0);
  });

  test('shares are floored basis points', () => {
    expect(shareBp(1, 3)).toBe(3333);
    expect(shareBp(2, 2)).toBe(10_000);
    expect(shareBp(0, 0)).toBe(0);
  });

  test('sumRows adds the named fields', () => {
    expect(
      sumRows(
        [
          { a: 1, b: 2 },
          { a: 3, b: 4 },
        ],
        ['a', 'b'],
      ),
    ).toEqual({ a: 4, b: 6 });
  });
});

describe('yuan', () => {
  test.each([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [12345, '123.45'],
    [-250, '-2.50'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%i fen is %s yuan', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
    expect(yuanToFen(text)).toBe(fen);
  });

  test('round-trips every safe integer exactly (no floating point on the way)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  test.each(['1', '1.5', '1.005', 'abc', ''])('%p is not a yuan amount', (text) =>
    expect(yuanToFen(text)).toBeNaN(),
  );
});

describe('export rows', () => {
  test('text that Excel would run as a formula is made plain', () => {
    expect(['=1+1', '+86 138', '-x', '@SUM(A1)', '\tx', '普通', ''].map(safeText)).toEqual([
      "'=1+1",
      "'+86 138",
      "'-x",
      "'@SUM(A1)",
      "'\tx",
      '普通',
      '',
    ]);
  });

  test('an order row: Chinese headers, yuan, Beijing times, Chinese status', () => {
    const row = orderRow({
      _id: 'O1',
      buyerId: 'u1',
      status: 'refunding',
      items: [
        { name: '茶叶', quantity: 2 },
        { name: '=杯', quantity: 1 },
      ],
      goodsAmount: 25_550,
      shipping: 800,
      amount: 26_350,
      refundedAmount: 0,
      referrer: { level1: { userId: 'B' } },
      address: {
        userName: '张三',
        telNumber: '138',
        provinceName: '广东省',
        cityName: '广州市',
        countyName: '天河区',
        detailInfo: '1 号',
      },
      remark: '',
      createdAt: new Date('2024-03-01T15:30:00Z'),
      paidAt: new Date('2024-03-01T16:01:02Z'),
    });
    expect(Object.keys(row)).toEqual(EXPORT_COLUMNS.orders);
    expect(row).toMatchObject({
      订单号: 'O1',
      下单时间: '2024-03-01 23:30:00',
      支付时间: '2024-03-02 00:01:02',
      状态: '退款中',
      商品: '茶叶×2；=杯×1',
      件数: '3',
      优惠券: '',
      '优惠(元)': '0.00',
      '商品实付(元)': '255.50',
      '运费(元)': '8.00',
      '实付金额(元)': '263.50',
      '已退款(元)': '0.00',
      一级分销员ID: 'B',
      二级分销员ID: '',
      收货地址: '广东省广州市天河区1 号',
    });
  });

  test('a commission row names the distributor and shows the rate as a percentage', () => {
    const row = commissionRow(
      {
        _id: 'O1:L2',
        orderId: 'O1',
        level: 2,
        beneficiaryId: 'A',
        buyerId: 'C',
        base: 2550,
        rate: 500,
        amount: 127,
        reversedAmount: 127,
        status: 'reversed',
        createdAt: new Date('2024-03-01T16:00:00Z'),
      },
      new Map([['A', '@阿']]),
    );
    expect(Object.keys(row)).toEqual(EXPORT_COLUMNS.commissions);
    expect(row).toMatchObject({
      层级: '二级',
      分销员昵称: "'@阿",
      比例: '5.00%',
      '佣金(元)': '1.27',
      '已冲回(元)': '1.27',
      '净佣金(元)': '0.00',
      状态: '已冲回',
      产生时间: '2024-03-02 00:00:00',
      结算时间: '',
    });
  });

  test('a withdrawal row works out what reaches the distributor when payout is missing', () => {
    const row = withdrawalRow(
      {
        _id: 'W1',
        userId: 'B',
        amount: 10_000,
        fee: 60,
        status: 'approved',
        createdAt: new Date('2024-03-01T00:00:00Z'),
      },
      new Map(),
    );
    expect(row).toMatchObject({ '实际到账(元)': '99.40', 状态: '待打款', 分销员昵称: '' });
  });

  test('export files are named by kind and range, with a random part', () => {
    expect(exportPath('orders', { from: '2024-01-01', to: '2024-01-31' }, 'ab12')).toBe(
      'exports/orders-2024-01-01-2024-01-31-ab12.csv',
    );
  });
});
