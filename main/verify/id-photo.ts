// The ID-card photo layout (GA 461 style, as printed on the card and stored in its chip): 102×126 pixels, the face
// about 55–60 % of the photo's height, centred, the eyes a little above the middle. `idFramed` cuts an ordinary
// photo to that layout (for tests and the chip benchmark); `idLayoutFaceBox` is where the layout puts the face,
// which the reference path uses as a prior when a detector trained on scenes struggles with a face that fills
// the whole image.
import sharp from 'sharp';
import { fivePointsFrom68 } from '../vision/geometry';
import type { Box, Frame, Point } from '../vision/types';

export const CHIP_WIDTH = 102;
export const CHIP_HEIGHT = 126;

/** Face box height / photo height on an ID photo (the middle of the 55–60 % the layout allows). */
export const ID_FACE_HEIGHT = 0.58;
/** Height of the eye line from the top, as a fraction of the photo height ("a little above the middle"). */
export const ID_EYE_LINE = 0.43;

/**
 * Where the ID layout puts the face box in a photo of this size: centred horizontally, height ID_FACE_HEIGHT,
 * with the eye line at ID_EYE_LINE (eyes sit about 38 % down a detector face box).
 */
export function idLayoutFaceBox(width: number, height: number): Box {
  const h = ID_FACE_HEIGHT * height;
  const y1 = ID_EYE_LINE * height - 0.38 * h;
  const cx = width / 2;
  return { x1: cx - h / 2, y1, x2: cx + h / 2, y2: y1 + h, score: 0 };
}

/**
 * The face's height as ID-photo rules measure it (hairline to chin), from the 68 landmarks: by the rule of facial
 * thirds the brow-to-chin distance is two thirds of it. Not the detector box, whose extent varies by model.
 */
export function faceHeightOf(landmarks: readonly Point[]): number {
  const brow = (landmarks[19][1] + landmarks[24][1]) / 2;
  return 1.5 * (landmarks[8][1] - brow);
}

/**
 * Crops `source` (RGB or RGBA frame) so the face lands where an ID photo has it, then resizes to `size`
 * (default the chip's 102×126): face height (faceHeightOf) = `faceHeight` × photo height, eye line at
 * ID_EYE_LINE, centred on the eyes. Outside the source is white, like an ID photo's background. Returns RGB.
 */
export async function idFramed(
  source: Frame,
  landmarks: readonly Point[],
  size: { width: number; height: number } = { width: CHIP_WIDTH, height: CHIP_HEIGHT },
  faceHeight = ID_FACE_HEIGHT,
): Promise<Frame> {
  const cropH = faceHeightOf(landmarks) / faceHeight;
  const cropW = (cropH * size.width) / size.height;
  const eyes = fivePointsFrom68(landmarks);
  const eyeX = (eyes[0][0] + eyes[1][0]) / 2;
  const eyeY = (eyes[0][1] + eyes[1][1]) / 2;
  const left = Math.round(eyeX - cropW / 2);
  const top = Math.round(eyeY - ID_EYE_LINE * cropH);
  const w = Math.max(1, Math.round(cropW));
  const h = Math.max(1, Math.round(cropH));
  const pad = {
    left: Math.max(0, -left),
    top: Math.max(0, -top),
    right: Math.max(0, left + w - source.width),
    bottom: Math.max(0, top + h - source.height),
  };
  const raw = { width: source.width, height: source.height, channels: source.channels };
  // Two pipelines: sharp applies extend after resize within one pipeline, and we need it before the crop.
  const padded = await sharp(source.data, { raw })
    .removeAlpha()
    .extend({ ...pad, background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const data = await sharp(padded.data, { raw: padded.info })
    .extract({ left: left + pad.left, top: top + pad.top, width: w, height: h })
    .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return {
    width: size.width,
    height: size.height,
    channels: 3,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    timestampMs: 0,
  };
}
