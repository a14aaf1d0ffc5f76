// The distributor's growth tools: their own conversion (shares → visitors → buyers), this month's
// rankings by commission and by recruits (with their own place), and the products with what each pays
// them, to pick one for a poster.
import type { Page } from '../../contracts/contract';
import type { Ranking, ShareConversion, ShareProduct } from '../../contracts/share';
import { beijingDate, dateRange } from '../../domain/analytics';
import { skusOf, priceAt } from '../../domain/catalog';
import { level1Earning, productCommissionOf } from '../../domain/commission';
import type { Product } from '../../domain/order';
import { aggregate, command, find } from '../../data/db';
import { readPage } from '../../data/paging';
import { loadSettings } from '../../data/settings';
import type { UserDoc } from '../../data/users';
import type { ActionContext } from '../../handler';
import { conversionOf } from '../admin/behaviour';
import { shopProduct } from '../order/queries';
import { requireDistributor } from './distributor';

const DAY_MS = 86_400_000;
/** How many places a ranking shows. */
export const RANKING_SIZE = 20;

/** share.conversion: the caller's figures of the last `days` Beijing days (today included). */
export async function conversion(input: { days?: number }, ctx: ActionContext): Promise<ShareConversion> {
  const me = await requireDistributor(ctx.openid, 'view');
  const days = input.days ?? 30;
  const to = beijingDate(ctx.now);
  const from = beijingDate(new Date(ctx.now.getTime() - (days - 1) * DAY_MS));
  const [figures] = await conversionOf(dateRange(from, to), me._id);
  const { userId: _u, nickname: _n, ...rest } = figures!;
  return { from, to, ...rest };
}

/** 张**: others see a ranked distributor's name masked. */
const masked = (nickname: string) => {
  const chars = Array.from(nickname || '微信用户');
  return `${chars[0]}**`;
};

/** share.rankings: this Beijing month's top distributors by net commission or by recruits, and the caller's place. */
export async function rankings(
  input: { by: 'commission' | 'recruits' },
  ctx: ActionContext,
): Promise<Ranking> {
  const me = await requireDistributor(ctx.openid, 'view');
  const today = beijingDate(ctx.now);
  const range = dateRange(`${today.slice(0, 7)}-01`, today);
  const _ = command();
  const rows =
    input.by === 'commission'
      ? await aggregate<{ _id: string; value: number }>('ledger', [
          { $match: { at: _.gte(range.start).and(_.lt(range.end)), kind: _.in(['earned', 'reversed']) } },
          {
            $group: {
              _id: '$userId',
              value: {
                $sum: { $cond: [{ $eq: ['$kind', 'earned'] }, '$amount', { $multiply: ['$amount', -1] }] },
              },
            },
          },
          { $match: { value: _.gt(0) } },
          { $sort: { value: -1, _id: 1 } },
          { $limit: 100_000 },
        ])
      : await aggregate<{ _id: string; value: number }>('users', [
          { $match: { boundAt: _.gte(range.start).and(_.lt(range.end)), inviterId: _.exists(true) } },
          { $group: { _id: '$inviterId', value: { $sum: 1 } } },
          { $sort: { value: -1, _id: 1 } },
          { $limit: 100_000 },
        ]);
  const top = rows.slice(0, RANKING_SIZE);
  const users = top.length
    ? await find<UserDoc>('users', { _id: _.in(top.map((r) => r._id)) }, { limit: top.length })
    : [];
  const people = new Map(users.map((u) => [u._id, u.nickname]));
  const avatars = new Map(users.map((u) => [u._id, u.avatarUrl]));
  const mine = rows.findIndex((r) => r._id === me._id);
  return {
    by: input.by,
    month: today.slice(0, 7),
    items: top.map((r, i) => ({
      rank: i + 1,
      nickname: r._id === me._id ? (people.get(r._id) ?? '') : masked(people.get(r._id) ?? ''),
      avatarUrl: avatars.get(r._id) ?? '',
      value: r.value,
      isMe: r._id === me._id,
    })),
    me: { rank: mine >= 0 ? mine + 1 : null, value: mine >= 0 ? rows[mine]!.value : 0 },
  };
}

/** share.products: the products on sale with what one sale earns the caller at level 1, to share or put on a poster. */
export async function products(
  input: { category?: string; cursor?: string | null },
  ctx: ActionContext,
): Promise<Page<ShareProduct>> {
  const me = await requireDistributor(ctx.openid, 'view');
  const settings = await loadSettings();
  const page = await readPage<Product>(
    'products',
    { status: 'on', ...(input.category ? { category: input.category } : {}) },
    [
      ['sort', 'desc'],
      ['_id', 'asc'],
    ],
    input.cursor,
  );
  return {
    items: page.items.map((product) => {
      // What the cheapest SKU pays now: 「赚 ¥x 起」 when the SKUs differ.
      const quotes = skusOf(product).map((sku) => {
        const { price } = priceAt(product, sku, ctx.now);
        const commission = productCommissionOf(sku.commission ?? product.commission);
        return level1Earning(settings, me.distributor.grade, {
          productId: product._id,
          quantity: 1,
          base: price,
          ...(commission ? { commission } : {}),
        });
      });
      return {
        product: shopProduct(product, ctx.now),
        earnFen: Math.min(...quotes),
        earnVaries: new Set(quotes).size > 1,
      };
    }),
    next: page.next,
  };
}
