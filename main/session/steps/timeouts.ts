// What each timed step's timeout means, one entry per state of the flow that has a delayed transition (flow.ts
// TIMED_STEPS): the machine says when, this says what follows. Steps without a reaction of their own end the
// session with SESSION_TIMEOUT.
import type { SessionCore } from '../core';
import type { TimedStep } from '../flow';
import type { ActiveSession } from '../session-state';
import { endSession } from './ended';
import { intentTimedOut } from './intent';
import { matchTimedOut } from './match';
import { failAttempt } from './retry';

type OnTimeout = (core: SessionCore, s: ActiveSession) => void;

const sessionTimeout: OnTimeout = (core, s) =>
  endSession(core, s, 'timeout', { step: 'error', code: 'SESSION_TIMEOUT' });

export const STEP_TIMEOUTS: Record<TimedStep, OnTimeout> = {
  consent: sessionTimeout,
  card: sessionTimeout,
  guardian: sessionTimeout,
  // No face settled in time: a failed attempt (retry offered while retries are left), never the person's lock-out.
  capture: (core, s) => failAttempt(core, s, 'CAPTURE_TIMEOUT'),
  liveness: (core, s) => failAttempt(core, s, 'LIVENESS_FAILED'),
  match: matchTimedOut,
  // The question unanswered (no frames decided it): "no answer", never a yes; a sentence not read: the timeout.
  intent: (core, s) => intentTimedOut(core, s) || sessionTimeout(core, s),
};
