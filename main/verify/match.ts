// 1:1 matching: cosine similarity of L2-normalised embeddings, and the threshold policy that turns a score into a
// decision per kind of reference photo. One threshold does not fit all: against the ID card's 1 KB chip photo,
// genuine scores sit far lower than against a full photo (docs/vision.md has the tables behind each number).
import { HexinError } from '../../common/errors';
import benchmark from './benchmark-result.json';

/** Cosine similarity. Plain cosine — not the package's mean-subtracted variant, which always returns −1. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) {
    throw new HexinError(
      'EMBEDDING_INVALID',
      `embeddings of length ${a.length} and ${b.length} cannot be compared`,
    );
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (!(na > 0 && nb > 0))
    throw new HexinError('EMBEDDING_INVALID', 'an embedding is all zeros or not a number');
  return dot / Math.sqrt(na * nb);
}

/**
 * What the live face is compared against: `chip` = the ID card's chip photo (102×126, ≤ 1 KB), `authority` = a
 * photo from the issuing authority's service, `full` = any ordinary photo (staff tools, `hexin compare`).
 */
export type ReferenceType = 'chip' | 'authority' | 'full';
export const REFERENCE_TYPES: readonly ReferenceType[] = ['chip', 'authority', 'full'];

export interface MatchDecision {
  score: number;
  threshold: number;
  match: boolean;
  referenceType: ReferenceType;
}

/**
 * Default thresholds: the match benchmark's (`npm run bench:match`, docs/vision.md "Match benchmark"), read from
 * the result file it writes — per reference type the highest threshold keeping FMR ≤ 1e-4 on any measured
 * population, which is the East Asian set's: the kiosk's users. test/main/verify/benchmark-result.test.ts checks
 * them against the file's rows. A deployment recalibrates with `hexin calibrate` on its own pilot data.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<ReferenceType, number>> = Object.freeze({
  full: benchmark.thresholds.full,
  authority: benchmark.thresholds.authority,
  chip: benchmark.thresholds.chip,
});

export class ThresholdPolicy {
  private readonly thresholds: Record<ReferenceType, number>;

  constructor(overrides: Partial<Record<ReferenceType, number>> = {}) {
    const merged = { ...DEFAULT_THRESHOLDS, ...overrides };
    for (const type of REFERENCE_TYPES) {
      const t = merged[type];
      if (!(typeof t === 'number' && t > -1 && t < 1)) {
        throw new HexinError(
          'CONFIG_INVALID',
          `match threshold for "${type}" must be a number in (−1, 1); got ${String(t)}`,
        );
      }
    }
    this.thresholds = merged;
  }

  threshold(referenceType: ReferenceType): number {
    const t = this.thresholds[referenceType];
    if (t === undefined)
      throw new HexinError('BAD_REQUEST', `unknown reference type "${String(referenceType)}"`);
    return t;
  }

  /** A score at or above the threshold is a match. */
  decide(score: number, referenceType: ReferenceType): MatchDecision {
    const threshold = this.threshold(referenceType);
    if (!Number.isFinite(score))
      throw new HexinError('EMBEDDING_INVALID', `match score ${score} is not a number`);
    return { score, threshold, match: score >= threshold, referenceType };
  }
}
