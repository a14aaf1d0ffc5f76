// The phone around a rendered page: an iPhone-X-sized HTML document with the status bar, WeChat's navigation
// bar (the page's navigationBarTitleText, the capsule, a back arrow off the tab pages) and, on tab pages, the
// tab bar of app.json. The page itself lives in an iframe, so position: fixed, scrolling and `body` styles
// behave as in the phone's webview; base styles stand in for WeChat's built-in components.
import { SCREEN } from './render';

export interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  window?: Record<string, string>;
  /** "v2": WeChat's 2019 component styles (184 px wide green buttons…); absent: the original ones. */
  style?: string;
  tabBar?: {
    color?: string;
    selectedColor?: string;
    backgroundColor?: string;
    borderStyle?: string;
    list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[];
  };
}

export interface FrameInput {
  app: AppJson;
  /** The page's own json (navigationBarTitleText and window overrides). */
  pageJson: Record<string, unknown>;
  page: string;
  title?: string;
  /** The page's DOM and its CSS. */
  html: string;
  css: string;
  /** The tab bar's icon files (app.json paths) as URLs the browser can load (data: URLs). */
  icons?: Record<string, string>;
}

/**
 * The phone's font names (TDesign asks for PingFang SC, Microsoft YaHei, Arial) answered by the Noto Sans CJK
 * that fonts-noto-cjk installs; without this Chromium falls back to a serif for them.
 */
const PHONE_FONTS = ['PingFang SC', 'Microsoft YaHei', 'Arial Regular', 'Arial', 'Helvetica Neue']
  .flatMap((family) => [
    `@font-face { font-family: "${family}"; font-weight: 100 499; src: local("Noto Sans CJK SC"), local("NotoSansCJKsc-Regular"); }`,
    `@font-face { font-family: "${family}"; font-weight: 500 900; src: local("Noto Sans CJK SC Bold"), local("NotoSansCJKsc-Bold"); }`,
  ])
  .join('\n');

/** WeChat's webview styles for built-in components, as far as a still picture needs them. */
export const BASE_CSS = `
${PHONE_FONTS}
html { -webkit-text-size-adjust: none; }
body { margin: 0; font-family: "PingFang SC", sans-serif;
  font-size: 16px; color: #000; background: #fff; -webkit-font-smoothing: antialiased; overflow-x: hidden; }
main, wx-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-navigator, wx-form, wx-rich-text, wx-canvas,
wx-cover-view, wx-movable-area { display: block; }
[hidden] { display: none !important; }
wx-text { white-space: pre-line; }
wx-label { display: inline; }
wx-image { display: inline-block; position: relative; overflow: hidden; width: 320px; height: 240px; }
wx-image > img { display: block; width: 100%; height: 100%; }
wx-image[mode="widthFix"] { height: auto; }
wx-image[mode="widthFix"] > img { height: auto; }
wx-image[mode="heightFix"] { width: auto; }
wx-image[mode="heightFix"] > img { width: auto; }
wx-image > canvas { display: block; width: 100%; height: 100%; }
wx-image[mode="widthFix"] > canvas { height: auto; }
wx-input { display: block; height: 1.4rem; line-height: 1.4rem; min-height: 1.4rem; overflow: hidden;
  text-overflow: clip; white-space: nowrap; }
wx-textarea { display: block; position: relative; width: 300px; height: 150px; overflow: hidden;
  white-space: pre-wrap; word-break: break-all; }
wx-input[value]:not([value=""])::before, wx-textarea[value]:not([value=""])::before { content: attr(value); }
wx-input[password][value]:not([value=""])::before { content: "••••••"; }
wx-input[placeholder]:is(:not([value]), [value=""])::before,
wx-textarea[placeholder]:is(:not([value]), [value=""])::before { content: attr(placeholder); color: #b2b2b2; }
wx-scroll-view { width: 100%; overflow: hidden; }
wx-scroll-view[scroll-x] { overflow-x: hidden; }
wx-swiper { position: relative; height: 150px; overflow: hidden; }
wx-swiper-item { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: hidden; }
wx-swiper-item ~ wx-swiper-item { display: none; }
wx-canvas { width: 300px; height: 150px; }
wx-checkbox, wx-radio { display: inline-block; vertical-align: middle; }
[data-shot-icon]::before { content: none !important; }
[data-shot-icon] > svg { width: 1em; height: 1em; }
`;

