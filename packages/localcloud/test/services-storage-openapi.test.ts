// Storage and openapi through functions and the real SDK: an upload/download/delete round trip,
// files served at their temp URL, and wxacode.getUnlimited answering a PNG that scans, with the
// platform's scene and permission checks.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { startTestCloud, TestCloud } from './support/harness';
import type { FunctionHost } from '../src/functions/host';
import { decodeOpenApiResponse, encodeOpenApiRequest, openApi } from '../src/services/openapi';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});

afterAll(async () => {
  await t.stop();
});

function scan(base64: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('storage', () => {
  test('upload, temp URL, download and delete through the SDK; files persist under dataDir', async () => {
    const cloudPath = 'dir/测试 a.txt';
    const body = await t.call('files', { path: cloudPath, text: 'hello 世界' }, 'u');
    const result = body.result;
    expect(result.fileID).toBe(`cloud://local.local-bucket/${cloudPath}`);
    expect(result.text).toBe('hello 世界');
    expect(result.tempFileURL).toBe(`${t.cloud.url}/cos/${cloudPath}`);
    expect(readFileSync(path.join(t.dataDir, 'storage', 'dir', '测试 a.txt'), 'utf8')).toBe('hello 世界');

    const res = await fetch(encodeURI(result.tempFileURL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('hello 世界');
  });

  test('a deleted file is gone: STORAGE_FILE_NONEXIST at its temp URL request, 404 at the URL', async () => {
    const body = await t.call('files', { path: 'gone/x.png', text: 'png?', remove: true }, 'u');
    expect(body.result.deleted).toEqual([
      { fileID: 'cloud://local.local-bucket/gone/x.png', status: 0, errMsg: 'ok' },
    ]);
    // The SDK turns the per-file STORAGE_FILE_NONEXIST into status -503003.
    expect(body.result.after).toMatchObject({ status: -503003, tempFileURL: '' });
    expect(existsSync(path.join(t.dataDir, 'storage', 'gone', 'x.png'))).toBe(false);
    expect((await fetch(`${t.cloud.url}/cos/gone/x.png`)).status).toBe(404);
  });

  test('a 30 MB file goes up and comes back whole; a body over the platform\'s 100 MB is refused with an answer', async () => {
    const body = await t.call('files', { path: 'big/export.csv', text: '0123456789,', repeat: 3_000_000 }, 'u');
    expect(body.result).toMatchObject({ bytes: 33_000_000 });
    const res = await fetch(`${t.cloud.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(100 * 1024 * 1024 + 1, 0x20),
    });
    expect(await res.text()).toContain('is over 100 MB');
  });

  test('a path that would leave the storage folder is refused', async () => {
    const res = await fetch(`${t.cloud.url}/cos/..%2F..%2Fescape.txt`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(400);
    const body = await t.call('files', { path: '../escape.txt', text: 'x' }, 'u');
    expect(body.errCode).toBe(-1);
    expect(existsSync(path.join(t.dataDir, 'escape.txt'))).toBe(false);
  });
});

describe('openapi.wxacode.getUnlimited', () => {
  test('answers a PNG whose QR code opens the page with the scene', async () => {
    const body = await t.call(
      'qr',
      { params: { scene: 'inv=AB12&x=1', page: 'pages/index/index', checkPath: false } },
      'u',
    );
    expect(body.result.contentType).toBe('image/png');
    expect(scan(body.result.png)).toBe(`pages/index/index?scene=${encodeURIComponent('inv=AB12&x=1')}`);
  });

  test('a scene over 32 characters is refused with errcode 40169', async () => {
    const body = await t.call(
      'qr',
      { params: { scene: 'x'.repeat(33), page: 'pages/index/index', checkPath: false } },
      'u',
    );
    expect(body.result.errCode).toBe(40169);
    const ok = await t.call(
      'qr',
      { params: { scene: 'x'.repeat(32), page: 'pages/index/index', checkPath: false } },
      'u',
    );
    expect(ok.result.contentType).toBe('image/png');
  });

  test.each([['a b'], ['中文'], ['a%20'], ['']])(
    'scene %j has characters the platform refuses',
    async (scene) => {
      const body = await t.call(
        'qr',
        { params: { scene, page: 'pages/index/index', checkPath: false } },
        'u',
      );
      expect(body.result.errCode).toBe(40169);
    },
  );

  test('a function without the openapi permission gets -604101', async () => {
    const body = await t.call(
      'qr-noperm',
      { params: { scene: 'a=1', page: 'pages/index/index', checkPath: false } },
      'u',
    );
    expect(body.result.errCode).toBe(-604101);
  });

  test('with check_path on, the page must be one of app.json', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'localcloud-app-'));
    const appJsonPath = path.join(dir, 'app.json');
    writeFileSync(
      appJsonPath,
      JSON.stringify({ pages: ['pages/index/index'], subpackages: [{ root: 'sub', pages: ['a/a'] }] }),
    );
    const stubHost = { callerOf: () => ({}) } as unknown as FunctionHost;
    const handler = openApi({ host: stubHost, appJsonPath })['wx.openApi'];
    if (!handler) throw new Error('no wx.openApi handler');
    const ask = async (params: Record<string, unknown>) => {
      const reply = await handler({
        action: 'wx.openApi',
        body: { apiName: 'wxacode.getUnlimited' },
        parts: { requestData: encodeOpenApiRequest(params) },
      });
      if (!('raw' in reply)) throw new Error('expected a raw answer');
      expect(reply.raw.contentType).not.toBe('application/json; charset=utf-8');
      return decodeOpenApiResponse(reply.raw.body);
    };
    const missing = await ask({ scene: 'a', page: 'pages/nope/nope' });
    expect(JSON.parse(missing.respData?.toString() ?? '{}').errcode).toBe(41030);
    expect((await ask({ scene: 'a', page: 'sub/a/a' })).contentType).toBe('image/png');
    expect((await ask({ scene: 'a', page: 'pages/nope/nope', check_path: false })).contentType).toBe(
      'image/png',
    );
  });
});
