// The benchmark's expensive stage: every photo of a dataset embedded as a live probe (no mirror, as the kiosk
// embeds a camera frame; and with the mirror, for test-time augmentation), as a full reference, and as simulated
// chip photos (JPEG 2000 and WebP, ≤ 1 KB) through the reference path. Everything is cached (embed-cache.ts).
import path from 'node:path';
import sharp from 'sharp';
import { decodeImage } from '../../vision/decode';
import type { VisionEngine } from '../../vision/engine';
import {
  padFrame,
  embedReferenceWith,
  REFERENCE_PATH_FALLBACKS,
  type ReferenceOptions,
} from '../../vision/reference';
import { primaryIndex, squareBox } from '../../vision/geometry';
import type { FaceAnalysis, Frame } from '../../vision/types';
import { decodeJpeg2000, encodeChipJpeg2000, encodeChipWebp } from '../match-chip';
import { idFramed } from '../id-photo';
import type { Dataset } from './datasets';
import { cachedBytes, EmbeddingCache } from './embed-cache';
import {
  AUTHORITY_JPEG_QUALITY,
  AUTHORITY_SIZE,
  type CacheFiles,
  type ReferenceCodec,
  type VariantSpec,
} from './variants';

/** A reference-path variant measured on chip photos (each kept only if it helps: docs/vision.md). */
export interface ChipVariant {
  name: string;
  /** `authority`: an authority's ID photo (ID framing, 358×441, JPEG quality 80) instead of a chip photo. */
  codec: ReferenceCodec;
  options: ReferenceOptions;
}

export const CHIP_VARIANTS: readonly ChipVariant[] = [
  { name: 'authority', codec: 'authority', options: { idPhoto: true } },
  { name: 'chip-jpeg2000', codec: 'jpeg2000', options: {} },
  { name: 'chip-webp', codec: 'webp', options: {} },
  { name: 'chip-jpeg2000-up', codec: 'jpeg2000', options: { upsampleBelow: 140 } },
];

export const PROBE = 'probe';
export const PROBE_FLIP = 'probe-flip';
export const FULL = 'full';
/** Whether the old reference path (one ×2 padding, detector threshold) found the face on the chip photo. */
export const OLD_PATH = (codec: ReferenceCodec) => `oldpath-${codec}`;

/** What each named variant computes: its cache file is keyed on this (variants.ts CacheFiles). */
export function specOf(name: string): VariantSpec {
  if (name === PROBE) return { kind: 'probe', flip: false };
  if (name === PROBE_FLIP) return { kind: 'probe', flip: true };
  if (name === FULL) return { kind: 'full', options: {} };
  const old = (['jpeg2000', 'webp', 'authority'] as const).find((c) => name === OLD_PATH(c));
  if (old) return { kind: 'old-path', codec: old };
  const v = CHIP_VARIANTS.find((c) => c.name === name);
  if (!v) throw new Error(`unknown benchmark variant "${name}"`);
  return { kind: 'reference', codec: v.codec, options: v.options };
}

/** The cache of a named variant in a dataset's folder (`shard` tags this process's file when sharded). */
export function variantCache(dir: string, files: CacheFiles, name: string, shard = ''): EmbeddingCache {
  return new EmbeddingCache(dir, files.file(name, specOf(name)), shard);
}

async function decodeChip(codec: ReferenceCodec, bytes: Uint8Array): Promise<Frame> {
  if (codec === 'jpeg2000') return decodeJpeg2000(bytes);
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data), timestampMs: 0 };
}

/** The face VisionEngine.analyze would embed (same primary, same landmarks), without eyes and pose. */
export async function primaryFace(engine: VisionEngine, frame: Frame): Promise<FaceAnalysis | null> {
  const boxes = (await engine.detect(frame))
    .filter((b) => squareBox(b, frame.width, frame.height))
    .slice(0, 8);
  const squares = boxes.map((b) => squareBox(b, frame.width, frame.height)!);
  const primary = primaryIndex(squares, frame.width, frame.height);
  return primary === null ? null : engine.faceAt(frame, boxes[primary]);
}

const ONE = new Float32Array([1]);
const ZERO = new Float32Array([0]);

/**
 * What one pass over a dataset computes. The passes run in order over every dataset, so the main table (pass 1:
 * probes, full and JPEG 2000 chip references) is complete long before the comparisons are.
 */
export interface EmbedPass {
  probeFlip?: boolean;
  full?: boolean;
  chips: readonly ChipVariant[];
}

export const PASSES: readonly EmbedPass[] = [
  { full: true, chips: CHIP_VARIANTS.filter((v) => v.name === 'chip-jpeg2000') },
  { chips: CHIP_VARIANTS.filter((v) => v.name === 'chip-webp' || v.name === 'authority') },
  { probeFlip: true, chips: CHIP_VARIANTS.filter((v) => v.name === 'chip-jpeg2000-up') },
];

