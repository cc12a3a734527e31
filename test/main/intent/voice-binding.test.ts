// Voice bound to the face, on real recordings: GRID talking-face clips (../shared/talking/grid) decoded by ffmpeg
// into camera frames (every third frame: ~8 fps, the kiosk's frame rate) and 16 kHz audio from the same clip, the
// frames through the real vision models and the audio through Silero VAD. The speaker with their own voice
// passes; a still frame with the real voice, and the voice with no face, fail with the reason. Syllable counts on
// real Mandarin voices (../shared/speech-zh, two-syllable words of many speakers).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, type PcmAudio } from '../../../main/intent/pcm';
import { buildSentence } from '../../../main/intent/sentence';
import { syllableNuclei } from '../../../main/intent/syllables';
import { VadClient } from '../../../main/intent/vad-client';
import {
  assessVoiceBinding,
  DEFAULT_VOICE_BINDING,
  type MouthSample,
} from '../../../main/intent/voice-binding';
import { decodeImage } from '../../../main/vision/decode';
import { VisionService } from '../../../main/vision/service';
import type { Frame } from '../../../main/vision/types';
import { GRID_CLIP_NAMES, GRID_CLIPS, gridAudio, gridFrames, type GridClip } from '../../fixtures/grid-clips';
import { synthesise } from './audio-fixtures';

const SPEECH_ZH = path.resolve('../shared/speech-zh/dspspeech20/speech_data');
const NON_FACE = path.resolve('../shared/faces/non_faces/landscape.jpg');
const CLIPS = { bbaf2n: 6, swiz3n: 6 } as const;
const STEP = 3; // every third frame of 25 fps

let dir: string;
let vision: VisionService;
let vad: VadClient;

const audioOf = (clip: GridClip): PcmAudio => gridAudio(clip, dir);

/** Every third frame (~8 fps, the kiosk's rate), from the `phase`-th. */
async function framesOf(clip: GridClip, phase = 0): Promise<Frame[]> {
  return (await gridFrames(clip, dir)).filter((_, i) => i % STEP === phase);
}

/** The camera side as the session would see it: mouth opening and same-face per frame. */
async function mouthTrack(frames: Frame[], embed = true): Promise<MouthSample[]> {
  const out: MouthSample[] = [];
  let reference: Float32Array | null = null;
  for (const f of frames) {
    const a = await vision.analyze(f, { embed });
    const face = a.primary !== null ? a.faces[a.primary] : undefined;
    let sameFace: boolean | null = null;
    if (face?.embedding) {
      reference ??= face.embedding;
      let dot = 0;
      for (let i = 0; i < reference.length; i++)
        dot += (reference[i] as number) * (face.embedding[i] as number);
      sameFace = dot >= 0.35;
    }
    out.push({ timestampMs: f.timestampMs, mouthOpen: face ? face.mouthOpenRatio : null, sameFace });
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hexin-binding-'));
  vision = VisionService.create({ intraOpThreads: 1 });
  vad = new VadClient();
  await vision.ready();
});

