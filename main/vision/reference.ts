// Embeds a reference photo (the ID card's chip photo, an authority photo, or any full photo): decode, find the
// face, align, embed. [Note: ID photos] Chip photos are tiny (102×126) and the face fills them, which a detector
// trained on scenes misses now and then (1 % of ID-framed chip photos at one padding, more after a 1 KB codec).
// So a small photo is padded onto a larger neutral canvas at two scales and the better detection is kept; when
// neither finds a face at the detector's threshold, a weaker detection is accepted only where the ID layout puts
// the face (centred, about 58 % of the height) — a blind crop of the layout is never taken: a blank or non-face
// photo still says FACE_NOT_FOUND.
import sharp from 'sharp';
import { HexinError } from '../../common/errors';
import { idLayoutFaceBox } from '../verify/id-photo';
import { decodeImage } from './decode';
import type { VisionEngine } from './engine';
import type { ReferenceEmbedding } from './protocol';
import type { Box, FaceAnalysis, Frame } from './types';

/**
 * Version of what this path computes: bump it whenever a change alters the face found or the embedding of any
 * photo, so the match benchmark's embedding cache (main/verify/bench/variants.ts) does not reuse stale results.
 */
export const REFERENCE_PATH_VERSION = 1;
/**
 * Version of the fallbacks that run only where every earlier step found no face. They cannot change a found
 * face's embedding, so they leave REFERENCE_PATH_VERSION alone; the benchmark recomputes its cached misses when
 * this changes. Bump it when such a fallback is added or changed.
 */
export const REFERENCE_PATH_FALLBACKS = 2;

/** Images whose longer side is below this are padded before detection. */
const PAD_BELOW_SIDE = 320;
/** Canvas scales tried for small photos: ×2 suits a head-and-shoulders photo, ×1.5 a face-filling ID photo. */
const PAD_SCALES = [2, 1.5] as const;
/**
 * Detector score accepted where the ID layout puts the face. Measured: faces on 1 KB chip photos that the
 * normal threshold (0.7) misses score 0.19–0.9 there; non-face photos (coffee, rocket, landscape, blank, noise)
 * at most 0.13 (docs/vision.md).
 */
const LAYOUT_MIN_SCORE = 0.3;

/** Places the frame in the middle of a 4:3 canvas `scale` times its size, filled with mid-gray. */
export function padFrame(frame: Frame, scale = 2): { frame: Frame; dx: number; dy: number } {
  const C = frame.channels;
  const height = Math.round(Math.max(frame.height, (frame.width * 3) / 4) * scale);
  const width = Math.round((height * 4) / 3);
  const dx = Math.floor((width - frame.width) / 2);
  const dy = Math.floor((height - frame.height) / 2);
  const data = new Uint8Array(width * height * C).fill(127);
  for (let y = 0; y < frame.height; y++) {
    const src = frame.data.subarray(y * frame.width * C, (y + 1) * frame.width * C);
    data.set(src, ((y + dy) * width + dx) * C);
  }
  return { frame: { width, height, channels: C, data, timestampMs: frame.timestampMs }, dx, dy };
}

/** Whether a box (in the padded canvas, offset dx/dy) sits where the ID layout of the original puts the face. */
export function fitsIdLayout(
  box: Box,
  original: { width: number; height: number },
  dx: number,
  dy: number,
): boolean {
  const layout = idLayoutFaceBox(original.width, original.height);
  const side = layout.y2 - layout.y1;
  const cx = (box.x1 + box.x2) / 2 - dx - (layout.x1 + layout.x2) / 2;
  const cy = (box.y1 + box.y2) / 2 - dy - (layout.y1 + layout.y2) / 2;
  const h = (box.y2 - box.y1) / side;
  return Math.abs(cx) <= 0.25 * side && Math.abs(cy) <= 0.25 * side && h >= 0.6 && h <= 1.5;
}

/**
 * A face found on the padding canvas must be a face of the photo: its centre inside the photo and its box at most
 * 90 % of the photo's height (an ID photo's face is about 58 %). Measured: a coffee cup cut to ID size scores 0.81
 * as a "face" taller than the photo itself.
 */
function insidePhoto(box: Box, photo: { width: number; height: number }, dx: number, dy: number): boolean {
  const cx = (box.x1 + box.x2) / 2 - dx;
  const cy = (box.y1 + box.y2) / 2 - dy;
  const inside = cx >= 0 && cx <= photo.width && cy >= 0 && cy <= photo.height;
  return inside && box.y2 - box.y1 <= 0.9 * photo.height;
}

