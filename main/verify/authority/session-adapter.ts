// Adapts an AuthorityVerifier to the session's AuthorityCheck port (main/session/ports.ts): encodes the best live
// frame as a JPEG no larger than needed (long side ≤ 640 px), asks the provider, and folds its answer into the
// session's four statuses (an error is `unavailable`). The encoded image lives only for the request; the session zeroes its frame.
import sharp from 'sharp';
import { HexinError, isHexinError } from '../../../common/errors';
import type { AuthorityCheck, AuthorityResult } from '../../session/ports';
import type { Frame } from '../../vision/types';
import type { AuthorityVerdict, AuthorityVerifier, FaceImage } from './types';

const MAX_SIDE = 640;

export async function encodeFrameJpeg(frame: Frame, maxBytes: number): Promise<FaceImage> {
  const expected = frame.width * frame.height * frame.channels;
  if (!Number.isInteger(frame.width) || !Number.isInteger(frame.height) || frame.data.length !== expected) {
    throw new HexinError(
      'AUTHORITY_BAD_INPUT',
      `frame ${frame.width}x${frame.height}x${frame.channels} has ${frame.data.length} bytes`,
    );
  }
  // Lower quality until it fits: providers cap the image size and the kiosk must not send more than needed.
  for (const quality of [85, 70, 55, 40]) {
    const bytes = await sharp(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength), {
      raw: { width: frame.width, height: frame.height, channels: frame.channels },
    })
      .removeAlpha()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality })
      .toBuffer();
    if (bytes.length <= maxBytes) return { bytes, format: 'jpeg' };
    bytes.fill(0);
  }
  throw new HexinError('AUTHORITY_BAD_INPUT', `frame does not fit in ${maxBytes} bytes as JPEG`);
}

export interface AuthorityCheckAdapterOptions {
  verifier: AuthorityVerifier;
  maxImageBytes: number;
  /** Told the verdict's non-personal parts (result, reference, provider) or the error code, for the audit log. */
  onVerdict?: (verdict: AuthorityVerdict | { error: string }) => void;
}

export class AuthorityCheckAdapter implements AuthorityCheck {
  constructor(private readonly options: AuthorityCheckAdapterOptions) {}

  /** `signal`: the session's match step was left (timeout, cancel): the request in flight is aborted. */
  async check(
    input: { idNumber: string; name: string; face: Frame },
    signal?: AbortSignal,
  ): Promise<AuthorityResult> {
    let image: FaceImage | undefined;
    try {
      image = await encodeFrameJpeg(input.face, this.options.maxImageBytes);
      const verdict = await this.options.verifier.verify(
        { idNumber: input.idNumber, name: input.name },
        image,
        signal,
      );
      this.options.onVerdict?.(verdict);
      // No photo on file is not a mismatch, but the authority could not confirm: the session's policy fails it
      // with its own words (the person needs staff to sort out the record, not another try).
      const score = verdict.score !== undefined ? { score: verdict.score } : {};
      if (verdict.result === 'match') return { status: 'match', ...score };
      if (verdict.result === 'no_match') return { status: 'mismatch', ...score };
      return { status: 'no_photo' };
    } catch (e) {
      if (!isHexinError(e)) throw e;
      this.options.onVerdict?.({ error: e.code });
      return { status: 'unavailable' };
    } finally {
      image?.bytes.fill(0);
    }
  }
}
