import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HexinError } from '../../../../common/errors';
import { authorityConfigSchema, authorityProviderSchema } from '../../../../main/verify/authority/config';
import {
  HttpsAuthorityClient,
  type AuthorityClientOptions,
} from '../../../../main/verify/authority/https-client';
import { loadAuthorityClient } from '../../../../main/verify/authority/load';
import {
  startAuthoritySimulator,
  type AuthoritySimulator,
} from '../../../../main/verify/authority/simulator';
import type { FaceImage } from '../../../../main/verify/authority/types';
import { makeTestPki, type TestPki } from './test-pki';

/** A well-formed ID number (ISO 7064 MOD 11-2 check digit) whose sequence code picks the simulator's path. */
function idWithSequence(seq: string): string {
  const body = `11010519491231${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return body + '10X98765432'[sum % 11];
}
const person = (seq: string) => ({ idNumber: idWithSequence(seq), name: '张三' });

let pki: TestPki;
let face: FaceImage;
const servers: AuthoritySimulator[] = [];
const clients: HttpsAuthorityClient[] = [];

beforeAll(async () => {
  pki = await makeTestPki();
  face = { bytes: await fs.readFile(path.resolve('../shared/faces/barack_obama/1.jpg')), format: 'jpeg' };
});
afterAll(async () => {
  await pki.remove();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function mtlsSimulator(extra: { hmacSecret?: Buffer } = {}): Promise<AuthoritySimulator> {
  const sim = await startAuthoritySimulator({
    tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requireClientCert: true },
    ...extra,
  });
  servers.push(sim);
  return sim;
}

function client(
  endpoint: string,
  provider: Record<string, unknown> = {},
  extra: Partial<AuthorityClientOptions> = {},
): HttpsAuthorityClient {
  const c = new HttpsAuthorityClient({
    provider: authorityProviderSchema.parse({
      endpoint,
      timeoutMs: 2_000,
      retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
      ...provider,
    }),
    tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey },
    kioskId: 'kiosk-test',
    ...extra,
  });
  clients.push(c);
  return c;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HexinError);
  return (e as HexinError).code;
}

describe('HttpsAuthorityClient against the simulator over mutual TLS', () => {
  it('answers match, no_match and no_photo by identity, keeping nothing personal from the reply', async () => {
    const sim = await mtlsSimulator();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-auth-'));
    await fs.copyFile(pki.files.caCert, path.join(dataDir, 'ca.pem'));
    await fs.copyFile(pki.files.clientCert, path.join(dataDir, 'client.pem'));
    await fs.copyFile(pki.files.clientKey, path.join(dataDir, 'client.key'));
    const config = authorityConfigSchema.parse({
      policy: 'both',
      provider: {
        endpoint: sim.url,
        tls: { caFile: 'ca.pem', certFile: 'client.pem', keyFile: 'client.key' },
      },
    });
    const c = await loadAuthorityClient(config, { dataDir, kioskId: 'kiosk-test' });
    if (!c) throw new Error('expected a client for policy both');
    clients.push(c);

    const match = await c.verify(person('123'), face);
    expect(match).toMatchObject({ result: 'match', score: 92, provider: 'mps' });
    expect(match.reference).toMatch(/^SIM-/);
    expect(Object.keys(match).sort()).toEqual(['provider', 'reference', 'result', 'score']);
    expect((await c.verify(person('900'), face)).result).toBe('no_match');
    const noPhoto = await c.verify(person('901'), face);
    expect(noPhoto.result).toBe('no_photo');
    expect(noPhoto.score).toBeUndefined();
    expect(sim.entries.map((e) => e.path)).toEqual(['match', 'no_match', 'no_photo']);
    expect(sim.entries.every((e) => e.clientCert)).toBe(true);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('fails without a client certificate, with a stranger one, or when the server is not trusted', async () => {
    const sim = await mtlsSimulator();
    const noCert = new HttpsAuthorityClient({
      provider: authorityProviderSchema.parse({ endpoint: sim.url, retry: { maxAttempts: 1 } }),
      tls: { ca: pki.caCert },
      kioskId: 'k',
    });
    clients.push(noCert);
    expect(await codeOf(noCert.verify(person('123'), face))).toBe('AUTHORITY_UNAVAILABLE');
    const stranger = client(
      sim.url,
      { retry: { maxAttempts: 1 } },
      {
        tls: { ca: pki.caCert, cert: pki.strangerCert, key: pki.strangerKey },
      },
    );
    expect(await codeOf(stranger.verify(person('123'), face))).toBe('AUTHORITY_UNAVAILABLE');
    const untrusting = client(sim.url, {}, { tls: { cert: pki.clientCert, key: pki.clientKey } });
    expect(await codeOf(untrusting.verify(person('123'), face))).toBe('AUTHORITY_UNAVAILABLE');
    expect(sim.entries).toEqual([]);
  });

  it('retries timeouts and 5xx with backoff, then gives up with the right code', async () => {
    const sim = await mtlsSimulator();
    const c = client(sim.url, {
      timeoutMs: 300,
      retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 10 },
    });
    expect(await codeOf(c.verify(person('902'), face))).toBe('AUTHORITY_TIMEOUT');
    expect(sim.entries.map((e) => e.path)).toEqual(['timeout', 'timeout']);
    const c3 = client(sim.url);
    expect(await codeOf(c3.verify(person('903'), face))).toBe('AUTHORITY_UNAVAILABLE');
    expect(sim.entries.filter((e) => e.path === 'unavailable')).toHaveLength(3);
  });

  it('does not retry refusals; reports malformed replies', async () => {
    const sim = await mtlsSimulator();
    const c = client(sim.url);
    expect(await codeOf(c.verify(person('905'), face))).toBe('AUTHORITY_REJECTED');
    expect(await codeOf(c.verify(person('904'), face))).toBe('AUTHORITY_BAD_REPLY');
    expect(sim.entries.map((e) => e.path)).toEqual(['refused', 'malformed']);
  });

  it('signs requests with HMAC when configured; a wrong secret is refused', async () => {
    const secret = Buffer.from('0123456789abcdef0123456789abcdef');
    const sim = await mtlsSimulator({ hmacSecret: secret });
    const signing = { kind: 'hmac-sha256', keyId: 'kiosk-test-1', secretFile: 'unused' };
    const good = client(sim.url, { signing }, { signingSecret: secret });
    expect((await good.verify(person('123'), face)).result).toBe('match');
    const bad = client(
      sim.url,
      { signing },
      { signingSecret: Buffer.from('another-secret-of-32-bytes-long!') },
    );
    expect(await codeOf(bad.verify(person('123'), face))).toBe('AUTHORITY_REJECTED');
    const unsigned = client(sim.url);
    expect(await codeOf(unsigned.verify(person('123'), face))).toBe('AUTHORITY_REJECTED');
    expect(sim.entries.map((e) => [e.path, e.signed])).toEqual([
      ['match', true],
      ['bad_signature', true],
      ['bad_signature', false],
    ]);
  });

  it('refuses bad input before sending anything', async () => {
    const sim = await mtlsSimulator();
    const c = client(sim.url);
    expect(await codeOf(c.verify({ idNumber: '12345', name: '张三' }, face))).toBe('AUTHORITY_BAD_INPUT');
    expect(await codeOf(c.verify(person('123'), { bytes: Buffer.from('GIF89a'), format: 'jpeg' }))).toBe(
      'AUTHORITY_BAD_INPUT',
    );
    expect(await codeOf(c.verify({ ...person('123'), name: ' ' }, face))).toBe('AUTHORITY_BAD_INPUT');
    expect(sim.entries).toEqual([]);
  });
});

describe('circuit breaker around the authority', () => {
  it('opens after repeated failures, fails fast, and closes again after a successful trial', async () => {
    const sim = await mtlsSimulator();
    let now = 1_000_000;
    const states: string[] = [];
    const c = client(
      sim.url,
      { retry: { maxAttempts: 1 }, breaker: { failureThreshold: 2, cooldownMs: 30_000 } },
      { now: () => now, onBreakerChange: (s) => states.push(s) },
    );
    expect(await codeOf(c.verify(person('903'), face))).toBe('AUTHORITY_UNAVAILABLE');
    expect(c.breakerState).toBe('closed');
    expect(await codeOf(c.verify(person('903'), face))).toBe('AUTHORITY_UNAVAILABLE');
    expect(c.breakerState).toBe('open');
    // Open: fails fast, the simulator sees nothing.
    expect(await codeOf(c.verify(person('123'), face))).toBe('AUTHORITY_CIRCUIT_OPEN');
    expect(sim.entries).toHaveLength(2);

    now += 30_000;
    expect(c.breakerState).toBe('half-open');
    // A failed trial re-opens at once.
    expect(await codeOf(c.verify(person('903'), face))).toBe('AUTHORITY_UNAVAILABLE');
    expect(c.breakerState).toBe('open');
    now += 30_000;
    expect((await c.verify(person('123'), face)).result).toBe('match');
    expect(c.breakerState).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
    // A clean "no match" is an answer, not a failure: it does not count against the provider.
    for (let i = 0; i < 3; i++) expect((await c.verify(person('900'), face)).result).toBe('no_match');
    expect(c.breakerState).toBe('closed');
  });
});

describe('authority config', () => {
  it('requires https unless plain http is explicitly allowed, and an endpoint unless local-only', () => {
    expect(authorityConfigSchema.parse({}).policy).toBe('local');
    expect(authorityConfigSchema.safeParse({ policy: 'authority' }).success).toBe(false);
    expect(
      authorityConfigSchema.safeParse({ policy: 'both', provider: { endpoint: 'http://127.0.0.1:1' } })
        .success,
    ).toBe(false);
    const demo = authorityConfigSchema.parse({
      policy: 'both',
      provider: { endpoint: 'http://127.0.0.1:1', allowInsecureHttp: true },
    });
    expect(demo.provider.retry.maxAttempts).toBe(3);
    expect(
      authorityProviderSchema.safeParse({ endpoint: 'https://gw', tls: { certFile: 'c.pem' } }).success,
    ).toBe(false);
  });

  it('plain http works only in demo mode', async () => {
    const sim = await startAuthoritySimulator();
    servers.push(sim);
    const demo = client(sim.url, { allowInsecureHttp: true });
    expect((await demo.verify(person('123'), face)).result).toBe('match');
    const strict = new HttpsAuthorityClient({
      provider: { ...authorityProviderSchema.parse({ endpoint: 'https://x' }), endpoint: sim.url },
      kioskId: 'k',
    });
    clients.push(strict);
    expect(await codeOf(strict.verify(person('123'), face))).toBe('AUTHORITY_UNAVAILABLE');
    expect(sim.entries).toHaveLength(1);
  });
});

describe('the authority as a clock reference', () => {
  it("hands the authority's Date header and our clock at that moment to the environment check", async () => {
    const sim = await mtlsSimulator();
    const times: { serverMs: number; localMs: number }[] = [];
    const c = client(sim.url, {}, { onServerTime: (t) => times.push(t) });
    const before = Date.now();
    await c.verify(person('123'), face);
    expect(times).toHaveLength(1);
    // HTTP-date has whole seconds: the server's reading is within a second of ours (same machine).
    expect(Math.abs(times[0]!.serverMs - times[0]!.localMs)).toBeLessThan(1_500);
    expect(times[0]!.localMs).toBeGreaterThanOrEqual(before);
  });
});
