// The match step: the live probe against the chip photo's embedding (steps/card.ts), then — where the policy needs
// it — the authority's verdict on the best live frame (the match.authority state: its timeout then means the
// authority is unavailable), decided by the policy (main/verify/authority decideMatch). A pass goes on to the intent
// step where the purpose asks for one, else to the end; a failure is a failed attempt; an authority that cannot help
// sends the person to the counter. All of it runs in the match state's scope: once the flow leaves the state
// (timeout, cancel, reset), the replies still on their way change nothing. Its slice — the scores — is told with
// the end and wiped with the session.
import type { MatchPolicy } from '../../verify/authority/config';
import { decideMatch, type LocalMatch } from '../../verify/authority/policy';
import type { SessionCore } from '../core';
import type { AuthorityResult } from '../ports';
import type { ActiveSession, ResultReason } from '../session-state';
import { dropBestFrame } from './capture';
import { endAtCounter, endSession, failSession, pass } from './ended';
import { beginIntent } from './intent';
import { failAttempt } from './retry';
import { errorMessage } from '../../../common/errors';

export interface MatchSlice {
  score: number | null;
  threshold: number | null;
  /** The authority's score of the last check, for the token where scores are enabled. */
  authorityScore: number | null;
}

export function emptyMatch(): MatchSlice {
  return { score: null, threshold: null, authorityScore: null };
}

export function wipeMatch(s: MatchSlice): void {
  s.score = null;
  s.threshold = null;
  s.authorityScore = null;
}

/**
 * The match policy of this session: the configured one, except for a card typed in by staff, which has no chip
 * photo to compare with — its only reference is the authority's photo.
 */
export function policyFor(core: SessionCore, s: ActiveSession): MatchPolicy {
  return s.card?.source === 'manual' ? 'authority' : core.config.authority.policy;
}

/** Whether the policy needs the authority's verdict (and there is one to ask): only then is a frame kept. */
export function asksAuthority(core: SessionCore, s: ActiveSession): boolean {
  return policyFor(core, s) !== 'local' && core.ports.authority !== undefined;
}

/** The match step's timeout: the authority did not answer (unavailable, never a pass), or the match never ended. */
export function matchTimedOut(core: SessionCore, s: ActiveSession): void {
  if (core.flow.awaitingAuthority()) endAtCounter(core, s, 'AUTHORITY_UNAVAILABLE');
  else endSession(core, s, 'error', { step: 'error', code: 'SESSION_ANALYSIS_FAILED' });
}

/**
 * The result reason for a match under the policy (main/verify/authority decideMatch is the rule). An authority
 * that could not answer fails a policy that needs it — unless the local match already failed under `both`, where
 * the authority was never asked.
 */
function matchReason(
  policy: MatchPolicy,
  local: LocalMatch,
  authority: AuthorityResult | null,
): ResultReason {
  if (policy === 'both' && local === 'no_match') return 'NOT_MATCHED';
  if (policy !== 'local' && (authority === null || authority.status === 'unavailable'))
    return 'AUTHORITY_UNAVAILABLE';
  const verdict =
    authority === null || authority.status === 'unavailable'
      ? undefined
      : { result: authority.status === 'mismatch' ? ('no_match' as const) : authority.status };
  const decided = decideMatch(policy, local, verdict);
  if (decided.decision === 'pass') return 'MATCHED';
  if (decided.reasons.includes('local_no_match')) return 'NOT_MATCHED';
  if (decided.reasons.includes('authority_no_photo')) return 'AUTHORITY_NO_PHOTO';
  return 'AUTHORITY_MISMATCH';
}

/** Runs the match for the attempt that just passed liveness, in the match state's scope. */
export async function runMatch(core: SessionCore, s: ActiveSession): Promise<void> {
  const signal = core.flow.signal();
  let probe: Float32Array | null = null;
  try {
    const manual = s.card?.source === 'manual';
    let reference: Float32Array | null;
    try {
      reference = s.referencePromise ? await s.referencePromise : null;
    } catch (e) {
      core.log.warn(`session ${s.id}: card photo unusable: ${errorMessage(e)}`);
      if (!signal.aborted)
        endSession(core, s, 'error', { step: 'error', code: 'SESSION_REFERENCE_UNUSABLE' });
      return;
    }
    if (signal.aborted) return;
    probe = s.probes.probe();
    if ((!reference && !manual) || !probe) {
      endSession(core, s, 'error', {
        step: 'error',
        code: reference || manual ? 'SESSION_ANALYSIS_FAILED' : 'SESSION_REFERENCE_UNUSABLE',
      });
      return;
    }
    // A card typed in by staff has no chip photo: no local match, the authority decides (policyFor).
    const outcome = reference ? core.ports.matcher.match(probe, reference, 'chip') : null;
    s.score = outcome?.score ?? null;
    s.threshold = outcome?.threshold ?? null;
    const policy = policyFor(core, s);
    const local: LocalMatch = outcome?.passed ? 'match' : 'no_match';
    // The authority is asked only when the policy needs it, and under `both` only after the local match passed:
    // a face that already failed here is not sent anywhere.
    let authority: AuthorityResult | null = null;
    if (policy === 'authority' || (policy === 'both' && local === 'match')) {
      authority = await checkAuthority(core, s, signal);
      if (signal.aborted) return; // the match step timed out meanwhile, or the session ended
    }
    const reason = matchReason(policy, local, authority);
    core.audit(s, 'match.decided', {
      passed: reason === 'MATCHED',
      score: s.score,
      threshold: s.threshold,
      policy,
      manual,
      authority: authority?.status ?? null,
      reason,
    });
    if (reason === 'AUTHORITY_UNAVAILABLE' || reason === 'AUTHORITY_NO_PHOTO') {
      // Trying again here would not help the person: the authority is down or has no photo of them. Staff can
      // verify them at the counter. Not the person's failure, so it does not count toward the lock-out.
      dropBestFrame(s);
      endAtCounter(core, s, reason);
      return;
    }
    if (reason !== 'MATCHED') {
      failAttempt(core, s, reason);
      return;
    }
    if (beginIntent(core, s, probe)) return;
    pass(core, s);
  } catch (e) {
    if (!signal.aborted) failSession(core, s, e);
  } finally {
    probe?.fill(0);
  }
}

/**
 * Asks the authority with the best frame, then zeroes that frame. Anything short of an answer — no port wired,
 * no frame kept, an error — is `unavailable`, which never passes a policy that needs the authority.
 */
async function checkAuthority(
  core: SessionCore,
  s: ActiveSession,
  signal: AbortSignal,
): Promise<AuthorityResult> {
  const port = core.ports.authority;
  const card = s.card;
  const best = s.bestFrame;
  if (!port || !card || !best) {
    core.audit(s, 'authority.checked', { status: 'unavailable', why: port ? 'no-frame' : 'not-configured' });
    return { status: 'unavailable' };
  }
  let result: AuthorityResult;
  core.flow.send({ type: 'authorityAsked' });
  try {
    result = await port.check({ idNumber: card.idNumber, name: card.name, face: best.frame }, signal);
  } catch (e) {
    if (!signal.aborted) core.log.error(`session ${s.id}: authority check threw: ${errorMessage(e)}`);
    result = { status: 'unavailable' };
  } finally {
    dropBestFrame(s);
  }
  if (!signal.aborted) {
    s.authorityScore =
      typeof result.score === 'number' && Number.isFinite(result.score) ? result.score : null;
    core.audit(s, 'authority.checked', { status: result.status });
  }
  return result;
}
