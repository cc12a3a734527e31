// The business-app API: a small HTTP server on loopback through which a branch application starts a
// verification for a purpose and a third party, then collects the signed result.
//   POST   /v1/verifications          {purpose, thirdPartyId, reference?, language?} → 202 {id, status}
//   GET    /v1/verifications/{id}     ?wait=seconds long-polls for the outcome → 200 {id, status, decision?, token?}
//   DELETE /v1/verifications/{id}     withdraws a running verification → 202
//   GET    /v1/health                 → 200 {ok: true}
// Every request must come from a loopback address, name a loopback Host (defeats DNS rebinding), carry no
// Origin (web pages may not drive it) and present the bearer token; bodies are JSON, size-capped and
// schema-checked with the issues listed in the 400 reply.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { errorMessage, HexinError } from '../../common/errors';
import type { ApiConfig } from './config';
import {
  verificationRequestSchema,
  type VerificationOutcome,
  type VerificationRequest,
  type VerificationStarter,
  type StartedVerification,
} from './port';
import { readCappedBody } from '../util/request-body';
import { tokenMatches } from './token';

interface Tracked {
  id: string;
  request: VerificationRequest;
  started: StartedVerification;
  outcome?: VerificationOutcome;
  createdAt: Date;
}

export interface ApiServerOptions {
  config: ApiConfig;
  token: string;
  starter: VerificationStarter;
  /** Only for tests that prove non-loopback peers are refused; production always uses config.host. */
  listenHost?: string;
  log?: (line: string) => void;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface ApiErrorBody {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return LOOPBACK.has(address) || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address);
}

/** Host header must name loopback (with our port): a browser tricked by DNS rebinding sends the attacker's name. */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const body = await readCappedBody(req, max);
  if (body) return body;
  // Drain what the client still sends so it reads our 413 instead of a reset connection.
  req.resume();
  throw new ApiError(413, { code: 'API_BAD_REQUEST', message: `body larger than ${max} bytes` });
}

