import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import { apiConfigSchema } from '../../../main/api/config';
import type {
  StartedVerification,
  VerificationOutcome,
  VerificationRequest,
  VerificationStarter,
} from '../../../main/api/port';
import { startApiServer, type ApiServer } from '../../../main/api/server';
import { loadOrCreateApiToken } from '../../../main/api/token';
import { deliveryConfigSchema } from '../../../main/verify/delivery/config';
import { ResultIssuer } from '../../../main/verify/delivery/issuer';
import { ResultOutbox } from '../../../main/verify/delivery/outbox';
import { verifyResultToken } from '../../../main/verify/delivery/result-token';
import {
  loadOrCreateSigningKey,
  publicJwk,
  type SigningKey,
} from '../../../main/verify/delivery/signing-key';

/**
 * A small real kiosk behind the port: one session at a time, known third parties only, and a signed result
 * from the real issuer when the "person" (the test) finishes.
 */
class OneAtATimeKiosk implements VerificationStarter {
  private current:
    { request: VerificationRequest; sessionId: string; end: (o: VerificationOutcome) => void } | undefined;

  constructor(private readonly issuer: ResultIssuer) {}

  async start(request: VerificationRequest): Promise<StartedVerification> {
    if (this.current) throw new HexinError('API_BUSY', 'a session is running');
    this.issuer.thirdParty(request.thirdPartyId);
    const sessionId = randomUUID();
    let end!: (o: VerificationOutcome) => void;
    const outcome = new Promise<VerificationOutcome>((resolve) => {
      end = (o) => {
        this.current = undefined;
        resolve(o);
      };
    });
    this.current = { request, sessionId, end };
    return { sessionId, outcome, cancel: () => end({ status: 'cancelled', finishedAt: new Date() }) };
  }

  async personFinishes(decision: 'pass' | 'fail'): Promise<void> {
    const s = this.current;
    if (!s) throw new Error('no session');
    const issued = await this.issuer.issue({
      thirdPartyId: s.request.thirdPartyId,
      sessionId: s.sessionId,
      decision,
      livenessMode: 'active',
      matchPolicy: 'local',
      purpose: s.request.purpose,
      verifiedAt: new Date(),
      idNumber: '110105194912310029',
    });
    s.end({ status: 'completed', decision, token: issued.token, finishedAt: new Date() });
  }
}

let dir: string;
let key: SigningKey;
let kiosk: OneAtATimeKiosk;
let outbox: ResultOutbox;
let api: ApiServer;
let token: string;

