// The shopper's screenshots of going live and of the catalogue's promotions (issues 16 and 17), appended to
// shots.ts's list: they come last because their first setup adds to the story (a distributor grade, the notice
// templates, a product sold by SKU with a limited-time price and a video, a coupon, 韩梅梅's avatar, her claimed
// coupons and an order with one, two parcels on the road). All of it through the functions, as the story does.
import http from 'node:http';
import { PNG } from 'pngjs';
import { DEMO_PRODUCTS } from '../seed/demo';
import { ADMIN_OPENID, postJson, ShotsCloud } from './cloud';
import { ADDRESS, DAY_MS, OPENIDS, picture, receive } from './scenario';
import type { Shot } from './types';

/** The product sold by SKU (a fixed id, so the shots' queries name it). */
const PUER = 'shots-puer';
/** What the setup made that later shots open. */
const made = { order: '' };

const HOUR = 3_600_000;

/** The local cloud's virtual time now (this process's clock is the renderer's, already moved to it). */
async function virtualNow(cloud: ShotsCloud): Promise<number> {
  const answer = await postJson(`${cloud.url}/_clock`, { advanceMs: 0 });
  return (answer.data as { now: number }).now;
}

/** A 240×240 avatar: a person's silhouette on a warm gradient, drawn here (nothing is downloaded). */
function avatarPng(): Buffer {
  const size = 240;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const t = (x + y) / (2 * size);
      let [r, g, b] = [255, Math.round(177 - 80 * t), Math.round(153 - 60 * t)];
      const head = (x - 120) ** 2 + (y - 96) ** 2 <= 44 ** 2;
      const body = ((x - 120) / 80) ** 2 + ((y - 228) / 72) ** 2 <= 1;
      if (head || body) [r, g, b] = [255, 244, 236];
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Stores `bytes` at `cloudPath` the way the SDK and the mini-program's local mode do; answers the fileID. */
async function storeFile(cloud: ShotsCloud, cloudPath: string, bytes: Buffer): Promise<string> {
  const meta = await postJson(`${cloud.url}/admin`, { action: 'storage.getUploadMetadata', path: cloudPath });
  const { url, fileId } = (meta.data as { data: { url: string; fileId: string } }).data;
  await new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { 'content-length': bytes.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(bytes);
  });
  return fileId;
}

/**
 * The promotions and going-live story, once, before the first of these shots: 李雷 reaches the grade 银牌推广员
 * when 张伟's parcel is received and its commission settles; the merchant sets the notice templates, sells a
 * Pu'er by year and size (one combination sold out, one at a limited-time price for about three days, a video)
 * with a coupon of its own and one for big orders; 韩梅梅 sets an avatar, claims what she can and orders two cakes
 * at the limited price with the best coupon; the merchant ships it and a day later the parcel is on its way.
 */
