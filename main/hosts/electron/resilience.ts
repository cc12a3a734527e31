// An unattended kiosk must come back by itself: when the page's renderer crashes or hangs, the window is reloaded
// and staff health and the audit log say so; crashes of Chromium's helper processes (GPU, utility) are logged; the
// display is kept awake. Restart of the whole app on a crash is the service manager's job (packaging/linux,
// packaging/windows).
import { app, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { Core } from '../../app';
import type { Logger } from '../../util/log';
import { errorMessage } from '../../../common/errors';

/** Wait before reloading, so a page that crashes at once does not spin the CPU. */
const RELOAD_DELAY_MS = 1000;

export function keepDisplayAwake(log: Logger): () => void {
  const id = powerSaveBlocker.start('prevent-display-sleep');
  log.info('display kept awake (powerSaveBlocker prevent-display-sleep)');
  return () => {
    if (powerSaveBlocker.isStarted(id)) powerSaveBlocker.stop(id);
  };
}

export function logChildProcessCrashes(log: Logger): void {
  app.on('child-process-gone', (_event, details) => {
    const name = details.name ?? details.serviceName ?? details.type;
    log.warn(`${name} process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
}

export function reloadOnCrashOrHang(win: BrowserWindow, core: Core, log: Logger): void {
  let pending: NodeJS.Timeout | null = null;
  const recover = (cause: 'render-process-gone' | 'unresponsive', reason: string) => {
    log.error(
      `kiosk window ${cause === 'unresponsive' ? 'not responding' : `renderer gone (${reason})`}; reloading`,
    );
    void core
      .windowReloaded(cause, reason)
      .catch((e: unknown) => log.error(`window reload not recorded: ${errorMessage(e)}`));
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      if (!win.isDestroyed()) win.webContents.reload();
    }, RELOAD_DELAY_MS);
  };
  win.webContents.on('render-process-gone', (_event, details) =>
    recover('render-process-gone', details.reason),
  );
  win.on('unresponsive', () => recover('unresponsive', 'unresponsive'));
  win.on('closed', () => {
    if (pending) clearTimeout(pending);
  });
}
