// A real HTTP(S) server on 127.0.0.1 that speaks hexin-authority/1 like a bank's authority gateway, for tests and
// demo mode. What it answers depends on the ID number's sequence code (digits 15–17), so a test or a demo card
// picks the path by the identity it uses:
//   900 → no_match   901 → no_photo   902 → never answers (timeout)   903 → HTTP 503
//   904 → malformed reply   905 → HTTP 400 (refused)   anything else → match (score 92)
// It validates requests with the same schemas as the client, checks the HMAC signature when given a secret, and
// keeps no personal data: its log holds only the path taken.
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { readCappedBody } from '../../util/request-body';
import { COMPARE_PATH, compareRequestSchema, hmacSignature, SIGNATURE_HEADERS, signingInput } from './wire';
import { jsonOrUndefined } from '../../util/json';

export type SimulatedPath =
  'match' | 'no_match' | 'no_photo' | 'timeout' | 'unavailable' | 'malformed' | 'refused';

export const SIMULATOR_SEQUENCE_CODES: Readonly<Record<string, SimulatedPath>> = {
  '900': 'no_match',
  '901': 'no_photo',
  '902': 'timeout',
  '903': 'unavailable',
  '904': 'malformed',
  '905': 'refused',
};

export interface SimulatorOptions {
  port?: number;
  /** HTTPS with this key/cert; with `ca` and requireClientCert, mutual TLS. Plain HTTP when absent (demo). */
  tls?: { key: Buffer; cert: Buffer; ca?: Buffer; requireClientCert?: boolean };
  /** When set, requests must carry a valid hexin HMAC signature with this secret. */
  hmacSecret?: Buffer;
  /** Maximum accepted clock skew for signed requests. */
  maxSkewSeconds?: number;
  log?: (line: string) => void;
}

export interface SimulatorLogEntry {
  path: SimulatedPath | 'bad_request' | 'bad_signature';
  clientCert: boolean;
  signed: boolean;
}

export interface AuthoritySimulator {
  url: string;
  port: number;
  /** What each request did, in order (no personal data). */
  entries: SimulatorLogEntry[];
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;

export function simulatedPathFor(idNumber: string): SimulatedPath {
  return SIMULATOR_SEQUENCE_CODES[idNumber.slice(14, 17)] ?? 'match';
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function signatureValid(secret: Buffer, req: http.IncomingMessage, body: Buffer, maxSkew: number): boolean {
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  const ts = header(SIGNATURE_HEADERS.timestamp);
  const nonce = header(SIGNATURE_HEADERS.nonce);
  const sig = header(SIGNATURE_HEADERS.signature);
  if (!ts || !nonce || !sig || !/^\d+$/.test(ts)) return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > maxSkew) return false;
  const expected = Buffer.from(hmacSignature(secret, signingInput(COMPARE_PATH, ts, nonce, body)));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function startAuthoritySimulator(options: SimulatorOptions = {}): Promise<AuthoritySimulator> {
  const entries: SimulatorLogEntry[] = [];
  const hanging = new Set<http.ServerResponse>();
  let counter = 0;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const clientCert = Boolean((req.socket as TLSSocket).authorized);
    const record = (path: SimulatorLogEntry['path'], signed: boolean): void => {
      entries.push({ path, clientCert, signed });
      options.log?.(
        `authority-sim: ${path}${clientCert ? ' (client cert)' : ''}${signed ? ' (signed)' : ''}`,
      );
    };
    if (req.method !== 'POST' || req.url !== COMPARE_PATH) {
      record('bad_request', false);
      send(res, 404, { error: 'not found' });
      return;
    }
    const answer = (body: Buffer | null): void => {
      if (!body) return void req.destroy();
      const signed = req.headers[SIGNATURE_HEADERS.signature] !== undefined;
      if (
        options.hmacSecret &&
        !signatureValid(options.hmacSecret, req, body, options.maxSkewSeconds ?? 300)
      ) {
        record('bad_signature', signed);
        send(res, 401, { error: 'bad signature' });
        return;
      }
      const json = jsonOrUndefined(body.toString('utf8'));
      const parsed = compareRequestSchema.safeParse(json);
      if (!parsed.success) {
        record('bad_request', signed);
        send(res, 400, { error: 'bad request', issues: parsed.error.issues.map((i) => i.path.join('.')) });
        return;
      }
      const path = simulatedPathFor(parsed.data.idNumber);
      record(path, signed);
      const reference = `SIM-${Date.now().toString(36)}-${++counter}`;
      const requestId = parsed.data.requestId;
      switch (path) {
        case 'timeout':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        case 'unavailable':
          send(res, 503, { error: 'temporarily unavailable' });
          return;
        case 'refused':
          send(res, 400, { error: 'refused' });
          return;
        case 'malformed':
          send(res, 200, '{"requestId":' + JSON.stringify(requestId) + ',"result":"maybe"');
          return;
        case 'no_photo':
          send(res, 200, { requestId, result: 'no_photo', reference });
          return;
        case 'no_match':
          // Real gateways echo personal fields; the client must drop them, so the simulator sends one too.
          send(res, 200, { requestId, result: 'no_match', score: 12, reference, name: 'echoed-name' });
          return;
        case 'match':
          send(res, 200, { requestId, result: 'match', score: 92, reference, name: 'echoed-name' });
          return;
      }
    };
    void readCappedBody(req, MAX_BODY).then(answer, () => req.destroy());
  };

  const server = options.tls
    ? https.createServer(
        {
          key: options.tls.key,
          cert: options.tls.cert,
          ...(options.tls.ca ? { ca: options.tls.ca } : {}),
          requestCert: Boolean(options.tls.requireClientCert),
          rejectUnauthorized: Boolean(options.tls.requireClientCert),
        },
        handler,
      )
    : http.createServer(handler);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    entries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
