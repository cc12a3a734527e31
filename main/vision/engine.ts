// The face pipeline over ONNX sessions: detect → landmarks → eyes, pose, anti-spoofing → alignment → embedding.
// It runs inside the vision worker (never on the main thread) and, for the benchmark, in the bench process with
// either onnxruntime-node or onnxruntime-web: both expose the same API, captured by `OrtRuntime` below.
// [Note: channel order] Each model's channel order and normalisation come from models/manifest.json; the choices
// there were measured on ../shared/faces (docs/vision.md), not copied from the package.
import { HexinError } from '../../common/errors';
import {
  decodeDetections,
  eyeRect,
  fivePointsFrom68,
  mouthOpenRatio,
  primaryIndex,
  scaledRect,
} from './geometry';
import {
  binnedAngle,
  centerOffset,
  shiftedContextRect,
  similarityTransform,
  invertAffine,
  softmax,
} from './geometry';
import { squareBox, l2Normalise, ARCFACE_TEMPLATE } from './geometry';
import { DEFAULT_GUIDANCE, guidanceFor, type GuidanceThresholds } from './guidance';
import { cropResizeToTensor, laplacianVariance, meanStd, warpAffineToTensor, type TensorSpec } from './image';
import {
  loadManifest,
  readVerifiedModel,
  VISION_MODELS,
  type ModelSpec,
  type VisionModelName,
} from './manifest';
import { FaceTracker, type TrackingOptions, type TrackingStats } from './tracker';
import type { Box, FaceAnalysis, Frame, FrameAnalysis, Point } from './types';

/** The slice of onnxruntime's API the pipeline uses; onnxruntime-node and onnxruntime-web both satisfy it. */
export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
export interface OrtRuntime {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
}

export interface EngineOptions {
  modelsDir?: string;
  /** Threads per session. 1 by default: six sessions with spinning thread pools starve the JS thread (models.md). */
  intraOpThreads?: number;
  interOpThreads?: number;
  /** Execution providers; default onnxruntime's CPU ('cpu' for node, 'wasm' for web). */
  executionProviders?: string[];
  guidance?: Partial<GuidanceThresholds>;
  /** How frames of a stream are tracked between detections (main/vision/tracker.ts). */
  tracking?: Partial<TrackingOptions>;
}

export interface ModelStatus {
  name: VisionModelName;
  file: string;
  ok: boolean;
  loadMs?: number;
  error?: { code: string; message: string };
}

export interface AnalyzeOptions {
  /** Compute the 512-d embedding of the primary face (alignment + embedding model, ~7 ms). */
  embed?: boolean;
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

interface LoadedModel {
  spec: ModelSpec;
  session: OrtSession;
  tensorSpec: TensorSpec;
  /** Reused input buffer: no per-frame allocation of model inputs. */
  input: Float32Array;
  width: number;
  height: number;
}

function toFloat32(t: OrtTensor | undefined, what: string): Float32Array {
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`model output ${what} is not float32`);
  return t.data;
}

export class VisionEngine {
  private readonly guidance: GuidanceThresholds;
  /** The landmark crop in raw luma (0..255) for the quality measures: reused, not allocated per face per frame. */
  private readonly qualityPlane: Float32Array;
  /** Follows the face across the frames of a stream (AnalyzeOptions.stream). */
  readonly tracker: FaceTracker;

  private constructor(
    private readonly ort: OrtRuntime,
    private readonly models: Record<VisionModelName, LoadedModel>,
    readonly status: ModelStatus[],
    guidance: Partial<GuidanceThresholds> | undefined,
    tracking: Partial<TrackingOptions> | undefined,
  ) {
    this.guidance = { ...DEFAULT_GUIDANCE, ...guidance };
    const cropSize = models.landmarks.width * models.landmarks.height;
    this.qualityPlane = new Float32Array(cropSize);
    this.tracker = new FaceTracker(tracking, cropSize);
  }

  /** What tracking spared since the last call: frames, detector runs, re-detections, anti-spoofing runs. */
  trackingStats(): TrackingStats {
    return this.tracker.takeStats();
  }

