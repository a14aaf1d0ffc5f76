// Subscribe messages, sent only to users who granted them: each one-time grant a user gives on a page is
// counted here (collection `subscriptions`), one is used per message, and every message an event would
// send is recorded (collection `notices`, one document per event and subject) with what became of it.
// Sending never fails the business action that caused it.
import { noticeMessage, NoticeFacts } from '../domain/notices';
import type { NoticeEvent } from '../domain/settings';
import { recordOnce } from './counters';
import { command, getById, inTransaction, setById, txGet } from './db';
import { OpenApiError, sendSubscribeMessage } from './openapi';
import { loadSettings } from './settings';

export interface SubscriptionDoc {
  _id: string;
  /** Template id → one-time grants not used yet. */
  grants: Record<string, number>;
  updatedAt: Date;
}

/** `sending`: claimed by one call, so a concurrent replay of the same event sends nothing. */
export type NoticeOutcome = 'sending' | 'sent' | 'no_template' | 'no_grant' | 'failed';

export interface NoticeRecord {
  _id: string;
  userId: string;
  event: NoticeEvent;
  templateId: string;
  outcome: NoticeOutcome;
  errCode?: number;
  at: Date;
}

/** The user accepted these templates once more (wx.requestSubscribeMessage answered 'accept'). */
export async function addGrants(
  userId: string,
  templateIds: string[],
  now: Date,
): Promise<Record<string, number>> {
  return inTransaction(async (tx) => {
    const current = (await txGet<SubscriptionDoc>(tx, 'subscriptions', userId))?.grants ?? {};
    const grants = { ...current };
    for (const id of templateIds) grants[id] = (grants[id] ?? 0) + 1;
    await tx
      .collection('subscriptions')
      .doc(userId)
      .set({ data: { grants, updatedAt: now } });
    return grants;
  });
}

/** Takes one grant of `templateId` from the user; false when they have none left. */
async function takeGrant(userId: string, templateId: string, now: Date): Promise<boolean> {
  return inTransaction(async (tx) => {
    const doc = await txGet<SubscriptionDoc>(tx, 'subscriptions', userId);
    const left = doc?.grants[templateId] ?? 0;
    if (left <= 0) return false;
    await tx
      .collection('subscriptions')
      .doc(userId)
      .update({ data: { [`grants.${templateId}`]: command().inc(-1), updatedAt: now } });
    return true;
  });
}

/** WeChat's answer when the user holds no grant of the template there (our count was ahead of it). */
const NO_GRANT_AT_WECHAT = 43101;

/**
 * After a failed send: WeChat saying the user has no grant left means our count was wrong (none are left);
 * any other failure did not use the grant at WeChat, so it is given back.
 */
async function afterFailedSend(userId: string, templateId: string, errCode: number, now: Date) {
  const grant = `grants.${templateId}`;
  await inTransaction(async (tx) => {
    await tx
      .collection('subscriptions')
      .doc(userId)
      .update({
        data: { [grant]: errCode === NO_GRANT_AT_WECHAT ? 0 : command().inc(1), updatedAt: now },
      });
  });
}

/** Claims the notice for this call; false when another call sent it or is sending it. */
async function claim(id: string, userId: string, event: NoticeEvent, now: Date): Promise<boolean> {
  return inTransaction(async (tx) => {
    const existing = await txGet<NoticeRecord>(tx, 'notices', id);
    if (existing?.outcome === 'sent' || existing?.outcome === 'sending') return false;
    const record: Omit<NoticeRecord, '_id'> = { userId, event, templateId: '', outcome: 'sending', at: now };
    await tx.collection('notices').doc(id).set({ data: record });
    return true;
  });
}

/**
 * Sends `event`'s message to `userId` at most once per `subject` (an order, a withdrawal…), if the
 * merchant set a template for it and the user holds a grant. Never throws: the outcome is recorded and
 * answered ('sent' also when an earlier call sent it or is sending it).
 */
export async function notify<E extends NoticeEvent>(
  event: E,
  userId: string,
  subject: string,
  facts: NoticeFacts[E],
  now: Date,
): Promise<NoticeOutcome> {
  const id = `${event}:${subject}`;
  try {
    // Cheap answers first: most events have no template, or a user without a grant (no claim, no transaction).
    const settings = await loadSettings();
    const message = noticeMessage(event, settings.notices[event], facts);
    if (!message) return 'no_template';
    const held = await getById<SubscriptionDoc>('subscriptions', userId);
    if ((held?.grants[message.templateId] ?? 0) <= 0) {
      // Written only if nothing is recorded yet: a sent notice's record is never overwritten.
      await recordOnce('notices', id, {
        userId,
        event,
        templateId: message.templateId,
        outcome: 'no_grant',
        at: now,
      });
      return 'no_grant';
    }
    if (!(await claim(id, userId, event, now))) return 'sent';
    let outcome: NoticeOutcome = 'no_grant';
    let errCode: number | undefined;
    if (await takeGrant(userId, message.templateId, now)) {
      try {
        await sendSubscribeMessage({
          touser: userId,
          templateId: message.templateId,
          page: message.page,
          data: message.data,
          miniprogramState:
            settings.share.codeEnvVersion === 'release'
              ? 'formal'
              : settings.share.codeEnvVersion === 'trial'
                ? 'trial'
                : 'developer',
        });
        outcome = 'sent';
      } catch (error) {
        outcome = 'failed';
        errCode = error instanceof OpenApiError ? error.errCode : -1;
        await afterFailedSend(userId, message.templateId, errCode, now);
      }
    }
    const record: Omit<NoticeRecord, '_id'> = {
      userId,
      event,
      templateId: message.templateId,
      outcome,
      ...(errCode !== undefined ? { errCode } : {}),
      at: now,
    };
    // This call holds the claim: nothing else writes the record now.
    await setById('notices', id, record);
    return outcome;
  } catch (error) {
    console.warn(`notice ${id} not sent`, error);
    return 'failed';
  }
}
