import { describe, expect, it } from 'vitest';
import { cosine, DEFAULT_THRESHOLDS, ThresholdPolicy } from '../../../main/verify/match';
import { calibrate } from '../../../main/verify/match-calibration';

describe('cosine', () => {
  it('is 1 for the same direction, −1 for opposite, 0 for orthogonal, and scale-free', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 2, 3], [-1, -2, -3])).toBeCloseTo(-1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
  });
  it('refuses mismatched or zero embeddings', () => {
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow(expect.objectContaining({ code: 'EMBEDDING_INVALID' }));
    expect(() => cosine([0, 0], [1, 2])).toThrow(expect.objectContaining({ code: 'EMBEDDING_INVALID' }));
  });
});

describe('ThresholdPolicy', () => {
  it('decides per reference type, a score at the threshold is a match', () => {
    const p = new ThresholdPolicy();
    expect(p.decide(DEFAULT_THRESHOLDS.chip, 'chip').match).toBe(true);
    expect(p.decide(DEFAULT_THRESHOLDS.chip - 1e-6, 'chip').match).toBe(false);
    // The same score can pass against a chip photo and fail against a full photo.
    const score = (DEFAULT_THRESHOLDS.chip + DEFAULT_THRESHOLDS.full) / 2;
    expect(p.decide(score, 'chip')).toMatchObject({ match: true, referenceType: 'chip' });
    expect(p.decide(score, 'full')).toMatchObject({ match: false, threshold: DEFAULT_THRESHOLDS.full });
  });
  it('takes a deployment override and refuses nonsense', () => {
    expect(new ThresholdPolicy({ chip: 0.5 }).threshold('chip')).toBe(0.5);
    expect(() => new ThresholdPolicy({ full: 2 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => new ThresholdPolicy().decide(NaN, 'full')).toThrow();
  });
});

describe('calibrate', () => {
  it('computes AUC, EER and the threshold for a target FMR on a known distribution', () => {
    // 100 impostors at 0.00..0.99, 10 genuine at 0.50..0.95.
    const pairs = [
      ...Array.from({ length: 100 }, (_, i) => ({ score: i / 100, same: false })),
      ...Array.from({ length: 10 }, (_, i) => ({ score: 0.5 + i / 20, same: true })),
    ];
    const r = calibrate(pairs, 0.05);
    // FMR ≤ 5 % allows 5 impostors at or above the threshold: 0.95..0.99 → threshold just above 0.94.
    expect(r.threshold).toBeCloseTo(0.9401, 4);
    expect(r.fmr).toBeCloseTo(0.05, 10);
    expect(r.tar).toBeCloseTo(0.1, 10); // only 0.95 passes
    expect(r.fmrResolution).toBe(0.01);
    // Genuine g beats the g·100 impostors below it and ties the one equal to it (counted ½):
    // mean over g = 0.50..0.95 of (g·100 + ½)/100 = 0.725 + 0.005.
    expect(r.auc).toBeCloseTo(0.73, 6);
    expect(r.eer).toBeGreaterThan(0.2);
    expect(r.eer).toBeLessThan(0.35);
  });
  it('perfect separation gives AUC 1 and EER 0', () => {
    const r = calibrate(
      [
        { score: 0.1, same: false },
        { score: 0.2, same: false },
        { score: 0.8, same: true },
      ],
      1e-4,
    );
    expect(r).toMatchObject({ auc: 1, eer: 0, tar: 1, fmr: 0 });
    expect(r.threshold).toBeCloseTo(0.2001, 4);
  });
});
