// The contract's read-aloud methods refuse what main must never copy or check: a sample rate other than 16 kHz,
// more than INTENT_AUDIO_MAX_SECONDS of audio, an odd byte count, anything that is not bytes, extra fields.
import { describe, expect, it } from 'vitest';
import { methods } from '../../common/contract';
import { INTENT_AUDIO_MAX_BYTES, INTENT_AUDIO_MAX_SECONDS, intentViewSchema } from '../../common/session';

const args = methods.submitIntentAudio.args;
const ok = { promptId: 'p-1', sampleRate: 16_000, startedAtMs: 51_234.5, pcm: new Uint8Array(32_000) };

describe('submitIntentAudio arguments', () => {
  it('accepts 16 kHz PCM up to the limit', () => {
    expect(args.safeParse(ok).success).toBe(true);
    expect(INTENT_AUDIO_MAX_BYTES).toBe(INTENT_AUDIO_MAX_SECONDS * 16_000 * 2);
    expect(args.safeParse({ ...ok, pcm: new Uint8Array(INTENT_AUDIO_MAX_BYTES) }).success).toBe(true);
  });

  it.each([
    ['a sample rate outside the allowlist', { ...ok, sampleRate: 44_100 }],
    ['a sample rate given as text', { ...ok, sampleRate: '16000' }],
    ['more than the longest recording', { ...ok, pcm: new Uint8Array(INTENT_AUDIO_MAX_BYTES + 2) }],
    ['an odd byte length', { ...ok, pcm: new Uint8Array(32_001) }],
    ['no audio at all', { ...ok, pcm: new Uint8Array(0) }],
    ['numbers instead of bytes', { ...ok, pcm: [1, 2, 3, 4] }],
    ['samples of another type', { ...ok, pcm: new Int16Array(16) }],
    ['an empty prompt id', { ...ok, promptId: '' }],
    ['an overlong prompt id', { ...ok, promptId: 'x'.repeat(129) }],
    ['extra fields', { ...ok, transcript: 'yes' }],
    ["no start time on the frames' clock", { ...ok, startedAtMs: undefined }],
    ['a negative start time', { ...ok, startedAtMs: -1 }],
    ['a start time that is not a number', { ...ok, startedAtMs: Number.NaN }],
  ])('refuses %s', (_what, bad) => {
    expect(args.safeParse(bad).success).toBe(false);
  });
});

describe('reportIntentMicrophone arguments', () => {
  it('takes the three microphone states only', () => {
    const report = methods.reportIntentMicrophone.args;
    for (const state of ['missing', 'denied', 'error']) {
      expect(report.safeParse({ promptId: 'p-1', state }).success).toBe(true);
    }
    expect(report.safeParse({ promptId: 'p-1', state: 'busy' }).success).toBe(false);
  });
});

describe('intent view', () => {
  it('carries the mode, attempts, the failure code and the recording bounds', () => {
    const intent = {
      promptId: 'p',
      mode: 'read-aloud',
      text: '本人自愿办理开立个人账户，确认码 4 0 1 2。',
      attemptsLeft: 2,
      failure: 'INTENT_NO_SPEECH',
      checking: false,
      answer: null,
      spoken: null,
      audio: { sampleRate: 16_000, minMs: 1000, maxMs: 15_000 },
    };
    const shape = intentViewSchema;
    expect(shape.safeParse(intent).success).toBe(true);
    expect(shape.safeParse({ ...intent, failure: 'SOMETHING_ELSE' }).success).toBe(false);
    expect(shape.safeParse({ ...intent, audio: { ...intent.audio, sampleRate: 8000 } }).success).toBe(false);
    expect(shape.safeParse({ ...intent, audio: { ...intent.audio, maxMs: 60_000 } }).success).toBe(false);
  });
});

describe('intent view: answer mode', () => {
  const question = {
    promptId: 'q',
    mode: 'answer',
    text: '您是否本人自愿办理取款？是，请点头；否，请摇头。',
    attemptsLeft: 1,
    failure: null,
    checking: false,
    answer: { guidance: 'OK', progress: 0.4, leading: 'nod', secondsLeft: 7 },
    spoken: 'prompts/zh-CN/answer-question.wav',
    audio: null,
  };
  const shape = intentViewSchema;

  it('carries the answer by head and the spoken prompt', () => {
    expect(shape.safeParse(question).success).toBe(true);
    expect(shape.safeParse({ ...question, failure: 'INTENT_NO_ANSWER' }).success).toBe(true);
  });

  it.each([
    ['a prompt outside prompts/', { spoken: '../main/index.js' }],
    ['a remote prompt', { spoken: 'https://example.com/prompts/zh-CN/x.wav' }],
    ['another language folder', { spoken: 'prompts/fr/answer-question.wav' }],
    ['an unknown guidance', { answer: { ...question.answer, guidance: 'SMILE' } }],
    ['progress above 1', { answer: { ...question.answer, progress: 1.5 } }],
  ])('refuses %s', (_what, bad) => {
    expect(shape.safeParse({ ...question, ...bad }).success).toBe(false);
  });
});

describe('noteIntentActivity arguments', () => {
  it('takes starting to read and repeating the question only', () => {
    const note = methods.noteIntentActivity.args;
    expect(note.safeParse({ promptId: 'p', activity: 'start-reading' }).success).toBe(true);
    expect(note.safeParse({ promptId: 'p', activity: 'repeat-question' }).success).toBe(true);
    expect(note.safeParse({ promptId: 'p', activity: 'dance' }).success).toBe(false);
    expect(note.safeParse({ promptId: '', activity: 'start-reading' }).success).toBe(false);
    expect(note.safeParse({ promptId: 'p', activity: 'start-reading', extra: 1 }).success).toBe(false);
  });
});
