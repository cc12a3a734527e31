// The orchestrator on the real parts: the simulated reader speaking SAM frames through the real driver, the real
// vision models on the fake camera's video of ../shared/faces, the real liveness session and threshold policy.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../main/config/load';
import { AgreementCatalogue } from '../../../main/consent/catalogue';
import { createReaderDriver, demoCardSpec, type ReaderService } from '../../../main/devices/idcard';
import { parseLivenessConfig } from '../../../main/liveness/config';
import {
  agreementPlaceholders,
  CatalogueAgreementSource,
} from '../../../main/session/adapters/catalogue-agreements';
import { LivenessSessionFactory } from '../../../main/session/adapters/liveness-evaluator';
import { ReaderCardSource } from '../../../main/session/adapters/reader-card-source';
import { ThresholdMatcher } from '../../../main/session/adapters/threshold-matcher';
import { VisionFaceAnalyzer } from '../../../main/session/adapters/vision-face-analyzer';
import { cryptoRandom, ManualClock } from '../../../main/session/clock';
import { MemoryAuditSink } from '../../../main/session/memory-audit';
import { SessionOrchestrator } from '../../../main/session/orchestrator';
import type { SessionCard } from '../../../main/session/ports';
import { ThresholdPolicy } from '../../../main/verify/match';
import { VisionService } from '../../../main/vision/service';
import { readY4m, type Y4mVideo } from '../../../main/vision/y4m';
import { sessionViewSchema, type SessionView } from '../../../common/session';
import { agree, at } from './harness';

const FACES = resolve(process.cwd(), '../shared/faces');
const noHardware = {
  hid: { devices: async () => [], open: async () => Promise.reject(new Error('no device')) },
  serial: { list: async () => [], factory: () => Promise.reject(new Error('no port')) as never },
};
const FAST_READER = {
  mode: 'simulator' as const,
  discoveryIntervalMs: 100,
  pollIntervalMs: 50,
  timeouts: { statusMs: 200, findMs: 200, selectMs: 200, readMs: 400 },
  simulator: { latencyMs: 1, haltAfterRead: false, initialCard: null },
  hid: [],
  serial: [],
};

let vision: VisionService;
let video: Y4mVideo;
let catalogue: AgreementCatalogue;

beforeAll(async () => {
  vision = VisionService.create();
  [video, catalogue] = await Promise.all([
    readY4m(resolve(FACES, 'camera-barack_obama.y4m')),
    AgreementCatalogue.load(),
  ]);
  await vision.ready();
});
afterAll(async () => {
  await vision?.close();
});

interface Rig {
  orchestrator: SessionOrchestrator;
  reader: ReaderService;
  clock: ManualClock;
  cards: ReaderCardSource;
  delivered: SessionCard[];
  close(): Promise<void>;
}

async function rig(livenessOverride: Record<string, unknown>): Promise<Rig> {
  const config = parseConfig({});
  const reader = await createReaderDriver(FAST_READER, { ...noHardware, facesDir: FACES });
  const cards = new ReaderCardSource(reader.driver);
  const delivered: SessionCard[] = [];
  cards.subscribe((e) => {
    if (e.type === 'card') delivered.push(e.card);
  });
  const clock = new ManualClock(Date.now());
  const orchestrator = new SessionOrchestrator({
    config,
    ports: {
      cards,
      faces: new VisionFaceAnalyzer(vision),
      liveness: new LivenessSessionFactory(parseLivenessConfig(livenessOverride)),
      matcher: new ThresholdMatcher(new ThresholdPolicy()),
      audit: new MemoryAuditSink(),
      agreements: new CatalogueAgreementSource(
        catalogue,
        config.consent.agreementId,
        agreementPlaceholders(config),
      ),
      consent: { record: () => undefined },
      clock,
      random: cryptoRandom,
    },
  });
  reader.driver.start();
  return {
    orchestrator,
    reader,
    clock,
    cards,
    delivered,
    close: async () => {
      orchestrator.dispose();
      cards.close();
      await reader.driver.stop();
    },
  };
}

