// miniprogram-simulate behind a small typed face: its own typings pull the mini-program globals (console,
// require, setTimeout) into the Node test program and clash with @types/node, so it is required untyped here.
import { BuiltMiniprogram } from './build';

export interface SimNode {
  /** A jsdom element (typed loosely: the Node test program has no DOM lib). */
  readonly dom: { textContent: string | null } | undefined;
  readonly data: Record<string, any>;
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
}

export interface SimComponent<I = Record<string, any>> extends SimNode {
  /** The component's `this`: data plus methods (page lifecycles such as onLoad live in methods). */
  readonly instance: I & { data: Record<string, any>; setData(data: Record<string, unknown>): void };
  attach(parent: unknown): void;
  detach(): void;
  triggerLifeTime(name: string): void;
  triggerPageLifeTime(name: string, args?: unknown): void;
}

interface SimulateModule {
  load(componentPath: string, options?: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimComponent;
  sleep(ms: number): Promise<void>;
}

/** jsdom's document; these tests run with @jest-environment jsdom. */
const jsdomDocument = () =>
  (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as SimulateModule;

/**
 * Loads, renders and attaches a page or component by its path inside miniprogram/ (without extension).
 * simulate runs a component's js by require(), which jest caches; each mount therefore gets its own module
 * registry, and `prepare` configures that registry's services (platform, config) before the page loads.
 */
export function mount<I = Record<string, any>>(
  built: BuiltMiniprogram,
  componentPath: string,
  properties?: Record<string, unknown>,
  prepare: (req: <T>(modulePath: string) => T) => void = built.prepare,
): SimComponent<I> {
  let component: SimComponent<I> | undefined;
  jest.isolateModules(() => {
    prepare((modulePath) => built.require(modulePath));
    const id = simulate.load(`${built.root}/${componentPath}`, {
      rootPath: built.root,
      compiler: 'simulate',
      usingComponents: { ...built.stubs },
    });
    component = simulate.render(id, properties) as SimComponent<I>;
  });
  component!.attach(jsdomDocument().createElement('parent-wrapper'));
  return component!;
}

/** All text under a node, whitespace collapsed, for assertions on what a person would read. */
export function textOf(node: SimNode | undefined): string {
  return (node?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export const sleep = (ms = 0) => simulate.sleep(ms);

/** Waits until `check` passes (async page loads settle over a few ticks), or fails with its last error. */
export async function waitFor(check: () => void, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await simulate.sleep(10);
    }
  }
}

/**
 * Renders `template` in a host component that uses `componentPath` as <tag>, so a test sees the events the
 * component emits the way a page would (bind:x on the tag), not by patching the component.
 */
export function mountInHost(
  built: BuiltMiniprogram,
  componentPath: string,
  tag: string,
  template: string,
  methods: Record<string, (...args: any[]) => unknown>,
): SimComponent {
  let component: SimComponent | undefined;
  jest.isolateModules(() => {
    built.prepare((modulePath) => built.require(modulePath));
    const child = simulate.load(`${built.root}/${componentPath}`, {
      rootPath: built.root,
      compiler: 'simulate',
      usingComponents: { ...built.stubs },
    });
    const host = (simulate.load as unknown as (definition: Record<string, unknown>) => string)({
      template,
      usingComponents: { [tag]: child },
      methods,
    });
    component = simulate.render(host);
  });
  component!.attach(jsdomDocument().createElement('parent-wrapper'));
  return component!;
}
