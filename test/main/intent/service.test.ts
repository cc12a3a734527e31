// The whole read-aloud and answer steps as the session calls them: real VAD worker, real loopback ASR simulator,
// real encrypted record store, speech synthesised by espeak-ng.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAsrSimulator, type AsrSimulator } from '../../../main/intent/asr-simulator';
import { parseIntentConfig, type IntentConfigInput } from '../../../main/intent/config';
import { decodeWav } from '../../../main/intent/pcm';
import { RemoteAsr } from '../../../main/intent/remote-asr';
import { buildSentence } from '../../../main/intent/sentence';
import { IntentService } from '../../../main/intent/service';
import { VadClient } from '../../../main/intent/vad-client';
import { RecordStore } from '../../../main/records/store';
import type { FrameAnalysis } from '../../../main/vision/types';
import { concat, silence, synthesise, toBytes } from './audio-fixtures';

const LABEL = '开立个人账户';
const base: IntentConfigInput = {
  enabled: true,
  purposes: {
    'open-account': { mode: 'both', label: { 'zh-CN': LABEL, en: 'open a personal account' } },
    withdraw: { mode: 'answer', label: { 'zh-CN': '取款', en: 'withdraw cash' } },
  },
};

let sim: AsrSimulator;
let vad: VadClient;
let dir: string;

beforeAll(async () => {
  sim = await startAsrSimulator({ token: 't0ken' });
  vad = new VadClient();
  await vad.warm();
  dir = mkdtempSync(path.join(tmpdir(), 'hexin-intent-svc-'));
});
afterAll(async () => {
  await sim.close();
  await vad.close();
  rmSync(dir, { recursive: true, force: true });
});

const digitsOf = (text: string) => text.replace(/[^0-9]/g, '');

/** What a person would say for a displayed sentence, synthesised, with pauses around it. */
function speak(digits: string) {
  const s = buildSentence(LABEL, digits, 'zh-CN', 'open-account');
  return { audio: concat(silence(600), synthesise(s.spoken, 'zh-CN'), silence(400)), words: s.spoken };
}

function service(
  extra: IntentConfigInput = {},
  deps: Partial<ConstructorParameters<typeof IntentService>[1]> = {},
) {
  const config = parseIntentConfig({ ...base, ...extra });
  return new IntentService(config, {
    vad,
    recogniser: new RemoteAsr({ url: sim.url, token: 't0ken', timeoutMs: 5000 }),
    ...deps,
  });
}

