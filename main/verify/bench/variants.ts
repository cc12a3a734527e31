// What each cached value of the match benchmark depends on, as data: the cache file of a variant is named by a
// hash of its spec (embed-cache.ts cacheKey), so a new model, codec setting, variant option or reference-path
// version is a new file and a stale embedding is never reused.
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { loadManifest } from '../../vision/manifest';
import { REFERENCE_PATH_VERSION, type ReferenceOptions } from '../../vision/reference';
import { CHIP_HEIGHT, CHIP_WIDTH, ID_EYE_LINE, ID_FACE_HEIGHT } from '../id-photo';
import { CHIP_MAX_BYTES, type ChipCodec } from '../match-chip';
import { variantFile } from './embed-cache';

export type ReferenceCodec = ChipCodec | 'authority';

/** The national ID photo's size (GA 461): what an issuing authority's photo service returns. */
export const AUTHORITY_SIZE = { width: 358, height: 441 } as const;
export const AUTHORITY_JPEG_QUALITY = 80;

/** The models a benchmark embedding depends on (checksums, input shapes, normalisation) — detector to embedder. */
export async function modelsSpec(modelsDir?: string): Promise<Record<string, unknown>> {
  const { models } = await loadManifest(modelsDir);
  return { detect: models.detect, landmarks: models.landmarks, embed: models.embed };
}

function openJpegVersion(): string {
  try {
    const help = execFileSync('opj_compress', ['-h'], { encoding: 'utf8' });
    return /openjp2 library v([\d.]+)/.exec(help)?.[1] ?? 'unknown';
  } catch (e) {
    // `-h` exits non-zero on some builds but still prints the banner.
    const out = String((e as { stdout?: string }).stdout ?? '');
    return /openjp2 library v([\d.]+)/.exec(out)?.[1] ?? 'unknown';
  }
}

/** How a reference photo of each codec is made from a source photo (ID framing, size, encoder and its settings). */
export function codecSpec(codec: ReferenceCodec, encoders = encoderVersions()): Record<string, unknown> {
  const framing = { faceHeight: ID_FACE_HEIGHT, eyeLine: ID_EYE_LINE };
  const chip = { framing, size: [CHIP_WIDTH, CHIP_HEIGHT], maxBytes: CHIP_MAX_BYTES };
  if (codec === 'jpeg2000')
    return { codec, ...chip, encoder: `opj_compress -I ${encoders.openjpeg}`, rateStep: 1.06 };
  if (codec === 'webp') return { codec, ...chip, encoder: `libwebp ${encoders.webp}`, effort: 6 };
  const size = [AUTHORITY_SIZE.width, AUTHORITY_SIZE.height];
  return { codec: 'jpeg', framing, size, quality: AUTHORITY_JPEG_QUALITY, encoder: `vips ${encoders.vips}` };
}

let encoders: { openjpeg: string; webp: string; vips: string } | undefined;
export function encoderVersions(): { openjpeg: string; webp: string; vips: string } {
  encoders ??= {
    openjpeg: openJpegVersion(),
    webp: String(sharp.versions.webp),
    vips: String(sharp.versions.vips),
  };
  return encoders;
}

/** Everything cached: live probes, full references, ID-photo references of a codec, and the old path's verdict. */
export type VariantSpec =
  | { kind: 'probe'; flip: boolean }
  | { kind: 'full'; options: ReferenceOptions }
  | { kind: 'reference'; codec: ReferenceCodec; options: ReferenceOptions }
  | { kind: 'old-path'; codec: ReferenceCodec };

/**
 * Resolves a variant to its cache file stem: `<name>-<hash of the models, the spec, and what it depends on>`.
 * Probes depend on the models only; references also on the reference path's version; ID-photo references and
 * the old path's verdict on their codec too.
 */
export class CacheFiles {
  constructor(
    readonly models: Record<string, unknown>,
    readonly encoders = encoderVersions(),
  ) {}

  static async load(modelsDir?: string): Promise<CacheFiles> {
    return new CacheFiles(await modelsSpec(modelsDir));
  }

  file(name: string, spec: VariantSpec): string {
    const depends: Record<string, unknown> = { models: this.models, spec };
    if (spec.kind === 'full' || spec.kind === 'reference') depends.referencePath = REFERENCE_PATH_VERSION;
    if (spec.kind === 'reference' || spec.kind === 'old-path')
      depends.codec = codecSpec(spec.codec, this.encoders);
    return variantFile(name, depends);
  }

  /** Folder of the encoded reference photos of a codec (they depend on the framing landmarks, not the embedder). */
  photos(codec: ReferenceCodec): string {
    const { detect, landmarks } = this.models;
    return variantFile(codec, { models: { detect, landmarks }, codec: codecSpec(codec, this.encoders) });
  }
}
