// Scores every (reference photo, probe photo) pair of a dataset — the reference embedded one way (full photo,
// chip photo, authority photo), the probe another (as a live frame) — without keeping millions of impostor scores:
// genuine pairs are kept whole, impostor pairs as a fine histogram plus every score in the upper tail (which is
// all that thresholds at FMR 1e-3 and below look at), each with the people on both sides for cross-validation.
import {
  errorsAt,
  rate,
  sortedSet,
  type CrossValidated,
  type OperatingPoint,
  type Rate,
  type ScoreSet,
} from '../match-metrics';

/** Impostor scores at or above this are kept one by one; below, only counted in the histogram. */
const TAIL_FLOOR = 0.12;
const BINS = 20_000; // 1e-4 wide over [−1, 1]

export interface Side {
  /** Identity index of each row. */
  ids: Uint32Array;
  /** Photo index of each row (pairs of a photo with itself are skipped). */
  photos: Uint32Array;
  /** Row-major L2-normalised embeddings. */
  vectors: Float32Array;
  dim: number;
}

export interface Scored {
  genuine: Float32Array;
  genuineRef: Uint32Array;
  genuineProbe: Uint32Array;
  tail: Float32Array;
  tailRef: Uint32Array;
  tailProbe: Uint32Array;
  histogram: Float64Array;
  impostors: number;
  /** Impostor pairs per (reference fold, probe fold). */
  foldCounts: number[][];
  folds: number;
}

export function scoreAll(
  refs: Side,
  probes: Side,
  folds = 5,
  /** Maps a raw cosine of (reference row i, probe row j) to the compared score (cohort.ts), monotone in raw. */
  adjust?: (i: number, j: number, raw: number) => number,
): Scored {
  const { dim } = refs;
  const genuine: number[] = [];
  const gR: number[] = [];
  const gP: number[] = [];
  const tail: number[] = [];
  const tR: number[] = [];
  const tP: number[] = [];
  const histogram = new Float64Array(BINS + 1);
  const foldCounts = Array.from({ length: folds }, () => new Array<number>(folds).fill(0));
  let impostors = 0;
  const R = refs.vectors;
  const P = probes.vectors;
  const nR = refs.ids.length;
  const nP = probes.ids.length;
  for (let i = 0; i < nR; i++) {
    const ri = i * dim;
    const idA = refs.ids[i];
    for (let j = 0; j < nP; j++) {
      if (refs.photos[i] === probes.photos[j]) continue;
      const pj = j * dim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < dim; d += 4) {
        s0 += R[ri + d] * P[pj + d];
        s1 += R[ri + d + 1] * P[pj + d + 1];
        s2 += R[ri + d + 2] * P[pj + d + 2];
        s3 += R[ri + d + 3] * P[pj + d + 3];
      }
      const s = adjust ? adjust(i, j, s0 + s1 + s2 + s3) : s0 + s1 + s2 + s3;
      const idB = probes.ids[j];
      if (idA === idB) {
        genuine.push(s);
        gR.push(idA);
        gP.push(idB);
      } else {
        impostors++;
        foldCounts[idA % folds][idB % folds]++;
        histogram[Math.min(BINS, Math.max(0, Math.floor(((s + 1) / 2) * BINS)))]++;
        if (s >= TAIL_FLOOR) {
          tail.push(s);
          tR.push(idA);
          tP.push(idB);
        }
      }
    }
  }
  return {
    genuine: Float32Array.from(genuine),
    genuineRef: Uint32Array.from(gR),
    genuineProbe: Uint32Array.from(gP),
    tail: Float32Array.from(tail),
    tailRef: Uint32Array.from(tR),
    tailProbe: Uint32Array.from(tP),
    histogram,
    impostors,
    foldCounts,
    folds,
  };
}

/** Impostor scores below the tail are only counted: FMR is exact at thresholds ≥ TAIL_FLOOR. */
function tailSet(genuine: Float32Array, tail: Float32Array): ScoreSet {
  return sortedSet(genuine, tail);
}

export interface Summary {
  genuine: number;
  impostor: number;
  auc: number;
  eer: number;
  eerThreshold: number;
  at1e3: OperatingPoint;
  at1e4: OperatingPoint;
}

