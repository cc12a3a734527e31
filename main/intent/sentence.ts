// Composes the sentence a person reads aloud for one session: the purpose in words plus a few random digits, so a
// recording made for another session (or another purpose) cannot be replayed.
import { randomInt, randomUUID } from 'node:crypto';
import type { Language } from '../../common/messages';

export interface ReadAloudSentence {
  /** Random id the renderer sends back with the recording. */
  id: string;
  purpose: string;
  language: Language;
  /** What the screen shows, digits spaced so they are read one by one. */
  text: string;
  /** The same sentence with digits written as words, for text-to-speech and test synthesis. */
  spoken: string;
  digits: string;
  /** Rough syllable count of the sentence, to bound a plausible speaking time. */
  syllables: number;
}

const ZH_DIGIT_WORDS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EN_DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Cryptographically random digits; leading zeros allowed (they are read one by one). */
export function randomDigits(count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += String(randomInt(10));
  return s;
}

function englishSyllables(text: string): number {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  // Vowel groups per word is a crude but monotone estimate; it only bounds the speaking time.
  return words.reduce((n, w) => n + Math.max(1, (w.match(/[aeiouy]+/g) ?? []).length), 0);
}

export function countSyllables(spoken: string, language: Language): number {
  if (language === 'en') return englishSyllables(spoken);
  return (spoken.match(/[\p{Script=Han}]/gu) ?? []).length + (spoken.match(/[a-z]+/gi) ?? []).length;
}

/** The sentence for a purpose label and digits (pure, so tests and prompts can build known sentences). */
export function buildSentence(
  label: string,
  digits: string,
  language: Language,
  purpose: string,
  id: string = randomUUID(),
): ReadAloudSentence {
  if (!/^[0-9]{1,12}$/.test(digits)) throw new Error(`digits must be 1..12 decimal digits, got '${digits}'`);
  const spaced = digits.split('').join(' ');
  const text =
    language === 'zh-CN'
      ? `本人自愿办理${label}，确认码 ${spaced}。`
      : `I agree to ${label}. Code ${spaced}.`;
  const spoken =
    language === 'zh-CN'
      ? `本人自愿办理${label}，确认码${digits
          .split('')
          .map((d) => ZH_DIGIT_WORDS[Number(d)])
          .join('')}。`
      : `I agree to ${label}. Code ${digits
          .split('')
          .map((d) => EN_DIGIT_WORDS[Number(d)])
          .join(' ')}.`;
  return { id, purpose, language, text, spoken, digits, syllables: countSyllables(spoken, language) };
}

/** A fresh sentence with new random digits. */
export function composeSentence(
  label: string,
  language: Language,
  purpose: string,
  digitCount: number,
): ReadAloudSentence {
  return buildSentence(label, randomDigits(digitCount), language, purpose);
}
