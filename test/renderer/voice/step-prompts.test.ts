// Which prompts each screen speaks, from the session view alone.
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../common/session';
import { guidancePrompt, intentPromptId, stepPrompts } from '../../../renderer/src/voice/step-prompts';

const base = { step: 'attract', sessionId: null, language: 'zh-CN' } as SessionView;
const running = {
  sessionId: 's1',
  language: 'zh-CN',
  idle: { secondsLeft: 60, warning: false },
  elderly: false,
};
/** A running session's view at a step, with the step's sections as given. */
const at = (patch: Record<string, unknown>): SessionView => ({ ...running, ...patch }) as SessionView;

describe('stepPrompts', () => {
  it('attract is silent; consent welcomes and summarises; the card step asks for the card, then to check it', () => {
    expect(stepPrompts(base)).toEqual({ key: 'attract', ids: [] });
    expect(stepPrompts(at({ step: 'consent' }))?.ids).toEqual(['welcome', 'consent-summary']);
    const place = stepPrompts(
      at({ step: 'card', card: { readerStatus: 'ready', summary: null, errorCode: null } }),
    );
    expect(place?.ids).toEqual(['card-place']);
    const check = stepPrompts(
      at({
        step: 'card',
        card: { readerStatus: 'ready', summary: {} as never, errorCode: null },
      }),
    );
    expect(check?.ids).toEqual(['card-check']);
    expect(check?.key).not.toBe(place?.key);
  });

  it('a retry asks the steps again: the attempt is part of the key', () => {
    const first = stepPrompts(at({ step: 'capture' }), 'first');
    const again = stepPrompts(at({ step: 'capture' }), 3);
    expect(first?.ids).toEqual(['capture-start']);
    expect(again?.key).not.toBe(first?.key);
  });

  it('each liveness challenge is a prompt of its own; positioning hints go to the debounce gate', () => {
    const liveness = (prompt: string, index?: number) =>
      at({
        step: 'liveness',
        capture: { guidance: 'OK', secondsLeft: 9 },
        liveness: { prompt, progress: 0.5, ...(index ? { params: { index, total: 2 } } : {}) },
      });
    const blink1 = stepPrompts(liveness('liveness.challenge.blink', 1));
    const blink2 = stepPrompts(liveness('liveness.challenge.blink', 2));
    expect(blink1?.ids).toEqual(['liveness-challenge-blink']);
    expect(blink2?.key).not.toBe(blink1?.key);
    expect(stepPrompts(liveness('liveness.guide.MOVE_CLOSER'))).toBeNull();
    expect(guidancePrompt(liveness('liveness.guide.MOVE_CLOSER'))).toBe('liveness-guide-move-closer');
    expect(guidancePrompt(liveness('liveness.challenge.blink', 1))).toBeNull();
  });

  it('capture guidance codes map to their prompts', () => {
    const v = at({ step: 'capture', capture: { guidance: 'TOO_DARK', secondsLeft: 9 } });
    expect(guidancePrompt(v)).toBe('guide-too-dark');
    expect(guidancePrompt(at({ step: 'consent' }))).toBeNull();
  });

  it('the result: pass, retry, counter; the ended screens point to the counter', () => {
    const result = (outcome: 'pass' | 'fail', next: 'done' | 'staff-counter') =>
      stepPrompts(at({ step: 'result', sessionId: null, result: { outcome, reason: 'MATCHED', next } }))?.ids;
    expect(result('pass', 'done')).toEqual(['result-pass']);
    expect(result('fail', 'staff-counter')).toEqual(['result-counter']);
    // The retry offer is a step of its own, spoken once per offer (each has fewer tries left).
    const offer = (retriesLeft: number) =>
      stepPrompts(at({ step: 'retry', retry: { reason: 'NOT_MATCHED', retriesLeft } }), retriesLeft);
    expect(offer(3)?.ids).toEqual(['result-retry']);
    expect(offer(2)?.key).not.toBe(offer(3)?.key);
    expect(stepPrompts(at({ step: 'refused' }))?.ids).toEqual(['refused']);
    expect(stepPrompts(at({ step: 'locked' }))?.ids).toEqual(['staff-counter']);
  });

  it('the intent step speaks the file main names, keyed by its prompt', () => {
    expect(intentPromptId('prompts/zh-CN/answer-question.wav')).toBe('answer-question');
    expect(intentPromptId('prompts/en/read-aloud-instruction.wav')).toBe('read-aloud-instruction');
    expect(intentPromptId('https://evil.example/x.wav')).toBeNull();
    expect(intentPromptId(null)).toBeNull();
    const intent = at({
      step: 'intent',
      intent: { mode: 'answer', promptId: 'p1', spoken: 'prompts/zh-CN/answer-question.wav' } as never,
    });
    expect(stepPrompts(intent)).toEqual({ key: 's1:0:intent:p1', ids: ['answer-question'] });
    // No file named (built without prompts): nothing to say.
    const silent = at({ step: 'intent', intent: { mode: 'answer', promptId: 'p1', spoken: null } as never });
    expect(stepPrompts(silent)).toBeNull();
    // Read-aloud: the instruction, again for each new sentence.
    const read = (promptId: string) =>
      stepPrompts(at({ step: 'intent', intent: { mode: 'read-aloud', promptId, spoken: null } as never }));
    expect(read('r1')).toEqual({ key: 's1:0:intent:r1', ids: ['read-aloud-instruction'] });
    expect(read('r2')?.key).toBe('s1:0:intent:r2');
  });
});
