// The end of a session, however it ends: the final decision told, the end recorded and told (events.ts `ended`),
// every slice of personal data wiped, the flow sent to its end screen (whose time returns it to attract). A decision
// a business app waits for is signed first (finishing.ts), and the session ends once that is done or aborted.
import { HexinError } from '../../../common/errors';
import type { SessionEndReason } from '../../../common/session';
import type { SessionCore } from '../core';
import { SECOND_MS } from '../core';
import type { Expiry } from '../flow';
import type { ActiveSession, ResultReason, TerminalScreen } from '../session-state';
import { wipeCard } from './card';
import { wipeConsent } from './consent';
import { wipeAttempt } from './capture';
import { deliverThenEnd, signedResultFor, wipeFinishing } from './finishing';
import { wipeIntent } from './intent';
import { wipeMatch } from './match';
import { decided } from './retry';
import { STEP_TIMEOUTS } from './timeouts';

/** Ends the session for any reason: wipes everything personal, records it, shows the end screen. */
export function endSession(
  core: SessionCore,
  s: ActiveSession,
  reason: SessionEndReason,
  screen: TerminalScreen,
): void {
  if (core.session !== s) return;
  // A decision for a business app's session is signed for its third party first, while the card number (for
  // the token's keyed hash) is still held; the app learns the session ended only once the token exists.
  const target = core.flow.finishing() ? null : signedResultFor(core, s, reason, screen);
  if (target) {
    core.flow.send({ type: 'finish' });
    core.track(deliverThenEnd(core, s, target, reason, screen));
    return;
  }
  const outcome = screen.step === 'result' ? screen.result : null;
  // The final result is a decision of its own unless the failed attempt before it was told already.
  if (outcome && !s.decisionTold)
    decided(core, s, outcome.outcome, outcome.reason, outcome.next === 'done' ? 'done' : 'staff-counter');
  // Every failed attempt, and the passing one.
  const attempts = s.failures + (outcome?.outcome === 'pass' ? 1 : 0);
  core.audit(s, 'session.ended', {
    reason,
    outcome: outcome?.outcome ?? null,
    resultReason: outcome?.reason ?? null,
    attempts,
  });
  const endedAtMs = core.ports.clock.now();
  core.events.emit({
    type: 'ended',
    sessionId: s.id,
    atMs: endedAtMs,
    reason,
    token: s.token,
    record: {
      sessionId: s.id,
      startedAtMs: s.startedAtMs,
      endedAtMs,
      endReason: reason,
      outcome: outcome?.outcome ?? null,
      resultReason: outcome?.reason ?? null,
      score: s.score,
      threshold: s.threshold,
      referenceType: s.threshold === null ? null : 'chip', // the local match is against the chip photo
      attempts,
    },
  });
  core.ports.cards.cancelRequest();
  wipe(core, s);
  core.session = null;
  core.terminal = screen;
  if (screen.step === 'attract') {
    showAttract(core);
    return;
  }
  // The end screen stays for its time (the flow's delayed transition), then attract. Leaving the running session
  // aborts every step's and the session's scope: any reply still on its way finds its signal aborted.
  core.flow.send({ type: 'end', screen: screen.step });
  const ms = core.config.session.stepTimeoutsSeconds.terminal * core.flow.pace() * SECOND_MS;
  core.terminalDeadlineMs = core.ports.clock.now() + ms;
  core.emit();
}

/** Drops every personal thing the session holds, slice by slice, zeroing the buffers so no copy outlives it. */
function wipe(core: SessionCore, s: ActiveSession): void {
  wipeCard(s);
  wipeAttempt(s);
  wipeIntent(s);
  wipeConsent(s);
  wipeMatch(s);
  wipeFinishing(s);
}

export function showAttract(core: SessionCore): void {
  core.terminalDeadlineMs = null;
  core.stopTicking();
  core.terminal = { step: 'attract' };
  if (core.flow.can({ type: 'end', screen: 'attract' })) core.flow.send({ type: 'end', screen: 'attract' });
  else if (core.flow.can({ type: 'toAttract' })) core.flow.send({ type: 'toAttract' });
  core.language = core.config.languages.default;
  core.emit();
}

/** An error the session cannot go on from: the error screen with its code (INTERNAL for a bug, logged whole). */
export function failSession(core: SessionCore, s: ActiveSession, e: unknown): void {
  const code = e instanceof HexinError ? e.code : 'INTERNAL';
  if (!(e instanceof HexinError))
    core.log.error(`session ${s.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  else core.log.warn(`session ${s.id}: ${e.code}: ${e.message}`);
  endSession(core, s, 'error', { step: 'error', code });
}

/** Ends the session with a failure the person takes to the staff counter (no retry offered from here). */
export function endAtCounter(
  core: SessionCore,
  s: ActiveSession,
  reason: ResultReason,
  detail?: string | null,
): void {
  endSession(core, s, 'result', {
    step: 'result',
    result: { outcome: 'fail', reason, next: 'staff-counter', ...(detail ? { detail } : {}) },
  });
}

/** The verification passed (and intent, where asked, was confirmed); endSession signs it for the third party. */
export function pass(core: SessionCore, s: ActiveSession): void {
  endSession(core, s, 'result', {
    step: 'result',
    result: { outcome: 'pass', reason: 'MATCHED', next: 'done' },
  });
}

/**
 * A timeout of the flow expired (handed over by SessionFlow once the machine has finished its transition): the
 * end screen's time returns to attract, the idle countdown ends the session, a step's timeout is that step's
 * (steps/timeouts.ts: one handler per timed state).
 */
export function onExpired(core: SessionCore, expiry: Expiry): void {
  const s = core.session;
  if (expiry.kind === 'terminal') {
    if (!s) showAttract(core);
    return;
  }
  if (!s) return;
  if (expiry.kind === 'idle') {
    core.audit(s, 'session.idle', { step: core.step });
    endSession(core, s, 'idle', { step: 'attract' });
    return;
  }
  core.audit(s, 'step.timeout', { step: expiry.step });
  STEP_TIMEOUTS[expiry.step](core, s);
}

const MINUTE_MS = 60_000;

/** The lock-out screen for a card locked until `untilMs`, with its whole minutes left as of `nowMs`. */
export function lockedScreen(untilMs: number, nowMs: number): TerminalScreen {
  return { step: 'locked', minutesLeft: Math.ceil((untilMs - nowMs) / MINUTE_MS) };
}
