// ISO/IEC 30107-3 presentation-attack figures for the kiosk's passive decision, and the calibration of its
// threshold. Pure functions over per-frame live scores, so the CLI (`hexin pad-eval`), the tests and a re-run
// on saved scores all compute the same numbers.
//
// Vocabulary (ISO/IEC 30107-3): a *presentation* is one attempt in front of the camera; *bona fide* is the real
// person; an *attack* uses a presentation-attack instrument (PAI) of some *species* (print, screen, mask…).
// APCER = share of attack presentations of one species accepted as bona fide (reported per species, and the
// worst species); BPCER = share of bona fide presentations rejected as attacks.
import { PassiveAggregator } from './passive';

export const BONA_FIDE = 'bona-fide';

export interface Presentation {
  /** 'bona-fide' or the attack species (the attack folder's name, e.g. 'print-attack'). */
  kind: string;
  subject: string;
  /** Where it came from (sequence or file name), for the per-presentation listing. */
  id: string;
  /** Live probability of each frame with a usable face, in capture order (frames without one are left out). */
  scores: number[];
  /** Frames offered, with or without a face. */
  frames: number;
}

export interface PassiveOptions {
  minFrames: number;
  maxFrames: number;
}

/**
 * The product's passive decision on one presentation: the scores go through the same PassiveAggregator the
 * liveness session uses (median of the most recent maxFrames, at least minFrames). A presentation with fewer
 * scored frames than minFrames but at least one is judged on what it has (short recorded sequences; the
 * caller says how many there were); none at all is a rejection, as at the kiosk.
 */
export function presentationScore(p: Presentation, options: PassiveOptions): number | null {
  const agg = new PassiveAggregator({
    enabled: true,
    minFrames: Math.max(1, Math.min(options.minFrames, p.scores.length)),
    maxFrames: options.maxFrames,
    threshold: 0,
  });
  for (const s of p.scores) agg.add(s);
  return agg.count ? agg.summary().score : null;
}

export interface Scored {
  kind: string;
  subject: string;
  id: string;
  /** Median live probability as the product aggregates it; null when no frame had a usable face. */
  score: number | null;
  /** Attack recordings replayed against the active challenges: false when no draw of challenges would pass it
   *  (then it is rejected whatever its passive score). Absent where a capture cannot be replayed. */
  activePassed?: boolean;
}

/** The kiosk's decision: passive median at or above the threshold, and the active check not failed. */
export const accepted = (s: Scored, threshold: number): boolean =>
  s.score !== null && s.score >= threshold && s.activePassed !== false;

export interface SpeciesFigure {
  species: string;
  presentations: number;
  accepted: number;
  apcer: number;
}

export interface IsoFigures {
  threshold: number;
  /** Per attack species. */
  apcer: SpeciesFigure[];
  /** The worst species' APCER (ISO/IEC 30107-3 reports the maximum over species). */
  apcerMax: number;
  bonaFide: { presentations: number; rejected: number; bpcer: number };
}

export function isoFigures(scored: readonly Scored[], threshold: number): IsoFigures {
  const species = [...new Set(scored.filter((s) => s.kind !== BONA_FIDE).map((s) => s.kind))].sort();
  const apcer = species.map((name) => {
    const of = scored.filter((s) => s.kind === name);
    const acc = of.filter((s) => accepted(s, threshold)).length;
    return { species: name, presentations: of.length, accepted: acc, apcer: rate(acc, of.length) };
  });
  const bona = scored.filter((s) => s.kind === BONA_FIDE);
  const rejected = bona.filter((s) => !accepted(s, threshold)).length;
  return {
    threshold,
    apcer,
    apcerMax: apcer.reduce((m, s) => Math.max(m, s.apcer), 0),
    bonaFide: { presentations: bona.length, rejected, bpcer: rate(rejected, bona.length) },
  };
}

/**
 * The operating point a bank asks for (iBeta level 1: no attack accepted, at most 15 % of genuine people
 * rejected): the threshold must reject every attack seen, reject as few genuine people as that allows, and keep a
 * margin on both sides. Rule: halfway, in log-odds (where the model's probabilities are spread evenly), between
 * the highest attack score and the lowest genuine score above it; with no genuine score above the attacks, just
 * above the highest attack. Whether the BPCER this leaves meets a target is for the caller to report. Null
 * without both genuine captures and attacks the active check leaves to passive.
 */
