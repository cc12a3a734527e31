// Test doubles for the ports whose real parts need hardware or models (card source, face analysis, liveness) — used
// by the flow tests, which drive the step machine frame by frame. The integration test (real-parts.test.ts) runs
// the same orchestrator on the real reader simulator, vision models and liveness session instead.
import { expect } from 'vitest';
import { parseConfig } from '../../../main/config/load';
import { AgreementCatalogue } from '../../../main/consent/catalogue';
import {
  CatalogueAgreementSource,
  agreementPlaceholders,
} from '../../../main/session/adapters/catalogue-agreements';
import { ThresholdMatcher } from '../../../main/session/adapters/threshold-matcher';
import { ManualClock, cryptoRandom } from '../../../main/session/clock';
import type { Expiry, FlowEvent } from '../../../main/session/flow';
import { MemoryAuditSink } from '../../../main/session/memory-audit';
import { SessionOrchestrator, type StartOptions } from '../../../main/session/orchestrator';
import { SessionFlow } from '../../../main/session/session-flow';
import type {
  CardSource,
  CardSourceEvent,
  ConsentReceiptInput,
  FaceAnalyzer,
  LivenessEvaluator,
  LivenessEvaluatorFactory,
  LivenessUpdate,
  ChipCard,
  SessionCard,
  SessionPorts,
} from '../../../main/session/ports';
import { ThresholdPolicy } from '../../../main/verify/match';
import type { FaceAnalysis, Frame, FrameAnalysis, GuidanceCode } from '../../../main/vision/types';
import {
  sessionViewSchema,
  type ResultReason,
  type ResultView,
  type SessionStep,
  type SessionView,
  type SessionViewAt,
  type StartCommand,
} from '../../../common/session';
import { agreeToShown, walkToCard, type SessionWalker } from '../../fixtures/session-walk';
import type { CallResult } from '../../../common/contract-kit';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatcher';
import { sessionHandlers } from '../../../main/ipc/handlers';
import { silentLogger } from '../../../main/util/log';

export class ScriptedCards implements CardSource {
  private listeners = new Set<(e: CardSourceEvent) => void>();
  requested = false;

