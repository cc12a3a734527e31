// Compares what the person said (a recogniser's transcript) with the sentence on the screen: both are normalised
// to the same alphabet, then scored by character error rate; the session digits must match exactly, because they
// are what makes a replayed recording fail.
import type { Language } from '../../common/messages';

const ZH_DIGITS: Readonly<Record<string, string>> = {
  零: '0',
  〇: '0',
  洞: '0',
  一: '1',
  幺: '1',
  壹: '1',
  二: '2',
  两: '2',
  贰: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};

const EN_DIGITS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

/**
 * The comparison alphabet: NFKC (full-width digits and letters become ASCII), lower case, spoken digits written as
 * digits, and nothing but letters, digits and CJK ideographs (punctuation and spaces are not spoken).
 */
export function normaliseSpoken(text: string, language: Language): string {
  let t = text.normalize('NFKC').toLowerCase();
  if (language === 'en') t = t.replace(/[a-z]+/g, (w) => EN_DIGITS[w] ?? w);
  t = Array.from(t, (ch) => ZH_DIGITS[ch] ?? ch).join('');
  return t.replace(/[^\p{L}\p{N}]/gu, '').replace(/\p{N}/gu, (d) => (/[0-9]/.test(d) ? d : ''));
}

/** Levenshtein distance over code points (CJK characters are one unit each). */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, substitution);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export interface TextComparison {
  /** Character error rate: edits / reference length, after normalisation; may exceed 1 for long transcripts. */
  cer: number;
  digitsExpected: string;
  digitsHeard: string;
  digitsMatch: boolean;
  /** True when the CER is within tolerance and the digits match. */
  passed: boolean;
}

/** Scores a transcript against the displayed sentence. `tolerance` is the largest CER that still passes. */
export function compareTranscript(
  reference: string,
  transcript: string,
  language: Language,
  tolerance: number,
): TextComparison {
  const ref = Array.from(normaliseSpoken(reference, language));
  const hyp = Array.from(normaliseSpoken(transcript, language));
  const cer = ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : editDistance(ref, hyp) / ref.length;
  const digitsExpected = ref.filter((c) => /[0-9]/.test(c)).join('');
  const digitsHeard = hyp.filter((c) => /[0-9]/.test(c)).join('');
  const digitsMatch = digitsExpected === digitsHeard;
  return { cer, digitsExpected, digitsHeard, digitsMatch, passed: digitsMatch && cer <= tolerance };
}
