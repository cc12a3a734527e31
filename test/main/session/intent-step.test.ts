// The session's intent step (意愿确认) on the real intent core: IntentService with the Silero VAD worker. A reading
// that must pass is a real speaker: GRID bbaf2n (../shared/talking/grid) read three times, its sound as the
// recording and, in sync, the mouth opening the real vision models measured on its frames as the scripted face's
// mouth. espeak-ng's voice reads the sentence shown where the binding must fail with it (a still mouth, no face),
// silence is "no speech". The card, faces and liveness are the harness's scripted doubles (they need hardware or a
// camera); everything from the match on is real. intent-grid.test.ts runs the real vision models on the frames.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import { personMessages } from '../../../common/messages';
import { parseIntentConfig, type IntentConfigInput } from '../../../main/intent/config';
import { buildSentence } from '../../../main/intent/sentence';
import type { EvidenceSink } from '../../../main/intent/evidence';
import { IntentService, type IntentDialog } from '../../../main/intent/service';
import { scanDirectory } from '../../../main/records/biometric-scan';
import { RecordStore } from '../../../main/records/store';
import { VadClient } from '../../../main/intent/vad-client';
import { IntentServiceCheck } from '../../../main/session/adapters/intent-check';
import { VisionService } from '../../../main/vision/service';
import { gridAudio, gridFrames, repeatAudio } from '../../fixtures/grid-clips';
import { concat, silence, synthesise, toBytes } from '../intent/audio-fixtures';
import { at, feedFrames, frame, makeCard, makeHarness, toCapture, type Harness } from './harness';

const LABEL = '开立个人账户';
const intentConfig: IntentConfigInput = {
  enabled: true,
  attempts: 2,
  purposes: {
    'open-account': { mode: 'read-aloud', label: { 'zh-CN': LABEL, en: 'open a personal account' } },
    'open-card': { mode: 'both', label: { 'zh-CN': '办理银行卡', en: 'get a bank card' } },
    withdraw: { mode: 'answer', label: { 'zh-CN': '取款', en: 'withdraw cash' } },
  },
};

