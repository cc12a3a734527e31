// Cohort score normalisation, measured on the match benchmark (docs/vision.md "Raising TAR at FMR 1e-4"): each
// side's score is set against how that embedding scores against a cohort of other people — Z-norm (the
// reference against impostor live probes), T-norm (the live probe against impostor references), S-norm (the
// mean of both) and adaptive S-norm (mean and spread of the top-K cohort scores only). The cohort is people the
// rows are never measured on — a fifth of the dataset's people held out, or another dataset — as a cohort
// shipped with a product would be: never the person at the kiosk, nor the card's holder.
import type { Side } from './compare';

export interface CohortNorm {
  kind: 'z' | 't' | 's';
  /** `held-out`: every fifth person of the dataset (never measured); else another dataset's name. */
  cohort: 'held-out' | string;
  /** Adaptive: only the K highest cohort scores count (null: all). */
  topK: number | null;
}

/** Normalised scores are z-units; they are scaled into (−1, 1) for the benchmark's histogram (monotone). */
export const Z_SCALE = 25;

interface Stats {
  mean: Float32Array;
  std: Float32Array;
}

/** Mean and spread of each row's scores against every cohort row (or its K highest). */
export function cohortStats(side: Side, cohort: Side, topK: number | null): Stats {
  const { dim } = side;
  const n = side.ids.length;
  const m = cohort.ids.length;
  const mean = new Float32Array(n);
  const std = new Float32Array(n);
  const scores = new Float32Array(m);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += side.vectors[i * dim + d] * cohort.vectors[c * dim + d];
      scores[c] = s;
    }
    const used =
      topK !== null && topK < m
        ? Float32Array.from(scores)
            .sort()
            .subarray(m - topK)
        : scores;
    let sum = 0;
    for (const v of used) sum += v;
    const mu = sum / used.length;
    let sq = 0;
    for (const v of used) sq += (v - mu) * (v - mu);
    mean[i] = mu;
    std[i] = Math.max(1e-3, Math.sqrt(sq / Math.max(1, used.length - 1)));
  }
  return { mean, std };
}

/**
 * The pair score under a cohort normalisation: the reference against a cohort of live probes (Z), the probe
 * against a cohort of references of the same kind (T).
 */
export function cohortNormaliser(
  refs: Side,
  probes: Side,
  probeCohort: Side,
  referenceCohort: Side,
  norm: CohortNorm,
): (i: number, j: number, raw: number) => number {
  const z = norm.kind !== 't' ? cohortStats(refs, probeCohort, norm.topK) : null;
  const t = norm.kind !== 'z' ? cohortStats(probes, referenceCohort, norm.topK) : null;
  return (i, j, raw) => {
    let v: number;
    if (z && t) v = ((raw - z.mean[i]) / z.std[i] + (raw - t.mean[j]) / t.std[j]) / 2;
    else if (z) v = (raw - z.mean[i]) / z.std[i];
    else v = (raw - t!.mean[j]) / t!.std[j];
    return Math.max(-1, Math.min(1, v / Z_SCALE));
  };
}
