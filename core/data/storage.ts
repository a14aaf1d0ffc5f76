// Cloud storage for files the functions make (invite-code images, exports): upload, temporary download
// URLs, and deleting what must not be kept.
import { initCloud } from './cloud';

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

/** A stored file's bytes. */
export async function downloadFile(fileID: string): Promise<Buffer> {
  const { fileContent } = (await initCloud().downloadFile({ fileID })) as { fileContent: Buffer };
  return fileContent;
}

/** Deletes stored files; answers the ids the platform deleted (a file already gone counts as deleted). */
export async function deleteFiles(fileIDs: string[]): Promise<string[]> {
  if (fileIDs.length === 0) return [];
  const answer = (await initCloud().deleteFile({ fileList: fileIDs })) as {
    fileList?: Array<{ fileID?: string; status?: number }>;
  };
  return (answer?.fileList ?? [])
    .filter((entry) => entry.status === 0 || entry.status === -503003)
    .map((entry) => String(entry.fileID));
}
