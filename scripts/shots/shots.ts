// The screenshots `npm run shots` takes, one entry per page state. Add a state by adding an entry: the page,
// who looks at it, its query, and if needed storage, setup steps through the functions and page method calls
// (see types.ts). The story they all share (users, orders, commission, a withdrawal) is in scenario.ts.
import { DEMO_PRODUCTS } from '../seed/demo';
import { ADDRESS } from './scenario';
import type { Shot } from './types';

/** A cart line as utils/cart.ts stores it, from a demo product. */
function cartLine(id: string, quantity: number) {
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

export const SHOTS: Shot[] = [
  // The shopper (韩梅梅, bound to 李雷).
  { page: 'pages/shop/home/index', state: 'with-data', as: 'shopper' },
  {
    page: 'pages/shop/product/index',
    state: 'with-data',
    as: 'shopper',
    query: (story) => ({ id: story.products.tea }),
  },
  {
    page: 'pages/shop/product/index',
    state: 'as-distributor',
    as: 'distributor',
    query: (story) => ({ id: story.products.tea }),
    note: 'what a distributor earns by sharing it',
  },
  {
    page: 'pages/shop/cart/index',
    state: 'with-data',
    as: 'shopper',
    storage: {
      'cart:v1': [cartLine('demo-tea', 1), cartLine('demo-towel', 2)],
      'checkout:address': ADDRESS,
    },
    note: 'cart and checkout with two lines and a saved address',
  },
  { page: 'pages/order/list/index', state: 'with-data', as: 'shopper' },
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
    note: 'completed order, commission settled',
  },
  { page: 'pages/me/index/index', state: 'with-data', as: 'distributor' },

  // The distributor (李雷, recruited by 王芳).
  { page: 'pages/distributor/center/index', state: 'with-data', as: 'distributor' },
  {
    page: 'pages/distributor/center/index',
    state: 'not-distributor',
    as: 'newcomer',
    note: 'someone who has not applied yet',
  },
  { page: 'pages/distributor/team/index', state: 'with-data', as: 'distributor' },
  { page: 'pages/distributor/ledger/index', state: 'with-data', as: 'distributor' },
  { page: 'pages/distributor/withdraw/index', state: 'with-data', as: 'distributor' },
  { page: 'pages/distributor/poster/index', state: 'with-data', as: 'distributor' },

  // The merchant.
  { page: 'pages/admin/dashboard/index', state: 'with-data', as: 'merchant' },
  {
    page: 'pages/admin/dashboard/index',
    state: 'scrolled',
    as: 'merchant',
    scrollTop: 760,
    note: 'the lower half of the dashboard',
  },
  { page: 'pages/admin/orders/index', state: 'with-data', as: 'merchant' },
  { page: 'pages/admin/withdrawals/index', state: 'with-data', as: 'merchant' },
  {
    page: 'pages/admin/distributors/index',
    state: 'with-data',
    as: 'merchant',
    calls: [{ method: 'onTab', args: [{ detail: { value: 'active' } }] }],
    note: 'the 分销员 tab',
  },
  {
    page: 'pages/admin/distributor/index',
    state: 'with-data',
    as: 'merchant',
    query: { id: 'shots-distributor' },
  },
  { page: 'pages/admin/products/index', state: 'with-data', as: 'merchant' },
  {
    page: 'pages/admin/product-edit/index',
    state: 'with-data',
    as: 'merchant',
    query: (story) => ({ id: story.products.tea }),
  },
  { page: 'pages/admin/settings/index', state: 'with-data', as: 'merchant' },
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
        reason: '朋友圈卖茶叶',
      });
    },
    note: 'an application waiting on the 待审核 tab',
  },
];
