// The per-frame face analysis inside the vision worker (never on the main thread) and, for the benchmark, in the
// bench process with onnxruntime-node or onnxruntime-web. A photo or a frame without a stream takes the full path:
// detect → landmarks → eyes, pose, anti-spoofing (→ embedding) on every face asked for. A camera stream's frames
// are tracked between detections (tracker.ts) and spend the heavy models as the schedule says.
// Model loading: model-loader.ts; one call per model: face-models.ts; the runtime's API: ort.ts.
import type { HexinError } from '../../common/errors';
import { faceOf, checkFrame } from './face-record';
import { FaceModels, type LandmarkResult } from './face-models';
import { primaryIndex, squareBox } from './geometry';
import { DEFAULT_GUIDANCE, guidanceFor, type GuidanceThresholds } from './guidance';
import { loadModels, type ModelStatus } from './model-loader';
import type { OrtRuntime, SessionThreading } from './ort';
import type { FramePlan } from './schedule';
import { FaceTracker, type TrackingOptions, type TrackingStats } from './tracker';
import type { Box, FaceAnalysis, Frame, FrameAnalysis, Point } from './types';

export type { OrtRuntime, OrtSession, OrtTensor } from './ort';
export type { ModelStatus } from './model-loader';
export { checkFrame } from './face-record';

export interface EngineOptions extends SessionThreading {
  modelsDir?: string;
  guidance?: Partial<GuidanceThresholds>;
  /** How frames of a stream are tracked between detections (main/vision/tracker.ts). */
  tracking?: Partial<TrackingOptions>;
}

export interface AnalyzeOptions {
  /**
   * Compute the 512-d embedding of the primary face (alignment + embedding model, ~12 ms): true on every frame;
   * 'when-detected' on a stream only on the frames the detector ran on (every other frame, and at once whenever the
   * tracker could not vouch that the face is the one followed: a new face, a jump, a changed crop), so a face cannot
   * be swapped between two embeddings without the frame of the swap being embedded. Without a stream, every frame.
   */
  embed?: boolean | 'when-detected';
  /** Run the passive anti-spoofing model on the primary face (~5 ms). */
  antiSpoof?: boolean;
  /** Run eyes/pose/anti-spoof/embedding on every face rather than only the primary one (the CLI's `analyze`). */
  allFaces?: boolean;
  /** At most this many faces (largest first) get landmarks; protects the frame time in a crowd. */
  maxFaces?: number;
  /**
   * The frame is the next of this camera stream (e.g. the session id): the face may be tracked between detections
   * and anti-spoofing scored on some frames only (main/vision/tracker.ts). Without it every frame takes the full
   * path (photos, references, pad-eval's stills). Ignored with `allFaces`.
   */
  stream?: string;
}

export type StageName = 'detect' | 'landmarks' | 'eyes' | 'pose' | 'antiSpoof' | 'embed';
export type StageObserver = (stage: StageName, ms: number) => void;

type Timed = <T>(stage: StageName, f: () => Promise<T>) => Promise<T>;

export class VisionEngine {
  private readonly guidance: GuidanceThresholds;
  /** Follows the face across the frames of a stream (AnalyzeOptions.stream). */
  readonly tracker: FaceTracker;

  private constructor(
    private readonly models: FaceModels,
    readonly status: ModelStatus[],
    guidance: Partial<GuidanceThresholds> | undefined,
    tracking: Partial<TrackingOptions> | undefined,
  ) {
    this.guidance = { ...DEFAULT_GUIDANCE, ...guidance };
    this.tracker = new FaceTracker(tracking, models.qualityPlane.length);
  }

  /**
   * Verifies every model against the manifest and creates its session once. Always returns the per-model status;
   * `engine` is null when any model failed (the staff health panel shows which and why).
   */
  static async load(
    ort: OrtRuntime,
    options: EngineOptions = {},
  ): Promise<{ engine: VisionEngine | null; status: ModelStatus[]; error: HexinError | null }> {
    const { models, status, error } = await loadModels(ort, options);
    if (!models) return { engine: null, status, error };
    const engine = new VisionEngine(new FaceModels(models), status, options.guidance, options.tracking);
    return { engine, status, error: null };
  }

  /** What tracking spared since the last call: frames, detector runs, re-detections, anti-spoofing runs. */
  trackingStats(): TrackingStats {
    return this.tracker.takeStats();
  }

  async close(): Promise<void> {
    await this.models.close();
  }

  /**
   * Face boxes (detector box, not yet squared), score-sorted, after NMS. `minScore` overrides the manifest's
   * threshold (the reference path looks for weaker faces where the ID layout says the face is).
   */
  async detect(frame: Frame, minScore?: number): Promise<Box[]> {
    checkFrame(frame);
    return this.models.detect(frame, minScore);
  }

  /**
   * L2-normalised embedding of the face whose five points are given: similarity-aligned to the 112×112 template.
   * `flip` also embeds the mirrored face and averages (more stable, twice the cost; used for references).
   */
  async embed(frame: Frame, fivePoints: readonly Point[], flip = false): Promise<Float32Array> {
    checkFrame(frame);
    return this.models.embed(frame, fivePoints, flip);
  }

  /**
   * Landmarks and quality of the face in `box` (a detector box, squared here), without eyes, pose or
   * anti-spoofing (NaN): what a reference photo needs before alignment. Null when the box is off the frame.
   */
  async faceAt(frame: Frame, box: Box): Promise<FaceAnalysis | null> {
    checkFrame(frame);
    const square = squareBox(box, frame.width, frame.height);
    if (!square) return null;
    return faceOf(square, await this.models.landmarks(frame, square), frame.width, frame.height);
  }