let vad: VadClient;
/** GRID bbaf2n read three times (18 syllables), 16 kHz; and its mouth opening per 40 ms frame (real landmarks). */
let gridVoice: Int16Array;
let gridMouth: number[];
const CLIP_MS = 3000;
beforeAll(async () => {
  vad = new VadClient();
  const dir = mkdtempSync(path.join(tmpdir(), 'hexin-intent-step-grid-'));
  const vision = VisionService.create({ intraOpThreads: 1 });
  try {
    await Promise.all([vad.warm(), vision.ready()]);
    gridVoice = repeatAudio(gridAudio('bbaf2n', dir), 3).samples;
    gridMouth = [];
    for (const f of await gridFrames('bbaf2n', dir)) {
      const a = await vision.analyze(f, { embed: false });
      gridMouth.push(a.primary === null ? 0 : a.faces[a.primary]!.mouthOpenRatio);
    }
  } finally {
    await vision.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
afterAll(async () => {
  await vad.close();
});

async function intentHarness(
  evidence?: EvidenceSink,
): Promise<Harness & { service: IntentService; dialogs: IntentDialog[] }> {
  const config = parseIntentConfig(intentConfig);
  const service = new IntentService(config, { vad, recogniser: null, ...(evidence ? { evidence } : {}) });
  // The dialogs the sessions opened, to check what a session's end leaves of them.
  const dialogs: IntentDialog[] = [];
  const open = service.open.bind(service);
  service.open = (options) => {
    const d = open(options);
    dialogs.push(d);
    return d;
  };
  const h = await makeHarness({ intent: intentConfig }, { intent: new IntentServiceCheck(service, 2) });
  return { ...h, service, dialogs };
}

/** A session for `purpose` walked through consent, card and the face check up to the intent step. */
async function toIntent(h: Harness, purpose: string): Promise<void> {
  await toCapture(h, makeCard(), { purpose, language: 'zh-CN' });
  await feedFrames(h);
  await h.orchestrator.settled();
}

/** espeak-ng reading the sentence on the screen, with the pauses a person leaves around it. */
function reading(text: string): Uint8Array<ArrayBuffer> {
  const digits = text.replace(/[^0-9]/g, '');
  const spoken = buildSentence(LABEL, digits, 'zh-CN', 'open-account').spoken;
  return Uint8Array.from(toBytes(concat(silence(500), synthesise(spoken, 'zh-CN'), silence(500))));
}

/** The GRID speaker's reading (see the top): passes the voice and its binding to the face. */
const gridReading = (): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(new Uint8Array(gridVoice.buffer, gridVoice.byteOffset, gridVoice.byteLength));

/** The GRID speaker's mouth opening at `t` on the frames' clock, the reading having started at STARTED_AT_MS. */
const gridMouthAt = (t: number): number =>
  gridMouth[
    Math.min(gridMouth.length - 1, Math.round(((((t - STARTED_AT_MS) % CLIP_MS) + CLIP_MS) % CLIP_MS) / 40))
  ]!;

const quiet = (ms: number) => Uint8Array.from(toBytes(silence(ms)));

/** The recording's start on the camera frames' clock (the renderer's performance.now()). */
const STARTED_AT_MS = 60_000;

/**
 * The person reads `pcm` in front of the camera: frames every 125 ms (8 fps) over the recording, the scripted face's
 * mouth that of the GRID speaker in sync with gridReading() ('grid'), opening and closing all the time ('talking'),
 * held still ('still'), or no face at all ('none'); then the recording goes in with its start on the frames' clock.
 */
async function readAloud(
  h: Harness,
  promptId: string,
  pcm: Uint8Array<ArrayBuffer>,
  face: 'grid' | 'talking' | 'still' | 'none' = 'grid',
): Promise<void> {
  h.faces.mouth =
    face === 'grid' ? gridMouthAt : face === 'talking' ? (t) => 0.15 + 0.12 * Math.sin(t / 90) : () => 0.05;
  const before = h.faces.guidance;
  if (face === 'none') h.faces.guidance = 'NO_FACE';
  const ms = pcm.byteLength / 32;
  // A later reading starts after the frames of the last one (the session refuses frames older than the last),
  // a whole number of GRID clips later, so the speaker's mouth stays in sync with their voice.
  const startedAtMs = nextReadingAt.get(h) ?? STARTED_AT_MS;
  nextReadingAt.set(h, startedAtMs + Math.ceil((ms + 1000) / CLIP_MS) * CLIP_MS);
  for (let t = 0; t <= ms; t += 125) {
    h.clock.advance(130);
    h.orchestrator.submitFrame(frame(startedAtMs + t));
    await h.orchestrator.settled();
  }
  h.faces.guidance = before;
  await h.orchestrator.submitIntentAudio({ promptId, sampleRate: 16_000, startedAtMs, pcm });
}
const nextReadingAt = new WeakMap<Harness, number>();

async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(HexinError);
    expect((e as HexinError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

function auditOf(h: Harness, type: string) {
  return h.audit.all().filter((e) => e.type === type);
}

describe('intent step: read aloud', () => {
  it('shows a sentence with its recording bounds, passes on the reading, and keeps no audio', async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent');
    expect(v.intent).toMatchObject({
      mode: 'read-aloud',
      attemptsLeft: 1,
      failure: null,
      checking: false,
      audio: { sampleRate: 16_000, minMs: 1000, maxMs: 15_000 },
    });
    expect(v.intent.text).toMatch(new RegExp(`^本人自愿办理${LABEL}，确认码 \\d \\d \\d \\d。$`));

    const pcm = gridReading();
    await readAloud(h, v.intent.promptId, pcm);
    const end = h.orchestrator.view();
    await h.orchestrator.settled();
    expect(pcm.every((b) => b === 0)).toBe(true);
    const result = h.orchestrator.view();
    expect(end.step === 'result' || result.step === 'result').toBe(true);
    expect(at(result, 'result').result).toMatchObject({ outcome: 'pass', reason: 'MATCHED' });
    // The views on the way showed "checking" while main listened.
    expect(h.views.some((x) => x.step === 'intent' && x.intent.checking)).toBe(true);
    expect(auditOf(h, 'intent.confirmed')[0]?.data).toMatchObject({
      mode: 'read-aloud',
      contentChecked: false,
      // The frames sent while reading reached the binding: a face in every speaking frame, a moving mouth.
      bindingPassed: true,
      bindingFaceCoverage: 1,
    });
    const confirmed = auditOf(h, 'intent.confirmed')[0]!.data;
    expect(confirmed.bindingFrames).toBeGreaterThan(20);
    expect(confirmed.bindingMouthStd).toBeGreaterThan(0.008);
    // Nothing of the voice or the sentence in the audit log: small values only.
    for (const e of h.audit.all()) {
      for (const value of Object.values(e.data)) {
        if (typeof value === 'string') expect(value.length, e.type).toBeLessThan(80);
      }
      expect(JSON.stringify(e.data)).not.toContain('确认码');
    }
  }, 60_000);

  it('writes the decision to the encrypted store, and nothing of the voice reaches the disk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hexin-intent-step-'));
    try {
      const store = await RecordStore.open(dir, randomBytes(32));
      const h = await intentHarness(store);
      await toIntent(h, 'open-account');
      const v = at(h.orchestrator.view(), 'intent').intent;
      await readAloud(h, v.promptId, gridReading());
      expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass' });
      const { records } = await store.readAll();
      expect(records.map((r) => r.data)).toEqual([
        expect.objectContaining({ kind: 'intent', mode: 'read-aloud', decision: 'confirmed' }),
      ]);
      expect(records[0]!.data).not.toHaveProperty('audioWavBase64');
      expect(records[0]!.data).not.toHaveProperty('sentence');
      const scan = await scanDirectory(dir);
      expect(scan.files).toBeGreaterThan(0);
      expect(scan.findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('tells the person no speech was heard, gives a new sentence, then fails with the counter', async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const first = at(h.orchestrator.view(), 'intent').intent;
    await h.orchestrator.submitIntentAudio({
      promptId: first.promptId,
      sampleRate: 16_000,
      startedAtMs: 0,
      pcm: quiet(2000),
    });
    const retry = at(h.orchestrator.view(), 'intent');
    expect(retry.intent).toMatchObject({ failure: 'INTENT_NO_SPEECH', attemptsLeft: 0, checking: false });
    expect(retry.intent.promptId).not.toBe(first.promptId);
    expect(personMessages.INTENT_NO_SPEECH['zh-CN']).toBeTruthy();
    // The used sentence cannot be submitted again.
    await expectCode(
      h.orchestrator.submitIntentAudio({
        promptId: first.promptId,
        sampleRate: 16_000,
        startedAtMs: 0,
        pcm: quiet(2000),
      }),
      'SESSION_WRONG_STEP',
    );
    await h.orchestrator.submitIntentAudio({
      promptId: retry.intent.promptId,
      sampleRate: 16_000,
      startedAtMs: 0,
      pcm: quiet(2000),
    });
    const end = at(h.orchestrator.view(), 'result');
    expect(end.result).toEqual({
      outcome: 'fail',
      reason: 'INTENT_NOT_CONFIRMED',
      next: 'staff-counter',
      detail: 'INTENT_NO_SPEECH',
    });
    expect(auditOf(h, 'intent.failed').map((e) => e.data.reason)).toEqual([
      'INTENT_NO_SPEECH',
      'INTENT_NO_SPEECH',
    ]);
    expect(auditOf(h, 'session.ended')[0]?.data).toMatchObject({ outcome: 'fail' });
  }, 60_000);

  it('fails the reading when the voice is not bound to the face, with the reason shown, then the counter', async () => {
    // espeak-ng's voice over a still mouth, then over no face: the person is told why and gets a new sentence; the
    // second failure uses the last attempt.
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent').intent;
    await readAloud(h, v.promptId, reading(v.text), 'still');
    const retry = at(h.orchestrator.view(), 'intent').intent;
    expect(retry).toMatchObject({ failure: 'INTENT_BINDING_MOUTH_STILL', attemptsLeft: 0, checking: false });
    expect(retry.promptId).not.toBe(v.promptId);
    await readAloud(h, retry.promptId, reading(retry.text), 'none');
    expect(at(h.orchestrator.view(), 'result').result).toEqual({
      outcome: 'fail',
      reason: 'INTENT_NOT_CONFIRMED',
      next: 'staff-counter',
      detail: 'INTENT_BINDING_NO_FACE',
    });
    expect(auditOf(h, 'intent.failed').map((e) => e.data)).toEqual([
      expect.objectContaining({
        reason: 'INTENT_BINDING_MOUTH_STILL',
        bindingPassed: false,
        bindingMouthStd: 0,
        bindingFaceCoverage: 1,
      }),
      expect.objectContaining({ reason: 'INTENT_BINDING_NO_FACE', bindingFaceCoverage: 0 }),
    ]);
    expect(auditOf(h, 'intent.confirmed')).toEqual([]);
    // The words the person reads, in both languages.
    expect(personMessages.INTENT_BINDING_MOUTH_STILL['zh-CN']).toContain('口型');
    expect(personMessages.INTENT_BINDING_NO_FACE.en).toMatch(/face in view/);
  }, 60_000);

  it("fails espeak-ng's voice over a talking mouth on its syllables: the synthetic voice counts about twice", async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent').intent;
    await readAloud(h, v.promptId, reading(v.text), 'talking');
    expect(at(h.orchestrator.view(), 'intent').intent.failure).toBe('INTENT_BINDING_SYLLABLES');
    const failed = auditOf(h, 'intent.failed')[0]!.data;
    expect(failed.bindingSyllables).toBeGreaterThan(
      Math.floor(Number(failed.bindingSyllablesExpected) * 1.5) + 1,
    );
  }, 60_000);

  it('a recording whose start does not line up with the frames sent has no frame to bind, and fails', async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent').intent;
    h.faces.mouth = gridMouthAt;
    for (let t = 0; t < 9000; t += 125) {
      h.clock.advance(130);
      h.orchestrator.submitFrame(frame(STARTED_AT_MS + t));
      await h.orchestrator.settled();
    }
    // Said to have started a minute after the frames: no frame falls inside the recording.
    await h.orchestrator.submitIntentAudio({
      promptId: v.promptId,
      sampleRate: 16_000,
      startedAtMs: STARTED_AT_MS + 60_000,
      pcm: gridReading(),
    });
    expect(at(h.orchestrator.view(), 'intent').intent.failure).toBe('INTENT_BINDING_NO_SPEECH');
    expect(auditOf(h, 'intent.failed')[0]?.data).toMatchObject({ bindingPassed: false, bindingFrames: 0 });
  }, 60_000);

  it('counts a recording outside the bounds as a failed attempt, and refuses malformed audio at the door', async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent').intent;
    const refused = reading(v.text);
    for (const bad of [
      { promptId: v.promptId, sampleRate: 44_100, startedAtMs: 0, pcm: refused },
      { promptId: v.promptId, sampleRate: 16_000, startedAtMs: 0, pcm: new Uint8Array(3) },
      { promptId: v.promptId, sampleRate: 16_000, startedAtMs: 0, pcm: [0, 0] },
      { promptId: v.promptId, sampleRate: 16_000, startedAtMs: -1, pcm: refused },
      { promptId: v.promptId, sampleRate: 16_000, pcm: refused },
    ]) {
      expect(await h.call('submitIntentAudio', bad)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
    }
    // Refused at the door, yet the voice that arrived is zeroed all the same.
    expect(refused.every((b) => b === 0)).toBe(true);
    expect(at(h.orchestrator.view(), 'intent').intent.promptId).toBe(v.promptId);
    await h.orchestrator.submitIntentAudio({
      promptId: v.promptId,
      sampleRate: 16_000,
      startedAtMs: 0,
      pcm: quiet(300),
    });
    expect(at(h.orchestrator.view(), 'intent').intent).toMatchObject({
      failure: 'INTENT_AUDIO_TOO_SHORT',
      attemptsLeft: 0,
    });
  }, 60_000);

  it('ends with the staff counter when the microphone cannot be used', async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent').intent;
    await expectCode(
      () => h.orchestrator.reportIntentMicrophone({ promptId: 'other', state: 'denied' }),
      'SESSION_WRONG_STEP',
    );
    h.orchestrator.reportIntentMicrophone({ promptId: v.promptId, state: 'denied' });
    expect(at(h.orchestrator.view(), 'result').result).toEqual({
      outcome: 'fail',
      reason: 'INTENT_NOT_CONFIRMED',
      next: 'staff-counter',
      detail: 'INTENT_MIC_UNAVAILABLE',
    });
    expect(auditOf(h, 'intent.failed')[0]?.data).toMatchObject({
      reason: 'INTENT_MIC_UNAVAILABLE',
      microphone: 'denied',
    });
  });

  it('drops the sentence when the session is cancelled at the intent step', async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent').intent;
    h.orchestrator.cancel({ reason: 'user' });
    expect(h.orchestrator.view().step).toBe('attract');
    // The session's dialog was closed: the sentence is unknown now.
    expect(h.dialogs).toHaveLength(1);
    expect(h.dialogs[0]!.sessionId).toBe(h.audit.all()[0]!.sessionId);
    await expectCode(h.dialogs[0]!.submitReadAloud(v.promptId, quiet(2000)), 'INTENT_CHALLENGE_UNKNOWN');
  });
});

