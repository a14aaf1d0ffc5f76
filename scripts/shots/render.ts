// Renders a page of the built mini-program to HTML: miniprogram-simulate (j-component + exparser) in a jsdom,
// templates compiled by WeChat's wcc, the real TDesign components, and `wx` answering like a 375×812 phone whose
// wx.request reaches the local cloud. What comes out is the page's DOM (icons and images made drawable) and the
// list of (WXSS file, class prefix) pairs its components need, for the frame to style.
import fs from 'node:fs';
import path from 'node:path';
import { postJson } from './cloud';
import { rpxInStyle } from './wxss';

/* eslint-disable @typescript-eslint/no-require-imports */

/** The few DOM shapes used here (the scripts' TypeScript program has no DOM lib). */
interface El {
  tagName: string;
  className: string;
  outerHTML: string;
  innerHTML: string;
  style: Record<string, string>;
  children: ArrayLike<El>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelectorAll(selector: string): ArrayLike<El>;
  appendChild(child: El): El;
  cloneNode(deep: boolean): El;
}
interface Doc {
  createElement(tag: string): El;
}

interface SimComponent {
  dom: El;
  instance: Record<string, unknown> & { data: Record<string, unknown> };
  attach(parent: El): void;
  detach(): void;
}
interface Simulate {
  load(componentPath: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimComponent;
}

export interface RenderRequest {
  /** Page path as in app.json, e.g. 'pages/shop/home/index'. */
  page: string;
  query: Record<string, string>;
  openid: string;
  storage: Record<string, unknown>;
  calls: { method: string; args: unknown[]; target?: string }[];
  /** The phone's clock, this far ahead of real time: the local cloud's virtual clock. */
  clockOffsetMs: number;
}

export interface RenderResult {
  html: string;
  /** WXSS files (relative to the built root) with the class prefix their component uses in the DOM. */
  styles: { file: string; prefix: string }[];
  /** The last title wx.setNavigationBarTitle set, if any. */
  title?: string;
  /** What the page did that a screenshot cannot show: toasts, modals, navigation, failed requests. */
  log: string[];
  data: Record<string, unknown>;
}

export const SCREEN = { width: 375, height: 812, statusBar: 44, navBar: 44, tabBar: 49, homeIndicator: 34 };

/**
 * Built-in components whose attributes matter to a picture. simulate registers them with no properties, so
 * j-component drops src, placeholder, size…; these re-registrations reflect them onto the DOM element.
 */
const BUILTIN_PROPS: Record<string, string[]> = {
  view: [],
  text: ['space', 'decode', 'userSelect'],
  image: ['src', 'mode', 'lazyLoad', 'showMenuByLongpress'],
  input: ['value', 'placeholder', 'type', 'password', 'disabled', 'maxlength', 'focus'],
  textarea: ['value', 'placeholder', 'disabled', 'maxlength', 'autoHeight'],
  button: ['size', 'type', 'plain', 'disabled', 'loading', 'openType'],
  canvas: ['type', 'canvasId'],
  'scroll-view': ['scrollX', 'scrollY', 'scrollTop', 'scrollLeft', 'enhanced', 'showScrollbar'],
  swiper: ['current', 'indicatorDots', 'autoplay', 'circular', 'vertical'],
  'swiper-item': [],
  switch: ['checked', 'disabled', 'color', 'type'],
  radio: ['checked', 'value', 'disabled', 'color'],
  checkbox: ['checked', 'value', 'disabled', 'color'],
  icon: ['type', 'size', 'color'],
  progress: ['percent', 'activeColor', 'backgroundColor', 'strokeWidth', 'showInfo'],
  navigator: ['url', 'openType'],
  label: ['for'],
  'rich-text': ['nodes'],
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function reflect(el: El | undefined, name: string, value: unknown): void {
  if (!el) return;
  if (name === 'nodes') {
    if (typeof value === 'string') el.innerHTML = value;
    return;
  }
  if (value === null || value === undefined || value === false || value === 'false') el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
  if (name === 'hidden') {
    if (value && value !== 'false') el.style.display = 'none';
    else el.style.display = '';
  }
}

/** tdesign-icons-svg's file for an icon name, made valid inline SVG (it spells viewBox as view-box). */
function iconSvg(name: string): string | undefined {
  const file = path.join(
    path.dirname(require.resolve('tdesign-icons-svg/package.json')),
    'src',
    `${name}.svg`,
  );
  if (!fs.existsSync(file)) return undefined;
  return fs
    .readFileSync(file, 'utf8')
    .replace('view-box=', 'viewBox=')
    .replace(/\s(?:id|class)="[^"]*"/g, '')
    .replace('<svg ', '<svg style="display:block" ');
}

const IMAGE_FIT: Record<string, string> = {
  scaleToFill: 'fill',
  aspectFit: 'contain',
  aspectFill: 'cover',
  widthFix: 'fill',
  heightFix: 'fill',
};

/** One recorded step of a 2D context: a property set, a method call, or a gradient being built. */
export type CanvasOp =
  | ['set', string, unknown]
  | ['call', string, unknown[]]
  | ['gradient', number, string, unknown[]]
  | ['stop', number, unknown[]];

const CANVAS_METHODS = new Set(
  (
    'arc arcTo beginPath bezierCurveTo clearRect clip closePath drawImage ellipse fill fillRect fillText lineTo ' +
    'moveTo quadraticCurveTo rect resetTransform restore rotate roundRect save scale setLineDash setTransform ' +
    'stroke strokeRect strokeText transform translate'
  ).split(' '),
);

/**
 * A type="2d" canvas for jsdom, which has none: it records what the page draws, and the frame replays the record
 * on a real canvas in Chromium (wx.canvasToTempFilePath answers a shots-canvas:// path the renderer swaps in).
 */
class RecordingCanvas {
  width = 300;
  height = 150;
  readonly ops: CanvasOp[] = [];
  private gradients = 0;
  private readonly context: Record<string, unknown>;

  constructor() {
    const values: Record<string, unknown> = {};
    const arg = (value: unknown): unknown => {
      if (value && typeof value === 'object') {
        const v = value as { __image?: string; __gradient?: number };
        if (v.__image !== undefined) return { image: v.__image };
        if (v.__gradient !== undefined) return { gradient: v.__gradient };
      }
      return value;
    };
    this.context = new Proxy(values, {
      get: (target, prop: string) => {
        if (CANVAS_METHODS.has(prop))
          return (...args: unknown[]) => void this.ops.push(['call', prop, args.map(arg)]);
        if (/^create(Linear|Radial|Conic)Gradient$/.test(prop))
          return (...args: unknown[]) => {
            const id = this.gradients++;
            this.ops.push(['gradient', id, prop, args]);
            return {
              __gradient: id,
              addColorStop: (...stop: unknown[]) => void this.ops.push(['stop', id, stop]),
            };
          };
        if (prop === 'measureText')
          return (text: string) => ({
            width: String(text).length * (Number(/(\d+)px/.exec(String(target.font))?.[1]) || 10),
          });
        return target[prop];
      },
      set: (target, prop: string, value: unknown) => {
        target[prop] = value;
        this.ops.push(['set', prop, arg(value)]);
        return true;
      },
    });
  }

  getContext(): Record<string, unknown> {
    return this.context;
  }

  createImage(): Record<string, unknown> {
    const image: Record<string, unknown> = { width: 0, height: 0, onload: null, onerror: null };
    Object.defineProperty(image, 'src', {
      get: () => image.__image ?? '',
      set: (src: string) => {
        image.__image = src;
        setTimeout(() => (image.onload as (() => void) | null)?.(), 0);
      },
    });
    return image;
  }

  requestAnimationFrame(callback: () => void): number {
    return setTimeout(callback, 0) as unknown as number;
  }
}

export class Renderer {
  private readonly simulate: Simulate;
  private readonly document: Doc;
  private readonly styles: { file: string; prefix: string }[] = [];
  private inFlight = 0;
  private lastActivity = performance.now();
  private storage = new Map<string, unknown>();
  private log: string[] = [];
  private title: string | undefined;
  private readonly canvases: RecordingCanvas[] = [];
  private clockOffsetMs = 0;

  constructor(
    private readonly root: string,
    private readonly cloudUrl: string,
  ) {
    const { JSDOM } = require('jsdom') as {
      JSDOM: new (html: string, options: object) => { window: Record<string, unknown> & { document: Doc } };
    };
    const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
      pretendToBeVisual: true,
      url: 'https://servicewechat.com/shots/page-frame.html',
    });
    const g = globalThis as unknown as Record<string, unknown>;
    const w = dom.window;
    g.window = w;
    for (const key of Object.getOwnPropertyNames(w)) {
      if (key in g || /^on/.test(key)) continue;
      try {
        g[key] = w[key];
      } catch {
        // a getter jsdom does not allow detached: not needed by the simulator
      }
    }
    for (const key of [
      'document',
      'navigator',
      'getComputedStyle',
      'Event',
      'CustomEvent',
      'Node',
      'Element',
    ])
      g[key] = w[key];
    this.document = w.document;
    // The phone's clock follows the local cloud's virtual clock (pages compute "last 7 days" from it).
    const RealDate = Date;
    const now = () => RealDate.now() + this.clockOffsetMs;
    g.Date = new Proxy(RealDate, {
      construct: (target, args: unknown[], newTarget) =>
        Reflect.construct(target, args.length > 0 ? args : [now()], newTarget) as object,
      apply: () => new RealDate(now()).toString(),
      get: (target, prop, receiver) => (prop === 'now' ? now : Reflect.get(target, prop, receiver)),
    });
    g.getApp = () => ({ globalData: { entered: Promise.resolve(null) } });
    g.getCurrentPages = () => [];

    this.simulate = require('miniprogram-simulate') as Simulate;
    this.patchSimulator();
    this.installWx();
  }

