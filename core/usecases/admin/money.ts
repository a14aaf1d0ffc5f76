// The merchant's money actions of `admin`: settings, products, orders and shipping, refunds,
// withdrawals, the reconciliation check and a manual settle run. Every action requires an admin.
import { randomBytes } from 'node:crypto';
import { adminMoneyApi } from '../../contracts/admin-money';
import type { ParsedOf } from '../../contracts/contract';
import { checkSpecifications, summaryOfSkus } from '../../domain/catalog';
import { itemsSummary, Order, Product } from '../../domain/order';
import type { ActionContext, Handlers } from '../../handler';
import { invalid, notFound } from '../../errors';
import { formatRate } from '../../domain/money';
import { aggregate, command, find, getById, inTransaction, txSet, updateById } from '../../data/db';
import { audit } from '../../data/events';
import { Page, readPage } from '../../data/paging';
import { nicknamesOf, UserDoc } from '../../data/users';
import { loadSettings } from '../../data/settings';
import { deepMerge, settingsProblems } from '../../domain/settings';
import type { Refund, Withdrawal } from '../../domain/ledger';
import { merchantRefund, reviewRefund } from '../order/refund';
import { runSettle } from '../settle/settle';
import { moveWithdrawal } from '../wallet/wallet';
import { reconcile } from '../wallet/reconcile';
import { reviewWithdrawal } from '../payout/transfer';
import { adminOrder } from '../order/views';
import { shipOrder, trackAnyOrder } from '../order/shipping';
import { EXPRESS_COMPANIES } from '../../domain/express';
import { MAX_CATEGORIES } from '../order/queries';
import { disableCoupon, listCoupons, upsertCoupon } from './coupons';
import { previewOf, updateSettings } from './settings';

type Input<K extends keyof typeof adminMoneyApi> = ParsedOf<(typeof adminMoneyApi)[K]>;

async function upsertProduct(input: Input<'products.upsert'>['product'], ctx: ActionContext) {
  const { capBp } = await loadSettings();
  for (const rule of [input.commission, ...(input.skus ?? []).map((sku) => sku.commission)]) {
    if (rule?.mode === 'rate' && rule.level1Bp + rule.level2Bp > capBp)
      throw invalid(
        `商品佣金比例之和 ${formatRate(rule.level1Bp + rule.level2Bp)} 超过了佣金总额上限 ${formatRate(capBp)}`,
      );
  }
  checkSpecifications(input);
  const id = input._id ?? `P${randomBytes(8).toString('hex')}`;
  const existing = input._id ? await getById<Product>('products', id) : null;
  const { _id, ...fields } = input;
  void _id;
  const product = {
    ...fields,
    // With specifications the list price and stock are the SKUs' (lowest price, total stock).
    ...(input.skus?.length ? summaryOfSkus(input.skus) : {}),
    sort: input.sort ?? 0,
    createdAt: (existing as { createdAt?: Date } | null)?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  };
  await inTransaction(async (tx) => {
    await txSet(tx, 'products', id, product);
    await audit(
      {
        type: existing ? 'product.update' : 'product.create',
        subjectId: id,
        actorId: ctx.openid,
        source: 'admin',
      },
      ctx.now,
      tx,
    );
  });
  return { product: { _id: id, ...product } };
}

const byStatus = (status: string | undefined) => (status ? { status } : {});