describe('read-aloud step with the remote recogniser (loopback simulator)', () => {
  it('passes the displayed sentence read aloud', async () => {
    const svc = service();
    const dialog = svc.open({ sessionId: 's1', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    expect(prompt.text).toMatch(/^本人自愿办理开立个人账户，确认码 \d \d \d \d。$/);
    expect(prompt.audio).toEqual({
      sampleRate: 16000,
      channels: 1,
      format: 's16le',
      minMs: 1000,
      maxMs: 15000,
    });
    const { audio, words } = speak(digitsOf(prompt.text));
    sim.register(audio, words);
    const r = await dialog.submitReadAloud(prompt.promptId, toBytes(audio));
    expect(r).toMatchObject({
      passed: true,
      failure: null,
      voice: { passed: true },
      content: { checked: true, engine: 'remote', cer: 0, digitsMatch: true },
    });
  });

  it('fails a recording with other digits (a replay from another session)', async () => {
    const svc = service();
    const dialog = svc.open({ sessionId: 's2', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    const shown = digitsOf(prompt.text);
    const other = shown
      .split('')
      .map((d) => String((Number(d) + 1) % 10))
      .join('');
    const { audio, words } = speak(other);
    sim.register(audio, words);
    const r = await dialog.submitReadAloud(prompt.promptId, toBytes(audio));
    expect(r).toMatchObject({
      passed: false,
      failure: 'INTENT_DIGITS_MISMATCH',
      voice: { passed: true },
      content: { checked: true, digitsMatch: false },
    });
  });

  it('fails silence on voice activity without asking the recogniser', async () => {
    const svc = service();
    const dialog = svc.open({ sessionId: 's3', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    const before = sim.requests;
    const r = await dialog.submitReadAloud(prompt.promptId, toBytes(silence(4000)));
    expect(r).toMatchObject({
      passed: false,
      failure: 'INTENT_NO_SPEECH',
      content: { checked: false, reason: 'VOICE_FAILED' },
    });
    expect(sim.requests).toBe(before);
  });

  it('surfaces a recogniser outage as an error, not as the person failing', async () => {
    const svc = service();
    const dialog = svc.open({ sessionId: 's4', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    const { audio } = speak(digitsOf(prompt.text));
    sim.setMode('http-500');
    try {
      await expect(dialog.submitReadAloud(prompt.promptId, toBytes(audio))).rejects.toMatchObject({
        code: 'ASR_UNAVAILABLE',
      });
    } finally {
      sim.setMode('ok');
    }
  });
});

describe('the voice does not outlive the check', () => {
  it('overwrites the caller’s PCM bytes with zeros', async () => {
    const svc = service({}, { recogniser: null });
    const dialog = svc.open({ sessionId: 'w1', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    const bytes = new Uint8Array(toBytes(speak(digitsOf(prompt.text)).audio));
    expect(bytes.some((b) => b !== 0)).toBe(true);
    await dialog.submitReadAloud(prompt.promptId, bytes);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });

  it('ending the session aborts a recogniser request in flight and keeps no evidence', async () => {
    const appended: unknown[] = [];
    const svc = service({}, { evidence: { append: async (r) => void appended.push(r) } });
    const dialog = svc.open({ sessionId: 'w2', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    const { audio } = speak(digitsOf(prompt.text));
    sim.setMode('hang');
    try {
      const before = sim.requests;
      const pending = dialog.submitReadAloud(prompt.promptId, toBytes(audio)).catch((e: unknown) => e);
      // Wait until the recording has reached the (hanging) recogniser, then end the session.
      while (sim.requests === before) await new Promise((r) => setTimeout(r, 20));
      dialog.close();
      expect(await pending).toMatchObject({ code: 'INTENT_CANCELLED' });
      expect(appended).toEqual([]);
    } finally {
      sim.setMode('ok');
    }
  });
});

describe('read-aloud step without a recogniser', () => {
  it('checks voice activity only and says so', async () => {
    const svc = service({}, { recogniser: null });
    const dialog = svc.open({ sessionId: 's5', purpose: 'open-account' });
    const prompt = dialog.readAloud('zh-CN');
    const r = await dialog.submitReadAloud(prompt.promptId, toBytes(speak(digitsOf(prompt.text)).audio));
    expect(r).toMatchObject({ passed: true, content: { checked: false, reason: 'NO_RECOGNISER' } });
  });
});

describe('sentences are single use, per session, and expire', () => {
  it('rejects a second submission, another session, and an expired sentence', async () => {
    let now = 1_000_000;
    const svc = service({}, { recogniser: null, now: () => now });
    const a = svc.open({ sessionId: 'a', purpose: 'open-account' });
    const b = svc.open({ sessionId: 'b', purpose: 'open-account' });
    const p = a.readAloud('zh-CN');
    await expect(b.submitReadAloud(p.promptId, toBytes(silence(2000)))).rejects.toMatchObject({
      code: 'INTENT_CHALLENGE_UNKNOWN',
    });
    await a.submitReadAloud(p.promptId, toBytes(silence(2000)));
    await expect(a.submitReadAloud(p.promptId, toBytes(silence(2000)))).rejects.toMatchObject({
      code: 'INTENT_CHALLENGE_UNKNOWN',
    });
    const q = a.readAloud('zh-CN');
    now += 120_001;
    await expect(a.submitReadAloud(q.promptId, toBytes(silence(2000)))).rejects.toMatchObject({
      code: 'INTENT_CHALLENGE_UNKNOWN',
    });
    const r = a.readAloud('zh-CN');
    a.close();
    await expect(a.submitReadAloud(r.promptId, toBytes(silence(2000)))).rejects.toMatchObject({
      code: 'INTENT_CHALLENGE_UNKNOWN',
    });
  });

  it('a new sentence voids the one before it', async () => {
    const svc = service({}, { recogniser: null });
    const dialog = svc.open({ sessionId: 'v', purpose: 'open-account' });
    const first = dialog.readAloud('zh-CN');
    const second = dialog.readAloud('zh-CN');
    await expect(dialog.submitReadAloud(first.promptId, toBytes(silence(2000)))).rejects.toMatchObject({
      code: 'INTENT_CHALLENGE_UNKNOWN',
    });
    expect((await dialog.submitReadAloud(second.promptId, toBytes(silence(2000)))).failure).toBe(
      'INTENT_NO_SPEECH',
    );
  });

  it('refuses purposes that do not ask for the step, and bad audio', async () => {
    const svc = service({}, { recogniser: null });
    expect(svc.modeFor('withdraw')).toBe('answer');
    expect(svc.modeFor('transfer')).toBe('off');
    expect(() => svc.open({ sessionId: 'c', purpose: 'withdraw' }).readAloud('zh-CN')).toThrow(
      expect.objectContaining({ code: 'INTENT_NOT_ENABLED' }),
    );
    expect(() => svc.open({ sessionId: 'c', purpose: 'transfer' }).readAloud('zh-CN')).toThrow(
      expect.objectContaining({ code: 'INTENT_NOT_ENABLED' }),
    );
    const dialog = svc.open({ sessionId: 'c', purpose: 'open-account' });
    const p = dialog.readAloud('zh-CN');
    await expect(dialog.submitReadAloud(p.promptId, new Uint8Array(2 * 16000 * 20))).rejects.toMatchObject({
      code: 'INTENT_AUDIO_TOO_LONG',
    });
  });
});

describe('the dialog owns the prompts and attempts of its session', () => {
  it('asks read-aloud then the question for "both", with the attempts the deployment allows', () => {
    const svc = service({ attempts: 2 }, { recogniser: null });
    const dialog = svc.open({ sessionId: 'd', purpose: 'open-account' });
    expect(dialog.state).toBeNull();
    expect(dialog.next('zh-CN')).toBe('asked');
    const first = dialog.state!;
    expect(first).toMatchObject({ mode: 'read-aloud', attemptsLeft: 1, failure: null, checking: false });
    expect(dialog.again('INTENT_NO_SPEECH', 'zh-CN')).toBe('asked');
    expect(dialog.state).toMatchObject({ mode: 'read-aloud', attemptsLeft: 0, failure: 'INTENT_NO_SPEECH' });
    expect(dialog.state!.promptId).not.toBe(first.promptId);
    expect(dialog.again('INTENT_NO_SPEECH', 'zh-CN')).toBe('exhausted');
    expect(dialog.state).toMatchObject({ checking: true });
    // The question after the reading: asked once more when no answer was seen, never more.
    expect(dialog.next('zh-CN')).toBe('asked');
    expect(dialog.state).toMatchObject({ mode: 'answer', attemptsLeft: 1, audio: null, spoken: null });
    expect(dialog.again('INTENT_NO_ANSWER', 'zh-CN', false)).toBe('exhausted');
    expect(dialog.next('zh-CN')).toBe('done');
  });

  it('says the spoken prompt only where the kiosk has one', () => {
    const svc = service({}, { recogniser: null });
    const silent = svc.open({ sessionId: 'e', purpose: 'withdraw' });
    const spoken = svc.open({ sessionId: 'f', purpose: 'withdraw', spokenPrompts: true });
    silent.next('en');
    spoken.next('en');
    expect(silent.state?.spoken).toBeNull();
    expect(spoken.state?.spoken).toBe('prompts/en/answer-question.wav');
    expect(spoken.again('INTENT_NO_ANSWER', 'en')).toBe('asked');
    expect(spoken.state).toMatchObject({
      spoken: 'prompts/en/answer-retry.wav',
      failure: 'INTENT_NO_ANSWER',
    });
  });
});

describe('evidence in the encrypted record store', () => {
  it('keeps the decision only by default, and the audio only when the policy says so', async () => {
    const store = await RecordStore.open(path.join(dir, 'records'), randomBytes(32));
    for (const keep of ['decision', 'audio'] as const) {
      const svc = service({ evidence: { keep } }, { evidence: store });
      const dialog = svc.open({ sessionId: `ev-${keep}`, purpose: 'open-account' });
      const prompt = dialog.readAloud('zh-CN');
      const { audio, words } = speak(digitsOf(prompt.text));
      sim.register(audio, words);
      await dialog.submitReadAloud(prompt.promptId, toBytes(audio));
    }
    const { records } = await store.readAll();
    const minimal = records.find((r) => r.sessionId === 'ev-decision')!.data;
    expect(minimal).toMatchObject({
      kind: 'intent',
      mode: 'read-aloud',
      decision: 'confirmed',
      contentChecked: true,
      digitsMatch: true,
    });
    expect(minimal).not.toHaveProperty('transcript');
    expect(minimal).not.toHaveProperty('sentence');
    expect(minimal).not.toHaveProperty('audioWavBase64');
    const full = records.find((r) => r.sessionId === 'ev-audio')!.data;
    expect(full.transcript).toMatch(/^本人自愿办理开立个人账户/);
    const wav = decodeWav(Buffer.from(String(full.audioWavBase64), 'base64'), {
      minAudioMs: 0,
      maxAudioMs: 60_000,
    });
    expect(wav.samples.length).toBeGreaterThan(16_000);
  });
});

describe('answer step', () => {
  const frame = (t: number, pitch: number): FrameAnalysis => ({
    width: 320,
    height: 240,
    timestampMs: t,
    primary: 0,
    guidance: 'OK',
    faces: [
      {
        box: { x1: 100, y1: 80, x2: 220, y2: 230, score: 0.99 },
        landmarks: [],
        fivePoints: [],
        pose: { yaw: 2, pitch, roll: 0 },
        eyes: { left: 0.9, right: 0.9 },
        mouthOpenRatio: 0.05,
        quality: { sizeRatio: 0.45, centerOffset: 0.02, brightness: 120, contrast: 40, sharpness: 200 },
      },
    ],
  });

  it('asks the question naming the purpose and records a nod as confirmed', async () => {
    const store = await RecordStore.open(path.join(dir, 'answers'), randomBytes(32));
    const svc = service({}, { recogniser: null, evidence: store });
    const dialog = svc.open({ sessionId: 'q1', purpose: 'withdraw' });
    const q = dialog.ask('zh-CN', 'q-1');
    expect(q.text).toBe('您是否本人自愿办理取款？是，请点头；否，请摇头。');
    expect(q.promptAudio).toBe('prompts/zh-CN/answer-question.wav');
    const pitches = [0, 0, 0, 0, 0, 6, 12, 18, 20, 16, 10, 4, 0, 0];
    let last;
    for (const [i, p] of pitches.entries()) last = await dialog.answerFrame(frame(1000 + i * 66, p));
    expect(last?.status).toBe('yes');
    const { records } = await store.readAll();
    expect(records.map((r) => r.data)).toEqual([
      expect.objectContaining({ mode: 'answer', purpose: 'withdraw', decision: 'confirmed', by: 'gesture' }),
    ]);
    // The answer is final: a later touch does not change it.
    expect((await dialog.answerByTouch('q-1', 'decline')).status).toBe('yes');
    await expect(dialog.answerByTouch('q-other', 'confirm')).rejects.toMatchObject({
      code: 'INTENT_CHALLENGE_UNKNOWN',
    });
    await expect(
      svc.open({ sessionId: 'nobody', purpose: 'withdraw' }).answerFrame(frame(0, 0)),
    ).rejects.toMatchObject({
      code: 'INTENT_CHALLENGE_UNKNOWN',
    });
  });

  it('takes a 否 on the touch screen as a decline and records it', async () => {
    const store = await RecordStore.open(path.join(dir, 'touch'), randomBytes(32));
    const svc = service({}, { recogniser: null, evidence: store });
    const dialog = svc.open({ sessionId: 'q2', purpose: 'withdraw' });
    dialog.ask('en', 'q-2');
    expect(await dialog.answerByTouch('q-2', 'decline')).toMatchObject({ status: 'no' });
    // Head movement afterwards does not change the answer.
    expect((await dialog.answerFrame(frame(1000, 0))).status).toBe('no');
    const { records } = await store.readAll();
    expect(records.map((r) => r.data)).toEqual([
      expect.objectContaining({ decision: 'declined', by: 'touch' }),
    ]);
  });
});
