// Decides from per-frame speech probabilities whether a recording holds the person reading the sentence: enough
// speech, not silence or noise, and a speaking time plausible for the sentence's length. Pure, so traces can be
// tested without the model.
import type { VadConfig } from './config';

export type VoiceFailure = 'INTENT_NO_SPEECH' | 'INTENT_SPEECH_TOO_SHORT' | 'INTENT_SPEECH_TOO_LONG';

export interface VoiceActivity {
  passed: boolean;
  failure?: VoiceFailure;
  /** Total time of frames judged speech (after closing short gaps). */
  speechMs: number;
  /** From the first to the last speech frame. */
  spanMs: number;
  /** The plausible range of `speechMs` for this sentence. */
  expectedMs: { min: number; max: number };
  /** Mean speech probability over all frames, for the record. */
  meanProbability: number;
  frames: number;
}

/** Gaps shorter than this between speech frames are pauses within the sentence, not silence. */
const BRIDGE_GAP_FRAMES = 6; // ~190 ms at 32 ms a frame
/** Isolated speech runs shorter than this are clicks or bursts of noise. */
const MIN_RUN_FRAMES = 3; // ~100 ms

export function assessVoiceActivity(
  probabilities: Float32Array,
  frameMs: number,
  syllables: number,
  config: VadConfig,
): VoiceActivity {
  const speech = Array.from(probabilities, (p) => p >= config.speechThreshold);
  // Close short gaps between speech frames (hysteresis in time).
  let last = -1;
  for (let i = 0; i < speech.length; i++) {
    if (!speech[i]) continue;
    if (last >= 0 && i - last > 1 && i - last - 1 <= BRIDGE_GAP_FRAMES) speech.fill(true, last + 1, i);
    last = i;
  }
  // Drop runs too short to be words.
  for (let i = 0; i < speech.length;) {
    if (!speech[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < speech.length && speech[j]) j++;
    if (j - i < MIN_RUN_FRAMES) speech.fill(false, i, j);
    i = j;
  }
  const speechFrames = speech.filter(Boolean).length;
  const first = speech.indexOf(true);
  const lastSpeech = speech.lastIndexOf(true);
  const speechMs = speechFrames * frameMs;
  const spanMs = first < 0 ? 0 : (lastSpeech - first + 1) * frameMs;
  const expectedMs = {
    min: Math.max(config.minSpeechMs, syllables * config.msPerSyllableMin),
    max: Math.max(config.minSpeechMs * 2, syllables * config.msPerSyllableMax),
  };
  const meanProbability = probabilities.length
    ? probabilities.reduce((a, b) => a + b, 0) / probabilities.length
    : 0;
  const base = { speechMs, spanMs, expectedMs, meanProbability, frames: probabilities.length };
  if (speechFrames === 0) return { ...base, passed: false, failure: 'INTENT_NO_SPEECH' };
  if (speechMs < expectedMs.min) return { ...base, passed: false, failure: 'INTENT_SPEECH_TOO_SHORT' };
  if (speechMs > expectedMs.max) return { ...base, passed: false, failure: 'INTENT_SPEECH_TOO_LONG' };
  return { ...base, passed: true };
}
