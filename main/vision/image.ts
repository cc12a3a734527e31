// Pixel work for the models: crop + bilinear resize (or affine warp) of a frame straight into a planar float tensor
// with the model's channel order and normalisation, in one pass and without per-pixel allocations.
// Half of the per-frame time in a naive pipeline is this code, so it writes into caller-owned buffers.
import type { ChannelOrder } from './manifest';
import type { Frame } from './types';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * How to turn pixels into model input. `mean`/`std` are per output plane, in the plane order `order` gives
 * (RGB: plane 0 is red; BGR: plane 0 is blue; GRAY: one plane of luma).
 */
export interface TensorSpec {
  order: ChannelOrder;
  mean: readonly number[];
  std: readonly number[];
}

/** Planes the spec produces. */
export function planesOf(spec: TensorSpec): number {
  return spec.order === 'GRAY' ? 1 : 3;
}

// ITU-R BT.601 luma weights: what "gray" means for the gray models (not the package's swapped BGR weights).
const LR = 0.299;
const LG = 0.587;
const LB = 0.114;

interface PlaneWriter {
  /** Writes pixel (r,g,b) at plane offset i. */
  (out: Float32Array, i: number, r: number, g: number, b: number): void;
}

function writerFor(spec: TensorSpec, planeSize: number): PlaneWriter {
  const {
    mean: [m0, m1, m2],
    inv: [k0, k1, k2],
  } = planeCoefficients(spec);
  const p1 = planeSize;
  const p2 = 2 * planeSize;
  switch (spec.order) {
    case 'GRAY':
      return (out, i, r, g, b) => {
        out[i] = (LR * r + LG * g + LB * b - m0) * k0;
      };
    case 'RGB':
      return (out, i, r, g, b) => {
        out[i] = (r - m0) * k0;
        out[i + p1] = (g - m1) * k1;
        out[i + p2] = (b - m2) * k2;
      };
    case 'BGR':
      return (out, i, r, g, b) => {
        out[i] = (b - m0) * k0;
        out[i + p1] = (g - m1) * k1;
        out[i + p2] = (r - m2) * k2;
      };
  }
}

/** The size of one outW×outH plane; throws when `out` cannot hold every plane of `spec`. */
function checkedPlaneSize(out: Float32Array, outW: number, outH: number, spec: TensorSpec): number {
  const planeSize = outW * outH;
  if (out.length < planeSize * planesOf(spec)) throw new Error('tensor buffer too small');
  return planeSize;
}

/** Per-plane source channel (0 = R, 1 = G, 2 = B) and normalisation, hoisted out of the pixel loops. */
function planeCoefficients(spec: TensorSpec) {
  const src = spec.order === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const mean = [0, 1, 2].map((i) => spec.mean[i] ?? spec.mean[0] ?? 0);
  const inv = [0, 1, 2].map((i) => 1 / (spec.std[i] ?? spec.std[0] ?? 1));
  return { src, mean, inv };
}

/**
 * Samples `rect` (frame pixels; may be fractional) into an outW×outH planar tensor with bilinear interpolation.
 * Samples beyond the frame edge repeat the edge pixel. `flip` mirrors the output horizontally.
 * [Note: hot loop] This runs on every frame for five models; no closures or allocations per pixel.
 */
