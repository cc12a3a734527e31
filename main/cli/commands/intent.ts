// `hexin intent …`: operator tools for the intent-confirmation step — check a recording against a sentence
// (voice activity with Silero VAD, and the transcript when a remote recogniser is given), compare a transcript
// with a sentence, and compose a sample sentence.
import { readFile } from 'node:fs/promises';
import { HexinError } from '../../../common/errors';
import type { Language } from '../../../common/messages';
import { parseIntentConfig } from '../../intent/config';
import { decodeWav } from '../../intent/pcm';
import { checkReadAloud } from '../../intent/read-aloud';
import { createRecogniser } from '../../intent/recogniser-factory';
import { composeSentence, countSyllables, type ReadAloudSentence } from '../../intent/sentence';
import { compareTranscript } from '../../intent/text-compare';
import { VadClient } from '../../intent/vad-client';
import { modelsOption } from '../options';
import { defineCommand } from '../spec';
import type { CliIo } from '../types';

const DEFAULTS = parseIntentConfig({});

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

export const intentCommand = defineCommand(
  {
    name: 'intent',
    summary:
      'check a read-aloud recording (VAD, optional remote ASR), compare a transcript, compose a sentence',
    actions: {
      check: {
        args: '<recording.wav>',
        required: ['text'],
        uses: ['asr-url', 'asr-token', 'models'],
        description:
          'voice activity (Silero VAD) of a 16 kHz mono 16-bit WAV, and with --asr-url the transcript too ' +
          '(convert other audio first: ffmpeg -i in.m4a -ar 16000 -ac 1 -c:a pcm_s16le out.wav)',
      },
      compare: {
        required: ['text', 'heard'],
        description:
          'character error rate of a transcript against the sentence; the digits must match exactly',
      },
      sentence: {
        required: ['label'],
        uses: ['digits'],
        description: 'a sentence as the kiosk would show it, with fresh random digits',
      },
    },
    options: {
      text: { type: 'string', value: '"<sentence shown>"', description: 'the sentence the person was shown' },
      heard: { type: 'string', value: '"<transcript>"', description: 'what the recogniser heard' },
      label: { type: 'string', value: '"<purpose words>"', description: 'the purpose the sentence names' },
      digits: {
        type: 'integer',
        min: 1,
        max: 12,
        default: DEFAULTS.digits,
        description: 'how many random digits the sentence holds',
      },
      lang: {
        type: 'string',
        choices: ['zh-CN', 'en'],
        default: 'zh-CN',
        description: 'language of the sentence',
      },
      tolerance: {
        type: 'number',
        value: 'CER',
        min: 0,
        max: 1,
        default: DEFAULTS.cerTolerance,
        description: 'largest character error rate that passes (default from config)',
      },
      'asr-url': {
        type: 'string',
        value: 'URL',
        description: 'remote recogniser endpoint (default: none = voice activity only)',
      },
      'asr-token': { type: 'string', value: 'TOKEN', description: 'bearer token for the remote recogniser' },
      models: modelsOption,
    },
    notes: 'exit code: 0 = passed, 1 = not passed or error, 2 = usage',
  },
  async (call, io) => {
    const { values } = call;
    const json = values.json;
    const language: Language = values.lang;
    const tolerance = values.tolerance;

    if (call.action === 'sentence') {
      const s = composeSentence(call.values.label, language, 'cli', values.digits);
      print(io, json, { text: s.text, spoken: s.spoken, digits: s.digits }, [s.text]);
      return 0;
    }

    if (call.action === 'compare') {
      const r = compareTranscript(call.values.text, call.values.heard, language, tolerance);
      print(io, json, r, [
        `${r.passed ? 'PASS' : 'FAIL'}  CER ${r.cer.toFixed(3)} (tolerance ${tolerance})`,
        `digits: expected ${r.digitsExpected || '-'}, heard ${r.digitsHeard || '-'}${r.digitsMatch ? '' : '  (mismatch)'}`,
      ]);
      return r.passed ? 0 : 1;
    }

    const file = call.positionals[0]!;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      throw new HexinError('INTENT_AUDIO_INVALID', `cannot read ${file}`);
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
      const r = await checkReadAloud(sentenceFromText(call.values.text, language), audio, {
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
          : `content: not checked (${c.reason === 'NO_RECOGNISER' ? 'no recogniser given' : c.reason === 'BINDING_FAILED' ? 'voice not bound to the face' : 'voice check failed'})`,
      ]);
      return r.passed ? 0 : 1;
    } finally {
      await vad.close();
    }
  },
);
