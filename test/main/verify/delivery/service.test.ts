import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryConfigSchema } from '../../../../main/verify/delivery/config';
import { verifyResultToken } from '../../../../main/verify/delivery/result-token';
import { startResultDelivery } from '../../../../main/verify/delivery/service';
import { publicJwk } from '../../../../main/verify/delivery/signing-key';
import { makeTestPki, type TestPki } from '../authority/test-pki';
import { startReceiver } from './receiver';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(async () => {
  await pki.remove();
});

describe('startResultDelivery', () => {
  it('creates the key under the data dir and delivers issued results in the background', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-svc-'));
    const receiver = await startReceiver({ key: pki.serverKey, cert: pki.serverCert });
    const config = deliveryConfigSchema.parse({
      thirdParties: [
        {
          id: 'bank-accounts',
          name: '开户',
          callbackUrl: `${receiver.url}/cb`,
          idHashKey: Buffer.alloc(16, 9).toString('base64'),
          caFile: pki.files.caCert,
        },
      ],
    });
    const service = await startResultDelivery({ config, dataDir, kioskId: 'kiosk-svc', idleMs: 60_000 });
    try {
      expect((await fs.stat(path.join(dataDir, 'keys/result-signing.pem'))).mode & 0o777).toBe(0o600);
      await service.issuer.issue({
        thirdPartyId: 'bank-accounts',
        sessionId: 's',
        decision: 'pass',
        livenessMode: 'passive',
        matchPolicy: 'local',
        purpose: 'open-account',
        verifiedAt: new Date(),
        idNumber: '110105194912310029',
      });
      for (let i = 0; i < 300 && receiver.received.length === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(receiver.received).toHaveLength(1);
      const claims = await verifyResultToken(receiver.received[0]!.token, publicJwk(service.key), {
        audience: 'bank-accounts',
      });
      expect(claims.iss).toBe('kiosk-svc');
    } finally {
      await service.stop();
      await receiver.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
