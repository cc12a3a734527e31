// The business app's side in the specs that start a verification over the loopback API (docs/integrations.md):
// a free port to give the kiosk in its config before it starts, the bearer token the kiosk writes on first start,
// and "start a verification, later collect its outcome" as an app would do it with curl.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect, type Kiosk } from '../fixtures';

/** A free loopback port (closed again at once: the kiosk or a test server binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The API bearer token the kiosk created in its data dir (`hexin keys api-token` prints the same). */
export function apiToken(dataDir: string): string {
  return readFileSync(path.join(dataDir, 'keys', 'api-token'), 'utf8').trim();
}

export interface ThirdParty {
  id: string;
  name: string;
}

export interface ApiConfig {
  api: { enabled: true; port: number };
  delivery: Record<string, unknown>;
}

/**
 * The `api` and `delivery` config sections for a business app on a free port and one third party whose callback
 * nobody listens on: the signed result waits in the outbox, which is all a spec that only polls the API needs.
 */
export async function apiConfig(party: ThirdParty): Promise<ApiConfig> {
  return {
    api: { enabled: true, port: await freePort() },
    delivery: {
      allowInsecureHttp: true,
      thirdParties: [
        {
          ...party,
          callbackUrl: `http://127.0.0.1:${await freePort()}/results`,
          idHashKey: randomBytes(24).toString('base64'),
        },
      ],
    },
  };
}

export interface VerificationRequest {
  purpose: string;
  thirdPartyId: string;
  language?: string;
}

export interface Verification {
  /** Waits (up to 30 s, server side) for the verification to end and returns its status and decision. */
  outcome(): Promise<{ status: string; decision?: string }>;
}

/** Starts a verification on the kiosk whose config is `config` (made with apiConfig), as the business app does. */
export async function startVerification(
  kiosk: Kiosk,
  config: Record<string, unknown>,
  request: VerificationRequest,
): Promise<Verification> {
  const { port } = (config as unknown as ApiConfig).api;
  const headers = { Authorization: `Bearer ${apiToken(kiosk.dataDir)}`, 'Content-Type': 'application/json' };
  const r = await fetch(`http://127.0.0.1:${port}/v1/verifications`, {
    method: 'POST',
    headers,
    body: JSON.stringify(request),
  });
  expect(r.status).toBe(202);
  const { id } = (await r.json()) as { id: string };
  return {
    outcome: async () => {
      const g = await fetch(`http://127.0.0.1:${port}/v1/verifications/${id}?wait=30`, { headers });
      return (await g.json()) as { status: string; decision?: string };
    },
  };
}