/**
 * The ID-photo reference of a codec made from a source photo whose face is `face` (ID framing, then the codec),
 * as the kiosk would receive it: decoded. The encoded bytes are cached (`chips/<codec>-<key>/<photo>`).
 */
export async function referencePhoto(
  dir: string,
  files: CacheFiles,
  codec: ReferenceCodec,
  key: string,
  frame: Frame,
  face: FaceAnalysis,
): Promise<Frame> {
  const ext = { jpeg2000: '.j2k', webp: '.webp', authority: '.jpg' }[codec];
  const file = path.join(dir, 'chips', files.photos(codec), key + ext);
  const bytes = await cachedBytes(file, async () => {
    if (codec === 'jpeg2000') return encodeChipJpeg2000(await idFramed(frame, face.landmarks));
    if (codec === 'webp') return encodeChipWebp(await idFramed(frame, face.landmarks));
    const photo = await idFramed(frame, face.landmarks, AUTHORITY_SIZE);
    const raw = { width: photo.width, height: photo.height, channels: photo.channels };
    return new Uint8Array(
      await sharp(photo.data, { raw }).jpeg({ quality: AUTHORITY_JPEG_QUALITY }).toBuffer(),
    );
  });
  return decodeChip(codec, bytes);
}

export async function embedDataset(
  engine: VisionEngine,
  dataset: Dataset,
  cacheRoot: string,
  files: CacheFiles,
  pass: EmbedPass,
  log: (line: string) => void = () => {},
  shard: { index: number; count: number } = { index: 0, count: 1 },
): Promise<void> {
  const dir = path.join(cacheRoot, dataset.name);
  const tag = shard.count > 1 ? `s${shard.index}` : '';
  const cache = (variant: string) => variantCache(dir, files, variant, tag);
  const probe = cache(PROBE);
  const probeFlip = pass.probeFlip ? cache(PROBE_FLIP) : null;
  const full = pass.full ? cache(FULL) : null;
  const chips = pass.chips.map((v) => ({ v, cache: cache(v.name) }));
  const codecs = [...new Set(pass.chips.map((v) => v.codec))];
  const oldPath = new Map(codecs.map((c) => [c, cache(OLD_PATH(c))]));
  const ids = [...new Set(dataset.photos.map((p) => p.id))];
  const mine = new Set(ids.filter((_, i) => i % shard.count === shard.index));
  const started = performance.now();
  let done = 0;
  for (const photo of dataset.photos) {
    done++;
    if (!mine.has(photo.id)) continue;
    const k = photo.key;
    if (probe.get(k)?.embedding === null) continue; // no face in the source photo: no probe, no chip
    const references = [full, ...chips.map((c) => c.cache)];
    if (
      [probe, probeFlip, ...oldPath.values()].every((c) => c === null || c.get(k)) &&
      references.every((c) => c === null || c.fresh(k, REFERENCE_PATH_FALLBACKS))
    )
      continue;
    const frame = await decodeImage(photo.file);
    const face = await primaryFace(engine, frame);
    await probe.compute(k, async () => {
      if (!face) throw Object.assign(new Error('no face'), { code: 'FACE_NOT_FOUND' });
      return engine.embed(frame, face.fivePoints);
    });
    if (!face) continue;
    if (probeFlip) await probeFlip.compute(k, () => engine.embed(frame, face.fivePoints, true));
    const fallbacks = REFERENCE_PATH_FALLBACKS;
    if (full)
      await full.compute(k, async () => (await embedReferenceWith(engine, frame)).embedding, fallbacks);
    if (codecs.length === 0) continue;
    for (const codec of codecs) {
      const chip = await referencePhoto(dir, files, codec, k, frame, face);
      await oldPath.get(codec)!.compute(k, async () => {
        // The old path padded photos under 320 px once (×2) and took larger ones as they were.
        const padded = Math.max(chip.width, chip.height) < 320 ? padFrame(chip, 2).frame : chip;
        const boxes = await engine.detect(padded);
        return boxes.some((b) => squareBox(b, padded.width, padded.height)) ? ONE : ZERO;
      });
      for (const { v, cache } of chips) {
        if (v.codec !== codec) continue;
        const embed = async () => (await embedReferenceWith(engine, chip, v.options)).embedding;
        await cache.compute(k, embed, fallbacks);
      }
    }
    if (done % 100 === 0) {
      const s = (performance.now() - started) / 1000;
      log(`${dataset.name}: ${done}/${dataset.photos.length} photos, ${s.toFixed(0)} s`);
    }
  }
  log(
    `${dataset.name}: pass done over ${dataset.photos.length} photos (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}
