// End to end through the outward-facing parts: a business app calls the API, the real session orchestrator runs
// the flow (scripted card, faces and liveness from the session's own test harness), the authority simulator is
// asked over HTTP, and the signed result reaches the third party's HTTPS receiver and the API caller.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiConfigSchema } from '../../../main/api/config';
import { startApiServer, type ApiServer } from '../../../main/api/server';
import { SessionAuthorisations, SessionVerificationStarter } from '../../../main/api/session-starter';
import { authorityProviderSchema } from '../../../main/verify/authority/config';
import { HttpsAuthorityClient } from '../../../main/verify/authority/https-client';
import { AuthorityCheckAdapter } from '../../../main/verify/authority/session-adapter';
import { startAuthoritySimulator, type AuthoritySimulator } from '../../../main/verify/authority/simulator';
import { deliveryConfigSchema } from '../../../main/verify/delivery/config';
import { verifyResultToken } from '../../../main/verify/delivery/result-token';
import { startResultDelivery, type ResultDeliveryService } from '../../../main/verify/delivery/service';
import { ResultDeliveryAdapter } from '../../../main/verify/delivery/session-adapter';
import { publicJwk } from '../../../main/verify/delivery/signing-key';
import { agree, feedFrames, makeCard, makeHarness, type Harness } from '../session/harness';
import { makeTestPki, type TestPki } from '../verify/authority/test-pki';
import { startReceiver, type Receiver } from '../verify/delivery/receiver';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

let pki: TestPki;
let sim: AuthoritySimulator;
let dir: string;
let receiver: Receiver;
let delivery: ResultDeliveryService;
let authority: HttpsAuthorityClient;
let h: Harness;
let api: ApiServer;

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
          name: '开户',
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
  const authorisations = new SessionAuthorisations();
  h = await makeHarness(
    {},
    {
      authority: new AuthorityCheckAdapter({ verifier: authority, maxImageBytes: 256 * 1024 }),
      delivery: new ResultDeliveryAdapter({
        issuer: delivery.issuer,
        thirdPartyFor: (sessionId) => authorisations.thirdPartyFor(sessionId),
        onIssued: (sessionId, issued) => authorisations.recordIssued(sessionId, issued),
        livenessMode: 'active',
        matchPolicy: 'both',
      }),
    },
  );
  api = await startApiServer({
    config: apiConfigSchema.parse({ enabled: true, port: 0, maxWaitSeconds: 10 }),
    token: TOKEN,
    starter: new SessionVerificationStarter({
      session: h.orchestrator,
      authorisations,
      checkThirdParty: (id) => void delivery.issuer.thirdParty(id),
    }),
  });
});
afterEach(async () => {
  await api.close();
  h.orchestrator.dispose();
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
    const started = await apiCall('POST', '/v1/verifications', request);
    expect(started.status).toBe(202);
    expect(h.orchestrator.view().step).toBe('consent');
    expect((await apiCall('POST', '/v1/verifications', request)).status).toBe(409);

    const polled = apiCall('GET', `/v1/verifications/${String(started.json.id)}?wait=10`);
    await agree(h);
    h.cards.insert(makeCard()); // sequence code 803: the simulator matches
    h.orchestrator.confirmCard({ confirmed: true });
    await feedFrames(h);
    expect(h.orchestrator.view().result).toMatchObject({ outcome: 'pass' });

    const done = await polled;
    expect(done.json).toMatchObject({ status: 'completed', decision: 'pass', reference: 'APP-1' });
    const claims = await verifyResultToken(String(done.json.token), publicJwk(delivery.key), {
      audience: 'bank-accounts',
      issuer: 'kiosk-e2e',
    });
    expect(claims).toMatchObject({ decision: 'pass', purpose: 'open-account', policy: 'both' });
    expect(sim.entries.at(-1)).toMatchObject({ path: 'match', clientCert: true });

    for (let i = 0; i < 300 && receiver.received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(receiver.received.map((r) => r.token)).toEqual([done.json.token]);
  });

  it('an authority mismatch offers a retry on screen; the business app withdraws and gets "cancelled"', async () => {
    const started = await apiCall('POST', '/v1/verifications', request);
    await agree(h);
    h.cards.insert(makeCard({ idNumber: '110105199003079005' })); // sequence code 900: no match
    h.orchestrator.confirmCard({ confirmed: true });
    await feedFrames(h);
    expect(h.orchestrator.view().result).toMatchObject({ reason: 'AUTHORITY_MISMATCH', next: 'retry' });
    const id = String(started.json.id);
    expect((await apiCall('GET', `/v1/verifications/${id}`)).json.status).toBe('running');
    expect((await apiCall('DELETE', `/v1/verifications/${id}`)).status).toBe(202);
    expect((await apiCall('GET', `/v1/verifications/${id}?wait=5`)).json).toMatchObject({
      status: 'cancelled',
    });
    expect(receiver.received).toEqual([]);
  });

  it('a refusal at consent ends as consent_refused with no token', async () => {
    const started = await apiCall('POST', '/v1/verifications', request);
    const a = h.orchestrator.view().agreement!;
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
  });

  it('an unknown third party is refused before any session starts', async () => {
    const res = await apiCall('POST', '/v1/verifications', { ...request, thirdPartyId: 'nobody' });
    expect(res.status).toBe(422);
    expect(h.orchestrator.view().step).toBe('attract');
  });
});