describe('intent step: answer and both', () => {
  it('asks the question after the reading for a "both" purpose, and passes on confirm', async () => {
    const h = await intentHarness();
    await toIntent(h, 'open-card');
    const v = at(h.orchestrator.view(), 'intent').intent;
    expect(v.mode).toBe('read-aloud');
    await readAloud(h, v.promptId, gridReading());
    const q = at(h.orchestrator.view(), 'intent');
    expect(q.intent).toMatchObject({ mode: 'answer', audio: null });
    expect(q.intent.text).toContain('办理银行卡');
    await h.orchestrator.answerIntent({ promptId: q.intent.promptId, answer: 'confirm' });
    await h.orchestrator.settled();
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass' });
    expect(auditOf(h, 'intent.confirmed').map((e) => e.data.mode)).toEqual(['read-aloud', 'answer']);
    expect(auditOf(h, 'intent.confirmed')[0]?.data.bindingPassed).toBe(true);
  }, 60_000);

  it('ends with INTENT_DECLINED on "no", and skips the step for a purpose without it', async () => {
    const h = await intentHarness();
    await toIntent(h, 'withdraw');
    const q = at(h.orchestrator.view(), 'intent').intent;
    expect(q.mode).toBe('answer');
    await expectCode(
      h.orchestrator.submitIntentAudio({
        promptId: q.promptId,
        sampleRate: 16_000,
        startedAtMs: 0,
        pcm: quiet(2000),
      }),
      'SESSION_WRONG_STEP',
    );
    await h.orchestrator.answerIntent({ promptId: q.promptId, answer: 'decline' });
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({
      outcome: 'fail',
      reason: 'INTENT_DECLINED',
    });

    const h2 = await intentHarness();
    await toIntent(h2, 'no-such-purpose');
    expect(at(h2.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass' });
    expect(auditOf(h2, 'step.entered').map((e) => e.data.step)).not.toContain('intent');
  });
});
