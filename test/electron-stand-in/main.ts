// A stand-in for Electron's main-process API, for tests only: no Electron binary can be installed on the machines
// that run `npm test` (see README, "What is verified where"). It implements only what main/hosts/electron and
// electron-store use, with Electron's documented behaviour (https://www.electronjs.org/docs/latest/api/): the app
// becomes ready once, `protocol.handle` gets a fetch Request and returns a Response, `ipcMain.handle` listeners get
// an event with `sender` and `senderFrame`, IPC arguments and results are structured-cloned, permission handlers get
// `(webContents, permission, callback, details)`, closing the last window emits `window-all-closed`.
// Each export is checked against node_modules/electron/electron.d.ts (`satisfies` / `implements` below), so the
// stand-in cannot drift from the real API's shape. The renderer side (preload) lives in ./renderer.ts.
// Loaded in place of `electron` by the module hook in ./hooks.mjs; tests drive it through `testing`.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  App,
  BrowserWindow as ElectronBrowserWindow,
  BrowserWindowConstructorOptions,
  CustomScheme,
  IpcMain,
  IpcMainInvokeEvent,
  Menu as ElectronMenu,
  PermissionRequest,
  PowerSaveBlocker,
  Protocol,
  SafeStorage,
  Session,
  WebContents as ElectronWebContents,
  WebFrameMain as ElectronWebFrameMain,
} from 'electron';
import { RendererContext } from './renderer';

/** Electron's `Event`: listeners may cancel the default action. */
export class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// protocol

type ProtocolHandler = Parameters<Protocol['handle']>[1];
const privileged = new Map<string, CustomScheme['privileges']>();
const handlers = new Map<string, ProtocolHandler>();

export const protocol = {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    // Documented: only before the app's `ready` event, and only once.
    if (readyState.ready) throw new Error('registerSchemesAsPrivileged must be called before app ready');
    if (privileged.size > 0) throw new Error('registerSchemesAsPrivileged may be called only once');
    for (const s of schemes) privileged.set(s.scheme, s.privileges ?? {});
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!readyState.ready) throw new Error('protocol.handle can only be used after app ready');
    if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    handlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return handlers.has(scheme);
  },
} satisfies Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'>;

/** Chromium's origin of a URL: for a scheme registered `standard` it is scheme://host, as for http (not "null"). */
function chromiumOrigin(url: string): string {
  const u = new URL(url);
  if (u.origin !== 'null') return u.origin;
  const scheme = u.protocol.slice(0, -1);
  return privileged.get(scheme)?.standard ? `${u.protocol}//${u.host}` : 'null';
}

