// share.code: the distributor's invite code and its mini-program code image, made once, stored in
// cloud storage and reused; made again when the stored file has gone.
import type { InviteCodeImage } from '../../contracts/share';
import { sceneFor } from '../../domain/invite-code';
import { findInvite, rememberCodeImage } from '../../data/invites';
import type { UserDoc } from '../../data/users';
import { tempFileURL, unlimitedCode, uploadFile } from '../../data/wxacode';
import type { ActionContext } from '../../handler';
import { requireDistributor } from './distributor';

/** Where a scanned code lands: the home page, whose launch calls join.enter with the scene. */
export const INVITE_PAGE = 'pages/shop/home/index';

export async function inviteCodeImage(user: UserDoc): Promise<InviteCodeImage> {
  const inviteCode = user.distributor.code!;
  const scene = sceneFor(inviteCode);
  const invite = await findInvite(inviteCode);
  if (invite?.fileID && invite.page === INVITE_PAGE) {
    const url = await tempFileURL(invite.fileID);
    if (url) return { inviteCode, scene, page: INVITE_PAGE, fileID: invite.fileID, tempFileURL: url };
  }
  // Same path every time: a concurrent second request overwrites the file with an identical image.
  const png = await unlimitedCode(scene, INVITE_PAGE);
  const fileID = await uploadFile(`invite-codes/${inviteCode}.png`, png);
  await rememberCodeImage(inviteCode, fileID, INVITE_PAGE);
  const url = await tempFileURL(fileID);
  if (!url) throw new Error(`uploaded invite code image ${fileID} has no download URL`);
  return { inviteCode, scene, page: INVITE_PAGE, fileID, tempFileURL: url };
}

export async function code(_input: unknown, ctx: ActionContext): Promise<InviteCodeImage> {
  return inviteCodeImage(await requireDistributor(ctx.openid, 'share'));
}
