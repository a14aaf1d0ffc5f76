// Debian's chromium through puppeteer-core (no browser download): a fresh profile, no network but loopback,
// remote images answered with a drawn placeholder, and one 375×812 @2x PNG per page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { Browser, HTTPRequest, Page } from 'puppeteer-core';

/** CHROMIUM_PATH, else `chromium` (Debian's package) or `chromium-browser` found on the PATH. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const file = path.join(dir, name);
      if (dir && fs.existsSync(file)) return file;
    }
  }
  return undefined;
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Camera {
  /** Loads the document, optionally scrolls the page iframe, and writes the PNG. */
  shoot(html: string, file: string, scrollTop?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * placehold.co-style URLs (the demo products' images, the story's banners) as an SVG with their size, text and,
 * as placehold.co reads them, the background and text colours after the size: /750x300/0052d9/ffffff/png.
 */
function placeholderSvg(url: URL): string {
  const size = /\/(\d+)x(\d+)(?:\/([0-9a-f]{3,6}))?(?:\/([0-9a-f]{3,6}))?/i.exec(url.pathname);
  const width = Number(size?.[1] ?? 600);
  const height = Number(size?.[2] ?? 600);
  const background = size?.[3] ? `#${size[3]}` : '#dddddd';
  const color = size?.[4] ? `#${size[4]}` : '#999999';
  const text = (url.searchParams.get('text') ?? `${width}×${height}`).replace(/[<&>]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="${background}"/><text x="50%" y="50%" font-family="sans-serif" font-size="${Math.round(width / 10)}"
fill="${color}" text-anchor="middle" dominant-baseline="middle">${text}</text></svg>`;
}

function route(request: HTTPRequest): void {
  const url = new URL(request.url());
  if (url.protocol === 'data:' || url.protocol === 'about:' || url.href.startsWith('about:')) {
    void request.continue();
  } else if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') {
    void request.continue(); // the local cloud's storage (mini-program codes, uploaded images)
  } else if (request.resourceType() === 'image') {
    void request.respond({ status: 200, contentType: 'image/svg+xml', body: placeholderSvg(url) });
  } else {
    void request.abort(); // fonts and scripts from CDNs: there is no network here
  }
}

export async function openCamera(): Promise<Camera> {
  const chromium = findChromium();
  if (!chromium || !fs.existsSync(chromium)) {
    throw new Error(
      'no Chromium on the PATH: apt-get install -y chromium fonts-noto-cjk (see docs/SCREENSHOTS.md), or set CHROMIUM_PATH',
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'shots-chromium-'));
  const browser: Browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
  });
  const page: Page = await browser.newPage();
  await page.setViewport({ width: 375, height: 812, deviceScaleFactor: 2 });
  await page.setRequestInterception(true);
  page.on('request', route);
  return {
    shoot: async (html, file, scrollTop = 0) => {
      await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
      await page.evaluate(async (top: number) => {
        const frame = (globalThis as any).document.getElementById('page');
        const win = frame.contentWindow;
        await Promise.all([
          (globalThis as any).document.fonts.ready,
          win.document.fonts.ready,
          win.__shotsReady,
        ]);
        if (top) win.scrollTo(0, top);
      }, scrollTop);
      await page.screenshot({ path: file as `${string}.png`, type: 'png' });
    },
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
