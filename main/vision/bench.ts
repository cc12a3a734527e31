// The vision benchmark behind `npm run bench` / `hexin bench`: per-stage p50/p95, the whole per-frame analysis,
// verification (align + embed + compare), model load time and peak RSS with onnxruntime-node, then the same
// per-frame analysis through onnxruntime-web (WASM, what browser SDKs use) in the same run, and the speed-up.
// Frames come from a y4m camera recording, downscaled beforehand the way the renderer sends them.
// The per-frame analysis is the kiosk's: one camera stream, the face tracked between detections (tracker.ts) and one
// heavy model per frame (schedule.ts). The
// full path (every model on every frame, as before tracking) runs on the same frames, interleaved, so the two are
// compared under the same load; the model calls per frame say what tracking spared independently of the load.
import os from 'node:os';
import sharp from 'sharp';
import * as ortNode from 'onnxruntime-node';
import { HexinError } from '../../common/errors';
import { cosine, ThresholdPolicy } from '../verify/match';
import { VisionEngine, type OrtRuntime, type StageName } from './engine';
import { embedReferenceWith } from './reference';
import type { Frame, FrameAnalysis } from './types';
import { readY4m } from './y4m';

export interface BenchOptions {
  video: string;
  /** Reference photo of the person in the video, for the verification step. */
  reference: string;
  modelsDir?: string;
  /** Size of the frames the renderer sends (default 320×240). */
  width: number;
  height: number;
  frames: number;
  wasmFrames: number;
  threads: number;
  wasm: boolean;
}

export interface Percentiles {
  n: number;
  /** Fastest sample: what the code can do when nothing else wants the CPU. */
  min: number;
  p50: number;
  p95: number;
}

/** Model runs per analysed frame (the full path runs each once per frame with one face). */
export interface ModelCalls {
  detect: number;
  antiSpoof: number;
  /** Detector runs on frames where tracking's check failed. */
  redetect: number;
  /** Pose-model runs (the pose comes from the landmarks on the other frames). */
  pose: number;
  /** Frames that ran more than one of detector, anti-spoofing and the pose model (stream starts). */
  multiHeavy: number;
}

export interface BenchResult {
  input: { video: string; width: number; height: number; channels: 4; frames: number };
  threads: number;
  /** 1-minute load average before and after the run: other processes on a 2-core machine skew every number. */
  loadAverage: { before: number; after: number; cpus: number };
  modelLoadMs: number;
  stages: Partial<Record<StageName, Percentiles>>;
  /** The kiosk's per-frame analysis (tracked stream). */
  frame: Percentiles;
  /** Every model on every frame, on the same frames, interleaved with `frame`. */
  frameFull: Percentiles;
  modelCalls: ModelCalls;
  verification: Percentiles;
  rssPeakMb: number;
  facesFound: number;
  wasm: {
    modelLoadMs: number;
    frame: Percentiles;
    frameFull: Percentiles;
    speedupP50: number;
    speedupP95: number;
    /** The same ratio for the full path. */
    fullSpeedupP50: number;
  } | null;
  targets: { name: string; target: string; reached: string; ok: boolean }[];
}

export function percentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const r = (v: number) => Number(v.toFixed(2));
  return { n: s.length, min: r(s[0] ?? NaN), p50: r(at(0.5)), p95: r(at(0.95)) };
}

/** RGBA frames at the renderer's size: the downscale happens in the renderer, so it is not timed here. */
async function rendererFrames(video: string, width: number, height: number): Promise<Frame[]> {
  const v = await readY4m(video);
  const frames: Frame[] = [];
  for (let i = 0; i < v.frameCount; i++) {
    const f = v.frame(i);
    const data = await sharp(f.data, { raw: { width: f.width, height: f.height, channels: 3 } })
      .resize(width, height, { fit: 'fill' })
      .ensureAlpha()
      .raw()
      .toBuffer();
    frames.push({ width, height, channels: 4, data: new Uint8Array(data), timestampMs: f.timestampMs });
  }
  return frames;
}

