// The narrow bridge: builds `window.hexin` from the contract — one verb per method, one onX(listener) per event —
// and nothing else. No generic invoke, and the Electron event object never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, channelFor, eventVerb } from '../common/contract-kit';
import { events, methods } from '../common/contract';

const api: Record<string, unknown> = {};

for (const name of Object.keys(methods)) {
  api[name] = (args: unknown) => ipcRenderer.invoke(channelFor(name), args);
}

for (const name of Object.keys(events)) {
  api[eventVerb(name)] = (listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, message: { name: string; payload: unknown }) => {
      if (message.name === name) listener(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  };
}

contextBridge.exposeInMainWorld('hexin', api);
