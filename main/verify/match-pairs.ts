// Reads the pair lists banks use to calibrate on their own photos: one pair per line, `imageA,imageB` (for
// `hexin compare --pairs`) or `imageA,imageB,same|different` (for `hexin calibrate`). Paths are relative to the
// CSV file. Blank lines, `#` comments and a header line are skipped; fields may be double-quoted.
import path from 'node:path';
import { HexinError } from '../../common/errors';

export interface ImagePair {
  /** 1-based line number in the file, for error messages. */
  line: number;
  a: string;
  b: string;
  /** Absolute paths resolved against the CSV's folder. */
  fileA: string;
  fileB: string;
  same?: boolean;
}

/** Splits one CSV line; supports "quoted, fields" with "" as an escaped quote. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

const HEADER = /^(image_?a|a|left)$/i;

export function parsePairs(text: string, csvFile: string, labelled: boolean): ImagePair[] {
  const base = path.dirname(path.resolve(csvFile));
  const pairs: ImagePair[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = splitCsvLine(line);
    if (pairs.length === 0 && HEADER.test(fields[0] ?? '')) return;
    const expected = labelled ? 3 : 2;
    if (fields.length !== expected || fields.slice(0, 2).some((f) => f === '')) {
      const shape = labelled ? 'imageA,imageB,same|different' : 'imageA,imageB';
      throw new HexinError(
        'CALIBRATION_INPUT',
        `${csvFile}:${index + 1}: expected "${shape}", got "${line}"`,
      );
    }
    const [a, b, label] = fields;
    const pair: ImagePair = {
      line: index + 1,
      a,
      b,
      fileA: path.resolve(base, a),
      fileB: path.resolve(base, b),
    };
    if (labelled) {
      const l = label.toLowerCase();
      if (l !== 'same' && l !== 'different') {
        throw new HexinError(
          'CALIBRATION_INPUT',
          `${csvFile}:${index + 1}: label must be "same" or "different", got "${label}"`,
        );
      }
      pair.same = l === 'same';
    }
    pairs.push(pair);
  });
  if (pairs.length === 0) throw new HexinError('CALIBRATION_INPUT', `${csvFile} lists no pairs`);
  return pairs;
}
