// Streams camera frames to main: each tick draws the video downscaled to 320×240 into a canvas, reads the RGBA
// pixels and sends them with api.submitFrame. At most `maxFps` frames a second and never more than one in flight —
// main answers every frame with an ack, and a frame it is too busy for is simply dropped, never queued.
import type { CallResult } from '../../../common/contract-kit';
import type { FrameAck, FrameCommand } from '../../../common/session';

export interface FrameStreamerOptions {
  width?: number;
  height?: number;
  maxFps?: number;
}

type Send = (frame: FrameCommand) => Promise<CallResult<FrameAck>>;
type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function makeContext(width: number, height: number): Canvas2D {
  // willReadFrequently keeps the canvas on the CPU: we read every frame back, so a GPU canvas would only add copies.
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

export class FrameStreamer {
  private readonly width: number;
  private readonly height: number;
  private readonly intervalMs: number;
  private readonly ctx: Canvas2D;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private running = false;
  /** Frames sent and frames main took, for the page's data attributes (tests) and diagnostics. */
  sent = 0;
  accepted = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly send: Send,
    options: FrameStreamerOptions = {},
  ) {
    this.width = options.width ?? 320;
    this.height = options.height ?? 240;
    this.intervalMs = 1000 / (options.maxFps ?? 8);
    this.ctx = makeContext(this.width, this.height);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    // HAVE_CURRENT_DATA (2): there is a frame to draw.
    if (this.inFlight || this.video.readyState < 2 || this.video.videoWidth === 0) {
      this.schedule();
      return;
    }
    this.inFlight = true;
    try {
      this.ctx.drawImage(this.video, 0, 0, this.width, this.height);
      const image = this.ctx.getImageData(0, 0, this.width, this.height);
      const ack = await this.send({
        width: this.width,
        height: this.height,
        channels: 4,
        data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
        timestampMs: performance.now(),
      });
      this.sent += 1;
      if (ack.ok && ack.value.accepted) this.accepted += 1;
    } catch {
      // A failed draw or send drops this frame only; the next tick tries again.
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }
}
