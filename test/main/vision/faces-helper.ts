// Shared test helpers: where ../shared/faces is, which photos belong to whom, and one engine per test file.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { VisionEngine, type OrtRuntime } from '../../../main/vision/engine';
import type { Frame } from '../../../main/vision/types';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FACES = path.resolve(REPO_ROOT, '../shared/faces');

export const IDENTITIES = [
  'barack_obama',
  'joe_biden',
  'paul_rudd',
  'compreface_person_a',
  'compreface_person_b',
];

export interface LabelledPhoto {
  /** Identity label; each impostor photo is its own identity. */
  id: string;
  /** Path relative to FACES, e.g. "joe_biden/1.jpg". */
  name: string;
  file: string;
}

function list(dir: string): string[] {
  return readdirSync(path.join(FACES, dir))
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort();
}

export function identityPhotos(): LabelledPhoto[] {
  const photos: LabelledPhoto[] = [];
  for (const id of IDENTITIES) {
    for (const f of list(id)) photos.push({ id, name: `${id}/${f}`, file: path.join(FACES, id, f) });
  }
  for (const f of list('impostors')) {
    photos.push({ id: `impostor:${f}`, name: `impostors/${f}`, file: path.join(FACES, 'impostors', f) });
  }
  return photos;
}

export function folderPhotos(dir: string): string[] {
  return list(dir).map((f) => path.join(FACES, dir, f));
}

export async function loadEngine(): Promise<VisionEngine> {
  const { engine, error } = await VisionEngine.load(ort as unknown as OrtRuntime);
  if (!engine) throw error ?? new Error('engine did not load');
  return engine;
}

/** The frame mirrored left to right (a face turned by y becomes the same face turned by −y). */
export function mirror(f: Frame): Frame {
  const data = new Uint8Array(f.data.length);
  const C = f.channels;
  for (let y = 0; y < f.height; y++) {
    for (let x = 0; x < f.width; x++) {
      const s = (y * f.width + (f.width - 1 - x)) * C;
      data.set(f.data.subarray(s, s + C), (y * f.width + x) * C);
    }
  }
  return { ...f, data };
}
