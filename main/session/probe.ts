// The live side of the match: keeps the few best embeddings seen during capture and liveness (most frontal pose)
// and averages them into one probe — averaging several good frames helps against the low-quality chip photo
// (../shared/specs/models.md). Holds biometric data, so it zeroes whatever it lets go of.
import type { FaceAnalysis } from '../vision/types';

interface Candidate {
  embedding: Float32Array;
  /** Lower is better: how far the head is from frontal, in degrees. */
  offFrontal: number;
}

export class ProbeCollector {
  private candidates: Candidate[] = [];

  constructor(private readonly capacity: number) {}

  /** Offers a face with an embedding; keeps a copy if it is among the best. */
  offer(face: FaceAnalysis): void {
    if (!face.embedding || face.embedding.length === 0) return;
    const offFrontal = Math.abs(face.pose.yaw) + Math.abs(face.pose.pitch);
    this.candidates.push({ embedding: Float32Array.from(face.embedding), offFrontal });
    this.candidates.sort((a, b) => a.offFrontal - b.offFrontal);
    while (this.candidates.length > this.capacity) this.candidates.pop()?.embedding.fill(0);
  }

  get size(): number {
    return this.candidates.length;
  }

  /** The L2-normalised mean of the kept embeddings, or null when none was kept. The caller owns (and wipes) it. */
  probe(): Float32Array | null {
    const first = this.candidates[0];
    if (!first) return null;
    const mean = new Float32Array(first.embedding.length);
    for (const c of this.candidates) for (let i = 0; i < mean.length; i++) mean[i]! += c.embedding[i] ?? 0;
    let norm = 0;
    for (const v of mean) norm += v * v;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < mean.length; i++) mean[i]! /= norm;
    return mean;
  }

  /** Zeroes and drops every kept embedding. */
  wipe(): void {
    for (const c of this.candidates) c.embedding.fill(0);
    this.candidates = [];
  }
}
