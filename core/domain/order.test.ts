// Orders: lines priced from the catalogue, the status machine, and what may still be refunded.
import {
  buildItems,
  canMove,
  Order,
  OrderStatus,
  Product,
  refundable,
  refundedGoods,
  shippingFor,
} from './order';
import { deepMerge, DEFAULT_SETTINGS } from './settings';

const product = (id: string, extra: Partial<Product> = {}): Product => ({
  _id: id,
  name: id,
  price: 1000,
  stock: 5,
  category: 'c',
  images: ['a.png'],
  status: 'on',
  ...extra,
});

const NOW = new Date('2026-11-28T04:00:00Z');

describe('buildItems', () => {
  const catalogue = new Map([
    ['a', product('a')],
    ['off', product('off', { status: 'off' })],
  ]);

  test('prices come from the catalogue and quantities of one product add up', () => {
    const items = buildItems(
      [
        { productId: 'a', quantity: 2 },
        { productId: 'a', quantity: 3 },
      ],
      catalogue,
      NOW,
    );
    expect(items).toEqual([
      { productId: 'a', name: 'a', category: 'c', price: 1000, quantity: 5, image: 'a.png', paid: 5000 },
    ]);
  });

  test.each([
    ['unknown product', [{ productId: 'x', quantity: 1 }], 'NOT_FOUND'],
    ['off sale', [{ productId: 'off', quantity: 1 }], 'FAILED_PRECONDITION'],
    [
      'more than the stock, even split over two lines',
      [
        { productId: 'a', quantity: 3 },
        { productId: 'a', quantity: 3 },
      ],
      'FAILED_PRECONDITION',
    ],
  ])('%s is refused', (_name, requested, code) => {
    expect(() => buildItems(requested, catalogue, NOW)).toThrow(expect.objectContaining({ code }));
  });
});

describe('status machine', () => {
  test.each<[OrderStatus, OrderStatus, boolean]>([
    ['created', 'paid', true],
    ['created', 'shipped', false],
    ['paid', 'shipped', true],
    ['shipped', 'completed', true],
    ['completed', 'refunding', true],
    ['refunding', 'shipped', false],
    ['refunding', 'completed', false],
    ['cancelled', 'paid', false],
    ['closed', 'paid', false],
    ['refunded', 'refunding', false],
  ])('%s → %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });
});

describe('refunds', () => {
  const settings = deepMerge(DEFAULT_SETTINGS, { afterSaleDays: 7 });
  const now = new Date('2026-11-25T00:00:00Z');
  const order = { status: 'completed', amount: 1500, goodsAmount: 1000, refundedAmount: 200 } as Order;

  test('a completed order may be refunded only inside the after-sale window', () => {
    expect(
      refundable({ ...order, completedAt: new Date(now.getTime() - 6 * 86_400_000) }, settings, now),
    ).toBe(1300);
    expect(
      refundable({ ...order, completedAt: new Date(now.getTime() - 7 * 86_400_000) }, settings, now),
    ).toBe(0);
    expect(refundable({ ...order, status: 'created' }, settings, now)).toBe(0);
  });

  test('shipping is refunded last: a refund first comes out of the goods', () => {
    expect(refundedGoods(order, 800)).toBe(800);
    expect(refundedGoods(order, 1500)).toBe(1000);
  });

  test('shipping is free over the threshold', () => {
    const s = deepMerge(DEFAULT_SETTINGS, { shipping: { feeFen: 800, freeOverFen: 9900 } });
    expect(shippingFor(s, 9899)).toBe(800);
    expect(shippingFor(s, 9900)).toBe(0);
  });
});
