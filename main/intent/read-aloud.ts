// The read-aloud check of one recording against the sentence shown for it: voice activity first (Silero VAD in
// the worker), then — when the camera frames taken while it was recorded are given — the voice must be bound to the
// face (voice-binding.ts: the verified face in view, its mouth moving while the voice speaks and
// with its onsets and pauses, syllables fitting the sentence; a failure fails the reading with its INTENT_BINDING_*
// code), then — when a recogniser is configured — the transcript against the sentence (CER within tolerance, digits
// exact). Without a recogniser the result says the content was not checked.
import type { IntentConfig } from './config';
import { durationMs, type PcmAudio } from './pcm';
import type { Recogniser } from './recogniser';
import type { ReadAloudSentence } from './sentence';
import { compareTranscript } from './text-compare';
import type { VadAnalysis } from './vad-client';
import { assessVoiceActivity, type VoiceActivity, type VoiceFailure } from './voice-activity';
import {
  assessVoiceBinding,
  type MouthSample,
  type VoiceBindingFailure,
  type VoiceBindingResult,
} from './voice-binding';

export type ReadAloudFailure =
  VoiceFailure | VoiceBindingFailure | 'INTENT_CONTENT_MISMATCH' | 'INTENT_DIGITS_MISMATCH';

export type ContentCheck =
  /**
   * NO_RECOGNISER: the deployment configured none; VOICE_FAILED / BINDING_FAILED: not attempted because the voice
   * check, or the voice's binding to the face, failed.
   */
  | { checked: false; reason: 'NO_RECOGNISER' | 'VOICE_FAILED' | 'BINDING_FAILED' }
  | {
      checked: true;
      engine: string;
      transcript: string;
      cer: number;
      digitsMatch: boolean;
      passed: boolean;
    };

export interface ReadAloudResult {
  sentenceId: string;
  purpose: string;
  passed: boolean;
  /** Code of the first failing check (a person message in common/messages/intent.ts), null on a pass. */
  failure: ReadAloudFailure | null;
  audioMs: number;
  voice: VoiceActivity;
  /**
   * The voice bound to the face (its failure fails the reading); null when no camera frames were given or the voice
   * check failed first.
   */
  binding: VoiceBindingResult | null;
  content: ContentCheck;
}

export interface VadAnalyser {
  analyse(audio: PcmAudio): Promise<VadAnalysis>;
}

export interface ReadAloudDeps {
  config: IntentConfig;
  vad: VadAnalyser;
  recogniser: Recogniser | null;
}

/**
 * Checks one recording. `mouth`: the camera frames taken while it was recorded, on the recording's clock (0 = its
 * first sample); given, the voice must be bound to the face. Recogniser outages throw (ASR_UNAVAILABLE /
 * ASR_TIMEOUT): they are not the person's fault.
 */
export async function checkReadAloud(
  sentence: ReadAloudSentence,
  audio: PcmAudio,
  deps: ReadAloudDeps,
  signal?: AbortSignal,
  mouth?: readonly MouthSample[],
): Promise<ReadAloudResult> {
  const vad = await deps.vad.analyse(audio);
  const voice = assessVoiceActivity(vad.probabilities, vad.frameMs, sentence.syllables, deps.config.vad);
  const base = { sentenceId: sentence.id, purpose: sentence.purpose, audioMs: durationMs(audio), voice };
  if (!voice.passed) {
    return {
      ...base,
      passed: false,
      failure: voice.failure ?? 'INTENT_NO_SPEECH',
      binding: null,
      content: { checked: false, reason: 'VOICE_FAILED' },
    };
  }
  // The voice must come from the verified face on camera (docs/intent.md "Voice bound to the face"); no switch
  // turns this off. Without camera frames (the CLI checking a file) there is nothing to bind to.
  const binding = mouth ? assessVoiceBinding(audio, vad, mouth, sentence.syllables) : null;
  if (binding && !binding.passed) {
    return {
      ...base,
      passed: false,
      failure: binding.failure ?? 'INTENT_BINDING_NO_SPEECH',
      binding,
      content: { checked: false, reason: 'BINDING_FAILED' },
    };
  }
  if (!deps.recogniser) {
    return {
      ...base,
      passed: true,
      failure: null,
      binding,
      content: { checked: false, reason: 'NO_RECOGNISER' },
    };
  }
  const transcript = await deps.recogniser.transcribe(audio, { language: sentence.language, signal });
  const cmp = compareTranscript(sentence.text, transcript.text, sentence.language, deps.config.cerTolerance);
  const content: ContentCheck = {
    checked: true,
    engine: transcript.engine,
    transcript: transcript.text,
    cer: cmp.cer,
    digitsMatch: cmp.digitsMatch,
    passed: cmp.passed,
  };
  const failure: ReadAloudFailure | null = cmp.passed
    ? null
    : cmp.digitsMatch
      ? 'INTENT_CONTENT_MISMATCH'
      : 'INTENT_DIGITS_MISMATCH';
  return { ...base, passed: cmp.passed, failure, binding, content };
}
