// Option declarations several commands share, declared once (main/cli/spec.ts describes the fields), and how the
// commands read what such an option names.
import { readFile } from 'node:fs/promises';
import { HexinError } from '../../common/errors';
import { parseLivenessConfig, type LivenessConfig } from '../liveness/config';

/** The app data dir of the records, keys and config commands. */
export const dataDirOption = {
  type: 'string',
  value: 'DIR',
  description: 'app data dir (default: $HEXIN_DATA_DIR or ./.hexin-data)',
} as const;

/** The ONNX models folder of the commands that run the vision models. */
export const modelsOption = {
  type: 'string',
  value: 'DIR',
  description: "models folder (default: the repository's models/)",
} as const;

/** A liveness config file (liveness and pad-eval). */
export const livenessConfigOption = {
  type: 'string',
  value: 'FILE',
  description: 'liveness config JSON (main/liveness/config.ts schema); defaults otherwise',
} as const;

/** The liveness config in `file`, or the defaults without one; LIVENESS_CONFIG when it cannot be read or is invalid. */
export async function readLivenessConfig(file: string | undefined): Promise<LivenessConfig> {
  let raw: unknown = {};
  if (file) {
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new HexinError('LIVENESS_CONFIG', `cannot read ${file}: ${(e as Error).message}`);
    }
  }
  return parseLivenessConfig(raw);
}
