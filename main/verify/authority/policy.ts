// The match policy: how the kiosk's own 1:1 match and the authority's verdict combine into pass or fail.
// Kept pure so the session can show why (the reasons) and tests can enumerate every combination.
import type { MatchPolicy } from './config';
import type { AuthorityVerdict } from './types';

export type LocalMatch = 'match' | 'no_match';

export type PolicyReason = 'local_no_match' | 'authority_no_match' | 'authority_no_photo';

export interface PolicyDecision {
  decision: 'pass' | 'fail';
  reasons: PolicyReason[];
}

/**
 * Combines the inputs the policy needs. A missing input the policy requires is a bug in the caller (the session
 * must not ask for a decision before it has them), so it throws a plain Error.
 */
export function decideMatch(
  policy: MatchPolicy,
  local: LocalMatch | undefined,
  authority: Pick<AuthorityVerdict, 'result'> | undefined,
): PolicyDecision {
  const reasons: PolicyReason[] = [];
  if (policy !== 'authority') {
    if (local === undefined) throw new Error(`policy ${policy} needs the local match`);
    if (local === 'no_match') reasons.push('local_no_match');
  }
  if (policy !== 'local') {
    if (authority === undefined) throw new Error(`policy ${policy} needs the authority verdict`);
    if (authority.result === 'no_match') reasons.push('authority_no_match');
    if (authority.result === 'no_photo') reasons.push('authority_no_photo');
  }
  return { decision: reasons.length === 0 ? 'pass' : 'fail', reasons };
}