function view(t: Tracked): Record<string, unknown> {
  const base = {
    id: t.id,
    purpose: t.request.purpose,
    thirdPartyId: t.request.thirdPartyId,
    ...(t.request.reference ? { reference: t.request.reference } : {}),
    createdAt: t.createdAt.toISOString(),
  };
  if (!t.outcome) return { ...base, status: 'running' };
  if (t.outcome.status === 'completed') {
    return {
      ...base,
      status: 'completed',
      decision: t.outcome.decision,
      ...(t.outcome.token ? { token: t.outcome.token } : {}),
      finishedAt: t.outcome.finishedAt.toISOString(),
    };
  }
  return {
    ...base,
    status: t.outcome.status,
    ...(t.outcome.code ? { code: t.outcome.code } : {}),
    finishedAt: t.outcome.finishedAt.toISOString(),
  };
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { config, starter } = options;
  const tracked = new Map<string, Tracked>();
  let port = 0;

  const forget = (id: string): void => {
    const timer = setTimeout(() => tracked.delete(id), config.keepResultsSeconds * 1000);
    timer.unref();
  };

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      throw new ApiError(403, { code: 'API_FORBIDDEN', message: 'only loopback clients are served' });
    }
    if (!hostAllowed(req.headers.host, port)) {
      throw new ApiError(403, {
        code: 'API_FORBIDDEN',
        message: 'Host must be 127.0.0.1, localhost or [::1]',
      });
    }
    if (req.headers.origin !== undefined) {
      throw new ApiError(403, {
        code: 'API_FORBIDDEN',
        message: 'browser requests (Origin) are not accepted',
      });
    }
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(auth);
    if (!match?.[1] || !tokenMatches(match[1], options.token)) {
      throw new ApiError(
        401,
        { code: 'API_UNAUTHORIZED', message: 'missing or wrong bearer token' },
        { 'www-authenticate': 'Bearer realm="hexin-kiosk"' },
      );
    }

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (url.pathname === '/v1/health') {
      if (method !== 'GET') throw methodNotAllowed('GET');
      send(res, 200, { ok: true });
      return;
    }
    if (url.pathname === '/v1/verifications') {
      if (method !== 'POST') throw methodNotAllowed('POST');
      await create(req, res);
      return;
    }
    const item = /^\/v1\/verifications\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (item?.[1]) {
      const t = tracked.get(item[1]);
      if (!t) throw new ApiError(404, { code: 'API_NOT_FOUND', message: 'no such verification' });
      if (method === 'GET') await get(t, url, req, res);
      else if (method === 'DELETE') {
        if (!t.outcome) t.started.cancel();
        send(res, 202, view(t));
      } else throw methodNotAllowed('GET, DELETE');
      return;
    }
    throw new ApiError(404, { code: 'API_NOT_FOUND', message: `no route ${url.pathname}` });
  }

  async function create(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new ApiError(415, { code: 'API_BAD_REQUEST', message: 'content-type must be application/json' });
    }
    const body = await readBody(req, config.maxBodyBytes);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError(400, { code: 'API_BAD_REQUEST', message: 'body is not valid JSON' });
    }
    const parsed = verificationRequestSchema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(400, {
        code: 'API_BAD_REQUEST',
        message: 'body does not match the schema',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      });
    }
    let started: StartedVerification;
    try {
      started = await starter.start(parsed.data);
    } catch (e) {
      if (e instanceof HexinError) {
        const status = e.code === 'API_BUSY' ? 409 : e.code === 'THIRD_PARTY_UNKNOWN' ? 422 : 503;
        throw new ApiError(status, { code: e.code, message: e.message });
      }
      throw e;
    }
    const t: Tracked = { id: randomUUID(), request: parsed.data, started, createdAt: new Date() };
    tracked.set(t.id, t);
    void started.outcome.then(
      (outcome) => {
        t.outcome = outcome;
        forget(t.id);
      },
      (e: unknown) => {
        // The port promises never to reject; if it does, record an error rather than losing the request.
        t.outcome = { status: 'error', code: 'INTERNAL', finishedAt: new Date() };
        options.log?.(`api: outcome rejected: ${errorMessage(e)}`);
        forget(t.id);
      },
    );
    options.log?.(`api: verification ${t.id} started for ${t.request.thirdPartyId} (${t.request.purpose})`);
    send(res, 202, view(t), { location: `/v1/verifications/${t.id}` });
  }

  async function get(
    t: Tracked,
    url: URL,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const waitParam = url.searchParams.get('wait');
    const wait = waitParam === null ? 0 : z.coerce.number().int().min(0).safeParse(waitParam);
    if (typeof wait !== 'number' && !wait.success) {
      throw new ApiError(400, {
        code: 'API_BAD_REQUEST',
        message: 'wait must be a whole number of seconds',
        issues: [{ path: 'wait', message: 'expected a non-negative integer' }],
      });
    }
    const seconds = Math.min(typeof wait === 'number' ? wait : wait.data, config.maxWaitSeconds);
    if (!t.outcome && seconds > 0) {
      // Long poll: answer as soon as the outcome is known, the wait ends, or the client goes away.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        void t.started.outcome.then(done, done);
        req.socket.once('close', done);
      });
      await Promise.resolve(); // let the outcome handler above record it first
    }
    if (!res.writableEnded && !req.socket.destroyed) send(res, 200, view(t));
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) return;
      if (e instanceof ApiError) {
        send(res, e.status, { error: e.body }, e.headers);
        return;
      }
      options.log?.(`api: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      send(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    });
  });
  // Long polls may hold a request for maxWaitSeconds; anything slower than that plus a margin is a stuck client.
  server.requestTimeout = (config.maxWaitSeconds + 30) * 1000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, options.listenHost ?? config.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = config.host === '::1' ? '[::1]' : '127.0.0.1';
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function methodNotAllowed(allow: string): ApiError {
  return new ApiError(405, { code: 'API_BAD_REQUEST', message: `method not allowed (${allow})` }, { allow });
}
