// Distributor grades: a distributor whose settled results reach the next grade is upgraded by
// settle, and orders created afterwards pay the grade's rates.
import { startCloud, TestCloud } from '../support/cloud';

const DAY = 86_400_000;
const ADMIN = 'merchant';
let shop: TestCloud;

const ok = (fn: string, action: string, data: Record<string, unknown>, openid: string) =>
  shop.ok(fn, action, data, openid);

const address = {
  userName: '赵六',
  telNumber: '13600000000',
  provinceName: '上海市',
  cityName: '上海市',
  countyName: '浦东新区',
  detailInfo: '1 号',
};

beforeAll(async () => {
  shop = await startCloud({ adminOpenid: ADMIN });
  const now = shop.local.clock.date();
  const base = {
    avatarUrl: '',
    createdAt: now,
    firstSeenAt: now,
    updatedAt: now,
    paidSpendFen: 0,
    inviteeCount: 0,
  };
  shop.local.engine.insert('users', [
    { _id: 'B', nickname: 'B', ...base, distributor: { status: 'active', code: 'CODEB', joinedAt: now } },
    { _id: 'C', nickname: 'C', ...base, inviterId: 'B', boundAt: now, distributor: { status: 'none' } },
  ]);
  shop.local.engine.insert('products', [
    { _id: 'p', name: '礼盒', price: 50_000, stock: 100, category: 'x', images: [], status: 'on' },
  ]);
});

afterAll(() => shop?.stop());

test('settle upgrades a distributor whose sales reach the grade, and later orders pay the grade rate', async () => {
  await ok(
    'admin',
    'settings.update',
    {
      settings: {
        grades: [
          {
            id: 'gold',
            name: '金牌分销员',
            rates: { level1: 1500, level2: 500 },
            upgrade: { metric: 'sales', threshold: 50_000 },
          },
        ],
      },
    },
    ADMIN,
  );
  const first = (await ok('order', 'create', { items: [{ productId: 'p', quantity: 1 }], address }, 'C'))
    .order;
  expect((await shop.adminOrder(first._id)).referrer.level1).toEqual({ userId: 'B', rate: 1000 });
  await ok('order', 'pay', { orderId: first._id }, 'C');
  await shop.local.pay.pay(first._id, 'SUCCESS');
  await ok(
    'admin',
    'orders.ship',
    { orderId: first._id, expressCompany: 'ZTO', trackingNo: 'ZT12345678' },
    ADMIN,
  );
  await shop.receive(first._id, 'C');
  shop.local.clock.advance(8 * DAY);
  const outcome = await shop.local.invoke('settle', { Type: 'Timer' });
  // The settle timer may have run the same step on its own as the clock moved: then this run found nothing.
  const report = (outcome as any).result.data;
  expect([report.settledEntries, report.upgraded]).toEqual(report.settledEntries ? [1, 1] : [0, 0]);
  expect(shop.local.engine.getById('commissions', `${first._id}:L1`)).toMatchObject({ status: 'settled' });
  expect((shop.local.engine.getById('users', 'B') as any).distributor.grade).toBe('gold');

  const second = (await ok('order', 'create', { items: [{ productId: 'p', quantity: 1 }], address }, 'C'))
    .order;
  const seen = await shop.adminOrder(second._id);
  expect(seen.referrer.level1).toEqual({ userId: 'B', rate: 1500, grade: 'gold' });
  expect(seen.commissionPreview.level1).toBe(7500);
});
