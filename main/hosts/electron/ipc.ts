// The one wrapper around ipcMain.handle: every contract method is registered here, and a call is served only when
// it comes from our window's top frame at our own origin. Everything else about the call is the dispatcher's job.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, channelFor } from '../../../common/contract-kit';
import { methods } from '../../../common/contract';
import type { Core } from '../../app';
import type { Logger } from '../../util/log';
import { isAppUrl } from './origin';

export function senderAllowed(
  event: IpcMainInvokeEvent,
  win: BrowserWindow | null,
  appOrigin: string,
): boolean {
  const frame = event.senderFrame;
  if (!frame || !win || event.sender !== win.webContents || frame !== win.webContents.mainFrame) return false;
  return isAppUrl(frame.url, appOrigin);
}

export function registerIpc(
  core: Core,
  getWindow: () => BrowserWindow | null,
  appOrigin: string,
  log: Logger,
) {
  for (const name of Object.keys(methods)) {
    ipcMain.handle(channelFor(name), (event, args: unknown) => {
      if (!senderAllowed(event, getWindow(), appOrigin)) {
        log.warn(`refused ${name} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return { ok: false, error: { code: 'FORBIDDEN', message: 'caller is not the kiosk window' } };
      }
      return core.dispatch(name, args, { host: 'electron' });
    });
  }
  return core.events.subscribe((name, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { name, payload });
  });
}
