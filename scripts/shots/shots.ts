// The screenshots `npm run shots` takes, one entry per page state. Add a state by adding an entry: the page,
// who looks at it, its query, and if needed storage, setup steps through the functions and page method calls
// (see types.ts). The story they all share (users, orders, commission, a withdrawal) is in scenario.ts.
import { DEMO_PRODUCTS } from '../seed/demo';
import { ADMIN_OPENID, postJson, ShotsCloud } from './cloud';
import { ADDRESS, OPENIDS, picture } from './scenario';
import { SHOPPER_SHOTS } from './shopper-shots';
import type { Shot } from './types';

/** A product with specifications the merchant pages show (its id fixed so shots can open it). */
const SPEC_PRODUCT = 'shots-silver-needle';
const DAY = 86_400_000;
/** An instant as the contract takes it. */
const isoAt = (ms: number) => new Date(ms).toISOString();
/**
 * The local cloud's virtual time now. Not Date.now(): the renderer sets this process's clock to the virtual one
 * as of the last shot, so adding the offset again would count it twice.
 */
async function virtualNow(cloud: ShotsCloud): Promise<number> {
  const answer = await postJson(`${cloud.url}/_clock`, { advanceMs: 0 });
  return (answer.data as { now: number }).now;
}

/**
 * A cart line as utils/cart.ts stores it, from a demo product; `stock` is what the phone remembered when it was
 * added (the cart page checks it against the shop).
 */
function cartLine(id: string, quantity: number, stock?: number) {
  const product = DEMO_PRODUCTS.find((p) => p._id === id)!;
  return {
    productId: id,
    name: product.name,
    price: product.price,
    image: product.images[0] ?? '',
    quantity,
    stock: stock ?? product.stock,
    checked: true,
  };
}

