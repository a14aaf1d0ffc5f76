// join.track: the pages' behaviour events (domain/behaviour.ts), taken from a per-minute allowance and
// added to the daily counters; join.enter's entries by scan or link are counted here too.
import type { TrackInput } from '../../contracts/join';
import { beijingDate } from '../../domain/analytics';
import {
  BehaviourEvent,
  counterId,
  EVENTS_PER_MINUTE,
  planCounters,
  productIdsOf,
  visitId,
} from '../../domain/behaviour';
import type { Product } from '../../domain/order';
import { bump, recordOnce, takeAllowance } from '../../data/counters';
import { command, find, insert } from '../../data/db';
import { getUser } from '../../data/users';
import type { ActionContext } from '../../handler';
import { randomBytes } from 'node:crypto';

/** Counts the caller as a visitor of the day (once). */
async function countVisitor(userId: string, day: string, now: Date): Promise<void> {
  if (await recordOnce('visits', visitId.shop(day, userId), { day, userId, at: now }))
    await bump('behaviourDays', counterId.day(day), { kind: 'day', day }, { visitors: 1 });
}

export async function track(
  input: TrackInput,
  ctx: ActionContext,
): Promise<{ accepted: number; throttled: boolean }> {
  const events = input.events as BehaviourEvent[];
  if (!(await takeAllowance(`events:${ctx.openid}`, events.length, EVENTS_PER_MINUTE, ctx.now)))
    return { accepted: 0, throttled: true };
  const day = beijingDate(ctx.now);
  const ids = productIdsOf(events);
  const [known, user] = await Promise.all([
    ids.length
      ? find<Product>('products', { _id: command().in(ids) }, { limit: ids.length })
      : Promise.resolve([]),
    events.some((e) => e.type === 'share') ? getUser(ctx.openid) : Promise.resolve(null),
  ]);
  const plan = planCounters(events, new Set(known.map((p) => p._id)), user?.distributor.status === 'active');
  await countVisitor(ctx.openid, day, ctx.now);
  if (Object.keys(plan.day).length)
    await bump('behaviourDays', counterId.day(day), { kind: 'day', day }, plan.day as Record<string, number>);
  for (const [productId, counters] of plan.products)
    await bump(
      'behaviourDays',
      counterId.product(day, productId),
      { kind: 'product', day, productId },
      counters as Record<string, number>,
    );
  if (Object.keys(plan.distributor).length)
    await bump(
      'behaviourDays',
      counterId.distributor(day, ctx.openid),
      { kind: 'distributor', day, userId: ctx.openid },
      plan.distributor as Record<string, number>,
    );
  await insert('behaviourLog', {
    _id: `${ctx.now.getTime()}-${randomBytes(4).toString('hex')}`,
    userId: ctx.openid,
    at: ctx.now,
    events,
  });
  return { accepted: events.length, throttled: false };
}

/**
 * An entry through a distributor's code (join.enter): a scan of their mini-program code or an opened share
 * link counts for them, and the entrant is their visitor of the day (once). Never fails the entry.
 */
export async function countEntry(
  distributorId: string,
  userId: string,
  source: 'scan' | 'link',
  now: Date,
): Promise<void> {
  const day = beijingDate(now);
  const key = source === 'scan' ? 'scans' : 'links';
  try {
    await bump('behaviourDays', counterId.day(day), { kind: 'day', day }, { [key]: 1 });
    const visited = await recordOnce('visits', visitId.distributor(day, distributorId, userId), {
      day,
      userId,
      distributorId,
      at: now,
    });
    await bump(
      'behaviourDays',
      counterId.distributor(day, distributorId),
      { kind: 'distributor', day, userId: distributorId },
      { [key]: 1, ...(visited ? { visitors: 1 } : {}) },
    );
  } catch (error) {
    console.warn(`entry of ${userId} by ${distributorId} not counted`, error);
  }
}
