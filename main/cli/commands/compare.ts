// `hexin compare <imageA> <imageB>`: do two photos show the same person? And `hexin compare --pairs <file.csv>`:
// score many pairs in one process (one JSON object per line), the raw material for a bank's own calibration.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HexinError } from '../../../common/errors';
import { faceSummary, readImageFile, scorePairs } from '../../vision/cli-support';
import { VisionService } from '../../vision/service';
import { cosine, REFERENCE_TYPES, ThresholdPolicy, type ReferenceType } from '../../verify/match';
import { parsePairs } from '../../verify/match-pairs';
import { type CliCommand, type CliIo, printUsage } from '../types';

const HELP = `usage: hexin compare <imageA> <imageB> [options]
       hexin compare --pairs <file.csv> [--json]
  Compares the most prominent face of two JPEG/PNG/WebP photos (cosine similarity of face embeddings).
options:
  --reference-type full|authority|chip   which threshold applies (default: full)
  --threshold T        override the threshold
  --pairs FILE         CSV of "imageA,imageB" lines (paths relative to the CSV); prints one JSON line per pair
  --models DIR         models folder (default: the repository's models/)
  --json               JSON output
exit code: 0 = compared (match or not), 1 = error (e.g. FACE_NOT_FOUND), 2 = usage
`;

export function parseReferenceType(value: string | undefined): ReferenceType {
  const t = (value ?? 'full') as ReferenceType;
  if (!REFERENCE_TYPES.includes(t)) {
    throw new HexinError('BAD_REQUEST', `--reference-type must be one of ${REFERENCE_TYPES.join(', ')}`);
  }
  return t;
}

export function parseThreshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Number(value);
  if (!Number.isFinite(t) || t <= -1 || t >= 1)
    throw new HexinError('BAD_REQUEST', '--threshold must be a number in (−1, 1)');
  return t;
}

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

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'compare the faces in two photos (or --pairs file.csv); prints score, threshold, match',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'reference-type': { type: 'string' },
        threshold: { type: 'string' },
        pairs: { type: 'string' },
        models: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const wantPairs = values.pairs !== undefined;
    if (values.help || (wantPairs ? positionals.length !== 0 : positionals.length !== 2)) {
      return printUsage(io, HELP, values.help);
    }
    const referenceType = parseReferenceType(values['reference-type']);
    const override = parseThreshold(values.threshold);
    const policy = new ThresholdPolicy(override === undefined ? {} : { [referenceType]: override });
    const service = VisionService.create({ modelsDir: values.models });
    try {
      await service.ready();
      if (wantPairs) return await comparePairsFile(service, values.pairs!, io);
      const [fileA, fileB] = positionals;
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
};
