// Behind a load balancer (README, "Load balancer"): the back office terminates mutual TLS itself, so the balancer
// passes TLS through (TCP, layer 4). Here a real TCP pass-through balancer (round robin over two instances on one
// database) carries a kiosk's mutual TLS end to end; a request whose client certificate arrives in a header (a
// balancer that terminated TLS) is refused with the reason; the health check needs no client certificate.
import { generateKeyPairSync } from 'node:crypto';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentToken } from '../../backoffice/enrolment';
import { FleetClient } from '../../main/fleet/client';
import { loadOrCreateSigningKey } from '../../main/verify/delivery/signing-key';
import { issueClientCert } from '../main/verify/authority/test-pki';
import { startTestBackoffice, stopTestPostgres, type TestBackoffice } from './harness';

let bo: TestBackoffice;
let balancer: net.Server;
let balancerUrl: string;
let dir: string;
const hits: number[] = [0, 0];

beforeAll(async () => {
  bo = await startTestBackoffice();
  dir = await mkdtemp(path.join(os.tmpdir(), 'hexin-lb-'));
  const backends = [bo.url, await bo.startInstance()].map((u) => Number(new URL(u).port));
  let next = 0;
  // Layer 4: bytes in, bytes out; the TLS handshake (client certificate included) is between kiosk and instance.
  balancer = net.createServer((socket) => {
    const i = next++ % backends.length;
    hits[i]!++;
    const upstream = net.connect(backends[i]!, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((r) => balancer.listen(0, '127.0.0.1', r));
  balancerUrl = `https://127.0.0.1:${(balancer.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  try {
    balancer?.close();
    await bo?.close();
  } finally {
    stopTestPostgres();
    await rm(dir, { recursive: true, force: true });
  }
});

function get(
  route: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: { error?: string; message?: string } }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(route, balancerUrl),
      { method, headers, ca: bo.pki.caCert, agent: false },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('behind a TCP pass-through load balancer', () => {
  it("carries a kiosk's mutual TLS end to end, to both instances", async () => {
    const { key, cert } = await issueClientCert(bo.pki, 'kiosk-lb');
    const batchKey = await loadOrCreateSigningKey(path.join(dir, 'batch.pem'));
    const reply = await new FleetClient(balancerUrl, { key, cert, ca: bo.pki.caCert }, 5_000).enrol({
      token: await createEnrolmentToken(bo.pool, 'kiosk-lb', 'g'),
      kioskId: 'kiosk-lb',
      version: '1',
      batchKey: { kty: 'OKP', crv: 'Ed25519', x: batchKey.publicKey.export({ format: 'jwk' }).x! },
      auditKeyPem: generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
    });
    expect(reply.kioskId).toBe('kiosk-lb');
    // A new connection each time (no keep-alive): the balancer spreads them over both instances.
    for (let i = 0; i < 4; i++) {
      const client = new FleetClient(balancerUrl, { key, cert, ca: bo.pki.caCert }, 5_000);
      expect((await client.pullOrders()).orders).toEqual([]);
      client.close();
    }
    expect(hits[0]).toBeGreaterThan(0);
    expect(hits[1]).toBeGreaterThan(0);
  });

  it('refuses a client certificate forwarded in a header, saying TLS must be passed through', async () => {
    const { cert } = await issueClientCert(bo.pki, 'kiosk-lb');
    for (const header of ['x-forwarded-client-cert', 'x-ssl-client-cert']) {
      const res = await get(
        '/v1/orders/pull',
        { [header]: encodeURIComponent(cert.toString()), 'content-type': 'application/json' },
        'POST',
      );
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('TLS_NOT_PASSED_THROUGH');
      expect(res.body.message).toMatch(/pass TLS through/);
    }
  });

  it('answers the health check without a client certificate', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { ok: true } });
  });
});
