// `npm run shots`: plays the story (scenario.ts) through the real cloud functions on a fresh local cloud, renders
// each page state of shots.ts with miniprogram-simulate (wcc templates, real TDesign, wcsc styles), frames it as a
// phone and photographs it with Chromium into docs/screenshots/<page>--<state>.png. See docs/SCREENSHOTS.md.
//   npm run shots                      every shot
//   npm run shots -- --only distributor  shots whose file name contains "distributor"
//   npm run shots -- --html            also keep each framed page as .html beside the PNG in a temp folder
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCamera } from './browser';
import { buildApp, REPO_ROOT } from './build';
import { startShotsCloud } from './cloud';
import { AppJson, frameHtml } from './frame';
import { Renderer } from './render';
import { OPENIDS, playStory, Role } from './scenario';
import { SHOTS } from './shots';
import { fromStory, Shot, shotFile } from './types';
import { componentCss } from './wxss';

export const OUT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function openidOf(as: Shot['as']): string {
  return typeof as === 'string' ? OPENIDS[as as Role] : as.openid;
}

/** app.json's pages and subpackage pages: every shot must name one of them. */
function appPages(app: AppJson): string[] {
  return [
    ...app.pages,
    ...(app.subPackages ?? []).flatMap((sub) => sub.pages.map((p) => `${sub.root}/${p}`)),
  ];
}

/** app.json's tab bar icons as data: URLs (the framed page has no file system to load them from). */
function tabIcons(app: AppJson, root: string): Record<string, string> {
  const icons: Record<string, string> = {};
  for (const item of app.tabBar?.list ?? []) {
    for (const file of [item.iconPath, item.selectedIconPath]) {
      const full = file ? path.join(root, file) : '';
      if (file && fs.existsSync(full))
        icons[file] = `data:image/png;base64,${fs.readFileSync(full).toString('base64')}`;
    }
  }
  return icons;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      html: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const started = performance.now();
  const outDir = values.out ? path.resolve(values.out) : OUT_DIR;
  const shots = SHOTS.filter((shot) => !values.only || shotFile(shot).includes(values.only));
  const app = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'miniprogram', 'app.json'), 'utf8')) as AppJson;
  const known = appPages(app);
  const unknown = shots.filter((shot) => !known.includes(shot.page)).map((shot) => shot.page);
  if (unknown.length > 0) throw new Error(`not in app.json: ${unknown.join(', ')}`);
  const names = shots.map(shotFile);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new Error(`two shots would write ${duplicate}.png: give one another state name`);

  const camera = await openCamera(); // first: fails fast when Chromium is not installed
  const cloud = await startShotsCloud();
  const built = buildApp();
  const htmlDir = values.html ? fs.mkdtempSync(path.join(os.tmpdir(), 'shots-html-')) : undefined;
  let failures = 0;
  try {
    console.log(
      `local cloud at ${cloud.url}, app built in ${built.root} (${seconds(performance.now() - started)})`,
    );
    const story = await playStory(cloud);
    console.log(`story played (${seconds(performance.now() - started)})`);
    const renderer = new Renderer(built.root, cloud.url);
    const icons = tabIcons(app, built.root);
    fs.mkdirSync(outDir, { recursive: true });
    for (const shot of shots) {
      const name = shotFile(shot);
      const t0 = performance.now();
      try {
        await shot.setup?.({ cloud, story, openid: (role) => OPENIDS[role] });
        const result = await renderer.render({
          page: shot.page,
          query: fromStory(shot.query, story, {}),
          openid: openidOf(shot.as),
          storage: fromStory(shot.storage, story, {}),
          clockOffsetMs: await cloud.clockOffsetMs(),
          calls: (shot.calls ?? []).map((call) => ({
            target: call.target,
            method: call.method,
            args: fromStory(call.args, story, []),
          })),
        });
        const seen = new Set<string>();
        const css = [
          // app.wxss styles every page; components get their own, each with its class prefix.
          {
            file: 'app.wxss',
            prefix: result.styles.find((s) => s.file === `${shot.page}.wxss`)?.prefix ?? 'main',
          },
          ...result.styles,
        ]
          .filter((s) => {
            const key = `${s.file}:${s.prefix}`;
            return fs.existsSync(path.join(built.root, s.file)) && !seen.has(key) && seen.add(key);
          })
          .map((s) => `/* ${s.file} */\n${componentCss(built.root, s.file, s.prefix, 'body')}`)
          .join('\n');
        const pageJson = JSON.parse(
          fs.readFileSync(path.join(built.root, `${shot.page}.json`), 'utf8'),
        ) as Record<string, unknown>;
        const html = frameHtml({
          app,
          pageJson,
          page: shot.page,
          title: result.title,
          html: result.html,
          css,
          icons,
        });
        if (htmlDir) fs.writeFileSync(path.join(htmlDir, `${name}.html`), html);
        await camera.shoot(html, path.join(outDir, `${name}.png`), shot.scrollTop);
        console.log(
          `✓ ${name}.png (${seconds(performance.now() - t0)})${shot.note ? ` — ${shot.note}` : ''}`,
        );
        for (const line of result.log) console.log(`    ${line}`);
      } catch (error) {
        failures++;
        console.error(
          `✗ ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    }
  } finally {
    await camera.close();
    await cloud.stop();
    built.dispose();
  }
  if (htmlDir) console.log(`framed HTML kept in ${htmlDir}`);
  console.log(
    `${shots.length - failures} of ${shots.length} screenshots written to ${path.relative(REPO_ROOT, outDir) || '.'} in ${seconds(performance.now() - started)}`,
  );
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
