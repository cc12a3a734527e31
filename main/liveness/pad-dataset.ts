// Reads a presentation-attack test set from a folder and scores it with the vision models, for `hexin pad-eval`.
//
// Layout: <folder>/<class>/<subject>/<captures>. The class `genuine` (or `bona-fide`, `live`, `real`) holds the
// real people; every other class folder is one attack species, named by the folder (print-attack, screen-replay,
// digital-photo…). Captures are still images or .y4m recordings:
// - images whose names end in a number (`0001_00_00_01_12.jpg`, NUAA's `<subject>_<glasses>_<position>_<session>_
//   <picture>`) form one capture sequence per name without that number, in picture order; a name without a
//   trailing number is a sequence of its own;
// - a .y4m file is one recording; its frames are analysed once, then also replayed through the liveness session
//   with each active challenge (a recording cannot answer the colour flash, so that is not replayable).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, HexinError } from '../../common/errors';
import { decodeImage } from '../vision/decode';
import type { FaceAnalysis, FrameAnalysis } from '../vision/types';
import { CHALLENGE_TYPES, type ChallengeType, type LivenessConfig } from './config';
import { evaluateOffline, openFrameSource, type FrameAnalyser } from './offline';
import { BONA_FIDE } from './pad-metrics';

const GENUINE_NAMES = new Set(['genuine', 'bona-fide', 'bonafide', 'live', 'real']);
const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp']);
/** Bounds on what one run reads (a folder is an operator's choice, but a typo must not read a whole disk). */
const MAX_FILES = 20_000;
const MAX_RECORDING_FRAMES = 600;

export interface CaptureSequence {
  kind: string;
  subject: string;
  id: string;
  /** Image files in capture order, or one .y4m file. */
  files: string[];
  video: boolean;
}

/** Lists the captures of a test set (no decoding). Bad layout is LIVENESS_INPUT with what was expected. */
export async function listCaptures(root: string): Promise<CaptureSequence[]> {
  const rootStat = await stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) throw new HexinError('LIVENESS_INPUT', `${root} is not a folder`);
  const classes = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory());
  const out: CaptureSequence[] = [];
  let files = 0;
  for (const cls of classes.sort((a, b) => a.name.localeCompare(b.name))) {
    const kind = GENUINE_NAMES.has(cls.name.toLowerCase()) ? BONA_FIDE : cls.name;
    const subjects = (await readdir(path.join(root, cls.name), { withFileTypes: true })).filter((d) =>
      d.isDirectory(),
    );
    for (const subj of subjects.sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = path.join(root, cls.name, subj.name);
      const names = (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      files += names.length;
      if (files > MAX_FILES)
        throw new HexinError('LIVENESS_INPUT', `more than ${MAX_FILES} files under ${root}`);
      const sequences = new Map<string, { n: number; file: string }[]>();
      for (const name of names) {
        const ext = path.extname(name).toLowerCase();
        const file = path.join(dir, name);
        if (ext === '.y4m') {
          out.push({
            kind,
            subject: subj.name,
            id: `${cls.name}/${subj.name}/${name}`,
            files: [file],
            video: true,
          });
          continue;
        }
        if (!IMAGE_EXT.has(ext)) continue;
        const stem = name.slice(0, -ext.length);
        const m = /^(.*?)[_-](\d+)$/.exec(stem);
        const key = m ? (m[1] as string) : stem;
        const list = sequences.get(key) ?? [];
        list.push({ n: m ? Number(m[2]) : 0, file });
        sequences.set(key, list);
      }
      for (const [key, list] of sequences) {
        list.sort((a, b) => a.n - b.n);
        out.push({
          kind,
          subject: subj.name,
          id: `${cls.name}/${subj.name}/${key}`,
          files: list.map((f) => f.file),
          video: false,
        });
      }
    }
  }
  if (!out.some((s) => s.kind === BONA_FIDE) && !out.some((s) => s.kind !== BONA_FIDE)) {
    throw new HexinError(
      'LIVENESS_INPUT',
      `no captures under ${root}: expected <class>/<subject>/<images or .y4m>, class "genuine" or an attack name`,
    );
  }
  return out;
}

