// Cloud storage for files the functions make (exports): upload, then a temporary download URL.
// The SDK calls themselves live in wxacode.ts (written first, for invite-code images); this module is the
// storage face the rest of core should import.
import { tempFileURL, uploadFile } from './wxacode';

export interface StoredFile {
  fileID: string;
  tempFileURL: string;
}

/** Uploads `content` to `cloudPath` and answers its file id with a temporary URL to download it. */
export async function storeFile(cloudPath: string, content: Buffer): Promise<StoredFile> {
  const fileID = await uploadFile(cloudPath, content);
  const url = await tempFileURL(fileID);
  // Just uploaded, so a missing URL is the platform failing: the handler logs it and answers INTERNAL.
  if (!url) throw new Error(`no temporary URL for the file just uploaded: ${fileID}`);
  return { fileID, tempFileURL: url };
}
