// The story the screenshots show, played through the real cloud functions over HTTP on the seeded demo shop
// (named 云栖好物, with banners): 王芳 recruits 李雷, 李雷's poster brings in 韩梅梅 and 张伟, who buy; one order
// goes all the way to settled commission (and part of it is withdrawn), others stop at paid, shipped or unpaid
// (with a remark); one is paid after it closed and refunded in full, one waits on a refund request.
import { ADMIN_OPENID, postJson, ShotsCloud } from './cloud';

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
    /** 张伟's order the cashier charged after it had been cancelled: refunded in full by the shop. */
    late: string;
    /** 张伟's paid order with a refund request for part of it, waiting for the merchant. */
    refundAsked: string;
  };
  /** The refund request on `orders.refundAsked`. */
  refund: string;
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

/** What the distributors wrote in their application (the merchant pays withdrawals to this name and number). */
const APPLICATIONS: Partial<Record<Role, { realName: string; mobile: string; reason: string }>> = {
  leader: { realName: '王芳', mobile: '13900001111', reason: '开茶馆，熟客多' },
  distributor: { realName: '李雷', mobile: '13700002222', reason: '朋友圈推荐好物' },
};

async function becomeDistributor(cloud: ShotsCloud, role: Role): Promise<string> {
  const openid = OPENIDS[role];
  const { status } = await cloud.call<{ status: string }>(openid, 'join', 'apply', APPLICATIONS[role] ?? {});
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
  remark = '',
): Promise<string> {
  const openid = OPENIDS[role];
  const { order } = await cloud.call<{ order: { _id: string } }>(openid, 'order', 'create', {
    items,
    address: { ...ADDRESS, userName: NICKNAMES[role] ?? ADDRESS.userName },
    remark,
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
  cloud.call(ADMIN_OPENID, 'admin', 'orders.ship', { orderId, expressCompany: 'SF', trackingNo });

/**
 * The buyer confirms receipt in WeChat's own component first (发货信息管理: the local cloud plays it at
 * /_openapi/confirm-receipt), then the shop completes the order.
 */
export async function receive(cloud: ShotsCloud, openid: string, orderId: string): Promise<void> {
  const { items } = await cloud.call<{ items: { payment?: { transactionId?: string } }[] }>(
    ADMIN_OPENID,
    'admin',
    'orders.list',
    { q: orderId },
  );
  const transactionId = items[0]?.payment?.transactionId;
  if (transactionId) {
    const answer = await postJson(`${cloud.url}/_openapi/confirm-receipt`, {
      openid,
      transaction_id: transactionId,
    });
    if (answer.statusCode !== 200) throw new Error(`confirm-receipt: ${JSON.stringify(answer.data)}`);
  }
  await cloud.call(openid, 'order', 'confirm', { orderId });
}

/** A placeholder picture (the camera draws placehold.co addresses as boxes with their text and colours). */
export const picture = (w: number, h: number, text: string, colors = '') =>
  `https://placehold.co/${w}x${h}${colors}/png?text=${encodeURIComponent(text)}`;

/** The merchant dresses the demo shop: its name, three banners, and three pictures of the tea. */
async function dressShop(cloud: ShotsCloud, tea: string): Promise<void> {
  await cloud.call(ADMIN_OPENID, 'admin', 'settings.update', {
    settings: {
      shopName: '云栖好物',
      banners: [
        { image: picture(750, 300, '明前新茶 限时尝鲜', '/2e7d32/ffffff'), productId: tea },
        { image: picture(750, 300, '农家蜂蜜 买二送一', '/f5a623/ffffff') },
        { image: picture(750, 300, '分享好物 赚佣金', '/0052d9/ffffff') },
      ],
    },
  });
  const { items } = await cloud.call<{ items: Record<string, unknown>[] }>(
    ADMIN_OPENID,
    'admin',
    'products.list',
    { category: '茶叶' },
  );
  const product = items.find((item) => item._id === tea)!;
  const keep = ['_id', 'name', 'description', 'price', 'stock', 'category', 'status', 'sort'];
  // The seed stores the demo's fixed commission as { level1, level2 } fen (the import format).
  const seeded = product.commission as { mode: string; level1?: number; level2?: number } | undefined;
  const commission =
    seeded?.mode === 'fixed' && seeded.level1 !== undefined
      ? { mode: 'fixed', level1Fen: seeded.level1, level2Fen: seeded.level2 ?? 0 }
      : seeded;
  await cloud.call(ADMIN_OPENID, 'admin', 'products.upsert', {
    product: {
      ...Object.fromEntries(
        keep.filter((key) => product[key] !== undefined).map((key) => [key, product[key]]),
      ),
      ...(commission ? { commission } : {}),
      images: [
        picture(750, 750, 'Longjing'),
        picture(750, 750, 'Longjing 2'),
        picture(750, 750, 'Longjing 3'),
      ],
    },
  });
}

/**
 * An order the shopper pays at a cashier still open after the order closed: the merchant had unset payment, so
 * the cancel closed it here only; the payment arrives, the timer finds it and refunds it in full.
 */
async function latePayment(cloud: ShotsCloud, role: Role, productId: string): Promise<string> {
  const openid = OPENIDS[role];
  const orderId = await order(cloud, role, [{ productId, quantity: 1 }], false);
  const { outTradeNo } = await cloud.call<{ outTradeNo: string }>(openid, 'order', 'pay', { orderId });
  await cloud.call(ADMIN_OPENID, 'admin', 'settings.update', { settings: { payment: { subMchId: '' } } });
  await cloud.call(openid, 'order', 'cancel', { orderId });
  await cloud.pay(outTradeNo);
  await cloud.call(ADMIN_OPENID, 'admin', 'settings.update', {
    settings: { payment: { subMchId: '1900000109' } },
  });
  await cloud.advance(11 * 60_000);
  await cloud.trigger('settle');
  for (let i = 0; i < 50; i++) {
    const { order: now } = await cloud.call<{ order: { latePayment?: unknown } }>(openid, 'order', 'detail', {
      orderId,
    });
    if (now.latePayment) return orderId;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the late payment of ${orderId} was not refunded`);
}

export async function playStory(cloud: ShotsCloud): Promise<Story> {
  const products = {
    tea: 'demo-tea',
    honey: 'demo-honey',
    towel: 'demo-towel',
    rice: 'demo-rice',
    cup: 'demo-cup',
  };
  await enter(cloud, 'merchant');
  await dressShop(cloud, products.tea);
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
  await receive(cloud, OPENIDS.shopper, completed);
  await cloud.advance(8 * DAY_MS);
  await cloud.trigger('settle');
  const { withdrawal } = await cloud.call<{ withdrawal: { _id: string } }>(
    OPENIDS.distributor,
    'wallet',
    'withdraw',
    { amount: 1000, clientRequestId: requestId() },
  );

  const late = await latePayment(cloud, 'shopper2', products.towel);
  const shipped = await order(cloud, 'shopper2', [{ productId: products.honey, quantity: 1 }], true);
  await ship(cloud, shipped, 'YT9876543210');
  const refundAsked = await order(cloud, 'shopper2', [{ productId: products.towel, quantity: 2 }], true);
  const { refund } = await cloud.call<{ refund: { _id: string } }>(OPENIDS.shopper2, 'order', 'refund', {
    orderId: refundAsked,
    amount: 3990,
    reason: '少发了一条毛巾，申请退一条的钱',
  });
  // The tea pays a fixed ¥5.00 a unit at level 1: this order's commission is not a percent.
  const paid = await order(cloud, 'shopper', [{ productId: products.tea, quantity: 2 }], true);
  const unpaid = await order(
    cloud,
    'shopper',
    [{ productId: products.rice, quantity: 1 }],
    false,
    '请周末送货，工作日家里没人',
  );

  return {
    products,
    inviteCodes: { leader: leaderCode, distributor: distributorCode },
    orders: { completed, paid, unpaid, shipped, late, refundAsked },
    refund: refund._id,
    withdrawal: withdrawal._id,
  };
}