/** The face the liveness session would judge: the primary one, and none when several faces compete. */
export function judgedFace(a: FrameAnalysis): FaceAnalysis | null {
  if (a.primary === null || a.guidance === 'ONE_FACE_ONLY') return null;
  return a.faces[a.primary] ?? null;
}

export interface ScoredSequence extends CaptureSequence {
  /** Live probability per frame (null: no usable face in that frame). */
  frameScores: (number | null)[];
  /** For recordings: the challenge types a replay of it passes (passive left to the caller). */
  active?: { passed: ChallengeType[]; failed: { type: ChallengeType; reason: string | null }[] };
}

export interface AnalyserLike {
  analyze(
    frame: Parameters<FrameAnalyser>[0],
    opts: { embed?: boolean; antiSpoof?: boolean; stream?: string },
  ): Promise<FrameAnalysis>;
}

export interface ScoreOptions {
  /**
   * Analyse each sequence as one camera stream, as the kiosk analyses a session: the face tracked between
   * detections (main/vision/tracker.ts), images 100 ms apart. Without it every image is analysed on its own.
   */
  stream?: boolean;
}

/** Scores every frame of a sequence with the models; recordings are also replayed against each challenge. */
export async function scoreSequence(
  seq: CaptureSequence,
  vision: AnalyserLike,
  config: LivenessConfig,
  options: ScoreOptions = {},
): Promise<ScoredSequence> {
  const stream = options.stream ? { stream: seq.id } : {};
  if (!seq.video) {
    const frameScores: (number | null)[] = [];
    for (const [i, file] of seq.files.entries()) {
      const frame = await decodeImage(file).catch((e: unknown) => {
        throw new HexinError('LIVENESS_INPUT', `${file}: ${errorMessage(e)}`);
      });
      const timestampMs = options.stream ? i * 100 : 0;
      const a = await vision.analyze({ ...frame, timestampMs }, { antiSpoof: true, ...stream });
      frameScores.push(judgedFace(a)?.live ?? null);
    }
    return { ...seq, frameScores };
  }
  const source = await openFrameSource(seq.files[0] as string);
  if (source.count > MAX_RECORDING_FRAMES)
    throw new HexinError('LIVENESS_INPUT', `${seq.id}: more than ${MAX_RECORDING_FRAMES} frames`);
  // Each frame is analysed once (the expensive part) and the analyses replayed for every challenge type.
  const cache = new Map<number, FrameAnalysis>();
  const frameScores: (number | null)[] = [];
  for (let i = 0; i < source.count; i++) {
    const f = await source.frame(i);
    const a = await vision.analyze(f, { embed: true, antiSpoof: true, ...stream });
    cache.set(i, a);
    frameScores.push(judgedFace(a)?.live ?? null);
  }
  const frameMs = 1000 / source.fps;
  const replay: FrameAnalyser = (f) => {
    const i = Math.round((f.timestampMs ?? 0) / frameMs) % source.count;
    return Promise.resolve(structuredClone(cache.get(i) as FrameAnalysis));
  };
  const passed: ChallengeType[] = [];
  const failed: { type: ChallengeType; reason: string | null }[] = [];
  const activeConfig = { ...config, active: true, passive: { ...config.passive, enabled: false } };
  for (const type of CHALLENGE_TYPES) {
    // Like the browser's fake camera, the recording loops until the check ends.
    const r = await evaluateOffline(source, replay, { config: activeConfig, plan: [type], loop: true });
    if (r.passed) passed.push(type);
    else failed.push({ type, reason: r.reason });
  }
  return { ...seq, frameScores, active: { passed, failed } };
}
