// Grabs the current picture of a <video> downscaled to 320×240 RGBA (the size main's models want; see
// ../shared/specs/models.md) through a canvas that stays on the CPU, since every frame is read back.
import type { FrameCommand } from '../../../common/session';
import type { FrameSource } from './frame-streamer';

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function makeContext(width: number, height: number): Canvas2D {
  if (typeof OffscreenCanvas !== 'undefined') {
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (ctx) return ctx;
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  return ctx;
}

export function videoFrameSource(video: HTMLVideoElement, width = 320, height = 240): FrameSource {
  const ctx = makeContext(width, height);
  return {
    grab(): FrameCommand | null {
      // HAVE_CURRENT_DATA (2): there is a picture to draw.
      if (video.readyState < 2 || video.videoWidth === 0) return null;
      ctx.drawImage(video, 0, 0, width, height);
      const image = ctx.getImageData(0, 0, width, height);
      return {
        width,
        height,
        channels: 4,
        data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
        timestampMs: performance.now(),
      };
    },
  };
}
