// Counts spoken syllables in a recording from its loudness envelope: every syllable has one vowel nucleus, a
// local maximum of loudness, separated from the next by a dip (a consonant or a pause). Language-independent and
// model-free, so it runs on any voice; it counts nuclei, not words, and is meant for "does the number of
// syllables fit the sentence shown" with a tolerance, not for transcription.
import type { PcmAudio } from './pcm';

export interface SyllableOptions {
  /** A nucleus must rise this many dB above the dip before it and the dip after it. */
  minProminenceDb: number;
  /** …be within this many dB of the loudest point of the recording… */
  floorBelowPeakDb: number;
  /** …and at least this far from the previous nucleus (a fast speaker says ~8 syllables a second). */
  minGapMs: number;
}

export const DEFAULT_SYLLABLE_OPTIONS: SyllableOptions = {
  minProminenceDb: 5,
  floorBelowPeakDb: 20,
  minGapMs: 130,
};

const HOP_MS = 10;
const WINDOW_MS = 30;

/** Loudness in dB per 10 ms hop (30 ms windows), lightly smoothed; also the hop. */
export function loudnessEnvelope(audio: PcmAudio): { db: Float64Array; hopMs: number } {
  const hop = Math.round((audio.sampleRate * HOP_MS) / 1000);
  const win = Math.round((audio.sampleRate * WINDOW_MS) / 1000);
  const n = Math.max(0, Math.floor((audio.samples.length - win) / hop) + 1);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = i * hop; k < i * hop + win; k++) {
      const v = (audio.samples[k] as number) / 32768;
      sum += v * v;
    }
    raw[i] = 10 * Math.log10(sum / win + 1e-10);
  }
  // Three-hop moving average: smooths pitch-period ripple without merging syllables.
  const db = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = raw[Math.max(0, i - 1)] as number;
    const b = raw[i] as number;
    const c = raw[Math.min(n - 1, i + 1)] as number;
    db[i] = (a + b + c) / 3;
  }
  return { db, hopMs: HOP_MS };
}

/** Times (ms) of the syllable nuclei found. */
export function syllableNuclei(
  audio: PcmAudio,
  options: SyllableOptions = DEFAULT_SYLLABLE_OPTIONS,
): number[] {
  const { db, hopMs } = loudnessEnvelope(audio);
  if (db.length === 0) return [];
  const peak = Math.max(...db);
  const floor = peak - options.floorBelowPeakDb;
  const minGap = Math.round(options.minGapMs / hopMs);
  const nuclei: number[] = [];
  let dipBefore = db[0] as number;
  let candidate = -1;
  for (let i = 1; i < db.length - 1; i++) {
    const v = db[i] as number;
    if (candidate < 0) {
      dipBefore = Math.min(dipBefore, v);
      if (
        v >= (db[i - 1] as number) &&
        v > (db[i + 1] as number) &&
        v >= floor &&
        v - dipBefore >= options.minProminenceDb
      )
        candidate = i;
      continue;
    }
    const c = db[candidate] as number;
    if (v > c) {
      candidate = i; // still rising towards the nucleus
      continue;
    }
    if (c - v >= options.minProminenceDb) {
      // The candidate is a nucleus once the loudness fell far enough after it.
      if (nuclei.length === 0 || candidate - (nuclei[nuclei.length - 1] as number) / hopMs >= minGap) {
        nuclei.push(candidate * hopMs);
      }
      candidate = -1;
      dipBefore = v;
    }
  }
  if (candidate >= 0 && (db[candidate] as number) - (db[db.length - 1] as number) >= options.minProminenceDb)
    nuclei.push(candidate * hopMs);
  return nuclei;
}
