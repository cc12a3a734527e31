// Shapes of what the vision core sees and says. Shared by vision, liveness, intent (nod/shake) and the session.
// The vision core owns this file; others may rely on every field here. Extend, don't break.

/** A camera frame as it arrives from the renderer (already downscaled), RGBA or RGB, row-major, no padding. */
export interface Frame {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
  /** Capture time in ms from the renderer's monotonic clock (performance.now()); must advance frame to frame. */
  timestampMs: number;
}

export type Point = readonly [number, number];

/** Face rectangle in frame pixels. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Detector confidence 0..1. */
  score: number;
}

export interface HeadPose {
  /** Degrees; positive yaw = the person turns to their left (image right). The vision core documents the sign. */
  yaw: number;
  pitch: number;
  roll: number;
}

export type GuidanceCode =
  | 'NO_FACE'
  | 'MOVE_CLOSER'
  | 'MOVE_BACK'
  | 'CENTER_FACE'
  | 'TOO_DARK'
  | 'TOO_BRIGHT'
  | 'HOLD_STILL'
  | 'ONE_FACE_ONLY'
  | 'LOOK_STRAIGHT'
  | 'OPEN_EYES'
  | 'OK';

export interface FaceQuality {
  /** Face box height / frame height. */
  sizeRatio: number;
  /** Distance of the face centre from the frame centre, as a fraction of the frame diagonal. */
  centerOffset: number;
  /** Mean luma of the face region, 0..255. */
  brightness: number;
  /** Standard deviation of luma in the face region. */
  contrast: number;
  /** Variance of the Laplacian of the face region (higher = sharper). */
  sharpness: number;
}

export interface FaceAnalysis {
  box: Box;
  /** 68 iBUG points in frame pixels. */
  landmarks: Point[];
  /** left eye, right eye, nose, mouth left, mouth right (frame pixels). */
  fivePoints: Point[];
  pose: HeadPose;
  /** Probability each eye is open, 0..1 ("left" = the person's left eye = image right). */
  eyes: { left: number; right: number };
  /** Inner-lip opening / mouth width from the landmarks. */
  mouthOpenRatio: number;
  quality: FaceQuality;
  /** Probability the face is live (not a print or a screen), 0..1, when anti-spoofing ran. */
  live?: number;
  /** L2-normalised 512-d embedding, when requested. */
  embedding?: Float32Array;
}

export interface FrameAnalysis {
  width: number;
  height: number;
  timestampMs: number;
  faces: FaceAnalysis[];
  /** Index into faces of the face the kiosk cares about (largest and most central), or null. */
  primary: number | null;
  guidance: GuidanceCode;
}
