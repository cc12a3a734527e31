// `hexin pad-eval <folder>`: runs the kiosk's presentation-attack decision over a folder of genuine and attack
// captures and reports ISO/IEC 30107-3 figures (APCER per attack species, BPCER) at the configured threshold, the
// threshold calibrated on the folder, and that calibration cross-validated leave-one-subject-out. Folder layout
// and what counts as one presentation: main/liveness/pad-dataset.ts; the numbers: main/liveness/pad-metrics.ts.
import type { LivenessConfig } from '../../liveness/config';
import { listCaptures, scoreSequence, type ScoredSequence } from '../../liveness/pad-dataset';
import {
  BONA_FIDE,
  calibrateThreshold,
  isoFigures,
  leaveOneSubjectOut,
  presentationScore,
  windows,
  type CrossValidation,
  type IsoFigures,
  type Scored,
} from '../../liveness/pad-metrics';
import { DEFAULT_TRACKING } from '../../vision/tracker';
import { VisionService } from '../../vision/service';
import { livenessConfigOption, modelsOption, readLivenessConfig } from '../options';
import { defineCommand } from '../spec';

interface PadReport {
  folder: string;
  /** Captures analysed as camera streams with the face tracked between detections (--tracked). */
  tracked: boolean;
  window: number;
  frames: { bonaFide: number; attack: number; withoutFace: number };
  presentations: { bonaFide: number; attack: number; short: number };
  /** At the threshold the kiosk is configured with (or --threshold). */
  configured: IsoFigures;
  /** Calibrated on the whole folder (the rule in calibrateThreshold); null without both classes. */
  calibrated: IsoFigures | null;
  /** Each subject judged by a threshold calibrated without that subject. */
  crossValidated: CrossValidation;
  maxBpcer: number;
  /** APCER 0 for every species and BPCER within maxBpcer, cross-validated; null when no fold could be formed. */
  meetsOperatingPoint: boolean | null;
  /** Highest attack and lowest genuine presentation score (the gap the threshold sits in). */
  separation: { highestAttack: number | null; lowestBonaFide: number | null };
  /** Recordings replayed against each active challenge (a still photo should pass none). */
  recordings: {
    id: string;
    kind: string;
    passiveScore: number | null;
    challengesPassed: string[];
    /** Attack recordings: rejected by the active check (no draw of challenges passes it). */
    activeRejects: boolean | null;
  }[];
  /** Frame-level figures at the configured threshold, for comparison (the kiosk never decides on one frame). */
  singleFrame: IsoFigures;
}

/** Cuts the scored sequences into presentations as the kiosk would judge them, and scores each one. */
export function presentationsOf(
  sequences: readonly ScoredSequence[],
  window: number,
  config: LivenessConfig,
): { scored: Scored[]; short: number } {
  const scored: Scored[] = [];
  let short = 0;
  for (const seq of sequences) {
    const parts = seq.video ? [seq.frameScores] : windows(seq.frameScores, window);
    parts.forEach((frames, i) => {
      const scores = frames.filter((s): s is number => s !== null);
      if (scores.length < config.passive.minFrames) short++;
      const id = parts.length > 1 ? `${seq.id}#${i + 1}` : seq.id;
      const p = { kind: seq.kind, subject: seq.subject, id, scores, frames: frames.length };
      const one: Scored = {
        kind: seq.kind,
        subject: seq.subject,
        id,
        score: presentationScore(p, config.passive),
      };
      // An attack recording is what an injected video does at the kiosk: replayed against the challenges, it is
      // accepted only if some draw of challengeCount challenges would all pass. A genuine recording was not made
      // in answer to prompts, so only its passive score can be judged.
      if (seq.active && seq.kind !== BONA_FIDE)
        one.activePassed = seq.active.passed.length >= config.challengeCount;
      scored.push(one);
    });
  }
  return { scored, short };
}

