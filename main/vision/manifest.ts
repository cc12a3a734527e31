// Reads models/manifest.json and checks model files against it. The manifest, not code constants, says what each
// model expects (input shape, normalisation, channel order), so a bank can swap a model by editing the manifest.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HexinError } from '../../common/errors';

/** The repository's models/ folder (weights are fetched there by scripts/fetch-models.mjs). */
export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

const FETCH_HINT = 'run `npm run models:fetch`';

const ChannelOrder = z.enum(['RGB', 'BGR', 'GRAY']);
export type ChannelOrder = z.infer<typeof ChannelOrder>;

const ModelEntry = z.object({
  file: z.string().regex(/^[\w.-]+$/, 'a plain file name inside the models folder'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.object({ package: z.string().min(1), version: z.string().min(1), path: z.string().min(1) }),
  licence: z.string().min(1),
  input: z.object({ name: z.string().min(1), shape: z.array(z.number().int().positive()).min(2) }),
  outputs: z.record(z.string(), z.string()),
  normalisation: z.object({ mean: z.array(z.number()).min(1), std: z.array(z.number().positive()).min(1) }),
  channelOrder: ChannelOrder,
  scoreThreshold: z.number().min(0).max(1).optional(),
  nmsIou: z.number().min(0).max(1).optional(),
});
export type ModelSpec = z.infer<typeof ModelEntry>;

/** The models the vision core runs; other areas may add their own entries (e.g. a VAD model) under other keys. */
export const VISION_MODELS = ['detect', 'landmarks', 'eye', 'pose', 'antiSpoof', 'embed'] as const;
export type VisionModelName = (typeof VISION_MODELS)[number];

const Manifest = z.object({
  formatVersion: z.literal(1),
  models: z.record(z.string(), z.unknown()),
});

export interface VisionManifest {
  dir: string;
  models: Record<VisionModelName, ModelSpec>;
}

/** Loads and validates the manifest; only the vision entries are parsed strictly, others are left to their owners. */
export async function loadManifest(dir: string = DEFAULT_MODELS_DIR): Promise<VisionManifest> {
  const file = path.join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new HexinError('MODEL_MANIFEST', `cannot read ${file}: ${(e as Error).message}`, { file });
  }
  const top = Manifest.safeParse(raw);
  if (!top.success)
    throw new HexinError('MODEL_MANIFEST', `${file}: ${z.prettifyError(top.error)}`, { file });
  const models = {} as Record<VisionModelName, ModelSpec>;
  for (const name of VISION_MODELS) {
    const entry = ModelEntry.safeParse(top.data.models[name]);
    if (!entry.success) {
      throw new HexinError('MODEL_MANIFEST', `${file}: model "${name}": ${z.prettifyError(entry.error)}`, {
        file,
      });
    }
    models[name] = entry.data;
  }
  return { dir, models };
}

/** Reads a model file and checks its SHA-256; a missing or altered file is a clear error naming the file. */
export async function readVerifiedModel(dir: string, spec: ModelSpec): Promise<Uint8Array> {
  const file = path.join(dir, spec.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new HexinError('MODEL_MISSING', `model file ${file} is missing; ${FETCH_HINT}`, { file });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== spec.sha256) {
    throw new HexinError(
      'MODEL_CHECKSUM',
      `model file ${file} has SHA-256 ${actual}, the manifest expects ${spec.sha256}; it is corrupted or replaced — ${FETCH_HINT}`,
      { file, actual, expected: spec.sha256 },
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
