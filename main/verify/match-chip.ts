// Simulates an ID card's chip photo from an ordinary photo, for calibrating the `chip` threshold: ID framing
// around the face, 102×126 pixels, WebP squeezed to ≤ 1024 bytes (what the card reader simulator stores).
// The real chip codec (WLT) is wavelet-based and blurs rather than blocks; WebP at 1 KB is the closer stand-in.
import sharp from 'sharp';
import type { Box } from '../vision/types';

export const CHIP_WIDTH = 102;
export const CHIP_HEIGHT = 126;
export const CHIP_MAX_BYTES = 1024;

/**
 * `face` is the face box in the source image (e.g. from VisionEngine.analyze). The crop follows the ID-photo
 * layout: the face about half the photo's height, a little above the middle, shoulders cut.
 */
export async function simulateChipPhoto(
  source: Uint8Array | string,
  face: Box,
  sourceSize: { width: number; height: number },
): Promise<Uint8Array> {
  const faceH = face.y2 - face.y1;
  const cropH = faceH * 2;
  const cropW = (cropH * CHIP_WIDTH) / CHIP_HEIGHT;
  const cx = (face.x1 + face.x2) / 2;
  const cy = (face.y1 + face.y2) / 2 + faceH * 0.1;
  // Extend with white where the crop leaves the photo (ID photos have a plain light background).
  const left = Math.round(cx - cropW / 2);
  const top = Math.round(cy - cropH / 2);
  const w = Math.round(cropW);
  const h = Math.round(cropH);
  const pad = {
    left: Math.max(0, -left),
    top: Math.max(0, -top),
    right: Math.max(0, left + w - sourceSize.width),
    bottom: Math.max(0, top + h - sourceSize.height),
  };
  // Two pipelines: sharp applies extend after resize within one pipeline, and we need it before the crop.
  const padded = await sharp(source)
    .rotate()
    .removeAlpha()
    .extend({ ...pad, background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const cropped = await sharp(padded.data, { raw: padded.info })
    .extract({ left: left + pad.left, top: top + pad.top, width: w, height: h })
    .resize(CHIP_WIDTH, CHIP_HEIGHT, { fit: 'fill' })
    .raw()
    .toBuffer();
  // Highest WebP quality that fits in 1 KB.
  for (let quality = 90; quality >= 1; quality -= quality > 30 ? 10 : 2) {
    const webp = await sharp(cropped, { raw: { width: CHIP_WIDTH, height: CHIP_HEIGHT, channels: 3 } })
      .webp({ quality, effort: 6 })
      .toBuffer();
    if (webp.byteLength <= CHIP_MAX_BYTES) return new Uint8Array(webp);
  }
  throw new Error('could not fit the chip photo into 1 KB');
}
