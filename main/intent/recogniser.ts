// The recogniser interface of the read-aloud check: audio in, transcript out. Engines: a remote ASR service over
// HTTP (remote-asr.ts) and a local engine where the deployment installs one (local-asr.ts). None is the default,
// in which case the step checks voice activity only and says so in its result.
import type { Language } from '../../common/messages';
import type { PcmAudio } from './pcm';

export interface Transcript {
  text: string;
  /** Which engine produced it, for the record (e.g. "remote", "sherpa-onnx"). */
  engine: string;
}

export interface TranscribeOptions {
  language: Language;
  signal?: AbortSignal;
}

export interface Recogniser {
  readonly engine: string;
  /** Throws HexinError ASR_UNAVAILABLE / ASR_TIMEOUT / ASR_BAD_REPLY on expected failures. */
  transcribe(audio: PcmAudio, options: TranscribeOptions): Promise<Transcript>;
  close(): Promise<void>;
}