export function cropResizeToTensor(
  frame: Frame,
  rect: Rect,
  outW: number,
  outH: number,
  spec: TensorSpec,
  out: Float32Array,
  flip = false,
): Float32Array {
  const { width: W, height: H, channels: C, data } = frame;
  const planeSize = checkedPlaneSize(out, outW, outH, spec);
  const gray = spec.order === 'GRAY';
  const { src, mean, inv } = planeCoefficients(spec);
  const [s0, s1, s2] = src;
  const [m0, m1, m2] = mean;
  const [k0, k1, k2] = inv;
  const p1 = planeSize;
  const p2 = 2 * planeSize;
  const sx = rect.w / outW;
  const sy = rect.h / outH;
  // Fast path: the renderer already sends frames at the detector's input size, so it is a plain copy.
  if (sx === 1 && sy === 1 && rect.x === 0 && rect.y === 0 && !gray && !flip && outW <= W && outH <= H) {
    for (let oy = 0; oy < outH; oy++) {
      let j = oy * W * C;
      const rowOut = oy * outW;
      for (let ox = 0; ox < outW; ox++, j += C) {
        const i = rowOut + ox;
        out[i] = (data[j + s0] - m0) * k0;
        out[i + p1] = (data[j + s1] - m1) * k1;
        out[i + p2] = (data[j + s2] - m2) * k2;
      }
    }
    return out;
  }
  // Per-column source indices and weights, computed once per call rather than per pixel.
  const x0s = new Int32Array(outW);
  const x1s = new Int32Array(outW);
  const wxs = new Float32Array(outW);
  for (let ox = 0; ox < outW; ox++) {
    const fx = Math.min(Math.max(rect.x + (ox + 0.5) * sx - 0.5, 0), W - 1);
    const x0 = Math.floor(fx);
    x0s[ox] = x0 * C;
    x1s[ox] = Math.min(x0 + 1, W - 1) * C;
    wxs[ox] = fx - x0;
  }
  for (let oy = 0; oy < outH; oy++) {
    const fy = Math.min(Math.max(rect.y + (oy + 0.5) * sy - 0.5, 0), H - 1);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const row0 = y0 * W * C;
    const row1 = Math.min(y0 + 1, H - 1) * W * C;
    const rowOut = oy * outW;
    for (let ox = 0; ox < outW; ox++) {
      const a = row0 + x0s[ox];
      const b = row0 + x1s[ox];
      const c = row1 + x0s[ox];
      const d = row1 + x1s[ox];
      const wx = wxs[ox];
      const w00 = (1 - wx) * (1 - wy);
      const w01 = wx * (1 - wy);
      const w10 = (1 - wx) * wy;
      const w11 = wx * wy;
      const i = rowOut + (flip ? outW - 1 - ox : ox);
      if (gray) {
        const r = data[a] * w00 + data[b] * w01 + data[c] * w10 + data[d] * w11;
        const g = data[a + 1] * w00 + data[b + 1] * w01 + data[c + 1] * w10 + data[d + 1] * w11;
        const bl = data[a + 2] * w00 + data[b + 2] * w01 + data[c + 2] * w10 + data[d + 2] * w11;
        out[i] = (LR * r + LG * g + LB * bl - m0) * k0;
      } else {
        out[i] =
          (data[a + s0] * w00 + data[b + s0] * w01 + data[c + s0] * w10 + data[d + s0] * w11 - m0) * k0;
        out[i + p1] =
          (data[a + s1] * w00 + data[b + s1] * w01 + data[c + s1] * w10 + data[d + s1] * w11 - m1) * k1;
        out[i + p2] =
          (data[a + s2] * w00 + data[b + s2] * w01 + data[c + s2] * w10 + data[d + s2] * w11 - m2) * k2;
      }
    }
  }
  return out;
}

/** 2×3 affine matrix [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine = readonly [number, number, number, number, number, number];

/**
 * Warps the frame into an outW×outH tensor; `inverse` maps output pixel coordinates to frame coordinates.
 * Outside the frame is black (the ArcFace-style border), bilinear inside.
 */
export function warpAffineToTensor(
  frame: Frame,
  inverse: Affine,
  outW: number,
  outH: number,
  spec: TensorSpec,
  out: Float32Array,
  flip = false,
): Float32Array {
  const { width: W, height: H, channels: C, data } = frame;
  const planeSize = checkedPlaneSize(out, outW, outH, spec);
  const write = writerFor(spec, planeSize);
  const [a, b, c, d, e, f] = inverse;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const fx = a * ox + b * oy + c;
      const fy = d * ox + e * oy + f;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const wx = fx - x0;
      const wy = fy - y0;
      let r = 0;
      let g = 0;
      let bl = 0;
      // Four neighbours; any outside the frame contributes black.
      for (let k = 0; k < 4; k++) {
        const x = x0 + (k & 1);
        const y = y0 + (k >> 1);
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        const w = (k & 1 ? wx : 1 - wx) * (k >> 1 ? wy : 1 - wy);
        const i = (y * W + x) * C;
        r += data[i] * w;
        g += data[i + 1] * w;
        bl += data[i + 2] * w;
      }
      write(out, oy * outW + (flip ? outW - 1 - ox : ox), r, g, bl);
    }
  }
  return out;
}

/** Mean and standard deviation of a plane of raw values (0..255). */
export function meanStd(values: Float32Array, length = values.length): { mean: number; std: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < length; i++) {
    sum += values[i];
    sq += values[i] * values[i];
  }
  const mean = sum / length;
  return { mean, std: Math.sqrt(Math.max(0, sq / length - mean * mean)) };
}

/** Variance of the 4-neighbour Laplacian over a w×h plane (a standard focus measure; higher = sharper). */
export function laplacianVariance(plane: Float32Array, w: number, h: number): number {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = plane[i - 1] + plane[i + 1] + plane[i - w] + plane[i + w] - 4 * plane[i];
      sum += v;
      sq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sq / n - mean * mean;
}
