// VisionService through the real worker thread: load, analyze, reference embedding, restart with requests in
// flight, and refusal of corrupted models.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../main/vision/decode';
import { DEFAULT_MODELS_DIR, loadManifest } from '../../../main/vision/manifest';
import { VisionService } from '../../../main/vision/service';
import { cosine } from '../../../main/verify/match';
import { FACES } from './faces-helper';

describe('VisionService', () => {
  let service: VisionService;
  beforeAll(async () => {
    service = VisionService.create({ intraOpThreads: 1 });
    await service.ready();
  });
  afterAll(async () => {
    await service?.close();
  });

  it('is ready with every model ok', () => {
    const s = service.status();
    expect(s.state).toBe('ready');
    expect(s.models.map((m) => [m.name, m.ok])).toEqual([
      ['detect', true],
      ['landmarks', true],
      ['eye', true],
      ['pose', true],
      ['antiSpoof', true],
      ['embed', true],
    ]);
  });

  it('analyzes a frame in the worker and embeds a JPEG reference', async () => {
    const frame = await decodeImage(`${FACES}/joe_biden/2.jpg`);
    const a = await service.analyze(frame, { embed: true, antiSpoof: true });
    expect(a.faces).toHaveLength(1);
    const face = a.faces[a.primary!];
    expect(face.embedding).toBeInstanceOf(Float32Array);
    expect(face.embedding).toHaveLength(512);
    expect(face.live).toBeGreaterThan(0.5);
    const ref = await service.embedReference(new Uint8Array(await readFile(`${FACES}/joe_biden/1.jpg`)));
    expect(cosine(ref.embedding, face.embedding!)).toBeGreaterThan(0.45);
  });

  it('no face in a reference is FACE_NOT_FOUND', async () => {
    const bytes = new Uint8Array(await readFile(`${FACES}/non_faces/coffee.jpg`));
    await expect(service.embedReference(bytes)).rejects.toMatchObject({ code: 'FACE_NOT_FOUND' });
  });

  it('a malformed frame is FRAME_INVALID and the worker survives', async () => {
    const bad = { width: 100, height: 100, channels: 3 as const, data: new Uint8Array(10), timestampMs: 0 };
    await expect(service.analyze(bad)).rejects.toMatchObject({ code: 'FRAME_INVALID' });
    expect(service.status().state).toBe('ready');
  });

  it('fails requests in flight when the worker goes away, then serves again', async () => {
    const frame = await decodeImage(`${FACES}/paul_rudd/1.jpg`);
    const states: string[] = [];
    const stopStatus = service.onStatus((s) => states.push(s.state));
    // Catch at once: the rejection arrives while restart() is still being awaited.
    const inFlight = service.analyze(frame, { embed: true }).catch((e: unknown) => e);
    await service.restart();
    expect(await inFlight).toMatchObject({ code: 'VISION_WORKER_DIED' });
    await service.ready();
    stopStatus();
    // Health follows these notifications (main/app.ts): the new worker starting, then its models loaded.
    expect(states).toEqual(['starting', 'ready']);
    expect(service.status().restarts).toBe(1);
    const a = await service.analyze(frame);
    expect(a.faces).toHaveLength(1);
  });
});

describe('VisionService with a corrupted model', () => {
  it('ready() rejects with MODEL_CHECKSUM and status names the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hexin-models-'));
    try {
      await copyFile(path.join(DEFAULT_MODELS_DIR, 'manifest.json'), path.join(dir, 'manifest.json'));
      const manifest = await loadManifest(dir);
      for (const spec of Object.values(manifest.models)) {
        await copyFile(path.join(DEFAULT_MODELS_DIR, spec.file), path.join(dir, spec.file));
      }
      const bytes = await readFile(path.join(dir, manifest.models.detect.file));
      bytes[100] ^= 1;
      await writeFile(path.join(dir, manifest.models.detect.file), bytes);
      const service = VisionService.create({ modelsDir: dir });
      await expect(service.ready()).rejects.toMatchObject({ code: 'MODEL_CHECKSUM' });
      const s = service.status();
      expect(s.state).toBe('failed');
      expect(s.models.find((m) => m.name === 'detect')?.error?.message).toContain('fr_detect.onnx');
      await expect(service.analyze(await decodeImage(`${FACES}/paul_rudd/1.jpg`))).rejects.toMatchObject({
        code: 'MODEL_CHECKSUM',
      });
      await service.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