  subscribe(listener: (e: CardSourceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  requestCard(): void {
    this.requested = true;
  }
  cancelRequest(): void {
    this.requested = false;
  }
  emit(event: CardSourceEvent): void {
    for (const l of this.listeners) l(event);
  }
  /** Places a card: delivered only when the session asked for one, like the real reader adapter. */
  insert(card: SessionCard): void {
    if (this.requested) this.emit({ type: 'card', card });
  }
}

export function makeCard(overrides: Partial<ChipCard> = {}): ChipCard {
  return {
    idNumber: '11010519900307803X',
    name: '张三',
    birthDate: '1990-03-07',
    validUntil: '2035-01-01',
    summary: { name: '*三', maskedNumber: '1101**********803X', cardType: 'resident' },
    photo: { width: 16, height: 16, channels: 3, data: new Uint8Array(16 * 16 * 3).fill(7) },
    ...overrides,
  };
}

/** A unit vector in 512-d, reproducible from a seed. */
export function unitVector(seed: number): Float32Array {
  const v = new Float32Array(512);
  let a = seed >>> 0;
  for (let i = 0; i < v.length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    v[i] = a / 2 ** 32 - 0.5;
  }
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export function analysisOf(guidance: GuidanceCode, embedding: Float32Array | null, yaw = 0): FrameAnalysis {
  const face: FaceAnalysis = {
    box: { x1: 100, y1: 80, x2: 220, y2: 230, score: 0.99 },
    landmarks: [],
    fivePoints: [],
    pose: { yaw, pitch: 0, roll: 0 },
    eyes: { left: 0.9, right: 0.9 },
    mouthOpenRatio: 0,
    quality: { sizeRatio: 0.4, centerOffset: 0.02, brightness: 120, contrast: 40, sharpness: 200 },
    live: 0.95,
    ...(embedding ? { embedding: Float32Array.from(embedding) } : {}),
  };
  const hasFace = guidance !== 'NO_FACE';
  return {
    width: 320,
    height: 240,
    timestampMs: 0,
    faces: hasFace ? [face] : [],
    primary: hasFace ? 0 : null,
    guidance,
  };
}

/** Answers each frame with the next scripted analysis (repeating the last), or holds it until released. */
export class ScriptedFaces implements FaceAnalyzer {
  guidance: GuidanceCode = 'OK';
  live = unitVector(1);
  reference = unitVector(1);
  referenceError: Error | null = null;
  /** Every embedding handed out, so tests can check the session zeroed them. */
  handedOut: Float32Array[] = [];
  framesSeen: Frame[] = [];
  hold = false;
  /** The mouth opening at a frame's time (read-aloud); set, analyses carry the frame's own timestamp too. */
  mouth: ((timestampMs: number) => number) | null = null;
  private held: Array<() => void> = [];

  async analyze(frame: Frame): Promise<FrameAnalysis> {
    this.framesSeen.push(frame);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    const a = analysisOf(this.guidance, this.guidance === 'OK' ? this.live : null);
    if (this.mouth) {
      a.timestampMs = frame.timestampMs;
      for (const f of a.faces) f.mouthOpenRatio = this.mouth(frame.timestampMs);
    }
    for (const f of a.faces) if (f.embedding) this.handedOut.push(f.embedding);
    return a;
  }
  release(): void {
    this.hold = false;
    for (const r of this.held.splice(0)) r();
  }
  async embedReference(): Promise<Float32Array> {
    if (this.referenceError) throw this.referenceError;
    const r = Float32Array.from(this.reference);
    this.handedOut.push(r);
    return r;
  }
}

/** Runs a fixed list of updates per session, then repeats the last. */
export class ScriptedLiveness implements LivenessEvaluatorFactory {
  script: LivenessUpdate[] = [{ state: 'running', prompt: 'blink', progress: 0.5 }, { state: 'passed' }];
  created = 0;
  disposed = 0;
  create(): LivenessEvaluator {
    this.created += 1;
    let i = 0;
    return {
      onFrame: () => this.script[Math.min(i++, this.script.length - 1)]!,
      dispose: () => {
        this.disposed += 1;
      },
    };
  }
}

export interface Harness {
  orchestrator: SessionOrchestrator;
  clock: ManualClock;
  cards: ScriptedCards;
  faces: ScriptedFaces;
  liveness: ScriptedLiveness;
  audit: MemoryAuditSink;
  receipts: ConsentReceiptInput[];
  views: SessionView[];
  ports: SessionPorts;
  /** Calls a session method the way the screen does: through the dispatcher, which checks it against the contract. */
  call(method: string, args: unknown): Promise<CallResult<unknown>>;
}

let catalogue: Promise<AgreementCatalogue> | null = null;

export async function makeHarness(
  configOverride: unknown = {},
  extraPorts: Partial<SessionPorts> = {},
): Promise<Harness> {
  catalogue ??= AgreementCatalogue.load();
  const config = parseConfig(configOverride);
  const clock = new ManualClock();
  const cards = new ScriptedCards();
  const faces = new ScriptedFaces();
  const liveness = new ScriptedLiveness();
  const audit = new MemoryAuditSink();
  const receipts: ConsentReceiptInput[] = [];
  const ports: SessionPorts = {
    cards,
    faces,
    liveness,
    matcher: new ThresholdMatcher(new ThresholdPolicy()),
    audit,
    agreements: new CatalogueAgreementSource(
      await catalogue,
      config.consent.agreementId,
      agreementPlaceholders(config),
    ),
    consent: { record: (r) => void receipts.push(r) },
    clock,
    random: cryptoRandom,
    ...extraPorts,
  };
  const orchestrator = new SessionOrchestrator({ config, ports });
  const views: SessionView[] = [];
  orchestrator.onView((v) => views.push(sessionViewSchema.parse(v)));
  const dispatch = createDispatcher({
    handlers: sessionHandlers(orchestrator) as Handlers,
    staffUnlocked: () => false,
    log: silentLogger,
  });
  const call = (method: string, args: unknown) => dispatch(method, args, { host: 'web' });
  return { orchestrator, clock, cards, faces, liveness, audit, receipts, views, ports, call };
}

export function frame(timestampMs: number, width = 32, height = 24): Frame {
  return { width, height, channels: 4, data: new Uint8Array(width * height * 4).fill(200), timestampMs };
}

/** The view narrowed to `step`; throws, naming both steps, when the session is at another. */
export function at<S extends SessionStep>(view: SessionView, step: S): SessionViewAt<S> {
  if (view.step !== step) throw new Error(`expected the view at ${step}, it is at ${view.step}`);
  return view as SessionViewAt<S>;
}

/** What a result screen shows: the final result, or the retry offer (a failed result with "try again"). */
export interface ShownResult {
  outcome: 'pass' | 'fail';
  reason: ResultReason;
  next: ResultView['next'] | 'retry';
  detail?: string;
}

/** The result the person sees in `view` (the final one or the retry offer); null at any other step. */
export function shownResult(view: SessionView): ShownResult | null {
  if (view.step === 'result') return view.result;
  if (view.step !== 'retry') return null;
  const { reason, detail } = view.retry;
  return { outcome: 'fail', reason, next: 'retry', ...(detail ? { detail } : {}) };
}

/** Agrees to the agreement shown, with every confirmation ticked and the text scrolled to the end. */
export async function agree(h: Pick<Harness, 'orchestrator'>): Promise<void> {
  await agreeToShown(walker(h));
}

/**
 * The orchestrator as the shared session walk (test/fixtures/session-walk.ts) drives it: `start` starts it, `card`
 * goes on the scripted reader, and a view is the orchestrator's as it is now (it answers synchronously).
 */
function walker(h: Pick<Harness, 'orchestrator'>, start = async () => {}, place = () => {}): SessionWalker {
  return {
    start,
    decideConsent: (cmd) => h.orchestrator.decideConsent(cmd),
    placeCard: place,
    viewWhere: async (match) => {
      const v = h.orchestrator.view();
      if (!match(v)) throw new Error(`the session is not where the walk expects it: at ${v.step}`);
      return v;
    },
  };
}

/** Submits frames 100 ms apart until the session leaves the capture/liveness steps or `max` frames were sent. */
export async function feedFrames(h: Harness, max = 20, startMs = 1000): Promise<void> {
  for (let i = 0; i < max; i++) {
    const step = h.orchestrator.view().step;
    if (step !== 'capture' && step !== 'liveness') return;
    h.clock.advance(100);
    h.orchestrator.submitFrame(frame(startMs + i * 100));
    await h.orchestrator.settled();
  }
}

/**
 * start → agree → card → confirm: the session is at capture. `command` and `options` are start()'s (a purpose, a
 * language, the third party the business-app API names).
 */
export async function toCapture(
  h: Harness,
  card: ChipCard = makeCard(),
  command: StartCommand = {},
  options?: StartOptions,
): Promise<ChipCard> {
  const start = async () => void (await h.orchestrator.start(command, options));
  // A card that leads elsewhere (locked out, say) ends the walk there; confirming it then fails as it should.
  await walkToCard(
    walker(h, start, () => h.cards.insert(card)),
    (v) => v.step !== 'card',
  );
  h.orchestrator.confirmCard({ confirmed: true });
  return card;
}

/** The events that bring a new session flow (the statechart alone, main/session/flow.ts) to each step, the shortest way. */
export const FLOW_PATH: Record<string, FlowEvent[]> = {
  consent: [{ type: 'start' }],
  card: [{ type: 'start' }, { type: 'agreed' }],
  guardian: [{ type: 'start' }, { type: 'agreed' }, { type: 'guardianNeeded' }],
  capture: [{ type: 'start' }, { type: 'agreed' }, { type: 'cardConfirmed' }],
  liveness: [{ type: 'start' }, { type: 'agreed' }, { type: 'cardConfirmed' }, { type: 'faceSettled' }],
  match: [
    { type: 'start' },
    { type: 'agreed' },
    { type: 'cardConfirmed' },
    { type: 'faceSettled' },
    { type: 'livenessPassed' },
  ],
};
FLOW_PATH.intent = [...FLOW_PATH.match!, { type: 'prompt' }];
FLOW_PATH.retry = [...FLOW_PATH.capture!, { type: 'attemptFailed' }];

export interface FlowAtStep {
  clock: ManualClock;
  expired: Expiry[];
  flow: SessionFlow;
}

/**
 * A session flow with the default session config at `step`, on a simulated clock, recording what expired. `pace`
 * (elderly mode's timeout factor) is set before the start, as the attract screen's button does.
 */
export function flowAt(step: string, pace?: number): FlowAtStep {
  const clock = new ManualClock();
  const expired: Expiry[] = [];
  const flow = new SessionFlow(parseConfig({}).session, clock, (e) => expired.push(e));
  if (pace !== undefined) flow.setPace(pace);
  for (const event of FLOW_PATH[step] ?? []) flow.send(event);
  expect(flow.step()).toBe(step);
  return { clock, expired, flow };
}

/**
 * The person keeps touching (every 10 s, so the idle countdown never runs out) until one second before `ms`: nothing
 * has expired by then; one second later `step`'s own timeout has, and nothing else.
 */
export function expectStepExpiresAfter({ clock, expired, flow }: FlowAtStep, step: string, ms: number): void {
  const S = 1000;
  for (let t = 0; t < ms - S; t += 10 * S) {
    clock.advance(Math.min(10 * S, ms - S - t));
    flow.send({ type: 'touch' });
  }
  expect(expired).toEqual([]);
  clock.advance(S);
  expect(expired).toEqual([{ kind: 'step', step }]);
}
