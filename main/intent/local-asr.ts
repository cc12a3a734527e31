// Local speech recognition through sherpa-onnx's Node addon (npm `sherpa-onnx-node`), for deployments that want
// no audio to leave the terminal. Neither the addon nor a model is bundled: the deployment installs the package
// and points the config at a model directory (e.g. a paraformer-zh export). Loaded lazily, so a kiosk without it
// runs unchanged and says plainly what is missing.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { HexinError } from '../../common/errors';
import type { RecogniserConfig } from './config';
import { toFloat32, type PcmAudio } from './pcm';
import type { Recogniser, TranscribeOptions, Transcript } from './recogniser';

type LocalConfig = Extract<RecogniserConfig, { kind: 'local' }>;

/** The part of sherpa-onnx-node's API we use (checked at load time, since the module is untyped here). */
interface SherpaStream {
  acceptWaveform(wave: { sampleRate: number; samples: Float32Array }): void;
}
interface SherpaRecognizer {
  createStream(): SherpaStream;
  decode(stream: SherpaStream): void;
  decodeAsync?(stream: SherpaStream): Promise<unknown>;
  getResult(stream: SherpaStream): { text?: unknown };
}
type SherpaModule = { OfflineRecognizer: new (config: unknown) => SherpaRecognizer };

/** The module name lives in a variable so bundlers and tsc do not try to resolve an optional dependency. */
const SHERPA_MODULE = 'sherpa-onnx-node';

async function loadSherpa(moduleName: string): Promise<SherpaModule> {
  let mod: unknown;
  try {
    mod = await import(/* @vite-ignore */ moduleName);
  } catch (e) {
    throw new HexinError(
      'ASR_UNAVAILABLE',
      `local recogniser: cannot load '${moduleName}' (install it on the terminal: npm install ${moduleName})`,
      {},
      { cause: e },
    );
  }
  const m = (mod as { default?: unknown }).default ?? mod;
  if (!m || typeof (m as { OfflineRecognizer?: unknown }).OfflineRecognizer !== 'function') {
    throw new HexinError('ASR_UNAVAILABLE', `local recogniser: '${moduleName}' has no OfflineRecognizer`);
  }
  return m as SherpaModule;
}

export class LocalAsr implements Recogniser {
  readonly engine = 'sherpa-onnx';
  private recognizer: Promise<SherpaRecognizer> | null = null;

  constructor(
    private readonly config: LocalConfig,
    private readonly moduleName: string = SHERPA_MODULE,
  ) {}

  private async create(): Promise<SherpaRecognizer> {
    const model = path.resolve(this.config.modelDir, this.config.modelFile);
    const tokens = path.resolve(this.config.modelDir, this.config.tokensFile);
    for (const file of [model, tokens]) {
      try {
        await access(file);
      } catch {
        throw new HexinError('ASR_UNAVAILABLE', `local recogniser: model file ${file} is missing`, { file });
      }
    }
    const sherpa = await loadSherpa(this.moduleName);
    const family =
      this.config.modelType === 'paraformer'
        ? { paraformer: { model } }
        : { senseVoice: { model, language: '', useInverseTextNormalization: 1 } };
    try {
      return new sherpa.OfflineRecognizer({
        featConfig: { sampleRate: 16_000, featureDim: 80 },
        modelConfig: { ...family, tokens, numThreads: this.config.threads, provider: 'cpu', debug: 0 },
      });
    } catch (e) {
      throw new HexinError(
        'ASR_UNAVAILABLE',
        `local recogniser: the engine rejected the model: ${String(e)}`,
        {},
        { cause: e },
      );
    }
  }

  async transcribe(audio: PcmAudio, _options: TranscribeOptions): Promise<Transcript> {
    this.recognizer ??= this.create();
    this.recognizer.catch(() => (this.recognizer = null));
    const recognizer = await this.recognizer;
    const stream = recognizer.createStream();
    const samples = toFloat32(audio);
    try {
      stream.acceptWaveform({ sampleRate: audio.sampleRate, samples });
      // decodeAsync (newer addons) runs off the JS thread; the synchronous decode is the fallback.
      if (recognizer.decodeAsync) await recognizer.decodeAsync(stream);
      else recognizer.decode(stream);
    } finally {
      samples.fill(0);
    }
    const { text } = recognizer.getResult(stream);
    if (typeof text !== 'string') throw new HexinError('ASR_BAD_REPLY', 'local recogniser returned no text');
    return { text, engine: this.engine };
  }

  async close(): Promise<void> {
    this.recognizer = null;
  }
}
