// The tab bar's icons (app.json tabBar iconPath / selectedIconPath): TDesign's own outline and filled SVGs from
// tdesign-icons-svg, drawn by Chromium at WeChat's recommended 81×81 px in the tab bar's two colours, written to
// miniprogram/images/tab/ (committed: the mini-program needs real PNG files). Run after changing an icon or a
// colour:  npx tsx scripts/shots/tab-icons.ts   (needs Chromium, like npm run shots).
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, findChromium } from './browser';
import { MINIPROGRAM_SRC } from './build';

/** The file stem under images/tab/ → the TDesign icon drawn for it (outline when idle, filled when selected). */
export const TAB_ICONS: Record<string, { idle: string; selected: string }> = {
  home: { idle: 'home', selected: 'home-filled' },
  orders: { idle: 'bill', selected: 'bill-filled' },
  me: { idle: 'user', selected: 'user-filled' },
};

export const TAB_ICON_SIZE = 81;
const OUT_DIR = path.join(MINIPROGRAM_SRC, 'images', 'tab');

function svgOf(name: string, color: string): string {
  const file = path.join(
    path.dirname(require.resolve('tdesign-icons-svg/package.json')),
    'src',
    `${name}.svg`,
  );
  return fs
    .readFileSync(file, 'utf8')
    .replace('view-box=', 'viewBox=')
    .replace(/currentColor/g, color)
    .replace(/width="1em" height="1em"/, `width="${TAB_ICON_SIZE}" height="${TAB_ICON_SIZE}"`);
}

async function main(): Promise<void> {
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_SRC, 'app.json'), 'utf8')) as {
    tabBar: { color: string; selectedColor: string };
  };
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium on the PATH (see docs/SCREENSHOTS.md)');
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: TAB_ICON_SIZE, height: TAB_ICON_SIZE, deviceScaleFactor: 1 });
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const [stem, icon] of Object.entries(TAB_ICONS)) {
      for (const [suffix, name, color] of [
        ['', icon.idle, app.tabBar.color],
        ['-active', icon.selected, app.tabBar.selectedColor],
      ] as const) {
        // 6 px of air around the glyph, as WeChat's own tab icons have.
        await page.setContent(
          `<html><body style="margin:0;background:transparent"><div style="padding:6px">${svgOf(
            name,
            color,
          ).replace(
            `width="${TAB_ICON_SIZE}" height="${TAB_ICON_SIZE}"`,
            `width="${TAB_ICON_SIZE - 12}" height="${TAB_ICON_SIZE - 12}"`,
          )}</div></body></html>`,
        );
        const file = path.join(OUT_DIR, `${stem}${suffix}.png`);
        await page.screenshot({ path: file as `${string}.png`, omitBackground: true, type: 'png' });
        console.log(`${path.relative(process.cwd(), file)} ← ${name} ${color}`);
      }
    }
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
