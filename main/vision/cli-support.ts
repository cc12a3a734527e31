// What the vision CLI commands (compare, analyze, calibrate) share: a JSON-friendly face summary, and scoring a
// list of image pairs in one process with each image decoded and embedded once.
import { readFile } from 'node:fs/promises';
import { HexinError, type ErrorInfo } from '../../common/errors';
import { cosine } from '../verify/match';
import type { ImagePair } from '../verify/match-pairs';
import type { ReferenceEmbedding, VisionService } from './service';
import type { FaceAnalysis } from './types';

const round = (v: number, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);
const roundPoint = (p: readonly [number, number]) => [round(p[0], 1), round(p[1], 1)];

/** A face as the CLI prints it (rounded; no embedding). */
export function faceSummary(face: FaceAnalysis): Record<string, unknown> {
  const { box, quality, pose, eyes } = face;
  return {
    box: {
      x1: round(box.x1, 1),
      y1: round(box.y1, 1),
      x2: round(box.x2, 1),
      y2: round(box.y2, 1),
      score: round(box.score, 3),
    },
    fivePoints: face.fivePoints.map(roundPoint),
    landmarks: face.landmarks.map(roundPoint),
    pose: { yaw: round(pose.yaw, 1), pitch: round(pose.pitch, 1), roll: round(pose.roll, 1) },
    eyes: { left: round(eyes.left, 3), right: round(eyes.right, 3) },
    mouthOpenRatio: round(face.mouthOpenRatio, 3),
    quality: {
      sizeRatio: round(quality.sizeRatio, 3),
      centerOffset: round(quality.centerOffset, 3),
      brightness: round(quality.brightness, 1),
      contrast: round(quality.contrast, 1),
      sharpness: round(quality.sharpness, 0),
    },
    ...(face.live !== undefined ? { antiSpoof: { live: round(face.live, 4) } } : {}),
  };
}

export async function readImageFile(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    throw new HexinError(
      'IMAGE_DECODE',
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

export type PairScore = { pair: ImagePair; score: number } | { pair: ImagePair; error: ErrorInfo };

function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof HexinError) return e.toInfo();
  throw e; // a bug, not a bad photo
}

/** Scores every pair, embedding each distinct file once; a bad image fails only the pairs that use it. */
export async function scorePairs(
  service: VisionService,
  pairs: readonly ImagePair[],
  onScore: (result: PairScore) => void,
): Promise<void> {
  const cache = new Map<string, Promise<ReferenceEmbedding>>();
  const embed = (file: string) => {
    let p = cache.get(file);
    if (!p) {
      p = readImageFile(file).then((bytes) => service.embedReference(bytes));
      p.catch(() => undefined); // reported per pair below
      cache.set(file, p);
    }
    return p;
  };
  for (const pair of pairs) {
    try {
      const [a, b] = await Promise.all([embed(pair.fileA), embed(pair.fileB)]);
      onScore({ pair, score: cosine(a.embedding, b.embedding) });
    } catch (e) {
      onScore({ pair, error: errorInfo(e) });
    }
  }
}
