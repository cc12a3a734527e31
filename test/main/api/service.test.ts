import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import { apiConfigSchema } from '../../../main/api/config';
import type { VerificationStarter } from '../../../main/api/port';
import { startBusinessApi } from '../../../main/api/service';

// A kiosk that is always busy: enough to prove the service wires token, config and starter together.
const busyKiosk: VerificationStarter = {
  start: () => Promise.reject(new HexinError('API_BUSY', 'busy')),
};

describe('startBusinessApi', () => {
  it('does nothing unless enabled; when enabled, listens on loopback with the token from the data dir', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hexin-apisvc-'));
    try {
      expect(
        await startBusinessApi({ config: apiConfigSchema.parse({}), dataDir, starter: busyKiosk }),
      ).toBeUndefined();
      const api = await startBusinessApi({
        config: apiConfigSchema.parse({ enabled: true, port: 0 }),
        dataDir,
        starter: busyKiosk,
      });
      if (!api) throw new Error('expected a server');
      try {
        expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const token = (await fs.readFile(path.join(dataDir, 'keys/api-token'), 'utf8')).trim();
        const res = await fetch(`${api.url}/v1/verifications`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ purpose: 'open-account', thirdPartyId: 'bank-accounts' }),
        });
        expect(res.status).toBe(409);
        expect((await fetch(`${api.url}/v1/health`)).status).toBe(401);
      } finally {
        await api.close();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
