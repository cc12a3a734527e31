// Tracked analysis (main/vision/tracker.ts, [Note: tracked analysis]) against the full path, with the real models
// on real recordings: the kiosk's stream of frames must give the same guidance on every frame and the same
// liveness outcome, every frame's mouth (the voice binding reads it), while running the detector on half the frames,
// anti-spoofing and the pose model on a quarter each, and never two of them on one frame once the face is followed;
// and the detector must run again on the very frame where the face is lost, replaced or jumps, and see a second face
// at most one frame late.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLivenessConfig } from '../../../main/liveness/config';
import { evaluateOffline, openFrameSource, type FrameAnalyser } from '../../../main/liveness/offline';
import type { VisionEngine } from '../../../main/vision/engine';
import { ModelSchedule } from '../../../main/vision/schedule';
import { boxFromLandmarks, FaceTracker, relationOf } from '../../../main/vision/tracker';
import type { FaceAnalysis, Frame, FrameAnalysis, Point } from '../../../main/vision/types';
import { readY4m } from '../../../main/vision/y4m';
import { ffmpeg, writePannedStill } from '../../fixtures/panned-still';
import { FACES, loadEngine } from './faces-helper';

const GRID = path.resolve(FACES, '../talking/grid/evaluation/samples/GRID');
const OBAMA_VIDEO = path.join(FACES, 'camera-barack_obama.y4m');

let engine: VisionEngine;
let dir: string;

beforeAll(async () => {
  engine = await loadEngine();
  dir = mkdtempSync(path.join(tmpdir(), 'hexin-tracking-'));
  // The liveness tests' panned still of another person (test/fixtures/panned-still.ts), 25 frames at 10 fps.
  writePannedStill(path.join(FACES, 'joe_biden/1.jpg'), path.join(dir, 'biden-pan.y4m'));
  // Talking faces (the voice binding's recordings), every third frame of 25 fps as in its test.
  for (const clip of ['bbaf2n', 'swiz3n']) {
    ffmpeg([
      '-i',
      path.join(GRID, `${clip}.mpg`),
      '-an',
      '-vf',
      'format=yuv420p',
      '-f',
      'yuv4mpegpipe',
      path.join(dir, `${clip}.y4m`),
    ]);
  }
}, 60_000);

