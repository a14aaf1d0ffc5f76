// The story the screenshots show, played through the real cloud functions over HTTP on the seeded demo shop:
// 王芳 recruits 李雷, 李雷's poster brings in 韩梅梅 and 张伟, who buy; one order goes all the way to settled
// commission (and part of it is withdrawn), others stop at paid, shipped or unpaid.
import { ADMIN_OPENID, ShotsCloud } from './cloud';

/** Who a shot is taken as; `newcomer` has never done anything (empty states). */
export type Role = 'merchant' | 'leader' | 'distributor' | 'shopper' | 'shopper2' | 'newcomer';

export const OPENIDS: Record<Role, string> = {
  merchant: ADMIN_OPENID,
  leader: 'shots-leader',
  distributor: 'shots-distributor',
  shopper: 'shots-shopper',
  shopper2: 'shots-shopper-2',
  newcomer: 'shots-newcomer',
};

const NICKNAMES: Partial<Record<Role, string>> = {
  merchant: '店主',
  leader: '王芳',
  distributor: '李雷',
  shopper: '韩梅梅',
  shopper2: '张伟',
};

/** What the story made, for shots' queries and setup steps. */
export interface Story {
  /** Demo products (scripts/seed/demo.ts). */
  products: { tea: string; honey: string; towel: string; rice: string; cup: string };
  inviteCodes: { leader: string; distributor: string };
  orders: {
    /** 韩梅梅's first order: paid, shipped, received, after-sale window closed, commission settled. */
    completed: string;
    /** 韩梅梅's second order: paid, waiting to ship. */
    paid: string;
    /** 韩梅梅's third order: created, not paid. */
    unpaid: string;
    /** 张伟's order: paid and shipped. */
    shipped: string;
  };
  /** 李雷's withdrawal of part of the settled commission, waiting for the merchant. */
  withdrawal: string;
}

export const DAY_MS = 86_400_000;

export const ADDRESS = {
  userName: '韩梅梅',
  telNumber: '13800000000',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '龙井路 1 号',
};

async function becomeDistributor(cloud: ShotsCloud, role: Role): Promise<string> {
  const openid = OPENIDS[role];
  const { status } = await cloud.call<{ status: string }>(openid, 'join', 'apply', {});
  if (status !== 'active')
    await cloud.call(ADMIN_OPENID, 'admin', 'distributors.review', { userId: openid, approve: true });
  const { inviteCode } = await cloud.call<{ inviteCode: string }>(openid, 'share', 'code', {});
  return inviteCode;
}

async function enter(cloud: ShotsCloud, role: Role, inviteCode?: string): Promise<void> {
  const openid = OPENIDS[role];
  await cloud.call(openid, 'join', 'enter', inviteCode ? { inviteCode } : {});
  const nickname = NICKNAMES[role];
  if (nickname) await cloud.call(openid, 'join', 'profile', { nickname });
}

let requestSeq = 0;
const requestId = () => `shots-${Date.now().toString(36)}-${(requestSeq++).toString(36)}`;

async function order(
  cloud: ShotsCloud,
  role: Role,
  items: { productId: string; quantity: number }[],
  pay: boolean,
): Promise<string> {
  const openid = OPENIDS[role];
  const { order } = await cloud.call<{ order: { _id: string } }>(openid, 'order', 'create', {
    items,
    address: { ...ADDRESS, userName: NICKNAMES[role] ?? ADDRESS.userName },
    remark: '',
    clientRequestId: requestId(),
  });
  if (pay) {
    const { outTradeNo } = await cloud.call<{ outTradeNo: string }>(openid, 'order', 'pay', {
      orderId: order._id,
    });
    await cloud.pay(outTradeNo);
  }
  return order._id;
}

const ship = (cloud: ShotsCloud, orderId: string, trackingNo: string) =>
  cloud.call(ADMIN_OPENID, 'admin', 'orders.ship', { orderId, carrier: '顺丰速运', trackingNo });

export async function playStory(cloud: ShotsCloud): Promise<Story> {
  const products = {
    tea: 'demo-tea',
    honey: 'demo-honey',
    towel: 'demo-towel',
    rice: 'demo-rice',
    cup: 'demo-cup',
  };
  await enter(cloud, 'merchant');
  await enter(cloud, 'leader');
  const leaderCode = await becomeDistributor(cloud, 'leader');
  await enter(cloud, 'distributor', leaderCode);
  const distributorCode = await becomeDistributor(cloud, 'distributor');
  await enter(cloud, 'shopper', distributorCode);
  await enter(cloud, 'shopper2', distributorCode);

  // The first order goes all the way: paid, shipped, received, the after-sale window closes, settled.
  const completed = await order(
    cloud,
    'shopper',
    [
      { productId: products.tea, quantity: 1 },
      { productId: products.honey, quantity: 2 },
    ],
    true,
  );
  await ship(cloud, completed, 'SF1234567890');
  await cloud.call(OPENIDS.shopper, 'order', 'confirm', { orderId: completed });
  await cloud.advance(8 * DAY_MS);
  await cloud.trigger('settle');
  const { withdrawal } = await cloud.call<{ withdrawal: { _id: string } }>(
    OPENIDS.distributor,
    'wallet',
    'withdraw',
    { amount: 1000, clientRequestId: requestId() },
  );

  const shipped = await order(cloud, 'shopper2', [{ productId: products.honey, quantity: 1 }], true);
  await ship(cloud, shipped, 'YT9876543210');
  const paid = await order(cloud, 'shopper', [{ productId: products.towel, quantity: 2 }], true);
  const unpaid = await order(cloud, 'shopper', [{ productId: products.rice, quantity: 1 }], false);

  return {
    products,
    inviteCodes: { leader: leaderCode, distributor: distributorCode },
    orders: { completed, paid, unpaid, shipped },
    withdrawal: withdrawal._id,
  };
}
