// Silero VAD (v5 interface) on onnxruntime-node: per 32 ms frame, the probability that it holds speech.
// Framing as in silero-vad's OnnxWrapper (and @ricky0123/vad-web's Silero class): 512 new samples per frame at
// 16 kHz, preceded by the last 64 samples of the previous frame, with a recurrent state carried frame to frame.
// Runs inside the intent worker (worker.ts), never on the main thread.
import * as ort from 'onnxruntime-node';
import type { VadSpec } from './vad-model';

export class SileroVad {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly spec: VadSpec,
  ) {}

  /** One session, one intra-op thread: a 10 s recording is ~300 frames of well under a millisecond each. */
  static async create(model: Uint8Array, spec: VadSpec): Promise<SileroVad> {
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new SileroVad(session, spec);
  }

  /** Speech probability per frame, from a fresh state (one recording = one utterance). A partial last frame is dropped. */
  async probabilities(samples: Float32Array): Promise<Float32Array<ArrayBuffer>> {
    const { frameSamples, contextSamples, stateShape, stateInput, sampleRateInput, sampleRate } =
      this.spec.audio;
    const frames = Math.floor(samples.length / frameSamples);
    const out = new Float32Array(frames);
    const stateSize = stateShape.reduce((a, b) => a * b, 1);
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(stateSize), stateShape);
    // The sample rate is a scalar int64 input (shape []), as the model's metadata says.
    const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(sampleRate)]), []);
    const input = new Float32Array(contextSamples + frameSamples);
    for (let f = 0; f < frames; f++) {
      const start = f * frameSamples;
      // Context = the tail of the previous frame (zeros before the first), so an onset at a boundary is seen whole.
      input.fill(0, 0, contextSamples);
      if (start >= contextSamples) input.set(samples.subarray(start - contextSamples, start), 0);
      input.set(samples.subarray(start, start + frameSamples), contextSamples);
      const result = await this.session.run({
        [this.spec.input.name]: new ort.Tensor('float32', input.slice(), [1, input.length]),
        [stateInput]: state,
        [sampleRateInput]: sr,
      });
      const p = result[this.spec.outputs.probability];
      const next = result[this.spec.outputs.state];
      if (!p || !next || !(p.data instanceof Float32Array) || p.data.length < 1) {
        throw new Error(
          'Silero VAD returned no probability/state; the manifest output names do not match the model',
        );
      }
      out[f] = p.data[0]!;
      state = next;
    }
    return out;
  }

  /** Length of one frame in ms (32 ms for 512 samples at 16 kHz). */
  get frameMs(): number {
    return (this.spec.audio.frameSamples * 1000) / this.spec.audio.sampleRate;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
