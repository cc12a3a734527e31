// Tracked analysis (main/vision/tracker.ts, [Note: tracked analysis]) against the full path, with the real models
// on real recordings: the kiosk's stream of frames must give the same guidance on every frame and the same
// liveness outcome, every frame's mouth (the voice binding reads it), while running the detector and the
// anti-spoofing model on about half the frames; and the detector must run again on the very frame where the face
// is lost, replaced or jumps, and see a second face at most one frame late.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLivenessConfig } from '../../../main/liveness/config';
import { evaluateOffline, openFrameSource, type FrameAnalyser } from '../../../main/liveness/offline';
import type { VisionEngine } from '../../../main/vision/engine';
import { boxFromLandmarks, FaceTracker, relationOf } from '../../../main/vision/tracker';
import type { Frame, FrameAnalysis, Point } from '../../../main/vision/types';
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

  it('schedules the detector and anti-spoofing: every other frame, never both on a tracked stream, from scratch on a new stream or a clock that does not advance', () => {
    const tracker = new FaceTracker();
    const frame = (t: number): Frame => ({
      width: 640,
      height: 480,
      channels: 3,
      data: new Uint8Array(0),
      timestampMs: t,
    });
    const box = { x1: 90, y1: 60, x2: 190, y2: 160, score: 0.99 };
    const luma = new Float32Array(64 * 64).fill(100);
    const detection = () => tracker.detected([box], { box, points, luma, mean: 100, std: 10 });
    expect(tracker.begin('s', frame(0))).toBeNull();
    detection();
    expect(tracker.antiSpoofDue(true)).toBe(false);
    tracker.end(false);
    const tracked = tracker.begin('s', frame(100));
    expect(tracked).not.toBeNull();
    expect(tracker.follow(tracked!, points)).not.toBeNull();
    expect(tracker.accept(points, luma, 100, 10)).toBe(true);
    expect(tracker.antiSpoofDue(false)).toBe(true);
    tracker.end(true);
    expect(tracker.begin('s', frame(200))).toBeNull(); // every other frame: the detector
    detection();
    tracker.end(tracker.antiSpoofDue(true));
    expect(tracker.begin('s', frame(200))).toBeNull(); // the clock did not advance
    expect(tracker.begin('other', frame(300))).toBeNull();
    detection();
    tracker.end(false);
    expect(tracker.begin('other', frame(1400))).toBeNull(); // a gap over maxGapMs
    // Two faces: nothing is followed, the detector runs on every frame.
    tracker.detected([box, { ...box, x1: 300, x2: 400 }], { box, points, luma, mean: 100, std: 10 });
    tracker.end(false);
    expect(tracker.begin('other', frame(1500))).toBeNull();
    expect(tracker.takeStats()).toMatchObject({
      frames: 7,
      detections: 4,
      redetections: 0,
      antiSpoofRuns: 1,
    });
    // antiSpoofEvery 1: every frame scores, detection frames too.
    const everyFrame = new FaceTracker({ antiSpoofEvery: 1 });
    for (let t = 0; t < 400; t += 100) {
      const b = everyFrame.begin('s', frame(t));
      if (!b) everyFrame.detected([box], { box, points, luma, mean: 100, std: 10 });
      else everyFrame.accept(points, luma, 100, 10);
      expect(everyFrame.antiSpoofDue(!b)).toBe(true);
      everyFrame.end(true);
    }
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
    '%s: same guidance every frame, same mouth, half the detector and anti-spoofing runs',
    async (name, load) => {
      const frames = await load();
      engine.tracker.takeStats();
      const yawDiffs: number[] = [];
      for (const f of frames) {
        const full = await engine.analyze(f, { antiSpoof: true });
        const tracked = await engine.analyze(f, { antiSpoof: true, stream: name });
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
        yawDiffs.push(Math.abs(a.pose.yaw - b.pose.yaw), Math.abs(a.pose.pitch - b.pose.pitch));
        if (b.live !== undefined) expect(Math.abs(a.live! - b.live)).toBeLessThan(0.05);
      }
      // Pose on a crop a few pixels off: within the pose model's own frame-to-frame jitter on a still (11.7°).
      yawDiffs.sort((x, y) => x - y);
      expect(yawDiffs[yawDiffs.length >> 1]).toBeLessThan(1);
      expect(yawDiffs[yawDiffs.length - 1]).toBeLessThan(10);
      const stats = engine.tracker.takeStats();
      expect(stats.frames).toBe(frames.length);
      expect(stats.redetections).toBe(0);
      expect(stats.detections).toBe(Math.ceil(frames.length / 2));
      expect(stats.antiSpoofRuns).toBe(Math.floor(frames.length / 2));
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
    // The passive verdict from half the scores: same decision (this digital still is "live" to the model).
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
    // The fake camera with the other person's face pasted beside Obama's, from frame 3 on.
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
