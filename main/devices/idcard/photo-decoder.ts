// The chip-photo decoder plug-in point. Real cards hold a WLT image that only a vendor library can decode
// (wlt-decoder.ts, loaded by FFI when configured); the simulator stores WebP (sim-photo.ts). A chain tries each
// decoder that recognises the bytes, so one driver handles both. Decoding failure never hides the card text.
import { HexinError } from '../../../common/errors';
import type { DecodedPhoto } from './types';

export interface PhotoDecoder {
  readonly name: string;
  /** Cheap sniff of the bytes (magic numbers); decode() is only called when this is true. */
  canDecode(photo: Uint8Array): boolean;
  decode(photo: Uint8Array): Promise<DecodedPhoto>;
}

/** Tries each decoder that recognises the bytes; a clear error names what was tried. */
export class PhotoDecoderChain implements PhotoDecoder {
  readonly name: string;

  constructor(private readonly decoders: readonly PhotoDecoder[]) {
    this.name = decoders.map((d) => d.name).join('+') || 'none';
  }

  canDecode(photo: Uint8Array): boolean {
    return this.decoders.some((d) => d.canDecode(photo));
  }

  async decode(photo: Uint8Array): Promise<DecodedPhoto> {
    const decoder = this.decoders.find((d) => d.canDecode(photo));
    if (!decoder) {
      const isWlt = isWltPhoto(photo);
      throw new HexinError(
        isWlt ? 'PHOTO_DECODER_MISSING' : 'PHOTO_FORMAT_UNKNOWN',
        isWlt
          ? 'the card photo is WLT; configure the reader vendor decoder library (reader.photoDecoder.wlt)'
          : `no photo decoder recognises these bytes (tried: ${this.name})`,
      );
    }
    return decoder.decode(photo);
  }
}

/** Real chip photos begin with "WL" then width 102 and height 126 as LE16 (one public sample; spec §10). */
export function isWltPhoto(photo: Uint8Array): boolean {
  return photo.length >= 2 && photo[0] === 0x57 && photo[1] === 0x4c;
}

/** Checks a decoder's result before anyone builds on it. */
export function assertDecodedPhoto(p: DecodedPhoto, decoder: string): DecodedPhoto {
  if (
    !Number.isInteger(p.width) ||
    !Number.isInteger(p.height) ||
    p.width <= 0 ||
    p.height <= 0 ||
    p.data.length !== p.width * p.height * 3
  ) {
    throw new HexinError('PHOTO_DECODE_FAILED', `${decoder} returned an image with inconsistent size`);
  }
  return p;
}
