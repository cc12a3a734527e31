// The back office's HTTP surface (Fastify over HTTPS). Kiosk routes need mutual TLS: the client certificate must
// chain to the fleet CA, and after enrolment its fingerprint names the kiosk. Nothing is kept in the process
// between requests (PostgreSQL holds everything), so any number of instances can stand behind a load balancer.
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { EnrolRequestSchema, LockoutCheckSchema, LockoutReportSchema, OrderAckSchema } from '../common/fleet';
import { enrol, fleetKeys, sealKeysAtRest } from './enrolment';
import type { KeyVault } from './key-vault';
import { BackofficeError } from './errors';
import { ingestBatch, recordLockout } from './ingest';
import { lockoutOf } from './lockouts';
import { ackOrder, pullOrders } from './orders';
import { consoleOverview } from './console-api';
import { serveConsole } from './console-files';
import { login, logout, sessionCookie, staffOf } from './staff';

const LoginSchema = z.strictObject({ user: z.string().min(1).max(32), password: z.string().min(1).max(200) });

export interface BackofficeTls {
  key: Buffer;
  cert: Buffer;
  /** The CA kiosk client certificates must chain to. */
  ca: Buffer;
}

export interface BackofficeOptions {
  pool: pg.Pool;
  /** Opens the keys kept sealed in the database (the key-encryption key from outside it). */
  vault: KeyVault;
  tls: BackofficeTls;
  /** Fastify's request log (off in tests and the load test). */
  logger?: boolean;
  /** The built fleet console (backoffice/console/build.ts); none: the console is not served. */
  consoleDir?: string;
}

const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Headers in which TLS-terminating balancers forward a client certificate (Envoy, nginx, HAProxy, AWS ALB). Never
 * trusted: the back office terminates mutual TLS itself, behind a balancer that passes TLS through (README, "Load
 * balancer"); a request carrying one was terminated before it came here, and is told so.
 */
const FORWARDED_CERT_HEADERS = [
  'x-forwarded-client-cert',
  'x-ssl-client-cert',
  'x-client-cert',
  'ssl-client-cert',
  'x-amzn-mtls-clientcert',
];

/** The SHA-256 fingerprint of the client certificate verified on this TLS connection, or a 401. */
function clientCert(req: FastifyRequest): string {
  const socket = req.raw.socket as TLSSocket;
  if (!socket.authorized) {
    const forwarded = FORWARDED_CERT_HEADERS.find((h) => req.headers[h] !== undefined);
    if (forwarded)
      throw new BackofficeError(
        401,
        'TLS_NOT_PASSED_THROUGH',
        `a client certificate forwarded in ${forwarded} is not accepted: the back office terminates mutual TLS ` +
          'itself, so a load balancer in front must pass TLS through (TCP, no TLS termination)',
      );
    throw new BackofficeError(401, 'CLIENT_CERT_REQUIRED', 'a fleet client certificate is required');
  }
  const cert = socket.getPeerCertificate();
  return cert.fingerprint256.replace(/:/g, '').toLowerCase();
}

async function kioskOf(pool: pg.Pool, req: FastifyRequest): Promise<string> {
  const fp = clientCert(req);
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM kiosks WHERE cert_sha256 = $1', [fp]);
  if (!rows[0])
    throw new BackofficeError(403, 'NOT_ENROLLED', 'this certificate belongs to no enrolled kiosk');
  return rows[0].id;
}

function body<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackofficeError(
      400,
      'BAD_REQUEST',
      `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

export async function buildBackoffice(options: BackofficeOptions): Promise<FastifyInstance> {
  const { pool, vault } = options;
  // Keys written in the clear before migration 0007 are sealed now (a no-op once they are).
  await sealKeysAtRest(pool, vault);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_BATCH_BYTES,
    https: {
      key: options.tls.key,
      cert: options.tls.cert,
      ca: options.tls.ca,
      // Asked of every client, required only on kiosk routes: the console's browsers have no client certificate.
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
  });
  app.addContentTypeParser('application/jose', { parseAs: 'string' }, (_req, text, done) => done(null, text));
  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof BackofficeError)
      return reply.code(error.status).send({ error: error.code, message: error.message, ...error.extra });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500)
      return reply.code(status).send({ error: 'BAD_REQUEST', message: (error as Error).message });
    app.log.error(error);
    return reply.code(500).send({ error: 'INTERNAL', message: 'internal error' });
  });

  app.get('/healthz', async () => {
    await pool.query('SELECT 1');
    return { ok: true };
  });

  app.post('/v1/enrol', async (req) =>
    enrol(pool, vault, clientCert(req), body(EnrolRequestSchema, req.body)),
  );

  app.post('/v1/batches', async (req) => {
    const kioskId = await kioskOf(pool, req);
    if (typeof req.body !== 'string')
      throw new BackofficeError(415, 'BAD_REQUEST', 'a batch is a compact JWS sent as application/jose');
    return ingestBatch(pool, kioskId, req.body);
  });

  app.post('/v1/lockouts/check', async (req) => {
    await kioskOf(pool, req);
    return lockoutOf(pool, body(LockoutCheckSchema, req.body).subjects);
  });

  app.post('/v1/lockouts', async (req) => {
    const kioskId = await kioskOf(pool, req);
    const report = body(LockoutReportSchema, req.body);
    await recordLockout(pool, kioskId, report.subject, report.until, new Date().toISOString());
    return { ok: true };
  });

  // The fleet console: the page (no secrets in it) and its API behind staff login.
  if (options.consoleDir) serveConsole(app, options.consoleDir);
  app.post('/console/api/login', async (req, reply) => {
    const { user, password } = body(LoginSchema, req.body);
    void reply.header('set-cookie', sessionCookie(await login(pool, user, password)));
    return { ok: true };
  });
  app.post('/console/api/logout', async (req, reply) => {
    await logout(pool, req, reply);
    return { ok: true };
  });
  app.get('/console/api/overview', async (req) => {
    await staffOf(pool, req);
    return consoleOverview(pool);
  });

  app.post('/v1/orders/pull', async (req) => ({
    orders: await pullOrders(pool, await kioskOf(pool, req)),
    fleetKeys: await fleetKeys(pool, vault),
  }));

  app.post('/v1/orders/ack', async (req) => {
    const kioskId = await kioskOf(pool, req);
    await ackOrder(pool, kioskId, body(OrderAckSchema, req.body));
    return { ok: true };
  });

  return app;
}
