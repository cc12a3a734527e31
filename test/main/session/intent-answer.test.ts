// The intent question answered by head (意愿确认, answer mode) through the session: camera frames keep flowing at
// the intent step, main analyses them and the real IntentService / AnswerTracker (the liveness gesture detectors)
// decides. Pose traces are the recorded vision output of the e2e fake camera (a still photo, test/main/liveness/
// fixtures/obama-still-trace.json) with a nod or a head shake added on top of its real noise. Card, faces and
// liveness before the step are the harness's scripted doubles; from the match on everything is real.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIntentConfig, type IntentConfigInput } from '../../../main/intent/config';
import { IntentService } from '../../../main/intent/service';
import { parseSignalTrace, traceToAnalyses } from '../../../main/liveness/trace';
import { IntentServiceCheck } from '../../../main/session/adapters/intent-check';
import type { Frame, FrameAnalysis } from '../../../main/vision/types';
import {
  at,
  feedFrames,
  frame,
  makeCard,
  makeHarness,
  ScriptedFaces,
  toCapture,
  unitVector,
  type Harness,
} from './harness';

const intentConfig: IntentConfigInput = {
  enabled: true,
  answerTimeoutMs: 3000,
  purposes: {
    withdraw: { mode: 'answer', label: { 'zh-CN': '取款', en: 'withdraw cash' } },
    'open-account': { mode: 'read-aloud', label: { 'zh-CN': '开立个人账户', en: 'open a personal account' } },
  },
};

/** 40 frames, 100 ms apart: the vision models on the fake camera's still photo (yaw wanders ~11°, no gesture). */
const recorded = traceToAnalyses(
  parseSignalTrace(
    JSON.parse(readFileSync(new URL('../liveness/fixtures/obama-still-trace.json', import.meta.url), 'utf8')),
  ),
);

/** A smooth excursion 0 → peak → 0 over n frames. */
const swing = (n: number, peak: number) =>
  Array.from({ length: n }, (_, i) => peak * Math.sin((Math.PI * i) / (n - 1)));

/** The recorded trace with `edit` applied to frames [from, from + n). */
function withGesture(from: number, deltas: { yaw?: number[]; pitch?: number[] }): FrameAnalysis[] {
  const n = Math.max(deltas.yaw?.length ?? 0, deltas.pitch?.length ?? 0);
  return recorded.map((a, i) => {
    const k = i - from;
    if (k < 0 || k >= n || !a.faces[0]) return a;
    const face = structuredClone(a.faces[0]);
    face.pose.yaw += deltas.yaw?.[k] ?? 0;
    face.pose.pitch += deltas.pitch?.[k] ?? 0;
    return { ...a, faces: [face] };
  });
}

const NOD = withGesture(8, { pitch: swing(10, 20) });
const SHAKE = withGesture(8, { yaw: [...swing(7, 28), ...swing(7, -28)] });
const STILL = recorded;

/** Plays pose traces at the intent step; before it (capture, liveness) it is the harness's scripted face. */
class TraceFaces extends ScriptedFaces {
  queue: FrameAnalysis[] = [];
  /** Whose embedding the traced face carries. */
  person = unitVector(1);
  options: Array<{ embed: boolean | 'when-detected'; antiSpoof: boolean }> = [];

  override async analyze(
    f: Frame,
    options?: { embed: boolean | 'when-detected'; antiSpoof: boolean },
  ): Promise<FrameAnalysis> {
    const next = this.queue.shift();
    if (!next) return super.analyze(f);
    if (options) this.options.push(options);
    return {
      ...next,
      timestampMs: f.timestampMs,
      faces: next.faces.map((face) => ({
        ...structuredClone(face),
        ...(options?.embed ? { embedding: Float32Array.from(this.person) } : {}),
      })),
    };
  }
}

const services: IntentService[] = [];
afterAll(async () => {
  for (const s of services) await s.close();
});

async function answerHarness(
  spoken = true,
): Promise<Harness & { traced: TraceFaces; service: IntentService }> {
  const service = new IntentService(parseIntentConfig(intentConfig), { recogniser: null });
  services.push(service);
  const traced = new TraceFaces();
  const h = await makeHarness(
    { intent: intentConfig },
    { intent: new IntentServiceCheck(service, 2, spoken), faces: traced },
  );
  return { ...h, faces: traced, traced, service };
}

