// The screenshots `npm run shots` takes, one entry per page state. Add a state by adding an entry: the page,
// who looks at it, its query, and if needed storage, setup steps through the functions and page method calls
// (see types.ts). The story they all share (users, orders, commission, a withdrawal) is in scenario.ts.
import { DEMO_PRODUCTS } from '../seed/demo';
import { ADMIN_OPENID } from './cloud';
import { ADDRESS } from './scenario';
import type { Shot } from './types';

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
];