async function promotions(cloud: ShotsCloud, story: { orders: { shipped: string } }): Promise<void> {
  const shopper = OPENIDS.shopper;
  await cloud.call(ADMIN_OPENID, 'admin', 'settings.update', {
    settings: {
      grades: [
        {
          id: 'silver',
          name: '银牌推广员',
          rates: { level1: 1200, level2: 500 },
          upgrade: { metric: 'sales', threshold: 10000 },
        },
      ],
      notices: {
        orderShipped: { templateId: 'shots-tmpl-shipped' },
        refundResult: { templateId: 'shots-tmpl-refund' },
        applicationReviewed: { templateId: 'shots-tmpl-review' },
        commissionCredited: { templateId: 'shots-tmpl-credited' },
        commissionSettled: { templateId: 'shots-tmpl-settled' },
        withdrawalResult: { templateId: 'shots-tmpl-withdrawal' },
        transferConfirm: { templateId: 'shots-tmpl-transfer' },
      },
    },
  });
  await receive(cloud, OPENIDS.shopper2, story.orders.shipped);
  await cloud.advance(8 * DAY_MS);
  await cloud.trigger('settle');

  const now = await virtualNow(cloud);
  await cloud.call(ADMIN_OPENID, 'admin', 'products.upsert', {
    product: {
      _id: PUER,
      name: '云南普洱茶饼',
      description: '勐海古树春茶，石磨压制，357 克一饼，200 克小饼便于品鉴。',
      price: 6800,
      stock: 18,
      category: '茶叶',
      images: [picture(750, 750, "Pu'er cake", '/8d5524/ffffff'), picture(750, 750, "Pu'er leaves")],
      video: 'https://placehold.co/puer.mp4',
      status: 'on',
      sort: 120,
      specs: [
        { name: '年份', values: ['2019年', '2021年'] },
        { name: '规格', values: ['357g', '200g'] },
      ],
      skus: [
        {
          skuId: 'y19-357',
          specs: ['2019年', '357g'],
          price: 16800,
          stock: 5,
          image: picture(750, 750, '2019 357g', '/6d3f1b/ffffff'),
        },
        { skuId: 'y19-200', specs: ['2019年', '200g'], price: 9800, stock: 0 },
        {
          skuId: 'y21-357',
          specs: ['2021年', '357g'],
          price: 12800,
          stock: 10,
          image: picture(750, 750, '2021 357g', '/a0522d/ffffff'),
        },
        { skuId: 'y21-200', specs: ['2021年', '200g'], price: 6800, stock: 3 },
      ],
      limited: {
        startsAt: new Date(now - HOUR).toISOString(),
        endsAt: new Date(now + 3 * DAY_MS).toISOString(),
        prices: { 'y21-357': 9900 },
      },
    },
  });
  await cloud.call(ADMIN_OPENID, 'admin', 'coupons.upsert', {
    coupon: {
      name: '普洱立减15元',
      rule: { kind: 'amount', thresholdFen: 10000, offFen: 1500 },
      scope: { kind: 'products', productIds: [PUER] },
      validity: { kind: 'days', days: 15 },
      totalLimit: 200,
      perUserLimit: 1,
    },
  });

  await cloud.call(ADMIN_OPENID, 'admin', 'coupons.upsert', {
    coupon: {
      name: '满500减80',
      rule: { kind: 'amount', thresholdFen: 50000, offFen: 8000 },
      scope: { kind: 'all' },
      validity: { kind: 'days', days: 30 },
      totalLimit: 0,
      perUserLimit: 1,
    },
  });

  const avatar = await storeFile(cloud, `avatars/${shopper}.png`, avatarPng());
  await cloud.call(shopper, 'join', 'profile', { avatarUrl: avatar });
  const { items } = await cloud.call<{ items: { couponId: string; canClaim: boolean; name: string }[] }>(
    shopper,
    'order',
    'coupons.center',
    {},
  );
  // She leaves the category discount for later: the centre still has something to claim.
  for (const coupon of items.filter((c) => c.canClaim && !/九折/.test(c.name)))
    await cloud.call(shopper, 'order', 'coupons.claim', { couponId: coupon.couponId });
  const lines = [{ productId: PUER, skuId: 'y21-357', quantity: 2 }];
  const quote = await cloud.call<{ coupon: { userCouponId: string } | null }>(shopper, 'order', 'quote', {
    items: lines,
  });
  const { order } = await cloud.call<{ order: { _id: string } }>(shopper, 'order', 'create', {
    items: lines,
    address: ADDRESS,
    ...(quote.coupon ? { couponId: quote.coupon.userCouponId } : {}),
    clientRequestId: `shots-puer-${now.toString(36)}`,
  });
  const { outTradeNo } = await cloud.call<{ outTradeNo: string }>(shopper, 'order', 'pay', {
    orderId: order._id,
  });
  await cloud.pay(outTradeNo);
  made.order = order._id;
  await cloud.call(ADMIN_OPENID, 'admin', 'orders.ship', {
    orderId: order._id,
    expressCompany: 'SF',
    trackingNo: 'SF2026120800088',
  });
  await cloud.advance(30 * HOUR);
}

/** A cart line as utils/cart.ts stores it: a SKU of the Pu'er, or a demo product. */
const puerLine = (skuId: string, specText: string, price: number, quantity: number, stock: number) => ({
  productId: PUER,
  skuId,
  specText,
  name: '云南普洱茶饼',
  price,
  image: picture(750, 750, "Pu'er cake", '/8d5524/ffffff'),
  quantity,
  stock,
  checked: true,
});
function demoLine(id: string, quantity: number) {
  const product = DEMO_PRODUCTS.find((p) => p._id === id)!;
  return {
    productId: id,
    name: product.name,
    price: product.price,
    image: product.images[0] ?? '',
    quantity,
    stock: product.stock,
    checked: true,
  };
}
const CHECKOUT_CART = {
  'cart:v1': [puerLine('y21-357', '2021年 / 357g', 12800, 2, 10), demoLine('demo-honey', 1)],
  'checkout:address': ADDRESS,
};

