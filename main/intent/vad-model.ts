// The Silero VAD entry of models/manifest.json: where the weights are, their SHA-256, and the audio framing the
// model expects (frame and context sizes, state shape, input names). The vision core parses its own entries;
// this module owns the "vad" one.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HexinError } from '../../common/errors';

export const vadSpecSchema = z.object({
  file: z.string().regex(/^[\w.-]+$/, 'a plain file name inside the models folder'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  input: z.object({ name: z.string().min(1) }),
  outputs: z.object({ probability: z.string().min(1), state: z.string().min(1) }),
  audio: z.object({
    sampleRate: z.literal(16_000),
    frameSamples: z.number().int().min(256).max(4096),
    contextSamples: z.number().int().min(0).max(1024),
    stateInput: z.string().min(1),
    stateShape: z.array(z.number().int().positive()).min(1).max(4),
    sampleRateInput: z.string().min(1),
  }),
});
export type VadSpec = z.infer<typeof vadSpecSchema>;

const manifestSchema = z.object({ models: z.object({ vad: z.unknown() }) });

/** Reads and validates the "vad" entry of `<modelsDir>/manifest.json`. */
export async function loadVadSpec(modelsDir: string): Promise<VadSpec> {
  const file = path.join(modelsDir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new HexinError('VAD_MODEL_MISSING', `cannot read ${file}: ${(e as Error).message}`, { file });
  }
  const top = manifestSchema.safeParse(raw);
  if (!top.success) throw new HexinError('VAD_MODEL_MISSING', `${file} has no "vad" model entry`, { file });
  const spec = vadSpecSchema.safeParse(top.data.models.vad);
  if (!spec.success) {
    throw new HexinError('VAD_MODEL_MISSING', `${file}: model "vad": ${z.prettifyError(spec.error)}`, {
      file,
    });
  }
  return spec.data;
}

/** The model bytes, checked against the manifest's SHA-256. */
export async function readVadModel(modelsDir: string, spec: VadSpec): Promise<Uint8Array> {
  const file = path.join(modelsDir, spec.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new HexinError('VAD_MODEL_MISSING', `${file} is missing; run \`npm run models:fetch\``, { file });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== spec.sha256) {
    throw new HexinError(
      'VAD_MODEL_MISSING',
      `${file} has SHA-256 ${actual}, the manifest expects ${spec.sha256}`,
      {
        file,
      },
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
