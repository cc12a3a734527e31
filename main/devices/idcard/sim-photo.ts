// The simulator's chip photo: a face photo cut to the chip's 102×126 frame and compressed into the 1024-byte slot
// as WebP (spec models.md: WebP at 1 KB is closer to the wavelet WLT codec, which blurs, than JPEG, which blocks),
// and the matching decoder that returns RGB pixels for face matching.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { HexinError } from '../../../common/errors';
import { assertDecodedPhoto, type PhotoDecoder } from './photo-decoder';
import type { DecodedPhoto } from './types';

export const CHIP_PHOTO_WIDTH = 102;
export const CHIP_PHOTO_HEIGHT = 126;
export const CHIP_PHOTO_SLOT = 1024;

/** A face box in source-image pixels (as the vision engine reports it). */
export interface FaceBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Encodes a face photo file into a zero-padded 1024-byte slot. With a face box the crop follows the ID-photo
 * layout (face about half the height, a little above the middle, white where the crop leaves the photo — the same
 * recipe as main/verify/match-chip.ts); without one, sharp's "attention" crop keeps the face of a portrait in
 * frame. The WebP quality is the highest that fits, found by bisection.
 */
export async function encodeChipPhoto(path: string, face?: FaceBox): Promise<Uint8Array> {
  let input: Buffer;
  try {
    input = await readFile(path);
  } catch (e) {
    throw new HexinError('PHOTO_FILE_UNREADABLE', `cannot read photo file ${path}`, { path }, { cause: e });
  }
  let pixels: Buffer;
  try {
    pixels = face ? await idFraming(input, face) : await attentionCrop(input);
  } catch (e) {
    if (e instanceof HexinError) throw e;
    throw new HexinError(
      'PHOTO_FILE_UNREADABLE',
      `${path} is not an image sharp can read`,
      { path },
      { cause: e },
    );
  }
  const encode = (quality: number): Promise<Buffer> =>
    sharp(pixels, { raw: { width: CHIP_PHOTO_WIDTH, height: CHIP_PHOTO_HEIGHT, channels: 3 } })
      .webp({ quality, effort: 6 })
      .toBuffer();
  let lo = 1;
  let hi = 90;
  let best: Buffer | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const out = await encode(mid);
    if (out.length <= CHIP_PHOTO_SLOT) {
      best = out;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (!best)
    throw new HexinError('PHOTO_TOO_COMPLEX', `${path} does not fit 1024 bytes even at the lowest quality`);
  const slot = new Uint8Array(CHIP_PHOTO_SLOT);
  slot.set(best, 0);
  return slot;
}

function attentionCrop(input: Buffer): Promise<Buffer> {
  return sharp(input)
    .rotate()
    .resize(CHIP_PHOTO_WIDTH, CHIP_PHOTO_HEIGHT, { fit: 'cover', position: sharp.strategy.attention })
    .removeAlpha()
    .raw()
    .toBuffer();
}

async function idFraming(input: Buffer, face: FaceBox): Promise<Buffer> {
  const faceH = face.y2 - face.y1;
  if (!(faceH > 0) || !(face.x2 > face.x1))
    throw new HexinError('CARD_SPEC_INVALID', 'photo face box is empty');
  const cropH = faceH * 2;
  const cropW = (cropH * CHIP_PHOTO_WIDTH) / CHIP_PHOTO_HEIGHT;
  const left = Math.round((face.x1 + face.x2) / 2 - cropW / 2);
  const top = Math.round((face.y1 + face.y2) / 2 + faceH * 0.1 - cropH / 2);
  const w = Math.round(cropW);
  const h = Math.round(cropH);
  const source = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = source.info;
  const pad = {
    left: Math.max(0, -left),
    top: Math.max(0, -top),
    right: Math.max(0, left + w - width),
    bottom: Math.max(0, top + h - height),
  };
  // Extend before extracting (in one sharp pipeline extend would apply after the resize).
  const padded = await sharp(source.data, { raw: source.info })
    .extend({ ...pad, background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(padded.data, { raw: padded.info })
    .extract({ left: left + pad.left, top: top + pad.top, width: w, height: h })
    .resize(CHIP_PHOTO_WIDTH, CHIP_PHOTO_HEIGHT, { fit: 'fill' })
    .raw()
    .toBuffer();
}

const ascii = (bytes: Uint8Array, at: number, n: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + n));

/** Decodes the simulator's WebP slot (the RIFF size field says where the image ends; the rest is padding). */
export class SimulatedPhotoDecoder implements PhotoDecoder {
  readonly name = 'simulated-webp';

  canDecode(photo: Uint8Array): boolean {
    return photo.length >= 12 && ascii(photo, 0, 4) === 'RIFF' && ascii(photo, 8, 4) === 'WEBP';
  }

  async decode(photo: Uint8Array): Promise<DecodedPhoto> {
    const riffSize = (photo[4]! | (photo[5]! << 8) | (photo[6]! << 16) | (photo[7]! << 24)) >>> 0;
    const end = riffSize + 8;
    if (end > photo.length || end < 12)
      throw new HexinError('PHOTO_DECODE_FAILED', 'WebP size field is out of range');
    try {
      const { data, info } = await sharp(photo.subarray(0, end))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return assertDecodedPhoto(
        {
          width: info.width,
          height: info.height,
          channels: 3,
          data: new Uint8Array(data.buffer, data.byteOffset, data.length),
        },
        this.name,
      );
    } catch (e) {
      if (e instanceof HexinError) throw e;
      throw new HexinError('PHOTO_DECODE_FAILED', 'the simulated chip photo is corrupt', {}, { cause: e });
    }
  }
}
