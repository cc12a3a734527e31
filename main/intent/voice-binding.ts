// Voice bound to the face (read-aloud step): the voice in the recording must come from the face on camera. From
// the camera frames taken while the person read (mouth opening from the landmarks, whether it is still the verified
// person) and the recording's voice activity (Silero VAD) and loudness, on one clock:
// 1. a face, the verified person's, is in view while the voice speaks (NO_FACE, FACE_CHANGED);
// 2. the mouth moves while the voice speaks: a photo or a still frame with a real voice over it does not (MOUTH_STILL);
// 3. the number of syllables heard fits the sentence shown (SYLLABLES, syllables.ts).
// The correlation between mouth opening and loudness is measured and reported (`sync`), not decided on: on the
// GRID talking-face clips it does not tell a speaker's own voice from another clip's (docs/intent.md), so a dubbed
// voice with the same rhythm of speech and pauses is not caught by this module.
import { pearson } from '../util/stats';
import type { PcmAudio } from './pcm';
import { durationMs } from './pcm';
import {
  DEFAULT_SYLLABLE_OPTIONS,
  loudnessEnvelope,
  syllableNuclei,
  type SyllableOptions,
} from './syllables';

export interface MouthSample {
  /** On the recording's clock: 0 = first audio sample. */
  timestampMs: number;
  /** Inner-lip opening / mouth width (FaceAnalysis.mouthOpenRatio); null = no face in this frame. */
  mouthOpen: number | null;
  /** Whether the face is still the session's verified person (embedding continuity); null = not checked. */
  sameFace: boolean | null;
}

export interface VoiceBindingOptions {
  /** VAD probability at or above which a 32 ms frame is speech. */
  speechThreshold: number;
  /** Share of the speaking time that must have a face in view. */
  minFaceCoverage: number;
  /** Standard deviation of the mouth opening while speaking, below which the mouth did not move. */
  minMouthStd: number;
  /** Syllables heard must lie in [expected × low, expected × high + 1]. */
  syllableTolerance: { low: number; high: number };
  syllables: SyllableOptions;
}

export const DEFAULT_VOICE_BINDING: VoiceBindingOptions = {
  speechThreshold: 0.5,
  minFaceCoverage: 0.8,
  // GRID speakers: 0.021–0.12 while speaking (at 8 fps); a still frame: 0 (identical frames, identical landmarks).
  minMouthStd: 0.008,
  syllableTolerance: { low: 0.5, high: 1.5 },
  syllables: DEFAULT_SYLLABLE_OPTIONS,
};

export type VoiceBindingFailure =
  | 'INTENT_BINDING_NO_SPEECH'
  | 'INTENT_BINDING_NO_FACE'
  | 'INTENT_BINDING_FACE_CHANGED'
  | 'INTENT_BINDING_MOUTH_STILL'
  | 'INTENT_BINDING_SYLLABLES';

export interface VoiceBindingResult {
  passed: boolean;
  failure: VoiceBindingFailure | null;
  /** Technical words for the record (never shown). */
  detail: string | null;
  speechMs: number;
  /** Camera frames taken during the recording. */
  frames: number;
  /** Share of speaking frames with a face in view. */
  faceCoverage: number;
  mouthStd: number | null;
  syllables: { heard: number; expected: number; min: number; max: number };
  /** Pearson correlation of mouth opening with loudness over the speech, best lag 0–120 ms (reported only). */
  sync: number | null;
}

/** Judges one read-aloud recording against the camera frames taken while it was recorded. */
export function assessVoiceBinding(
  audio: PcmAudio,
  vad: { probabilities: ArrayLike<number>; frameMs: number },
  mouth: readonly MouthSample[],
  expectedSyllables: number,
  options: VoiceBindingOptions = DEFAULT_VOICE_BINDING,
): VoiceBindingResult {
  const speaking = (t: number): boolean => {
    const i = Math.floor(t / vad.frameMs);
    return (
      i >= 0 && i < vad.probabilities.length && (vad.probabilities[i] as number) >= options.speechThreshold
    );
  };
  let speechFrames = 0;
  for (let i = 0; i < vad.probabilities.length; i++)
    if ((vad.probabilities[i] as number) >= options.speechThreshold) speechFrames++;
  const speechMs = speechFrames * vad.frameMs;
  const duringSpeech = mouth.filter((m) => m.timestampMs <= durationMs(audio) && speaking(m.timestampMs));
  const withFace = duringSpeech.filter((m) => m.mouthOpen !== null);
  const faceCoverage = duringSpeech.length ? withFace.length / duringSpeech.length : 0;
  const opens = withFace.map((m) => m.mouthOpen as number);
  const mouthStd = opens.length >= 3 ? std(opens) : null;
  const heard = syllableNuclei(audio, options.syllables).length;
  const tol = options.syllableTolerance;
  const syllables = {
    heard,
    expected: expectedSyllables,
    min: Math.ceil(expectedSyllables * tol.low),
    max: Math.floor(expectedSyllables * tol.high) + 1,
  };
  const frames = mouth.filter((m) => m.timestampMs >= 0 && m.timestampMs <= durationMs(audio)).length;
  const base = { speechMs, frames, faceCoverage, mouthStd, syllables, sync: syncOf(audio, withFace) };
  const fail = (failure: VoiceBindingFailure, detail: string): VoiceBindingResult => ({
    ...base,
    passed: false,
    failure,
    detail,
  });
  if (speechFrames === 0 || duringSpeech.length === 0)
    return fail(
      'INTENT_BINDING_NO_SPEECH',
      `no speech while camera frames were taken (${mouth.length} frames)`,
    );
  if (faceCoverage < options.minFaceCoverage)
    return fail(
      'INTENT_BINDING_NO_FACE',
      `a face in ${(100 * faceCoverage).toFixed(0)} % of the speaking time (need ${(100 * options.minFaceCoverage).toFixed(0)} %)`,
    );
  if (withFace.some((m) => m.sameFace === false))
    return fail('INTENT_BINDING_FACE_CHANGED', 'another face than the verified person while speaking');
  if (mouthStd === null || mouthStd < options.minMouthStd)
    return fail(
      'INTENT_BINDING_MOUTH_STILL',
      `mouth opening varied by ${mouthStd?.toFixed(4) ?? 'n/a'} while speaking (need ${options.minMouthStd})`,
    );
  if (heard < syllables.min || heard > syllables.max)
    return fail(
      'INTENT_BINDING_SYLLABLES',
      `${heard} syllables heard, the sentence has ${expectedSyllables} (accepted ${syllables.min}–${syllables.max})`,
    );
  return { ...base, passed: true, failure: null, detail: null };
}

function std(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
}

/** Mouth opening against loudness at each camera frame, best of lags 0–120 ms (the voice follows the mouth). */
function syncOf(audio: PcmAudio, samples: readonly MouthSample[]): number | null {
  if (samples.length < 8) return null;
  const { db, hopMs } = loudnessEnvelope(audio);
  let best: number | null = null;
  for (let lag = 0; lag <= 120; lag += 40) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const m of samples) {
      const i = Math.round((m.timestampMs + lag) / hopMs);
      if (i < 0 || i >= db.length) continue;
      xs.push(m.mouthOpen as number);
      ys.push(db[i] as number);
    }
    if (xs.length < 8) continue;
    const r = pearson(xs, ys);
    if (best === null || r > best) best = r;
  }
  return best;
}
