// Fits the gains of the landmark pose between pose-model frames (main/vision/landmark-pose.ts, LANDMARK_POSE_GAIN):
// on the first three photos of each of the first N people of ../shared/faces-lfw with at least two, the full path's
// pose-model yaw / pitch / roll and the landmark geometry (poseFeatures) of the primary face; the gain is the least-
// squares slope of the pose difference on the geometry difference over all same-person pairs (differences only, as
// the kiosk uses them). Prints the gains and how much of the pose difference they explain.
//   npx tsx scripts/landmark-pose-fit.ts [people=250]
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeImage } from '../main/vision/decode';
import { VisionEngine, type OrtRuntime } from '../main/vision/engine';
import { poseFeatures, LANDMARK_POSE_GAIN, type PoseFeatures } from '../main/vision/landmark-pose';
import type { HeadPose } from '../main/vision/types';

const root = path.join(import.meta.dirname, '..', '..', 'shared', 'faces-lfw');
const wanted = Number(process.argv[2] ?? 250);
const { engine, error } = await VisionEngine.load(ort as unknown as OrtRuntime);
if (!engine) throw error;
const people: { pose: HeadPose; f: PoseFeatures }[][] = [];
for (const person of readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()) {
  const files = readdirSync(path.join(root, person))
    .filter((f) => /\.jpe?g$/i.test(f))
    .sort()
    .slice(0, 3);
  if (files.length < 2) continue;
  const seen: { pose: HeadPose; f: PoseFeatures }[] = [];
  for (const file of files) {
    const a = await engine.analyze(await decodeImage(path.join(root, person, file)));
    const face = a.primary === null ? null : a.faces[a.primary];
    const f = face ? poseFeatures(face.landmarks) : null;
    if (face && f) seen.push({ pose: face.pose, f });
  }
  people.push(seen);
  if (people.length >= wanted) break;
}
await engine.close();

const axes = [
  ['yaw', 'across'],
  ['pitch', 'down'],
  ['roll', 'tilt'],
] as const;
let pairs = 0;
for (const [angle, feature] of axes) {
  let fx = 0;
  let xx = 0;
  const dPose: number[] = [];
  const dFeat: number[] = [];
  for (const seen of people)
    for (let i = 0; i < seen.length; i++)
      for (let j = i + 1; j < seen.length; j++) {
        const dp = seen[i].pose[angle] - seen[j].pose[angle];
        const df = seen[i].f[feature] - seen[j].f[feature];
        dPose.push(dp);
        dFeat.push(df);
        fx += df * dp;
        xx += df * df;
      }
  pairs = dPose.length;
  const gain = fx / xx;
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const residual = dPose.map((d, k) => Math.abs(d - gain * dFeat[k]));
  const before = dPose.map(Math.abs);
  console.log(
    `${angle}: gain ${gain.toFixed(1)} °/unit (shipped ${LANDMARK_POSE_GAIN[angle]}); |Δ| median ${med(before).toFixed(1)}° → residual median ${med(residual).toFixed(1)}°`,
  );
}
console.log(`${people.length} people, ${pairs} same-person pairs`);
