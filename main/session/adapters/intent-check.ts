// The session's IntentCheck port over main/intent's IntentService: the sentence and its recording bounds, the
// verdict on a recording (voice activity in the intent worker, then the recogniser if one is configured) reduced to
// what the session audits, the yes/no question answered by nod / shake over the camera frames or on the touch
// screen, and forgetting a session at its end.
import { randomUUID } from 'node:crypto';
import type { Language } from '../../../common/session';
import type { IntentService } from '../../intent/service';
import type { FrameAnalysis } from '../../vision/types';
import type {
  AnswerProgress,
  AnswerQuestion,
  IntentCheck,
  ReadAloudChallenge,
  ReadAloudVerdict,
} from '../ports';

export class IntentServiceCheck implements IntentCheck {
  constructor(
    private readonly service: IntentService,
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

  startReadAloud(sessionId: string, purpose: string, language: Language): ReadAloudChallenge {
    const p = this.service.startReadAloud(sessionId, purpose, language);
    return { promptId: p.promptId, text: p.text, minMs: p.audio.minMs, maxMs: p.audio.maxMs };
  }

  async checkReadAloud(sessionId: string, promptId: string, pcm: Uint8Array): Promise<ReadAloudVerdict> {
    const r = await this.service.submitReadAloud(sessionId, promptId, pcm);
    // Only the decision and its measurements leave: no transcript, no sentence, no audio.
    return {
      passed: r.passed,
      failure: r.failure,
      contentChecked: r.content.checked,
      speechMs: Math.round(r.voice.speechMs),
    };
  }

  startAnswer(sessionId: string, purpose: string, language: Language, retry = false): AnswerQuestion {
    const promptId = randomUUID();
    const p = this.service.startAnswer(sessionId, purpose, language, promptId, retry);
    return {
      promptId: p.promptId,
      text: p.text,
      timeoutMs: p.timeoutMs,
      spoken: this.spokenPrompts ? p.promptAudio : null,
    };
  }

  async answerFrame(sessionId: string, promptId: string, frame: FrameAnalysis): Promise<AnswerProgress> {
    const s = await this.service.answerFrame(sessionId, frame, promptId);
    return { status: s.status, progress: s.progress, leading: s.leading, elapsedMs: s.elapsedMs };
  }

  async answer(
    sessionId: string,
    promptId: string,
    answer: 'confirm' | 'decline',
  ): Promise<'confirmed' | 'declined'> {
    const state = await this.service.answerByTouch(sessionId, promptId, answer);
    return state.status === 'yes' ? 'confirmed' : 'declined';
  }

  endSession(sessionId: string): void {
    this.service.endSession(sessionId);
  }
}
