// End to end through the outward-facing parts: a business app calls the API, the real session orchestrator runs
// the flow (scripted card, faces and liveness from the session's own test harness) under the real match policy,
// the authority simulator is asked over mutual TLS, and the signed result — pass or fail — reaches the third
// party's HTTPS receiver and the API caller, and verifies with the key `hexin keys export` prints.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JWK } from 'jose';
import { keysCommand } from '../../../main/cli/commands/keys';
import { apiConfigSchema } from '../../../main/api/config';
import { startApiServer, type ApiServer } from '../../../main/api/server';
import { SessionVerificationStarter } from '../../../main/api/session-starter';
import { authorityProviderSchema } from '../../../main/verify/authority/config';
import { HttpsAuthorityClient } from '../../../main/verify/authority/https-client';
import { AuthorityCheckAdapter } from '../../../main/verify/authority/session-adapter';
import { startAuthoritySimulator, type AuthoritySimulator } from '../../../main/verify/authority/simulator';
import { deliveryConfigSchema } from '../../../main/verify/delivery/config';
import { verifyResultToken } from '../../../main/verify/delivery/result-token';
import { startResultDelivery, type ResultDeliveryService } from '../../../main/verify/delivery/service';
import { ResultDeliveryAdapter } from '../../../main/verify/delivery/session-adapter';
import { agree, at, feedFrames, makeCard, makeHarness, unitVector, type Harness } from '../session/harness';
import { makeTestPki, type TestPki } from '../verify/authority/test-pki';
import { startReceiver, type Receiver } from '../verify/delivery/receiver';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

let pki: TestPki;
let sim: AuthoritySimulator;
let dir: string;
let receiver: Receiver;
let delivery: ResultDeliveryService;
let authority: HttpsAuthorityClient;
let kiosk: Harness | undefined;
let api: ApiServer | undefined;

beforeAll(async () => {
  pki = await makeTestPki();
  sim = await startAuthoritySimulator({
    tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requireClientCert: true },
  });
});
afterAll(async () => {
  await sim.close();
  await pki.remove();
});

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-e2e-api-'));
  receiver = await startReceiver({ key: pki.serverKey, cert: pki.serverCert });
  delivery = await startResultDelivery({
    dataDir: dir,
    kioskId: 'kiosk-e2e',
    idleMs: 60_000,
    config: deliveryConfigSchema.parse({
      thirdParties: [
        {
          id: 'bank-accounts',
          name: '某某银行开户系统',
          names: { en: 'Example Bank account opening' },
          callbackUrl: `${receiver.url}/results`,
          idHashKey: Buffer.alloc(32, 5).toString('base64'),
          caFile: pki.files.caCert,
        },
      ],
    }),
  });
  authority = new HttpsAuthorityClient({
    provider: authorityProviderSchema.parse({ endpoint: sim.url, retry: { maxAttempts: 1 } }),
    tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey },
    kioskId: 'kiosk-e2e',
  });
});

/** The kiosk under `policy` (and any other config), wired as main/app.ts wires it. */
async function boot(
  policy: 'local' | 'authority' | 'both',
  config: Record<string, unknown> = {},
): Promise<Harness> {
  const harness = await makeHarness(
    { ...config, authority: { policy, provider: { endpoint: sim.url } } },
    {
      authority: new AuthorityCheckAdapter({ verifier: authority, maxImageBytes: 256 * 1024 }),
      delivery: new ResultDeliveryAdapter({
        issuer: delivery.issuer,
        livenessMode: 'active',
      }),
    },
  );
  kiosk = harness;
  api = await startApiServer({
    config: apiConfigSchema.parse({ enabled: true, port: 0, maxWaitSeconds: 10 }),
    token: TOKEN,
    starter: new SessionVerificationStarter({
      session: harness.orchestrator,
      thirdParty: (id) => {
        const party = delivery.issuer.thirdParty(id);
        return { id: party.id, name: party.name, ...(party.names ? { names: party.names } : {}) };
      },
    }),
  });
  return harness;
}

/** The public key as a third party gets it: `hexin keys export` (JWKS) on the kiosk's data dir. */
async function exportedKey(): Promise<JWK> {
  const out: string[] = [];
  const code = await keysCommand.run(['export', '--data-dir', dir, '--json'], {
    stdout: (t) => out.push(t),
    stderr: () => undefined,
  });
  expect(code).toBe(0);
  const jwks = JSON.parse(out.join('')) as { keys: JWK[] };
  return jwks.keys[0]!;
}

