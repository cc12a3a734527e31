// Following the one face in front of the kiosk from frame to frame, so the per-frame analysis spends the models
// only where they change the decision. [Note: tracked analysis]
//
// A session's frames are one stream (AnalyzeOptions.stream). While the detector's last look found exactly one face,
// the next frame's face box is taken from the previous frame's landmarks (the box ↔ landmarks relation is
// measured at each detection, so the tracked box keeps the detector's scale and offset) and the detector runs again:
// - every `detectEvery`-th frame (a second face, or a face leaving, is seen at most detectEvery − 1 frames late);
// - at once when the face crop changed too much since the previous frame (the person left, or another face or a
//   picture replaced them: mean |Δ| of the z-scored 64×64 luma crop above `maxCropChange`), or when the new
//   landmarks imply a box overlapping the tracked one less than `minOverlap` (the face moved fast);
// - whenever the stream starts over: another stream, another frame size, a timestamp that does not advance, or a
//   gap over `maxGapMs`.
// On the frames the detector skips, anti-spoofing and the pose model take turns ([Note: one heavy model per frame]
// in schedule.ts); the pose in between comes from the landmarks ([Note: landmark pose] in landmark-pose.ts), anchored
// on the last pose-model frame of the same face. Landmarks (so the mouth) and eyes run on every frame: gestures,
// guidance and the voice binding read them frame by frame.
// The tracker only decides; the engine runs the models. Frames without a stream take the full path.
import { iou } from './geometry';
import { poseAnchor, poseFromLandmarks, type PoseAnchor } from './landmark-pose';
import { ModelSchedule, type FramePlan, type ScheduleRates } from './schedule';
import type { Box, FaceAnalysis, Frame, HeadPose, Point } from './types';

export interface TrackingOptions extends ScheduleRates {
  /** The detector runs at least on every Nth frame of a stream (1 = every frame, no tracking). */
  detectEvery: number;
  /** Largest mean |Δ| between consecutive z-scored face crops still taken as the same face in place. */
  maxCropChange: number;
  /** Smallest IoU between the tracked box and the box the new landmarks imply. */
  minOverlap: number;
  /** Frames further apart than this (ms) start the stream over. */
  maxGapMs: number;
}

// The detector on every other frame; anti-spoofing and the pose model take turns on the frames between (schedule.ts;
// docs/vision.md).
export const DEFAULT_TRACKING: TrackingOptions = {
  detectEvery: 2,
  antiSpoofEvery: 4,
  poseEvery: 4,
  maxCropChange: 0.45,
  minOverlap: 0.7,
  maxGapMs: 1000,
};

/** What the tracker did over a stream's frames: how often each model was spared (bench and tests). */
export interface TrackingStats {
  frames: number;
  /** Frames the detector ran on (including re-detections). */
  detections: number;
  /** Tracked frames whose check failed, so the detector ran after all. */
  redetections: number;
  antiSpoofRuns: number;
  poseRuns: number;
  /** Frames that ran more than one heavy model (detector, anti-spoofing, pose model). */
  multiHeavy: number;
}

const NO_STATS: TrackingStats = {
  frames: 0,
  detections: 0,
  redetections: 0,
  antiSpoofRuns: 0,
  poseRuns: 0,
  multiHeavy: 0,
};

// Landmarks that anchor the box: brows, nose and eyes (17–47). The jaw and the lips move when the person speaks or
// opens the mouth; the box must not.
/**
 * The same face on a detection frame: the detector's box crops a little differently from the tracked box before it,
 * so the crop changes more than between tracked frames (0.11–0.45 on the recordings of tracking.test.ts, against
 * 0.00–0.18 tracked) and far less than for another person (0.90) or a wall (0.84).
 */
const DETECTED_MAX_CROP_CHANGE = 0.6;

const ANCHOR_FIRST = 17;
const ANCHOR_LAST = 47;

interface Anchor {
  cx: number;
  cy: number;
  /** RMS distance of the anchor points from their centre. */
  scale: number;
}

function anchorOf(points: readonly Point[]): Anchor {
  let sx = 0;
  let sy = 0;
  const n = ANCHOR_LAST - ANCHOR_FIRST + 1;
  for (let i = ANCHOR_FIRST; i <= ANCHOR_LAST; i++) {
    sx += points[i][0];
    sy += points[i][1];
  }
  const cx = sx / n;
  const cy = sy / n;
  let ss = 0;
  for (let i = ANCHOR_FIRST; i <= ANCHOR_LAST; i++) ss += (points[i][0] - cx) ** 2 + (points[i][1] - cy) ** 2;
  return { cx, cy, scale: Math.sqrt(ss / n) };
}

/** The detector's square box in the landmarks' own frame: offset of its centre and its side, in anchor scales. */
export interface BoxRelation {
  dx: number;
  dy: number;
  side: number;
}