/** Resolves with the first view satisfying `match` (the guard timeout is for hangs, not a speed assertion). */
function viewWhere(
  o: SessionOrchestrator,
  match: (v: SessionView) => boolean,
  ms = 20_000,
): Promise<SessionView> {
  const now = o.view();
  if (match(now)) return Promise.resolve(now);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching view; last ${JSON.stringify(o.view()).slice(0, 300)}`));
    }, ms);
    const off = o.onView((v) => {
      if (!match(v)) return;
      clearTimeout(timer);
      off();
      resolvePromise(v);
    });
  });
}

async function toCardConfirmed(r: Rig, demoCard: string): Promise<SessionView> {
  const o = r.orchestrator;
  await o.start({});
  await agree(r);
  await r.reader.simulator!.insertCard(demoCardSpec(demoCard, FACES));
  const withCard = await viewWhere(o, (v) => v.step === 'card' && v.card.summary !== null);
  o.confirmCard({ confirmed: true });
  return withCard;
}

/** Plays the camera video into the session, 10 fps of frame time, until it leaves capture/liveness. */
async function play(r: Rig, maxFrames: number): Promise<number> {
  const o = r.orchestrator;
  let sent = 0;
  for (let i = 0; i < maxFrames; i++) {
    const step = o.view().step;
    if (step !== 'capture' && step !== 'liveness' && step !== 'match') break;
    r.clock.advance(100);
    const f = video.frame(i % video.frameCount);
    const ack = o.submitFrame({ ...f, timestampMs: 1000 + i * 100 });
    if (ack.accepted) sent++;
    await o.settled();
  }
  await o.settled();
  return sent;
}

describe('session on the real reader simulator, vision models and liveness', () => {
  it('passes when the card photo and the camera are the same person (active challenges off), and wipes it all', async () => {
    const r = await rig({ active: false });
    try {
      const view = await toCardConfirmed(r, 'resident-adult');
      expect(at(view, 'card').card.summary).toMatchObject({
        maskedNumber: '1101**********0036',
        cardType: 'resident',
      });
      expect(r.orchestrator.view().step).toBe('capture');
      await play(r, 80);
      const result = at(sessionViewSchema.parse(r.orchestrator.view()), 'result');
      expect(result.result).toEqual({ outcome: 'pass', reason: 'MATCHED', next: 'done' });
      const record = r.orchestrator.staffRecords()[0]!;
      expect(record.score).toBeGreaterThan(record.threshold!);
      expect(r.delivered[0]!.photo!.data.every((b) => b === 0)).toBe(true);
      expect(r.orchestrator.personalDataHeld()).toMatchObject({ card: false, reference: false, probes: 0 });
    } finally {
      await r.close();
    }
  });

  it('fails with a retry when the card belongs to someone else', async () => {
    const r = await rig({ active: false });
    try {
      await toCardConfirmed(r, 'resident-adult-2');
      await play(r, 80);
      expect(r.orchestrator.view()).toMatchObject({ step: 'retry', retry: { reason: 'NOT_MATCHED' } });
      const record = r.orchestrator.staffRecords();
      expect(record).toHaveLength(0); // the session is still open for the retry
      r.orchestrator.cancel({});
      expect(r.orchestrator.staffRecords()[0]!.score).toBeLessThan(0.35);
    } finally {
      await r.close();
    }
  });

  it('fails active liveness on the still-photo camera feed', async () => {
    const r = await rig({
      active: true,
      challengeCount: 1,
      challengeTypes: ['blink'],
      challengeTimeoutMs: 3000,
    });
    try {
      await toCardConfirmed(r, 'resident-adult');
      await play(r, 200);
      expect(r.orchestrator.view()).toMatchObject({
        step: 'retry',
        retry: { reason: 'LIVENESS_FAILED', detail: expect.stringMatching(/^LIVENESS_/) },
      });
    } finally {
      await r.close();
    }
  });

  it('ends the session when the card is lifted from the simulated reader', async () => {
    const r = await rig({ active: false });
    try {
      await toCardConfirmed(r, 'resident-adult');
      r.reader.simulator!.removeCard();
      const ended = await viewWhere(r.orchestrator, (v) => v.step === 'error');
      expect(at(ended, 'error').error).toEqual({ code: 'SESSION_CARD_REMOVED' });
      expect(r.orchestrator.personalDataHeld().card).toBe(false);
    } finally {
      await r.close();
    }
  });
});