/** The i-th frame of the looped recording on a clock that keeps advancing (100 ms apart, the kiosk's rate). */
function streamFrame(frames: readonly Frame[], i: number): Frame {
  return { ...frames[i % frames.length], timestampMs: i * 100 };
}

/** Analyses frame i with the kiosk's tracked path and the full path, in alternating order; returns the two times. */
async function analyseBoth(
  engine: VisionEngine,
  frame: Frame,
  i: number,
  observe?: (stage: StageName, ms: number) => void,
): Promise<{ tracked: FrameAnalysis; trackedMs: number; fullMs: number }> {
  const runTracked = async () => {
    const t0 = performance.now();
    const a = await engine.analyze(frame, { antiSpoof: true, stream: 'bench' }, observe);
    return { a, ms: performance.now() - t0 };
  };
  const runFull = async () => {
    const t0 = performance.now();
    await engine.analyze(frame, { antiSpoof: true });
    return performance.now() - t0;
  };
  if (i % 2 === 0) {
    const t = await runTracked();
    return { tracked: t.a, trackedMs: t.ms, fullMs: await runFull() };
  }
  const fullMs = await runFull();
  const t = await runTracked();
  return { tracked: t.a, trackedMs: t.ms, fullMs };
}

async function loadEngine(ort: OrtRuntime, o: BenchOptions, providers?: string[]) {
  const t0 = performance.now();
  const { engine, error } = await VisionEngine.load(ort, {
    modelsDir: o.modelsDir,
    intraOpThreads: o.threads,
    executionProviders: providers,
  });
  if (!engine) throw error ?? new HexinError('MODEL_LOAD', 'models did not load');
  return { engine, loadMs: performance.now() - t0 };
}