/**
 * The built-in components whose look app.json's `"style": "v2"` changes (button, checkbox, radio, switch): the
 * 2019 styles, or the original ones a project gets without it (TDesign asks for the original ones).
 */
export const NATIVE_CSS: Record<'v1' | 'v2', string> = {
  v2: `
wx-button { position: relative; display: block; box-sizing: border-box; width: 184px; margin: 0 auto;
  padding: 8px 24px; font-size: 17px; font-weight: 700; line-height: 1.41176471; text-align: center;
  border-radius: 4px; color: #06ae56; background-color: #f2f2f2; overflow: hidden; }
wx-button::after { content: " "; position: absolute; top: 0; left: 0; width: 200%; height: 200%; box-sizing: border-box;
  border: 1px solid rgba(0,0,0,.2); border-radius: 10px; transform: scale(.5); transform-origin: 0 0; pointer-events: none; }
wx-button[type="primary"] { color: #fff; background-color: #07c160; }
wx-button[type="warn"] { color: #fa5151; background-color: #f2f2f2; }
wx-button[size="mini"] { display: inline-block; width: auto; padding: 0 0.75em; line-height: 2; font-size: 16px; }
wx-button[plain] { background: transparent; border: 1px solid currentColor; }
wx-button[disabled] { opacity: 0.5; }
wx-checkbox::before, wx-radio::before { content: ""; display: inline-block; box-sizing: border-box; width: 22px;
  height: 22px; border: 1px solid #d1d1d1; border-radius: 3px; background: #fff; vertical-align: middle;
  text-align: center; line-height: 20px; font-size: 16px; }
wx-radio::before { border-radius: 50%; }
wx-checkbox[checked]::before, wx-radio[checked]::before { content: "✓"; color: #fff; background: #07c160; border-color: #07c160; }
wx-switch { display: inline-block; position: relative; width: 52px; height: 32px; border-radius: 16px;
  background: #dfdfdf; vertical-align: middle; }
wx-switch::after { content: ""; position: absolute; top: 2px; left: 2px; width: 28px; height: 28px; border-radius: 50%;
  background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.4); }
wx-switch[checked] { background: #07c160; }
wx-switch[checked]::after { left: 22px; }
`,
  v1: `
wx-button { position: relative; display: block; box-sizing: border-box; margin-left: auto; margin-right: auto;
  padding-left: 14px; padding-right: 14px; font-size: 18px; line-height: 2.55555556; text-align: center;
  border-radius: 5px; color: #000; background-color: #f8f8f8; overflow: hidden; }
wx-button::after { content: " "; position: absolute; top: 0; left: 0; width: 200%; height: 200%; box-sizing: border-box;
  border: 1px solid rgba(0,0,0,.2); border-radius: 10px; transform: scale(.5); transform-origin: 0 0; pointer-events: none; }
wx-button[type="primary"] { color: #fff; background-color: #1aad19; }
wx-button[type="warn"] { color: #fff; background-color: #e64340; }
wx-button[size="mini"] { display: inline-block; line-height: 2.3; font-size: 13px; padding: 0 1.34em; }
wx-button[plain] { color: #353535; background: transparent; border: 1px solid #353535; }
wx-button[disabled] { color: rgba(0,0,0,.3); background-color: #f7f7f7; }
wx-checkbox::before, wx-radio::before { content: ""; display: inline-block; box-sizing: border-box; width: 22px;
  height: 22px; border: 1px solid #d1d1d1; border-radius: 3px; background: #fff; vertical-align: middle;
  text-align: center; line-height: 20px; font-size: 16px; }
wx-radio::before { border-radius: 50%; }
wx-checkbox[checked]::before { content: "✓"; color: #09bb07; }
wx-radio[checked]::before { content: "✓"; color: #fff; background: #09bb07; border-color: #09bb07; }
wx-switch { display: inline-block; position: relative; width: 52px; height: 32px; border-radius: 16px;
  background: #dfdfdf; vertical-align: middle; }
wx-switch::after { content: ""; position: absolute; top: 2px; left: 2px; width: 28px; height: 28px; border-radius: 50%;
  background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.4); }
wx-switch[checked] { background: #04be02; }
wx-switch[checked]::after { left: 22px; }
`,
};

