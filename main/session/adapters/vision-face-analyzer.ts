// FaceAnalyzer backed by main/vision's VisionService (which runs the models in a worker thread).
import type { Frame, FrameAnalysis } from '../../vision/types';
import type { VisionService } from '../../vision/service';
import type { CardPhoto, FaceAnalyzer } from '../ports';

export class VisionFaceAnalyzer implements FaceAnalyzer {
  constructor(private readonly vision: VisionService) {}

  analyze(
    frame: Frame,
    options: { embed: boolean | 'when-detected'; antiSpoof: boolean; stream?: string },
  ): Promise<FrameAnalysis> {
    return this.vision.analyze(frame, options);
  }

  async embedReference(photo: CardPhoto): Promise<Float32Array> {
    const reference = await this.vision.embedReference({ ...photo, timestampMs: 0 });
    // Only the embedding is kept (by the session, wiped with it); the face's own copy goes now.
    if (reference.face.embedding && reference.face.embedding !== reference.embedding)
      reference.face.embedding.fill(0);
    return reference.embedding;
  }
}