afterAll(async () => {
  await vision?.close();
  await vad?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('voice bound to the face (GRID talking faces, real models)', () => {
  it('a speaker with their own voice passes', async () => {
    for (const [clip, syllables] of Object.entries(CLIPS) as [GridClip, number][]) {
      const audio = audioOf(clip);
      const r = assessVoiceBinding(
        audio,
        await vad.analyse(audio),
        await mouthTrack(await framesOf(clip)),
        syllables,
      );
      expect(r, clip).toMatchObject({ passed: true, failure: null });
      expect(r.faceCoverage, clip).toBe(1);
    }
  });

  it('a still frame with the real voice fails: the mouth does not move', async () => {
    const frames = await framesOf('bbaf2n');
    const still = frames[10] as Frame;
    const audio = audioOf('bbaf2n');
    const track = await mouthTrack(frames.map((f) => ({ ...still, timestampMs: f.timestampMs })));
    const r = assessVoiceBinding(audio, await vad.analyse(audio), track, 6);
    expect(r).toMatchObject({ passed: false, failure: 'INTENT_BINDING_MOUTH_STILL' });
    expect(r.detail).toMatch(/mouth opening varied/);
  });

  it('the voice with no face in view fails', async () => {
    const empty = await decodeImage(NON_FACE);
    const audio = audioOf('lbax4n');
    const track = await mouthTrack(
      Array.from({ length: 25 }, (_, i) => ({ ...empty, timestampMs: i * 120 })),
    );
    const r = assessVoiceBinding(audio, await vad.analyse(audio), track, 6);
    expect(r).toMatchObject({ passed: false, failure: 'INTENT_BINDING_NO_FACE', faceCoverage: 0 });
  });

  it('another person taking over while the voice speaks fails', async () => {
    const audio = audioOf('swiz3n');
    // The second half of the camera frames show another speaker; same-face is judged against the first one.
    const mixed = await mouthTrack([
      ...(await framesOf('swiz3n')).slice(0, 12),
      ...(await framesOf('bbaf2n')).slice(12),
    ]);
    expect(mixed.slice(0, 12).every((m) => m.sameFace !== false)).toBe(true);
    const r = assessVoiceBinding(audio, await vad.analyse(audio), mixed, 6);
    expect(r).toMatchObject({ passed: false, failure: 'INTENT_BINDING_FACE_CHANGED' });
  });

  it('too few or too many syllables for the sentence fail', async () => {
    // "set white in z three now": six syllables, heard as six.
    const audio = audioOf('swiz3n');
    const track = await mouthTrack(await framesOf('swiz3n'));
    const probs = await vad.analyse(audio);
    expect(assessVoiceBinding(audio, probs, track, 6)).toMatchObject({ passed: true });
    expect(assessVoiceBinding(audio, probs, track, 16)).toMatchObject({
      failure: 'INTENT_BINDING_SYLLABLES',
    });
    expect(assessVoiceBinding(audio, probs, track, 2)).toMatchObject({ failure: 'INTENT_BINDING_SYLLABLES' });
  });
});

describe('the timing rule on a constructed trace', () => {
  // 3 s of 32 ms VAD frames, speech from 0.5 to 2.5 s; a mouth that moves (alternates) except where `still` says.
  const audio: PcmAudio = { sampleRate: 16_000, samples: new Int16Array(48_000) };
  const probabilities = Float32Array.from({ length: 94 }, (_, i) => (i * 32 >= 500 && i * 32 < 2500 ? 1 : 0));
  const vadTrace = { probabilities, frameMs: 32 };
  const track = (stepMs: number, still: (t: number) => boolean): MouthSample[] =>
    Array.from({ length: Math.floor(3000 / stepMs) + 1 }, (_, k) => ({
      timestampMs: k * stepMs,
      mouthOpen: still(k * stepMs) ? 0.05 : 0.05 + 0.03 * (k % 2),
      sameFace: true,
    }));

  it('measures the longest speech with the mouth still, and the camera must have seen it', () => {
    const moving = assessVoiceBinding(
      audio,
      vadTrace,
      track(125, () => false),
      6,
    );
    expect(moving.stillSpeechMs).toBe(0);
    // The mouth stops at 1.5 s while the voice goes on to 2.5 s: unbound from ~1.7 s (the tolerance) on.
    const stops = assessVoiceBinding(
      audio,
      vadTrace,
      track(125, (t) => t >= 1500),
      6,
    );
    expect(stops.stillSpeechMs).toBeGreaterThanOrEqual(700);
    expect(stops).toMatchObject({ passed: false, failure: 'INTENT_BINDING_MOUTH_STILL' });
    expect(stops.detail).toMatch(/no mouth movement within ±200 ms/);
    // Frames 600 ms apart: never two within the tolerance of a moment of speech, so nothing is judged still
    // (what the camera did not see is not held against the person).
    expect(
      assessVoiceBinding(
        audio,
        vadTrace,
        track(600, (t) => t >= 1500),
        6,
      ).stillSpeechMs,
    ).toBe(0);
  });
});

describe("another clip's voice over a speaking face (all 11 GRID clips, every 8 fps phase)", () => {
  it('the own voice always passes; the timing rule catches some dubbed voices, not most', async () => {
    // Each clip's face track at 25 fps once; a phase keeps every third frame from frame 0, 1 or 2.
    const tracks = new Map<GridClip, MouthSample[]>();
    const voices = new Map<GridClip, { audio: PcmAudio; vad: Awaited<ReturnType<VadClient['analyse']>> }>();
    for (const clip of GRID_CLIP_NAMES) {
      // No embeddings: one face per clip, the same-face rule is tested above.
      tracks.set(clip, await mouthTrack(await gridFrames(clip, dir), false));
      const audio = audioOf(clip);
      voices.set(clip, { audio, vad: await vad.analyse(audio) });
    }
    const own: number[] = [];
    const dubbed: { still: number; passed: boolean; failure: string | null }[] = [];
    for (const face of GRID_CLIP_NAMES) {
      for (const voice of GRID_CLIP_NAMES) {
        const { audio, vad: probs } = voices.get(voice)!;
        for (let phase = 0; phase < STEP; phase++) {
          const mouth = tracks.get(face)!.filter((_, i) => i % STEP === phase);
          const r = assessVoiceBinding(audio, probs, mouth, GRID_CLIPS[voice]);
          if (face === voice) {
            expect(r, `${face} phase ${phase}`).toMatchObject({ passed: true, failure: null });
            own.push(r.stillSpeechMs);
          } else dubbed.push({ still: r.stillSpeechMs, passed: r.passed, failure: r.failure });
        }
      }
    }
    const limit = DEFAULT_VOICE_BINDING.maxStillSpeechMs;
    const caught = dubbed.filter((d) => d.still >= limit);
    // Measured: the own voice's longest still stretch is at most 96 ms (33 recordings), the limit 256 ms; 27 of
    // the 330 dubbed pairings reach it and fail MOUTH_STILL (22 of them swiz3n's voice, which speaks 0.4–0.7 s
    // longer than the others). The other 303 pass the whole binding: GRID sentences share one rhythm (silence,
    // six words, silence), and where another clip's words fall while this mouth moves, nothing here tells them
    // apart (the syllable counts of 6–8-syllable sentences overlap too).
    expect(own).toHaveLength(33);
    expect(Math.max(...own)).toBeLessThanOrEqual(limit / 2);
    expect(dubbed).toHaveLength(330);
    expect(caught.length).toBeGreaterThanOrEqual(20);
    expect(caught.every((d) => d.failure === 'INTENT_BINDING_MOUTH_STILL')).toBe(true);
    // Not caught, and the test says so: most dubbed voices pass.
    expect(dubbed.filter((d) => d.passed).length).toBeGreaterThan(280);
  }, 180_000);
});

describe('syllable count on real Mandarin voices', () => {
  it('two-syllable words of 34 speakers count as 1–4 syllables (the tolerance for a 2-syllable sentence)', () => {
    const counts: number[] = [];
    for (const speaker of readdirSync(SPEECH_ZH)) {
      for (const f of readdirSync(path.join(SPEECH_ZH, speaker))) {
        const audio = decodeWav(readFileSync(path.join(SPEECH_ZH, speaker, f)), {
          minAudioMs: 100,
          maxAudioMs: 60_000,
        });
        counts.push(syllableNuclei(audio).length);
      }
    }
    const exact = counts.filter((c) => c === 2).length / counts.length;
    const within = counts.filter((c) => c >= 1 && c <= 4).length / counts.length;
    // Measured: 302 of 408 exactly 2 (74 %), 405 of 408 within 1–4 (99.3 %).
    expect(counts.length).toBe(408);
    expect(exact).toBeGreaterThan(0.7);
    expect(within).toBeGreaterThan(0.98);
  });
});

describe("syllable count on espeak-ng's synthetic Mandarin", () => {
  it('counts about twice the syllables: two loudness bursts per synthetic syllable, ~200 ms apart', () => {
    // Measured on four sentences: 36/19, 34/18, 35/19, 30/15. No setting of the counter (prominence 3–8 dB, gap
    // 130–200 ms, smoothing ±1–6 hops) brings it into the sentence's window without counting real voices worse
    // (docs/intent.md), so espeak's voice fails the binding's syllable rule: it cannot stand in for a reader.
    const s = buildSentence('开立个人账户', '1234', 'zh-CN', 'open-account');
    const heard = syllableNuclei(synthesise(s.spoken, 'zh-CN')).length;
    expect(s.syllables).toBe(19);
    expect(heard).toBeGreaterThan(Math.floor(s.syllables * 1.5) + 1);
  });
});