/** Fetches a URL the way a page would: custom schemes through their `protocol.handle` handler. */
async function fetchForPage(url: string): Promise<Response> {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = handlers.get(scheme);
  if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME (${scheme}) in the stand-in`);
  return handler(new Request(url) as unknown as Parameters<ProtocolHandler>[0]) as unknown as Response;
}

// ---------------------------------------------------------------------------------------------------------------
// app

const readyState = { ready: false };

class StandInApp extends EventEmitter {
  isPackaged = false;
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  private lockTaken = false;

  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  isReady(): boolean {
    return readyState.ready;
  }

  requestSingleInstanceLock(): boolean {
    if (testing.anotherInstanceRunning) return false;
    this.lockTaken = true;
    return true;
  }

  hasSingleInstanceLock(): boolean {
    return this.lockTaken;
  }

  quit(): void {
    testing.quitCalls++;
    const event = new StandInEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const w of [...windows]) w.close();
    this.emit('will-quit', new StandInEvent());
    this.emit('quit', new StandInEvent(), 0);
  }

  exit(exitCode = 0): void {
    testing.exitCode = exitCode;
  }

  getPath(name: Parameters<App['getPath']>[0]): string {
    const p = testing.paths[name];
    if (!p) throw new Error(`Failed to get '${name}' path`);
    return p;
  }

  getVersion(): string {
    return testing.version;
  }

  getAppPath(): string {
    return testing.appPath;
  }

  getName(): string {
    return 'hexin-kiosk';
  }
}

export const app = new StandInApp() satisfies Pick<
  App,
  | 'whenReady'
  | 'isReady'
  | 'requestSingleInstanceLock'
  | 'hasSingleInstanceLock'
  | 'quit'
  | 'exit'
  | 'getPath'
  | 'getVersion'
  | 'getAppPath'
  | 'getName'
  | 'isPackaged'
>;

// ---------------------------------------------------------------------------------------------------------------
// ipcMain

type InvokeListener = Parameters<IpcMain['handle']>[1];

class StandInIpcMain extends EventEmitter {
  readonly invokeHandlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.invokeHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.invokeHandlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: InvokeListener): void {
    this.handle(channel, (event, ...args) => {
      this.invokeHandlers.delete(channel);
      return listener(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.invokeHandlers.delete(channel);
  }
}

export const ipcMain = new StandInIpcMain() satisfies Pick<
  IpcMain,
  'handle' | 'handleOnce' | 'removeHandler'
>;

// ---------------------------------------------------------------------------------------------------------------
// webContents, frames, windows

let nextId = 1;

/** The parts of WebFrameMain the host reads (identity and URL). */
export class StandInFrame implements Pick<
  ElectronWebFrameMain,
  'url' | 'origin' | 'processId' | 'routingId' | 'name'
> {
  readonly processId: number;
  readonly routingId = nextId++;
  readonly frames: StandInFrame[] = [];
  detached = false;
  constructor(
    readonly webContents: StandInWebContents,
    public url: string,
    readonly parent: StandInFrame | null,
    readonly name = '',
  ) {
    this.processId = webContents.processId;
  }
  get origin(): string {
    try {
      return chromiumOrigin(this.url);
    } catch {
      return 'null';
    }
  }
  get top(): StandInFrame {
    return this.parent ? this.parent.top : this;
  }
}

type WindowOpenHandler = Parameters<ElectronWebContents['setWindowOpenHandler']>[0];

export class StandInWebContents
  extends EventEmitter
  implements
    Pick<ElectronWebContents, 'id' | 'send' | 'setWindowOpenHandler' | 'isDestroyed' | 'getURL' | 'reload'>
{
  readonly id = nextId++;
  readonly processId = nextId++;
  mainFrame: StandInFrame;
  windowOpenHandler: WindowOpenHandler | null = null;
  renderer: RendererContext | null = null;
  /** The last response the page got for its top-level document (for tests). */
  lastDocument: { url: string; status: number; headers: Headers; body: string } | null = null;
  reloads = 0;
  private destroyed = false;

  constructor(readonly preload: string | undefined) {
    super();
    this.mainFrame = new StandInFrame(this, 'about:blank', null);
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // Documented: arguments are serialized with the Structured Clone Algorithm; delivery is asynchronous.
    const cloned = args.map((a) => structuredClone(a));
    const renderer = this.renderer;
    setImmediate(() => renderer?.deliver(channel, cloned));
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  reload(): void {
    this.reloads++;
    void this.loadURL(this.mainFrame.url);
  }

  /** Loads a document into the main frame: a new frame, a new renderer context, the preload run in it. */
  async loadURL(url: string): Promise<void> {
    const response = await fetchForPage(url);
    const body = await response.text();
    this.lastDocument = { url, status: response.status, headers: response.headers, body };
    if (!response.ok) throw new Error(`ERR_FAILED (${response.status}) loading '${url}'`);
    this.mainFrame.detached = true;
    this.mainFrame = new StandInFrame(this, url, null);
    this.renderer = new RendererContext(this.mainFrame, invokeMain);
    if (this.preload) this.renderer.runPreload(this.preload);
    this.emit('dom-ready', new StandInEvent());
    this.emit('did-finish-load', new StandInEvent());
  }

  destroy(): void {
    this.destroyed = true;
    this.renderer = null;
    this.emit('destroyed');
  }
}

const windows = new Set<StandInBrowserWindow>();

export class StandInBrowserWindow
  extends EventEmitter
  implements
    Pick<
      ElectronBrowserWindow,
      'show' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'isVisible' | 'close' | 'isKiosk' | 'id'
    >
{
  static getAllWindows(): StandInBrowserWindow[] {
    return [...windows];
  }

  readonly id = nextId++;
  readonly webContents: StandInWebContents;
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super();
    this.webContents = new StandInWebContents(options.webPreferences?.preload);
    windows.add(this);
    app.emit('web-contents-created', new StandInEvent(), this.webContents);
    app.emit('browser-window-created', new StandInEvent(), this);
  }

  async loadURL(url: string): Promise<void> {
    await this.webContents.loadURL(url);
    // Documented: emitted when the page has been rendered for the first time, if the window is not shown yet.
    if (!this.visible) this.emit('ready-to-show', new StandInEvent());
  }

  show(): void {
    this.visible = true;
    this.focused = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isKiosk(): boolean {
    return this.options.kiosk === true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }

  close(): void {
    if (this.destroyed) return;
    const event = new StandInEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.delete(this);
    this.webContents.destroy();
    this.emit('closed');
    // Documented: when the last window closes, `window-all-closed`; without a listener the app quits.
    if (windows.size === 0) {
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
      else app.quit();
    }
  }
}

export { StandInBrowserWindow as BrowserWindow };

// ---------------------------------------------------------------------------------------------------------------
// Menu, session, safeStorage, powerSaveBlocker

export const Menu = {
  setApplicationMenu(menu: ElectronMenu | null): void {
    testing.applicationMenu = menu;
  },
} satisfies Pick<typeof ElectronMenu, 'setApplicationMenu'>;

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];

class StandInSession {
  requestHandler: RequestHandler = null;
  checkHandler: CheckHandler = null;
  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }
}

const defaultSession = new StandInSession() satisfies Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;
export const session = { defaultSession };

/** The stand-in's "OS keyring": a per-process AES-256-GCM key (the real one is DPAPI, Keychain or libsecret). */
const keyringKey = randomBytes(32);

export const safeStorage = {
  isEncryptionAvailable: (): boolean => testing.safeStorage.available,
  getSelectedStorageBackend: () => testing.safeStorage.backend,
  encryptString(plainText: string): Buffer {
    if (!testing.safeStorage.available) throw new Error('Encryption is not available.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyringKey, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  decryptString(encrypted: Buffer): string {
    if (!testing.safeStorage.available) throw new Error('Decryption is not available.');
    const decipher = createDecipheriv('aes-256-gcm', keyringKey, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  },
} satisfies Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>;

const blockers = new Map<number, string>();
let nextBlocker = 0;
export const powerSaveBlocker = {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = nextBlocker++;
    blockers.set(id, type);
    return id;
  },
  stop(id: number): boolean {
    return blockers.delete(id);
  },
  isStarted(id: number): boolean {
    return blockers.has(id);
  },
} satisfies Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>;

// ---------------------------------------------------------------------------------------------------------------
// What tests see and drive

export const testing = {
  paths: {} as Partial<Record<Parameters<App['getPath']>[0], string>>,
  version: '0.0.0',
  appPath: process.cwd(),
  anotherInstanceRunning: false,
  quitCalls: 0,
  exitCode: null as number | null,
  applicationMenu: undefined as ElectronMenu | null | undefined,
  safeStorage: {
    available: true,
    backend: 'basic_text' as ReturnType<SafeStorage['getSelectedStorageBackend']>,
  },
  powerSaveBlockers: blockers,
  privilegedSchemes: privileged,
  session: defaultSession,
  windows: (): StandInBrowserWindow[] => [...windows],

  /** What Electron does after the main script ran: the app becomes ready, once. */
  emitReady(): void {
    if (readyState.ready) return;
    // Documented: main-process scripts run as process.type 'browser' (electron-store checks it).
    (process as { type?: string }).type = 'browser';
    readyState.ready = true;
    app.emit('will-finish-launching');
    app.emit('ready', new StandInEvent(), {});
    (app as unknown as { resolveReady: () => void }).resolveReady();
  },

  /** A request from a page for a custom-scheme URL, answered by the scheme's handler. */
  fetch: fetchForPage,

  /** A frame (a subframe of `parent`, or another page) sending an invoke the way a compromised renderer could. */
  invokeFrom(frame: StandInFrame, channel: string, ...args: unknown[]): Promise<unknown> {
    return invokeMain(frame, channel, args);
  },

  /** A page asking for a permission (getUserMedia and friends): the session's request handler decides. */
  requestPermission(
    contents: StandInWebContents,
    permission: Parameters<NonNullable<RequestHandler>>[1],
    details: PermissionRequest & { mediaTypes?: Array<'video' | 'audio'>; securityOrigin?: string },
  ): Promise<boolean> {
    const handler = defaultSession.requestHandler;
    // Documented default without a handler: every permission is granted.
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) =>
      handler(contents as unknown as ElectronWebContents, permission, resolve, details),
    );
  },

  checkPermission(
    contents: StandInWebContents | null,
    permission: Parameters<NonNullable<CheckHandler>>[1],
    requestingOrigin: string,
    details: { requestingUrl?: string; isMainFrame: boolean; mediaType?: 'video' | 'audio' },
  ): boolean {
    const handler = defaultSession.checkHandler;
    if (!handler) return true;
    return handler(contents as unknown as ElectronWebContents | null, permission, requestingOrigin, details);
  },

  /** The page's renderer process dies (documented details: reason, exitCode). */
  renderProcessGone(contents: StandInWebContents, reason: 'crashed' | 'oom' | 'killed' = 'crashed'): void {
    contents.emit('render-process-gone', new StandInEvent(), { reason, exitCode: 139 });
  },

  unresponsive(win: StandInBrowserWindow): void {
    win.emit('unresponsive');
  },

  childProcessGone(type: 'GPU' | 'Utility', reason: 'crashed' | 'killed' = 'crashed'): void {
    app.emit('child-process-gone', new StandInEvent(), { type, reason, exitCode: 9 });
  },
};

/** ipcRenderer.invoke → ipcMain.handle, as Electron does it: cloned arguments, the sender's frame, cloned result. */
export async function invokeMain(frame: StandInFrame, channel: string, args: unknown[]): Promise<unknown> {
  const cloned = args.map((a) => structuredClone(a));
  const handler = ipcMain.invokeHandlers.get(channel);
  if (!handler)
    throw new Error(
      `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
    );
  const event = Object.assign(new StandInEvent(), {
    type: 'frame' as const,
    sender: frame.webContents,
    senderFrame: frame.detached ? null : frame,
    frameId: frame.routingId,
    processId: frame.processId,
  });
  let result: unknown;
  try {
    result = await handler(event as unknown as IpcMainInvokeEvent, ...cloned);
  } catch (e) {
    throw new Error(`Error invoking remote method '${channel}': ${String(e)}`);
  }
  return structuredClone(result);
}

const electron = {
  app,
  protocol,
  ipcMain,
  BrowserWindow: StandInBrowserWindow,
  Menu,
  session,
  safeStorage,
  powerSaveBlocker,
};
export default electron;
