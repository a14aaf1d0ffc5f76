// Specifications and limited-time prices, pure: which SKU a line names, what it costs at a given instant,
// and the merchant's mistakes refused in words.
import { checkSpecifications, DEFAULT_SKU, priceAt, shelfPrice, skuOf, SpecifiedProduct } from './catalog';
import { buildItems, Product } from './order';

const AT = (iso: string) => new Date(iso);
const tea: SpecifiedProduct & Product = {
  _id: 'tea',
  name: '龙井',
  price: 6800,
  stock: 30,
  category: '茶',
  images: ['tea.png'],
  status: 'on',
  specs: [
    { name: '容量', values: ['250g', '500g'] },
    { name: '包装', values: ['简装', '礼盒'] },
  ],
  skus: [
    { skuId: 's1', specs: ['250g', '简装'], price: 6800, stock: 10 },
    { skuId: 's2', specs: ['250g', '礼盒'], price: 8800, stock: 10, image: 'gift.png' },
    {
      skuId: 's3',
      specs: ['500g', '简装'],
      price: 12_800,
      stock: 10,
      commission: { mode: 'fixed', level1Fen: 500, level2Fen: 100 },
    },
  ],
  limited: {
    startsAt: AT('2026-12-01T00:00:00Z'),
    endsAt: AT('2026-12-02T00:00:00Z'),
    prices: { s1: 5800 },
  },
};

test('a product without specifications sells one default SKU; naming another is refused', () => {
  const plain = { name: '杯', price: 100, stock: 3, images: [] };
  expect(skuOf(plain, undefined)).toMatchObject({ skuId: DEFAULT_SKU, price: 100, stock: 3 });
  expect(skuOf(plain, DEFAULT_SKU).skuId).toBe(DEFAULT_SKU);
  expect(() => skuOf(plain, 's1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
});

test('a product with specifications needs a SKU it has', () => {
  expect(skuOf(tea, 's2').price).toBe(8800);
  expect(() => skuOf(tea, undefined)).toThrow(
    expect.objectContaining({ code: 'INVALID_ARGUMENT', message: '请选择规格：龙井' }),
  );
  expect(() => skuOf(tea, 's9')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
});

test('the limited-time price applies from its start (inclusive) to its end (exclusive), to its SKUs only', () => {
  const s1 = skuOf(tea, 's1');
  expect(priceAt(tea, s1, AT('2026-11-30T23:59:59.999Z'))).toEqual({ price: 6800 });
  expect(priceAt(tea, s1, AT('2026-12-01T00:00:00Z'))).toEqual({ price: 5800, listPrice: 6800 });
  expect(priceAt(tea, s1, AT('2026-12-01T23:59:59.999Z'))).toEqual({ price: 5800, listPrice: 6800 });
  expect(priceAt(tea, s1, AT('2026-12-02T00:00:00Z'))).toEqual({ price: 6800 });
  expect(priceAt(tea, skuOf(tea, 's2'), AT('2026-12-01T12:00:00Z'))).toEqual({ price: 8800 });
});

test('the shelf shows the lowest price now, the list price and when the cut ends', () => {
  expect(shelfPrice(tea, AT('2026-11-30T00:00:00Z'))).toEqual({ price: 6800, stock: 30 });
  expect(shelfPrice(tea, AT('2026-12-01T08:00:00Z'))).toEqual({
    price: 5800,
    listPrice: 6800,
    stock: 30,
    limitedEndsAt: AT('2026-12-02T00:00:00Z'),
  });
});

test('order lines carry the SKU, its words, its picture, its own commission and the price of the moment', () => {
  const items = buildItems(
    [
      { productId: 'tea', skuId: 's1', quantity: 2 },
      { productId: 'tea', skuId: 's3', quantity: 1 },
      { productId: 'tea', skuId: 's1', quantity: 1 },
    ],
    new Map([['tea', tea]]),
    AT('2026-12-01T08:00:00Z'),
  );
  expect(items).toEqual([
    {
      productId: 'tea',
      skuId: 's1',
      specText: '250g / 简装',
      name: '龙井',
      category: '茶',
      price: 5800,
      listPrice: 6800,
      quantity: 3,
      image: 'tea.png',
      paid: 17_400,
    },
    {
      productId: 'tea',
      skuId: 's3',
      specText: '500g / 简装',
      name: '龙井',
      category: '茶',
      price: 12_800,
      quantity: 1,
      image: 'tea.png',
      commission: { mode: 'fixed', level1Fen: 500, level2Fen: 100 },
      paid: 12_800,
    },
  ]);
  expect(() =>
    buildItems(
      [{ productId: 'tea', skuId: 's2', quantity: 11 }],
      new Map([['tea', tea]]),
      AT('2026-12-01T08:00:00Z'),
    ),
  ).toThrow(expect.objectContaining({ message: '库存不足：龙井（250g / 礼盒）（剩余 10 件）' }));
});

test.each<[string, Partial<SpecifiedProduct>, string]>([
  [
    'four dimensions',
    { specs: [1, 2, 3, 4].map((n) => ({ name: `d${n}`, values: ['x'] })), skus: [] },
    '规格最多 3 种',
  ],
  [
    'a SKU missing a value',
    { skus: [{ skuId: 'x', specs: ['250g'], price: 1, stock: 1 }] },
    'SKU x 要为每种规格各选一个值',
  ],
  [
    'a value the dimension lacks',
    { skus: [{ skuId: 'x', specs: ['1kg', '简装'], price: 1, stock: 1 }] },
    'SKU x 的「1kg」不是规格「容量」的值',
  ],
  [
    'the same combination twice',
    {
      skus: [
        { skuId: 'x', specs: ['250g', '简装'], price: 1, stock: 1 },
        { skuId: 'y', specs: ['250g', '简装'], price: 1, stock: 1 },
      ],
    },
    '规格组合重复：250g / 简装',
  ],
  [
    'a limited price not below the price',
    {
      limited: {
        startsAt: AT('2026-12-01T00:00:00Z'),
        endsAt: AT('2026-12-02T00:00:00Z'),
        prices: { s2: 8800 },
      },
    },
    '限时价要低于原价（250g / 礼盒）',
  ],
  [
    'a window that ends before it starts',
    {
      limited: {
        startsAt: AT('2026-12-02T00:00:00Z'),
        endsAt: AT('2026-12-01T00:00:00Z'),
        prices: { s1: 1 },
      },
    },
    '限时价的结束时间要晚于开始时间',
  ],
  [
    'a limited price for a SKU that does not exist',
    {
      limited: {
        startsAt: AT('2026-12-01T00:00:00Z'),
        endsAt: AT('2026-12-02T00:00:00Z'),
        prices: { s9: 1 },
      },
    },
    '限时价的 SKU 不存在：s9',
  ],
])('refused: %s', (_name, change, message) => {
  expect(() => checkSpecifications({ ...tea, ...change })).toThrow(
    expect.objectContaining({ code: 'INVALID_ARGUMENT', message }),
  );
});

test('the example product passes', () => {
  expect(() => checkSpecifications(tea)).not.toThrow();
});