/** Threshold with FMR ≤ target: above the k-th highest impostor, k = floor(target × impostors). */
function thresholdIn(tailDesc: Float32Array, impostors: number, target: number): number {
  const allowed = Math.floor(target * impostors);
  if (allowed >= tailDesc.length) return TAIL_FLOOR; // more false matches allowed than the tail holds
  return Math.floor(tailDesc[allowed] * 1e4 + 1) / 1e4;
}

function descending(a: Float32Array): Float32Array {
  return Float32Array.from(a).sort().reverse();
}

export function operatingPoint(s: Scored, target: number): OperatingPoint {
  const threshold = thresholdIn(descending(s.tail), s.impostors, target);
  return { targetFmr: target, threshold, ...ratesAt(s, threshold) };
}

export function ratesAt(s: Scored, threshold: number): { fmr: Rate; tar: Rate; fnmr: Rate } {
  const set = tailSet(s.genuine, s.tail);
  const e = errorsAt(set, threshold);
  const fmr = rate(e.fmr.k, s.impostors);
  return { fmr, fnmr: e.fnmr, tar: rate(e.fnmr.n - e.fnmr.k, e.fnmr.n) };
}

export function summarise(s: Scored): Summary {
  // AUC and EER from the histogram (bins 1e-4 wide): exact enough at these error rates.
  const cumulative = new Float64Array(s.histogram.length + 1);
  for (let i = 0; i < s.histogram.length; i++) cumulative[i + 1] = cumulative[i] + s.histogram[i];
  const bin = (v: number) => Math.min(BINS, Math.max(0, Math.floor(((v + 1) / 2) * BINS)));
  let aucSum = 0;
  for (const g of s.genuine) {
    const b = bin(g);
    aucSum += cumulative[b] + s.histogram[b] / 2;
  }
  const gSorted = Float32Array.from(s.genuine).sort();
  let best = { gap: Infinity, eer: 1, t: 0 };
  for (let i = 0; i < gSorted.length; i++) {
    const t = gSorted[i];
    const fnmr = i / gSorted.length;
    const fmr = (s.impostors - cumulative[bin(t)]) / s.impostors;
    const gap = Math.abs(fmr - fnmr);
    if (gap < best.gap) best = { gap, eer: (fmr + fnmr) / 2, t };
  }
  return {
    genuine: s.genuine.length,
    impostor: s.impostors,
    auc: aucSum / (s.genuine.length * s.impostors),
    eer: best.eer,
    eerThreshold: best.t,
    at1e3: operatingPoint(s, 1e-3),
    at1e4: operatingPoint(s, 1e-4),
  };
}

/** K-fold cross-validation by identity (metrics.ts crossValidate, on the kept tail). */
export function crossValidateScored(s: Scored, target: number): CrossValidated {
  const K = s.folds;
  const thresholds: number[] = [];
  let fm = 0;
  let imp = 0;
  let fnm = 0;
  let gen = 0;
  for (let f = 0; f < K; f++) {
    let trainImpostors = 0;
    for (let a = 0; a < K; a++)
      for (let b = 0; b < K; b++) if (a !== f && b !== f) trainImpostors += s.foldCounts[a][b];
    const trainTail: number[] = [];
    const testTail: number[] = [];
    for (let i = 0; i < s.tail.length; i++) {
      const a = s.tailRef[i] % K === f;
      const b = s.tailProbe[i] % K === f;
      if (!a && !b) trainTail.push(s.tail[i]);
      else if (a && b) testTail.push(s.tail[i]);
    }
    const t = thresholdIn(Float32Array.from(trainTail).sort().reverse(), trainImpostors, target);
    thresholds.push(t);
    fm += testTail.filter((v) => v >= t).length;
    imp += s.foldCounts[f][f];
    for (let i = 0; i < s.genuine.length; i++) {
      if (s.genuineRef[i] % K !== f) continue;
      gen++;
      if (s.genuine[i] < t) fnm++;
    }
  }
  return { folds: K, targetFmr: target, thresholds, fmr: rate(fm, imp), fnmr: rate(fnm, gen) };
}