async function toIntent(h: Harness, purpose = 'withdraw'): Promise<void> {
  await toCapture(h, makeCard(), { purpose, language: 'zh-CN' });
  await feedFrames(h);
  await h.orchestrator.settled();
  expect(h.orchestrator.view().step).toBe('intent');
}

let nextTs = 20_000;
/** Sends one camera frame per trace entry, 100 ms apart, while the question is asked; stops once it is decided. */
async function play(h: Harness & { traced: TraceFaces }, trace: FrameAnalysis[]): Promise<number> {
  let accepted = 0;
  for (const a of trace) {
    if (h.orchestrator.view().step !== 'intent') break;
    h.traced.queue = [a];
    h.clock.advance(100);
    nextTs += 100;
    if (h.orchestrator.submitFrame(frame(nextTs)).accepted) accepted++;
    await h.orchestrator.settled();
  }
  h.traced.queue = [];
  return accepted;
}

const auditOf = (h: Harness, type: string) => h.audit.all().filter((e) => e.type === type);

describe('intent question answered by head', () => {
  it('a nod is yes: the session passes; the question was shown with guidance, progress and its spoken prompt', async () => {
    const h = await answerHarness();
    await toIntent(h);
    const q = at(h.orchestrator.view(), 'intent').intent;
    expect(q).toMatchObject({
      mode: 'answer',
      text: '您是否本人自愿办理取款？是，请点头；否，请摇头。',
      spoken: 'prompts/zh-CN/answer-question.wav',
      failure: null,
      answer: { guidance: 'NO_FACE', progress: 0, leading: null, secondsLeft: 3 },
    });
    expect(await play(h, NOD)).toBeGreaterThan(10);
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass', reason: 'MATCHED' });
    // On the way: the face counted, the nod's progress was shown.
    const waiting = h.views.flatMap((v) => (v.step === 'intent' && v.intent.answer ? [v.intent.answer] : []));
    expect(waiting.some((a) => a.guidance === 'OK' && a.leading === 'nod' && a.progress > 0)).toBe(true);
    expect(auditOf(h, 'intent.confirmed')[0]?.data).toEqual({ mode: 'answer', by: 'gesture' });
    // Pose and embedding only: liveness was proven before the match.
    expect(h.traced.options.every((o) => o.embed && !o.antiSpoof)).toBe(true);
    expect(h.orchestrator.personalDataHeld()).toMatchObject({ reference: false, probes: 0 });
  });

  it('a head shake is no: the flow ends with the declined screen', async () => {
    const h = await answerHarness();
    await toIntent(h);
    await play(h, SHAKE);
    expect(h.orchestrator.view()).toMatchObject({
      step: 'result',
      result: { outcome: 'fail', reason: 'INTENT_DECLINED', next: 'staff-counter' },
    });
    expect(auditOf(h, 'intent.declined')[0]?.data).toEqual({ mode: 'answer', by: 'gesture' });
  });

  it('nothing (the still photo): asked once more with the reason, then the staff counter — never a yes', async () => {
    const h = await answerHarness();
    await toIntent(h);
    const first = at(h.orchestrator.view(), 'intent').intent;
    await play(h, STILL);
    const again = at(h.orchestrator.view(), 'intent');
    expect(again.intent).toMatchObject({
      mode: 'answer',
      failure: 'INTENT_NO_ANSWER',
      attemptsLeft: 0,
      spoken: 'prompts/zh-CN/answer-retry.wav',
      answer: { progress: 0, secondsLeft: 3 },
    });
    expect(again.intent.promptId).not.toBe(first.promptId);
    // The old question is void: a button press naming it is refused.
    await expect(
      h.orchestrator.answerIntent({ promptId: first.promptId, answer: 'confirm' }),
    ).rejects.toMatchObject({ code: 'SESSION_WRONG_STEP' });
    await play(h, STILL);
    expect(h.orchestrator.view()).toMatchObject({
      step: 'result',
      result: {
        outcome: 'fail',
        reason: 'INTENT_NOT_CONFIRMED',
        next: 'staff-counter',
        detail: 'INTENT_NO_ANSWER',
      },
    });
    expect(auditOf(h, 'intent.failed').map((e) => e.data)).toEqual([
      { mode: 'answer', reason: 'INTENT_NO_ANSWER', attemptsLeft: 1 },
      { mode: 'answer', reason: 'INTENT_NO_ANSWER', attemptsLeft: 0 },
    ]);
    expect(auditOf(h, 'intent.confirmed')).toHaveLength(0);
  });

  it('a nod by someone other than the person verified does not count', async () => {
    const h = await answerHarness();
    await toIntent(h);
    h.traced.person = unitVector(99);
    await play(h, NOD.slice(0, 25));
    const v = at(h.orchestrator.view(), 'intent');
    expect(v.intent.answer).toMatchObject({ guidance: 'OTHER_PERSON', progress: 0 });
    // The same nod by the person passes.
    h.traced.person = unitVector(1);
    await play(h, NOD);
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass' });
  });

  it('two faces in view do not count either', async () => {
    const h = await answerHarness();
    await toIntent(h);
    await play(
      h,
      NOD.map((a) => ({ ...a, guidance: 'ONE_FACE_ONLY' as const })),
    );
    expect(at(h.orchestrator.view(), 'intent').intent.answer?.guidance).toBe('ONE_FACE_ONLY');
    expect(auditOf(h, 'intent.confirmed')).toHaveLength(0);
  });

  it('the buttons still answer while frames flow, and the first answer is final', async () => {
    const h = await answerHarness(false);
    await toIntent(h);
    const q = at(h.orchestrator.view(), 'intent').intent;
    expect(q.spoken).toBeNull(); // no prompt files built: the kiosk asks silently
    await play(h, STILL.slice(0, 5));
    await h.orchestrator.answerIntent({ promptId: q.promptId, answer: 'decline' });
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ reason: 'INTENT_DECLINED' });
    expect(auditOf(h, 'intent.declined')[0]?.data).toEqual({ mode: 'answer', by: 'touch' });
    // Frames after the answer are not taken.
    expect(h.orchestrator.submitFrame(frame((nextTs += 100)))).toMatchObject({ accepted: false });
  });

  it('no frames at all until the step times out: the "no answer" end, not an error', async () => {
    const h = await answerHarness();
    await toIntent(h);
    // Keep the idle timer from firing first: the person pressed nothing, but the step timeout is what we test.
    h.clock.advance(55_000);
    h.orchestrator.noteIntentActivity({
      promptId: at(h.orchestrator.view(), 'intent').intent.promptId,
      activity: 'repeat-question',
    });
    h.clock.advance(40_000);
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({
      reason: 'INTENT_NOT_CONFIRMED',
      detail: 'INTENT_NO_ANSWER',
    });
  });
});

