// Building a frame's FaceAnalysis from what the models said, and checking a frame's shape before any model sees it.
import { HexinError } from '../../common/errors';
import type { LandmarkResult } from './face-models';
import { centerOffset, fivePointsFrom68, mouthOpenRatio } from './geometry';
import type { Box, FaceAnalysis, Frame } from './types';

/** A face from its square box and landmarks; eyes and pose NaN until the engine completes it. */
export function faceOf(box: Box, lm: LandmarkResult, width: number, height: number): FaceAnalysis {
  return {
    box,
    landmarks: lm.points,
    fivePoints: fivePointsFrom68(lm.points),
    pose: { yaw: NaN, pitch: NaN, roll: NaN },
    eyes: { left: NaN, right: NaN },
    mouthOpenRatio: mouthOpenRatio(lm.points),
    quality: {
      sizeRatio: (box.y2 - box.y1) / height,
      centerOffset: centerOffset(box, width, height),
      brightness: lm.brightness,
      contrast: lm.contrast,
      sharpness: lm.sharpness,
    },
  };
}

/** Frames come from outside (renderer, files): check the shape before touching a pixel. */
export function checkFrame(frame: Frame): void {
  const { width, height, channels, data } = frame;
  const okDims = Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16;
  if (!okDims || width > 4096 || height > 4096) {
    throw new HexinError('FRAME_INVALID', `frame size ${width}×${height} is outside 16..4096`, {
      width,
      height,
    });
  }
  if (channels !== 3 && channels !== 4) {
    throw new HexinError(
      'FRAME_INVALID',
      `frame has ${String(channels)} channels; expected 3 (RGB) or 4 (RGBA)`,
    );
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * channels) {
    throw new HexinError(
      'FRAME_INVALID',
      `frame data is ${data?.length} bytes; expected ${width * height * channels}`,
    );
  }
}
