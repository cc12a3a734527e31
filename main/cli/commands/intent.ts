// `hexin intent …`: operator tools for the intent-confirmation step — check a recording against a sentence
// (voice activity with Silero VAD, and the transcript when a remote recogniser is given), compare a transcript
// with a sentence, and compose a sample sentence.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HexinError } from '../../../common/errors';
import type { Language } from '../../../common/messages';
import { parseIntentConfig } from '../../intent/config';
import { decodeWav } from '../../intent/pcm';
import { checkReadAloud } from '../../intent/read-aloud';
import { createRecogniser } from '../../intent/recogniser-factory';
import { composeSentence, countSyllables, type ReadAloudSentence } from '../../intent/sentence';
import { compareTranscript } from '../../intent/text-compare';
import { VadClient } from '../../intent/vad-client';
import { type CliCommand, type CliIo, printUsage } from '../types';

const HELP = `usage: hexin intent check <recording.wav> --text "<sentence shown>" [options]
       hexin intent compare --text "<sentence shown>" --heard "<transcript>" [options]
       hexin intent sentence --label "<purpose words>" [--digits N] [options]
  check:    voice activity (Silero VAD) of a 16 kHz mono 16-bit WAV, and with --asr-url the transcript too
            (convert other audio first: ffmpeg -i in.m4a -ar 16000 -ac 1 -c:a pcm_s16le out.wav)
  compare:  character error rate of a transcript against the sentence; the digits must match exactly
  sentence: a sentence as the kiosk would show it, with fresh random digits
options:
  --lang zh-CN|en       language of the sentence (default zh-CN)
  --tolerance CER       largest character error rate that passes (default from config: 0.25)
  --asr-url URL         remote recogniser endpoint (default: none = voice activity only)
  --asr-token TOKEN     bearer token for the remote recogniser
  --models DIR          models folder (default: the repository's models/)
  --json                JSON output
exit code: 0 = passed, 1 = not passed or error, 2 = usage
`;

function parseLanguage(value: string | undefined): Language {
  if (value === undefined || value === 'zh-CN') return 'zh-CN';
  if (value === 'en') return 'en';
  throw new HexinError('BAD_REQUEST', '--lang must be zh-CN or en');
}

function parseTolerance(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const t = Number(value);
  if (!Number.isFinite(t) || t < 0 || t > 1)
    throw new HexinError('BAD_REQUEST', '--tolerance must be in 0..1');
  return t;
}

/** A sentence object for text typed by the operator (digits counted as one syllable each, as they are read). */
function sentenceFromText(text: string, language: Language): ReadAloudSentence {
  const digits = text.replace(/[^0-9]/g, '');
  return {
    id: 'cli',
    purpose: 'cli',
    language,
    text,
    spoken: text,
    digits,
    syllables: countSyllables(text, language) + digits.length,
  };
}

const print = (io: CliIo, json: boolean, value: unknown, lines: string[]) =>
  io.stdout(json ? JSON.stringify(value) + '\n' : lines.join('\n') + '\n');

export const intentCommand: CliCommand = {
  name: 'intent',
  summary:
    'check a read-aloud recording (VAD, optional remote ASR), compare a transcript, compose a sentence',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        text: { type: 'string' },
        heard: { type: 'string' },
        label: { type: 'string' },
        digits: { type: 'string' },
        lang: { type: 'string' },
        tolerance: { type: 'string' },
        'asr-url': { type: 'string' },
        'asr-token': { type: 'string' },
        models: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [sub, ...rest] = positionals;
    const json = values.json;
    if (values.help) {
      return printUsage(io, HELP, true);
    }
    const language = parseLanguage(values.lang);
    const defaults = parseIntentConfig({});
    const tolerance = parseTolerance(values.tolerance, defaults.cerTolerance);

    if (sub === 'sentence' && rest.length === 0 && values.label) {
      const n = values.digits === undefined ? defaults.digits : Number(values.digits);
      if (!Number.isInteger(n) || n < 1 || n > 12)
        throw new HexinError('BAD_REQUEST', '--digits must be 1..12');
      const s = composeSentence(values.label, language, 'cli', n);
      print(io, json, { text: s.text, spoken: s.spoken, digits: s.digits }, [s.text]);
      return 0;
    }

    if (sub === 'compare' && rest.length === 0 && values.text !== undefined && values.heard !== undefined) {
      const r = compareTranscript(values.text, values.heard, language, tolerance);
      print(io, json, r, [
        `${r.passed ? 'PASS' : 'FAIL'}  CER ${r.cer.toFixed(3)} (tolerance ${tolerance})`,
        `digits: expected ${r.digitsExpected || '-'}, heard ${r.digitsHeard || '-'}${r.digitsMatch ? '' : '  (mismatch)'}`,
      ]);
      return r.passed ? 0 : 1;
    }

    if (sub === 'check' && rest.length === 1 && values.text !== undefined) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(rest[0]!);
      } catch {
        throw new HexinError('INTENT_AUDIO_INVALID', `cannot read ${rest[0]}`);
      }
      const config = parseIntentConfig({ cerTolerance: tolerance });
      const audio = decodeWav(bytes, config);
      const vad = new VadClient(values.models);
      // Same rules as the kiosk's config (https, or http to loopback only).
      const recogniser = values['asr-url']
        ? createRecogniser(
            parseIntentConfig({
              recogniser: { kind: 'remote', url: values['asr-url'], token: values['asr-token'] },
            }).recogniser,
          )
        : null;
      try {
        const r = await checkReadAloud(sentenceFromText(values.text, language), audio, {
          config,
          vad,
          recogniser,
        });
        const c = r.content;
        print(io, json, r, [
          `${r.passed ? 'PASS' : 'FAIL'}${r.failure ? `  ${r.failure}` : ''}`,
          `voice: ${(r.voice.speechMs / 1000).toFixed(2)} s of speech in ${(r.audioMs / 1000).toFixed(2)} s ` +
            `(plausible ${(r.voice.expectedMs.min / 1000).toFixed(1)}–${(r.voice.expectedMs.max / 1000).toFixed(1)} s)`,
          c.checked
            ? `content: "${c.transcript}" CER ${c.cer.toFixed(3)}, digits ${c.digitsMatch ? 'match' : 'differ'}`
            : `content: not checked (${c.reason === 'NO_RECOGNISER' ? 'no recogniser given' : 'voice check failed'})`,
        ]);
        return r.passed ? 0 : 1;
      } finally {
        await vad.close();
      }
    }

    return printUsage(io, HELP, false);
  },
};