  /** Records which WXSS each loaded component uses (and with what class prefix) instead of simulate's own CSS. */
  private patchSimulator(): void {
    const wxss = require('miniprogram-simulate/src/wxss.js') as {
      getContent(file: string): string;
      compile(content: string, options: { prefix?: string }): string;
      insert(): void;
    };
    let last = '';
    const getContent = wxss.getContent;
    wxss.getContent = (file) => {
      last = file;
      return getContent(file);
    };
    wxss.compile = (_content, options) => {
      const file = path.relative(this.root, last).split(path.sep).join('/');
      if (fs.existsSync(last)) this.styles.push({ file, prefix: options.prefix ?? '' });
      return '';
    };
    wxss.insert = () => undefined;
    const utils = require('j-component/src/tool/utils.js') as { transformRpx(style: string): string };
    utils.transformRpx = rpxInStyle;
    // SelectorQuery's fields({ node: true }) on a <canvas type="2d">: a recording canvas (jsdom draws nothing).
    const SelectorQuery = require('j-component/src/tool/selectorquery.js') as {
      prototype: { exec(callback?: (res: unknown[]) => void): unknown; _queue: QueueItem[] };
    };
    type QueueItem = {
      selector: string;
      isSelectSingle: boolean;
      fields: { node?: boolean };
      exparserNode: {
        shadowRoot: { querySelector(s: string): { $$?: El; __shotsCanvas?: RecordingCanvas } | null };
      };
    };
    const exec = SelectorQuery.prototype.exec;
    const canvases = this.canvases;
    SelectorQuery.prototype.exec = function (this: { _queue: QueueItem[] }, callback) {
      const queue = [...this._queue];
      return exec.call(this, (res: unknown[]) => {
        queue.forEach((item, i) => {
          if (!item.fields.node || !item.isSelectSingle || !item.exparserNode || !res[i]) return;
          const node = item.exparserNode.shadowRoot.querySelector(item.selector);
          if (node?.$$?.tagName !== 'WX-CANVAS') return;
          if (!node.__shotsCanvas) canvases.push((node.__shotsCanvas = new RecordingCanvas()));
          (res[i] as { node?: RecordingCanvas }).node = node.__shotsCanvas;
        });
        callback?.(res);
      });
    };
    const jComponent = require('j-component') as { register(definition: object): string };
    for (const [name, props] of Object.entries(BUILTIN_PROPS)) {
      const properties: Record<string, object> = {};
      for (const prop of [...props, 'hidden']) {
        properties[prop] = {
          type: null,
          value: null,
          observer(this: { $$?: El }, value: unknown) {
            reflect(this.$$, kebab(prop), value);
          },
        };
      }
      jComponent.register({ id: name, tagName: `wx-${name}`, template: '<slot/>', properties });
    }
  }

