// The `invites` collection: invite code (_id) → distributor, plus the code image made for it. A code
// is issued once, in the transaction that first activates the distributor, and never reassigned.
import { randomInt } from 'node:crypto';
import { generateInviteCode } from '../domain/invite-code';
import { collection, getById, Transaction, txGet } from './db';

export interface InviteDoc {
  _id: string;
  userId: string;
  createdAt: Date;
  /** The stored mini-program code image (cloud fileID) and the page it opens, once made. */
  fileID?: string;
  page?: string;
  /** The mini-program version the image opens (release when absent: images made before it was a setting). */
  envVersion?: string;
}

/** A collision needs two draws of the same 6 characters out of 8.9e8; five misses in a row means a bug. */
const ISSUE_ATTEMPTS = 5;

/**
 * Picks a code no one holds and records it for `userId` inside `tx`. Two transactions that draw the
 * same free code both write the same invites document, so one of them conflicts and retries.
 */
export async function issueInviteCode(tx: Transaction, userId: string, now: Date): Promise<string> {
  for (let attempt = 0; attempt < ISSUE_ATTEMPTS; attempt += 1) {
    const code = generateInviteCode((n) => randomInt(n));
    if (await txGet<InviteDoc>(tx, 'invites', code)) continue;
    await tx
      .collection('invites')
      .doc(code)
      .set({ data: { userId, createdAt: now } });
    return code;
  }
  throw new Error(`no free invite code after ${ISSUE_ATTEMPTS} draws`);
}

export async function findInvite(code: string): Promise<InviteDoc | null> {
  return getById<InviteDoc>('invites', code);
}

export async function rememberCodeImage(
  code: string,
  fileID: string,
  page: string,
  envVersion: string,
): Promise<void> {
  await collection('invites').doc(code).update({ data: { fileID, page, envVersion } });
}
