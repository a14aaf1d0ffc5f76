// app.json names every page the mini-program has, main package and subpackages: each must exist with the four
// files DevTools compiles, and every TDesign tag a page declares must be a component the package ships.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../miniprogram');
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  style?: string;
  tabBar: { list: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] };
};
const pages = [
  ...app.pages,
  ...(app.subPackages ?? []).flatMap((pkg) =>
    pkg.pages.map((page) => `${pkg.root.replace(/\/$/, '')}/${page}`),
  ),
];
const TDESIGN = path.resolve(__dirname, '../../node_modules/tdesign-miniprogram/miniprogram_dist');

test('the merchant pages are a subpackage of their own', () => {
  expect(app.subPackages?.map((pkg) => pkg.root)).toEqual(['pages/admin']);
  expect(app.pages.some((page) => page.startsWith('pages/admin/'))).toBe(false);
});

test.each(pages)('%s has its ts, wxml, wxss and json, and its TDesign tags exist', (page) => {
  for (const ext of ['ts', 'wxml', 'wxss', 'json'])
    expect(fs.existsSync(path.join(ROOT, `${page}.${ext}`))).toBe(true);
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8')) as {
    usingComponents?: Record<string, string>;
  };
  for (const [tag, from] of Object.entries(json.usingComponents ?? {})) {
    const file = from.startsWith('tdesign-miniprogram/')
      ? path.join(TDESIGN, `${from.slice('tdesign-miniprogram/'.length)}.js`)
      : path.join(ROOT, `${from}.ts`);
    expect([tag, fs.existsSync(file)]).toEqual([tag, true]);
  }
});

test('the TDesign the tests read is the one the mini-program ships', () => {
  const manifest = (file: string) =>
    JSON.parse(fs.readFileSync(file, 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
  const shipped = manifest(path.join(ROOT, 'package.json')).dependencies?.['tdesign-miniprogram'];
  expect(
    manifest(path.resolve(__dirname, '../../package.json')).devDependencies?.['tdesign-miniprogram'],
  ).toBe(shipped);
});

test('TDesign renders as designed: no "style": "v2", whose buttons are 184 px wide and WeChat green', () => {
  expect(app.style).toBeUndefined();
});

test.each(app.tabBar.list.map((item) => [item.pagePath, item] as const))(
  'the tab of %s has both icons, 81×81 PNG files in the package',
  (_page, item) => {
    for (const icon of [item.iconPath, item.selectedIconPath]) {
      expect(icon).toMatch(/^images\/tab\/[\w-]+\.png$/);
      const png = fs.readFileSync(path.join(ROOT, icon!));
      // The PNG signature, then the IHDR chunk's width and height.
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([81, 81]);
      // WeChat refuses tab icons over 40 KB.
      expect(png.length).toBeLessThan(40 * 1024);
    }
  },
);
