// Pure geometry and decoding for the face pipeline: detector post-processing (threshold, score-sorted NMS, square
// boxes), choice of the primary face, 68 → 5 points, mouth opening, the similarity transform onto the 112×112
// ArcFace template, and the softmax/bin decoding of the pose model. No I/O, no models: unit-testable.
import type { Affine, Rect } from './image';
import type { Box, Point } from './types';

/** Standard 112×112 ArcFace five-point template: image-left eye, image-right eye, nose, mouth left, mouth right. */
export const ARCFACE_TEMPLATE: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy NMS in descending score order (the package sorted by the box's bottom edge; that is a bug). */
export function nms(boxes: Box[], iouThreshold: number): Box[] {
  const sorted = [...boxes].sort((p, q) => q.score - p.score);
  const kept: Box[] = [];
  for (const box of sorted) {
    if (kept.every((k) => iou(k, box) <= iouThreshold)) kept.push(box);
  }
  return kept;
}

/**
 * Decodes the detector's outputs (scores N×2 softmaxed, column 1 = face; boxes N×4 corners in 0..1) into frame
 * boxes above `threshold`, then NMS.
 */
export function decodeDetections(
  scores: Float32Array,
  boxes: Float32Array,
  width: number,
  height: number,
  threshold: number,
  iouThreshold: number,
): Box[] {
  const n = Math.min(scores.length / 2, boxes.length / 4);
  const found: Box[] = [];
  for (let i = 0; i < n; i++) {
    const score = scores[2 * i + 1];
    if (!(score >= threshold)) continue;
    const x1 = boxes[4 * i] * width;
    const y1 = boxes[4 * i + 1] * height;
    const x2 = boxes[4 * i + 2] * width;
    const y2 = boxes[4 * i + 3] * height;
    if (!(x2 > x1 && y2 > y1)) continue;
    found.push({ x1, y1, x2, y2, score });
  }
  return nms(found, iouThreshold);
}

/**
 * The landmark model was trained on square face crops: a square of side = box height around the box centre,
 * clipped to the frame (as the package does). Returns null when too little of it is inside the frame.
 */
export function squareBox(box: Box, width: number, height: number): Box | null {
  const cx = (box.x1 + box.x2) / 2;
  const cy = (box.y1 + box.y2) / 2;
  const side = box.y2 - box.y1;
  const x1 = Math.max(0, cx - side / 2);
  const y1 = Math.max(0, cy - side / 2);
  const x2 = Math.min(width, cx + side / 2);
  const y2 = Math.min(height, cy + side / 2);
  if (x2 - x1 < 8 || y2 - y1 < 8) return null;
  return { x1, y1, x2, y2, score: box.score };
}

/** Distance of the box centre from the frame centre as a fraction of the frame diagonal (0 = centred, ≤ 0.5). */
export function centerOffset(box: Box, width: number, height: number): number {
  const dx = (box.x1 + box.x2) / 2 - width / 2;
  const dy = (box.y1 + box.y2) / 2 - height / 2;
  return Math.hypot(dx, dy) / Math.hypot(width, height);
}

/**
 * The face the kiosk cares about: large *and* central. Area alone picks a big face at the edge of a group photo;
 * weighting by (1 − 2·offset) prefers the person standing in front of the camera.
 */
export function primaryIndex(boxes: readonly Box[], width: number, height: number): number | null {
  let best: number | null = null;
  let bestScore = -Infinity;
  boxes.forEach((b, i) => {
    const area = (b.x2 - b.x1) * (b.y2 - b.y1);
    const score = area * Math.max(0.05, 1 - 2 * centerOffset(b, width, height));
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

/** A rectangle scaled about the centre of `box`, then clipped to the frame. */
export function scaledRect(box: Box, scale: number, width: number, height: number): Rect {
  const cx = (box.x1 + box.x2) / 2;
  const cy = (box.y1 + box.y2) / 2;
  const w = (box.x2 - box.x1) * scale;
  const h = (box.y2 - box.y1) * scale;
  const x1 = Math.max(0, cx - w / 2);
  const y1 = Math.max(0, cy - h / 2);
  const x2 = Math.min(width, cx + w / 2);
  const y2 = Math.min(height, cy + h / 2);
  return { x: x1, y: y1, w: Math.max(1, x2 - x1), h: Math.max(1, y2 - y1) };
}

/**
 * The anti-spoofing crop: the box scaled ×2.7 (less if the frame is too small), then shifted — not clipped —
 * inside the frame so the model always sees the same context around the face.
 */
export function shiftedContextRect(box: Box, scale: number, width: number, height: number): Rect {
  const bw = box.x2 - box.x1;
  const bh = box.y2 - box.y1;
  const s = Math.min(scale, width / bw, height / bh);
  const w = bw * s;
  const h = bh * s;
  let x = (box.x1 + box.x2) / 2 - w / 2;
  let y = (box.y1 + box.y2) / 2 - h / 2;
  x = Math.min(Math.max(0, x), width - w);
  y = Math.min(Math.max(0, y), height - h);
  return { x, y, w, h };
}

function mean(points: readonly Point[], indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += points[i][0];
    y += points[i][1];
  }
  return [x / indices.length, y / indices.length];
}

/** iBUG-68 → five points: image-left eye, image-right eye, nose tip, mouth left corner, mouth right corner. */
export function fivePointsFrom68(p: readonly Point[]): Point[] {
  return [mean(p, [37, 38, 40, 41]), mean(p, [43, 44, 46, 47]), p[30], mean(p, [48, 60]), mean(p, [54, 64])];
}

const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Inner-lip opening (mean of the three vertical inner-lip gaps) divided by the mouth width. */
export function mouthOpenRatio(p: readonly Point[]): number {
  const width = dist(p[48], p[54]);
  if (width <= 0) return 0;
  const opening = (dist(p[61], p[67]) + dist(p[62], p[66]) + dist(p[63], p[65])) / 3;
  return opening / width;
}

/** Eye crop for the eye model: centred on the four lid points, side = 1.6 × the corner-to-corner eye width. */
export function eyeRect(p: readonly Point[], eye: 'imageLeft' | 'imageRight'): Rect {
  const [lids, c1, c2] = eye === 'imageLeft' ? [[37, 38, 40, 41], 36, 39] : [[43, 44, 46, 47], 42, 45];
  const [cx, cy] = mean(p, lids);
  const side = Math.max(2, 1.6 * dist(p[c1], p[c2]));
  return { x: cx - side / 2, y: cy - side / 2, w: side, h: side };
}

/**
 * Least-squares similarity transform (rotation, uniform scale, translation — Umeyama without reflection) taking
 * `src` onto `dst`. Returns the forward matrix.
 */
export function similarityTransform(src: readonly Point[], dst: readonly Point[]): Affine {
  const n = src.length;
  let msx = 0;
  let msy = 0;
  let mdx = 0;
  let mdy = 0;
  for (let i = 0; i < n; i++) {
    msx += src[i][0] / n;
    msy += src[i][1] / n;
    mdx += dst[i][0] / n;
    mdy += dst[i][1] / n;
  }
  let sxx = 0;
  let dot = 0;
  let cross = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i][0] - msx;
    const sy = src[i][1] - msy;
    const dx = dst[i][0] - mdx;
    const dy = dst[i][1] - mdy;
    sxx += sx * sx + sy * sy;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
  }
  if (sxx === 0) throw new Error('degenerate points for the similarity transform');
  const a = dot / sxx;
  const b = cross / sxx;
  return [a, -b, mdx - (a * msx - b * msy), b, a, mdy - (b * msx + a * msy)];
}

/** Inverse of a similarity/affine 2×3 matrix. */
export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (det === 0) throw new Error('singular affine matrix');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i] - max));
  const sum = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / sum);
}

/** The pose model's 66 bins of 3° each: angle = Σ softmax(bin)·i × 3 − 99. */
export function binnedAngle(logits: ArrayLike<number>): number {
  const p = softmax(logits);
  let expectation = 0;
  for (let i = 0; i < p.length; i++) expectation += p[i] * i;
  return expectation * 3 - 99;
}

export function l2Normalise(v: Float32Array): Float32Array {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  const norm = Math.sqrt(sq);
  const out = new Float32Array(v.length);
  if (norm === 0) return out;
  for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
  return out;
}
