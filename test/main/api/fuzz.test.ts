// Whatever a caller sends, the API answers with a client error (or accepts a valid request) and keeps serving.
import fc from 'fast-check';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import { apiConfigSchema } from '../../../main/api/config';
import type { VerificationStarter } from '../../../main/api/port';
import { startApiServer, type ApiServer } from '../../../main/api/server';

const TOKEN = 'fuzz-token-0123456789abcdefghijklmnopqrstuvwxyz';
// A kiosk that is always busy: valid requests get 409, which is fine for this test.
const busy: VerificationStarter = { start: () => Promise.reject(new HexinError('API_BUSY', 'busy')) };
let api: ApiServer;

beforeAll(async () => {
  api = await startApiServer({
    config: apiConfigSchema.parse({ enabled: true, port: 0, maxBodyBytes: 2048 }),
    token: TOKEN,
    starter: busy,
  });
});
afterAll(async () => {
  await api.close();
});

function post(body: Buffer, contentType: string, urlPath = '/v1/verifications'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: api.port,
        method: 'POST',
        path: urlPath,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('API under arbitrary input', () => {
  it('answers 4xx to arbitrary JSON values and byte strings, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
          fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
          fc
            .record({
              purpose: fc.string(),
              thirdPartyId: fc.string(),
              reference: fc.option(fc.string(), { nil: undefined }),
            })
            .map((r) => Buffer.from(JSON.stringify(r))),
        ),
        async (body) => {
          const status = await post(body, 'application/json');
          expect([400, 409, 413]).toContain(status);
        },
      ),
      { numRuns: 150 },
    );
    expect(await post(Buffer.from('{}'), 'application/json', '/v1/../v1/health')).toBeGreaterThanOrEqual(400);
  });
});
