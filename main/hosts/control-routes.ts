// Loopback test and demo controls for the simulated reader: POST /control/simulator with a JSON body of the
// contract's simulatorCommandSchema ({"action":"insert","card":"resident-adult"}, remove, unplug, plug, fault).
// They exist only in simulator mode (reader.mode "simulator"): the web host serves them behind its per-run token;
// the Electron host on its own loopback server when HEXIN_CONTROL_TOKEN is also set.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simulatorCommandSchema } from '../../common/contract';
import { HexinError } from '../../common/errors';
import type { Core } from '../app';
import { describeZodError } from '../ipc/dispatcher';
import { BODY_TOO_LARGE, closeAfterAnswer, readCappedBody } from '../util/request-body';
import { bearerToken, tokensEqual } from './web/token';

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Handles a request under /control/; false when the path is not a control route. */
export async function handleControl(
  core: Core,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/control/simulator') return false;
  if (req.method !== 'POST') {
    json(res, 405, { error: { code: 'BAD_REQUEST', message: 'POST only' } });
    return true;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    json(res, 400, { error: { code: 'BAD_REQUEST', message: 'body must be JSON' } });
    return true;
  }
  const parsed = simulatorCommandSchema.safeParse(raw);
  if (!parsed.success) {
    json(res, 400, { error: { code: 'BAD_REQUEST', message: describeZodError(parsed.error) } });
    return true;
  }
  try {
    await core.controlSimulator(parsed.data);
    json(res, 200, { ok: true });
  } catch (e) {
    if (e instanceof HexinError) json(res, 409, { error: e.toInfo() });
    else throw e;
  }
  return true;
}

/** Answers, then closes the connection: what the client is still sending is never read. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): void {
  closeAfterAnswer(req, res);
  json(res, status, body);
}

/**
 * A standalone loopback control server (the Electron host in simulator mode, for tests and demos). The token is
 * checked on the headers before a byte of the body is read, and the body is capped by the web host's reader.
 * Prints nothing; returns its URL.
 */
export async function startControlServer(
  core: Core,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (!tokensEqual(token, bearerToken(req.headers.authorization)))
      return refuse(req, res, 401, { error: { code: 'FORBIDDEN', message: 'token' } });
    void readCappedBody(req)
      .then(async (body) => {
        if (!body) return refuse(req, res, 413, { error: { code: 'BAD_REQUEST', message: BODY_TOO_LARGE } });
        const handled = await handleControl(core, req, res, body);
        if (!handled) json(res, 404, { error: { code: 'BAD_REQUEST', message: 'no such control' } });
      })
      .catch(() => {
        if (!res.headersSent) json(res, 500, { error: { code: 'INTERNAL', message: 'Internal error' } });
        else res.destroy();
      });
  });
  // A client that breaks its connection must never take the kiosk down with it.
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
