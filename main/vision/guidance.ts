// Turns the analysis of a frame into one instruction for the person at the kiosk, in a fixed order of priority:
// first what makes the rest meaningless (no face, other faces), then distance and position, then light, then pose,
// eyes and sharpness. The thresholds are defaults a deployment may override (camera height and lens differ).
import type { FaceAnalysis, GuidanceCode } from './types';

export interface GuidanceThresholds {
  /** Face box height / frame height below which the person should come closer. */
  minSize: number;
  /** … above which they should step back. */
  maxSize: number;
  /** Centre offset (fraction of the diagonal) above which the face is not centred. */
  maxCenterOffset: number;
  /** Mean face luma bounds, 0..255. */
  minBrightness: number;
  maxBrightness: number;
  /** Face luma standard deviation below which the face is washed out or in the dark. */
  minContrast: number;
  /** |yaw| and |pitch| above which the person should look straight at the camera (degrees). */
  maxYaw: number;
  maxPitch: number;
  /** Both eyes' open probability below this → OPEN_EYES. */
  minEyeOpen: number;
  /** Laplacian variance of the 64×64 face crop below which the frame is blurred (motion). */
  minSharpness: number;
  /** Another face at least this fraction of the primary face's height means someone else is in the picture. */
  otherFaceRatio: number;
}

export const DEFAULT_GUIDANCE: GuidanceThresholds = {
  minSize: 0.3,
  maxSize: 0.8,
  maxCenterOffset: 0.15,
  minBrightness: 60,
  maxBrightness: 200,
  minContrast: 15,
  maxYaw: 20,
  maxPitch: 20,
  minEyeOpen: 0.5,
  minSharpness: 20,
  otherFaceRatio: 0.5,
};

export function guidanceFor(
  faces: readonly FaceAnalysis[],
  primary: number | null,
  t: GuidanceThresholds = DEFAULT_GUIDANCE,
): GuidanceCode {
  if (primary === null) return 'NO_FACE';
  const face = faces[primary];
  const height = face.box.y2 - face.box.y1;
  const others = faces.some((f, i) => i !== primary && f.box.y2 - f.box.y1 >= t.otherFaceRatio * height);
  if (others) return 'ONE_FACE_ONLY';
  const q = face.quality;
  if (q.sizeRatio < t.minSize) return 'MOVE_CLOSER';
  if (q.sizeRatio > t.maxSize) return 'MOVE_BACK';
  if (q.centerOffset > t.maxCenterOffset) return 'CENTER_FACE';
  if (q.brightness < t.minBrightness) return 'TOO_DARK';
  if (q.brightness > t.maxBrightness) return 'TOO_BRIGHT';
  if (q.contrast < t.minContrast) return q.brightness < 128 ? 'TOO_DARK' : 'TOO_BRIGHT';
  if (Math.abs(face.pose.yaw) > t.maxYaw || Math.abs(face.pose.pitch) > t.maxPitch) return 'LOOK_STRAIGHT';
  if (face.eyes.left < t.minEyeOpen && face.eyes.right < t.minEyeOpen) return 'OPEN_EYES';
  if (q.sharpness < t.minSharpness) return 'HOLD_STILL';
  return 'OK';
}
