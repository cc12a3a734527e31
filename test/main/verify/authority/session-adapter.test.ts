import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorityProviderSchema } from '../../../../main/verify/authority/config';
import { HttpsAuthorityClient } from '../../../../main/verify/authority/https-client';
import { AuthorityCheckAdapter, encodeFrameJpeg } from '../../../../main/verify/authority/session-adapter';
import {
  startAuthoritySimulator,
  type AuthoritySimulator,
} from '../../../../main/verify/authority/simulator';
import type { AuthorityVerdict } from '../../../../main/verify/authority/types';
import type { Frame } from '../../../../main/vision/types';

let sim: AuthoritySimulator;
let client: HttpsAuthorityClient;
let frame: Frame;

beforeAll(async () => {
  sim = await startAuthoritySimulator();
  client = new HttpsAuthorityClient({
    provider: authorityProviderSchema.parse({
      endpoint: sim.url,
      allowInsecureHttp: true,
      timeoutMs: 300,
      retry: { maxAttempts: 1 },
    }),
    kioskId: 'k',
  });
  const { data, info } = await sharp(path.resolve('../shared/faces/barack_obama/1.jpg'))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  frame = { width: info.width, height: info.height, channels: 4, data: new Uint8Array(data), timestampMs: 0 };
});
afterAll(async () => {
  client.close();
  await sim.close();
});

const id = (seq: string): string => `11010519491231${seq}5`;

describe('AuthorityCheckAdapter (session port)', () => {
  it('encodes the frame as a small JPEG and maps verdicts (and errors) to the session statuses', async () => {
    const verdicts: (AuthorityVerdict | { error: string })[] = [];
    const adapter = new AuthorityCheckAdapter({
      verifier: client,
      maxImageBytes: 256 * 1024,
      onVerdict: (v) => verdicts.push(v),
    });
    const check = (seq: string) => adapter.check({ idNumber: id(seq), name: '张三', face: frame });
    expect(await check('123')).toEqual({ status: 'match', score: 92 });
    expect(await check('900')).toEqual({ status: 'mismatch', score: 12 });
    expect(await check('901')).toEqual({ status: 'no_photo' });
    expect(await check('903')).toEqual({ status: 'unavailable' });
    expect(await check('902')).toEqual({ status: 'unavailable' });
    expect(verdicts.map((v) => ('error' in v ? v.error : v.result))).toEqual([
      'match',
      'no_match',
      'no_photo',
      'AUTHORITY_UNAVAILABLE',
      'AUTHORITY_TIMEOUT',
    ]);
  });

  it('downscales to at most 640 px and refuses frames whose bytes do not match their size', async () => {
    const image = await encodeFrameJpeg(frame, 256 * 1024);
    const meta = await sharp(image.bytes).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(640);
    expect(meta.format).toBe('jpeg');
    await expect(encodeFrameJpeg({ ...frame, width: frame.width + 1 }, 256 * 1024)).rejects.toMatchObject({
      code: 'AUTHORITY_BAD_INPUT',
    });
    await expect(encodeFrameJpeg(frame, 1_000)).rejects.toMatchObject({ code: 'AUTHORITY_BAD_INPUT' });
    const adapter = new AuthorityCheckAdapter({ verifier: client, maxImageBytes: 1_000 });
    expect(await adapter.check({ idNumber: id('123'), name: '张三', face: frame })).toEqual({
      status: 'unavailable',
    });
  });
});
