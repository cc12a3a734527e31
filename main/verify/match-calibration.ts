// Threshold calibration from labelled score pairs: ROC AUC, equal error rate, and the threshold that keeps the
// false-match rate (FMR) at or below a target together with the true-accept rate (TAR) it leaves. Used by
// `hexin calibrate` so a bank sets its threshold on its own pilot photos.

export interface LabelledScore {
  score: number;
  same: boolean;
}

export interface CalibrationResult {
  genuine: number;
  impostor: number;
  auc: number;
  /** Equal error rate (where FMR ≈ FNMR) and the threshold there. */
  eer: number;
  eerThreshold: number;
  targetFmr: number;
  /** Lowest threshold whose FMR ≤ target (a score ≥ threshold is a match). */
  threshold: number;
  /** FMR actually reached at that threshold on these pairs. */
  fmr: number;
  /** True-accept rate at that threshold. */
  tar: number;
  /** The smallest FMR these pairs can show (1 / impostor pairs): below it, the target is not measurable. */
  fmrResolution: number;
}

/** AUC by the rank statistic: probability that a random genuine score beats a random impostor score (ties ½). */
function auc(genuine: number[], impostor: number[]): number {
  const all = [...genuine.map((s) => ({ s, g: true })), ...impostor.map((s) => ({ s, g: false }))].sort(
    (a, b) => a.s - b.s,
  );
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].s === all[i].s) j++;
    const avgRank = (i + j + 1) / 2; // 1-based average rank of the tie group
    for (let k = i; k < j; k++) if (all[k].g) rankSum += avgRank;
    i = j;
  }
  const n1 = genuine.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * impostor.length);
}

export function calibrate(pairs: readonly LabelledScore[], targetFmr: number): CalibrationResult {
  const genuine = pairs.filter((p) => p.same).map((p) => p.score);
  const impostor = pairs.filter((p) => !p.same).map((p) => p.score);
  if (genuine.length === 0 || impostor.length === 0) {
    throw new Error('calibration needs at least one genuine and one impostor pair');
  }
  const sortedImp = [...impostor].sort((a, b) => b - a); // descending
  const rate = (scores: number[], t: number, above: boolean) =>
    scores.filter((s) => (above ? s >= t : s < t)).length / scores.length;

  // Threshold for the target FMR: just above the k-th highest impostor, k = floor(target × impostors).
  const allowed = Math.floor(targetFmr * impostor.length);
  const threshold = allowed >= sortedImp.length ? -1 : nextUp(sortedImp[allowed]);
  // EER: scan candidate thresholds at every score.
  let eer = 1;
  let eerThreshold = 0;
  let bestGap = Infinity;
  for (const t of [...new Set([...genuine, ...impostor])].sort((a, b) => a - b)) {
    const fmr = rate(impostor, t, true);
    const fnmr = rate(genuine, t, false);
    const gap = Math.abs(fmr - fnmr);
    if (gap < bestGap) {
      bestGap = gap;
      eer = (fmr + fnmr) / 2;
      eerThreshold = t;
    }
  }
  return {
    genuine: genuine.length,
    impostor: impostor.length,
    auc: auc(genuine, impostor),
    eer,
    eerThreshold,
    targetFmr,
    threshold,
    fmr: rate(impostor, threshold, true),
    tar: rate(genuine, threshold, true),
    fmrResolution: 1 / impostor.length,
  };
}

/** The smallest threshold strictly above a score, rounded to 4 decimals for people to read and configure. */
function nextUp(score: number): number {
  return Math.floor(score * 1e4 + 1) / 1e4;
}
