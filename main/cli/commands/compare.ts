// `hexin compare <imageA> <imageB>`: do two photos show the same person? And `hexin compare --pairs <file.csv>`:
// score many pairs in one process (one JSON object per line), the raw material for a bank's own calibration.
import { readFile } from 'node:fs/promises';
import { HexinError } from '../../../common/errors';
import { faceSummary, readImageFile, scorePairs } from '../../vision/cli-support';
import { VisionService } from '../../vision/service';
import { cosine, REFERENCE_TYPES, ThresholdPolicy } from '../../verify/match';
import { parsePairs } from '../../verify/match-pairs';
import { modelsOption } from '../options';
import { defineCommand } from '../spec';
import type { CliIo } from '../types';

async function comparePairsFile(service: VisionService, csv: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(csv, 'utf8');
  } catch {
    throw new HexinError('CALIBRATION_INPUT', `cannot read ${csv}`);
  }
  const pairs = parsePairs(text, csv, false);
  let failed = 0;
  await scorePairs(service, pairs, (r) => {
    if ('score' in r)
      io.stdout(JSON.stringify({ a: r.pair.a, b: r.pair.b, score: Number(r.score.toFixed(6)) }) + '\n');
    else {
      failed++;
      io.stdout(JSON.stringify({ a: r.pair.a, b: r.pair.b, error: r.error }) + '\n');
    }
  });
  return failed === pairs.length ? 1 : 0;
}

export const compareCommand = defineCommand(
  {
    name: 'compare',
    summary: 'compare the faces in two photos (or --pairs file.csv); prints score, threshold, match',
    args: '[<imageA> <imageB>]',
    description: [
      'Compares the most prominent face of two JPEG/PNG/WebP photos (cosine similarity of face embeddings).',
      'hexin compare --pairs <file.csv> scores many pairs instead, one JSON line each.',
    ].join('\n'),
    options: {
      'reference-type': {
        type: 'string',
        choices: REFERENCE_TYPES,
        default: 'full',
        description: 'which threshold applies',
      },
      threshold: {
        type: 'number',
        value: 'T',
        min: -1,
        max: 1,
        exclusive: true,
        description: 'override the threshold',
      },
      pairs: {
        type: 'string',
        value: 'FILE',
        description:
          'CSV of "imageA,imageB" lines (paths relative to the CSV); prints one JSON line per pair',
      },
      models: modelsOption,
    },
    notes: 'exit code: 0 = compared (match or not), 1 = error (e.g. FACE_NOT_FOUND), 2 = usage',
    check: (values, positionals) => {
      if (values.pairs !== undefined) return positionals.length === 0 ? null : '--pairs takes no images';
      return positionals.length === 2 ? null : 'give two images, or --pairs FILE';
    },
  },
  async ({ values, positionals }, io) => {
    const referenceType = values['reference-type'];
    const override = values.threshold;
    const policy = new ThresholdPolicy(override === undefined ? {} : { [referenceType]: override });
    const service = VisionService.create({ modelsDir: values.models });
    try {
      await service.ready();
      if (values.pairs !== undefined) return await comparePairsFile(service, values.pairs, io);
      const [fileA, fileB] = positionals as [string, string];
      const embedOne = async (file: string, side: string) => {
        try {
          return await service.embedReference(await readImageFile(file));
        } catch (e) {
          if (e instanceof HexinError && e.code === 'FACE_NOT_FOUND') {
            throw new HexinError('FACE_NOT_FOUND', `no face was found in image ${side} (${file})`, {
              image: side,
              file,
            });
          }
          throw e;
        }
      };
      const a = await embedOne(fileA, 'a');
      const b = await embedOne(fileB, 'b');
      const decision = policy.decide(cosine(a.embedding, b.embedding), referenceType);
      const result = {
        score: Number(decision.score.toFixed(6)),
        threshold: decision.threshold,
        match: decision.match,
        referenceType,
        faces: { a: faceSummary(a.face), b: faceSummary(b.face) },
      };
      if (values.json) io.stdout(JSON.stringify(result) + '\n');
      else {
        const verdict = result.match ? 'MATCH (same person)' : 'NO MATCH';
        io.stdout(
          `${verdict}: score ${result.score.toFixed(4)}, threshold ${result.threshold} (${referenceType})\n`,
        );
      }
      return 0;
    } finally {
      await service.close();
    }
  },
);