  private installWx(): void {
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
    const window = {
      pixelRatio: 2,
      screenWidth: SCREEN.width,
      screenHeight: SCREEN.height,
      windowWidth: SCREEN.width,
      windowHeight: SCREEN.height - SCREEN.statusBar - SCREEN.navBar,
      statusBarHeight: SCREEN.statusBar,
      safeArea: {
        left: 0,
        right: SCREEN.width,
        top: SCREEN.statusBar,
        bottom: SCREEN.height - SCREEN.homeIndicator,
        width: SCREEN.width,
        height: SCREEN.height - SCREEN.statusBar - SCREEN.homeIndicator,
      },
      screenTop: SCREEN.statusBar + SCREEN.navBar,
    };
    /** A wx API in both styles: callbacks and a promise. */
    const api =
      (fn: (options: Record<string, any>) => unknown) =>
      (options: Record<string, any> = {}): Promise<unknown> => {
        return Promise.resolve()
          .then(() => fn(options))
          .then(
            (res) => {
              options.success?.(res);
              options.complete?.(res);
              return res;
            },
            (error: unknown) => {
              options.fail?.(error);
              options.complete?.(error);
              if (options.fail || options.success || options.complete) return undefined;
              throw error;
            },
          );
      };
    const record = (what: string) => api((o) => void this.log.push(`${what} ${JSON.stringify(o)}`));
    Object.assign(wx, {
      getWindowInfo: () => window,
      getSystemInfoSync: () => ({ ...window, platform: 'ios', system: 'iOS 17.0', SDKVersion: '3.8.3' }),
      getDeviceInfo: () => ({ platform: 'ios', system: 'iOS 17.0', pixelRatio: 2, model: 'iPhone X' }),
      getAppBaseInfo: () => ({ SDKVersion: '3.8.3', theme: 'light', language: 'zh_CN' }),
      getMenuButtonBoundingClientRect: () => ({
        width: 87,
        height: 32,
        top: 48,
        right: 368,
        bottom: 80,
        left: 281,
      }),
      canIUse: () => true,
      request: (options: Record<string, any>) => {
        this.inFlight++;
        this.lastActivity = performance.now();
        postJson(options.url, options.data, options.header)
          .then(
            (res) => {
              const result = (res.data as { result?: { ok?: boolean; error?: unknown } }).result;
              if (result && result.ok === false)
                this.log.push(`answer ${options.url}: ${JSON.stringify(result.error)}`);
              options.success?.(res);
            },
            (error: unknown) => {
              this.log.push(`request failed ${options.url}: ${JSON.stringify(error)}`);
              options.fail?.(error);
            },
          )
          .finally(() => {
            this.inFlight--;
            this.lastActivity = performance.now();
          });
        return { abort: () => undefined };
      },
      getStorageSync: (key: string) => (this.storage.has(key) ? this.storage.get(key) : ''),
      setStorageSync: (key: string, value: unknown) =>
        void this.storage.set(key, JSON.parse(JSON.stringify(value))),
      removeStorageSync: (key: string) => void this.storage.delete(key),
      showToast: record('toast'),
      showModal: api((o) => {
        this.log.push(`modal ${JSON.stringify({ title: o.title, content: o.content })}`);
        return { confirm: false, cancel: true };
      }),
      showLoading: api(() => undefined),
      hideLoading: api(() => undefined),
      navigateTo: record('navigateTo'),
      redirectTo: record('redirectTo'),
      switchTab: record('switchTab'),
      reLaunch: record('reLaunch'),
      navigateBack: record('navigateBack'),
      setNavigationBarTitle: api((o) => {
        this.title = String(o.title ?? '');
      }),
      stopPullDownRefresh: api(() => undefined),
      chooseAddress: api(() => Promise.reject({ errMsg: 'chooseAddress:fail not in a screenshot' })),
      canvasToTempFilePath: api((o) => {
        const index = this.canvases.indexOf(o.canvas as RecordingCanvas);
        if (index < 0)
          return Promise.reject({ errMsg: 'canvasToTempFilePath:fail only type="2d" canvases are recorded' });
        return { tempFilePath: `shots-canvas://${index}`, errMsg: 'canvasToTempFilePath:ok' };
      }),
      cloud: {
        init: () => undefined,
        callFunction: api(() => Promise.reject({ errMsg: 'cloud.callFunction:fail shots use local mode' })),
        getTempFileURL: api((o) => ({
          fileList: (o.fileList as string[]).map((fileID) => ({ fileID, tempFileURL: fileID })),
        })),
      },
    });
  }