export const SHOPPER_SHOTS: Shot[] = [
  {
    page: 'pages/shop/home/index',
    state: 'promotions',
    as: 'shopper',
    setup: ({ cloud, story }) => promotions(cloud, story),
    note: 'the coupon centre’s strip; a product at a limited-time price, 「起」 for its SKUs, the price it cut',
  },
  {
    page: 'pages/shop/product/index',
    state: 'limited',
    as: 'shopper',
    query: { id: PUER },
    note: 'the video first (a cover to tap), the limited-time band with the time left, coupons, 规格',
  },
  {
    page: 'pages/shop/product/index',
    state: 'specs',
    as: 'shopper',
    query: { id: PUER },
    calls: [
      { method: 'onAddToCart' },
      { method: 'onChip', args: [{ currentTarget: { dataset: { dim: 0, value: '2021年' } } }] },
      { method: 'onChip', args: [{ currentTarget: { dataset: { dim: 1, value: '357g' } } }] },
    ],
    note: 'the SKU picker: the chosen SKU’s picture, limited price and stock; 2019年 / 200g sold out',
  },
  {
    page: 'pages/shop/product/index',
    state: 'sold-out-value',
    as: 'shopper',
    query: { id: PUER },
    calls: [
      { method: 'onBuyNow' },
      { method: 'onChip', args: [{ currentTarget: { dataset: { dim: 0, value: '2019年' } } }] },
    ],
    note: '2019年 chosen: 200g leads to no SKU in stock, so it is off',
  },
  {
    page: 'pages/shop/product/index',
    state: 'coupons',
    as: 'newcomer',
    query: { id: PUER },
    calls: [{ method: 'onCoupons' }],
    note: 'the coupons that apply to it, 领取 with what is left',
  },
  {
    page: 'pages/shop/cart/index',
    state: 'coupon',
    as: 'shopper',
    storage: CHECKOUT_CART,
    note: 'order.quote: the SKU’s limited price and the price it cut, the best coupon and each line after it',
  },
  {
    page: 'pages/shop/cart/index',
    state: 'coupon-picker',
    as: 'shopper',
    storage: CHECKOUT_CART,
    calls: [{ method: 'onCouponOpen' }],
    note: 'her coupons with what each takes off or why it cannot be used, and 不使用优惠券',
  },
  {
    page: 'pages/shop/cart/index',
    state: 'privacy',
    as: 'shopper',
    storage: { 'cart:v1': [demoLine('demo-honey', 1)] },
    calls: [{ target: '#privacy', method: 'ask', args: [null, { referrer: 'chooseAddress' }] }],
    note: 'wx.chooseAddress paused by WeChat: the privacy guide to agree to first (同意 is agreePrivacyAuthorization)',
  },
  {
    page: 'pages/coupon/center/index',
    state: 'with-data',
    as: 'shopper',
    note: 'claimable coupons with what she holds and what is left',
  },
  {
    page: 'pages/coupon/mine/index',
    state: 'with-data',
    as: 'shopper',
    note: 'usable coupons, soonest to expire first',
  },
  {
    page: 'pages/coupon/mine/index',
    state: 'used',
    as: 'shopper',
    query: { state: 'used' },
    note: 'a coupon used by an order, stamped',
  },
  {
    page: 'pages/order/list/index',
    state: 'specs',
    as: 'shopper',
    note: 'a card of one product: its SKU, its limited price beside the price it cut',
  },
  {
    page: 'pages/order/detail/index',
    state: 'route',
    as: 'shopper',
    query: () => ({ id: made.order }),
    note: 'the parcel’s route a day after shipping, newest first (order.track)',
  },
  {
    page: 'pages/order/detail/index',
    state: 'coupon',
    as: 'shopper',
    query: () => ({ id: made.order }),
    scrollTop: 520,
    note: 'the lines with their SKU and list price; goods before the coupon, the coupon, goods after it',
  },
  {
    page: 'pages/order/detail/index',
    state: 'received',
    as: 'shopper2',
    query: (story) => ({ id: story.orders.shipped }),
    note: 'a parcel received: its whole route, signed',
  },
  {
    page: 'pages/me/index/index',
    state: 'profile',
    as: 'newcomer',
    calls: [{ method: 'onProfileOpen' }],
    note: '头像昵称填写: the avatar button (chooseAvatar) and the nickname input (type=nickname) in a form',
  },
  {
    page: 'pages/me/index/index',
    state: 'avatar',
    as: 'shopper',
    storage: { 'checkout:address': ADDRESS },
    note: 'her avatar from cloud storage; coupons and the coupon centre',
  },
  {
    page: 'pages/distributor/center/index',
    state: 'grade',
    as: 'distributor',
    note: 'the grade’s name in the header; the one-time offer of commission notices; 推广订单 with order numbers',
  },
  {
    page: 'pages/distributor/center/index',
    state: 'apply',
    as: 'newcomer',
    scrollTop: 300,
    note: 'the application with the avatar and nickname shown on posters and in teams',
  },
];
