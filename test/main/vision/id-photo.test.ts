// ID photos always yield a face (issue: chip photos, [Note: ID photos] in main/vision/reference.ts): ID-framed
// 102×126 versions of real photos — raw, and through the 1 KB chip codecs — must never be FACE_NOT_FOUND, and a
// blank or non-face photo still must be (a crop of the layout is not a detection).
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../main/vision/decode';
import type { VisionEngine } from '../../../main/vision/engine';
import { embedReferenceWith } from '../../../main/vision/reference';
import type { Frame } from '../../../main/vision/types';
import {
  CHIP_HEIGHT,
  CHIP_WIDTH,
  faceHeightOf,
  idFramed,
  idLayoutFaceBox,
} from '../../../main/verify/id-photo';
import { CHIP_CODECS, CHIP_MAX_BYTES, simulateChipPhoto } from '../../../main/verify/match-chip';
import { FACES, folderPhotos, identityPhotos, loadEngine, REPO_ROOT } from './faces-helper';

let engine: VisionEngine;
beforeAll(async () => {
  engine = await loadEngine();
});
afterAll(async () => {
  await engine?.close();
});

const SHARED = path.resolve(REPO_ROOT, '../shared');
/**
 * A few photos of the other two sets, among them every East Asian photo whose 1 KB chip version the old path
 * (one ×2 padding, detector threshold) missed and the LFW photos the match benchmark found missed.
 */
const MORE = [
  'faces-east-asian/cn-t113/2.jpg',
  'faces-east-asian/jp30007/2.jpg',
  'faces-east-asian/kr20006/2.jpg',
  'faces-east-asian/jp30000/5.jpg',
  'faces-east-asian/jp30006/1.jpg',
  'faces-east-asian/cn1/1.jpg',
  'faces-lfw/Aaron_Peirsol/Aaron_Peirsol_0001.jpg',
  // The one LFW photo whose JPEG 2000 chip the padded path misses (a hand at the chin makes the box taller than
  // 90 % of the photo at ×2 and ×1.5; match benchmark): found since by the close-up fallback (the camera path).
  'faces-lfw/Juergen_Peters/Juergen_Peters_0001.jpg',
].map((f) => path.join(SHARED, f));

async function rawCrop(file: string, fill?: number): Promise<Frame> {
  const image =
    fill === undefined
      ? sharp(file)
      : sharp({
          create: { width: 300, height: 300, channels: 3, background: { r: fill, g: fill, b: fill } },
        });
  const { data, info } = await image
    .resize(CHIP_WIDTH, CHIP_HEIGHT, { fit: 'cover' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data), timestampMs: 0 };
}

describe('ID-framed reference photos', () => {
  it('the ID framing puts the face where an ID photo has it (58 % of the height, eyes above the middle)', async () => {
    const frame = await decodeImage(`${FACES}/joe_biden/1.jpg`);
    const a = await engine.analyze(frame);
    const framed = await idFramed(frame, a.faces[a.primary!].landmarks);
    expect([framed.width, framed.height]).toEqual([CHIP_WIDTH, CHIP_HEIGHT]);
    const ref = await embedReferenceWith(engine, framed);
    // Landmarks of the framed photo, in its own coordinates (the reference path pads before detection).
    const dx = (ref.width - CHIP_WIDTH) / 2;
    const dy = (ref.height - CHIP_HEIGHT) / 2;
    const lm = ref.face.landmarks.map(([x, y]) => [x - dx, y - dy] as const);
    expect(faceHeightOf(lm) / CHIP_HEIGHT).toBeGreaterThan(0.53);
    expect(faceHeightOf(lm) / CHIP_HEIGHT).toBeLessThan(0.63);
    const eyeY = (ref.face.fivePoints[0][1] + ref.face.fivePoints[1][1]) / 2 - dy;
    expect(eyeY / CHIP_HEIGHT).toBeGreaterThan(0.38);
    expect(eyeY / CHIP_HEIGHT).toBeLessThan(0.5);
    const layout = idLayoutFaceBox(CHIP_WIDTH, CHIP_HEIGHT);
    expect(Math.abs((ref.face.box.x1 + ref.face.box.x2) / 2 - dx - (layout.x1 + layout.x2) / 2)).toBeLessThan(
      8,
    );
  });

  it('finds the face in every ID-framed photo, raw and as a 1 KB JPEG 2000 or WebP chip photo', async () => {
    const files = [...identityPhotos().map((p) => p.file), ...MORE];
    const missed: string[] = [];
    let tried = 0;
    for (const file of files) {
      const frame = await decodeImage(file);
      const a = await engine.analyze(frame);
      expect(a.primary, file).not.toBeNull();
      const face = a.faces[a.primary!];
      const variants: [string, Frame][] = [['raw', await idFramed(frame, face.landmarks)]];
      for (const codec of CHIP_CODECS) {
        const chip = await simulateChipPhoto(frame, face, codec);
        expect(chip.bytes.byteLength).toBeLessThanOrEqual(CHIP_MAX_BYTES);
        variants.push([codec, chip.frame]);
      }
      for (const [what, photo] of variants) {
        tried++;
        try {
          const ref = await embedReferenceWith(engine, photo);
          expect(ref.embedding).toHaveLength(512);
        } catch (e) {
          if ((e as { code?: string }).code !== 'FACE_NOT_FOUND') throw e;
          missed.push(`${path.relative(SHARED, file)} (${what})`);
        }
      }
    }
    expect(missed, `FACE_NOT_FOUND on ${missed.length} of ${tried}`).toEqual([]);
  });

  it('a small close-up (not an ID photo) whose face is taller than the padded path accepts still yields a face', async () => {
    // 227×170, the chin at the bottom edge: the padded path's box is 154 px, over 90 % of the photo's height.
    const ref = await embedReferenceWith(engine, path.join(SHARED, 'faces-east-asian/kr20000/1.jpg'));
    expect(ref.embedding).toHaveLength(512);
    expect([ref.width, ref.height]).toEqual([227, 170]); // taken as the camera would: unpadded
  });

  it('still finds no face in a blank, noisy or non-face photo of ID size', async () => {
    const noise = new Uint8Array(CHIP_WIDTH * CHIP_HEIGHT * 3);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const photos: [string, Frame][] = [
      ['noise', { width: CHIP_WIDTH, height: CHIP_HEIGHT, channels: 3, data: noise, timestampMs: 0 }],
    ];
    for (const fill of [0, 127, 255]) photos.push([`blank ${fill}`, await rawCrop('', fill)]);
    for (const file of folderPhotos('non_faces')) photos.push([path.basename(file), await rawCrop(file)]);
    for (const [what, photo] of photos) {
      await expect(embedReferenceWith(engine, photo), what).rejects.toMatchObject({ code: 'FACE_NOT_FOUND' });
      const asId = embedReferenceWith(engine, photo, { idPhoto: true });
      await expect(asId, `${what} as an ID photo`).rejects.toMatchObject({ code: 'FACE_NOT_FOUND' });
    }
  });
});
