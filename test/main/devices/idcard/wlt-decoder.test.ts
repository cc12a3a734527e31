// The WLT FFI bridge against a real shared library: a tiny stand-in for the vendor decoder, compiled with the
// system C compiler into a temp dir (skipped where no compiler exists). It writes a known BMP so the test can
// check the call, the BGR→RGB swap and the bottom-up flip.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PhotoDecoderChain } from '../../../../main/devices/idcard/photo-decoder';
import { SimulatedPhotoDecoder } from '../../../../main/devices/idcard/sim-photo';
import { bgrBottomUpToRgb, WltFfiDecoder } from '../../../../main/devices/idcard/wlt-decoder';

const STUB = `
#include <string.h>
/* Stand-in for a vendor WLT decoder: fails unless code == 158 and the input starts with "WL"; writes a 102x126
   bottom-up BMP whose first stored row (the image's bottom row) is blue and every other row is red. */
int unpack(unsigned char *src, unsigned char *dst, int code) {
  if (code != 158 || src[0] != 'W' || src[1] != 'L') return -1;
  memset(dst, 0, 38862);
  dst[0] = 'B'; dst[1] = 'M'; dst[10] = 54;
  for (int y = 0; y < 126; y++)
    for (int x = 0; x < 102; x++) {
      unsigned char *p = dst + 54 + y * 308 + x * 3;
      if (y == 0) { p[0] = 255; } else { p[2] = 255; }
    }
  return 1;
}
`;

function compilerAvailable(): boolean {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'hexin-wlt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wltPhoto = (): Uint8Array => {
  const p = new Uint8Array(1024);
  p.set([0x57, 0x4c, 0x66, 0x00, 0x7e, 0x00]);
  return p;
};

describe.runIf(compilerAvailable())('WltFfiDecoder with a compiled stand-in library', () => {
  const lib = join(dir, 'libwltstub.so');
  writeFileSync(join(dir, 'stub.c'), STUB);
  execFileSync('cc', ['-shared', '-fPIC', '-o', lib, join(dir, 'stub.c')]);

  it('calls the library and returns top-down RGB', async () => {
    const decoder = new WltFfiDecoder({ library: lib, symbol: 'unpack', code: 158 });
    const photo = await decoder.decode(wltPhoto());
    expect([photo.width, photo.height, photo.channels]).toEqual([102, 126, 3]);
    expect(Array.from(photo.data.subarray(0, 3))).toEqual([255, 0, 0]); // top row: red
    const last = 125 * 102 * 3;
    expect(Array.from(photo.data.subarray(last, last + 3))).toEqual([0, 0, 255]); // bottom row: blue
  });

  it('reports the library return code as PHOTO_DECODE_FAILED', async () => {
    const decoder = new WltFfiDecoder({ library: lib, symbol: 'unpack', code: 1 });
    await expect(decoder.decode(wltPhoto())).rejects.toMatchObject({ code: 'PHOTO_DECODE_FAILED' });
  });

  it('a missing symbol is PHOTO_DECODER_MISSING', () => {
    expect(() => new WltFfiDecoder({ library: lib, symbol: 'WltToBmp', code: 0 }).load()).toThrow(
      expect.objectContaining({ code: 'PHOTO_DECODER_MISSING' }),
    );
  });
});

describe('WLT decoder configuration errors', () => {
  it('a missing library is PHOTO_DECODER_MISSING', () => {
    expect(() =>
      new WltFfiDecoder({ library: join(dir, 'nope.so'), symbol: 'unpack', code: 0 }).load(),
    ).toThrow(expect.objectContaining({ code: 'PHOTO_DECODER_MISSING' }));
  });

  it('a WLT photo with no decoder configured says so; unknown bytes say that', async () => {
    const chain = new PhotoDecoderChain([new SimulatedPhotoDecoder()]);
    await expect(chain.decode(wltPhoto())).rejects.toMatchObject({ code: 'PHOTO_DECODER_MISSING' });
    await expect(chain.decode(new Uint8Array(1024))).rejects.toMatchObject({ code: 'PHOTO_FORMAT_UNKNOWN' });
  });

  it('a corrupt simulated WebP is PHOTO_DECODE_FAILED', async () => {
    const bytes = new Uint8Array(1024);
    bytes.set(new TextEncoder().encode('RIFF'), 0);
    bytes.set([100, 0, 0, 0], 4);
    bytes.set(new TextEncoder().encode('WEBP'), 8);
    await expect(new SimulatedPhotoDecoder().decode(bytes)).rejects.toMatchObject({
      code: 'PHOTO_DECODE_FAILED',
    });
    bytes.set([0xff, 0xff, 0, 0], 4);
    await expect(new SimulatedPhotoDecoder().decode(bytes)).rejects.toMatchObject({
      code: 'PHOTO_DECODE_FAILED',
    });
  });

  it('converts raw BGR output without a BMP header, and rejects short output', () => {
    const raw = new Uint8Array(38556);
    raw.set([1, 2, 3], 125 * 306); // last stored row = top image row
    expect(Array.from(bgrBottomUpToRgb(raw).data.subarray(0, 3))).toEqual([3, 2, 1]);
    expect(() => bgrBottomUpToRgb(new Uint8Array(100))).toThrow(/too short/);
  });
});
