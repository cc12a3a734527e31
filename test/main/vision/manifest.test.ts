// Corrupted or missing model files are refused with a clear error naming the file and what to run.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VisionEngine, type OrtRuntime } from '../../../main/vision/engine';
import { DEFAULT_MODELS_DIR, loadManifest, readVerifiedModel } from '../../../main/vision/manifest';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hexin-models-'));
  await copyFile(path.join(DEFAULT_MODELS_DIR, 'manifest.json'), path.join(dir, 'manifest.json'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('model manifest', () => {
  it('accepts the real models', async () => {
    const manifest = await loadManifest();
    for (const spec of Object.values(manifest.models)) {
      const bytes = await readVerifiedModel(manifest.dir, spec);
      expect(bytes.byteLength).toBeGreaterThan(100_000);
    }
  });

  it('refuses a model with one flipped byte, naming the file and the fix', async () => {
    const manifest = await loadManifest(dir);
    const spec = manifest.models.eye;
    const bytes = await readFile(path.join(DEFAULT_MODELS_DIR, spec.file));
    bytes[bytes.length >> 1] ^= 0xff;
    await writeFile(path.join(dir, spec.file), bytes);
    const err = await readVerifiedModel(dir, spec).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODEL_CHECKSUM' });
    expect((err as Error).message).toContain(spec.file);
    expect((err as Error).message).toContain('npm run models:fetch');
  });

  it('refuses a missing model', async () => {
    const manifest = await loadManifest(dir);
    await expect(readVerifiedModel(dir, manifest.models.embed)).rejects.toMatchObject({
      code: 'MODEL_MISSING',
    });
  });

  it('refuses a manifest without a vision model entry', async () => {
    const raw = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    delete raw.models.pose;
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(raw));
    await expect(loadManifest(dir)).rejects.toMatchObject({ code: 'MODEL_MANIFEST' });
  });

  it('the engine reports per-model status and does not start on a corrupted model', async () => {
    const manifest = await loadManifest(dir);
    for (const spec of Object.values(manifest.models)) {
      await copyFile(path.join(DEFAULT_MODELS_DIR, spec.file), path.join(dir, spec.file));
    }
    await writeFile(path.join(dir, manifest.models.pose.file), 'not a model');
    const { engine, status, error } = await VisionEngine.load(ort as unknown as OrtRuntime, {
      modelsDir: dir,
    });
    expect(engine).toBeNull();
    expect(error).toMatchObject({ code: 'MODEL_CHECKSUM' });
    expect(status.find((s) => s.name === 'pose')).toMatchObject({
      ok: false,
      error: { code: 'MODEL_CHECKSUM' },
    });
    expect(status.filter((s) => s.ok)).toHaveLength(5);
  });
});
