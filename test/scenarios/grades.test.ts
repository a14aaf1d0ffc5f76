// Distributor grades: a distributor whose settled results reach the next grade is upgraded by
// settle, and orders created afterwards pay the grade's rates.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalCloud, startLocalCloud } from '../../scripts/localcloud';

const DAY = 86_400_000;
const ADMIN = 'merchant';
let cloud: LocalCloud;
let dataDir: string;

async function ok(fn: string, action: string, data: Record<string, unknown>, openid: string): Promise<any> {
  const outcome = await cloud.invoke(fn, { action, ...data }, openid);
  const answer = outcome.ok ? (outcome.result as any) : { ok: false, error: { message: outcome.errMsg } };
  if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

const address = {
  userName: '赵六',
  telNumber: '13600000000',
  provinceName: '上海市',
  cityName: '上海市',
  countyName: '浦东新区',
  detailInfo: '1 号',
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'grades-'));
  cloud = await startLocalCloud({ port: 0, dataDir, adminOpenid: ADMIN, quiet: true });
  const now = cloud.clock.date();
  cloud.engine.insert('settings', [
    { _id: 'global', admins: [ADMIN], payment: { provider: 'cloudPay', subMchId: '1900000109' } },
  ]);
  const base = {
    avatarUrl: '',
    createdAt: now,
    firstSeenAt: now,
    updatedAt: now,
    paidSpendFen: 0,
    inviteeCount: 0,
  };
  cloud.engine.insert('users', [
    { _id: 'B', nickname: 'B', ...base, distributor: { status: 'active', code: 'CODEB', joinedAt: now } },
    { _id: 'C', nickname: 'C', ...base, inviterId: 'B', boundAt: now, distributor: { status: 'none' } },
  ]);
  cloud.engine.insert('products', [
    { _id: 'p', name: '礼盒', price: 50_000, stock: 100, category: 'x', images: [], status: 'on' },
  ]);
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

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
  expect(first.referrer.level1).toEqual({ userId: 'B', rate: 1000 });
  await ok('order', 'pay', { orderId: first._id }, 'C');
  await cloud.pay.pay(first._id, 'SUCCESS');
  await ok('admin', 'orders.ship', { orderId: first._id, carrier: '中通', trackingNo: 'ZT12345678' }, ADMIN);
  await ok('order', 'confirm', { orderId: first._id }, 'C');
  cloud.clock.advance(8 * DAY);
  const outcome = await cloud.invoke('settle', { Type: 'Timer' });
  expect((outcome as any).result.data).toMatchObject({ settledEntries: 1, upgraded: 1 });
  expect((cloud.engine.getById('users', 'B') as any).distributor.grade).toBe('gold');

  const second = (await ok('order', 'create', { items: [{ productId: 'p', quantity: 1 }], address }, 'C'))
    .order;
  expect(second.referrer.level1).toEqual({ userId: 'B', rate: 1500, grade: 'gold' });
  expect(second.commissionPreview.level1).toBe(7500);
});
