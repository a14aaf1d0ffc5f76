// Nicknames of users the merchant pages know only by openid (inviters, admins): found once each with
// distributors.list's search, which matches an openid exactly, and kept for the session.
import * as admin from '../../services/admin';
import type { AdminUser } from '../../services/admin';

const known = new Map<string, AdminUser | null>();

/** The users behind `ids` (null for one nobody knows); a failed look-up leaves it unknown, to try again later. */
export async function usersOf(ids: (string | null | undefined)[]): Promise<Map<string, AdminUser | null>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  await Promise.all(
    wanted
      .filter((id) => !known.has(id))
      .map(async (id) => {
        try {
          const { items } = await admin.listDistributors({ q: id });
          known.set(id, items.find((user) => user._id === id) ?? null);
        } catch {
          // shown by openid this time
        }
      }),
  );
  return new Map(wanted.map((id) => [id, known.get(id) ?? null]));
}

/** id → nickname (only the ones with a nickname). */
export async function nicknamesOf(ids: (string | null | undefined)[]): Promise<Record<string, string>> {
  const users = await usersOf(ids);
  const names: Record<string, string> = {};
  for (const [id, user] of users) if (user?.nickname) names[id] = user.nickname;
  return names;
}

/** Forget what was learnt (a test's fresh shop, a nickname changed). */
export function forgetUsers(): void {
  known.clear();
}
