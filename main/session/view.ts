// The screen's view of the session (common/session.ts SessionView), built from what the orchestrator holds by a
// pure function: same state, same view. Each step's variant carries that step's section only; a step whose data is
// missing (an in-session step without a session, an end step without its end screen) is a bug and throws.
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
  config: Pick<AppConfig['session'], 'idleWarningSeconds'>;
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

/** The in-session step of `input` has no running session: the orchestrator and its flow disagree (a bug). */
function noSession(step: SessionStep): Error {
  return new Error(`session view: step ${step} without a running session`);
}

/** The end screen `step` as the orchestrator recorded it when the session ended. */
function endScreen<S extends TerminalScreen['step']>(
  t: TerminalScreen,
  step: S,
): Extract<TerminalScreen, { step: S }> {
  if (t.step !== step) throw new Error(`session view: step ${step} but the end screen is ${t.step}`);
  return t as Extract<TerminalScreen, { step: S }>;
}

export function toSessionView(input: ViewInput): SessionView {
  const { step, session: s, terminal: t, language, nowMs } = input;
  const secondsUntil = (deadline: number | null) =>
    deadline === null ? 0 : Math.max(0, Math.ceil((deadline - nowMs) / SECOND_MS));
  const ended = { sessionId: null, language } as const;
  switch (step) {
    case 'attract':
      return { step, ...ended };
    case 'result':
      return { step, ...ended, result: endScreen(t, 'result').result };
    case 'refused':
    case 'staff-required':
      endScreen(t, step);
      return { step, ...ended };
    case 'locked':
      return { step, ...ended, lock: { minutesLeft: endScreen(t, 'locked').minutesLeft } };
    case 'error':
      return { step, ...ended, error: { code: endScreen(t, 'error').code } };
  }
  if (!s) throw noSession(step);
  const idleSeconds = secondsUntil(s.idleDeadlineMs);
  const running = {
    sessionId: s.id,
    language,
    idle: {
      secondsLeft: idleSeconds,
      // Elderly mode: the warning comes as much earlier as the countdown is longer.
      warning: idleSeconds <= input.config.idleWarningSeconds * (s.elderly?.timeoutFactor ?? 1),
    },
    elderly: s.elderly !== null,
  };
  const capture = () => ({ guidance: s.guidance, secondsLeft: secondsUntil(s.stepDeadlineMs) });
  switch (step) {
    case 'consent':
      return {
        step,
        ...running,
        agreement: s.agreement,
        recipient: s.thirdParty
          ? { id: s.thirdParty.id, name: thirdPartyName(s.thirdParty, language) }
          : null,
      };
    case 'card':
      return {
        step,
        ...running,
        card: {
          readerStatus: input.readerStatus,
          summary: s.card && s.age !== null ? { ...s.card.summary, age: s.age } : null,
          errorCode: s.cardError,
        },
      };
    case 'guardian':
      if (s.age === null) throw new Error("session view: guardian step without the card holder's age");
      return { step, ...running, guardian: { age: s.age, mandatory: false } };
    case 'capture':
      return { step, ...running, capture: capture() };
    case 'liveness':
      return {
        step,
        ...running,
        capture: capture(),
        liveness: s.livenessView ?? { prompt: null, progress: 0 },
      };
    case 'match':
      return { step, ...running };
    case 'intent':
      if (!s.intent?.state) throw new Error('session view: intent step without a prompt');
      return { step, ...running, intent: intentView(s.intent.state) };
    case 'retry':
      if (!s.retryReason) throw new Error('session view: retry offer without the failure it follows');
      return {
        step,
        ...running,
        retry: {
          reason: s.retryReason,
          ...(s.retryDetail ? { detail: s.retryDetail } : {}),
          retriesLeft: s.retriesLeft,
        },
      };
  }
}