export function padReport(
  folder: string,
  sequences: readonly ScoredSequence[],
  config: LivenessConfig,
  options: { window: number; threshold: number; maxBpcer: number; tracked?: boolean },
): PadReport {
  const { scored, short } = presentationsOf(sequences, options.window, config);
  const calibratedThreshold = calibrateThreshold(scored);
  const cv = leaveOneSubjectOut(scored);
  const frameLevel: Scored[] = sequences.flatMap((s) =>
    s.frameScores.map((score, i) => ({ kind: s.kind, subject: s.subject, id: `${s.id}@${i}`, score })),
  );
  const allFrames = sequences.flatMap((s) => s.frameScores.map((v) => ({ kind: s.kind, v })));
  // The gap passive must keep open: attacks the active check already rejects are left out.
  const attackScores = scored
    .filter((s) => s.kind !== BONA_FIDE && s.score !== null && s.activePassed !== false)
    .map((s) => s.score as number);
  const bonaScores = scored
    .filter((s) => s.kind === BONA_FIDE && s.score !== null)
    .map((s) => s.score as number);
  return {
    folder,
    tracked: options.tracked === true,
    window: options.window,
    frames: {
      bonaFide: allFrames.filter((f) => f.kind === BONA_FIDE).length,
      attack: allFrames.filter((f) => f.kind !== BONA_FIDE).length,
      withoutFace: allFrames.filter((f) => f.v === null).length,
    },
    presentations: {
      bonaFide: scored.filter((s) => s.kind === BONA_FIDE).length,
      attack: scored.filter((s) => s.kind !== BONA_FIDE).length,
      short,
    },
    configured: isoFigures(scored, options.threshold),
    calibrated: calibratedThreshold === null ? null : isoFigures(scored, calibratedThreshold),
    crossValidated: cv,
    maxBpcer: options.maxBpcer,
    meetsOperatingPoint:
      cv.folds.length === 0 ? null : cv.apcerMax === 0 && cv.bonaFide.bpcer <= options.maxBpcer,
    separation: {
      highestAttack: attackScores.length ? Math.max(...attackScores) : null,
      lowestBonaFide: bonaScores.length ? Math.min(...bonaScores) : null,
    },
    recordings: sequences
      .filter((s) => s.video)
      .map((s) => ({
        id: s.id,
        kind: s.kind,
        passiveScore: scored.find((p) => p.id === s.id)?.score ?? null,
        challengesPassed: s.active?.passed ?? [],
        activeRejects: s.kind === BONA_FIDE ? null : (s.active?.passed.length ?? 0) < config.challengeCount,
      })),
    singleFrame: isoFigures(frameLevel, options.threshold),
  };
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

function figuresTable(title: string, f: IsoFigures | CrossValidation, threshold: string): string[] {
  const rows = [
    `${title} (threshold ${threshold})`,
    `  ${'species'.padEnd(22)} ${'presentations'.padStart(13)} ${'accepted'.padStart(9)} ${'APCER'.padStart(9)}`,
    ...f.apcer.map(
      (s) =>
        `  ${s.species.padEnd(22)} ${String(s.presentations).padStart(13)} ${String(s.accepted).padStart(9)} ${pct(s.apcer).padStart(9)}`,
    ),
    `  ${'bona fide'.padEnd(22)} ${String(f.bonaFide.presentations).padStart(13)} ${`rejected ${f.bonaFide.rejected}`.padStart(9)}   BPCER ${pct(f.bonaFide.bpcer)}`,
  ];
  return rows;
}

export function describeReport(r: PadReport): string {
  const s = r.separation;
  const lines = [
    `pad-eval ${r.folder}${r.tracked ? ' (tracked streams)' : ''}: ${r.frames.bonaFide} bona fide + ${r.frames.attack} attack frames (${r.frames.withoutFace} without a usable face)`,
    `  presentations: ${r.presentations.bonaFide} bona fide, ${r.presentations.attack} attack` +
      ` (image sequences cut into ${r.window}-frame windows; ${r.presentations.short} with fewer scored frames than the kiosk needs)`,
    `  separation: highest attack ${s.highestAttack?.toFixed(4) ?? 'n/a'}, lowest bona fide ${s.lowestBonaFide?.toFixed(4) ?? 'n/a'}`,
    ...figuresTable('configured', r.configured, String(r.configured.threshold)),
    ...(r.calibrated
      ? figuresTable('calibrated on all subjects', r.calibrated, String(r.calibrated.threshold))
      : ['calibration: needs genuine captures and attacks that passive must judge']),
    ...figuresTable(
      'leave-one-subject-out',
      r.crossValidated,
      r.crossValidated.folds.map((f) => `${f.subject}: ${f.threshold}`).join(', ') || 'no fold',
    ),
    `  operating point (APCER 0 %, BPCER ≤ ${pct(r.maxBpcer)}, cross-validated): ${r.meetsOperatingPoint === null ? 'cannot be judged (no subject with both classes to leave out)' : r.meetsOperatingPoint ? 'met' : 'NOT met'}`,
    `  single frames, passive only, at ${r.configured.threshold}: APCER max ${pct(r.singleFrame.apcerMax)}, BPCER ${pct(r.singleFrame.bonaFide.bpcer)} (the kiosk never decides on one frame)`,
    ...r.recordings.map(
      (v) =>
        `  recording ${v.id} (${v.kind}): passive ${v.passiveScore?.toFixed(4) ?? 'n/a'}` +
        (v.activeRejects === null
          ? ''
          : `, challenges passed on replay: ${v.challengesPassed.join(', ') || 'none'}${v.activeRejects ? ' → rejected by active' : ''}`),
    ),
  ];
  return lines.join('\n') + '\n';
}

const probability = (description: string) =>
  ({ type: 'number', value: 'P', min: 0, max: 1, description }) as const;

export const padEvalCommand = defineCommand(
  {
    name: 'pad-eval',
    summary:
      'presentation-attack figures (ISO/IEC 30107-3 APCER/BPCER) of the liveness decision on a test set',
    args: '<folder>',
    description: [
      'folder: <class>/<subject>/<captures>; class "genuine" (bona fide) or an attack species name (print-attack…);',
      'captures: image sequences (name_<number>.jpg, in number order) or .y4m recordings.',
    ].join('\n'),
    options: {
      window: {
        type: 'integer',
        min: 1,
        max: 600,
        description:
          'frames per presentation cut from an image sequence (default: passive.minFrames, the fewest the kiosk ' +
          'decides on); a .y4m recording is one presentation',
      },
      threshold: probability(
        'judge at this median live probability instead of the configured passive.threshold',
      ),
      'max-bpcer': {
        ...probability('the BPCER the operating point must stay within (iBeta level 1)'),
        default: 0.15,
      },
      tracked: {
        type: 'boolean',
        description:
          'analyse each capture as one camera stream, the face tracked between detections as in a kiosk session ' +
          '(anti-spoofing still scores every frame, so the presentations are the same)',
      },
      'kiosk-rate': {
        type: 'boolean',
        description:
          "with --tracked: score only the frames a kiosk session scores (the vision schedule's anti-spoofing rate), " +
          'and cut presentations of passive.minFrames such scores (--window, in frames, defaults to that many ' +
          'frames)',
      },
      config: livenessConfigOption,
      models: modelsOption,
    },
    notes: 'exit code: 0 done (whatever the figures), 1 error, 2 usage',
  },
  async ({ values, positionals }, io) => {
    const config = await readLivenessConfig(values.config);
    const tracked = values.tracked === true;
    const kioskRate = tracked && values['kiosk-rate'] === true;
    // At the kiosk's rate a presentation of minFrames scores spans antiSpoofEvery times as many frames.
    const window =
      values.window ?? config.passive.minFrames * (kioskRate ? DEFAULT_TRACKING.antiSpoofEvery : 1);
    const threshold = values.threshold ?? config.passive.threshold;
    const maxBpcer = values['max-bpcer'];
    const folder = positionals[0] as string;
    const captures = await listCaptures(folder);
    const vision = VisionService.create({
      ...(values.models ? { modelsDir: values.models } : {}),
      // The kiosk scores some frames only (main/vision/schedule.ts); here every frame unless --kiosk-rate, so only the
      // crops differ from the untracked run.
      ...(tracked && !kioskRate ? { tracking: { antiSpoofEvery: 1 } } : {}),
    });
    const sequences: ScoredSequence[] = [];
    try {
      await vision.ready();
      for (const c of captures) sequences.push(await scoreSequence(c, vision, config, { stream: tracked }));
    } finally {
      await vision.close();
    }
    const report = padReport(folder, sequences, config, { window, threshold, maxBpcer, tracked });
    io.stdout(values.json ? JSON.stringify(report) + '\n' : describeReport(report));
    return 0;
  },
);
