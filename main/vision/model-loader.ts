// Loading the vision models: each file verified against the manifest (SHA-256), one session per model, one warm-up
// run, and a per-model status for the staff health panel. Nothing is half-loaded: one failure releases them all.
import { HexinError } from '../../common/errors';
import type { TensorSpec } from './image';
import {
  loadManifest,
  readVerifiedModel,
  VISION_MODELS,
  type ModelSpec,
  type VisionModelName,
} from './manifest';
import {
  sessionOptions,
  toFloat32,
  type OrtRuntime,
  type OrtSession,
  type OrtTensor,
  type SessionThreading,
} from './ort';

export interface ModelStatus {
  name: VisionModelName;
  file: string;
  ok: boolean;
  loadMs?: number;
  error?: { code: string; message: string };
}

/** One model's session with its pre-processing spec and a reused input buffer (no per-frame allocation). */
export class LoadedModel {
  readonly tensorSpec: TensorSpec;
  readonly input: Float32Array;
  readonly width: number;
  readonly height: number;

  constructor(
    private readonly ort: OrtRuntime,
    readonly name: VisionModelName,
    readonly spec: ModelSpec,
    readonly session: OrtSession,
  ) {
    const shape = spec.input.shape;
    this.height = shape[shape.length - 2];
    this.width = shape[shape.length - 1];
    this.input = new Float32Array(shape.reduce((a, b) => a * b, 1));
    this.tensorSpec = {
      order: spec.channelOrder,
      mean: spec.normalisation.mean,
      std: spec.normalisation.std,
    };
  }

  /** Runs the model on what the caller wrote into `input`. */
  run(): Promise<Record<string, OrtTensor>> {
    return this.session.run({
      [this.spec.input.name]: new this.ort.Tensor('float32', this.input, this.spec.input.shape),
    });
  }

  /** The output the manifest names `key` (or `key` itself), as float32. */
  output(key: string, result: Record<string, OrtTensor>): Float32Array {
    const outName = this.spec.outputs[key] ?? key;
    return toFloat32(result[outName], `${this.name}.${outName}`);
  }
}

export type LoadedModels = Record<VisionModelName, LoadedModel>;

/**
 * Verifies every model against the manifest and creates its session once. Always returns the per-model status;
 * `models` is null when any model failed.
 */
export async function loadModels(
  ort: OrtRuntime,
  options: SessionThreading & { modelsDir?: string },
): Promise<{ models: LoadedModels | null; status: ModelStatus[]; error: HexinError | null }> {
  const manifest = await loadManifest(options.modelsDir);
  const sessionOpts = sessionOptions(options);
  const status: ModelStatus[] = [];
  const loaded: Partial<LoadedModels> = {};
  let firstError: HexinError | null = null;
  for (const name of VISION_MODELS) {
    const spec = manifest.models[name];
    const started = performance.now();
    try {
      const bytes = await readVerifiedModel(manifest.dir, spec);
      const model = new LoadedModel(ort, name, spec, await ort.InferenceSession.create(bytes, sessionOpts));
      // One warm-up run so the first real frame does not pay for lazy kernel initialisation.
      await model.run();
      loaded[name] = model;
      status.push({ name, file: spec.file, ok: true, loadMs: performance.now() - started });
    } catch (e) {
      const error =
        e instanceof HexinError
          ? e
          : new HexinError('MODEL_LOAD', `model ${spec.file} could not be loaded: ${(e as Error).message}`, {
              file: spec.file,
            });
      firstError ??= error;
      status.push({ name, file: spec.file, ok: false, error: error.toInfo() });
    }
  }
  if (firstError) {
    await Promise.all(Object.values(loaded).map((m) => m.session.release()));
    return { models: null, status, error: firstError };
  }
  return { models: loaded as LoadedModels, status, error: null };
}
