// Whatever a provider answers, the client ends in a HexinError with an authority code (or a valid verdict) —
// never a crash, never a plain Error, and never a verdict carrying fields it was not asked for.
import fc from 'fast-check';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HexinError } from '../../../../common/errors';
import { authorityProviderSchema } from '../../../../main/verify/authority/config';
import { HttpsAuthorityClient } from '../../../../main/verify/authority/https-client';
import type { FaceImage } from '../../../../main/verify/authority/types';

let reply: { status: number; body: Buffer } = { status: 200, body: Buffer.alloc(0) };
let lastRequestId = '';
let server: http.Server;
let client: HttpsAuthorityClient;
let face: FaceImage;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      lastRequestId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requestId: string }).requestId;
      // Placeholders let generated replies echo the real request id, so valid shapes are reachable.
      res
        .writeHead(reply.status)
        .end(Buffer.from(reply.body.toString('latin1').replace('$RID', lastRequestId), 'latin1'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new HttpsAuthorityClient({
    provider: authorityProviderSchema.parse({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      allowInsecureHttp: true,
      retry: { maxAttempts: 1 },
      breaker: { failureThreshold: 1_000 },
    }),
    kioskId: 'k',
  });
  face = { bytes: await fs.readFile(path.resolve('../shared/faces/barack_obama/1.jpg')), format: 'jpeg' };
});
afterAll(async () => {
  client.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const AUTHORITY_CODES = [
  'AUTHORITY_BAD_REPLY',
  'AUTHORITY_REJECTED',
  'AUTHORITY_UNAVAILABLE',
  'AUTHORITY_TIMEOUT',
];

describe('authority client under arbitrary replies', () => {
  it('never crashes and keeps only result, score, reference, provider', async () => {
    const replyBody = fc.oneof(
      fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.from(a)),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '')),
      fc
        .record({
          requestId: fc.constantFrom('$RID', 'other'),
          result: fc.constantFrom('match', 'no_match', 'no_photo', 'maybe'),
          score: fc.option(fc.double(), { nil: undefined }),
          reference: fc.string({ maxLength: 200 }),
          photo: fc.option(fc.string(), { nil: undefined }),
        })
        .map((r) => Buffer.from(JSON.stringify(r))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 200, 200, 201, 302, 400, 404, 500, 503),
        replyBody,
        async (status, body) => {
          reply = { status, body };
          try {
            const verdict = await client.verify({ idNumber: '110105194912310029', name: '张三' }, face);
            expect(['match', 'no_match', 'no_photo']).toContain(verdict.result);
            for (const k of Object.keys(verdict))
              expect(['result', 'score', 'reference', 'provider']).toContain(k);
          } catch (e) {
            expect(e).toBeInstanceOf(HexinError);
            expect(AUTHORITY_CODES).toContain((e as HexinError).code);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