async function receivedTokens(count: number): Promise<string[]> {
  for (let i = 0; i < 500 && receiver.received.length < count; i++)
    await new Promise((r) => setTimeout(r, 10));
  return receiver.received.map((r) => r.token);
}

afterEach(async () => {
  await api?.close();
  api = undefined;
  kiosk?.orchestrator.dispose();
  kiosk = undefined;
  authority.close();
  await delivery.stop();
  await receiver.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function apiCall(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  if (!api) throw new Error('boot() the kiosk first');
  const res = await fetch(`${api.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const request = { purpose: 'open-account', thirdPartyId: 'bank-accounts', reference: 'APP-1' };

describe('business app → API → session → authority → signed result', () => {
  it('a pass comes back signed to the caller and is delivered to the authorised third party', async () => {
    const h = await boot('both');
    const started = await apiCall('POST', '/v1/verifications', request);
    expect(started.status).toBe(202);
    const consent = at(h.orchestrator.view(), 'consent');
    // The person is told who gets the result, in the text they agree to and above it; the receipt records it.
    expect(consent.recipient).toEqual({ id: 'bank-accounts', name: '某某银行开户系统' });
    expect(JSON.stringify(consent.agreement?.blocks)).toContain('某某银行开户系统');
    expect((await apiCall('POST', '/v1/verifications', request)).status).toBe(409);

    const polled = apiCall('GET', `/v1/verifications/${String(started.json.id)}?wait=10`);
    await agree(h);
    h.cards.insert(makeCard()); // sequence code 803: the simulator matches
    h.orchestrator.confirmCard({ confirmed: true });
    await feedFrames(h);
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass' });

    expect(h.receipts.map((r) => [r.decision, r.thirdParty])).toEqual([
      ['agree', { id: 'bank-accounts', name: '某某银行开户系统' }],
    ]);

    const done = await polled;
    expect(done.json).toMatchObject({ status: 'completed', decision: 'pass', reference: 'APP-1' });
    const claims = await verifyResultToken(String(done.json.token), await exportedKey(), {
      audience: 'bank-accounts',
      issuer: 'kiosk-e2e',
    });
    expect(claims).toMatchObject({
      decision: 'pass',
      reason: 'MATCHED',
      purpose: 'open-account',
      policy: 'both',
    });
    expect(sim.entries.at(-1)).toMatchObject({ path: 'match', clientCert: true });
    expect(await receivedTokens(1)).toEqual([done.json.token]);
  });

  it('a failed match is signed too, delivered to the third party, and verifies with the exported key', async () => {
    const h = await boot('both', { session: { maxRetries: 1 } });
    const started = await apiCall('POST', '/v1/verifications', { ...request, language: 'en' });
    // In English the party's English name is shown, and the receipt names it as the English text did.
    expect(at(h.orchestrator.view(), 'consent').recipient?.name).toBe('Example Bank account opening');
    const polled = apiCall('GET', `/v1/verifications/${String(started.json.id)}?wait=10`);
    const calls = sim.entries.length;
    await agree(h);
    expect(h.receipts[0]?.thirdParty).toEqual({ id: 'bank-accounts', name: 'Example Bank account opening' });
    h.faces.live = unitVector(99); // another person's face: the local match fails
    h.cards.insert(makeCard());
    h.orchestrator.confirmCard({ confirmed: true });
    await feedFrames(h);
    // A failed attempt with a retry left is not a decision yet: nothing is signed.
    expect(at(h.orchestrator.view(), 'retry').retry).toMatchObject({ reason: 'NOT_MATCHED' });
    h.orchestrator.retry({});
    await feedFrames(h, 20, 10_000);
    expect(at(h.orchestrator.view(), 'result').result).toEqual({
      outcome: 'fail',
      reason: 'NOT_MATCHED',
      next: 'staff-counter',
    });
    // Under `both`, a face that failed locally is never sent to the authority.
    expect(sim.entries.length).toBe(calls);

    const done = await polled;
    expect(done.json).toMatchObject({ status: 'completed', decision: 'fail' });
    const [token] = await receivedTokens(1);
    expect(token).toBe(done.json.token);
    const claims = await verifyResultToken(token!, await exportedKey(), {
      audience: 'bank-accounts',
      issuer: 'kiosk-e2e',
    });
    expect(claims).toMatchObject({ decision: 'fail', reason: 'NOT_MATCHED', policy: 'both' });
    expect(JSON.stringify(claims)).not.toContain(makeCard().idNumber);
    // A token altered on the way (decision flipped) no longer verifies.
    const [head, body, sig] = token!.split('.');
    const flipped = Buffer.from(
      Buffer.from(body!, 'base64url').toString().replace('"fail"', '"pass"'),
    ).toString('base64url');
    await expect(
      verifyResultToken(`${head}.${flipped}.${sig}`, await exportedKey(), { audience: 'bank-accounts' }),
    ).rejects.toMatchObject({ code: 'RESULT_TOKEN_INVALID' });
  });

  it('an authority that cannot answer fails the session for the staff counter, signed', async () => {
    const h = await boot('authority');
    const started = await apiCall('POST', '/v1/verifications', request);
    const polled = apiCall('GET', `/v1/verifications/${String(started.json.id)}?wait=10`);
    await agree(h);
    h.cards.insert(makeCard({ idNumber: '110105199003079030' })); // sequence code 903: HTTP 503
    h.orchestrator.confirmCard({ confirmed: true });
    await feedFrames(h);
    expect(at(h.orchestrator.view(), 'result').result).toEqual({
      outcome: 'fail',
      reason: 'AUTHORITY_UNAVAILABLE',
      next: 'staff-counter',
    });
    const done = await polled;
    expect(done.json).toMatchObject({ status: 'completed', decision: 'fail' });
    const claims = await verifyResultToken(String(done.json.token), await exportedKey(), {
      audience: 'bank-accounts',
    });
    expect(claims).toMatchObject({ decision: 'fail', reason: 'AUTHORITY_UNAVAILABLE', policy: 'authority' });
    expect(await receivedTokens(1)).toEqual([done.json.token]);
  });

  it('an authority mismatch offers a retry on screen; the business app withdraws and gets "cancelled"', async () => {
    const h = await boot('both');
    const started = await apiCall('POST', '/v1/verifications', request);
    await agree(h);
    h.cards.insert(makeCard({ idNumber: '110105199003079005' })); // sequence code 900: no match
    h.orchestrator.confirmCard({ confirmed: true });
    await feedFrames(h);
    expect(at(h.orchestrator.view(), 'retry').retry).toMatchObject({ reason: 'AUTHORITY_MISMATCH' });
    const id = String(started.json.id);
    expect((await apiCall('GET', `/v1/verifications/${id}`)).json.status).toBe('running');
    expect((await apiCall('DELETE', `/v1/verifications/${id}`)).status).toBe(202);
    expect((await apiCall('GET', `/v1/verifications/${id}?wait=5`)).json).toMatchObject({
      status: 'cancelled',
    });
    expect(receiver.received).toEqual([]);
  });

  it('a refusal at consent ends as consent_refused with no token', async () => {
    const h = await boot('both');
    const started = await apiCall('POST', '/v1/verifications', request);
    const a = at(h.orchestrator.view(), 'consent').agreement!;
    await h.orchestrator.decideConsent({
      agreementId: a.id,
      version: a.version,
      language: a.language,
      sha256: a.sha256,
      decision: 'refuse',
      confirmations: [],
      guardian: false,
      scrolledToEnd: false,
    });
    const done = await apiCall('GET', `/v1/verifications/${String(started.json.id)}?wait=5`);
    expect(done.json.status).toBe('consent_refused');
    expect(done.json.token).toBeUndefined();
    // The refusal receipt names the party the person declined to authorise.
    expect(h.receipts[0]).toMatchObject({ decision: 'refuse', thirdParty: { id: 'bank-accounts' } });
  });

  it('an unknown third party is refused before any session starts', async () => {
    const h = await boot('both');
    const res = await apiCall('POST', '/v1/verifications', { ...request, thirdPartyId: 'nobody' });
    expect(res.status).toBe(422);
    expect(h.orchestrator.view().step).toBe('attract');
  });
});