afterAll(async () => {
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function videoFrames(file: string, step = 1): Promise<Frame[]> {
  const v = await readY4m(file);
  const out: Frame[] = [];
  for (let i = 0; i < v.frameCount; i += step) out.push({ ...v.frame(i), timestampMs: (i * 1000) / v.fps });
  return out;
}

/** The renderer's frames: 320×240 RGBA (docs/vision.md). */
async function rendererFrames(frames: Frame[]): Promise<Frame[]> {
  return Promise.all(
    frames.map(async (f) => {
      const data = await sharp(f.data, { raw: { width: f.width, height: f.height, channels: f.channels } })
        .resize(320, 240, { fit: 'fill' })
        .ensureAlpha()
        .raw()
        .toBuffer();
      return {
        width: 320,
        height: 240,
        channels: 4 as const,
        data: new Uint8Array(data),
        timestampMs: f.timestampMs,
      };
    }),
  );
}

const primaryOf = (a: FrameAnalysis) => (a.primary === null ? null : a.faces[a.primary]);

describe('the box from the landmarks', () => {
  const points: Point[] = Array.from({ length: 68 }, (_, i) => [
    100 + (i % 9) * 7,
    80 + Math.floor(i / 9) * 9,
  ]);

  it('puts back the box it was measured from, and follows the landmarks when they move', () => {
    const box = { x1: 90, y1: 60, x2: 190, y2: 160, score: 0.99 };
    const relation = relationOf(box, points);
    expect(relation).not.toBeNull();
    const same = boxFromLandmarks(points, relation!, 640, 480, 0.99);
    for (const k of ['x1', 'y1', 'x2', 'y2'] as const) expect(same![k]).toBeCloseTo(box[k], 6);
    const moved = points.map(([x, y]) => [x + 30, y - 10] as Point);
    const follow = boxFromLandmarks(moved, relation!, 640, 480, 0.99)!;
    expect([follow.x1, follow.y1, follow.x2, follow.y2]).toEqual([
      expect.closeTo(120, 6),
      expect.closeTo(50, 6),
      expect.closeTo(220, 6),
      expect.closeTo(150, 6),
    ]);
    // Clipped to the frame like a detector box; nothing left of it is no box.
    expect(boxFromLandmarks(moved, relation!, 200, 480, 0.99)?.x2).toBe(200);
    expect(
      boxFromLandmarks(
        points.map(([x, y]) => [x + 900, y] as Point),
        relation!,
        640,
        480,
        1,
      ),
    ).toBeNull();
  });

  it('follows one face: a scheduled detection of the same face keeps it, a new stream or a clock that does not advance starts over', () => {
    const tracker = new FaceTracker();
    const frame = (t: number): Frame => ({
      width: 640,
      height: 480,
      channels: 3,
      data: new Uint8Array(0),
      timestampMs: t,
    });
    const box = { x1: 90, y1: 60, x2: 190, y2: 160, score: 0.99 };
    const luma = new Float32Array(64 * 64).map((_, i) => i % 64);
    const detection = () => tracker.detected([box], { box, points, luma, mean: 32, std: 18 });
    const face = (): FaceAnalysis => ({
      box,
      landmarks: points,
      fivePoints: [],
      pose: { yaw: 3, pitch: -2, roll: 1 },
      eyes: { left: 1, right: 1 },
      mouthOpenRatio: 0,
      quality: { sizeRatio: 0.2, centerOffset: 0, brightness: 32, contrast: 18, sharpness: 100 },
    });
    // Frame 0: a detection without a pose anchor yet: the pose model too (the one frame with two heavy models).
    expect(tracker.begin('s', frame(0))).toBeNull();
    detection();
    expect(tracker.plan(true)).toEqual({ antiSpoof: false, poseModel: true });
    tracker.end({ antiSpoof: false, poseModel: true }, face());
    // Frame 1 is tracked: anti-spoofing; the pose from the landmarks, anchored on frame 0.
    const tracked = tracker.begin('s', frame(100));
    expect(tracked).not.toBeNull();
    expect(tracker.follow(tracked!, points)).not.toBeNull();
    expect(tracker.accept(points, luma, 32, 18)).toBe(true);
    expect(tracker.poseBetween(points)).toEqual({ yaw: 3, pitch: -2, roll: 1 });
    expect(tracker.plan(true)).toEqual({ antiSpoof: true, poseModel: false });
    tracker.end({ antiSpoof: true, poseModel: false }, face());
    // Frame 2: the scheduled detection finds the same face: nothing else on it, the anchor carries on.
    expect(tracker.begin('s', frame(200))).toBeNull();
    detection();
    expect(tracker.plan(true)).toEqual({ antiSpoof: false, poseModel: false });
    expect(tracker.poseBetween(points)).not.toBeNull();
    tracker.end({ antiSpoof: false, poseModel: false }, face());
    // Frame 3 is tracked: the pose model's turn.
    expect(tracker.begin('s', frame(300))).not.toBeNull();
    expect(tracker.plan(true)).toEqual({ antiSpoof: false, poseModel: true });
    tracker.end({ antiSpoof: false, poseModel: true }, face());
    expect(tracker.begin('s', frame(300))).toBeNull(); // the clock did not advance
    detection();
    // A new stream: no anchor, the pose model runs with the detector.
    expect(tracker.plan(true).poseModel).toBe(true);
    tracker.end({ antiSpoof: false, poseModel: true }, face());
    expect(tracker.begin('other', frame(400))).toBeNull();
    detection();
    tracker.end(tracker.plan(false), face());
    expect(tracker.begin('other', frame(1500))).toBeNull(); // a gap over maxGapMs
    // Two faces: nothing is followed, the detector runs on every frame (and the pose model with it).
    tracker.detected([box, { ...box, x1: 300, x2: 400 }], null);
    tracker.end(tracker.plan(false), face());
    expect(tracker.begin('other', frame(1600))).toBeNull();
    // A face that is not the one followed (another place) gets no anchor: the pose model runs.
    const elsewhere = { ...box, x1: 400, x2: 500 };
    tracker.detected([elsewhere], { box: elsewhere, points, luma, mean: 32, std: 18 });
    expect(tracker.plan(false).poseModel).toBe(true);
    expect(tracker.takeStats()).toMatchObject({
      frames: 8,
      detections: 6,
      redetections: 0,
      antiSpoofRuns: 1,
      poseRuns: 5,
      // Every detection without a followed face before it: frame 0, the two restarts and the two faces.
      multiHeavy: 4,
    });
  });

  it('the schedule: one heavy model per frame in turn, a starved model runs anyway, rate 1 is every frame', () => {
    // Frames as the tracker sees them with detectEvery 2: detection on 0, 2, 4… (the face anchored from frame 0).
    const run = (
      rates: { antiSpoofEvery: number; poseEvery: number },
      frames: number,
      detectedOn: (i: number) => boolean,
      antiSpoof = true,
    ) => {
      const schedule = new ModelSchedule(rates);
      const out: string[] = [];
      for (let i = 0; i < frames; i++) {
        const d = detectedOn(i);
        const p = schedule.plan(d, antiSpoof, i > 0);
        schedule.ran(p);
        out.push(`${d ? 'd' : ''}${p.antiSpoof ? 'a' : ''}${p.poseModel ? 'p' : ''}` || '-');
      }
      return out.join(' ');
    };
    const everyOther = (i: number) => i % 2 === 0;
    expect(run({ antiSpoofEvery: 4, poseEvery: 4 }, 12, everyOther)).toBe('dp a d p d a d p d a d p');
    // The intent step asks no anti-spoofing: the pose model on every frame the detector skips.
    expect(run({ antiSpoofEvery: 4, poseEvery: 4 }, 6, everyOther, false)).toBe('dp p d p d p');
    // Re-detections on every frame from frame 5: anti-spoofing and the pose model run once starved for two periods.
    expect(run({ antiSpoofEvery: 4, poseEvery: 4 }, 14, (i) => everyOther(i) || i >= 5)).toBe(
      'dp a d p d d d d d da d dp d d',
    );
    expect(run({ antiSpoofEvery: 1, poseEvery: 4 }, 8, everyOther)).toBe('dap a da a da ap da a');
    expect(run({ antiSpoofEvery: 1, poseEvery: 1 }, 3, () => true)).toBe('dap dap dap');
    expect(() => new FaceTracker({ poseEvery: 0 })).toThrow(/poseEvery/);
  });
});

describe('tracked stream = full path, on real recordings', () => {
  const recordings: [string, () => Promise<Frame[]>][] = [
    ['fake camera 640×480', () => videoFrames(OBAMA_VIDEO)],
    ['fake camera, renderer 320×240 RGBA', async () => rendererFrames(await videoFrames(OBAMA_VIDEO))],
    ['panned still', () => videoFrames(path.join(dir, 'biden-pan.y4m'))],
    ['talking bbaf2n', () => videoFrames(path.join(dir, 'bbaf2n.y4m'), 3)],
    ['talking swiz3n', () => videoFrames(path.join(dir, 'swiz3n.y4m'), 3)],
  ];

  it.each(recordings)(
    '%s: same guidance every frame, same mouth, one heavy model per frame: the detector on half, anti-spoofing and pose on a quarter',
    async (name, load) => {
      const frames = await load();
      engine.tracker.takeStats();
      const poseDiffs: number[] = [];
      const modelJitter: number[] = [];
      let previous: FrameAnalysis | null = null;
      for (const [i, f] of frames.entries()) {
        const full = await engine.analyze(f, { antiSpoof: true });
        const heavy: string[] = [];
        const tracked = await engine.analyze(f, { antiSpoof: true, stream: name }, (stage) => {
          if (stage === 'detect' || stage === 'pose' || stage === 'antiSpoof') heavy.push(stage);
        });
        // The first frame finds the face (detector) and anchors its pose (model); every later one pays one at most.
        expect(heavy.length, `${name} frame ${i}: ${heavy.join(' + ')}`).toBeLessThanOrEqual(i === 0 ? 2 : 1);
        expect(tracked.guidance, `${name} at ${f.timestampMs} ms`).toBe(full.guidance);
        expect(tracked.faces.length).toBe(full.faces.length);
        const a = primaryOf(full)!;
        const b = primaryOf(tracked)!;
        // The voice binding correlates the mouth opening with the voice frame by frame.
        expect(Math.abs(a.mouthOpenRatio - b.mouthOpenRatio), `mouth at ${f.timestampMs} ms`).toBeLessThan(
          0.04,
        );
        expect(Math.abs(a.box.y2 - a.box.y1 - (b.box.y2 - b.box.y1)) / (a.box.y2 - a.box.y1)).toBeLessThan(
          0.05,
        );
        poseDiffs.push(Math.abs(a.pose.yaw - b.pose.yaw), Math.abs(a.pose.pitch - b.pose.pitch));
        const before = previous === null ? null : primaryOf(previous);
        if (before)
          modelJitter.push(
            Math.abs(a.pose.yaw - before.pose.yaw),
            Math.abs(a.pose.pitch - before.pose.pitch),
          );
        previous = full;
        if (b.live !== undefined) expect(Math.abs(a.live! - b.live)).toBeLessThan(0.05);
      }
      // Pose from the landmarks between model frames: off the model's own per-frame answer by about what the
      // model itself moves from one frame to the next on these steady faces (median 0.4–1°), never by much.
      const median = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1]!;
      expect(median(poseDiffs)).toBeLessThan(median(modelJitter) + 1);
      expect(Math.max(...poseDiffs)).toBeLessThan(10);
      const stats = engine.tracker.takeStats();
      expect(stats.frames).toBe(frames.length);
      expect(stats.redetections).toBe(0);
      expect(stats.multiHeavy).toBe(1);
      expect(stats.detections).toBe(Math.ceil(frames.length / 2));
      // Frames 1, 3, 5…: anti-spoofing and the pose model in turn (and the pose model on frame 0).
      expect(stats.antiSpoofRuns).toBe(Math.ceil(Math.floor(frames.length / 2) / 2));
      expect(stats.poseRuns).toBe(1 + Math.floor(Math.floor(frames.length / 2) / 2));
    },
    120_000,
  );

  it('liveness gives the same result, reason and challenges through the tracked stream', async () => {
    const config = parseLivenessConfig({});
    const full: FrameAnalyser = (f) => engine.analyze(f, { embed: true, antiSpoof: true });
    const tracked: FrameAnalyser = (f) =>
      engine.analyze(f, { embed: true, antiSpoof: true, stream: 'liveness' });
    const run = async (analyse: FrameAnalyser) =>
      evaluateOffline(await openFrameSource(OBAMA_VIDEO), analyse, {
        config,
        plan: ['blink', 'turn-left'],
        loop: true,
      });
    const [a, b] = [await run(full), await run(tracked)];
    expect(a).toMatchObject({
      passed: false,
      reason: 'LIVENESS_CHALLENGE_TIMEOUT',
      detail: 'blink not seen within 6000 ms',
    });
    expect(b.reason).toBe(a.reason);
    expect(b.detail).toBe(a.detail);
    expect(b.frames).toBe(a.frames);
    expect(b.challenges).toEqual(a.challenges);
    // The passive verdict from a quarter of the scores: same decision (this digital still is "live" to the model).
    expect(b.passive.passed).toBe(a.passive.passed);
    expect(b.passive.frames).toBeGreaterThanOrEqual(config.passive.minFrames);
    expect(b.passive.frames).toBeLessThanOrEqual(a.passive.frames);
    for (const challenge of ['turn-right', 'nod', 'open-mouth'] as const) {
      const short = parseLivenessConfig({ challengeTimeoutMs: 3000 });
      const source = await openFrameSource(path.join(dir, 'biden-pan.y4m'));
      const x = await evaluateOffline(source, full, { config: short, plan: [challenge], loop: true });
      const y = await evaluateOffline(source, tracked, { config: short, plan: [challenge], loop: true });
      expect({ reason: y.reason, detail: y.detail, challenges: y.challenges }).toEqual({
        reason: x.reason,
        detail: x.detail,
        challenges: x.challenges,
      });
    }
  }, 240_000);
});

describe('the detector runs again', () => {
  let obama: Frame[];
  beforeAll(async () => {
    obama = await videoFrames(OBAMA_VIDEO);
  });

  async function photo(file: string): Promise<Frame> {
    const data = await sharp(file).resize(640, 480, { fit: 'cover' }).removeAlpha().raw().toBuffer();
    return { width: 640, height: 480, channels: 3, data: new Uint8Array(data), timestampMs: 0 };
  }

  /** Frames 0..2 of the fake camera (detect, track, detect), then `last` as the next (tracked) frame. */
  async function afterTracking(stream: string, last: Frame) {
    for (let i = 0; i < 3; i++) await engine.analyze({ ...obama[i]!, timestampMs: i * 100 }, { stream });
    engine.tracker.takeStats();
    const tracked = await engine.analyze({ ...last, timestampMs: 300 }, { stream });
    return { tracked, full: await engine.analyze(last), stats: engine.tracker.takeStats() };
  }

  function shifted(f: Frame, dx: number): Frame {
    const d = new Uint8Array(f.data.length);
    for (let y = 0; y < f.height; y++)
      for (let x = 0; x < f.width; x++) {
        const sx = Math.min(f.width - 1, Math.max(0, x - dx));
        for (let c = 0; c < f.channels; c++)
          d[(y * f.width + x) * f.channels + c] = f.data[(y * f.width + sx) * f.channels + c]!;
      }
    return { ...f, data: d };
  }

  it.each([
    ['the face is gone (a landscape)', () => photo(path.join(FACES, 'non_faces/landscape.jpg'))],
    [
      'the camera sees a flat wall',
      async () => ({
        width: 640,
        height: 480,
        channels: 3 as const,
        data: new Uint8Array(640 * 480 * 3).fill(128),
        timestampMs: 0,
      }),
    ],
    ['another person replaced the face', () => photo(path.join(FACES, 'joe_biden/1.jpg'))],
    ['the face jumped 80 px', async () => shifted(obama[3]!, 80)],
  ])('on the very frame when %s', async (_, make) => {
    const { tracked, full, stats } = await afterTracking(_, await make());
    expect(stats).toMatchObject({ frames: 1, detections: 1, redetections: 1 });
    expect(tracked.guidance).toBe(full.guidance);
    expect(tracked.faces.map((f) => f.box)).toEqual(full.faces.map((f) => f.box));
  });

  it("embeds with 'when-detected' on the detection frames only, and on the very frame another person replaced the face", async () => {
    const stream = 'embed-when-detected';
    const embedded: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const stages: string[] = [];
      const a = await engine.analyze(
        { ...obama[i]!, timestampMs: i * 100 },
        { stream, embed: 'when-detected' },
        (stage) => stages.push(stage),
      );
      expect(stages.includes('embed'), `frame ${i}`).toBe(stages.includes('detect'));
      embedded.push(a.faces[a.primary!]!.embedding !== undefined);
    }
    expect(embedded).toEqual([true, false, true, false, true]);
    // Frame 5 would be tracked: another person there fails the tracker's check, so it is detected and embedded.
    const other = await photo(path.join(FACES, 'joe_biden/1.jpg'));
    const swapped = await engine.analyze({ ...other, timestampMs: 500 }, { stream, embed: 'when-detected' });
    expect(swapped.faces[swapped.primary!]!.embedding).toBeDefined();
    // Without a stream, every frame.
    expect((await engine.analyze(obama[1]!, { embed: 'when-detected' })).faces[0]!.embedding).toBeDefined();
  });

  it('but follows a face that moved 20 px without it', async () => {
    const { tracked, full, stats } = await afterTracking('moved', shifted(obama[3]!, 20));
    expect(stats).toMatchObject({ frames: 1, detections: 0 });
    expect(tracked.guidance).toBe(full.guidance);
    const [a, b] = [primaryOf(full)!.box, primaryOf(tracked)!.box];
    expect(Math.abs(a.x1 - b.x1) / (a.x2 - a.x1)).toBeLessThan(0.05);
  });

  it('sees a second face walking in at most one frame late', async () => {
    const group = await photo(path.join(FACES, 'multi/obama_biden_2faces.jpg'));
    expect((await engine.analyze(group)).guidance).toBe('ONE_FACE_ONLY');
    // The fake camera with the other person's face pasted beside Obama's, from frame 3 on (a tracked frame).
    const two = (f: Frame): Frame => {
      const d = Uint8Array.from(f.data);
      for (let y = 0; y < 480; y++)
        for (let x = 0; x < 200; x++)
          for (let c = 0; c < 3; c++) d[(y * 640 + x) * 3 + c] = group.data[(y * 640 + x + 430) * 3 + c]!;
      return { ...f, data: d };
    };
    const frames = obama.slice(0, 8).map((f, i) => (i >= 3 ? two(f) : f));
    const guidance: string[] = [];
    const fullGuidance: string[] = [];
    for (const [i, f] of frames.entries()) {
      guidance.push((await engine.analyze({ ...f, timestampMs: i * 100 }, { stream: 'walk-in' })).guidance);
      fullGuidance.push((await engine.analyze(f)).guidance);
    }
    const first = fullGuidance.indexOf('ONE_FACE_ONLY');
    expect(first).toBe(3);
    expect(guidance.slice(0, 3)).toEqual(fullGuidance.slice(0, 3));
    expect(guidance.indexOf('ONE_FACE_ONLY')).toBeLessThanOrEqual(first + 1);
    expect(guidance.slice(first + 1)).toEqual(fullGuidance.slice(first + 1));
  });
});
