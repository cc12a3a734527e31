// Records the microphone for the read-aloud step: getUserMedia (audio only), an AudioWorklet served from our own
// origin (public/pcm-recorder.worklet.js — the CSP allows 'self' scripts, no blob: or inline), downsampled to 16 kHz
// mono and turned into signed 16-bit little-endian PCM, the one format main accepts. Ends when the person stops
// speaking, when nothing is heard, at the longest allowed length, or on stop(). Every track and the audio context
// are closed when it ends; the samples live only in the returned bytes.
import { mediaProblemOf, type MediaProblem } from '../media-problem';
import { Downsampler, EndRule, TARGET_RATE, meterLevel, rms, toInt16, toLittleEndianBytes } from './pcm';
import { errorMessage } from '../../../common/errors';

export type MicProblem = MediaProblem;

export class MicUnavailable extends Error {
  constructor(
    readonly state: MicProblem,
    detail: string,
  ) {
    super(`microphone ${state}: ${detail}`);
  }
}

export interface RecordOptions {
  minMs: number;
  maxMs: number;
  /** Level 0..1 and elapsed ms, about ten times a second, for the meter and the countdown. */
  onProgress?: (level: number, elapsedMs: number) => void;
}

export interface Recording {
  sampleRate: typeof TARGET_RATE;
  pcm: Uint8Array<ArrayBuffer>;
  /** Why it ended ('stopped' = the person pressed done). */
  ended: 'done' | 'max' | 'no-voice' | 'stopped';
  /**
   * When the first sample was taken, on performance.now() — the clock of the camera frames' timestampMs — so main
   * can line the voice up with the mouth in the frames sent meanwhile.
   */
  startedAtMs: number;
}

export class MicRecorder {
  private stopRequested: (() => void) | null = null;

  /** Asks the recording in progress to end now (the person pressed "done"). */
  stop(): void {
    this.stopRequested?.();
  }

  /** Opens the microphone and records one reading. Throws MicUnavailable when there is no usable microphone. */
  async record(options: RecordOptions): Promise<Recording> {
    if (!navigator.mediaDevices?.getUserMedia) throw new MicUnavailable('error', 'mediaDevices unavailable');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        video: false,
      });
    } catch (e) {
      throw new MicUnavailable(mediaProblemOf(e), e instanceof Error ? e.name : String(e));
    }
    let ctx: AudioContext | null = null;
    try {
      // Ask for 16 kHz (Chromium resamples the device); fall back to the device rate and downsample here.
      try {
        ctx = new AudioContext({ sampleRate: TARGET_RATE });
      } catch {
        ctx = new AudioContext();
      }
      await ctx.audioWorklet.addModule(new URL('pcm-recorder.worklet.js', document.baseURI).href);
      const source = ctx.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(ctx, 'hexin-pcm-recorder', { numberOfInputs: 1, numberOfOutputs: 0 });
      const down = new Downsampler(ctx.sampleRate);
      const samples = new Int16Array(Math.ceil((options.maxMs * TARGET_RATE) / 1000));
      let filled = 0;
      let startedAtMs: number | null = null;
      const rule = new EndRule({ minMs: options.minMs, maxMs: options.maxMs });
      const ended = await new Promise<Recording['ended']>((resolve) => {
        this.stopRequested = () => resolve('stopped');
        node.port.onmessage = (e: MessageEvent<Float32Array>) => {
          // The first block arrives once its samples were taken: its start is now minus its length.
          startedAtMs ??= Math.max(0, performance.now() - (e.data.length * 1000) / ctx!.sampleRate);
          const chunk = down.push(e.data);
          e.data.fill(0);
          filled += toInt16(chunk, samples, filled);
          const level = rms(chunk);
          const chunkMs = (chunk.length * 1000) / TARGET_RATE;
          chunk.fill(0);
          const elapsedMs = (filled * 1000) / TARGET_RATE;
          options.onProgress?.(meterLevel(level), elapsedMs);
          const decision = filled >= samples.length ? 'max' : rule.push(level, chunkMs);
          if (decision !== 'continue') resolve(decision);
        };
        source.connect(node);
        void ctx!.resume();
      });
      node.port.onmessage = null;
      source.disconnect();
      const pcm = toLittleEndianBytes(samples, filled);
      samples.fill(0);
      return { sampleRate: TARGET_RATE, pcm, ended, startedAtMs: startedAtMs ?? performance.now() };
    } catch (e) {
      if (e instanceof MicUnavailable) throw e;
      throw new MicUnavailable('error', errorMessage(e));
    } finally {
      this.stopRequested = null;
      for (const track of stream.getTracks()) track.stop();
      await ctx?.close().catch(() => {});
    }
  }
}
