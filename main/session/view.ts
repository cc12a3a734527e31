// The screen's view of the session (common/session.ts SessionView), built from what the orchestrator holds by a
// pure function: same state, same view. Only the current step's section is filled; the others are null.
import {
  INTENT_AUDIO_SAMPLE_RATES,
  type IntentView,
  type Language,
  type ReaderStatus,
  type SessionStep,
  type SessionView,
} from '../../common/session';
import type { AppConfig } from '../config/schema';
import type { ActiveSession, TerminalScreen } from './session-state';
import type { IntentPromptState, SessionThirdParty } from './ports';

const SECOND_MS = 1000;

export interface ViewInput {
  step: SessionStep;
  session: ActiveSession | null;
  terminal: TerminalScreen;
  language: Language;
  readerStatus: ReaderStatus;
  nowMs: number;
  config: Pick<AppConfig['session'], 'idleWarningSeconds' | 'maxRetries'>;
}

/** The third party's display name in `language`, its plain name otherwise. */
export function thirdPartyName(party: SessionThirdParty, language: Language): string {
  return party.names?.[language] ?? party.name;
}

export function intentView(it: Readonly<IntentPromptState>): IntentView {
  return {
    promptId: it.promptId,
    mode: it.mode,
    text: it.text,
    attemptsLeft: it.attemptsLeft,
    failure: it.failure,
    checking: it.checking,
    answer: it.answer
      ? {
          guidance: it.answer.guidance,
          progress: Math.min(1, Math.max(0, it.answer.progress)),
          leading: it.answer.leading,
          secondsLeft: Math.max(0, Math.ceil((it.answer.timeoutMs - it.answer.elapsedMs) / SECOND_MS)),
        }
      : null,
    spoken: it.spoken,
    audio: it.audio ? { sampleRate: INTENT_AUDIO_SAMPLE_RATES[0], ...it.audio } : null,
  };
}

export function toSessionView({
  step,
  session: s,
  terminal: t,
  language,
  readerStatus,
  nowMs,
  config,
}: ViewInput): SessionView {
  const secondsUntil = (deadline: number | null) =>
    deadline === null ? 0 : Math.max(0, Math.ceil((deadline - nowMs) / SECOND_MS));
  const idleSeconds = s ? secondsUntil(s.idleDeadlineMs) : null;
  return {
    step: step,
    sessionId: s?.id ?? null,
    language: language,
    idle:
      idleSeconds === null
        ? null
        : {
            secondsLeft: idleSeconds,
            // Elderly mode: the warning comes as much earlier as the countdown is longer.
            warning: idleSeconds <= config.idleWarningSeconds * (s?.elderly?.timeoutFactor ?? 1),
          },
    retriesLeft: s?.retriesLeft ?? config.maxRetries,
    agreement: step === 'consent' && s ? s.agreement : null,
    recipient: s?.thirdParty ? { id: s.thirdParty.id, name: thirdPartyName(s.thirdParty, language) } : null,
    card:
      step === 'card' && s
        ? {
            readerStatus: readerStatus,
            summary: s.card && s.age !== null ? { ...s.card.summary, age: s.age } : null,
            errorCode: s.cardError,
          }
        : null,
    guardian: step === 'guardian' && s && s.age !== null ? { age: s.age, mandatory: false } : null,
    capture:
      (step === 'capture' || step === 'liveness') && s
        ? {
            guidance: s.guidance,
            secondsLeft: secondsUntil(s.stepDeadlineMs),
            liveness: step === 'liveness' ? (s.livenessView ?? { prompt: null, progress: 0 }) : null,
          }
        : null,
    intent: step === 'intent' && s?.intent?.state ? intentView(s.intent.state) : null,
    result:
      step === 'result'
        ? s && s.retryReason
          ? {
              outcome: 'fail',
              reason: s.retryReason,
              next: 'retry',
              ...(s.retryDetail ? { detail: s.retryDetail } : {}),
            }
          : t.step === 'result'
            ? t.result
            : null
        : null,
    lock: step === 'locked' && t.step === 'locked' ? { minutesLeft: t.minutesLeft } : null,
    error: step === 'error' && t.step === 'error' ? { code: t.code } : null,
    elderly: s?.elderly != null,
  };
}
