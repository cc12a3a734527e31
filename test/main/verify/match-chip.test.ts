// Simulated chip photos always fit the chip's 1 KB: a photo too busy for WebP even at the lowest quality (some
// LFW photos; noise here) is low-pass filtered before encoding instead of failing the match benchmark.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CHIP_HEIGHT, CHIP_MAX_BYTES, CHIP_WIDTH, encodeChipWebp } from '../../../main/verify/match-chip';

describe('WebP chip photos', () => {
  it('a photo that does not fit at the lowest quality is filtered to fit, still 102×126', async () => {
    const data = new Uint8Array(CHIP_WIDTH * CHIP_HEIGHT * 3);
    let seed = 7;
    for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const bytes = await encodeChipWebp({
      width: CHIP_WIDTH,
      height: CHIP_HEIGHT,
      channels: 3,
      data,
      timestampMs: 0,
    });
    expect(bytes.byteLength).toBeLessThanOrEqual(CHIP_MAX_BYTES);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', CHIP_WIDTH, CHIP_HEIGHT]);
  });
});
