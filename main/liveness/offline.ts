// Offline liveness: the same LivenessSession run over a recording (a .y4m video or a folder of frame images),
// for operators investigating a complaint and for tests. Frames are analysed one after another by whatever
// analyser is passed in (the vision engine in the CLI), with embeddings and anti-spoofing on every frame.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, HexinError } from '../../common/errors';
import { decodeImage } from '../vision/decode';
import type { Frame, FrameAnalysis } from '../vision/types';
import { readY4m } from '../vision/y4m';
import type { ChallengeType, LivenessConfig } from './config';
import type { RandomSource } from './random';
import { LivenessSession, type LivenessResult } from './session';

/** Frames of a recording, random access, with timestamps on the recording's clock. */
export interface FrameSource {
  kind: 'y4m' | 'frames';
  count: number;
  fps: number;
  frame(i: number): Promise<Frame>;
}

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp']);
const MAX_FOLDER_FRAMES = 3000;

/** Opens a .y4m file or a folder of images (sorted by name, played at `fps`). Bad input is LIVENESS_INPUT. */
export async function openFrameSource(input: string, fps = 10): Promise<FrameSource> {
  if (!(fps > 0 && fps <= 120))
    throw new HexinError('LIVENESS_INPUT', `--fps must be in (0, 120], got ${fps}`);
  const info = await stat(input).catch((e: NodeJS.ErrnoException) => {
    throw new HexinError('LIVENESS_INPUT', `cannot open ${input}: ${e.code ?? e.message}`);
  });
  if (info.isDirectory()) {
    const names = (await readdir(input))
      .filter((n) => IMAGE_EXT.has(path.extname(n).toLowerCase()))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (names.length === 0) throw new HexinError('LIVENESS_INPUT', `no .jpg/.png/.webp frames in ${input}`);
    if (names.length > MAX_FOLDER_FRAMES)
      throw new HexinError('LIVENESS_INPUT', `more than ${MAX_FOLDER_FRAMES} frames in ${input}`);
    return {
      kind: 'frames',
      count: names.length,
      fps,
      async frame(i) {
        const f = await decodeImage(path.join(input, names[i] as string));
        return { ...f, timestampMs: (i * 1000) / fps };
      },
    };
  }
  if (path.extname(input).toLowerCase() !== '.y4m') {
    throw new HexinError('LIVENESS_INPUT', `${input}: expected a .y4m video or a folder of frames`);
  }
  const video = await readY4m(input).catch((e: unknown) => {
    throw new HexinError('LIVENESS_INPUT', `${input}: ${errorMessage(e)}`);
  });
  const videoFps = video.fps > 0 ? video.fps : fps;
  return {
    kind: 'y4m',
    count: video.frameCount,
    fps: videoFps,
    frame: async (i) => ({ ...video.frame(i), timestampMs: (i * 1000) / videoFps }),
  };
}

export type FrameAnalyser = (frame: Frame) => Promise<FrameAnalysis>;

export interface OfflineOptions {
  config: LivenessConfig;
  /** Fixed challenges; otherwise drawn from `random`. */
  plan?: readonly ChallengeType[];
  random?: RandomSource;
  /** Replay the recording from the start until the session ends (like the browser's fake camera loops). */
  loop?: boolean;
  /** Called with every analysed frame (after its timestamp is set), e.g. to write a signal trace. */
  onAnalysis?: (analysis: FrameAnalysis) => void;
  /** Called per frame with the analysis time and the liveness time (ms), for the benchmark. */
  onTiming?: (analyseMs: number, livenessMs: number) => void;
}

export interface OfflineResult extends LivenessResult {
  plan: ChallengeType[];
  input: { kind: FrameSource['kind']; frames: number; fps: number; loops: number };
}

/** Runs one liveness session over the recording and returns its result (colour flash is not replayable: off). */
export async function evaluateOffline(
  source: FrameSource,
  analyse: FrameAnalyser,
  options: OfflineOptions,
): Promise<OfflineResult> {
  // A recording cannot respond to this run's random colours, so reflect is always off offline.
  const config: LivenessConfig = {
    ...options.config,
    reflect: { ...options.config.reflect, enabled: false },
  };
  const session = new LivenessSession(config, {
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const frameMs = 1000 / source.fps;
  const period = source.count * frameMs;
  let loops = 0;
  let result: LivenessResult | null = null;
  while (!result) {
    for (let i = 0; i < source.count && !result; i++) {
      const frame = await source.frame(i);
      const t0 = performance.now();
      const analysis = await analyse(frame);
      const t1 = performance.now();
      // On a loop, time keeps running: the replay continues the recording's clock.
      analysis.timestampMs = frame.timestampMs + loops * period;
      options.onAnalysis?.(analysis);
      const step = session.onFrame(analysis, { nonce: session.nonce, frame });
      options.onTiming?.(t1 - t0, performance.now() - t1);
      if (step.done) result = step.result ?? null;
    }
    if (result) break;
    if (!options.loop) {
      result = session.end('input ended');
      break;
    }
    loops++;
    if (loops * period > config.guards.maxTotalMs) result = session.end('total time bound reached');
  }
  return {
    ...result,
    plan: [...session.plan],
    input: { kind: source.kind, frames: source.count, fps: source.fps, loops },
  };
}
