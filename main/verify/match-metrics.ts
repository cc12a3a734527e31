// Verification metrics on millions of pairs: AUC, EER, TAR at a fixed FMR, error rates at a given threshold with
// exact (Clopper–Pearson) binomial confidence intervals, and thresholds cross-validated by identity (the
// threshold is set on pairs of some people and its error rates measured on pairs of the others).
// Scores are cosines of L2-normalised embeddings; a pair matches when score ≥ threshold.

/** Regularised incomplete beta I_x(a, b) (continued fraction, Numerical Recipes §6.4). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbeta = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lbeta);
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return h;
}

/** log Γ(x), Lanczos approximation (g = 7, 9 terms). */
function lgamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** x with I_x(a, b) = p, by bisection (monotone in x). */
function betaQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (incompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Rate {
  /** errors (or accepts) counted */
  k: number;
  n: number;
  rate: number;
  /** Exact two-sided 95 % Clopper–Pearson interval. With k = 0 the upper bound is ≈ 3.7/n (rule of three: 3/n). */
  low: number;
  high: number;
}

export function rate(k: number, n: number, confidence = 0.95): Rate {
  const alpha = 1 - confidence;
  if (n === 0) return { k, n, rate: NaN, low: 0, high: 1 };
  const low = k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1);
  const high = k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k);
  return { k, n, rate: k / n, low, high };
}

/** Scores of one comparison: genuine and impostor, each sorted ascending. */
export interface ScoreSet {
  genuine: Float32Array;
  impostor: Float32Array;
}

export function sortedSet(genuine: ArrayLike<number>, impostor: ArrayLike<number>): ScoreSet {
  return { genuine: Float32Array.from(genuine).sort(), impostor: Float32Array.from(impostor).sort() };
}

/** Number of values in a sorted array that are < t. */
function countBelow(sorted: Float32Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** False matches (impostor ≥ t) and false non-matches (genuine < t). */
export function errorsAt(set: ScoreSet, t: number): { fmr: Rate; fnmr: Rate } {
  const fm = set.impostor.length - countBelow(set.impostor, t);
  const fnm = countBelow(set.genuine, t);
  return { fmr: rate(fm, set.impostor.length), fnmr: rate(fnm, set.genuine.length) };
}

/** Rank AUC: P(genuine > impostor) + ½ P(tie). */
export function auc(set: ScoreSet): number {
  let sum = 0;
  for (const g of set.genuine) {
    const below = countBelow(set.impostor, g);
    let ties = 0;
    for (let i = below; i < set.impostor.length && set.impostor[i] === g; i++) ties++;
    sum += below + ties / 2;
  }
  return sum / (set.genuine.length * set.impostor.length);
}

/** Equal error rate: where FMR and FNMR cross, scanning every genuine score as a threshold. */
export function eer(set: ScoreSet): { eer: number; threshold: number } {
  let best = { gap: Infinity, eer: 1, threshold: 0 };
  for (const t of set.genuine) {
    const { fmr, fnmr } = errorsAt(set, t);
    const gap = Math.abs(fmr.rate - fnmr.rate);
    if (gap < best.gap) best = { gap, eer: (fmr.rate + fnmr.rate) / 2, threshold: t };
  }
  return { eer: best.eer, threshold: best.threshold };
}

/** The smallest threshold strictly above a score, on a 1e-4 grid (what people read and configure). */
export function nextUp(score: number): number {
  return Math.floor(score * 1e4 + 1) / 1e4;
}

/**
 * Lowest threshold (1e-4 grid) whose FMR on these pairs is ≤ target: above the k-th highest impostor score,
 * k = floor(target × impostors). With fewer than 1/target impostors that is above the highest one.
 */
export function thresholdForFmr(set: ScoreSet, target: number): number {
  const n = set.impostor.length;
  const allowed = Math.floor(target * n);
  if (allowed >= n) return -1;
  return nextUp(set.impostor[n - 1 - allowed]);
}

export interface OperatingPoint {
  targetFmr: number;
  threshold: number;
  tar: Rate;
  fmr: Rate;
}

export function atFmr(set: ScoreSet, target: number): OperatingPoint {
  const threshold = thresholdForFmr(set, target);
  const { fmr, fnmr } = errorsAt(set, threshold);
  return { targetFmr: target, threshold, fmr, tar: rate(fnmr.n - fnmr.k, fnmr.n) };
}

/** One scored pair with the identities on each side (for cross-validation by identity). */
export interface IdentityPairs {
  /** Score of each pair, and the identity index of the reference and of the probe. */
  scores: Float32Array;
  refId: Uint32Array;
  probeId: Uint32Array;
  identities: number;
}

export interface CrossValidated {
  folds: number;
  targetFmr: number;
  /** Threshold set on each fold's training people. */
  thresholds: number[];
  /** Pooled over the folds' held-out people: false matches / impostor pairs, false non-matches / genuine pairs. */
  fmr: Rate;
  fnmr: Rate;
}

/**
 * K-fold by identity: fold f holds the people with index % K = f; its threshold comes from pairs where neither
 * person is in f, and is tested on pairs where both are.
 */
export function crossValidate(pairs: IdentityPairs, target: number, folds = 5): CrossValidated {
  const thresholds: number[] = [];
  let fm = 0;
  let imp = 0;
  let fnm = 0;
  let gen = 0;
  for (let f = 0; f < folds; f++) {
    const trainG: number[] = [];
    const trainI: number[] = [];
    const testG: number[] = [];
    const testI: number[] = [];
    for (let i = 0; i < pairs.scores.length; i++) {
      const a = pairs.refId[i] % folds === f;
      const b = pairs.probeId[i] % folds === f;
      const same = pairs.refId[i] === pairs.probeId[i];
      if (!a && !b) (same ? trainG : trainI).push(pairs.scores[i]);
      else if (a && b) (same ? testG : testI).push(pairs.scores[i]);
    }
    const t = thresholdForFmr(sortedSet(trainG, trainI), target);
    thresholds.push(t);
    const e = errorsAt(sortedSet(testG, testI), t);
    fm += e.fmr.k;
    imp += e.fmr.n;
    fnm += e.fnmr.k;
    gen += e.fnmr.n;
  }
  return { folds, targetFmr: target, thresholds, fmr: rate(fm, imp), fnmr: rate(fnm, gen) };
}
