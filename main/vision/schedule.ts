// Which heavy model a tracked stream's frame spends. [Note: one heavy model per frame]
//
// Three models cost most of a frame: the detector (~3.5 ms at 320×240), the pose model (~6 ms) and anti-spoofing
// (~7 ms); landmarks (twice on a tracked frame) and the two eyes together cost about 1.3 ms. The per-frame budget
// (p95 ≤ 12 ms on 2 cores) holds only when no frame of a followed face pays two of the heavy ones, so they take turns:
// - the detector: the tracker decides (every `detectEvery`-th frame, and at once on loss, jump or a new face);
// - a frame the detector skips runs exactly one of anti-spoofing and the pose model: the one furthest past its
//   period (`antiSpoofEvery`, `poseEvery`), anti-spoofing on a tie. With the defaults 2 / 4 / 4 the frames go
//   detector, anti-spoofing, detector, pose…; without anti-spoofing (the intent step) every such frame runs pose;
// - the pose between its model frames comes from the landmarks (landmark-pose.ts);
// - exceptions, so that a rate is a promise: a model starved for twice its period runs whatever else the frame
//   carries (frequent re-detections must not starve anti-spoofing), a rate of 1 means every frame (pad-eval scores
//   every frame so), and a face without a pose anchor (found on this frame, or not the face followed before) gets
//   the pose model at once: guidance needs a pose on every frame.
// The schedule only counts and decides; the engine runs the models, the tracker follows the face.

export interface ScheduleRates {
  /** Anti-spoofing scores at least every Nth frame of a stream (1 = every frame). */
  antiSpoofEvery: number;
  /** The pose model runs at least every Nth frame; the landmark pose in between (1 = every frame). */
  poseEvery: number;
}

/** What a frame runs besides the detector and the landmarks (which the tracker and the engine decide). */
export interface FramePlan {
  antiSpoof: boolean;
  /** true: the pose model; false: the pose from the landmarks and the last model pose. */
  poseModel: boolean;
}

export class ModelSchedule {
  /** Frames since each model last ran (Infinity: not yet on this stream). */
  private sinceAntiSpoof: number;
  private sincePose = Infinity;

  constructor(private readonly rates: ScheduleRates) {
    // The first frame is a detection; anti-spoofing is due on the next one.
    this.sinceAntiSpoof = rates.antiSpoofEvery - 1;
  }

  /**
   * This frame's plan. `detectedHere`: the detector ran on it; `antiSpoofWanted`: the caller asked for a score;
   * `poseAnchored`: a model pose of this same face exists to carry forward from the landmarks.
   */
  plan(detectedHere: boolean, antiSpoofWanted: boolean, poseAnchored: boolean): FramePlan {
    const { antiSpoofEvery, poseEvery } = this.rates;
    // A rate of 1 runs on every frame, on top of the turns the others take.
    const everyA = antiSpoofWanted && antiSpoofEvery === 1;
    const everyP = poseEvery === 1;
    // How far past its period each model is on this frame, in periods (≥ 0: due; ≥ 1: starved).
    const lateA =
      antiSpoofWanted && !everyA ? (this.sinceAntiSpoof + 1 - antiSpoofEvery) / antiSpoofEvery : -Infinity;
    const lateP = everyP ? -Infinity : (this.sincePose + 1 - poseEvery) / poseEvery;
    let antiSpoof = lateA >= 1;
    let poseModel = !poseAnchored || lateP >= 1;
    if (!detectedHere && !antiSpoof && !poseModel) {
      if (everyA || everyP) {
        // A model on every frame already loads it: the other only when due.
        if (lateP >= 0) poseModel = true;
        else if (lateA >= 0) antiSpoof = true;
      } else if (lateA >= lateP) antiSpoof = true;
      else poseModel = true;
    }
    return { antiSpoof: antiSpoof || everyA, poseModel: poseModel || everyP };
  }

  /** Ends the frame with what ran on it. */
  ran(plan: FramePlan): void {
    this.sinceAntiSpoof = plan.antiSpoof ? 0 : this.sinceAntiSpoof + 1;
    this.sincePose = plan.poseModel ? 0 : this.sincePose + 1;
  }
}
