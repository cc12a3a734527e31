// `hexin calibrate <file.csv> --target-fmr 1e-4`: from labelled pairs of a bank's own photos
// (`imageA,imageB,same|different`), prints AUC, EER, and the threshold that keeps the false-match rate at the
// target with the true-accept rate it leaves. This is how a deployment sets its threshold.
import { readFile } from 'node:fs/promises';
import { HexinError } from '../../../common/errors';
import { scorePairs } from '../../vision/cli-support';
import { VisionService } from '../../vision/service';
import { rate, type Rate } from '../../verify/match-metrics';
import { REFERENCE_TYPES, ThresholdPolicy } from '../../verify/match';
import { calibrate, type LabelledScore } from '../../verify/match-calibration';
import { parsePairs } from '../../verify/match-pairs';
import { modelsOption } from '../options';
import { defineCommand } from '../spec';

export const calibrateCommand = defineCommand(
  {
    name: 'calibrate',
    summary: 'threshold for a target false-match rate from labelled photo pairs (AUC, EER, TAR)',
    args: '<file.csv>',
    description: [
      'file.csv: one "imageA,imageB,same|different" line per pair, paths relative to the CSV.',
      'Prints AUC, EER, and the threshold reaching the target false-match rate with the true-accept rate there.',
      'Also prints the shipped threshold of --reference-type with its FMR and FNMR on these pairs (95 % Clopper–Pearson',
      'intervals), and the population the pairs show: a threshold holds only for the population it was measured on.',
      'For a chip-photo threshold, list pairs of (chip photo, live capture).',
    ].join('\n'),
    options: {
      'target-fmr': {
        type: 'number',
        min: 0,
        max: 1,
        exclusive: true,
        default: 1e-4,
        defaultText: '1e-4',
        description: 'the false-match rate to reach',
      },
      population: {
        type: 'string',
        value: 'NAME',
        required: true,
        description: 'who the photos show (e.g. "branch pilot, Shanghai, 2027")',
      },
      'reference-type': {
        type: 'string',
        choices: REFERENCE_TYPES,
        default: 'chip',
        description: 'whose shipped threshold to check on these pairs',
      },
      models: modelsOption,
    },
  },
  async ({ values, positionals }, io) => {
    const targetFmr = values['target-fmr'];
    const csv = positionals[0]!;
    const population = values.population.trim();
    if (!population) throw new HexinError('BAD_REQUEST', '--population must say who the photos show');
    const referenceType = values['reference-type'];
    let text: string;
    try {
      text = await readFile(csv, 'utf8');
    } catch {
      throw new HexinError('CALIBRATION_INPUT', `cannot read ${csv}`);
    }
    const pairs = parsePairs(text, csv, true);
    const service = VisionService.create({ modelsDir: values.models });
    const scores: LabelledScore[] = [];
    const errors: { line: number; a: string; b: string; code: string; message: string }[] = [];
    try {
      await service.ready();
      await scorePairs(service, pairs, (r) => {
        if ('score' in r) scores.push({ score: r.score, same: r.pair.same === true });
        else errors.push({ line: r.pair.line, a: r.pair.a, b: r.pair.b, ...r.error });
      });
    } finally {
      await service.close();
    }
    if (!scores.some((s) => s.same) || !scores.some((s) => !s.same)) {
      throw new HexinError(
        'CALIBRATION_INPUT',
        `need scored "same" and "different" pairs; ${errors.length} pair(s) failed`,
        {
          errors,
        },
      );
    }
    const r = calibrate(scores, targetFmr);
    const measurable = targetFmr >= r.fmrResolution;
    const shippedThreshold = new ThresholdPolicy().threshold(referenceType);
    const genuine = scores.filter((x) => x.same);
    const impostor = scores.filter((x) => !x.same);
    const shipped = {
      referenceType,
      threshold: shippedThreshold,
      fmr: rate(impostor.filter((x) => x.score >= shippedThreshold).length, impostor.length),
      fnmr: rate(genuine.filter((x) => x.score < shippedThreshold).length, genuine.length),
    };
    const result = {
      population,
      pairs: pairs.length,
      scored: scores.length,
      ...r,
      targetMeasurable: measurable,
      shipped,
      errors,
    };
    const ci = (x: Rate) =>
      `${x.k}/${x.n} = ${x.rate.toExponential(2)} (95 % CI ${x.low.toExponential(1)}–${x.high.toExponential(1)})`;
    if (values.json) io.stdout(JSON.stringify(result) + '\n');
    else {
      io.stdout(
        [
          `population: ${population}`,
          `pairs ${pairs.length} (scored ${scores.length}: ${r.genuine} same, ${r.impostor} different; ${errors.length} failed)`,
          `AUC ${r.auc.toFixed(5)}   EER ${(100 * r.eer).toFixed(2)} % at ${r.eerThreshold.toFixed(4)}`,
          `threshold for FMR ≤ ${targetFmr}: ${r.threshold}  →  FMR ${r.fmr.toExponential(2)}, TAR ${(100 * r.tar).toFixed(2)} %`,
          `shipped ${referenceType} threshold ${shippedThreshold}: FMR ${ci(shipped.fmr)}, FNMR ${ci(shipped.fnmr)}`,
          measurable
            ? ''
            : `warning: ${r.impostor} different-person pairs can only show FMR down to ${r.fmrResolution.toExponential(2)}; ` +
              `add more pairs (≥ ${Math.ceil(3 / targetFmr)} for a trustworthy ${targetFmr}).`,
        ]
          .filter(Boolean)
          .join('\n') + '\n',
      );
    }
    return 0;
  },
);
