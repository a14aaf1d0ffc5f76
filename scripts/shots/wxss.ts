// A component's WXSS as the phone's webview gets it: compiled by WeChat's wcsc (imports inlined), class names
// given the component's isolation prefix (the same `<tag>--` that miniprogram-simulate's j-component writes
// into the DOM), rpx turned into px for a 375 px wide screen, and `page` (wcsc writes `body`) aimed at the
// frame's page element.
import { runCompiler } from '../tooling/wx-compilers';
import { wxssWithImports } from '../tooling/wx-compile';

export const SCREEN_WIDTH_PX = 375;

/** rpx → px as the base library does on a 375 px, DPR 2 iPhone: floor, and a hairline never below 0.5 px. */
export function rpxToPx(rpx: number): number {
  if (rpx === 0) return 0;
  const px = Math.floor((rpx / 750) * SCREEN_WIDTH_PX + 1e-4);
  if (px === 0) return rpx > 0 ? 0.5 : -0.5;
  return px;
}

/** Inline styles too (j-component turns 1rpx into 1px there). */
export function rpxInStyle(style: string): string {
  return style.replace(/(-?\d*\.?\d+)rpx/gi, (_all, n: string) => `${rpxToPx(Number(n))}px`);
}

const compiled = new Map<string, string>();

/** wcsc's plain output for one file of `root` (relative path), with %%HERESUFFIX%% and %%?Nrpx?%% markers. */
function wcscPlain(root: string, rel: string): string {
  const key = `${root}:${rel}`;
  let css = compiled.get(key);
  if (css === undefined) {
    const run = runCompiler('wcsc', wxssWithImports(root, rel), root);
    if (!run.ok) throw new Error(`wcsc refuses ${rel}: ${run.stderr.trim()}`);
    css = run.stdout;
    compiled.set(key, css);
  }
  return css;
}

/** The CSS of one WXSS file for a component whose classes carry `prefix--` (empty prefix: none). */
export function componentCss(root: string, rel: string, prefix: string, pageSelector: string): string {
  return wcscPlain(root, rel)
    .replace(/%%HERESUFFIX%%/g, prefix ? `${prefix}--` : '')
    .replace(/%%\?(-?\d*\.?\d+)rpx\?%%/g, (_all, n: string) => `${rpxToPx(Number(n))}px`)
    .replace(/(^|[\s,>+~}])body(?=[\s,.:#[{>+~]|$)/gm, `$1${pageSelector}`);
}