export async function runBench(
  o: BenchOptions,
  progress: (line: string) => void = () => {},
  /** Sees each distinct frame once with its analysis (embedding included), e.g. to time liveness on them. */
  onAnalysis?: (frame: Frame, analysis: FrameAnalysis) => void,
): Promise<BenchResult> {
  const loadBefore = os.loadavg()[0];
  const frames = await rendererFrames(o.video, o.width, o.height);
  const referenceBytes = new Uint8Array(await sharp(o.reference).toBuffer());

  progress('onnxruntime-node: loading models…');
  const node = await loadEngine(ortNode as unknown as OrtRuntime, o);
  const reference = await embedReferenceWith(node.engine, referenceBytes);
  const policy = new ThresholdPolicy();

  for (let i = 0; i < 5; i++) await node.engine.analyze(frames[i % frames.length], { antiSpoof: true });
  const stageSamples = new Map<StageName, number[]>();
  const observe = (stage: StageName, ms: number) =>
    stageSamples.set(stage, [...(stageSamples.get(stage) ?? []), ms]);
  const frameMs: number[] = [];
  const fullMs: number[] = [];
  const verifyMs: number[] = [];
  let facesFound = 0;
  progress(`onnxruntime-node: ${o.frames} frames, tracked and full path interleaved…`);
  node.engine.tracker.takeStats();
  for (let i = 0; i < o.frames; i++) {
    const frame = streamFrame(frames, i);
    const { tracked: a, trackedMs, fullMs: full } = await analyseBoth(node.engine, frame, i, observe);
    frameMs.push(trackedMs);
    fullMs.push(full);
    if (a.primary === null) continue;
    facesFound++;
    const t1 = performance.now();
    const embedding = await node.engine.embed(frame, a.faces[a.primary].fivePoints);
    const t2 = performance.now();
    policy.decide(cosine(embedding, reference.embedding), 'full');
    verifyMs.push(performance.now() - t1);
    observe('embed', t2 - t1);
    if (onAnalysis && i < frames.length) {
      const faces = a.faces.map((f, k) => (k === a.primary ? { ...f, embedding } : f));
      onAnalysis(frame, { ...a, faces });
    }
  }
  const calls = node.engine.tracker.takeStats();
  const perFrame = (n: number) => Number((n / Math.max(1, calls.frames)).toFixed(2));
  const modelCalls: ModelCalls = {
    detect: perFrame(calls.detections),
    antiSpoof: perFrame(calls.antiSpoofRuns),
    redetect: perFrame(calls.redetections),
    pose: perFrame(calls.poseRuns),
    multiHeavy: calls.multiHeavy,
  };
  await node.engine.close();
  const rssPeakMb = process.resourceUsage().maxRSS / 1024;

  let wasm: BenchResult['wasm'] = null;
  if (o.wasm) {
    progress('onnxruntime-web (WASM): loading models…');
    const ortWeb = await import('onnxruntime-web');
    ortWeb.env.wasm.numThreads = o.threads; // browser SDKs without cross-origin isolation get 1 thread
    const web = await loadEngine(ortWeb as unknown as OrtRuntime, o, ['wasm']);
    await web.engine.analyze(frames[0], { antiSpoof: true });
    const wasmMs: number[] = [];
    const wasmFullMs: number[] = [];
    progress(`onnxruntime-web (WASM): ${o.wasmFrames} frames, tracked and full path interleaved…`);
    for (let i = 0; i < o.wasmFrames; i++) {
      const r = await analyseBoth(web.engine, streamFrame(frames, i), i);
      wasmMs.push(r.trackedMs);
      wasmFullMs.push(r.fullMs);
    }
    await web.engine.close();
    const f = percentiles(wasmMs);
    const n = percentiles(frameMs);
    wasm = {
      modelLoadMs: Number(web.loadMs.toFixed(0)),
      frame: f,
      frameFull: percentiles(wasmFullMs),
      speedupP50: Number((f.p50 / n.p50).toFixed(1)),
      speedupP95: Number((f.p95 / n.p95).toFixed(1)),
      fullSpeedupP50: Number((percentiles(wasmFullMs).p50 / percentiles(fullMs).p50).toFixed(1)),
    };
  }

  const stages: BenchResult['stages'] = {};
  for (const [stage, samples] of stageSamples) stages[stage] = percentiles(samples);
  const frame = percentiles(frameMs);
  const verification = percentiles(verifyMs);
  const targets = [
    { name: 'per-frame p95', target: '≤ 12 ms', reached: `${frame.p95} ms`, ok: frame.p95 <= 12 },
    {
      name: 'verification p95',
      target: '≤ 10 ms',
      reached: `${verification.p95} ms`,
      ok: verification.p95 <= 10,
    },
    {
      name: 'models ready',
      target: '≤ 1000 ms',
      reached: `${node.loadMs.toFixed(0)} ms`,
      ok: node.loadMs <= 1000,
    },
    { name: 'peak RSS', target: '≤ 300 MB', reached: `${rssPeakMb.toFixed(0)} MB`, ok: rssPeakMb <= 300 },
  ];
  if (wasm)
    targets.push({
      name: 'speed-up vs WASM (p50)',
      target: '≥ 3×',
      reached: `${wasm.speedupP50}×`,
      ok: wasm.speedupP50 >= 3,
    });
  return {
    input: { video: o.video, width: o.width, height: o.height, channels: 4, frames: frames.length },
    threads: o.threads,
    loadAverage: {
      before: round2(loadBefore),
      after: round2(os.loadavg()[0]),
      cpus: os.availableParallelism(),
    },
    modelLoadMs: Number(node.loadMs.toFixed(0)),
    stages,
    frame,
    frameFull: percentiles(fullMs),
    modelCalls,
    verification,
    rssPeakMb: Number(rssPeakMb.toFixed(0)),
    facesFound,
    wasm,
    targets,
  };
}

function round2(v: number): number {
  return Number(v.toFixed(2));
}
