// The Electron host: the only module that imports electron. Builds the core, serves the renderer over a privileged
// hexin:// scheme (a secure context, so getUserMedia works, with our CSP on every response), registers every
// contract handler, and only then opens the kiosk window.
import { app, protocol, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../app';
import { consoleLogger } from '../../util/log';
import { startControlServer } from '../control-routes';
import { SECURITY_HEADERS } from '../security-headers';
import { readStaticFile } from '../static-files';
import { useBuiltWorkers } from '../../util/worker-entry';
import { registerIpc } from './ipc';
import { keepDisplayAwake, logChildProcessCrashes, reloadOnCrashOrHang } from './resilience';
import { electronLayout } from './paths';
import { electronKeyProvider, ElectronConfigStore } from './storage';
import { createKioskWindow, lockDownSession } from './window';
import { errorMessage } from '../../../common/errors';

const SCHEME = 'hexin';
const APP_ORIGIN = `${SCHEME}://app`;
const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.HEXIN_DEV === '1' || process.argv.includes('--dev');
const log = consoleLogger('electron-host');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) {
  log.warn('another Hexin Kiosk is already running; quitting');
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  logChildProcessCrashes(log);

  void app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      // No window without a core: exit non-zero so the service manager restarts the kiosk (with its back-off).
      log.error(`Hexin Kiosk could not start: ${errorMessage(e)}`);
      app.exit(1);
    });

  async function start(): Promise<void> {
    const rendererDir = path.resolve(here, '../renderer');
    const devUrl = dev ? process.env.ELECTRON_RENDERER_URL : undefined;
    const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;

    protocol.handle(SCHEME, async (request) => {
      const url = new URL(request.url);
      if (url.host !== 'app') return new Response('Not found', { status: 404 });
      const file = await readStaticFile(rendererDir, url.pathname);
      if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
      return new Response(new Uint8Array(file.body), {
        headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
      });
    });

    const layout = electronLayout({
      packaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appPath: app.getAppPath(),
      mainDir: here,
    });
    log.info(layout.describe);
    useBuiltWorkers(layout.workersDir);
    const dataDir = process.env.HEXIN_DATA_DIR ?? path.join(app.getPath('userData'), 'data');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const core = await createCore({
      host: 'electron',
      dataDir,
      version: app.getVersion(),
      log,
      configStore: new ElectronConfigStore(dataDir),
      keyProvider: electronKeyProvider(log),
      rendererDir,
      modelsDir: layout.modelsDir,
      ...(layout.demoFacesDir ? { demoFacesDir: layout.demoFacesDir } : {}),
    });
    lockDownSession(appOrigin);
    registerIpc(core, () => win, appOrigin, log);
    const controlToken = process.env.HEXIN_CONTROL_TOKEN;
    if (controlToken && core.config.reader.mode !== 'simulator') {
      log.warn('HEXIN_CONTROL_TOKEN ignored: the simulator controls exist only with reader.mode "simulator"');
    } else if (controlToken) {
      // Tests and demos drive the simulated reader through a loopback endpoint (see README).
      const control = await startControlServer(core, controlToken);
      console.log(`HEXIN_CONTROL_URL=${control.url}`);
    }

    win = createKioskWindow({
      url: devUrl ?? `${APP_ORIGIN}/index.html`,
      appOrigin,
      preload: path.resolve(here, '../preload/index.cjs'),
      dev,
    });
    reloadOnCrashOrHang(win, core, log);
    const letDisplaySleep = keepDisplayAwake(log);
    win.on('closed', () => (win = null));
    app.on('window-all-closed', () => {
      letDisplaySleep();
      void core.close().finally(() => app.quit());
    });
  }
}
