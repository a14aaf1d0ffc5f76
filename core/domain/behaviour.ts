// User behaviour (用户行为), pure: the events pages report and the daily counters they add to.
//
// Only what the analytics need is kept: per Beijing day, the shop's page views, product views, carts and
// shares; per product its views, carts and shares; per distributor their shares and posters (and, from
// join.enter, the scans and links that brought visitors). Distinct visitors are counted once per day.
// Entries by scan or link are not reported by pages: join.enter counts them where it reads the invite.

export const MAX_EVENTS_PER_CALL = 50;
/** Events one user may report per minute; beyond it the batch is refused (a person does far fewer). */
export const EVENTS_PER_MINUTE = 120;
/** Days the raw batches stay in the recent-events log. */
export const LOG_DAYS = 7;

export type ShareChannel = 'card' | 'poster' | 'poster_saved';

export type BehaviourEvent =
  | { type: 'page_view'; page: string }
  | { type: 'product_view'; productId: string }
  | { type: 'add_to_cart'; productId: string; quantity: number }
  | { type: 'share'; channel: ShareChannel; productId?: string };

/** The shop's figures of one Beijing day. */
export interface DayCounters {
  visitors: number;
  pageViews: number;
  productViews: number;
  carts: number;
  shares: number;
  posters: number;
  posterSaves: number;
  scans: number;
  links: number;
}

export interface ProductCounters {
  views: number;
  carts: number;
  shares: number;
}

/** A distributor's figures of one day: what they shared, and the visits their codes brought. */
export interface DistributorCounters {
  shares: number;
  posters: number;
  posterSaves: number;
  scans: number;
  links: number;
  visitors: number;
}

export const DAY_KEYS = [
  'visitors',
  'pageViews',
  'productViews',
  'carts',
  'shares',
  'posters',
  'posterSaves',
  'scans',
  'links',
] as const satisfies readonly (keyof DayCounters)[];
export const PRODUCT_KEYS = [
  'views',
  'carts',
  'shares',
] as const satisfies readonly (keyof ProductCounters)[];
export const DISTRIBUTOR_KEYS = [
  'shares',
  'posters',
  'posterSaves',
  'scans',
  'links',
  'visitors',
] as const satisfies readonly (keyof DistributorCounters)[];

/** Counter documents' ids: one per day, per product and day, per distributor and day. */
export const counterId = {
  day: (day: string) => `${day}`,
  product: (day: string, productId: string) => `${day}:p:${productId}`,
  distributor: (day: string, userId: string) => `${day}:d:${userId}`,
};

/** The visit records that make a visitor count once a day (for the shop, and for a distributor). */
export const visitId = {
  shop: (day: string, userId: string) => `${day}:u:${userId}`,
  distributor: (day: string, distributorId: string, userId: string) => `${day}:d:${distributorId}:${userId}`,
};

export interface CounterPlan {
  day: Partial<DayCounters>;
  products: Map<string, Partial<ProductCounters>>;
  /** Only when the reporter is an active distributor: their shares and posters. */
  distributor: Partial<DistributorCounters>;
}

function add<K extends string>(into: Partial<Record<K, number>>, key: K, by = 1) {
  into[key] = (into[key] ?? 0) + by;
}

/**
 * What a batch adds to the counters. `knownProducts` are the product ids that exist (others are dropped:
 * no counter for an id someone made up); shares count for the distributor only when `isDistributor`.
 */
export function planCounters(
  events: BehaviourEvent[],
  knownProducts: ReadonlySet<string>,
  isDistributor: boolean,
): CounterPlan {
  const plan: CounterPlan = { day: {}, products: new Map(), distributor: {} };
  const product = (id: string) => {
    let counters = plan.products.get(id);
    if (!counters) plan.products.set(id, (counters = {}));
    return counters;
  };
  for (const event of events) {
    if (event.type === 'page_view') add(plan.day, 'pageViews');
    else if (event.type === 'product_view') {
      if (!knownProducts.has(event.productId)) continue;
      add(plan.day, 'productViews');
      add(product(event.productId), 'views');
    } else if (event.type === 'add_to_cart') {
      if (!knownProducts.has(event.productId)) continue;
      add(plan.day, 'carts');
      add(product(event.productId), 'carts');
    } else {
      if (event.productId && !knownProducts.has(event.productId)) continue;
      const key =
        event.channel === 'card' ? 'shares' : event.channel === 'poster' ? 'posters' : 'posterSaves';
      add(plan.day, key);
      if (isDistributor) add(plan.distributor, key);
      if (event.productId && event.channel === 'card') add(product(event.productId), 'shares');
    }
  }
  return plan;
}

/** The product ids a batch names. */
export const productIdsOf = (events: BehaviourEvent[]) => [
  ...new Set(events.flatMap((e) => ('productId' in e && e.productId ? [e.productId] : []))),
];

/** Repurchase rate in basis points: buyers with two or more paid orders among all buyers (0 without buyers). */
export function repurchaseBp(buyers: number, repeatBuyers: number): number {
  return buyers > 0 ? Math.floor((repeatBuyers * 10_000) / buyers) : 0;
}
