// Per-frame signal traces: what the liveness evaluator saw, frame by frame, without pixels or embeddings.
// `hexin liveness --trace FILE` writes one (an operator can see why a challenge failed); tests replay recorded
// traces through LivenessSession. Traces from outside are validated before use.
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import { guidanceCodeSchema } from '../../common/session';
import type { FaceAnalysis, FrameAnalysis } from '../vision/types';

const num = z.number().finite();
const point = z.tuple([num, num]);

const traceFaceSchema = z.object({
  box: z.object({ x1: num, y1: num, x2: num, y2: num, score: num }),
  fivePoints: z.array(point).max(5),
  pose: z.object({ yaw: num, pitch: num, roll: num }),
  eyes: z.object({ left: num, right: num }),
  mouthOpenRatio: num,
  live: num.optional(),
});

export const signalTraceSchema = z.object({
  version: z.literal(1),
  source: z.string().max(500),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frames: z
    .array(
      z.object({
        t: num,
        // The session view's guidance codes, which are vision's GuidanceCode (both directions type-check below).
        guidance: guidanceCodeSchema,
        faces: z.number().int().min(0),
        face: traceFaceSchema.nullable(),
      }),
    )
    .max(100_000),
});
export type SignalTrace = z.infer<typeof signalTraceSchema>;

const r = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;

/** One frame's entry: the primary face's signals, rounded (a trace is for reading and replaying, not biometrics). */
export function traceFrame(a: FrameAnalysis): SignalTrace['frames'][number] {
  const f = a.primary === null ? null : (a.faces[a.primary] ?? null);
  return {
    t: r(a.timestampMs, 1),
    guidance: a.guidance,
    faces: a.faces.length,
    face: f && {
      box: {
        x1: r(f.box.x1, 1),
        y1: r(f.box.y1, 1),
        x2: r(f.box.x2, 1),
        y2: r(f.box.y2, 1),
        score: r(f.box.score),
      },
      fivePoints: f.fivePoints.map(([x, y]) => [r(x, 1), r(y, 1)] as [number, number]),
      pose: { yaw: r(f.pose.yaw, 2), pitch: r(f.pose.pitch, 2), roll: r(f.pose.roll, 2) },
      eyes: { left: r(f.eyes.left, 4), right: r(f.eyes.right, 4) },
      mouthOpenRatio: r(f.mouthOpenRatio, 4),
      ...(f.live !== undefined ? { live: r(f.live, 4) } : {}),
    },
  };
}

export function parseSignalTrace(raw: unknown): SignalTrace {
  const p = signalTraceSchema.safeParse(raw);
  if (!p.success) throw new HexinError('LIVENESS_INPUT', `invalid signal trace: ${z.prettifyError(p.error)}`);
  return p.data;
}

/** Back to FrameAnalysis for replay (no landmarks beyond the five points, no embeddings, neutral quality). */
export function traceToAnalyses(trace: SignalTrace): FrameAnalysis[] {
  return trace.frames.map((fr) => {
    const face: FaceAnalysis | null = fr.face && {
      box: fr.face.box,
      landmarks: fr.face.fivePoints,
      fivePoints: fr.face.fivePoints,
      pose: fr.face.pose,
      eyes: fr.face.eyes,
      mouthOpenRatio: fr.face.mouthOpenRatio,
      quality: { sizeRatio: 0, centerOffset: 0, brightness: 0, contrast: 0, sharpness: 0 },
      ...(fr.face.live !== undefined ? { live: fr.face.live } : {}),
    };
    return {
      width: trace.width,
      height: trace.height,
      timestampMs: fr.t,
      faces: face ? [face] : [],
      primary: face ? 0 : null,
      guidance: fr.guidance,
    };
  });
}