  /** Resolves once no request has been in flight for `quietMs` (or after `timeoutMs`, noted in the log). */
  private async settle(quietMs = 200, timeoutMs = 15_000): Promise<void> {
    const start = performance.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (this.inFlight === 0 && performance.now() - this.lastActivity >= quietMs) return;
      if (performance.now() - start > timeoutMs) {
        this.log.push(`still ${this.inFlight} request(s) in flight after ${timeoutMs} ms`);
        return;
      }
    }
  }

  async render(request: RenderRequest): Promise<RenderResult> {
    this.styles.length = 0;
    this.canvases.length = 0;
    this.clockOffsetMs = request.clockOffsetMs;
    this.log = [];
    this.title = undefined;
    this.storage = new Map(Object.entries(request.storage));
    const client = require(path.join(this.root, 'services/client')) as {
      setPlatform(platform: unknown): void;
      configure(config: object): void;
    };
    const { wxPlatform } = require(path.join(this.root, 'services/wx-platform')) as { wxPlatform(): unknown };
    client.setPlatform(wxPlatform());
    client.configure({ mode: 'local', localUrl: this.cloudUrl, localOpenid: request.openid });

    const id = this.simulate.load(path.join(this.root, request.page), {
      rootPath: this.root,
      compiler: 'official',
      compilerOptions: { maxBuffer: 256 * 1024 * 1024 },
    });
    const page = this.simulate.render(id);
    page.attach(this.document.createElement('parent-wrapper'));
    const lifecycle = async (name: string, ...args: unknown[]) => {
      const fn = page.instance[name];
      if (typeof fn !== 'function') return;
      try {
        await (fn as (...a: unknown[]) => unknown).apply(page.instance, args);
      } catch (error) {
        this.log.push(`${name} threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    this.lastActivity = performance.now();
    await lifecycle('onLoad', request.query);
    await lifecycle('onShow');
    await lifecycle('onReady');
    await this.settle();
    for (const call of request.calls) {
      // Each call is left 200 ms like the lifecycles, even when it makes no request (a popup's 30 ms transition).
      this.lastActivity = performance.now();
      if (call.target) {
        const child = (
          page as unknown as { querySelector(s: string): SimComponent | undefined }
        ).querySelector(call.target);
        const fn = child?.instance[call.method];
        if (typeof fn !== 'function') this.log.push(`no ${call.method} on ${call.target}`);
        else
          await Promise.resolve((fn as (...a: unknown[]) => unknown).apply(child!.instance, call.args)).catch(
            (error: unknown) =>
              this.log.push(
                `${call.target} ${call.method} threw: ${error instanceof Error ? error.message : String(error)}`,
              ),
          );
      } else await lifecycle(call.method, ...call.args);
      await this.settle();
    }
    const html = this.drawable(page.dom.cloneNode(true)).outerHTML;
    const data = JSON.parse(JSON.stringify(page.instance.data)) as Record<string, unknown>;
    page.detach();
    return { html, styles: [...this.styles], title: this.title, log: [...this.log], data };
  }

  /** A picture shipped in the package (src="/images/…") as a data: URL: the framed page has no files. */
  private packaged(src: string): string | undefined {
    if (!src.startsWith('/') || src.startsWith('//')) return undefined;
    const file = path.join(this.root, src);
    const type = {
      '.png': 'image/png',
      '.jpg': 'image/jpeg',
      '.jpeg': 'image/jpeg',
      '.svg': 'image/svg+xml',
    }[path.extname(file).toLowerCase()];
    if (!type || !fs.existsSync(file)) return undefined;
    return `data:${type};base64,${fs.readFileSync(file).toString('base64')}`;
  }

  /** Icons as inline SVG (the icon font lives on a CDN), images as <img> inside their <wx-image>. */
  private drawable(root: El): El {
    for (const el of Array.from(root.querySelectorAll('[class*="--t-icon-base"]'))) {
      const name = el.className
        .split(/\s+/)
        .map((c) => /--t-icon-([\w-]+)$/.exec(c)?.[1])
        .find((n) => n && n !== 'base');
      const svg = name ? iconSvg(name) : undefined;
      if (svg) {
        el.innerHTML = svg;
        el.setAttribute('data-shot-icon', name!);
      } else if (name) this.log.push(`no SVG for icon "${name}"`);
    }
    for (const el of Array.from(root.querySelectorAll('wx-image'))) {
      const src = el.getAttribute('src');
      if (!src) continue;
      const recorded = /^shots-canvas:\/\/(\d+)$/.exec(src);
      if (recorded) {
        const canvas = this.canvases[Number(recorded[1])]!;
        const replay = this.document.createElement('canvas');
        replay.setAttribute('width', String(canvas.width));
        replay.setAttribute('height', String(canvas.height));
        replay.setAttribute('data-shot-canvas', JSON.stringify(canvas.ops));
        el.appendChild(replay);
        continue;
      }
      const mode = el.getAttribute('mode') ?? 'scaleToFill';
      const img = this.document.createElement('img');
      img.setAttribute('src', this.packaged(src) ?? src);
      img.setAttribute('style', `object-fit:${IMAGE_FIT[mode] ?? 'fill'}`);
      el.appendChild(img);
    }
    return root;
  }
}
