// Matcher backed by main/verify: cosine similarity with the per-reference-type threshold policy.
import { cosine, type ThresholdPolicy } from '../../verify/match';
import type { Matcher, MatchOutcome, ReferenceType } from '../ports';

export class ThresholdMatcher implements Matcher {
  /** `policy`: the policy in force at each match (a config change may replace it while the kiosk runs). */
  constructor(private readonly policy: Pick<ThresholdPolicy, 'decide'>) {}

  match(probe: Float32Array, reference: Float32Array, referenceType: ReferenceType): MatchOutcome {
    const decision = this.policy.decide(cosine(probe, reference), referenceType);
    return { score: decision.score, threshold: decision.threshold, passed: decision.match };
  }
}
