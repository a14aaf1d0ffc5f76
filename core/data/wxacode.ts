// The platform calls behind share.code: wxacode.getUnlimited and cloud storage for the image it
// makes. The function's config.json must list wxacode.getUnlimited under permissions.openapi.
import { initCloud } from './cloud';

interface UnlimitedAnswer {
  contentType?: string;
  buffer?: Buffer | Uint8Array;
}

/** A mini-program code PNG that opens `page` with `scene`. checkPath is off so an unpublished page still works. */
export async function unlimitedCode(scene: string, page: string): Promise<Buffer> {
  const cloud = initCloud();
  const answer = (await cloud.openapi.wxacode.getUnlimited({
    scene,
    page,
    checkPath: false,
    width: 430,
  } as Parameters<typeof cloud.openapi.wxacode.getUnlimited>[0])) as UnlimitedAnswer;
  if (!answer?.buffer || !/image\//.test(answer.contentType ?? '')) {
    throw new Error(`wxacode.getUnlimited answered ${answer?.contentType ?? 'nothing'}`);
  }
  return Buffer.from(answer.buffer);
}

export async function uploadFile(cloudPath: string, content: Buffer): Promise<string> {
  const { fileID } = await initCloud().uploadFile({ cloudPath, fileContent: content });
  return fileID;
}

/** A temporary download URL, or null when the stored file is gone (deleted in the console, say). */
export async function tempFileURL(fileID: string): Promise<string | null> {
  const answer = (await initCloud().getTempFileURL({ fileList: [fileID] })) as {
    fileList?: Array<{ status?: number; tempFileURL?: string }>;
  };
  const entry = answer?.fileList?.[0];
  return entry && entry.status === 0 && entry.tempFileURL ? entry.tempFileURL : null;
}
