// Bridge to the reader vendor's WLT decoder (a closed native library; no open-source decoder exists, spec §10),
// loaded with koffi only when configured. Signature per the vendors' Linux header: `int fn(char *src1024,
// char *dst, int code)` returning 1 on success; `code` is a vendor-assigned licence/mode number. The output is a
// 24-bit bottom-up BMP (38862 bytes) or the raw BGR pixels (38556 bytes); both are turned into top-down RGB.
import { existsSync } from 'node:fs';
import koffi from 'koffi';
import { HexinError } from '../../../common/errors';
import { assertDecodedPhoto, isWltPhoto, type PhotoDecoder } from './photo-decoder';
import type { DecodedPhoto } from './types';

export interface WltDecoderConfig {
  /** Absolute path of the vendor library (e.g. /opt/vendor/libwlt2bmp.so). */
  library: string;
  /** Exported function name (`unpack` in the vendors' Linux header). */
  symbol: string;
  /** Vendor-assigned third argument (e.g. 158 on x86-64 for in-memory decoding, per one vendor header). */
  code: number;
}

const WIDTH = 102;
const HEIGHT = 126;
const ROW_BYTES_BMP = 308; // 306 bytes of pixels + 2 bytes of padding to a 4-byte boundary
// One vendor header warns that some builds overrun unless the output is "much larger than 38862".
const OUTPUT_BUFFER = 38862 * 4;

type WltFunction = (src: Uint8Array, dst: Uint8Array, code: number) => number;

export class WltFfiDecoder implements PhotoDecoder {
  readonly name = 'wlt-ffi';
  private fn: WltFunction | null = null;

  constructor(private readonly config: WltDecoderConfig) {}

  canDecode(photo: Uint8Array): boolean {
    return isWltPhoto(photo);
  }

  /** Loads the library now (at start-up) so a missing or wrong library is reported before the first card. */
  load(): void {
    if (this.fn) return;
    if (!existsSync(this.config.library)) {
      throw new HexinError('PHOTO_DECODER_MISSING', `WLT decoder library not found: ${this.config.library}`);
    }
    try {
      const lib = koffi.load(this.config.library);
      this.fn = lib.func(this.config.symbol, 'int', [
        'uint8_t *',
        'uint8_t *',
        'int',
      ]) as unknown as WltFunction;
    } catch (e) {
      throw new HexinError(
        'PHOTO_DECODER_MISSING',
        `cannot load ${this.config.symbol} from ${this.config.library}: ${(e as Error).message}`,
        {},
        { cause: e },
      );
    }
  }

  async decode(photo: Uint8Array): Promise<DecodedPhoto> {
    this.load();
    const src = new Uint8Array(1024);
    src.set(photo.subarray(0, 1024));
    const dst = new Uint8Array(OUTPUT_BUFFER);
    const rc = this.fn!(src, dst, this.config.code);
    if (rc !== 1) throw new HexinError('PHOTO_DECODE_FAILED', `WLT decoder returned ${rc}`, { rc });
    return assertDecodedPhoto(bgrBottomUpToRgb(dst), this.name);
  }
}

/** Converts the decoder's 102×126 BGR bottom-up output (with or without a BMP header) to RGB top-down. */
export function bgrBottomUpToRgb(out: Uint8Array): DecodedPhoto {
  const isBmp = out[0] === 0x42 && out[1] === 0x4d;
  const start = isBmp ? out[10]! | (out[11]! << 8) | (out[12]! << 16) | (out[13]! << 24) : 0;
  const stride = isBmp ? ROW_BYTES_BMP : WIDTH * 3;
  if (start + stride * HEIGHT > out.length)
    throw new HexinError('PHOTO_DECODE_FAILED', 'decoder output is too short');
  const rgb = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    const srcRow = start + (HEIGHT - 1 - y) * stride;
    for (let x = 0; x < WIDTH; x++) {
      const s = srcRow + x * 3;
      const d = (y * WIDTH + x) * 3;
      rgb[d] = out[s + 2]!;
      rgb[d + 1] = out[s + 1]!;
      rgb[d + 2] = out[s]!;
    }
  }
  return { width: WIDTH, height: HEIGHT, channels: 3, data: rgb };
}
