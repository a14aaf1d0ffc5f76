// The local CloudBase: one HTTP server on loopback that speaks the CloudBase API at /admin (the wire
// protocol notes: the repository's docs/LOCALCLOUD.md) and the local cloud's own routes (README).
// Services plug in as tables of actions (api.ts) or as routes.
import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApiReply, ApiRequest, ApiTable } from './api';
import { Clock } from './clock';
import { CloudError } from './errors';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the path without the query string; groups are passed to the handler. */
  path: RegExp;
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    match: RegExpMatchArray,
    body: Buffer,
  ): Promise<void> | void;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  clock: Clock;
  api: ApiTable;
  routes: Route[];
  /** Called for every /admin request, for metrics. */
  onApiRequest?: (request: ApiRequest) => void;
  /** Which paths are the CloudBase API; group 1 becomes ApiRequest.caller. Default /admin[/<function>]. */
  adminPath?: RegExp;
}

/**
 * The platform's limit on a request body other than a function call's (docs.cloudbase.net, error code
 * EXCEED_MAX_PAYLOAD_SIZE: 100 MB); an upload to storage is such a request.
 */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Read to the end without keeping it, so the caller is answered rather than cut off.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new CloudError('EXCEED_MAX_PAYLOAD_SIZE', `request body of ${size} bytes is over 100 MB`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function parseMultipart(
  req: IncomingMessage,
  body: Buffer,
): Promise<{ fields: Record<string, string>; parts: Record<string, Buffer> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const parts: Record<string, Buffer> = {};
    const parser = busboy({ headers: req.headers, limits: { fileSize: MAX_BODY_BYTES } });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        parts[name] = Buffer.concat(chunks);
      });
    });
    parser.on('close', () => resolve({ fields, parts }));
    parser.on('error', reject);
    parser.end(body);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function toApiRequest(
  req: IncomingMessage,
  body: Buffer,
  caller: string | undefined,
): Promise<ApiRequest> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const { fields, parts } = await parseMultipart(req, body);
    return { action: fields.action ?? '', body: fields, parts, caller };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new CloudError('INVALID_PARAM', 'request body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CloudError('INVALID_PARAM', 'request body must be a JSON object');
  }
  const fields = parsed as Record<string, unknown>;
  return { action: typeof fields.action === 'string' ? fields.action : '', body: fields, parts: {}, caller };
}

function writeReply(res: ServerResponse, requestId: string, reply: ApiReply): void {
  if ('raw' in reply) {
    res.writeHead(200, { 'content-type': reply.raw.contentType, 'content-length': reply.raw.body.length });
    res.end(reply.raw.body);
  } else if ('top' in reply) {
    sendJson(res, 200, { requestId, ...reply.top });
  } else {
    sendJson(res, 200, { requestId, data: reply.data });
  }
}

async function handleApi(
  options: HttpServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  caller?: string,
) {
  const requestId = randomUUID();
  try {
    const request = await toApiRequest(req, body, caller);
    options.onApiRequest?.(request);
    const handler = Object.prototype.hasOwnProperty.call(options.api, request.action)
      ? options.api[request.action]
      : undefined;
    if (!handler) throw new CloudError('INVALID_PARAM', `unknown action: ${request.action || '(none)'}`);
    writeReply(res, requestId, await handler(request));
  } catch (error) {
    const known = error instanceof CloudError;
    if (!known) console.error('[localcloud] api error', error);
    sendJson(res, 200, {
      code: known ? error.code : 'SYS_ERR',
      message: error instanceof Error ? error.message : String(error),
      requestId,
    });
  }
}

export interface RunningServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const admin = (options.adminPath ?? /^\/admin(?:\/([\w-]+))?\/?$/).exec(path);
      if (admin && req.method === 'POST') return await handleApi(options, req, res, body, admin[1]);
      for (const route of options.routes) {
        if (route.method !== req.method) continue;
        const match = path.match(route.path);
        if (match) return await route.handle(req, res, match, body);
      }
      sendJson(res, 404, { errCode: 404, errMsg: `no route for ${req.method} ${path}` });
    } catch (error) {
      if (!res.headersSent) {
        const status = error instanceof CloudError ? 400 : 500;
        sendJson(res, status, {
          errCode: status,
          errMsg: error instanceof Error ? error.message : String(error),
        });
      } else {
        res.destroy();
      }
    }
  });
  // The SDK keeps sockets alive for 4.8 s; stay above that so it never writes into a closing socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
