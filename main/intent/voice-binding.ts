// Voice bound to the face (read-aloud step): the voice in the recording must come from the face on camera. From
// the camera frames taken while the person read (mouth opening from the landmarks, whether it is still the verified
// person) and the recording's voice activity (Silero VAD) and loudness, on one clock:
// 1. a face, the verified person's, is in view while the voice speaks (NO_FACE, FACE_CHANGED);
// 2. the mouth moves while the voice speaks (MOUTH_STILL): over the whole speech (a photo or a still frame with a
//    real voice over it does not move at all), and at every moment of it — the voice must not go on for
//    `maxStillSpeechMs` with no mouth movement within ±`motionToleranceMs` (the voice's onsets and pauses lining up
//    with the mouth's opening and closing; a voice starting before the mouth moves, or going on after it stopped);
// 3. the number of syllables heard fits the sentence shown (SYLLABLES, syllables.ts).
// What it cannot tell: another clip's voice whose speech and pauses fall where this face's mouth moves. On the 11
// GRID clips (docs/intent.md) the timing rule catches 27 of 330 dubbed pairings (8 %) and rejects none of the 33
// own-voice ones; the correlation of mouth opening with loudness (`sync`) separates no better and is reported only.
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
  /** A change of mouth opening between two face frames at least this large is a movement. */
  motionThreshold: number;
  /** A moment of speech is bound when a mouth movement lies within this many ms of it (8 fps: ±1.6 frames). */
  motionToleranceMs: number;
  /** The longest stretch of speech, seen by the camera, allowed with no mouth movement within the tolerance. */
  maxStillSpeechMs: number;
  /** Syllables heard must lie in [expected × low, expected × high + 1]. */
  syllableTolerance: { low: number; high: number };
  syllables: SyllableOptions;
}

export const DEFAULT_VOICE_BINDING: VoiceBindingOptions = {
  speechThreshold: 0.5,
  minFaceCoverage: 0.8,
  // GRID speakers: 0.021–0.12 while speaking (at 8 fps); a still frame: 0 (identical frames, identical landmarks).
  minMouthStd: 0.008,
  // GRID, all 11 clips at every 8 fps phase (33 recordings): the longest still stretch of the own voice is 96 ms,
  // 256 ms leaves a margin of 160 ms; 27 of 330 pairings of a face with another clip's voice reach it.
  motionThreshold: 0.008,
  motionToleranceMs: 200,
  maxStillSpeechMs: 256,
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
  /** The longest stretch of speech the camera saw with no mouth movement within the tolerance (ms). */
  stillSpeechMs: number;
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
  const stillSpeechMs = longestStillSpeech(vad, mouth, options);
  const base = {
    speechMs,
    frames,
    faceCoverage,
    mouthStd,
    stillSpeechMs,
    syllables,
    sync: syncOf(audio, withFace),
  };
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
  if (stillSpeechMs >= options.maxStillSpeechMs)
    return fail(
      'INTENT_BINDING_MOUTH_STILL',
      `the voice spoke for ${stillSpeechMs} ms with no mouth movement within ±${options.motionToleranceMs} ms (allowed < ${options.maxStillSpeechMs})`,
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

/**
 * The longest run of speech frames (VAD) during which the camera saw the face (two face frames within the
 * tolerance) but no mouth movement lay within the tolerance. A movement: the opening changed by at least
 * `motionThreshold` between two consecutive face frames at most 2 × tolerance apart, placed at their midpoint.
 */
function longestStillSpeech(
  vad: { probabilities: ArrayLike<number>; frameMs: number },
  mouth: readonly MouthSample[],
  options: VoiceBindingOptions,
): number {
  const tol = options.motionToleranceMs;
  const faces = mouth.filter((m) => m.mouthOpen !== null).sort((a, b) => a.timestampMs - b.timestampMs);
  const moves: number[] = [];
  for (let i = 1; i < faces.length; i++) {
    const a = faces[i - 1] as MouthSample;
    const b = faces[i] as MouthSample;
    if (b.timestampMs - a.timestampMs > 2 * tol) continue;
    if (Math.abs((b.mouthOpen as number) - (a.mouthOpen as number)) >= options.motionThreshold)
      moves.push((a.timestampMs + b.timestampMs) / 2);
  }
  const within = (times: readonly number[], t: number): number => {
    let n = 0;
    for (const x of times) if (Math.abs(x - t) <= tol) n++;
    return n;
  };
  const faceTimes = faces.map((m) => m.timestampMs);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < vad.probabilities.length; i++) {
    const t = (i + 0.5) * vad.frameMs;
    const still =
      (vad.probabilities[i] as number) >= options.speechThreshold &&
      within(faceTimes, t) >= 2 &&
      within(moves, t) === 0;
    run = still ? run + vad.frameMs : 0;
    longest = Math.max(longest, run);
  }
  return longest;
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