  /**
   * The whole per-frame analysis. `observe` receives each stage's time (pre + model + post) for the benchmark.
   * With `options.stream` the face is tracked between detections ([Note: tracked analysis] in tracker.ts).
   */
  async analyze(frame: Frame, options: AnalyzeOptions = {}, observe?: StageObserver): Promise<FrameAnalysis> {
    checkFrame(frame);
    const timed: Timed = async (stage, f) => {
      if (!observe) return f();
      const t0 = performance.now();
      const v = await f();
      observe(stage, performance.now() - t0);
      return v;
    };
    if (options.stream === undefined || options.allFaces === true)
      return this.analyzeDetected(frame, options, timed);
    const box = this.tracker.begin(options.stream, frame);
    const tracked = box ? await this.analyzeTracked(frame, box, options, timed) : null;
    return tracked ?? this.analyzeDetected(frame, options, timed, this.tracker);
  }

  /** A stream frame without the detector: the face in the box the previous landmarks give, if it is still there. */
  private async analyzeTracked(
    frame: Frame,
    box: Box,
    options: AnalyzeOptions,
    timed: Timed,
  ): Promise<FrameAnalysis | null> {
    const first = await timed('landmarks', () => this.models.landmarks(frame, box));
    const at = this.tracker.follow(box, first.points);
    if (!at) return null;
    // Measured again where the first landmarks put the face: the crop a detector box would have given, so the
    // mouth and the pose crop follow the face as on a detection frame (0.2 ms), and the crop check compares like
    // with like.
    const lm: LandmarkResult = await timed('landmarks', () => this.models.landmarks(frame, at));
    if (!this.tracker.accept(lm.points, this.models.qualityPlane, lm.brightness, lm.contrast)) return null;
    const face = faceOf(at, lm, frame.width, frame.height);
    // The tracker vouches for the face on this frame: 'when-detected' leaves the embedding to the detection frames.
    const embed = options.embed === true;
    const plan = this.tracker.plan(options.antiSpoof === true);
    const ran = await this.completeFace(frame, face, { ...options, embed }, plan, timed);
    this.tracker.end(ran, face);
    return this.result(frame, [face], 0);
  }

  /** The detector's faces, each with landmarks; the primary (or every face with allFaces) with the other models. */
  private async analyzeDetected(
    frame: Frame,
    options: AnalyzeOptions,
    timed: Timed,
    tracker?: FaceTracker,
  ): Promise<FrameAnalysis> {
    const { width, height } = frame;
    const detections = await timed('detect', () => this.models.detect(frame));
    const squares = detections
      .map((b) => squareBox(b, width, height))
      .filter((b): b is Box => b !== null)
      .slice(0, options.maxFaces ?? 8);
    const primary = primaryIndex(squares, width, height);
    const faces: FaceAnalysis[] = [];
    for (const box of squares) {
      const lm = await timed('landmarks', () => this.models.landmarks(frame, box));
      faces.push(faceOf(box, lm, width, height));
    }
    // The crop buffer holds the last face's crop: the primary's when it is the only face, the one case tracked.
    if (tracker) {
      const p = primary === null ? null : faces[primary];
      tracker.detected(
        squares,
        p && faces.length === 1
          ? {
              box: p.box,
              points: p.landmarks,
              luma: this.models.qualityPlane,
              mean: p.quality.brightness,
              std: p.quality.contrast,
            }
          : null,
      );
    }
    const plan: FramePlan = tracker
      ? tracker.plan(options.antiSpoof === true)
      : { antiSpoof: options.antiSpoof === true, poseModel: true };
    let ran: FramePlan = { antiSpoof: false, poseModel: false };
    for (let i = 0; i < faces.length; i++) {
      if (options.allFaces === true || i === primary)
        ran = await this.completeFace(frame, faces[i], options, plan, timed);
    }
    tracker?.end(ran, primary === null ? null : faces[primary]);
    return this.result(frame, faces, primary);
  }

  /**
   * Eyes, pose (the model's, or from the landmarks between model frames as `plan` says) and, as asked and planned,
   * anti-spoofing and the embedding of one face. Returns what ran.
   */
  private async completeFace(
    frame: Frame,
    face: FaceAnalysis,
    options: AnalyzeOptions,
    plan: FramePlan,
    timed: Timed,
  ): Promise<FramePlan> {
    const { box, landmarks } = face;
    // "left" = the person's left eye = image right (types.ts).
    face.eyes = await timed('eyes', async () => ({
      left: await this.models.eyeOpen(frame, landmarks, 'imageRight'),
      right: await this.models.eyeOpen(frame, landmarks, 'imageLeft'),
    }));
    const between = plan.poseModel ? null : this.tracker.poseBetween(landmarks);
    face.pose = between ?? (await timed('pose', () => this.models.pose(frame, box)));
    if (plan.antiSpoof) face.live = await timed('antiSpoof', () => this.models.antiSpoof(frame, box));
    if (options.embed === true || options.embed === 'when-detected')
      face.embedding = await timed('embed', () => this.models.embed(frame, face.fivePoints));
    return { antiSpoof: plan.antiSpoof, poseModel: between === null };
  }

  private result(frame: Frame, faces: FaceAnalysis[], primary: number | null): FrameAnalysis {
    return {
      width: frame.width,
      height: frame.height,
      timestampMs: frame.timestampMs,
      faces,
      primary,
      guidance: guidanceFor(faces, primary, this.guidance),
    };
  }
}