/**
 * What components measure with SelectorQuery (jsdom has no layout, so they measure zeros), done here once the
 * browser has laid the page out: t-tabs' underline, placed under the active tab as TDesign's setTrack does.
 * Then what the renderer's recording canvas captured, drawn for real.
 */
const LAYOUT_SHIMS = `
for (const track of document.querySelectorAll('[class*="t-tabs__track"]')) {
  const nav = track.parentElement;
  const active = nav && nav.querySelector('[class*="t-tabs__item--active"]');
  if (!active) continue;
  const left = active.offsetLeft + (active.offsetWidth - track.offsetWidth) / 2;
  track.style.transform = 'translateX(' + left + 'px)';
  track.style.opacity = '1';
}
// Canvases the page drew (recorded by the renderer) replayed here; the camera waits for __shotsReady.
window.__shotsReady = (async () => {
  for (const canvas of document.querySelectorAll('canvas[data-shot-canvas]')) {
    const ops = JSON.parse(canvas.getAttribute('data-shot-canvas'));
    const sources = new Set();
    for (const op of ops) for (const a of op[0] === 'call' ? op[2] : op[0] === 'set' ? [op[2]] : []) if (a && a.image) sources.add(a.image);
    const images = {};
    await Promise.all([...sources].map((src) => new Promise((done) => {
      const image = new Image();
      image.onload = () => { images[src] = image; done(); };
      image.onerror = () => done();
      image.src = src;
    })));
    const ctx = canvas.getContext('2d');
    const gradients = {};
    const value = (a) => (a && a.image ? images[a.image] : a && a.gradient !== undefined ? gradients[a.gradient] : a);
    for (const op of ops) {
      if (op[0] === 'set') ctx[op[1]] = value(op[2]);
      else if (op[0] === 'gradient') gradients[op[1]] = ctx[op[2]](...op[3]);
      else if (op[0] === 'stop') gradients[op[1]].addColorStop(...op[2]);
      else {
        const args = op[2].map(value);
        if (op[1] === 'drawImage' && !args[0]) continue;
        ctx[op[1]](...args);
      }
    }
  }
})();`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const STATUS_ICONS = `<svg width="68" height="12" viewBox="0 0 68 12" fill="currentColor">
<rect x="0" y="8" width="3" height="4" rx="1"/><rect x="5" y="6" width="3" height="6" rx="1"/>
<rect x="10" y="3" width="3" height="9" rx="1"/><rect x="15" y="0" width="3" height="12" rx="1"/>
<path d="M30 3.2a9.6 9.6 0 0 1 12 0l-1.3 1.4a7.7 7.7 0 0 0-9.4 0zM32.3 5.8a6 6 0 0 1 7.4 0L38.4 7.2a4 4 0 0 0-4.8 0zM34.5 8.4a2.4 2.4 0 0 1 3 0L36 10z"/>
<rect x="44.5" y="0.5" width="21" height="11" rx="3" fill="none" stroke="currentColor" opacity=".4"/>
<rect x="46" y="2" width="18" height="8" rx="1.8"/><rect x="66.3" y="4" width="1.5" height="4" rx=".7" opacity=".4"/></svg>`;

const CAPSULE = `<div class="capsule"><svg width="22" height="8" viewBox="0 0 22 8" fill="currentColor">
<circle cx="3" cy="4" r="2.2"/><circle cx="11" cy="4" r="3"/><circle cx="19" cy="4" r="2.2"/></svg><i></i>
<svg width="18" height="18" viewBox="0 0 18 18" fill="none" stroke="currentColor" stroke-width="1.6">
<circle cx="9" cy="9" r="7.2"/><circle cx="9" cy="9" r="2.6" fill="currentColor" stroke="none"/></svg></div>`;

const BACK = `<svg class="back" width="12" height="20" viewBox="0 0 12 20" fill="none" stroke="currentColor"
stroke-width="2.2"><path d="M10 2L2 10l8 8"/></svg>`;

export function isTabPage(app: AppJson, page: string): boolean {
  return (app.tabBar?.list ?? []).some((item) => item.pagePath === page);
}

