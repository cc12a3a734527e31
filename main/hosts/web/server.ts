// The web host: serves the built renderer and carries the one contract over a WebSocket, on 127.0.0.1 only,
// guarded by a per-run token. It is how the product runs and is tested where no Electron binary exists.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decode, encode } from '@msgpack/msgpack';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MAX_WIRE_BYTES,
  RPC_PATH,
  wireCallSchema,
  type WireEvent,
  type WireResult,
} from '../../../common/wire';
import type { Core } from '../../app';
import { MAX_ARG_VALUES } from '../../ipc/dispatcher';
import type { Logger } from '../../util/log';
import { SECURITY_HEADERS } from '../security-headers';
import { BODY_TOO_LARGE, closeAfterAnswer, readCappedBody } from '../../util/request-body';
import { readStaticFile } from '../static-files';
import { TOKEN_COOKIE, bearerToken, cookieToken, newToken, tokensEqual } from './token';
import { errorMessage } from '../../../common/errors';

export interface WebHostOptions {
  core: Core;
  rendererDir: string;
  log: Logger;
  port?: number;
  token?: string;
  /**
   * A one-time code that `GET /launch?code=…` trades for the token cookie, so whoever starts the kiosk window never
   * puts the token itself on a command line (any local user can read those with `ps`). Valid once.
   */
  launchCode?: string;
  /** Extra loopback HTTP routes (test controls), all behind the token; return false when not handled. */
  extraRoutes?: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => Promise<boolean>;
}

export interface WebHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
// No call has more values than the dispatcher takes: a 200,000-key map is refused while decoding, never built.
const WIRE_DECODE_LIMITS = { maxMapLength: MAX_ARG_VALUES, maxArrayLength: MAX_ARG_VALUES };
export const LAUNCH_PATH = '/launch';

function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, log } = options;
  const token = options.token ?? newToken();
  let origin = '';
  let allowedHosts: string[] = [];

  const authorised = (req: http.IncomingMessage, url: URL): boolean =>
    tokensEqual(token, cookieToken(req.headers.cookie)) ||
    tokensEqual(token, bearerToken(req.headers.authorization)) ||
    tokensEqual(token, url.searchParams.get('token'));

  // DNS-rebinding guard: a page from another site that resolves its name to 127.0.0.1 still sends its own Host.
  const hostAllowed = (req: http.IncomingMessage) => allowedHosts.includes(req.headers.host ?? '');

  const tokenCookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  let launchCode = options.launchCode;
  const launch = (res: http.ServerResponse, url: URL) => {
    if (!launchCode || !tokensEqual(launchCode, url.searchParams.get('code')))
      return send(res, 401, 'Hexin Kiosk: this launch code is not valid (it works once).');
    launchCode = undefined;
    log.info('kiosk window signed in with the one-time launch code');
    // A page that moves on to / rather than a redirect: the launch page may come from file://, and a SameSite=Strict
    // cookie is sent only on a navigation that starts from our own origin.
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Set-Cookie': tokenCookie,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end('<!doctype html><meta http-equiv="refresh" content="0;url=/"><title>Hexin Kiosk</title>');
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (!hostAllowed(req)) return send(res, 421, 'Misdirected request');
      if (url.pathname === LAUNCH_PATH && req.method === 'GET') return launch(res, url);
      if (!authorised(req, url))
        return send(res, 401, 'Hexin Kiosk: this address needs the token printed at start.');
      if (url.searchParams.has('token') && req.method === 'GET') {
        // Trade the token in the address for a cookie and drop it from the address bar.
        url.searchParams.delete('token');
        res.writeHead(303, {
          ...SECURITY_HEADERS,
          'Set-Cookie': tokenCookie,
          Location: url.pathname + url.search,
          'Cache-Control': 'no-store',
        });
        return res.end();
      }
      if (options.extraRoutes && url.pathname.startsWith('/control/')) {
        const body = await readCappedBody(req);
        if (!body) {
          closeAfterAnswer(req, res);
          return send(res, 413, `Hexin Kiosk: ${BODY_TOO_LARGE}.`);
        }
        if (await options.extraRoutes(req, res, body)) return;
        return send(res, 404, 'Not found');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      const file = await readStaticFile(options.rendererDir, url.pathname);
      if (!file) return send(res, 404, 'Not found');
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': file.contentType,
        'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'max-age=3600',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch((e: unknown) => {
      log.error(`web host request failed: ${errorMessage(e)}`);
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  // Every emitter a client can make fail has an 'error' listener: an unhandled 'error' event ends the process, so
  // one malformed frame or reset connection used to take the whole kiosk down (issue 14 item 1). A broken client is
  // dropped and logged; everyone else is served on.
  const warn = (what: string) => (e: Error) => log.warn(`${what}: ${e.message}`);
  server.on('clientError', (e: Error, socket) => {
    warn('web host: bad HTTP request dropped')(e);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_BYTES });
  wss.on('error', warn('web host: socket server error'));
  server.on('upgrade', (req, socket, head) => {
    // Node detaches its own error handling from an upgraded socket; until ws takes it over, a reset is ours.
    const onHandshakeError = (e: Error) => {
      warn('web host: connection dropped during the handshake')(e);
      socket.destroy();
    };
    socket.on('error', onHandshakeError);
    const url = new URL(req.url ?? '/', origin);
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n\r\n`);
    };
    if (url.pathname !== RPC_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req)) return refuse(421, 'Misdirected Request');
    // Only our own page may open the socket: browsers always send Origin on WebSocket handshakes.
    if (req.headers.origin !== origin) return refuse(403, 'Forbidden');
    if (!authorised(req, url)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // From here the WebSocket handles its socket's errors (see serveSocket).
      socket.off('error', onHandshakeError);
      serveSocket(ws);
    });
  });

  const sockets = new Set<WebSocket>();
  const unsubscribe = core.events.subscribe((name, payload) => {
    const frame = encode({ t: 'event', name, payload } satisfies WireEvent);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  function serveSocket(ws: WebSocket) {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // ws has already failed the connection with the right close code (1002, 1007, 1009…) when it emits this.
    ws.on('error', warn('web host: client dropped after a malformed frame'));
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return ws.close(1003, 'binary frames only');
      let call;
      try {
        call = wireCallSchema.safeParse(decode(data as Buffer, WIRE_DECODE_LIMITS));
      } catch {
        return ws.close(1007, 'malformed frame');
      }
      if (!call.success) return ws.close(1007, 'malformed call');
      const { id, method, args } = call.data;
      core.dispatch(method, args, { host: 'web' }).then(
        (result) => {
          if (ws.readyState === ws.OPEN) ws.send(encode({ t: 'result', id, result } satisfies WireResult));
        },
        (e: unknown) => log.error(`web host: ${method} failed: ${errorMessage(e)}`),
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  server.on('error', warn('web host: server error'));
  const { port } = server.address() as AddressInfo;
  origin = `http://${LOOPBACK}:${port}`;
  allowedHosts = [`${LOOPBACK}:${port}`, `localhost:${port}`];

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