export function relationOf(box: Box, points: readonly Point[]): BoxRelation | null {
  const a = anchorOf(points);
  if (!(a.scale > 0)) return null;
  return {
    dx: ((box.x1 + box.x2) / 2 - a.cx) / a.scale,
    dy: ((box.y1 + box.y2) / 2 - a.cy) / a.scale,
    side: (box.y2 - box.y1) / a.scale,
  };
}

/** The square box `relation` puts around `points`, clipped to the frame like squareBox; null when off the frame. */
export function boxFromLandmarks(
  points: readonly Point[],
  relation: BoxRelation,
  width: number,
  height: number,
  score: number,
): Box | null {
  const a = anchorOf(points);
  const cx = a.cx + relation.dx * a.scale;
  const cy = a.cy + relation.dy * a.scale;
  const half = (relation.side * a.scale) / 2;
  const x1 = Math.max(0, cx - half);
  const y1 = Math.max(0, cy - half);
  const x2 = Math.min(width, cx + half);
  const y2 = Math.min(height, cy + half);
  if (!(x2 - x1 >= 8 && y2 - y1 >= 8)) return null;
  return { x1, y1, x2, y2, score };
}

interface Track {
  relation: BoxRelation;
  /** The tracked face's landmarks and box in the previous frame. */
  points: readonly Point[];
  box: Box;
  score: number;
  /** The last pose-model frame of this face, for the pose between model frames. */
  anchor: PoseAnchor | null;
}

interface StreamState {
  stream: string;
  width: number;
  height: number;
  lastTs: number;
  /** Frames since the detector last ran (0 = it ran on the previous frame). */
  sinceDetect: number;
  /** Which of anti-spoofing and the pose model the frames the detector skips spend. */
  schedule: ModelSchedule;
  /** The detector ran on this frame. */
  detectedHere: boolean;
  /** The one face being followed; null when the last detection found none or several. */
  track: Track | null;
  /** Whether `crop` holds the previous frame's face crop. */
  hasCrop: boolean;
}

export class FaceTracker {
  readonly options: TrackingOptions;
  private state: StreamState | null = null;
  /** The previous frame's z-scored face crop, and the one being checked: reused, never allocated per frame. */
  private crop: Float32Array;
  private next: Float32Array;
  private stats: TrackingStats = { ...NO_STATS };
  /** The last tracked frame's check, for diagnostics and calibration of the two thresholds. */
  lastCheck: { overlap: number; cropChange: number } | null = null;

  constructor(options: Partial<TrackingOptions> = {}, cropSize = 64 * 64) {
    this.options = { ...DEFAULT_TRACKING, ...options };
    const o = this.options;
    if (!(Number.isInteger(o.detectEvery) && o.detectEvery >= 1 && o.detectEvery <= 30))
      throw new RangeError('tracking.detectEvery must be an integer in 1..30');
    for (const k of ['antiSpoofEvery', 'poseEvery'] as const)
      if (!(Number.isInteger(o[k]) && o[k] >= 1 && o[k] <= 30))
        throw new RangeError(`tracking.${k} must be an integer in 1..30`);
    this.crop = new Float32Array(cropSize);
    this.next = new Float32Array(cropSize);
  }

  /** Counters since the last call (then reset). */
  takeStats(): TrackingStats {
    const s = this.stats;
    this.stats = { ...NO_STATS };
    return s;
  }

  /** Forgets the stream (and the face in it): the next frame starts over with the detector. */
  reset(): void {
    this.state = null;
    this.crop.fill(0);
    this.next.fill(0);
  }

  /**
   * Starts a frame of `stream`. Returns the box to analyse without the detector, or null when the detector must run.
   */
  begin(stream: string, frame: Frame): Box | null {
    this.stats.frames++;
    const s = this.state;
    const continues =
      s !== null &&
      s.stream === stream &&
      s.width === frame.width &&
      s.height === frame.height &&
      frame.timestampMs > s.lastTs &&
      frame.timestampMs - s.lastTs <= this.options.maxGapMs;
    if (!continues) {
      this.reset();
      this.state = {
        stream,
        width: frame.width,
        height: frame.height,
        lastTs: frame.timestampMs,
        sinceDetect: Infinity,
        schedule: new ModelSchedule(this.options),
        detectedHere: true,
        track: null,
        hasCrop: false,
      };
      return null;
    }
    s.lastTs = frame.timestampMs;
    s.detectedHere = true;
    if (!s.track || !s.hasCrop || s.sinceDetect + 1 >= this.options.detectEvery) return null;
    s.detectedHere = false;
    return boxFromLandmarks(s.track.points, s.track.relation, s.width, s.height, s.track.score);
  }

