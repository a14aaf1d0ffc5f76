// join: entering the shop (binding to an inviter), the caller's profile (nickname, avatar), 订阅消息 grants,
// and applying to distribute.
import type { InputFor, NoticeEvent, SubscribeTemplates } from './api';
import { call, requestSubscribe, uploadFile } from './client';
import { avatarCloudPath } from '../utils/profile';
import { templateIdsFor } from '../utils/subscribe';

export const enter = (input: InputFor<'join', 'enter'>) => call('join', 'enter', input);
export const me = () => call('join', 'me');
export const apply = (input: InputFor<'join', 'apply'>) => call('join', 'apply', input);
export const profile = (input: InputFor<'join', 'profile'>) => call('join', 'profile', input);

/** Reports the templates the user just accepted: each lets the shop send one message of it. */
export const subscribe = (accepted: string[]) => call('join', 'subscribe', { accepted });

/**
 * Asks for the merchant's templates of `events` (join.me's `subscribe`) and reports the accepted ones; answers
 * them. Call it from a tap handler before anything is awaited (WeChat shows the sheet only then). It never
 * rejects, and an action should not wait on the report: a refusal or a failed report changes nothing.
 */
export function askSubscribe(
  templates: SubscribeTemplates | null | undefined,
  events: readonly NoticeEvent[],
): Promise<string[]> {
  return requestSubscribe(templateIdsFor(templates, events)).then((accepted) => {
    if (accepted.length) subscribe(accepted).catch(() => undefined);
    return accepted;
  });
}

/** The avatar WeChat's chooseAvatar gave (a temp file) into cloud storage, then onto the profile. */
export async function saveAvatar(tempFilePath: string) {
  const fileID = await uploadFile(avatarCloudPath(tempFilePath, Date.now()), tempFilePath);
  return profile({ avatarUrl: fileID });
}