export interface ReferenceOptions {
  /** Also embed the mirrored face and average (steadier; paid once per session). Default true. */
  flip?: boolean;
  /**
   * Enlarge photos whose face is smaller than this many pixels (hairline to chin ≈ the detector box) with
   * Lanczos before landmarks and alignment, instead of the warp's bilinear upsampling. 0 = never (default).
   */
  upsampleBelow?: number;
  /**
   * The photo is an ID photo (chip or authority): take the ID path (padding, ID-layout prior) whatever its size.
   * Photos under 320 px take it anyway.
   */
  idPhoto?: boolean;
}

interface Found {
  frame: Frame;
  face: FaceAnalysis;
}

async function findFace(engine: VisionEngine, decoded: Frame, idPhoto: boolean): Promise<Found | null> {
  if (!idPhoto && Math.max(decoded.width, decoded.height) >= PAD_BELOW_SIDE) return cameraFace(engine, decoded);
  // Detector and landmarks only (eyes, pose and anti-spoofing say nothing about a reference photo's identity).
  let best: Found | null = null;
  const padded = PAD_SCALES.map((scale) => padFrame(decoded, scale));
  for (const { frame, dx, dy } of padded) {
    const box = (await engine.detect(frame)).find((b) => insidePhoto(b, decoded, dx, dy));
    if (!box || (best && box.score <= best.face.box.score)) continue;
    const face: FaceAnalysis | null = await engine.faceAt(frame, box);
    if (face) best = { frame, face };
  }
  if (best) return best;
  // [Note: ID photos] a weaker detection, but only where an ID photo has its face.
  for (const { frame, dx, dy } of padded) {
    const box = (await engine.detect(frame, LAYOUT_MIN_SCORE)).find((b) => fitsIdLayout(b, decoded, dx, dy));
    if (!box) continue;
    const face = await engine.faceAt(frame, box);
    if (face && (!best || face.box.score > best.face.box.score)) best = { frame, face };
  }
  if (best || idPhoto) return best;
  // A small photo not known to be an ID photo can be a close-up whose face is taller than the padded path
  // accepts (measured: faces-east-asian kr20000/1.jpg, 227×170, chin at the edge, a 154 px face box): the
  // camera path on the photo as it is, what a live frame of it would get.
  return cameraFace(engine, decoded);
}

async function cameraFace(engine: VisionEngine, frame: Frame): Promise<Found | null> {
  const analysis = await engine.analyze(frame, {});
  return analysis.primary === null ? null : { frame, face: analysis.faces[analysis.primary] };
}

/**
 * The face the reference path would embed, without embedding it (the match benchmark's no-face scan): null where
 * embedReferenceWith says FACE_NOT_FOUND.
 */
export async function locateReferenceFace(
  engine: VisionEngine,
  image: Frame,
  options: Pick<ReferenceOptions, 'idPhoto'> = {},
): Promise<FaceAnalysis | null> {
  return (await findFace(engine, image, options.idPhoto ?? false))?.face ?? null;
}

/** Lanczos enlargement of a frame by an integer factor (3 channels out). */
async function enlarge(frame: Frame, factor: number): Promise<Frame> {
  const raw = { width: frame.width, height: frame.height, channels: frame.channels };
  const { data, info } = await sharp(frame.data, { raw })
    .removeAlpha()
    .resize(frame.width * factor, frame.height * factor, { kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data), timestampMs: 0 };
}

export async function embedReferenceWith(
  engine: VisionEngine,
  image: Frame | Uint8Array | string,
  options: ReferenceOptions | boolean = {},
): Promise<ReferenceEmbedding> {
  const opts: ReferenceOptions = typeof options === 'boolean' ? { flip: options } : options;
  const { flip = true, upsampleBelow = 0, idPhoto = false } = opts;
  const decoded = image instanceof Uint8Array || typeof image === 'string' ? await decodeImage(image) : image;
  let found = await findFace(engine, decoded, idPhoto);
  if (found === null) {
    throw new HexinError('FACE_NOT_FOUND', 'no face was found in the reference image', {
      width: decoded.width,
      height: decoded.height,
    });
  }
  const faceSide = found.face.box.y2 - found.face.box.y1;
  if (upsampleBelow > 0 && faceSide < upsampleBelow) {
    // Same face, found again on the enlarged image: landmarks and alignment then sample Lanczos-smoothed pixels.
    const factor = Math.min(4, Math.ceil(upsampleBelow / faceSide));
    const frame = await enlarge(found.frame, factor);
    const { x1, y1, x2, y2, score } = found.face.box;
    const box = { x1: x1 * factor, y1: y1 * factor, x2: x2 * factor, y2: y2 * factor, score };
    const face = await engine.faceAt(frame, box);
    if (face) found = { frame, face };
  }
  const embedding = await engine.embed(found.frame, found.face.fivePoints, flip);
  return { face: found.face, embedding, width: found.frame.width, height: found.frame.height };
}
