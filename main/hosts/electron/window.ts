// The kiosk window, locked down before it becomes a kiosk: sandbox + context isolation, no Node, no new windows,
// no navigation away, no devtools unless the dev flag is set, camera/microphone only for our own origin.
import { BrowserWindow, Menu, session, type WebContents } from 'electron';
import { isAppUrl } from './origin';

export interface WindowOptions {
  url: string;
  /** The only origin the window may show and the only one allowed camera/microphone. */
  appOrigin: string;
  preload: string;
  dev: boolean;
}

const ALLOWED_PERMISSIONS = new Set(['media']);

export function lockDownSession(appOrigin: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const fromUs = isAppUrl(details.requestingUrl, appOrigin);
    const mediaOk =
      permission !== 'media' ||
      (details as { mediaTypes?: string[] }).mediaTypes?.every((t) => t === 'video' || t === 'audio') !==
        false;
    callback(fromUs && ALLOWED_PERMISSIONS.has(permission) && mediaOk);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => {
    return isAppUrl(requestingOrigin, appOrigin) && ALLOWED_PERMISSIONS.has(permission);
  });
}

function lockDownContents(contents: WebContents, appOrigin: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createKioskWindow(options: WindowOptions): BrowserWindow {
  Menu.setApplicationMenu(null);
  const win = new BrowserWindow({
    show: false,
    kiosk: !options.dev,
    fullscreen: !options.dev,
    autoHideMenuBar: true,
    backgroundColor: '#0b1f33',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: options.dev,
      spellcheck: false,
      // A kiosk speaks its guidance without waiting for a tap (the first step's welcome plays as the screen
      // appears); Chromium's default policy would block it until the person touched the page.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  lockDownContents(win.webContents, options.appOrigin);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.url);
  return win;
}
