// Decodes JPEG / PNG / WebP bytes (photos, the card's chip photo) into an RGB Frame with sharp (libvips), applying
// the EXIF orientation. Bad or oversized input is an IMAGE_DECODE error, never a crash.
import sharp from 'sharp';
import { HexinError } from '../../common/errors';
import type { Frame } from './types';

/** Larger inputs are downscaled to this many pixels on the long side before analysis (detector input is 320×240). */
export const MAX_IMAGE_SIDE = 1280;
const MAX_INPUT_BYTES = 32 * 1024 * 1024;

export async function decodeImage(input: Uint8Array | string): Promise<Frame> {
  if (typeof input !== 'string' && input.byteLength > MAX_INPUT_BYTES) {
    throw new HexinError(
      'IMAGE_DECODE',
      `image is ${input.byteLength} bytes; the limit is ${MAX_INPUT_BYTES}`,
    );
  }
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 64_000_000 })
      .rotate()
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return {
      width: info.width,
      height: info.height,
      channels: 3,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      timestampMs: 0,
    };
  } catch (e) {
    const what = typeof input === 'string' ? input : `${input.byteLength} bytes`;
    throw new HexinError(
      'IMAGE_DECODE',
      `cannot decode image ${what}: ${(e as Error).message}`,
      {},
      { cause: e },
    );
  }
}
