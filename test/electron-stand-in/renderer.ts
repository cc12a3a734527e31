// The renderer side of the Electron stand-in (see ./main.ts): a sandboxed preload and the page's main world.
// As in Electron with `sandbox: true`, the preload runs in its own context (the isolated world) with a `require`
// that knows only `electron` (contextBridge, ipcRenderer) and a small `process`; `contextBridge.exposeInMainWorld`
// copies its API into the page's world (functions proxied, values copied, promises proxied), and `ipcRenderer.invoke`
// reaches `ipcMain.handle` through structured clone.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import type { ContextBridge, IpcRenderer, IpcRendererEvent } from 'electron';

/* eslint-disable @typescript-eslint/no-explicit-any -- Electron's listener types are `(...args: any[])` */
type RendererListener = (event: IpcRendererEvent, ...args: any[]) => void;

/** The frame a renderer context belongs to (only its identity and URL matter here). */
interface FrameLike {
  url: string;
}

type Invoke = (frame: any, channel: string, args: unknown[]) => Promise<unknown>;

/** Electron's contextBridge copy: functions become proxies that copy their arguments and results back across. */
function bridgeCopy(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridgeCopy(fn(...args.map((a) => bridgeCopy(a))));
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Promise) return value.then((v) => bridgeCopy(v));
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp || value instanceof Error)
    return structuredClone(value);
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(bridgeCopy(v, seen));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = bridgeCopy(v, seen);
  return out;
}

export class RendererContext {
  /** The page's global object as far as the preload can reach it: what exposeInMainWorld put there. */
  readonly mainWorld: Record<string, unknown> = {};
  private readonly listeners = new Map<string, Set<RendererListener>>();
  /** Modules the preload asked `require` for (the sandbox refuses all but `electron`). */
  readonly required: string[] = [];

  constructor(
    readonly frame: FrameLike,
    private readonly invoke: Invoke,
  ) {}

  /** Electron's `ipcRenderer` for this context. */
  readonly ipcRenderer = ((ctx: RendererContext) => {
    const api = {
      invoke: (channel: string, ...args: any[]): Promise<any> => ctx.invoke(ctx.frame, channel, args),
      on(channel: string, listener: RendererListener) {
        let set = ctx.listeners.get(channel);
        if (!set) ctx.listeners.set(channel, (set = new Set()));
        set.add(listener);
        return api;
      },
      removeListener(channel: string, listener: RendererListener) {
        ctx.listeners.get(channel)?.delete(listener);
        return api;
      },
      listenerCount(channel: string): number {
        return ctx.listeners.get(channel)?.size ?? 0;
      },
    };
    return api satisfies Pick<IpcRenderer, 'invoke' | 'listenerCount'> & {
      on(channel: string, listener: RendererListener): unknown;
      removeListener(channel: string, listener: RendererListener): unknown;
    };
  })(this);

  readonly contextBridge = {
    exposeInMainWorld: (apiKey: string, api: any): void => {
      // Documented: an API cannot be bound on top of an existing property of the window object.
      if (apiKey in this.mainWorld)
        throw new Error(`Cannot bind an API on top of an existing property on the window object`);
      this.mainWorld[apiKey] = bridgeCopy(api);
    },
  } satisfies Pick<ContextBridge, 'exposeInMainWorld'>;

  /** webContents.send → the listeners of this context, with an IpcRendererEvent first. */
  deliver(channel: string, args: unknown[]): void {
    const event = { sender: this.ipcRenderer, senderId: 0, ports: [] } as unknown as IpcRendererEvent;
    for (const l of [...(this.listeners.get(channel) ?? [])]) l(event, ...args);
  }

  /** Runs a CommonJS preload as a sandboxed renderer does: its own context, `require('electron')` only. */
  runPreload(file: string): void {
    const code = readFileSync(file, 'utf8');
    const electron = { contextBridge: this.contextBridge, ipcRenderer: this.ipcRenderer };
    const sandboxRequire = (id: string) => {
      this.required.push(id);
      if (id === 'electron' || id === 'electron/renderer') return electron;
      throw new Error(`module not found: ${id}`);
    };
    const module = { exports: {} as unknown };
    const context = vm.createContext({
      console,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      setImmediate,
      clearImmediate,
      queueMicrotask,
      structuredClone,
      TextEncoder,
      TextDecoder,
      URL,
      Buffer,
      process: {
        type: 'renderer',
        sandboxed: true,
        contextIsolated: true,
        platform: process.platform,
        env: {},
      },
    });
    const wrapper = vm.runInContext(
      `(function (exports, require, module, __filename, __dirname) {${code}\n})`,
      context,
      { filename: file },
    ) as (...args: unknown[]) => void;
    wrapper(module.exports, sandboxRequire, module, file, '.');
  }
}