/** Everyone an order names: its buyer and the distributors who earn from it. */
function peopleOf(orders: Order[]): string[] {
  const ids = orders.flatMap((o) => [o.buyerId, o.referrer.level1?.userId, o.referrer.level2?.userId]);
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** The order the merchant is looking for: its number, its payment number or its buyer, matched exactly. */
function orderSearch(q: string) {
  const _ = command();
  return _.or([{ _id: q }, { orderNo: q.replace(/\s/g, '') }, { outTradeNo: q }, { buyerId: q }]);
}

/** A page of rows, each with the nickname of the user `userOf` names under `key`. */
async function withNicknames<T, K extends string>(
  page: Page<T>,
  userOf: (row: T) => string,
  key: K,
): Promise<Page<T & Record<K, string>>> {
  const names = await nicknamesOf([...new Set(page.items.map(userOf))]);
  return {
    items: page.items.map(
      (row) => ({ ...row, [key]: names.get(userOf(row)) ?? '' }) as T & Record<K, string>,
    ),
    next: page.next,
  };
}

export const moneyAdminHandlers: Handlers<typeof adminMoneyApi> = {
  'settings.get': async () => ({ settings: await loadSettings() }),
  'settings.update': (input, ctx) => updateSettings(input.settings, ctx),
  'settings.preview': async (input) => {
    const saved = await loadSettings();
    const settings = input.settings ? deepMerge(saved, input.settings) : saved;
    return { ...previewOf(settings), problems: settingsProblems(settings) };
  },
  'products.list': (input) =>
    readPage<Product>(
      'products',
      { ...byStatus(input.status), ...(input.category ? { category: input.category } : {}) },
      // The shop's own order (sort, high first, as the catalogue shows it), the latest edited first within it.
      [
        ['sort', 'desc'],
        ['updatedAt', 'desc'],
        ['_id', 'asc'],
      ],
      input.cursor,
    ),
  'products.categories': async () => {
    const rows = await aggregate<{ _id: string; products: number }>('products', [
      { $group: { _id: '$category', products: { $sum: 1 } } },
      { $sort: { _id: 1 } },
      { $limit: MAX_CATEGORIES },
    ]);
    return { items: rows.map((row) => ({ category: row._id, products: row.products })) };
  },
  'products.upsert': (input, ctx) => upsertProduct(input.product, ctx),
  'products.remove': async (input, ctx) => {
    // Products are taken off sale, never deleted: orders keep pointing at them.
    if ((await updateById('products', input.productId, { status: 'off', updatedAt: ctx.now })) === 0)
      throw notFound('商品不存在');
    return { productId: input.productId, status: 'off' as const };
  },
  'coupons.upsert': (input, ctx) => upsertCoupon(input.coupon, ctx),
  'coupons.list': listCoupons,
  'coupons.disable': disableCoupon,
  'orders.list': async (input) => {
    const where = input.q
      ? command().and([byStatus(input.status), orderSearch(input.q)])
      : byStatus(input.status);
    const page = await readPage<Order>('orders', where, [['createdAt', 'desc']], input.cursor);
    const names = await nicknamesOf(peopleOf(page.items));
    return { items: page.items.map((order) => adminOrder(order, names)), next: page.next };
  },
  'orders.ship': shipOrder,
  'orders.expressCompanies': async () => ({ items: [...EXPRESS_COMPANIES] }),
  'orders.track': trackAnyOrder,
  'refunds.list': async (input) => {
    const page = await readPage<Refund>(
      'refunds',
      byStatus(input.status),
      [['createdAt', 'desc']],
      input.cursor,
    );
    const named = await withNicknames(page, (refund) => refund.buyerId, 'buyerNickname');
    const ids = [...new Set(page.items.map((r) => r.orderId))];
    const orders = ids.length
      ? await find<Order>('orders', { _id: command().in(ids) }, { limit: ids.length })
      : [];
    const byId = new Map(orders.map((o) => [o._id, o]));
    return {
      items: named.items.map((refund) => {
        const order = byId.get(refund.orderId);
        return {
          ...refund,
          order: order
            ? {
                orderNo: order.orderNo ?? order._id,
                summary: itemsSummary(order.items),
                amount: order.amount,
                status: order.status,
              }
            : null,
        };
      }),
      next: named.next,
    };
  },
  'refunds.review': reviewRefund,
  'orders.refund': merchantRefund,
  'withdrawals.list': async (input) => {
    const page = await readPage<Withdrawal>(
      'withdrawals',
      byStatus(input.status),
      [['createdAt', 'desc']],
      input.cursor,
    );
    // Who is paid: the name and mobile they gave when applying, so a merchant paying by hand pays the right person.
    const _ = command();
    const ids = [...new Set(page.items.map((w) => w.userId))];
    const users = ids.length ? await find<UserDoc>('users', { _id: _.in(ids) }, { limit: ids.length }) : [];
    const byId = new Map(users.map((user) => [user._id, user]));
    return {
      items: page.items.map((w) => {
        const user = byId.get(w.userId);
        return {
          ...w,
          nickname: user?.nickname ?? '',
          ...(user?.distributor.realName ? { realName: user.distributor.realName } : {}),
          ...(user?.distributor.mobile ? { mobile: user.distributor.mobile } : {}),
        };
      }),
      next: page.next,
    };
  },
  // In transfer payout mode, approving also creates the 商家转账 bill the distributor confirms.
  'withdrawals.review': reviewWithdrawal,
  'withdrawals.markPaid': (input, ctx) =>
    moveWithdrawal(input.withdrawalId, 'paid', ctx, { reference: input.reference }),
  'withdrawals.markFailed': (input, ctx) =>
    moveWithdrawal(input.withdrawalId, 'failed', ctx, { reason: input.reason }),
  reconcile: () => reconcile(),
  settle: (_input, ctx) => runSettle(ctx.now),
};
