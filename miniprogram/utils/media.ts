// Pictures and a video the merchant picks on the phone (wx.chooseMedia), put in cloud storage: their fileIDs
// (cloud://…) are the addresses a product or a banner keeps. Picking asks for the privacy guide first when the
// user has not agreed yet (the page's <privacy-popup> answers); a refusal is said, not taken for a failure.
import { uploadFile } from '../services/client';
import { storagePath } from './format';
import { isPrivacyRefusal, privacyRefusedText } from './privacy';

/** Up to `max` pictures picked and stored under `folder`; their fileIDs in the order picked. */
export async function chooseImages(folder: string, max: number): Promise<string[]> {
  const { tempFiles } = await wx.chooseMedia({ count: max, mediaType: ['image'], sizeType: ['compressed'] });
  const ids: string[] = [];
  for (const file of tempFiles)
    ids.push(await uploadFile(storagePath(folder, file.tempFilePath, Date.now(), 'jpg'), file.tempFilePath));
  return ids;
}

/** One video of at most a minute, picked and stored under `folder`; null when none was picked. */
export async function chooseVideo(folder: string): Promise<string | null> {
  const { tempFiles } = await wx.chooseMedia({ count: 1, mediaType: ['video'], maxDuration: 60 });
  const file = tempFiles[0];
  return file
    ? uploadFile(storagePath(folder, file.tempFilePath, Date.now(), 'mp4'), file.tempFilePath)
    : null;
}

/**
 * What the page toasts when picking or storing failed: nothing when the merchant backed out of the picker,
 * that the privacy guide was not agreed to, or `failed`.
 */
export function pickFailure(error: unknown, failed: string): string {
  if (isPrivacyRefusal(error)) return privacyRefusedText('选择图片或视频');
  return /cancel/i.test(String((error as { errMsg?: string })?.errMsg ?? '')) ? '' : failed;
}
