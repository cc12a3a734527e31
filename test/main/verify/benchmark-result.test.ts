// The threshold policy's numbers come from the match benchmark's result file (npm run bench:match), and the
// shipped thresholds hold FMR ≤ 1e-4 on every population measured there — the East Asian set among them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, REFERENCE_TYPES, ThresholdPolicy } from '../../../main/verify/match';
import benchmark from '../../../main/verify/benchmark-result.json';
import {
  errorsAt,
  rate,
  sortedSet,
  thresholdForFmr,
  crossValidate,
} from '../../../main/verify/match-metrics';

describe('benchmark-result.json and the shipped thresholds', () => {
  it('the defaults are the file’s thresholds', () => {
    expect(DEFAULT_THRESHOLDS).toEqual(benchmark.thresholds);
    for (const type of REFERENCE_TYPES)
      expect(new ThresholdPolicy().threshold(type)).toBe(benchmark.thresholds[type]);
  });

  it('every reference type was measured on the East Asian set, and its threshold holds FMR ≤ 1e-4 everywhere', () => {
    for (const type of REFERENCE_TYPES) {
      const rows = benchmark.rows.filter((r) => r.type === type);
      expect(
        rows.some((r) => r.dataset === 'faces-east-asian'),
        type,
      ).toBe(true);
      for (const r of rows) {
        const where = `${type}: ${r.dataset} ${r.label}`;
        expect(r.tarAt1e4.threshold, where).toBeLessThanOrEqual(benchmark.thresholds[type]);
        expect(r.shipped!.threshold, where).toBe(benchmark.thresholds[type]);
        expect(r.shipped!.fmr.rate, where).toBeLessThanOrEqual(1e-4);
        // Enough impostor pairs that the target is measurable at all (≥ 1 / FMR).
        expect(r.impostor, where).toBeGreaterThanOrEqual(1e4);
      }
    }
  });
});

describe('benchmark metrics', () => {
  it('Clopper–Pearson intervals: the rule of three at zero errors and a known case', () => {
    const zero = rate(0, 30_000);
    expect(zero.high).toBeGreaterThan(3 / 30_000);
    expect(zero.high).toBeLessThan(3.8 / 30_000);
    const five = rate(5, 100);
    expect(five.low).toBeCloseTo(0.01643, 4);
    expect(five.high).toBeCloseTo(0.11283, 4);
  });

  it('threshold for a target FMR, error counts, and cross-validation by identity', () => {
    const set = sortedSet([0.9, 0.8, 0.5], [0.1, 0.2, 0.3, 0.6]);
    expect(thresholdForFmr(set, 0.25)).toBe(0.3001); // one impostor of four may pass: above the second highest
    expect(thresholdForFmr(set, 0.1)).toBe(0.6001);
    const e = errorsAt(set, 0.6001);
    expect([e.fmr.k, e.fnmr.k]).toEqual([0, 1]);
    // Two people per fold; impostors between people 0 and 1 score high, so fold 0's threshold (set on the
    // others) lets them through: the held-out FMR shows it.
    const scores = new Float32Array([0.9, 0.8, 0.7, 0.2, 0.1, 0.85, 0.75, 0.1]);
    const refId = new Uint32Array([0, 1, 0, 2, 3, 2, 3, 2]);
    const probeId = new Uint32Array([0, 1, 2, 3, 2, 2, 3, 1]);
    const cv = crossValidate({ scores, refId, probeId, identities: 4 }, 0.01, 2);
    expect(cv.thresholds).toHaveLength(2);
    expect(cv.fmr.n).toBeGreaterThan(0);
  });
});
