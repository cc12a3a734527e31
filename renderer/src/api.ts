// The renderer's one way to reach main. Under Electron, preload has put `window.hexin` there (built from the
// contract). Under the web host there is no preload, so the same API is built here from the same contract and
// carried over the loopback WebSocket.
import { decode, encode } from '@msgpack/msgpack';
import { eventVerb, type CallResult } from '../../common/contract-kit';
import { events, methods, type HexinApi } from '../../common/contract';
import { RPC_PATH, wireEventSchema, wireResultSchema, type WireCall } from '../../common/wire';
import { errorMessage } from '../../common/errors';

declare global {
  interface Window {
    hexin?: HexinApi;
  }
}

type Listener = (payload: unknown) => void;

function createWebClient(): HexinApi {
  let socket: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, (r: CallResult<unknown>) => void>();
  const listeners = new Map<string, Set<Listener>>();

  const failAll = (message: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'UNAVAILABLE', message } });
    pending.clear();
  };

  function open(): Promise<WebSocket> {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    if (opening) return opening;
    opening = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${RPC_PATH}`,
      );
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = null;
        reject(new Error('connection to the kiosk service failed'));
      };
      ws.onclose = () => {
        socket = null;
        failAll('connection to the kiosk service closed');
        // Events must keep flowing: reconnect while anyone listens.
        if ([...listeners.values()].some((s) => s.size > 0))
          setTimeout(() => void open().catch(() => {}), 1000);
      };
      ws.onmessage = (e: MessageEvent<ArrayBuffer>) => {
        const msg: unknown = decode(new Uint8Array(e.data));
        const result = wireResultSchema.safeParse(msg);
        if (result.success) {
          pending.get(result.data.id)?.(result.data.result);
          pending.delete(result.data.id);
          return;
        }
        const event = wireEventSchema.safeParse(msg);
        if (event.success) for (const l of listeners.get(event.data.name) ?? []) l(event.data.payload);
      };
    });
    return opening;
  }

  const api: Record<string, unknown> = {};
  for (const name of Object.keys(methods)) {
    api[name] = async (args: unknown): Promise<CallResult<unknown>> => {
      let ws: WebSocket;
      try {
        ws = await open();
      } catch (e) {
        return {
          ok: false,
          error: { code: 'UNAVAILABLE', message: errorMessage(e) },
        };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(encode({ t: 'call', id, method: name, args } satisfies WireCall));
      });
    };
  }
  for (const name of Object.keys(events)) {
    api[eventVerb(name)] = (listener: Listener) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      void open().catch(() => {});
      return () => set.delete(listener);
    };
  }
  return api as HexinApi;
}

export const api: HexinApi = window.hexin ?? createWebClient();
