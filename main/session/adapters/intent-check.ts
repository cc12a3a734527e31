// The session's IntentCheck port over main/intent's IntentService: the sentence and its recording bounds, the
// verdict on a recording (voice activity in the intent worker, then the recogniser if one is configured) reduced to
// what the session audits, the yes/no question answered on the touch screen, and forgetting a session at its end.
import { randomUUID } from 'node:crypto';
import type { Language } from '../../../common/session';
import type { IntentService } from '../../intent/service';
import type { IntentCheck, ReadAloudChallenge, ReadAloudVerdict } from '../ports';

export class IntentServiceCheck implements IntentCheck {
  constructor(
    private readonly service: IntentService,
    readonly attempts: number,
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

  startAnswer(sessionId: string, purpose: string, language: Language): { promptId: string; text: string } {
    const promptId = randomUUID();
    const p = this.service.startAnswer(sessionId, purpose, language, promptId);
    return { promptId: p.promptId, text: p.text };
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
