// The session's IntentCheck port over main/intent's IntentService: open() gives the session its IntentDialog, which
// owns the step's prompts; this adapter only reduces what crosses the port — the verdict on a recording (voice
// activity in the intent worker, then the recogniser if one is configured) to what the session audits, the answer
// to confirmed / declined.
import type { IntentService } from '../../intent/service';
import type { IntentCheck, IntentDialog } from '../ports';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export class IntentServiceCheck implements IntentCheck {
  constructor(
    private readonly service: IntentService,
    /** Read-aloud attempts per session (config intent.attempts). */
    readonly attempts: number,
    /** Whether the spoken prompts were built (scripts/gen-prompts.mjs); without them the kiosk asks silently. */
    private readonly spokenPrompts = false,
  ) {}

  mode(purpose: string): ReturnType<IntentCheck['mode']> {
    return this.service.modeFor(purpose);
  }

  warm(): Promise<void> {
    return this.service.warm();
  }

  open(options: { sessionId: string; purpose: string }): IntentDialog {
    const dialog = this.service.open({
      ...options,
      attempts: this.attempts,
      spokenPrompts: this.spokenPrompts,
    });
    return {
      get state() {
        return dialog.state;
      },
      next: (language) => dialog.next(language),
      again: (failure, language, mayRepeat) => dialog.again(failure, language, mayRepeat),
      recordFrame: (promptId, frame) => dialog.recordFrame(promptId, frame),
      checkReadAloud: async (promptId, pcm, startedAtMs) => {
        const r = await dialog.submitReadAloud(promptId, pcm, undefined, { startedAtMs });
        const b = r.binding;
        // Only the decision and its measurements leave: no transcript, no sentence, no audio, no mouth track.
        return {
          passed: r.passed,
          failure: r.failure,
          contentChecked: r.content.checked,
          speechMs: Math.round(r.voice.speechMs),
          binding: b
            ? {
                passed: b.passed,
                frames: b.frames,
                faceCoverage: round(b.faceCoverage, 3),
                mouthStd: b.mouthStd === null ? null : round(b.mouthStd, 4),
                stillSpeechMs: b.stillSpeechMs,
                failure: b.failure,
                syllablesHeard: b.syllables.heard,
                syllablesExpected: b.syllables.expected,
                sync: b.sync === null ? null : round(b.sync, 3),
              }
            : null,
        };
      },
      answerFrame: async (promptId, frame, guidance) => {
        const s = await dialog.answerFrame(frame, promptId, guidance);
        return { status: s.status, progress: s.progress, leading: s.leading, elapsedMs: s.elapsedMs };
      },
      answer: async (promptId, answer) => {
        const state = await dialog.answerByTouch(promptId, answer);
        return state.status === 'yes' ? 'confirmed' : 'declined';
      },
      close: () => dialog.close(),
    };
  }
}
