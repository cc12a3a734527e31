import { describe, expect, it } from 'vitest';
import { parseIntentConfig } from '../../../main/intent/config';
import { assessVoiceActivity } from '../../../main/intent/voice-activity';

const config = parseIntentConfig({}).vad;
const FRAME = 32;
/** A probability trace from a pattern: '#' = speech frame (0.9), '.' = not speech (0.05). */
const trace = (pattern: string) => Float32Array.from(pattern, (c) => (c === '#' ? 0.9 : 0.05));

describe('assessVoiceActivity', () => {
  it('counts speech frames and bridges short pauses between words', () => {
    // 100 speech frames with two 4-frame pauses inside: the pauses count as speech (one utterance).
    const r = assessVoiceActivity(
      trace(
        '.'.repeat(20) + '#'.repeat(40) + '....' + '#'.repeat(30) + '....' + '#'.repeat(30) + '.'.repeat(20),
      ),
      FRAME,
      10,
      config,
    );
    expect(r.speechMs).toBe((100 + 8) * FRAME);
    expect(r.spanMs).toBe(108 * FRAME);
    expect(r.passed).toBe(true);
  });

  it('ignores isolated clicks shorter than a word', () => {
    const r = assessVoiceActivity(trace('..#.......##.........#...'), FRAME, 10, config);
    expect(r).toMatchObject({ passed: false, failure: 'INTENT_NO_SPEECH', speechMs: 0 });
  });

  it('bounds the speech time by the sentence length', () => {
    // 19 syllables: at least 19 × 120 ms = 2280 ms, at most 19 × 900 ms = 17100 ms.
    const short = assessVoiceActivity(trace('#'.repeat(50)), FRAME, 19, config);
    expect(short).toMatchObject({
      failure: 'INTENT_SPEECH_TOO_SHORT',
      expectedMs: { min: 2280, max: 17100 },
    });
    const ok = assessVoiceActivity(trace('#'.repeat(150)), FRAME, 19, config);
    expect(ok.passed).toBe(true);
    const long = assessVoiceActivity(trace('#'.repeat(600)), FRAME, 19, config);
    expect(long.failure).toBe('INTENT_SPEECH_TOO_LONG');
  });

  it('needs the configured minimum of speech even for a tiny sentence', () => {
    const r = assessVoiceActivity(trace('#'.repeat(20)), FRAME, 2, config);
    expect(r.expectedMs.min).toBe(800);
    expect(r.failure).toBe('INTENT_SPEECH_TOO_SHORT');
  });

  it('uses the configured threshold', () => {
    const p = new Float32Array(100).fill(0.4);
    expect(assessVoiceActivity(p, FRAME, 10, config).failure).toBe('INTENT_NO_SPEECH');
    expect(assessVoiceActivity(p, FRAME, 10, { ...config, speechThreshold: 0.3 }).passed).toBe(true);
  });

  it('handles an empty trace', () => {
    expect(assessVoiceActivity(new Float32Array(0), FRAME, 10, config)).toMatchObject({
      passed: false,
      frames: 0,
      meanProbability: 0,
    });
  });
});