/** The whole phone as one HTML document (the page in an iframe's srcdoc). */
export function frameHtml(input: FrameInput): string {
  const { app, page } = input;
  const window = { ...(app.window ?? {}), ...(input.pageJson as Record<string, string>) };
  const title = input.title ?? window.navigationBarTitleText ?? '';
  const navBg = window.navigationBarBackgroundColor ?? '#000000';
  const navFg = window.navigationBarTextStyle === 'white' ? '#ffffff' : '#000000';
  const tab = isTabPage(app, page);
  const first = app.pages[0] === page;
  const top = SCREEN.statusBar + SCREEN.navBar;
  const bottom = tab ? SCREEN.tabBar + SCREEN.homeIndicator : 0;
  const safeBottom = tab ? '0px' : `${SCREEN.homeIndicator}px`;
  const css = input.css.replace(/(?:env|constant)\(\s*safe-area-inset-bottom\s*\)/g, safeBottom);
  const native = NATIVE_CSS[app.style === 'v2' ? 'v2' : 'v1'];
  const pageDoc = `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}${native}</style><style>${css}</style></head><body>${input.html}<script>${LAYOUT_SHIMS}</script></body></html>`;
  const bar = app.tabBar;
  const tabBar = tab
    ? `<nav class="tabbar" style="background:${bar?.backgroundColor ?? '#fff'}">${(bar?.list ?? [])
        .map((item) => {
          const on = item.pagePath === page;
          const icon = input.icons?.[(on ? item.selectedIconPath : item.iconPath) ?? ''];
          const color = on ? (bar?.selectedColor ?? '#07c160') : (bar?.color ?? '#666');
          return `<span${icon ? ' class="icon"' : ''} style="color:${color}">${icon ? `<img src="${icon}" alt="">` : ''}${escapeHtml(item.text)}</span>`;
        })
        .join('')}</nav>`
    : '';
  return `<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; width: ${SCREEN.width}px; height: ${SCREEN.height}px; overflow: hidden;
  font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; background: ${window.backgroundColor ?? '#fff'}; }
.status { position: absolute; top: 0; left: 0; right: 0; height: ${SCREEN.statusBar}px; display: flex; align-items: center;
  justify-content: space-between; padding: 4px 20px 0 32px; box-sizing: border-box; font-size: 15px; font-weight: 600;
  background: ${navBg}; color: ${navFg}; z-index: 3; }
.nav { position: absolute; top: ${SCREEN.statusBar}px; left: 0; right: 0; height: ${SCREEN.navBar}px; display: flex;
  align-items: center; justify-content: center; background: ${navBg}; color: ${navFg}; z-index: 3; }
.nav .title { font-size: 17px; font-weight: 600; max-width: 200px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.nav .back { position: absolute; left: 14px; top: 12px; }
.capsule { position: absolute; right: 7px; top: 6px; width: 87px; height: 32px; box-sizing: border-box; border-radius: 16px;
  border: 0.5px solid rgba(0,0,0,.12); background: rgba(255,255,255,.6); display: flex; align-items: center;
  justify-content: space-around; padding: 0 8px; }
.capsule i { width: 0.5px; height: 18px; background: rgba(0,0,0,.2); }
iframe { position: absolute; top: ${top}px; left: 0; width: ${SCREEN.width}px; height: ${SCREEN.height - top - bottom}px;
  border: 0; display: block; background: #fff; }
.tabbar { position: absolute; left: 0; right: 0; bottom: 0; height: ${SCREEN.tabBar + SCREEN.homeIndicator}px;
  box-sizing: border-box; padding-bottom: ${SCREEN.homeIndicator}px; display: flex; align-items: center;
  border-top: 0.5px solid rgba(0,0,0,.15); z-index: 3; }
.tabbar span { flex: 1; display: flex; flex-direction: column; align-items: center; text-align: center; font-size: 14px; }
.tabbar span.icon { font-size: 10px; line-height: 14px; }
.tabbar img { width: 24px; height: 24px; margin-bottom: 2px; }
.home { position: absolute; bottom: 8px; left: 50%; width: 134px; height: 5px; margin-left: -67px; border-radius: 3px;
  background: #000; z-index: 4; }
</style></head><body>
<div class="status"><span>9:41</span>${STATUS_ICONS}</div>
<div class="nav">${tab || first ? '' : BACK}<span class="title">${escapeHtml(title)}</span>${CAPSULE}</div>
<iframe id="page" srcdoc="${escapeHtml(pageDoc)}"></iframe>
${tabBar}
<div class="home"></div>
</body></html>`;
}
