// A business app starts the verification over the loopback API: the kiosk's consent screen names the third party
// the result will go to, the person (the adult demo card, whose chip photo is another photo of the person the fake
// camera shows) passes under policy `both` with the authority simulator answering over loopback, and the third
// party's receiver — a real HTTP server in this test — gets the signed token, which verifies with the public key
// `hexin keys export` prints, exactly as the party would check it.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { startAuthoritySimulator, type AuthoritySimulator } from '../../main/verify/authority/simulator';
import { expect, test as kioskTest } from '../fixtures';
import { apiToken, freePort } from './business-app';
import { FACE_TIMEOUT_MS, acceptAgreement, confirmCard, insertCard } from './flow-steps';
import { repoRoot } from '../../scripts/lib/hosts.mjs';

const PARTY = 'bank-accounts';
const PARTY_NAME = '某某银行开户系统';
const ID_HASH_KEY = Buffer.alloc(32, 7);
/** The resident-adult demo card's number (main/devices/idcard/demo-cards.ts). */
const CARD_NUMBER = '110101198008120036';

interface Received {
  path: string;
  contentType: string;
  deliveryId: string;
  token: string;
}

interface Receiver {
  url: string;
  received: Received[];
}

const test = kioskTest.extend<{ receiver: Receiver; authority: AuthoritySimulator; apiPort: number }>({
  // Playwright reads a fixture's dependencies from the pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const receiver: Receiver = { url: '', received: [] };
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        receiver.received.push({
          path: req.url ?? '',
          contentType: String(req.headers['content-type'] ?? ''),
          deliveryId: String(req.headers['x-hexin-delivery-id'] ?? ''),
          token: Buffer.concat(chunks).toString('ascii'),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await use(receiver);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
  // Playwright reads a fixture's dependencies from the pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  authority: async ({}, use) => {
    const sim = await startAuthoritySimulator();
    await use(sim);
    await sim.close();
  },
  // Playwright reads a fixture's dependencies from the pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  apiPort: async ({}, use) => {
    await use(await freePort());
  },
  kioskConfig: async ({ receiver, authority, apiPort }, use) => {
    await use({
      // Active challenges need a moving person; the fake camera is a panned still photo. Passive checks stay on.
      liveness: { active: false },
      api: { enabled: true, port: apiPort },
      // The simulator speaks plain HTTP on loopback; a deployment uses HTTPS (mutual TLS) to its gateway.
      authority: { policy: 'both', provider: { endpoint: authority.url, allowInsecureHttp: true } },
      delivery: {
        allowInsecureHttp: true,
        retry: { initialDelayMs: 100, maxDelayMs: 500 },
        thirdParties: [
          {
            id: PARTY,
            name: PARTY_NAME,
            names: { en: 'Example Bank account opening' },
            callbackUrl: `${receiver.url}/hexin/results`,
            idHashKey: ID_HASH_KEY.toString('base64'),
          },
        ],
      },
    });
  },
});

/** `hexin keys export` on the kiosk's data dir: the JWKS a third party is given. */
function exportedKey(dataDir: string): JWK {
  const out = execFileSync(
    process.execPath,
    [path.join(repoRoot, 'bin/hexin.mjs'), 'keys', 'export', '--data-dir', dataDir, '--json'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const jwks = JSON.parse(out) as { keys: JWK[] };
  expect(jwks.keys).toHaveLength(1);
  return jwks.keys[0]!;
}

test('a business app starts a verification; the consent screen names the third party; it gets the signed pass', async ({
  page,
  kiosk,
  receiver,
  authority,
  apiPort,
}) => {
  const api = `http://127.0.0.1:${apiPort}`;
  const bearer = apiToken(kiosk.dataDir);
  const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
  await expect(page.getByTestId('screen-attract')).toBeVisible();

  // Without the token the API refuses; with it, the verification starts on the kiosk screen.
  const refused = await fetch(`${api}/v1/verifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(refused.status).toBe(401);
  const started = await fetch(`${api}/v1/verifications`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ purpose: 'open-account', thirdPartyId: PARTY, reference: 'APP-E2E-1' }),
  });
  expect(started.status).toBe(202);
  const { id } = (await started.json()) as { id: string };

  // The person sees who receives the result, above the agreement and in its text.
  await expect(page.getByTestId('screen-consent')).toBeVisible();
  const recipient = page.getByTestId('consent-recipient');
  await expect(recipient).toContainText(PARTY_NAME);
  await expect(recipient).toHaveAttribute('data-third-party', PARTY);
  await expect(page.getByTestId('agreement-text')).toContainText(PARTY_NAME);
  await kiosk.shot('consent-third-party');
  await acceptAgreement(page);
  await expect(page.getByTestId('screen-card')).toBeVisible();

  await insertCard(page, kiosk, 'resident-adult');
  await confirmCard(page);
  const outcome = page.getByTestId('result-outcome');
  await expect(outcome).toBeVisible({ timeout: FACE_TIMEOUT_MS });
  await kiosk.shot('result-pass-api');
  await expect(outcome).toHaveAttribute('data-outcome', 'pass');
  // Policy `both`: the authority simulator was asked (and matched).
  expect(authority.entries.map((e) => e.path)).toEqual(['match']);

  // The business app collects the outcome with the signed token.
  const polled = await fetch(`${api}/v1/verifications/${id}?wait=30`, { headers });
  expect(polled.status).toBe(200);
  const done = (await polled.json()) as { status: string; decision?: string; token?: string };
  expect(done).toMatchObject({ status: 'completed', decision: 'pass' });

  // The third party's receiver got the same token, and it verifies with the exported public key.
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
  const [got] = receiver.received;
  expect(got).toMatchObject({ path: '/hexin/results', contentType: 'application/jwt', token: done.token });
  expect(got!.deliveryId).not.toBe('');
  const { payload, protectedHeader } = await jwtVerify(
    got!.token,
    await importJWK(exportedKey(kiosk.dataDir), 'EdDSA'),
    { algorithms: ['EdDSA'], typ: 'hexin-result+jwt', audience: PARTY },
  );
  expect(protectedHeader.alg).toBe('EdDSA');
  expect(payload).toMatchObject({
    decision: 'pass',
    reason: 'MATCHED',
    policy: 'both',
    purpose: 'open-account',
  });
  // The party recognises its customer by the keyed hash of the number it holds; the number itself is not there.
  expect(payload.idh).toBe(createHmac('sha256', ID_HASH_KEY).update(CARD_NUMBER).digest('base64url'));
  expect(got!.token).not.toContain(CARD_NUMBER);
  expect(JSON.stringify(payload)).not.toContain(CARD_NUMBER);

  await page.getByTestId('result-done').click();
  await expect(page.getByTestId('screen-attract')).toBeVisible();
});
