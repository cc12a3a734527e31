// `hexin liveness <video.y4m | folder of frames>`: runs the kiosk's liveness evaluator offline over a recording
// and prints the verdict (passive score, each challenge and why it failed). For operators investigating a
// complaint, and for tests. Frames go through the same VisionService (worker + ONNX models) as on the kiosk.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HexinError } from '../../../common/errors';
import { CHALLENGE_TYPES, type ChallengeType } from '../../liveness/config';
import { evaluateOffline, openFrameSource, type OfflineResult } from '../../liveness/offline';
import { benchLiveness, percentiles } from '../../liveness/bench';
import type { FrameSource } from '../../liveness/offline';
import { seededRandom } from '../../liveness/random';
import { traceFrame, type SignalTrace } from '../../liveness/trace';
import { VisionService } from '../../vision/service';
import type { Frame, FrameAnalysis } from '../../vision/types';
import { livenessConfigOption, modelsOption, readLivenessConfig } from '../options';
import { defineCommand } from '../spec';
import type { CliIo } from '../types';

function parseChallenges(list: string): ChallengeType[] {
  const items = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set<string>(CHALLENGE_TYPES);
  const bad = items.filter((s) => !known.has(s));
  if (bad.length || items.length === 0) {
    throw new HexinError(
      'BAD_REQUEST',
      `unknown challenge(s) ${bad.join(', ') || '(none)'}; use ${CHALLENGE_TYPES.join(', ')}`,
    );
  }
  return items as ChallengeType[];
}

function describe(r: OfflineResult): string {
  const lines = [
    `liveness: ${r.passed ? 'PASSED' : 'NOT PASSED'}${r.reason ? ` (${r.reason})` : ''}`,
    ...(r.detail ? [`  why: ${r.detail}`] : []),
    `  input: ${r.input.kind}, ${r.input.frames} frames at ${r.input.fps} fps${r.input.loops ? `, replayed ${r.input.loops}×` : ''}`,
    `  passive: ${r.passive.enabled ? `median live ${r.passive.score?.toFixed(3) ?? 'n/a'} over ${r.passive.frames} frames (threshold ${r.passive.threshold}) → ${r.passive.passed ? 'ok' : 'fail'}` : 'off'}`,
    ...r.challenges.map((c) => `  challenge ${c.type}: ${c.passed ? 'passed' : `failed (${c.reason})`}`),
  ];
  const o = r.observed;
  const range = (v: [number, number], d: number) => `${v[0].toFixed(d)}..${v[1].toFixed(d)}`;
  if (o) {
    lines.push(
      `  observed: eyes open ${range(o.eyesOpen, 2)}, yaw ${range(o.yaw, 1)}°, pitch ${range(o.pitch, 1)}°, mouth ${range(o.mouthOpenRatio, 2)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Per-frame cost: the vision analysis liveness needs, then what LivenessSession adds on the same frames. */
async function bench(source: FrameSource, vision: VisionService, io: CliIo, json: boolean): Promise<number> {
  const frames: Frame[] = [];
  const analyses: FrameAnalysis[] = [];
  const analyseMs: number[] = [];
  for (let i = 0; i < Math.min(source.count, 200); i++) {
    const f = await source.frame(i);
    const t0 = performance.now();
    analyses.push(await vision.analyze(f, { embed: true, antiSpoof: true }));
    analyseMs.push(performance.now() - t0);
    frames.push(f);
  }
  const liveness = benchLiveness(analyses, frames);
  const result = {
    frames: frames.length,
    size: `${frames[0]?.width}x${frames[0]?.height}`,
    analyse: percentiles(analyseMs),
    liveness,
  };
  if (json) io.stdout(JSON.stringify(result) + '\n');
  else {
    const row = (name: string, p: { p50: number; p95: number }) =>
      `  ${name.padEnd(38)} p50 ${p.p50.toFixed(3)} ms  p95 ${p.p95.toFixed(3)} ms`;
    io.stdout(
      [
        `liveness bench: ${result.frames} frames ${result.size}`,
        row('analysis (worker, embed+anti-spoof)', result.analyse),
        row('liveness onFrame, signals', liveness.signals),
        row('liveness onFrame, + pixel fingerprint', liveness.withPixels),
        row('liveness onFrame, colour flash', liveness.reflect),
        '',
      ].join('\n'),
    );
  }
  return 0;
}

export const livenessCommand = defineCommand(
  {
    name: 'liveness',
    summary: 'check liveness of a recorded video (.y4m) or folder of frames offline',
    args: '<video.y4m | folder-of-frames>',
    options: {
      challenges: {
        type: 'string',
        value: 'LIST',
        description: `comma-separated, in order: ${CHALLENGE_TYPES.join(', ')} (default: drawn at random like a kiosk session; see --seed)`,
      },
      seed: { type: 'integer', description: 'seed for the random draw (reproducible runs)' },
      fps: {
        type: 'number',
        min: 0,
        max: 1000,
        exclusive: true,
        default: 10,
        description: 'frame rate of a folder of frames (a .y4m carries its own)',
      },
      loop: {
        type: 'boolean',
        description: "replay the recording until the check ends (like the browser's fake camera)",
      },
      'no-passive': { type: 'boolean', description: 'skip the passive anti-spoofing verdict' },
      config: livenessConfigOption,
      models: modelsOption,
      trace: {
        type: 'string',
        value: 'FILE',
        description: 'also write the per-frame signals (pose, eyes, mouth, live score; no pixels) as JSON',
      },
      bench: {
        type: 'boolean',
        description: 'measure instead: vision analysis (embed + anti-spoof) and liveness time per frame',
      },
    },
    notes: 'exit code: 0 passed, 3 not passed, 1 error, 2 usage',
  },
  async ({ values, positionals }, io) => {
    const base = await readLivenessConfig(values.config);
    const config = values['no-passive'] ? { ...base, passive: { ...base.passive, enabled: false } } : base;
    const plan = values.challenges ? parseChallenges(values.challenges) : undefined;
    const seed = values.seed;
    const fps = values.fps;

    const input = positionals[0] as string;
    const source = await openFrameSource(input, fps);
    const trace: SignalTrace['frames'] = [];
    let size: { width: number; height: number } | undefined;
    const vision = VisionService.create(values.models ? { modelsDir: values.models } : {});
    try {
      await vision.ready();
      if (values.bench) return await bench(source, vision, io, values.json);
      const result = await evaluateOffline(
        source,
        // One camera stream, as the kiosk analyses a session (the face tracked between detections).
        (f) => vision.analyze(f, { embed: true, antiSpoof: config.passive.enabled, stream: 'offline' }),
        {
          config,
          ...(plan ? { plan } : {}),
          ...(seed !== undefined ? { random: seededRandom(seed) } : {}),
          loop: values.loop,
          onAnalysis: (a) => {
            size ??= { width: a.width, height: a.height };
            trace.push(traceFrame(a));
          },
        },
      );
      if (values.trace) {
        const doc: SignalTrace = {
          version: 1,
          source: path.basename(input),
          ...(size ?? { width: 1, height: 1 }),
          frames: trace,
        };
        await writeFile(values.trace, JSON.stringify(doc) + '\n').catch((e: Error) => {
          throw new HexinError('LIVENESS_INPUT', `cannot write ${values.trace}: ${e.message}`);
        });
      }
      if (values.json) io.stdout(JSON.stringify(result) + '\n');
      else io.stdout(describe(result));
      return result.passed ? 0 : 3;
    } finally {
      await vision.close();
    }
  },
);