describe('intent activity resets the idle timer', () => {
  it('a face in front of the camera while the question waits', async () => {
    const h = await answerHarness();
    await toIntent(h);
    h.clock.advance(50_000);
    expect(at(h.orchestrator.view(), 'intent').idle.secondsLeft).toBeLessThanOrEqual(10);
    await play(h, STILL.slice(0, 2));
    expect(at(h.orchestrator.view(), 'intent').idle.secondsLeft).toBeGreaterThanOrEqual(59);
  });

  it('"start reading" and "repeat the question", for the prompt shown only', async () => {
    const h = await answerHarness();
    await toIntent(h, 'open-account');
    const v = at(h.orchestrator.view(), 'intent').intent;
    expect(v).toMatchObject({ mode: 'read-aloud', spoken: null, answer: null });
    h.clock.advance(50_000);
    expect(at(h.orchestrator.view(), 'intent').idle.secondsLeft).toBe(10);
    h.orchestrator.noteIntentActivity({ promptId: v.promptId, activity: 'start-reading' });
    expect(at(h.orchestrator.view(), 'intent').idle.secondsLeft).toBe(60);
    expect(() =>
      h.orchestrator.noteIntentActivity({ promptId: 'another', activity: 'start-reading' }),
    ).toThrow(/another prompt/);
    expect(await h.call('noteIntentActivity', { promptId: v.promptId, activity: 'dance' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: /activity/ },
    });
    // Without the reset the idle timer would have ended the session by now.
    h.clock.advance(30_000);
    expect(h.orchestrator.view().step).toBe('intent');
  });
});
