// The pose between pose-model frames (main/vision/landmark-pose.ts, [Note: landmark pose]): signs and invariances
// on synthetic landmarks, and against the pose model on real photos and their mirror images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../main/vision/decode';
import type { VisionEngine } from '../../../main/vision/engine';
import { poseAnchor, poseFeatures, poseFromLandmarks } from '../../../main/vision/landmark-pose';
import type { Point } from '../../../main/vision/types';
import { identityPhotos, loadEngine, mirror } from './faces-helper';

/** A frontal face's 68 points: eyes at 36–41 / 42–47 around (100, 100) and (160, 100), nose tip 30 at (130, 140). */
function face(noseDx = 0, noseDy = 0): Point[] {
  const p: Point[] = Array.from({ length: 68 }, () => [130, 150] as Point);
  for (let i = 36; i <= 41; i++) p[i] = [100 + Math.cos(i) * 8, 100 + Math.sin(i) * 3];
  for (let i = 42; i <= 47; i++) p[i] = [160 + Math.cos(i) * 8, 100 + Math.sin(i) * 3];
  p[30] = [130 + noseDx, 140 + noseDy];
  return p;
}

function transform(points: readonly Point[], deg: number, scale = 1, dx = 0, dy = 0): Point[] {
  const r = (deg * Math.PI) / 180;
  return points.map(([x, y]) => [
    scale * (x * Math.cos(r) - y * Math.sin(r)) + dx,
    scale * (x * Math.sin(r) + y * Math.cos(r)) + dy,
  ]);
}

const pose = { yaw: 2, pitch: -3, roll: 1 };

describe('landmark pose, synthetic landmarks', () => {
  it('gives back the anchor pose when nothing moved, even moved, scaled or tilted as a whole (roll only)', () => {
    const anchor = poseAnchor(pose, face())!;
    expect(poseFromLandmarks(anchor, face())).toEqual(pose);
    const moved = poseFromLandmarks(anchor, transform(face(), 0, 1.4, 30, -20))!;
    expect(moved.yaw).toBeCloseTo(pose.yaw, 6);
    expect(moved.pitch).toBeCloseTo(pose.pitch, 6);
    const tilted = poseFromLandmarks(anchor, transform(face(), 15))!;
    expect(tilted.yaw).toBeCloseTo(pose.yaw, 6);
    expect(tilted.pitch).toBeCloseTo(pose.pitch, 6);
    expect(tilted.roll).not.toBeCloseTo(pose.roll, 0);
  });

  it('reads a nose moving to image right as positive yaw (the person turns to their left) and down as pitch', () => {
    const anchor = poseAnchor(pose, face())!;
    // 6 px of a 60 px eye distance: 0.1 unit, about 7° of yaw.
    expect(poseFromLandmarks(anchor, face(6))!.yaw).toBeCloseTo(pose.yaw + 7, 0);
    expect(poseFromLandmarks(anchor, face(-6))!.yaw).toBeCloseTo(pose.yaw - 7, 0);
    // The pose model's pitch falls as the nose tip drops towards the mouth (fitted gain −56 °/unit).
    expect(poseFromLandmarks(anchor, face(0, 6))!.pitch).toBeLessThan(pose.pitch - 5);
    expect(poseFeatures(face().map(() => [5, 5] as Point))).toBeNull();
  });
});

describe('landmark pose against the pose model, ../shared/faces', () => {
  let engine: VisionEngine;
  beforeAll(async () => {
    engine = await loadEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('carried from a photo to its mirror image, the yaw moves the way the model says', async () => {
    // The mirror of a face turned by y is the same face turned by −y. Where the model agrees with itself on a photo
    // and its mirror (|yaw + mirrored yaw| < 8°) and the turn is clear (≥ 15° apart), the landmark pose carried from
    // the photo's anchor to the mirror's landmarks must move the same way. It under-reads large turns (fitted on
    // small differences; the next pose-model frame, ≤ 300 ms later, has the rest).
    let checked = 0;
    for (const p of identityPhotos()) {
      const frame = await decodeImage(p.file);
      const a = await engine.analyze(frame);
      const b = await engine.analyze(mirror(frame));
      if (a.primary === null || b.primary === null) continue;
      const [fa, fb] = [a.faces[a.primary], b.faces[b.primary]];
      const consistent = Math.abs(fa.pose.yaw + fb.pose.yaw) < 8;
      if (!consistent || Math.abs(fa.pose.yaw - fb.pose.yaw) < 15) continue;
      checked++;
      const carried = poseFromLandmarks(poseAnchor(fa.pose, fa.landmarks)!, fb.landmarks)!;
      const moved = carried.yaw - fa.pose.yaw;
      expect(Math.sign(moved), p.name).toBe(Math.sign(fb.pose.yaw - fa.pose.yaw));
      expect(Math.abs(moved), p.name).toBeGreaterThan(5);
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
