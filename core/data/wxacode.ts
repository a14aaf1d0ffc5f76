// The platform call behind share.code: wxacode.getUnlimited (its image is kept in cloud storage,
// data/storage.ts). The function's config.json must list wxacode.getUnlimited under permissions.openapi.
import { initCloud } from './cloud';

interface UnlimitedAnswer {
  contentType?: string;
  buffer?: Buffer | Uint8Array;
}

/**
 * A mini-program code PNG that opens `page` with `scene` in the `envVersion` of the mini-program (release
 * once published; trial or develop before, or the code opens nothing). checkPath is off so an unpublished
 * page still works.
 */
export async function unlimitedCode(
  scene: string,
  page: string,
  envVersion: 'release' | 'trial' | 'develop',
): Promise<Buffer> {
  const cloud = initCloud();
  const answer = (await cloud.openapi.wxacode.getUnlimited({
    scene,
    page,
    checkPath: false,
    envVersion,
    width: 430,
  } as Parameters<typeof cloud.openapi.wxacode.getUnlimited>[0])) as UnlimitedAnswer;
  if (!answer?.buffer || !/image\//.test(answer.contentType ?? '')) {
    throw new Error(`wxacode.getUnlimited answered ${answer?.contentType ?? 'nothing'}`);
  }
  return Buffer.from(answer.buffer);
}
