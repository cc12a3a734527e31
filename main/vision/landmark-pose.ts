// Head pose between pose-model frames, from the landmarks every frame has anyway. [Note: landmark pose]
//
// The pose model (224×224, ~6 ms) runs at the schedule's rate (schedule.ts). On the frames in between, the pose is
// the last model pose moved by how the landmarks moved since that frame: yaw by the nose tip's sideways offset from
// the eyes' midpoint, pitch by its offset down the face, both in units of the distance between the eyes and in the
// eyes' own axis (so a tilted head does not read as a turn), roll by the eye line's angle. Only differences are used:
// a person's own nose and eye proportions cancel out, and the model keeps the absolute pose. The gains are the
// pose model's degrees per unit of landmark offset, fitted on pairs of photos of the same people
// (scripts/landmark-pose-fit.ts on ../shared/faces-lfw; docs/vision.md, Tracked analysis).
import type { HeadPose, Point } from './types';

/** Degrees of the pose model per unit of landmark offset (least squares on same-person photo pairs, LFW). */
export const LANDMARK_POSE_GAIN = { yaw: 70, pitch: -56, roll: 0.8 };

/** The landmark geometry the pose between model frames is read from (68 iBUG points). */
export interface PoseFeatures {
  /** Nose tip's offset from the eyes' midpoint along the eye line, / inter-ocular distance. */
  across: number;
  /** Nose tip's offset from the eyes' midpoint perpendicular to the eye line (down the face), / inter-ocular. */
  down: number;
  /** Angle of the eye line, degrees. */
  tilt: number;
}

function meanOf(p: readonly Point[], first: number, last: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = first; i <= last; i++) {
    x += p[i][0];
    y += p[i][1];
  }
  const n = last - first + 1;
  return [x / n, y / n];
}

/** Null when the eyes coincide (no geometry to read). Eyes: 36–41 and 42–47; nose tip: 30. */
export function poseFeatures(points: readonly Point[]): PoseFeatures | null {
  const [lx, ly] = meanOf(points, 36, 41);
  const [rx, ry] = meanOf(points, 42, 47);
  const dx = rx - lx;
  const dy = ry - ly;
  const iod = Math.hypot(dx, dy);
  if (!(iod > 1e-6)) return null;
  const ux = dx / iod;
  const uy = dy / iod;
  const nx = points[30][0] - (lx + rx) / 2;
  const ny = points[30][1] - (ly + ry) / 2;
  return {
    across: (nx * ux + ny * uy) / iod,
    down: (-nx * uy + ny * ux) / iod,
    tilt: (Math.atan2(dy, dx) * 180) / Math.PI,
  };
}

/** The model's pose on its last frame and the landmark geometry of that frame. */
export interface PoseAnchor {
  pose: HeadPose;
  features: PoseFeatures;
}

export function poseAnchor(pose: HeadPose, points: readonly Point[]): PoseAnchor | null {
  const features = poseFeatures(points);
  return features ? { pose, features } : null;
}

/** The pose now: the anchor's model pose moved by the landmarks' change since then. Null without geometry. */
export function poseFromLandmarks(anchor: PoseAnchor, points: readonly Point[]): HeadPose | null {
  const f = poseFeatures(points);
  if (!f) return null;
  const a = anchor.features;
  return {
    yaw: anchor.pose.yaw + LANDMARK_POSE_GAIN.yaw * (f.across - a.across),
    pitch: anchor.pose.pitch + LANDMARK_POSE_GAIN.pitch * (f.down - a.down),
    roll: anchor.pose.roll + LANDMARK_POSE_GAIN.roll * (f.tilt - a.tilt),
  };
}