  /**
   * Verifies every model against the manifest and creates its session once. Always returns the per-model status;
   * `engine` is null when any model failed (the staff health panel shows which and why).
   */
  static async load(
    ort: OrtRuntime,
    options: EngineOptions = {},
  ): Promise<{ engine: VisionEngine | null; status: ModelStatus[]; error: HexinError | null }> {
    const manifest = await loadManifest(options.modelsDir);
    const sessionOptions: Record<string, unknown> = {
      intraOpNumThreads: options.intraOpThreads ?? 1,
      interOpNumThreads: options.interOpThreads ?? 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // With more than one intra-op thread, spinning workers steal the JS thread's core (models.md).
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
    };
    const status: ModelStatus[] = [];
    const loaded: Partial<Record<VisionModelName, LoadedModel>> = {};
    let firstError: HexinError | null = null;
    for (const name of VISION_MODELS) {
      const spec = manifest.models[name];
      const started = performance.now();
      try {
        const bytes = await readVerifiedModel(manifest.dir, spec);
        const session = await ort.InferenceSession.create(bytes, sessionOptions);
        const shape = spec.input.shape;
        const [height, width] = [shape[shape.length - 2], shape[shape.length - 1]];
        const size = shape.reduce((a, b) => a * b, 1);
        const model: LoadedModel = {
          spec,
          session,
          tensorSpec: {
            order: spec.channelOrder,
            mean: spec.normalisation.mean,
            std: spec.normalisation.std,
          },
          input: new Float32Array(size),
          width,
          height,
        };
        // One warm-up run so the first real frame does not pay for lazy kernel initialisation.
        await session.run({ [spec.input.name]: new ort.Tensor('float32', model.input, shape) });
        loaded[name] = model;
        status.push({ name, file: spec.file, ok: true, loadMs: performance.now() - started });
      } catch (e) {
        const error =
          e instanceof HexinError
            ? e
            : new HexinError(
                'MODEL_LOAD',
                `model ${spec.file} could not be loaded: ${(e as Error).message}`,
                {
                  file: spec.file,
                },
              );
        firstError ??= error;
        status.push({ name, file: spec.file, ok: false, error: error.toInfo() });
      }
    }
    if (firstError) {
      await Promise.all(Object.values(loaded).map((m) => m.session.release()));
      return { engine: null, status, error: firstError };
    }
    const engine = new VisionEngine(
      ort,
      loaded as Record<VisionModelName, LoadedModel>,
      status,
      options.guidance,
      options.tracking,
    );
    return { engine, status, error: null };
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.models).map((m) => m.session.release()));
  }

  private async run(name: VisionModelName): Promise<Record<string, OrtTensor>> {
    const m = this.models[name];
    return m.session.run({
      [m.spec.input.name]: new this.ort.Tensor('float32', m.input, m.spec.input.shape),
    });
  }

  private output(name: VisionModelName, key: string, result: Record<string, OrtTensor>): Float32Array {
    const outName = this.models[name].spec.outputs[key] ?? key;
    return toFloat32(result[outName], `${name}.${outName}`);
  }

  /**
   * Face boxes (detector box, not yet squared), score-sorted, after NMS. `minScore` overrides the manifest's
   * threshold (the reference path looks for weaker faces where the ID layout says the face is).
   */
  async detect(frame: Frame, minScore?: number): Promise<Box[]> {
    checkFrame(frame);
    const m = this.models.detect;
    cropResizeToTensor(
      frame,
      { x: 0, y: 0, w: frame.width, h: frame.height },
      m.width,
      m.height,
      m.tensorSpec,
      m.input,
    );
    const out = await this.run('detect');
    return decodeDetections(
      this.output('detect', 'scores', out),
      this.output('detect', 'boxes', out),
      frame.width,
      frame.height,
      minScore ?? m.spec.scoreThreshold ?? 0.65,
      m.spec.nmsIou ?? 0.4,
    );
  }

  /** 68 landmarks of the face in `box` (a square box), plus the face crop's luma statistics for quality. */
  private async landmarks(frame: Frame, box: Box): Promise<LandmarkResult> {
    const m = this.models.landmarks;
    const rect = { x: box.x1, y: box.y1, w: box.x2 - box.x1, h: box.y2 - box.y1 };
    cropResizeToTensor(frame, rect, m.width, m.height, m.tensorSpec, m.input);
    // Quality from the same 64×64 gray crop, before the model call overwrites nothing (inputs are read-only).
    const scale = m.tensorSpec.std[0];
    const offset = m.tensorSpec.mean[0];
    const raw = this.qualityPlane;
    for (let i = 0; i < raw.length; i++) raw[i] = m.input[i] * scale + offset;
    const { mean, std } = meanStd(raw);
    const sharpness = laplacianVariance(raw, m.width, m.height);
    const out = this.output('landmarks', 'points', await this.run('landmarks'));
    const points: Point[] = [];
    for (let i = 0; i + 1 < out.length && points.length < 68; i += 2) {
      points.push([out[i] * rect.w + rect.x, out[i + 1] * rect.h + rect.y]);
    }
    if (points.length < 68) throw new Error('landmark model returned fewer than 68 points');
    return { points, brightness: mean, contrast: std, sharpness };
  }

  private async eyeOpen(
    frame: Frame,
    points: readonly Point[],
    eye: 'imageLeft' | 'imageRight',
  ): Promise<number> {
    const m = this.models.eye;
    cropResizeToTensor(frame, eyeRect(points, eye), m.width, m.height, m.tensorSpec, m.input);
    const logits = this.output('eye', 'logits', await this.run('eye'));
    return softmax(logits)[1]; // index 1 = open
  }

  private async pose(frame: Frame, box: Box) {
    const m = this.models.pose;
    cropResizeToTensor(
      frame,
      scaledRect(box, 1.5, frame.width, frame.height),
      m.width,
      m.height,
      m.tensorSpec,
      m.input,
    );
    const out = await this.run('pose');
    // [Note: yaw sign] The model's yaw grows when the person turns to their right (image left); we negate it so
    // positive yaw = the person turns to their left (image right), as types.ts documents. Tested on mirrored photos.
    return {
      yaw: -binnedAngle(this.output('pose', 'yaw', out)),
      pitch: binnedAngle(this.output('pose', 'pitch', out)),
      roll: binnedAngle(this.output('pose', 'roll', out)),
    };
  }

  private async liveness(frame: Frame, box: Box): Promise<number> {
    const m = this.models.antiSpoof;
    cropResizeToTensor(
      frame,
      shiftedContextRect(box, 2.7, frame.width, frame.height),
      m.width,
      m.height,
      m.tensorSpec,
      m.input,
    );
    const logits = this.output('antiSpoof', 'logits', await this.run('antiSpoof'));
    return softmax(logits)[0]; // index 0 = live
  }

  /**
   * L2-normalised embedding of the face whose five points are given: similarity-aligned to the 112×112 template.
   * `flip` also embeds the mirrored face and averages (more stable, twice the cost; used for references).
   */
  async embed(frame: Frame, fivePoints: readonly Point[], flip = false): Promise<Float32Array> {
    checkFrame(frame);
    const m = this.models.embed;
    const inverse = invertAffine(similarityTransform(fivePoints, ARCFACE_TEMPLATE));
    warpAffineToTensor(frame, inverse, m.width, m.height, m.tensorSpec, m.input);
    const first = this.output('embed', 'embedding', await this.run('embed')).slice();
    if (!flip) return l2Normalise(first);
    warpAffineToTensor(frame, inverse, m.width, m.height, m.tensorSpec, m.input, true);
    const second = this.output('embed', 'embedding', await this.run('embed'));
    const a = l2Normalise(first);
    const b = l2Normalise(second);
    for (let i = 0; i < a.length; i++) a[i] += b[i];
    return l2Normalise(a);
  }

  /**
   * Landmarks and quality of the face in `box` (a detector box, squared here), without eyes, pose or
   * anti-spoofing (NaN): what a reference photo needs before alignment. Null when the box is off the frame.
   */
  async faceAt(frame: Frame, box: Box): Promise<FaceAnalysis | null> {
    checkFrame(frame);
    const square = squareBox(box, frame.width, frame.height);
    if (!square) return null;
    return faceOf(square, await this.landmarks(frame, square), frame.width, frame.height);
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
    const first = await timed('landmarks', () => this.landmarks(frame, box));
    const at = this.tracker.follow(box, first.points);
    if (!at) return null;
    // Measured again where the first landmarks put the face: the crop a detector box would have given, so the
    // mouth and the pose crop follow the face as on a detection frame (0.2 ms), and the crop check compares like
    // with like.
    const lm = await timed('landmarks', () => this.landmarks(frame, at));
    if (!this.tracker.accept(lm.points, this.qualityPlane, lm.brightness, lm.contrast)) return null;
    const face = faceOf(at, lm, frame.width, frame.height);
    const antiSpoof = options.antiSpoof === true && this.tracker.antiSpoofDue(false);
    await this.completeFace(frame, face, { ...options, antiSpoof }, timed);
    this.tracker.end(antiSpoof);
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
    const detections = await timed('detect', () => this.detect(frame));
    const squares = detections
      .map((b) => squareBox(b, width, height))
      .filter((b): b is Box => b !== null)
      .slice(0, options.maxFaces ?? 8);
    const primary = primaryIndex(squares, width, height);
    const antiSpoof = options.antiSpoof === true && (tracker ? tracker.antiSpoofDue(true) : true);
    const faces: FaceAnalysis[] = [];
    let primaryCrop: { mean: number; std: number } | null = null;
    for (let i = 0; i < squares.length; i++) {
      const box = squares[i];
      const lm = await timed('landmarks', () => this.landmarks(frame, box));
      if (i === primary) primaryCrop = { mean: lm.brightness, std: lm.contrast };
      const face = faceOf(box, lm, width, height);
      if (options.allFaces === true || i === primary)
        await this.completeFace(frame, face, { ...options, antiSpoof }, timed);
      faces.push(face);
    }
    if (tracker) {
      // The crop buffer holds the last face's crop: the primary's when it is the only face, the one case tracked.
      tracker.detected(
        squares,
        primary !== null && primaryCrop
          ? {
              box: squares[primary],
              points: faces[primary].landmarks,
              luma: this.qualityPlane,
              ...primaryCrop,
            }
          : null,
      );
      tracker.end(antiSpoof && primary !== null);
    }
    return this.result(frame, faces, primary);
  }

  /** Eyes, pose and (as asked) anti-spoofing and the embedding of one face. */
  private async completeFace(
    frame: Frame,
    face: FaceAnalysis,
    options: AnalyzeOptions,
    timed: Timed,
  ): Promise<void> {
    const { box, landmarks } = face;
    // "left" = the person's left eye = image right (types.ts).
    face.eyes = await timed('eyes', async () => ({
      left: await this.eyeOpen(frame, landmarks, 'imageRight'),
      right: await this.eyeOpen(frame, landmarks, 'imageLeft'),
    }));
    face.pose = await timed('pose', () => this.pose(frame, box));
    if (options.antiSpoof) face.live = await timed('antiSpoof', () => this.liveness(frame, box));
    if (options.embed) face.embedding = await timed('embed', () => this.embed(frame, face.fivePoints));
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

type Timed = <T>(stage: StageName, f: () => Promise<T>) => Promise<T>;

interface LandmarkResult {
  points: Point[];
  brightness: number;
  contrast: number;
  sharpness: number;
}

/** A face from its square box and landmarks; eyes and pose NaN until completeFace. */
function faceOf(box: Box, lm: LandmarkResult, width: number, height: number): FaceAnalysis {
  return {
    box,
    landmarks: lm.points,
    fivePoints: fivePointsFrom68(lm.points),
    pose: { yaw: NaN, pitch: NaN, roll: NaN },
    eyes: { left: NaN, right: NaN },
    mouthOpenRatio: mouthOpenRatio(lm.points),
    quality: {
      sizeRatio: (box.y2 - box.y1) / height,
      centerOffset: centerOffset(box, width, height),
      brightness: lm.brightness,
      contrast: lm.contrast,
      sharpness: lm.sharpness,
    },
  };
}

/** Frames come from outside (renderer, files): check the shape before touching a pixel. */
export function checkFrame(frame: Frame): void {
  const { width, height, channels, data } = frame;
  const okDims = Number.isInteger(width) && Number.isInteger(height) && width >= 16 && height >= 16;
  if (!okDims || width > 4096 || height > 4096) {
    throw new HexinError('FRAME_INVALID', `frame size ${width}×${height} is outside 16..4096`, {
      width,
      height,
    });
  }
  if (channels !== 3 && channels !== 4) {
    throw new HexinError(
      'FRAME_INVALID',
      `frame has ${String(channels)} channels; expected 3 (RGB) or 4 (RGBA)`,
    );
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * channels) {
    throw new HexinError(
      'FRAME_INVALID',
      `frame data is ${data?.length} bytes; expected ${width * height * channels}`,
    );
  }
}
