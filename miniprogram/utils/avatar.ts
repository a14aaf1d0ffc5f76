// The shopper's avatar on a page (我的, the distributor centre): a stored one shown from an address the phone can
// load, and one chosen with WeChat's picker (<button open-type="chooseAvatar">) stored and set on the profile.
import type { User } from '../services/api';
import { fileUrl } from '../services/client';
import { messageOf } from '../services/errors';
import * as join from '../services/join';

interface AvatarPage {
  /** `avatarUrl`: the stored avatar (a cloud fileID); `avatarShown`, set here, what the <image> loads. */
  data: { avatarUrl: string; savingAvatar: boolean };
  setData(data: Record<string, unknown>): void;
}

/** Shows `avatarUrl` (local mode asks the local cloud for an address); an avatar changed meanwhile wins. */
export async function showAvatar(page: AvatarPage, avatarUrl: string): Promise<void> {
  const shown = await fileUrl(avatarUrl);
  if (page.data.avatarUrl === avatarUrl) page.setData({ avatarShown: shown });
}

/**
 * The picker's file uploaded to cloud storage and set with join.profile, one at a time (data.savingAvatar).
 * Answers the saved user, or why not (also in data.profileError); null when there was nothing to do.
 */
export async function saveChosenAvatar(
  page: AvatarPage,
  e: { detail: { avatarUrl: string } },
): Promise<{ user: User } | { error: string } | null> {
  const file = e.detail.avatarUrl;
  if (!file || page.data.savingAvatar) return null;
  page.setData({ savingAvatar: true, profileError: '' });
  try {
    return { user: (await join.saveAvatar(file)).user };
  } catch (error) {
    page.setData({ profileError: messageOf(error) });
    return { error: messageOf(error) };
  } finally {
    page.setData({ savingAvatar: false });
  }
}
