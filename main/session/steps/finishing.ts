// Finishing: a decision the business app that started the session waits for — a result (pass or fail), or a
// lock-out after failed attempts — is signed for its third party (and only it) before the session ends. The flow is
// in its `finishing` state meanwhile (no command or frame moves it; the screen stays at the step that decided), and
// the signature runs in that state's scope: a reset, cancel, idle end or card removal leaves the state, aborts the
// delivery through the port's AbortSignal, and no token is issued. Its slice is the token, told with the end.
import type { SessionEndReason } from '../../../common/session';
import type { SessionCore } from '../core';
import type { ResultDelivery, SessionCard, SessionThirdParty } from '../ports';
import type { ActiveSession, TerminalScreen } from '../session-state';
import { endSession } from './ended';
import { policyFor } from './match';
import { errorMessage } from '../../../common/errors';

export interface FinishingSlice {
  /** The result token signed for the third party, once issued (told with the end). */
  token: string | null;
}

export function wipeFinishing(s: FinishingSlice): void {
  s.token = null;
}

/** Where a session's decision is signed for, when it is: the port, the authorised party, the purpose, the card. */
export interface SignedResultTarget {
  delivery: ResultDelivery;
  thirdParty: SessionThirdParty;
  purpose: string;
  card: SessionCard;
}

/**
 * Where to sign this end's decision, when it carries one the business app that started the session is waiting
 * for. Cancel, idle, refusal and errors reach the app as a status only (main/api). Null otherwise.
 */
export function signedResultFor(
  core: SessionCore,
  s: ActiveSession,
  reason: SessionEndReason,
  screen: TerminalScreen,
): SignedResultTarget | null {
  const { thirdParty, purpose, card } = s;
  const delivery = core.ports.delivery;
  if (!thirdParty || !purpose || !card || !delivery) return null;
  const decided =
    (reason === 'result' && screen.step === 'result') || (reason === 'locked' && s.failures > 0);
  return decided ? { delivery, thirdParty, purpose, card } : null;
}

/** Signs and queues the result for the session's third party, then ends the session (flow state `finishing`). */
export async function deliverThenEnd(
  core: SessionCore,
  s: ActiveSession,
  { delivery, thirdParty, purpose, card }: SignedResultTarget,
  reason: SessionEndReason,
  screen: TerminalScreen,
): Promise<void> {
  const signal = core.flow.signal();
  const result = screen.step === 'result' ? screen.result : null;
  const decision = result?.outcome ?? 'fail';
  let final = screen;
  try {
    const issued = await delivery.deliver(
      {
        sessionId: s.id,
        thirdPartyId: thirdParty.id,
        purpose,
        decision,
        reason: result?.reason ?? 'LOCKED',
        matchPolicy: policyFor(core, s),
        idNumber: card.idNumber,
        score: s.score,
        threshold: s.threshold,
        ...(s.authorityScore !== null ? { authorityScore: s.authorityScore } : {}),
      },
      signal,
    );
    if (signal.aborted) return; // a port that finished anyway: the session has ended, told no token
    s.token = issued.token;
    core.audit(s, 'result.issued', { decision, thirdParty: thirdParty.id });
  } catch (e) {
    if (signal.aborted) return; // ended meanwhile: nothing was issued, and the end was told already
    core.log.warn(`session ${s.id}: result delivery failed: ${errorMessage(e)}`);
    core.audit(s, 'result.undelivered', { decision });
    // A pass nobody can rely on is no pass: the person goes to staff. A fail stays the fail it was.
    if (decision === 'pass') {
      final = {
        step: 'result',
        result: { outcome: 'fail', reason: 'DELIVERY_FAILED', next: 'staff-counter' },
      };
    }
  }
  endSession(core, s, reason, final);
}
