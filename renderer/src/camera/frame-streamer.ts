// Streams camera frames to main: at most `maxFps` frames a second and never more than one in flight — main answers
// every frame with an ack, and a frame it is too busy for is simply dropped, never queued. Where the pixels come
// from is a FrameSource (video-frame-source.ts in the page), so this pacing runs and is tested without a DOM.
import type { CallResult } from '../../../common/contract-kit';
import type { FrameAck, FrameCommand } from '../../../common/session';

export interface FrameSource {
  /** The current picture, or null while there is none yet (camera still starting). */
  grab(): FrameCommand | null;
}

export type SendFrame = (frame: FrameCommand) => Promise<CallResult<FrameAck>>;

export const DEFAULT_MAX_FPS = 8;

export class FrameStreamer {
  private readonly intervalMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private running = false;
  /** Frames sent and frames main took, for diagnostics. */
  sent = 0;
  accepted = 0;

  constructor(
    private readonly source: FrameSource,
    private readonly send: SendFrame,
    maxFps: number = DEFAULT_MAX_FPS,
  ) {
    if (!(maxFps > 0 && maxFps <= 30)) throw new Error(`maxFps must be in (0, 30], got ${maxFps}`);
    this.intervalMs = 1000 / maxFps;
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
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, this.intervalMs);
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    // The next tick is only scheduled once this frame's ack is back: one in flight, at most one per interval.
    let frame: FrameCommand | null = null;
    try {
      frame = this.source.grab();
    } catch {
      frame = null; // a failed grab drops this frame only
    }
    if (!frame) {
      this.schedule();
      return;
    }
    this.inFlight = true;
    try {
      const ack = await this.send(frame);
      this.sent += 1;
      if (ack.ok && ack.value.accepted) this.accepted += 1;
    } catch {
      // A failed send drops this frame only; the next tick tries again.
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }

  /** True while a frame is waiting for main's ack. */
  get busy(): boolean {
    return this.inFlight;
  }
}
