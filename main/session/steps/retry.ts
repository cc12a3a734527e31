// Failed attempts and the retry offer: every attempt's decision is told (events.ts `decided`), a failure the person
// is responsible for counts toward the card lock-out, and while retries are left the retry offer waits for the
// person (only the idle countdown ends it); otherwise the staff counter. Its slice — retries left, failures, why
// the last attempt failed — lives as long as the session.
import { HexinError } from '../../../common/errors';
import { personMessages } from '../../../common/messages';
import type { RetryCommand, SessionView } from '../../../common/session';
import type { SessionCore } from '../core';
import type { Decided } from '../events';
import type { ActiveSession, ResultReason } from '../session-state';
import { enterCapture, wipeAttempt } from './capture';
import { endAtCounter, endSession, lockedScreen } from './ended';

export interface RetrySlice {
  retriesLeft: number;
  failures: number;
  retryReason: ResultReason | null;
  /** Message code saying more about the failure (e.g. LIVENESS_MULTIPLE_FACES), when the person can act on it. */
  retryDetail: string | null;
  /** The current attempt's decision was told already (a failed attempt that then ends at the counter). */
  decisionTold: boolean;
}

export function emptyRetry(maxRetries: number): RetrySlice {
  return { retriesLeft: maxRetries, failures: 0, retryReason: null, retryDetail: null, decisionTold: false };
}

/** Failures that count toward the card lock-out (not timeouts, which are as likely the kiosk's fault). */
const LOCKOUT_REASONS: ReadonlySet<ResultReason> = new Set([
  'NOT_MATCHED',
  'LIVENESS_FAILED',
  'AUTHORITY_MISMATCH',
]);

export function retry(core: SessionCore, _cmd: RetryCommand = {}): SessionView {
  const s = core.require('retry');
  if (!s.retryReason || s.retriesLeft <= 0) throw new HexinError('SESSION_WRONG_STEP', 'no retry is left');
  core.touch();
  s.retriesLeft -= 1;
  s.retryReason = null;
  s.retryDetail = null;
  s.decisionTold = false;
  core.audit(s, 'attempt.retry', { retriesLeft: s.retriesLeft });
  enterCapture(core, s, 'retry');
  return core.view();
}

/** A failed attempt: retry while retries are left, lock the card out when the risk rule says so. */
export function failAttempt(
  core: SessionCore,
  s: ActiveSession,
  reason: ResultReason,
  detailCode?: string,
): void {
  s.failures += 1;
  // Only codes with words for the person reach the screen; anything else stays in the audit log.
  const detail = detailCode && personMessages[detailCode] ? detailCode : null;
  wipeAttempt(s);
  core.audit(s, 'attempt.failed', { reason, detail: detailCode ?? null, retriesLeft: s.retriesLeft });
  const lock = s.cardKey && LOCKOUT_REASONS.has(reason) ? core.lockout.recordFailure(s.cardKey) : null;
  const lockedUntil = lock?.locked ? lock.untilMs : null;
  decided(
    core,
    s,
    'fail',
    reason,
    lockedUntil !== null ? 'locked' : s.retriesLeft > 0 ? 'retry' : 'staff-counter',
  );
  if (lockedUntil !== null) {
    core.audit(s, 'card.locked', { minutes: core.config.lockout.lockMinutes });
    endSession(core, s, 'locked', lockedScreen(lockedUntil, core.ports.clock.now()));
    return;
  }
  if (s.retriesLeft > 0) {
    s.retryReason = reason;
    s.retryDetail = detail;
    core.go({ type: 'attemptFailed' });
    return;
  }
  endAtCounter(core, s, reason, detail);
}

/** Tells the attempt's decision (every one is recorded: issue 14 item 9), once per attempt. */
export function decided(
  core: SessionCore,
  s: ActiveSession,
  outcome: 'pass' | 'fail',
  reason: ResultReason,
  next: Decided['next'],
): void {
  s.decisionTold = true;
  // A score belongs to a decision that a match took part in; capture and liveness failures had none.
  const matched = reason !== 'CAPTURE_TIMEOUT' && reason !== 'LIVENESS_FAILED';
  core.events.emit({
    type: 'decided',
    sessionId: s.id,
    atMs: core.ports.clock.now(),
    outcome,
    reason,
    attempts: s.failures + (outcome === 'pass' ? 1 : 0),
    score: matched ? s.score : null,
    threshold: matched ? s.threshold : null,
    next,
  });
}