  /**
   * A tracked frame's first look: `points` are the landmarks found in the tracked `box`. Returns the box they imply
   * (where the detector would put the face now), to measure the landmarks again in; null when it overlaps the
   * tracked box less than `minOverlap` (the face moved too far, or is gone): run the detector on this frame.
   */
  follow(box: Box, points: readonly Point[]): Box | null {
    const s = this.state;
    const implied = s?.track
      ? boxFromLandmarks(points, s.track.relation, s.width, s.height, box.score)
      : null;
    const overlap = implied ? iou(implied, box) : 0;
    this.lastCheck = { overlap, cropChange: NaN };
    if (!implied || overlap < this.options.minOverlap) {
      this.stats.redetections++;
      if (s) s.detectedHere = true;
      return null;
    }
    return implied;
  }

  /**
   * A tracked frame's verdict from the landmarks and the face crop (raw luma with its mean and std) measured in the
   * box `follow` gave. True: the same face, in place; false: the crop changed too much since the previous frame
   * (the person left, or a picture or another face replaced them): run the detector on this frame.
   */
  accept(points: readonly Point[], luma: Float32Array, mean: number, std: number): boolean {
    const s = this.state;
    if (!s?.track) return false;
    zScore(luma, mean, std, this.next);
    const cropChange = meanAbsDiff(this.crop, this.next);
    this.lastCheck = { overlap: this.lastCheck?.overlap ?? NaN, cropChange };
    if (!(cropChange <= this.options.maxCropChange)) {
      this.stats.redetections++;
      s.detectedHere = true;
      return false;
    }
    s.track.points = points;
    [this.crop, this.next] = [this.next, this.crop];
    s.sinceDetect++;
    return true;
  }

  /**
   * After the detector ran on this frame: `faces` squared boxes found, and for the primary face its landmarks and
   * crop. A face is followed only when it is the only one (guidance depends on every face the detector sees). It is
   * the same face as before (its pose anchor carries on) when it overlaps the followed box by `minOverlap` and its
   * crop changed no more than DETECTED_MAX_CROP_CHANGE.
   */
  detected(
    boxes: readonly Box[],
    primary: { box: Box; points: readonly Point[]; luma: Float32Array; mean: number; std: number } | null,
  ): void {
    const s = this.state;
    this.stats.detections++;
    if (!s) return;
    s.detectedHere = true;
    s.sinceDetect = 0;
    const relation = boxes.length === 1 && primary ? relationOf(primary.box, primary.points) : null;
    const before = s.track;
    if (!relation || !primary) {
      s.track = null;
      s.hasCrop = false;
      return;
    }
    zScore(primary.luma, primary.mean, primary.std, this.next);
    const same =
      before !== null &&
      s.hasCrop &&
      iou(before.box, primary.box) >= this.options.minOverlap &&
      meanAbsDiff(this.crop, this.next) <= DETECTED_MAX_CROP_CHANGE;
    [this.crop, this.next] = [this.next, this.crop];
    s.hasCrop = true;
    s.track = {
      relation,
      points: primary.points,
      box: primary.box,
      score: primary.box.score,
      anchor: same ? before.anchor : null,
    };
  }

  /**
   * What this frame runs besides the detector: anti-spoofing (when `antiSpoofWanted`) and the pose model, by the
   * schedule; without a stream, both.
   */
  plan(antiSpoofWanted: boolean): FramePlan {
    const s = this.state;
    if (!s) return { antiSpoof: antiSpoofWanted, poseModel: true };
    return s.schedule.plan(s.detectedHere, antiSpoofWanted, s.track?.anchor != null);
  }

  /** The followed face's pose from its landmarks on a frame without the pose model; null when it has no anchor. */
  poseBetween(points: readonly Point[]): HeadPose | null {
    const anchor = this.state?.track?.anchor;
    return anchor ? poseFromLandmarks(anchor, points) : null;
  }

  /** Ends the frame with what ran on it; `face`: the followed face as analysed (its pose anchors the next frames). */
  end(ran: FramePlan, face: FaceAnalysis | null): void {
    const s = this.state;
    if (ran.antiSpoof) this.stats.antiSpoofRuns++;
    if (ran.poseModel) this.stats.poseRuns++;
    const heavy = Number(s?.detectedHere ?? true) + Number(ran.antiSpoof) + Number(ran.poseModel);
    if (heavy > 1) this.stats.multiHeavy++;
    if (!s) return;
    s.schedule.ran(ran);
    if (!s.track) return;
    if (face) s.track.box = face.box;
    if (ran.poseModel && face) s.track.anchor = poseAnchor(face.pose, face.landmarks);
  }
}

function zScore(luma: Float32Array, mean: number, std: number, out: Float32Array): void {
  const k = 1 / Math.max(std, 1);
  const n = Math.min(luma.length, out.length);
  for (let i = 0; i < n; i++) out[i] = (luma[i] - mean) * k;
}

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
