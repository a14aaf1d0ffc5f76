// 订阅消息: which of the merchant's one-time templates each moment asks for. A moment names its events; only
// the templates the merchant set are asked for, at most 3 (one sheet of wx.requestSubscribeMessage).
import type { NoticeEvent, SubscribeTemplates } from '../services/api';

/** The natural moments to ask, and the events each one is about. */
export const SUBSCRIBE_MOMENTS: Record<
  'pay' | 'refund' | 'apply' | 'withdraw' | 'commission',
  readonly NoticeEvent[]
> = {
  /** Paying an order: told when it ships and when a refund of it is decided. */
  pay: ['orderShipped', 'refundResult'],
  /** Asking for a refund: told when the merchant decides. */
  refund: ['refundResult'],
  /** Applying to distribute: told when the application is reviewed. */
  apply: ['applicationReviewed'],
  /** Withdrawing: told of the result, and when a 商家转账 waits for confirmation. */
  withdraw: ['withdrawalResult', 'transferConfirm'],
  /** The distributor centre, once: told when commission is credited and when it settles. */
  commission: ['commissionCredited', 'commissionSettled'],
};

/** At most this many template ids in one wx.requestSubscribeMessage call. */
export const MAX_TEMPLATES_PER_ASK = 3;

/** The template ids to ask for `events`: the merchant's, without repeats, at most three ([] when none is set). */
export function templateIdsFor(
  templates: SubscribeTemplates | null | undefined,
  events: readonly NoticeEvent[],
): string[] {
  const ids: string[] = [];
  for (const event of events) {
    const id = templates?.[event];
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, MAX_TEMPLATES_PER_ASK);
}

/** Where the distributor centre remembers it asked for commission notices (asked once, not at every visit). */
export const COMMISSION_ASKED_KEY = 'subscribe:commission';
