// share.code: the distributor's invite code and its mini-program code image, made once, stored in
// cloud storage and reused; made again when the stored file has gone.
import type { InviteCodeImage } from '../../contracts/share';
import { sceneFor } from '../../domain/invite-code';
import { findInvite, rememberCodeImage } from '../../data/invites';
import type { UserDoc } from '../../data/users';
import { tempFileURL, uploadFile } from '../../data/storage';
import { unlimitedCode } from '../../data/wxacode';
import type { ActionContext } from '../../handler';
import { loadSettings } from '../../data/settings';
import { requireDistributor } from './distributor';

/** Where a scanned code lands: the home page, whose launch calls join.enter with the scene. */
export const INVITE_PAGE = 'pages/shop/home/index';

export async function inviteCodeImage(user: UserDoc): Promise<InviteCodeImage> {
  const inviteCode = user.distributor.code!;
  const scene = sceneFor(inviteCode);
  const [invite, settings] = await Promise.all([findInvite(inviteCode), loadSettings()]);
  const envVersion = settings.share.codeEnvVersion;
  // An image made for another page or another version of the mini-program is made again.
  if (invite?.fileID && invite.page === INVITE_PAGE && (invite.envVersion ?? 'release') === envVersion) {
    const url = await tempFileURL(invite.fileID);
    if (url) return { inviteCode, scene, page: INVITE_PAGE, fileID: invite.fileID, tempFileURL: url };
  }
  // Same path every time: a concurrent second request overwrites the file with an identical image.
  const png = await unlimitedCode(scene, INVITE_PAGE, envVersion);
  const fileID = await uploadFile(`invite-codes/${inviteCode}.png`, png);
  await rememberCodeImage(inviteCode, fileID, INVITE_PAGE, envVersion);
  const url = await tempFileURL(fileID);
  if (!url) throw new Error(`uploaded invite code image ${fileID} has no download URL`);
  return { inviteCode, scene, page: INVITE_PAGE, fileID, tempFileURL: url };
}

export async function code(_input: unknown, ctx: ActionContext): Promise<InviteCodeImage> {
  return inviteCodeImage(await requireDistributor(ctx.openid, 'share'));
}
