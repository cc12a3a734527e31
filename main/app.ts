// The composition root: builds every core service from config and wires them to the contract.
// Both hosts (Electron and web) call createCore(); neither builds services of its own. Electron-only
// capabilities (safeStorage, the window) are injected by the Electron host.
import type { AppInfo } from '../common/contract';
import { HealthService } from './health/health-service';
import { createDispatcher, type Dispatch, type Handlers } from './ipc/dispatcher';
import { EventBus } from './ipc/event-bus';
import type { Logger } from './util/log';

export interface CoreOptions {
  host: AppInfo['host'];
  /** Where this kiosk keeps its data (config, records, keys). A fresh temp dir in tests. */
  dataDir: string;
  /** The product version (package.json in the web host, app.getVersion() in Electron). */
  version: string;
  log: Logger;
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  health: HealthService;
  info: AppInfo;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventBus();
  const health = new HealthService();
  health.onChange((h) => events.emit('healthChanged', h));

  const info: AppInfo = {
    product: 'Hexin Kiosk',
    version: options.version,
    host: options.host,
    kioskId: process.env.HEXIN_KIOSK_ID ?? 'kiosk-dev-001',
    defaultLanguage: 'zh-CN',
    languages: ['zh-CN', 'en'],
  };

  const handlers: Handlers = {
    getAppInfo: () => info,
    getHealth: () => health.get(),
    reportCamera: (report) => {
      health.reportCamera(report);
      return null;
    },
  };

  const dispatch = createDispatcher({ handlers, staffUnlocked: () => false, log: options.log });
  return {
    dispatch,
    events,
    health,
    info,
    close: async () => {},
  };
}
