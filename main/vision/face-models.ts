// One call per model of the face pipeline: crop and normalise the input into the model's reused tensor, run it,
// decode the output. Each returns what the model says about one face (or the frame, for the detector); which models
// run on which frame is the engine's and the schedule's business (engine.ts, schedule.ts).
// [Note: channel order] Each model's channel order and normalisation come from models/manifest.json; the choices
// there were measured on ../shared/faces (docs/vision.md), not copied from the package.
import {
  ARCFACE_TEMPLATE,
  binnedAngle,
  decodeDetections,
  eyeRect,
  invertAffine,
  l2Normalise,
  scaledRect,
  shiftedContextRect,
  similarityTransform,
  softmax,
} from './geometry';
import { cropResizeToTensor, laplacianVariance, meanStd, warpAffineToTensor } from './image';
import type { LoadedModels } from './model-loader';
import type { Box, Frame, HeadPose, Point } from './types';

/** The landmark model's answer for one face, with the quality measures of the same 64×64 gray crop. */
export interface LandmarkResult {
  points: Point[];
  brightness: number;
  contrast: number;
  sharpness: number;
}

export class FaceModels {
  /** The last landmark crop in raw luma (0..255), for quality and the tracker's crop check: reused, never per frame. */
  readonly qualityPlane: Float32Array;

  constructor(readonly models: LoadedModels) {
    this.qualityPlane = new Float32Array(models.landmarks.width * models.landmarks.height);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.models).map((m) => m.session.release()));
  }

  /** Face boxes (detector box, not yet squared), score-sorted, after NMS; `minScore` overrides the manifest's. */
  async detect(frame: Frame, minScore?: number): Promise<Box[]> {
    const m = this.models.detect;
    const whole = { x: 0, y: 0, w: frame.width, h: frame.height };
    cropResizeToTensor(frame, whole, m.width, m.height, m.tensorSpec, m.input);
    const out = await m.run();
    return decodeDetections(
      m.output('scores', out),
      m.output('boxes', out),
      frame.width,
      frame.height,
      minScore ?? m.spec.scoreThreshold ?? 0.65,
      m.spec.nmsIou ?? 0.4,
    );
  }

  /** 68 landmarks of the face in `box` (a square box), plus the face crop's luma statistics for quality. */
  async landmarks(frame: Frame, box: Box): Promise<LandmarkResult> {
    const m = this.models.landmarks;
    const rect = { x: box.x1, y: box.y1, w: box.x2 - box.x1, h: box.y2 - box.y1 };
    cropResizeToTensor(frame, rect, m.width, m.height, m.tensorSpec, m.input);
    // Quality from the same 64×64 gray crop (model inputs are read-only, so the crop is still there after the run).
    const scale = m.tensorSpec.std[0];
    const offset = m.tensorSpec.mean[0];
    const raw = this.qualityPlane;
    for (let i = 0; i < raw.length; i++) raw[i] = m.input[i] * scale + offset;
    const { mean, std } = meanStd(raw);
    const sharpness = laplacianVariance(raw, m.width, m.height);
    const out = m.output('points', await m.run());
    const points: Point[] = [];
    for (let i = 0; i + 1 < out.length && points.length < 68; i += 2) {
      points.push([out[i] * rect.w + rect.x, out[i + 1] * rect.h + rect.y]);
    }
    if (points.length < 68) throw new Error('landmark model returned fewer than 68 points');
    return { points, brightness: mean, contrast: std, sharpness };
  }

  /** Probability that the eye is open. */
  async eyeOpen(frame: Frame, points: readonly Point[], eye: 'imageLeft' | 'imageRight'): Promise<number> {
    const m = this.models.eye;
    cropResizeToTensor(frame, eyeRect(points, eye), m.width, m.height, m.tensorSpec, m.input);
    return softmax(m.output('logits', await m.run()))[1]; // index 1 = open
  }

  async pose(frame: Frame, box: Box): Promise<HeadPose> {
    const m = this.models.pose;
    const rect = scaledRect(box, 1.5, frame.width, frame.height);
    cropResizeToTensor(frame, rect, m.width, m.height, m.tensorSpec, m.input);
    const out = await m.run();
    // [Note: yaw sign] The model's yaw grows when the person turns to their right (image left); we negate it so
    // positive yaw = the person turns to their left (image right), as types.ts documents. Tested on mirrored photos.
    return {
      yaw: -binnedAngle(m.output('yaw', out)),
      pitch: binnedAngle(m.output('pitch', out)),
      roll: binnedAngle(m.output('roll', out)),
    };
  }

  /** The passive anti-spoofing model's probability that the face is live. */
  async antiSpoof(frame: Frame, box: Box): Promise<number> {
    const m = this.models.antiSpoof;
    const rect = shiftedContextRect(box, 2.7, frame.width, frame.height);
    cropResizeToTensor(frame, rect, m.width, m.height, m.tensorSpec, m.input);
    return softmax(m.output('logits', await m.run()))[0]; // index 0 = live
  }

  /**
   * L2-normalised embedding of the face whose five points are given: similarity-aligned to the 112×112 template.
   * `flip` also embeds the mirrored face and averages (more stable, twice the cost; used for references).
   */
  async embed(frame: Frame, fivePoints: readonly Point[], flip = false): Promise<Float32Array> {
    const m = this.models.embed;
    const inverse = invertAffine(similarityTransform(fivePoints, ARCFACE_TEMPLATE));
    warpAffineToTensor(frame, inverse, m.width, m.height, m.tensorSpec, m.input);
    const first = m.output('embedding', await m.run()).slice();
    if (!flip) return l2Normalise(first);
    warpAffineToTensor(frame, inverse, m.width, m.height, m.tensorSpec, m.input, true);
    const second = m.output('embedding', await m.run());
    const a = l2Normalise(first);
    const b = l2Normalise(second);
    for (let i = 0; i < a.length; i++) a[i] += b[i];
    return l2Normalise(a);
  }
}
