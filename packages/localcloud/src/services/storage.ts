// Cloud storage: the SDK asks for upload metadata, PUTs the bytes to the URL it got (here, this
// server's /cos/<key>), and downloads through temporary URLs, which this server serves too. Files
// live under <dataDir>/storage/<cloud path>.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiTable } from '../api';
import { CloudError } from '../errors';
import { Route } from '../server';

export const BUCKET = 'local-bucket';

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A cloud path is relative, with no empty, `.` or `..` segment, so it can never leave the root. */
export function isValidCloudPath(cloudPath: string): boolean {
  if (!cloudPath || cloudPath.length > 850 || /[\\\0]/.test(cloudPath)) return false;
  return cloudPath.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export interface StorageOptions {
  dataDir: string;
  envId: string;
  /** This server's origin (http://127.0.0.1:<port>), known once it listens. */
  origin: () => string;
}

export class LocalStorage {
  readonly root: string;

  constructor(private readonly options: StorageOptions) {
    this.root = path.join(options.dataDir, 'storage');
  }

  fileId(cloudPath: string): string {
    return `cloud://${this.options.envId}.${BUCKET}/${cloudPath}`;
  }

  /** The cloud path of a fileID of this environment's bucket, or undefined. */
  cloudPathOf(fileId: string): string | undefined {
    const match = /^cloud:\/\/([^/]+)\/(.+)$/.exec(fileId);
    if (!match || match[1] !== `${this.options.envId}.${BUCKET}`) return undefined;
    const cloudPath = match[2] ?? '';
    return isValidCloudPath(cloudPath) ? cloudPath : undefined;
  }

  private file(cloudPath: string): string {
    return path.join(this.root, ...cloudPath.split('/'));
  }

  exists(cloudPath: string): boolean {
    return existsSync(this.file(cloudPath));
  }

  read(cloudPath: string): Buffer | undefined {
    try {
      return readFileSync(this.file(cloudPath));
    } catch {
      return undefined;
    }
  }

  write(cloudPath: string, bytes: Buffer): string {
    if (!isValidCloudPath(cloudPath))
      throw new CloudError('INVALID_PARAM', `invalid cloud path: ${cloudPath}`);
    const target = this.file(cloudPath);
    mkdirSync(path.dirname(target), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    const temp = `${target}.${randomBytes(4).toString('hex')}.uploading`;
    writeFileSync(temp, bytes);
    renameSync(temp, target);
    return this.fileId(cloudPath);
  }

  remove(cloudPath: string): boolean {
    if (!this.exists(cloudPath)) return false;
    rmSync(this.file(cloudPath));
    return true;
  }

  tempUrl(cloudPath: string): string {
    // Unencoded on purpose: the SDK runs encodeURI over it before downloading.
    return `${this.options.origin()}/cos/${cloudPath}`;
  }

  api(): ApiTable {
    return {
      'storage.getUploadMetadata': (request) => {
        const cloudPath = request.body.path;
        if (typeof cloudPath !== 'string' || !isValidCloudPath(cloudPath)) {
          throw new CloudError('INVALID_PARAM', `invalid cloud path: ${String(cloudPath)}`);
        }
        const token = randomBytes(16).toString('hex');
        return {
          data: {
            url: `${this.options.origin()}/cos/${encodeURIComponent(cloudPath)}`,
            // The SDK sends these back as headers, so they must stay ASCII.
            token,
            authorization: `q-sign-algorithm=sha1&q-local=${token}`,
            fileId: this.fileId(cloudPath),
            cosFileId: Buffer.from(cloudPath).toString('hex'),
          },
        };
      },
      'storage.batchGetDownloadUrl': (request) => {
        const list = Array.isArray(request.body.file_list) ? request.body.file_list : [];
        const download_list = list.map((item: unknown) => {
          const fileID = String((item as { fileid?: unknown })?.fileid ?? '');
          const cloudPath = this.cloudPathOf(fileID);
          if (cloudPath === undefined || !this.exists(cloudPath)) {
            return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' };
          }
          return { fileID, tempFileURL: this.tempUrl(cloudPath), code: 'SUCCESS' };
        });
        return { data: { download_list } };
      },
      'storage.batchDeleteFile': (request) => {
        const list = Array.isArray(request.body.fileid_list) ? request.body.fileid_list : [];
        const delete_list = list.map((item: unknown) => {
          const fileID = String(item);
          const cloudPath = this.cloudPathOf(fileID);
          const removed = cloudPath !== undefined && this.remove(cloudPath);
          return { fileID, code: removed ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
        });
        return { data: { delete_list } };
      },
    };
  }

  routes(): Route[] {
    const decode = (raw: string): string | undefined => {
      try {
        const cloudPath = decodeURIComponent(raw);
        return isValidCloudPath(cloudPath) ? cloudPath : undefined;
      } catch {
        return undefined;
      }
    };
    const cosError = (code: string, message: string) =>
      `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<Resource>local</Resource><RequestId>local</RequestId><TraceId>local</TraceId></Error>`;
    return [
      {
        method: 'PUT',
        path: /^\/cos\/(.+)$/,
        handle: (_req, res, match, body) => {
          const cloudPath = decode(match[1] ?? '');
          if (cloudPath === undefined) {
            res
              .writeHead(400, { 'content-type': 'application/xml' })
              .end(cosError('InvalidURI', 'invalid key'));
            return;
          }
          this.write(cloudPath, body);
          // COS answers an upload with an empty body; the SDK reads anything else as an XML error.
          res.writeHead(200, { 'content-length': 0 }).end();
        },
      },
      {
        method: 'GET',
        path: /^\/cos\/(.+)$/,
        handle: (_req, res, match) => {
          const cloudPath = decode(match[1] ?? '');
          const bytes = cloudPath === undefined ? undefined : this.read(cloudPath);
          if (cloudPath === undefined || !bytes) {
            res
              .writeHead(404, { 'content-type': 'application/xml' })
              .end(cosError('NoSuchKey', 'no such key'));
            return;
          }
          res.writeHead(200, { 'content-type': contentTypeOf(cloudPath), 'content-length': bytes.length });
          res.end(bytes);
        },
      },
    ];
  }
}
