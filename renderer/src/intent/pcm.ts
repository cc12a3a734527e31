// Pure audio helpers of the read-aloud recorder (no Web Audio here, so they run in vitest): downsampling the
// microphone to 16 kHz, float → signed 16-bit little-endian PCM, the level for the meter, and the rule that ends a
// recording (the person stopped speaking, nothing was heard for a while, or the longest recording was reached).

export const TARGET_RATE = 16_000;

/**
 * Streaming downsampler to 16 kHz: each output sample is the mean of the input samples it covers (a box filter,
 * enough against aliasing for speech going to a voice detector), with the fractional position carried across
 * chunks. A source already at 16 kHz passes through unchanged.
 */
export class Downsampler {
  private readonly ratio: number;
  /** Sum and count of input samples of the output sample being built. */
  private sum = 0;
  private count = 0;
  /** Input position (in input samples) where the next output sample ends. */
  private nextEdge: number;
  private consumed = 0;

  constructor(private readonly fromRate: number) {
    if (!Number.isFinite(fromRate) || fromRate < TARGET_RATE) {
      throw new Error(`cannot record from ${fromRate} Hz: at least ${TARGET_RATE} Hz is needed`);
    }
    this.ratio = fromRate / TARGET_RATE;
    this.nextEdge = this.ratio;
  }

  push(input: Float32Array): Float32Array {
    if (this.fromRate === TARGET_RATE) return Float32Array.from(input);
    const out: number[] = [];
    for (let i = 0; i < input.length; i++) {
      this.sum += input[i]!;
      this.count += 1;
      this.consumed += 1;
      if (this.consumed >= this.nextEdge) {
        out.push(this.sum / this.count);
        this.sum = 0;
        this.count = 0;
        this.nextEdge += this.ratio;
      }
    }
    return Float32Array.from(out);
  }
}

/** Float samples in -1..1 → signed 16-bit, clamped. */
export function toInt16(input: Float32Array, out: Int16Array, offset: number): number {
  const n = Math.min(input.length, out.length - offset);
  for (let i = 0; i < n; i++) {
    const v = Math.max(-1, Math.min(1, input[i]!));
    out[offset + i] = Math.round(v < 0 ? v * 32768 : v * 32767);
  }
  return n;
}

/** Little-endian bytes of the samples (what main takes), copied so the caller may wipe its own buffer. */
export function toLittleEndianBytes(samples: Int16Array, count: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(count * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) view.setInt16(i * 2, samples[i]!, true);
  return bytes;
}

/** Root mean square of a chunk. */
export function rms(input: Float32Array): number {
  if (input.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < input.length; i++) s += input[i]! * input[i]!;
  return Math.sqrt(s / input.length);
}

/** 0..1 for the level meter: -60 dBFS and below is empty, 0 dBFS full. */
export function meterLevel(r: number): number {
  if (r <= 0) return 0;
  return Math.max(0, Math.min(1, (20 * Math.log10(r) + 60) / 60));
}

export interface EndRuleOptions {
  minMs: number;
  maxMs: number;
  /** RMS at or above which a chunk counts as voice (a rough gate; main's Silero VAD decides). */
  voiceRms?: number;
  /** Voice needed before a pause may end the recording. */
  minVoiceMs?: number;
  /** A pause this long after the voice ends the recording. */
  endSilenceMs?: number;
  /** Nothing heard for this long: stop and let main say so. */
  noVoiceMs?: number;
}

export type EndDecision = 'continue' | 'done' | 'max' | 'no-voice';

/** Decides, chunk by chunk, when a read-aloud recording is over. */
export class EndRule {
  private elapsedMs = 0;
  private voiceMs = 0;
  private silenceMs = 0;
  private readonly o: Required<EndRuleOptions>;

  constructor(options: EndRuleOptions) {
    this.o = {
      voiceRms: 0.02,
      minVoiceMs: 800,
      endSilenceMs: 1_500,
      noVoiceMs: 6_000,
      ...options,
    };
  }

  get heardVoice(): boolean {
    return this.voiceMs >= this.o.minVoiceMs;
  }

  push(chunkRms: number, chunkMs: number): EndDecision {
    this.elapsedMs += chunkMs;
    if (chunkRms >= this.o.voiceRms) {
      this.voiceMs += chunkMs;
      this.silenceMs = 0;
    } else {
      this.silenceMs += chunkMs;
    }
    if (this.elapsedMs >= this.o.maxMs) return 'max';
    if (this.elapsedMs < this.o.minMs) return 'continue';
    if (this.heardVoice && this.silenceMs >= this.o.endSilenceMs) return 'done';
    if (
      this.voiceMs < this.o.minVoiceMs &&
      this.elapsedMs >= this.o.noVoiceMs &&
      this.silenceMs >= this.o.noVoiceMs / 2
    )
      return 'no-voice';
    return 'continue';
  }
}
