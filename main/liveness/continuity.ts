// The same person through the whole check: the face must not be swapped between challenges (embedding
// continuity against a reference built from the first frames) and must not jump (a cut between two videos or
// two people moves the box further in one frame than a head can move).
import type { Box, FaceAnalysis } from '../vision/types';

export type ContinuityFailure = 'LIVENESS_FACE_CHANGED';

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return Number.NaN;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

function centre(b: Box): [number, number] {
  return [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2];
}

export class FaceContinuity {
  private reference: Float32Array | null = null;
  private readonly collected: Float32Array[] = [];
  private lastBox: Box | null = null;
  /** Lowest similarity to the reference seen so far (for the result and for calibration). */
  minSimilarity: number | null = null;

  constructor(
    private readonly options: {
      sameFaceMinSimilarity: number;
      referenceEmbeddings: number;
      maxBoxJump: number;
    },
  ) {}

  /** Checks one frame's primary face; returns a failure or null. */
  check(face: FaceAnalysis): ContinuityFailure | null {
    const box = face.box;
    if (this.lastBox) {
      const [x0, y0] = centre(this.lastBox);
      const [x1, y1] = centre(box);
      const h = Math.max(1, this.lastBox.y2 - this.lastBox.y1);
      if (Math.hypot(x1 - x0, y1 - y0) / h > this.options.maxBoxJump) return 'LIVENESS_FACE_CHANGED';
    }
    this.lastBox = box;
    const e = face.embedding;
    if (!e) return null;
    if (!this.reference) {
      this.collected.push(e);
      if (this.collected.length >= this.options.referenceEmbeddings)
        this.reference = meanEmbedding(this.collected);
      return null;
    }
    const sim = cosine(this.reference, e);
    if (!Number.isFinite(sim)) return 'LIVENESS_FACE_CHANGED';
    this.minSimilarity = this.minSimilarity === null ? sim : Math.min(this.minSimilarity, sim);
    return sim < this.options.sameFaceMinSimilarity ? 'LIVENESS_FACE_CHANGED' : null;
  }

  /** The face was lost: the next face may appear anywhere, the embedding check still applies. */
  lost(): void {
    this.lastBox = null;
  }
}

function meanEmbedding(list: readonly Float32Array[]): Float32Array {
  const first = list[0] as Float32Array;
  const out = new Float32Array(first.length);
  for (const e of list) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (e[i] as number);
  return out;
}