export function calibrateThreshold(scored: readonly Scored[]): number | null {
  // Attacks the active check already rejects do not move the passive threshold.
  const attacks = scored
    .filter((s) => s.kind !== BONA_FIDE && s.activePassed !== false)
    .map((s) => s.score ?? 0);
  // Nothing to calibrate on without both classes.
  if (attacks.length === 0 || !scored.some((s) => s.kind === BONA_FIDE)) return null;
  const worstAttack = Math.max(...attacks);
  const justAbove = fromLogit(logit(worstAttack) + 1e-3);
  const genuineAbove = scored
    .filter((s) => s.kind === BONA_FIDE && s.score !== null && s.score > justAbove)
    .map((s) => s.score as number);
  if (genuineAbove.length === 0) return round4(justAbove);
  const lowestKept = Math.min(...genuineAbove);
  return round4(Math.max(justAbove, fromLogit((logit(worstAttack) + logit(lowestKept)) / 2)));
}

export interface Fold {
  subject: string;
  threshold: number;
  attacks: number;
  attacksAccepted: number;
  bonaFide: number;
  bonaFideRejected: number;
}

export interface CrossValidation {
  folds: Fold[];
  /** Attacks accepted / genuine rejected, each judged by a threshold calibrated without its subject. */
  apcer: SpeciesFigure[];
  apcerMax: number;
  bonaFide: { presentations: number; rejected: number; bpcer: number };
}

/** Leave-one-subject-out: each subject is judged by a threshold calibrated on the other subjects only. */
export function leaveOneSubjectOut(scored: readonly Scored[]): CrossValidation {
  const subjects = [...new Set(scored.map((s) => s.subject))].sort();
  const folds: Fold[] = [];
  const judged: { s: Scored; accepted: boolean }[] = [];
  for (const subject of subjects) {
    const train = scored.filter((s) => s.subject !== subject);
    const test = scored.filter((s) => s.subject === subject);
    const threshold = calibrateThreshold(train);
    if (threshold === null) continue;
    for (const s of test) judged.push({ s, accepted: accepted(s, threshold) });
    const atk = test.filter((s) => s.kind !== BONA_FIDE);
    const bona = test.filter((s) => s.kind === BONA_FIDE);
    folds.push({
      subject,
      threshold,
      attacks: atk.length,
      attacksAccepted: atk.filter((s) => accepted(s, threshold)).length,
      bonaFide: bona.length,
      bonaFideRejected: bona.filter((s) => !accepted(s, threshold)).length,
    });
  }
  const species = [...new Set(judged.filter((j) => j.s.kind !== BONA_FIDE).map((j) => j.s.kind))].sort();
  const apcer = species.map((name) => {
    const of = judged.filter((j) => j.s.kind === name);
    const acc = of.filter((j) => j.accepted).length;
    return { species: name, presentations: of.length, accepted: acc, apcer: rate(acc, of.length) };
  });
  const bona = judged.filter((j) => j.s.kind === BONA_FIDE);
  const rejected = bona.filter((j) => !j.accepted).length;
  return {
    folds,
    apcer,
    apcerMax: apcer.reduce((m, s) => Math.max(m, s.apcer), 0),
    bonaFide: { presentations: bona.length, rejected, bpcer: rate(rejected, bona.length) },
  };
}

/** Splits a capture sequence into presentations of `window` frames (a short kiosk check); a shorter tail joins
 *  the last window, and a sequence shorter than the window is one presentation. */
export function windows<T>(frames: readonly T[], window: number): T[][] {
  if (frames.length <= window) return frames.length ? [[...frames]] : [];
  const out: T[][] = [];
  for (let i = 0; i + window <= frames.length; i += window) out.push(frames.slice(i, i + window));
  const tail = frames.length % window;
  if (tail) (out[out.length - 1] as T[]).push(...frames.slice(frames.length - tail));
  return out;
}

function rate(k: number, n: number): number {
  return n ? k / n : 0;
}

function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

function fromLogit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function round4(v: number): number {
  // Rounded up, so the rounding never moves the threshold onto an attack's score.
  return Math.ceil(v * 1e4) / 1e4;
}
