// `npm run bench:match -- --stage scan`: which reference photos the reference path finds no face on — every photo
// with a face, made into each kind of reference (the full photo, an authority photo, JPEG 2000 and WebP chips) —
// without embedding anything, so it takes minutes where the embedding takes much longer. The encoded reference
// photos land in the benchmark's cache, where the embedding stage reuses them. The issue asks for zero on
// ID-framed photos of faces, faces-lfw and faces-east-asian; the embedding stage counts the same misses.
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { decodeImage } from '../../vision/decode';
import type { VisionEngine } from '../../vision/engine';
import { locateReferenceFace } from '../../vision/reference';
import type { Dataset } from './datasets';
import { CHIP_VARIANTS, primaryFace, referencePhoto } from './embed';
import type { CacheFiles, ReferenceCodec } from './variants';

export interface NoFaceScan {
  dataset: string;
  /** Photos whose own face was found (only those make references). */
  photos: number;
  /** Reference kind → photo keys the reference path found no face on. */
  missed: Record<'full' | ReferenceCodec, string[]>;
}

export async function scanNoFace(
  engine: VisionEngine,
  dataset: Dataset,
  cacheRoot: string,
  files: CacheFiles,
  log: (line: string) => void,
  kinds: readonly ('full' | ReferenceCodec)[] = ['full', 'authority', 'jpeg2000', 'webp'],
): Promise<NoFaceScan> {
  const dir = path.join(cacheRoot, dataset.name);
  const missed: NoFaceScan['missed'] = { full: [], authority: [], jpeg2000: [], webp: [] };
  const codecs = (['authority', 'jpeg2000', 'webp'] as const).filter((c) => kinds.includes(c));
  const options = (codec: ReferenceCodec) =>
    CHIP_VARIANTS.find((v) => v.codec === codec && !v.options.upsampleBelow)!.options;
  let photos = 0;
  const started = performance.now();
  // From the last photo back: a scan started beside an embedding run (which goes from the first) encodes the
  // reference photos the embedding will reuse instead of the ones it already made.
  for (const [i, photo] of [...dataset.photos].reverse().entries()) {
    const frame = await decodeImage(photo.file);
    const face = await primaryFace(engine, frame);
    if (!face) continue;
    photos++;
    if (kinds.includes('full') && !(await locateReferenceFace(engine, frame))) missed.full.push(photo.key);
    for (const codec of codecs) {
      const reference = await referencePhoto(dir, files, codec, photo.key, frame, face);
      if (!(await locateReferenceFace(engine, reference, options(codec)))) {
        missed[codec].push(photo.key);
        log(`${dataset.name}: no face on the ${codec} reference of ${photo.key}`);
      }
    }
    if ((i + 1) % 250 === 0)
      log(
        `${dataset.name}: ${i + 1}/${dataset.photos.length} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  const scan = { dataset: dataset.name, photos, missed };
  await writeFile(path.join(dir, 'no-face-scan.json'), JSON.stringify(scan, null, 2) + '\n');
  return scan;
}
