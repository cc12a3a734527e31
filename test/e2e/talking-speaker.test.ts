// The read-aloud e2e's talking-speaker fixture (e2e/talking-speaker.ts) fits the checks it meets in the browser, at
// every phase of the camera loop. Chromium's fake camera and microphone loop independently, so one e2e run sees
// one phase only; here the fixture's files go through the real models at all 55 phases of the 2.2 s camera loop:
// the recording as the renderer's end rule cuts it (the microphone starts at the file's start each reading), the
// camera frames at the renderer's 320×240 and ~8 fps, Silero VAD, the voice-activity check and the voice binding
// against the read-aloud sentence of the e2e; and the card: passive anti-spoofing and the match against its chip
// photo (made by the simulator's own encoder from the clip's frame).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTalkingSpeaker, type TalkingSpeaker } from '../../e2e/talking-speaker';
import { encodeChipPhoto, SimulatedPhotoDecoder } from '../../main/devices/idcard/sim-photo';
import { vadConfigSchema } from '../../main/intent/config';
import type { PcmAudio } from '../../main/intent/pcm';
import { countSyllables } from '../../main/intent/sentence';
import { VadClient, type VadAnalysis } from '../../main/intent/vad-client';
import { assessVoiceActivity } from '../../main/intent/voice-activity';
import { assessVoiceBinding, type MouthSample } from '../../main/intent/voice-binding';
import { PASSIVE_THRESHOLD } from '../../main/liveness/config';
import { cosine, DEFAULT_THRESHOLDS } from '../../main/verify/match';
import { VisionService } from '../../main/vision/service';
import { readY4m } from '../../main/vision/y4m';
import { EndRule, rms } from '../../renderer/src/intent/pcm';

/** The sentence flow-intent.spec.ts shows, as spoken (digits as words). */
const SYLLABLES = countSyllables('本人自愿办理开立个人账户，确认码四零一二。', 'zh-CN');
const FRAME_MS = 40; // the y4m's 25 fps
const RENDERER_FRAME_MS = 125; // the renderer's frame cap, 8 fps

let dir: string;
let speaker: TalkingSpeaker;
let vision: VisionService;
let vad: VadClient;

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-y', '-hide_banner', '-loglevel', 'error', ...args]);
}

/** The WAV as 16 kHz mono, cut where the renderer's end rule (1.5 s quiet after the voice) stops the recording. */
function recording(): PcmAudio {
  const raw = path.join(dir, 'mic.pcm');
  ffmpeg(['-i', speaker.micFile, '-ac', '1', '-ar', '16000', '-f', 's16le', raw]);
  const b = readFileSync(raw);
  const all = new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const rule = new EndRule({ minMs: 1_000, maxMs: 15_000 });
  const chunk = 320; // 20 ms
  for (let at = 0; at + chunk <= all.length; at += chunk) {
    const floats = Float32Array.from(all.subarray(at, at + chunk), (v) => v / 32768);
    if (rule.push(rms(floats), 20) !== 'continue')
      return { sampleRate: 16_000, samples: all.slice(0, at + chunk) };
  }
  throw new Error('the recording never ended by itself');
}

interface SeenFrame {
  mouthOpen: number | null;
  embedding: Float32Array | undefined;
  live: number | undefined;
}

let audio: PcmAudio;
let analysis: VadAnalysis;
let frames: SeenFrame[];
let chipReference: Float32Array;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hexin-talking-'));
  speaker = buildTalkingSpeaker(dir);
  vision = VisionService.create({ intraOpThreads: 1 });
  vad = new VadClient();
  await vision.ready();
  audio = recording();
  analysis = await vad.analyse(audio);
  const small = path.join(dir, 'camera-320.y4m');
  ffmpeg(['-i', speaker.cameraFile, '-vf', 'scale=320:240', '-f', 'yuv4mpegpipe', small]);
  const video = await readY4m(small);
  frames = [];
  for (let i = 0; i < video.frameCount; i++) {
    const a = await vision.analyze(
      { ...video.frame(i), timestampMs: i * FRAME_MS },
      { embed: true, antiSpoof: true },
    );
    const face = a.primary === null ? undefined : a.faces[a.primary];
    frames.push({ mouthOpen: face?.mouthOpenRatio ?? null, embedding: face?.embedding, live: face?.live });
  }
  const chip = await new SimulatedPhotoDecoder().decode(
    await encodeChipPhoto(speaker.photoFile, speaker.photoFace),
  );
  chipReference = (await vision.embedReference({ ...chip, timestampMs: 0 })).embedding;
}, 180_000);

afterAll(async () => {
  await vision?.close();
  await vad?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the talking-speaker fixture', () => {
  it('is a live face in every frame that matches the card made from the clip', () => {
    expect(frames).toHaveLength(55);
    for (const f of frames) {
      expect(f.live).toBeGreaterThan(PASSIVE_THRESHOLD);
      expect(cosine(f.embedding!, chipReference)).toBeGreaterThan(DEFAULT_THRESHOLDS.chip);
    }
  });

  it('is heard as a reading of the sentence: the recording ends by itself, with speech for its length', () => {
    expect(audio.samples.length / 16).toBeGreaterThan(9_000);
    expect(audio.samples.length / 16).toBeLessThan(12_000);
    const voice = assessVoiceActivity(
      analysis.probabilities,
      analysis.frameMs,
      SYLLABLES,
      vadConfigSchema.parse({}),
    );
    expect(voice).toMatchObject({ passed: true });
  });

  it('binds the voice to the face at every phase of the camera loop', () => {
    const loopMs = frames.length * FRAME_MS;
    const durationMs = audio.samples.length / 16;
    const verdicts = [];
    for (let phase = 0; phase < loopMs; phase += FRAME_MS) {
      // The probe kept at the match: the face at the moment the check passed (here the loop's first frame).
      const probe = frames[0]!.embedding!;
      const mouth: MouthSample[] = [];
      for (let t = 0; t <= durationMs; t += RENDERER_FRAME_MS) {
        const f = frames[Math.floor(((t + phase) % loopMs) / FRAME_MS)]!;
        mouth.push({
          timestampMs: t,
          mouthOpen: f.mouthOpen,
          sameFace: f.embedding ? cosine(f.embedding, probe) >= DEFAULT_THRESHOLDS.chip : null,
        });
      }
      verdicts.push({ phase, ...assessVoiceBinding(audio, analysis, mouth, SYLLABLES) });
    }
    const failed = verdicts.filter((v) => !v.passed).map((v) => `${v.phase} ms: ${v.failure} ${v.detail}`);
    expect(failed).toEqual([]);
    // Margins (measured: deviation ≥ 0.014, still speech ≤ 128 ms, 16 syllables in 10–29).
    expect(Math.min(...verdicts.map((v) => v.mouthStd!))).toBeGreaterThan(0.01);
    expect(Math.max(...verdicts.map((v) => v.stillSpeechMs))).toBeLessThanOrEqual(160);
    const { heard, min, max } = verdicts[0]!.syllables;
    expect(heard - min).toBeGreaterThanOrEqual(3);
    expect(max - heard).toBeGreaterThanOrEqual(3);
  });
});