export const SHOTS: Shot[] = [
  // The shopper (韩梅梅, bound to 李雷).
  {
    page: 'pages/shop/home/index',
    state: 'with-data',
    as: 'shopper',
    note: "the shop's name as the title, its banners, the tab bar's icons",
  },
  {
    page: 'pages/shop/product/index',
    state: 'with-data',
    as: 'shopper',
    query: (story) => ({ id: story.products.tea }),
    storage: { 'cart:v1': [cartLine('demo-honey', 2)] },
    note: 'a swiper of three pictures, the cart button with its count',
  },
  {
    page: 'pages/shop/product/index',
    state: 'as-distributor',
    as: 'distributor',
    query: (story) => ({ id: story.products.tea }),
    note: 'what a distributor earns by sharing it, 分享 and 生成海报',
  },
  {
    page: 'pages/shop/cart/index',
    state: 'with-data',
    as: 'shopper',
    storage: {
      'cart:v1': [
        cartLine('demo-tea', 1),
        cartLine('demo-towel', 2),
        cartLine('demo-cup', 1, 20),
        cartLine('demo-rice', 500, 600),
      ],
      'checkout:address': ADDRESS,
    },
    note: 'checkout: a sold-out line and one short of stock unticked with the reason, the shipping line',
  },
  {
    page: 'pages/shop/cart/index',
    state: 'empty',
    as: 'newcomer',
    note: 'an empty cart leads back to the shop',
  },
  {
    page: 'pages/order/list/index',
    state: 'with-data',
    as: 'shopper',
    note: 'thumbnails, times, each card’s next action, the unpaid countdown',
  },
  {
    page: 'pages/order/list/index',
    state: 'late-payment',
    as: 'shopper2',
    note: 'a closed order paid late and refunded, a refund waiting, a shipped order to confirm',
  },
  {
    page: 'pages/order/list/index',
    state: 'empty',
    as: 'newcomer',
    note: 'a shopper who has never ordered',
  },
  {
    page: 'pages/order/detail/index',
    state: 'with-data',
    as: 'shopper',
    query: (story) => ({ id: story.orders.completed }),
    note: 'completed and past its after-sale window: no 申请退款',
  },
  {
    page: 'pages/order/detail/index',
    state: 'unpaid',
    as: 'shopper',
    query: (story) => ({ id: story.orders.unpaid }),
    note: 'the countdown to closing, the remark, 需付款',
  },
  {
    page: 'pages/order/detail/index',
    state: 'shipped',
    as: 'shopper2',
    query: (story) => ({ id: story.orders.shipped }),
    note: 'carrier and tracking number with 复制 apart',
  },
  {
    page: 'pages/order/detail/index',
    state: 'late-payment',
    as: 'shopper2',
    query: (story) => ({ id: story.orders.late }),
    note: 'closed unpaid (订单金额, not 实付), the late payment refunded in full',
  },
  {
    page: 'pages/me/index/index',
    state: 'with-data',
    as: 'shopper',
    storage: { 'checkout:address': ADDRESS },
    note: 'order shortcuts with counts, address and customer service',
  },
  {
    page: 'pages/me/index/index',
    state: 'newcomer',
    as: 'newcomer',
    note: 'the default nickname: its initial in the avatar',
  },

  // The distributor (李雷, recruited by 王芳).
  {
    page: 'pages/distributor/center/index',
    state: 'with-data',
    as: 'distributor',
    note: 'name, avatar and rates; 去提现; total and today; team; 推广订单',
  },
  {
    page: 'pages/distributor/center/index',
    state: 'scrolled',
    as: 'distributor',
    scrollTop: 600,
    note: 'the lower half: 推广订单, balances and the rule',
  },
  {
    page: 'pages/distributor/center/index',
    state: 'not-distributor',
    as: 'newcomer',
    note: 'the application states the rates',
  },
  { page: 'pages/distributor/team/index', state: 'with-data', as: 'distributor' },
  {
    page: 'pages/distributor/ledger/index',
    state: 'with-data',
    as: 'distributor',
    note: 'fixed per unit, rates, an entry held by a refund, settled with its date',
  },
  {
    page: 'pages/distributor/withdraw/index',
    state: 'with-data',
    as: 'distributor',
    calls: [{ method: 'onAmount', args: [{ detail: { value: '8.6' } }] }],
    note: 'the amount typed: fee and what arrives; records with their dates',
  },
  { page: 'pages/distributor/poster/index', state: 'with-data', as: 'distributor' },
  {
    page: 'pages/distributor/poster/index',
    state: 'product',
    as: 'distributor',
    query: (story) => ({ productId: story.products.tea }),
    note: 'a product poster: its picture and price',
  },

  // The merchant.
  {
    page: 'pages/admin/dashboard/index',
    state: 'with-data',
    as: 'merchant',
    note: 'the to-do: a refund to decide and a late payment refunded automatically',
  },
  {
    page: 'pages/admin/dashboard/index',
    state: 'scrolled',
    as: 'merchant',
    scrollTop: 760,
    note: 'the lower half of the dashboard',
  },
  {
    page: 'pages/admin/orders/index',
    state: 'with-data',
    as: 'merchant',
    note: 'order numbers grouped, status colours, referrers by nickname, 退款 and 发货',
  },
  {
    page: 'pages/admin/orders/index',
    state: 'refund',
    as: 'merchant',
    calls: [
      { method: 'onTab', args: [{ detail: { value: 'completed' } }] },
      {
        method: 'onRefundOpen',
        args: (story) => [{ currentTarget: { dataset: { id: story.orders.completed } } }],
      },
      { method: 'onRefundAmount', args: [{ detail: { value: '10' } }] },
      { method: 'onRefundReason', args: [{ detail: { value: '包装破损，补偿 10 元' } }] },
    ],
    note: "the merchant's own refund of a completed order, for less than it paid",
  },
  {
    page: 'pages/admin/refunds/index',
    state: 'with-data',
    as: 'merchant',
    calls: [
      { method: 'onPartialOpen', args: (story) => [{ currentTarget: { dataset: { id: story.refund } } }] },
      { method: 'onPartialAmount', args: [{ detail: { value: '20' } }] },
    ],
    note: "a buyer's request, approved for less than was asked",
  },
  {
    page: 'pages/admin/withdrawals/index',
    state: 'with-data',
    as: 'merchant',
    note: 'a withdrawal to review, with the payee’s real name and mobile',
  },
  {
    page: 'pages/admin/distributors/index',
    state: 'with-data',
    as: 'merchant',
    calls: [{ method: 'onTab', args: [{ detail: { value: 'active' } }] }],
    note: 'the 分销员 tab: initials for those without an avatar',
  },
  {
    page: 'pages/admin/distributor/index',
    state: 'with-data',
    as: 'merchant',
    query: { id: 'shots-distributor' },
  },
  {
    page: 'pages/admin/distributor/index',
    state: 'rebind',
    as: 'merchant',
    query: { id: 'shots-shopper' },
    scrollTop: 420,
    calls: [
      { target: '#inviter-picker', method: 'onInput', args: [{ detail: { value: '王芳' } }] },
      { target: '#inviter-picker', method: 'onSearch' },
    ],
    note: '修改上级: the new inviter is searched by nickname or invite code',
  },
  {
    page: 'pages/admin/products/index',
    state: 'with-data',
    as: 'merchant',
    note: "in the merchant's sort order",
  },
  {
    page: 'pages/admin/product-edit/index',
    state: 'with-data',
    as: 'merchant',
    query: (story) => ({ id: story.products.tea }),
  },
  {
    page: 'pages/admin/settings/index',
    state: 'with-data',
    as: 'merchant',
    note: 'the preview of a 100-yuan order',
  },
  {
    page: 'pages/admin/settings/index',
    state: 'form',
    as: 'merchant',
    scrollTop: 560,
    note: 'every label on one line and of one width (佣金总额上限, 自动确认收货)',
  },
  {
    page: 'pages/admin/settings/index',
    state: 'banners',
    as: 'merchant',
    scrollTop: 2700,
    calls: [
      { target: '#admin-picker', method: 'onInput', args: [{ detail: { value: '王' } }] },
      { target: '#admin-picker', method: 'onSearch' },
    ],
    note: 'the banners editor; admins by nickname, a new one found by searching 王',
  },
  { page: 'pages/admin/analytics/index', state: 'with-data', as: 'merchant' },

  // Shots with setup steps last: what they add is seen by every later shot.
  {
    page: 'pages/admin/distributors/index',
    state: 'pending-application',
    as: 'merchant',
    setup: async ({ cloud, story }) => {
      const openid = 'shots-applicant';
      await cloud.call(openid, 'join', 'enter', { inviteCode: story.inviteCodes.distributor });
      await cloud.call(openid, 'join', 'profile', { nickname: '王小明' });
      await cloud.call(openid, 'join', 'apply', {
        realName: '王小明',
        mobile: '13900000000',
        reason: '朋友圈卖茶叶，有 300 多位老客户',
      });
    },
    note: 'an application waiting on the 待审核 tab: real name, mobile and reason',
  },
  {
    page: 'pages/admin/withdrawals/index',
    state: 'to-pay',
    as: 'merchant',
    query: { status: 'approved' },
    setup: async ({ cloud, story }) => {
      await cloud.call(ADMIN_OPENID, 'admin', 'withdrawals.review', {
        withdrawalId: story.withdrawal,
        approve: true,
      });
    },
    note: 'an approved withdrawal to pay by hand: who to pay, and their mobile',
  },
  {
    page: 'pages/admin/refunds/index',
    state: 'all',
    as: 'merchant',
    query: { status: '' },
    setup: async ({ cloud, story }) => {
      await cloud.call(ADMIN_OPENID, 'admin', 'orders.refund', {
        orderId: story.orders.completed,
        amount: 1000,
        reason: '包装破损，补偿 10 元',
      });
    },
    note: 'who started each refund: the buyer, the merchant, the shop itself for a late payment',
  },

  // The merchant's platform services, coupons, specifications, shipments WeChat refuses (setups: at the end).
  {
    page: 'pages/admin/settings/index',
    state: 'platform',
    as: 'merchant',
    scrollTop: 3000,
    calls: [
      {
        method: 'onField',
        args: [
          {
            currentTarget: { dataset: { field: 'notices.0.templateId' } },
            detail: { value: 'kZ3x9Qm_shipped-01' },
          },
        ],
      },
      {
        method: 'onField',
        args: [{ currentTarget: { dataset: { field: 'codeEnvVersion' } }, detail: { value: 'trial' } }],
      },
    ],
    note: '发货信息管理 explained, 订阅消息 template ids (keyword mapping: the console, DEPLOY step 13)',
  },
  {
    page: 'pages/admin/settings/index',
    state: 'platform-routes',
    as: 'merchant',
    scrollTop: 9000,
    calls: [
      {
        method: 'onField',
        args: [{ currentTarget: { dataset: { field: 'codeEnvVersion' } }, detail: { value: 'trial' } }],
      },
    ],
    note: 'parcel routes, the version a poster opens (体验版 before the first release), export hours',
  },
  {
    page: 'pages/admin/coupons/index',
    state: 'with-data',
    as: 'merchant',
    setup: async ({ cloud, story }) => {
      const now = await virtualNow(cloud);
      const upsert = (coupon: object) =>
        cloud.call<{ coupon: { _id: string } }>(ADMIN_OPENID, 'admin', 'coupons.upsert', { coupon });
      const { coupon: newcomer } = await upsert({
        name: '新客满100减20',
        rule: { kind: 'amount', thresholdFen: 10000, offFen: 2000 },
        scope: { kind: 'all' },
        validity: { kind: 'days', days: 30 },
        totalLimit: 500,
        perUserLimit: 1,
      });
      await upsert({
        name: '茶叶节九折',
        rule: { kind: 'percent', thresholdFen: 0, percentOffBp: 1000, capFen: 3000 },
        scope: { kind: 'categories', categories: ['茶叶'] },
        validity: { kind: 'window', startsAt: isoAt(now - DAY), endsAt: isoAt(now + 30 * DAY) },
        totalLimit: 0,
        perUserLimit: 2,
      });
      const { coupon: honey } = await upsert({
        name: '蜂蜜立减5元',
        rule: { kind: 'amount', thresholdFen: 0, offFen: 500 },
        scope: { kind: 'products', productIds: [story.products.honey] },
        validity: { kind: 'days', days: 7 },
        totalLimit: 100,
        perUserLimit: 1,
      });
      await cloud.call(ADMIN_OPENID, 'admin', 'coupons.disable', { couponId: honey._id });
      // 张伟 claims the 满100减20 and uses it on a tea.
      const shopper = OPENIDS.shopper2;
      const { coupon: held } = await cloud.call<{ coupon: { userCouponId: string } }>(
        shopper,
        'order',
        'coupons.claim',
        { couponId: newcomer._id },
      );
      const { order } = await cloud.call<{ order: { _id: string } }>(shopper, 'order', 'create', {
        items: [{ productId: story.products.tea, quantity: 1 }],
        address: { ...ADDRESS, userName: '张伟' },
        couponId: held.userCouponId,
        clientRequestId: `shots-coupon-${now.toString(36)}`,
      });
      const { outTradeNo } = await cloud.call<{ outTradeNo: string }>(shopper, 'order', 'pay', {
        orderId: order._id,
      });
      await cloud.pay(outTradeNo);
    },
    note: 'a 满减 coupon claimed and used, a 折扣 for a category in a window; claimed, used and limits in words',
  },
  {
    page: 'pages/admin/coupons/index',
    state: 'disabled',
    as: 'merchant',
    query: { status: 'disabled' },
    note: 'a stopped coupon: greyed, no 停用',
  },
  {
    page: 'pages/admin/coupon-edit/index',
    state: 'percent',
    as: 'merchant',
    calls: [
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'name' } }, detail: { value: '龙井尝鲜八八折' } }],
      },
      { method: 'onRuleKind', args: [{ detail: { value: 'percent' } }] },
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'threshold' } }, detail: { value: '100' } }],
      },
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'fold' } }, detail: { value: '8.8' } }],
      },
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'cap' } }, detail: { value: '30' } }],
      },
      { method: 'onScopeKind', args: [{ detail: { value: 'products' } }] },
      {
        method: 'onToggleProduct',
        args: (story) => [{ currentTarget: { dataset: { value: story.products.tea } } }],
      },
    ],
    note: 'a 折扣 for one product: the rule as shoppers will read it, the products to choose from',
  },
  {
    page: 'pages/admin/coupon-edit/index',
    state: 'window',
    as: 'merchant',
    scrollTop: 9000,
    calls: [
      { method: 'onValidityKind', args: [{ detail: { value: 'window' } }] },
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'totalLimit' } }, detail: { value: '200' } }],
      },
    ],
    note: 'a fixed window in Beijing time with date and time pickers; how many in all and per shopper',
  },
  {
    page: 'pages/admin/coupon-edit/index',
    state: 'refused',
    as: 'merchant',
    scrollTop: 9000,
    calls: [
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'name' } }, detail: { value: '满50减50' } }],
      },
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'threshold' } }, detail: { value: '50' } }],
      },
      {
        method: 'onInput',
        args: [{ currentTarget: { dataset: { field: 'off' } }, detail: { value: '50' } }],
      },
      { method: 'onSave' },
    ],
    note: "the server's refusal in its words above 保存",
  },
  {
    page: 'pages/admin/product-edit/index',
    state: 'specs',
    as: 'merchant',
    query: { id: SPEC_PRODUCT },
    setup: async ({ cloud }) => {
      const now = await virtualNow(cloud);
      await cloud.call(ADMIN_OPENID, 'admin', 'products.upsert', {
        product: {
          _id: SPEC_PRODUCT,
          name: '白毫银针',
          description: '福鼎白茶，头采芽头。',
          price: 9800,
          stock: 32,
          category: '茶叶',
          images: [picture(750, 750, 'Silver Needle')],
          status: 'on',
          sort: 110,
          specs: [
            { name: '容量', values: ['100g', '250g'] },
            { name: '包装', values: ['袋装', '礼盒'] },
          ],
          skus: [
            { skuId: 'n100b', specs: ['100g', '袋装'], price: 9800, stock: 20 },
            {
              skuId: 'n100g',
              specs: ['100g', '礼盒'],
              price: 12800,
              stock: 12,
              image: picture(750, 750, 'Gift box'),
              commission: { mode: 'fixed', level1Fen: 1000, level2Fen: 300 },
            },
            { skuId: 'n250b', specs: ['250g', '袋装'], price: 22800, stock: 0 },
          ],
          limited: { startsAt: isoAt(now - DAY), endsAt: isoAt(now + 3 * DAY), prices: { n100g: 9900 } },
        },
      });
    },
    scrollTop: 1000,
    note: 'two dimensions and their values; the SKU table made of their combinations',
  },
  {
    page: 'pages/admin/product-edit/index',
    state: 'skus',
    as: 'merchant',
    query: { id: SPEC_PRODUCT },
    scrollTop: 1400,
    calls: [{ method: 'onSkuMore', args: [{ currentTarget: { dataset: { id: 'n100g' } } }] }],
    note: 'three of four combinations sold (one taken out), a SKU’s picture and its own commission',
  },
  {
    page: 'pages/admin/product-edit/index',
    state: 'limited',
    as: 'merchant',
    query: { id: SPEC_PRODUCT },
    scrollTop: 9000,
    note: '限时折扣: the window in Beijing time and a price per SKU beside its own',
  },
  {
    page: 'pages/admin/products/index',
    state: 'specs',
    as: 'merchant',
    note: 'a product sold by SKU: its price range, a running limited price, the dimensions, a SKU sold out',
  },
  {
    page: 'pages/admin/orders/index',
    state: 'shipment',
    as: 'merchant',
    setup: async ({ cloud, story }) => {
      // WeChat's 发货信息管理 refuses the shipment three times: the timer retries after 1 and 5 minutes.
      const fault = await postJson(`${cloud.url}/_openapi/faults`, {
        api: 'wxa.sec.order.uploadShippingInfo',
        errcode: 10060001,
        errmsg: '支付单不存在',
        times: 3,
      });
      if (fault.statusCode !== 200) throw new Error(`faults: ${JSON.stringify(fault.data)}`);
      await cloud.call(ADMIN_OPENID, 'admin', 'orders.ship', {
        orderId: story.orders.paid,
        expressCompany: 'YTO',
        trackingNo: 'YT2026120600017',
      });
      for (const pause of [61_000, 5 * 61_000]) {
        await cloud.advance(pause);
        await cloud.trigger('settle');
      }
    },
    calls: [
      { method: 'onTab', args: [{ detail: { value: 'shipped' } }] },
      {
        method: 'onTrackOpen',
        args: (story) => [{ currentTarget: { dataset: { id: story.orders.shipped } } }],
      },
    ],
    note: 'a shipment WeChat keeps refusing (its words, the next try), one it has, and a parcel route opened',
  },
  {
    page: 'pages/admin/orders/index',
    state: 'route',
    as: 'merchant',
    scrollTop: 640,
    calls: [
      { method: 'onTab', args: [{ detail: { value: 'shipped' } }] },
      {
        method: 'onTrackOpen',
        args: (story) => [{ currentTarget: { dataset: { id: story.orders.shipped } } }],
      },
    ],
    note: "查看物流: the parcel's route under its card, newest step first",
  },
  {
    page: 'pages/admin/orders/index',
    state: 'coupon',
    as: 'merchant',
    query: { status: 'paid' },
    note: 'an order that used a coupon: its lines and what the coupon took off',
  },
  {
    page: 'pages/admin/dashboard/index',
    state: 'shipment-upload',
    as: 'merchant',
    note: 'the to-do names the shipment WeChat refuses; coupon cost beside the sales',
  },
  {
    page: 'pages/admin/analytics/index',
    state: 'coupons',
    as: 'merchant',
    note: 'coupon cost of the range and per day',
  },

  // The shopper's going live and promotions (their setup adds to the story): scripts/shots/shopper-shots.ts.
  ...SHOPPER_SHOTS,
];