async function startApi(listenHost?: string): Promise<ApiServer> {
  return startApiServer({
    config: apiConfigSchema.parse({ enabled: true, port: 0, maxBodyBytes: 1024, maxWaitSeconds: 5 }),
    token,
    starter: kiosk,
    ...(listenHost ? { listenHost } : {}),
  });
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-api-'));
  key = await loadOrCreateSigningKey(path.join(dir, 'keys/result-signing.pem'));
  token = await loadOrCreateApiToken(path.join(dir, 'keys/api-token'));
  const config = deliveryConfigSchema.parse({
    thirdParties: [
      {
        id: 'bank-accounts',
        name: '开户',
        callbackUrl: 'https://127.0.0.1:9/r',
        idHashKey: Buffer.alloc(32, 1).toString('base64'),
      },
    ],
  });
  outbox = await ResultOutbox.open(path.join(dir, 'outbox'));
  kiosk = new OneAtATimeKiosk(new ResultIssuer({ key, kioskId: 'kiosk-api', config, outbox }));
  api = await startApi();
});
afterEach(async () => {
  await api.close();
  await fs.rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

function call(
  method: string,
  urlPath: string,
  opts: {
    body?: string;
    headers?: Record<string, string>;
    auth?: string | null;
    host?: string;
    base?: string;
  } = {},
): Promise<Reply> {
  const base = new URL(opts.base ?? api.url);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth !== null) headers.authorization = opts.auth ?? `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  if (opts.host) headers.host = opts.host;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: base.hostname, port: base.port, method, path: urlPath, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const good = JSON.stringify({ purpose: 'open-account', thirdPartyId: 'bank-accounts', reference: 'APP-7' });
const errorCode = (r: Reply): unknown => (r.json.error as { code?: string } | undefined)?.code;

describe('business-app API', () => {
  it('starts a verification, long-polls, and returns a signed result that verifies with the kiosk key', async () => {
    const created = await call('POST', '/v1/verifications', { body: good });
    expect(created.status).toBe(202);
    expect(created.json).toMatchObject({ status: 'running', purpose: 'open-account', reference: 'APP-7' });
    const id = String(created.json.id);
    expect(created.headers.location).toBe(`/v1/verifications/${id}`);
    expect((await call('GET', `/v1/verifications/${id}`)).json.status).toBe('running');

    const polled = call('GET', `/v1/verifications/${id}?wait=5`);
    await kiosk.personFinishes('pass');
    const done = await polled;
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ status: 'completed', decision: 'pass' });
    const claims = await verifyResultToken(String(done.json.token), publicJwk(key), {
      audience: 'bank-accounts',
      issuer: 'kiosk-api',
    });
    expect(claims).toMatchObject({ decision: 'pass', purpose: 'open-account' });
    // The same token waits in the outbox for delivery to the third party's callback.
    expect((await outbox.list()).map((e) => e.token)).toEqual([done.json.token]);
  });

  it('refuses requests without the token or with a wrong one (401)', async () => {
    const none = await call('POST', '/v1/verifications', { body: good, auth: null });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(errorCode(none)).toBe('API_UNAUTHORIZED');
    expect((await call('GET', '/v1/health', { auth: 'Bearer wrong-token' })).status).toBe(401);
    expect((await call('GET', '/v1/health', { auth: `Basic ${token}` })).status).toBe(401);
    expect((await call('GET', '/v1/health')).status).toBe(200);
  });

  it('refuses browser origins and non-loopback Host headers (403)', async () => {
    const origin = await call('POST', '/v1/verifications', {
      body: good,
      headers: { origin: 'https://evil.example' },
    });
    expect(origin.status).toBe(403);
    const rebind = await call('GET', '/v1/health', { host: `evil.example:${api.port}` });
    expect(rebind.status).toBe(403);
    expect(errorCode(rebind)).toBe('API_FORBIDDEN');
  });

  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.skipIf(!external)('refuses peers that are not on loopback (403)', async () => {
    const wide = await startApi('0.0.0.0');
    try {
      const reply = await call('GET', '/v1/health', {
        base: `http://${external}:${wide.port}`,
        host: `127.0.0.1:${wide.port}`,
      });
      expect(reply.status).toBe(403);
      expect((reply.json.error as { message: string }).message).toMatch(/loopback/);
      expect((await call('GET', '/v1/health', { base: wide.url })).status).toBe(200);
    } finally {
      await wide.close();
    }
  });

  it('refuses malformed bodies, listing the schema errors (400/413/415)', async () => {
    const notJson = await call('POST', '/v1/verifications', { body: '{"purpose":' });
    expect(notJson.status).toBe(400);
    expect(errorCode(notJson)).toBe('API_BAD_REQUEST');

    const bad = await call('POST', '/v1/verifications', {
      body: JSON.stringify({ thirdPartyId: 'Bank Accounts!', extra: 1, reference: '' }),
    });
    expect(bad.status).toBe(400);
    const issues = (bad.json.error as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
    expect(issues).toEqual(['(root)', 'purpose', 'reference', 'thirdPartyId']);

    const type = await call('POST', '/v1/verifications', {
      body: good,
      headers: { 'content-type': 'text/plain' },
    });
    expect(type.status).toBe(415);
    const big = await call('POST', '/v1/verifications', {
      body: JSON.stringify({
        purpose: 'open-account',
        thirdPartyId: 'bank-accounts',
        reference: 'x'.repeat(2000),
      }),
    });
    expect(big.status).toBe(413);
    const wait = await call('GET', `/v1/verifications/${randomUUID()}?wait=1`);
    expect(wait.status).toBe(404);
  });

  it('answers busy (409), unknown third party (422), cancel, unknown routes and methods', async () => {
    const unknown = await call('POST', '/v1/verifications', {
      body: JSON.stringify({ purpose: 'open-account', thirdPartyId: 'nobody' }),
    });
    expect(unknown.status).toBe(422);
    expect(errorCode(unknown)).toBe('THIRD_PARTY_UNKNOWN');

    const first = await call('POST', '/v1/verifications', { body: good });
    expect(first.status).toBe(202);
    const busy = await call('POST', '/v1/verifications', { body: good });
    expect(busy.status).toBe(409);
    expect(errorCode(busy)).toBe('API_BUSY');

    const id = String(first.json.id);
    expect((await call('DELETE', `/v1/verifications/${id}`)).status).toBe(202);
    expect((await call('GET', `/v1/verifications/${id}?wait=1`)).json.status).toBe('cancelled');
    expect((await call('POST', '/v1/verifications', { body: good })).status).toBe(202);

    expect((await call('PUT', `/v1/verifications/${id}`)).status).toBe(405);
    expect((await call('GET', '/v1/verifications')).status).toBe(405);
    expect((await call('GET', '/v2/anything')).status).toBe(404);
    expect((await call('GET', `/v1/verifications/${id}?wait=soon`)).status).toBe(400);
  });

  it('keeps the bearer token in a 0600 file and reuses it', async () => {
    const file = path.join(dir, 'keys/api-token');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateApiToken(file)).toBe(token);
    await fs.chmod(file, 0o644);
    await expect(loadOrCreateApiToken(file)).rejects.toMatchObject({ code: 'INTEGRATIONS_CONFIG_INVALID' });
  });

  it('gives two callers creating the token at once the one token on disk', async () => {
    const file = path.join(dir, 'keys/new-api-token');
    const [a, b] = await Promise.all([loadOrCreateApiToken(file), loadOrCreateApiToken(file)]);
    expect(b).toBe(a);
    expect((await fs.readFile(file, 'utf8')).trim()).toBe(a);
    expect((await fs.readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
