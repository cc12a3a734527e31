// Chooses the frames of a capture worth matching: only frames whose guidance is OK (one face, close enough,
// centred, lit, frontal, eyes open, sharp) qualify, then they are ranked by a quality score (sharp, frontal, eyes open, well lit,
// big enough). The session matches the best frame, or the average embedding of the best few.
import { l2Normalise } from './geometry';
import type { FrameAnalysis } from './types';

/** 0..1, higher is better; null when the frame has no usable primary face. */
export function frameQualityScore(a: FrameAnalysis): number | null {
  if (a.primary === null || a.guidance !== 'OK') return null;
  const f = a.faces[a.primary];
  const q = f.quality;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const sharp = clamp(Math.log10(Math.max(1, q.sharpness)) / 3); // 1000 → 1
  const frontal = clamp(1 - (Math.abs(f.pose.yaw) + Math.abs(f.pose.pitch)) / 40);
  const eyes = Number.isFinite(f.eyes.left) ? Math.min(f.eyes.left, f.eyes.right) : 0;
  const light = clamp(1 - Math.abs(q.brightness - 128) / 128);
  const size = clamp(q.sizeRatio / 0.5);
  return 0.3 * sharp + 0.3 * frontal + 0.15 * eyes + 0.1 * light + 0.15 * size;
}

/** Indices of the `count` best frames, best first. */
export function selectBestFrames(analyses: readonly FrameAnalysis[], count = 1): number[] {
  return analyses
    .map((a, i) => ({ i, q: frameQualityScore(a) }))
    .filter((x): x is { i: number; q: number } => x.q !== null)
    .sort((x, y) => y.q - x.q)
    .slice(0, count)
    .map((x) => x.i);
}

/** The L2-normalised mean of the primary faces' embeddings of the given frames (frames without one are skipped). */
export function averageEmbedding(
  analyses: readonly FrameAnalysis[],
  indices: readonly number[],
): Float32Array | null {
  let sum: Float32Array | null = null;
  for (const i of indices) {
    const a = analyses[i];
    const e = a && a.primary !== null ? a.faces[a.primary].embedding : undefined;
    if (!e) continue;
    sum ??= new Float32Array(e.length);
    for (let k = 0; k < e.length; k++) sum[k] += e[k];
  }
  return sum ? l2Normalise(sum) : null;
}
