import { describe, expect, it } from 'vitest';
import { HexinError } from '../../../common/errors';
import { personMessages } from '../../../common/messages';
import { FRAME_MAX_BYTES, isRunning } from '../../../common/session';
import {
  agree,
  at,
  feedFrames,
  frame,
  makeCard,
  makeHarness,
  toCapture,
  unitVector,
  type Harness,
} from './harness';

async function expectNothingPersonal(h: Harness, card?: { photo: { data: Uint8Array } }): Promise<void> {
  await h.orchestrator.settled();
  expect(h.orchestrator.personalDataHeld()).toEqual({
    card: false,
    reference: false,
    probes: 0,
    bestFrame: false,
    liveness: false,
    frameInAnalysis: false,
  });
  if (card) expect(card.photo.data.every((b) => b === 0)).toBe(true);
  for (const e of h.faces.handedOut) expect(e.every((x) => x === 0)).toBe(true);
  for (const f of h.faces.framesSeen) expect(f.data.every((b) => b === 0)).toBe(true);
  const ended = h.audit.all().filter((e) => e.type === 'session.ended');
  expect(ended.length).toBeGreaterThan(0);
}

async function expectHexinError(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(HexinError);
    expect((e as HexinError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('happy path', () => {
  it('walks consent → card → capture → liveness → match → result and wipes everything at the end', async () => {
    const h = await makeHarness();
    const o = h.orchestrator;
    expect(o.view().step).toBe('attract');

    await o.start({ language: 'en' });
    const consent = at(o.view(), 'consent');
    expect(consent.language).toBe('en');
    expect(consent.agreement?.blocks.length).toBeGreaterThan(3);
    expect(consent.agreement?.confirmations.some((c) => c.id === 'sensitive-personal-information')).toBe(
      true,
    );
    expect(consent.idle).toEqual({ secondsLeft: 60, warning: false });

    await agree(h);
    expect(o.view().step).toBe('card');
    expect(h.cards.requested).toBe(true);
    expect(h.receipts).toHaveLength(1);
    expect(h.receipts[0]).toMatchObject({ decision: 'agree', guardian: false, language: 'en' });

    const card = makeCard();
    h.cards.insert(card);
    const cardView = at(o.view(), 'card').card;
    expect(cardView.summary).toEqual({
      name: '*三',
      maskedNumber: '1101**********803X',
      cardType: 'resident',
      age: 35,
    });
    expect(JSON.stringify(o.view())).not.toContain(card.idNumber);
    expect(h.cards.requested).toBe(false);

    o.confirmCard({ confirmed: true });
    expect(o.view()).toEqual({
      step: 'capture',
      sessionId: expect.any(String),
      language: 'en',
      idle: expect.any(Object),
      elderly: false,
      capture: { guidance: 'NO_FACE', secondsLeft: 30 },
    });

    await feedFrames(h);
    const result = at(o.view(), 'result');
    expect(result.result).toEqual({ outcome: 'pass', reason: 'MATCHED', next: 'done' });
    expect(result.sessionId).toBeNull();
    // The screens passed through liveness with a prompt, and never showed a score.
    expect(h.views.some((v) => v.step === 'liveness' && v.liveness.prompt === 'blink')).toBe(true);
    expect(h.views.some((v) => v.step === 'match')).toBe(true);
    expect(JSON.stringify(h.views)).not.toMatch(/score|threshold/);

    await expectNothingPersonal(h, card);
    const staff = o.staffRecords();
    expect(staff[0]).toMatchObject({ outcome: 'pass', endReason: 'result', attempts: 1 });
    expect(staff[0]?.score).toBeCloseTo(1, 5);

    // The result screen returns to attract by itself, and no timer is left behind.
    h.clock.advance(15_000);
    expect(o.view().step).toBe('attract');
    expect(o.view().language).toBe('zh-CN');
    expect(h.clock.pending()).toBe(0);
  });

  it('records audit events without anything personal', async () => {
    const h = await makeHarness();
    const card = await toCapture(h);
    await feedFrames(h);
    const text = JSON.stringify(h.audit.all());
    expect(text).not.toContain(card.idNumber);
    expect(text).not.toContain(card.name);
    expect(text).not.toContain('1990');
    const types = h.audit.types();
    for (const t of [
      'session.started',
      'consent.agreed',
      'card.read',
      'capture.ready',
      'liveness.passed',
      'match.decided',
      'session.ended',
    ]) {
      expect(types).toContain(t);
    }
  });

  it('has person-facing messages for every error code it can show', () => {
    for (const code of [
      'SESSION_NOT_ACTIVE',
      'SESSION_WRONG_STEP',
      'SESSION_BAD_COMMAND',
      'CONSENT_INCOMPLETE',
      'CONSENT_STALE',
      'SESSION_CARD_REMOVED',
      'SESSION_CARD_EXPIRED',
      'SESSION_CARD_INVALID',
      'SESSION_CARD_LOCKED',
      'SESSION_REFERENCE_UNUSABLE',
      'SESSION_ANALYSIS_FAILED',
      'SESSION_TIMEOUT',
    ]) {
      expect(personMessages[code]?.['zh-CN']).toBeTruthy();
      expect(personMessages[code]?.en).toBeTruthy();
    }
  });
});

describe('consent', () => {
  it('refuses "agree" without scrolling, without the sensitive-information confirmation, or on another text', async () => {
    const h = await makeHarness();
    await h.orchestrator.start({});
    const a = at(h.orchestrator.view(), 'consent').agreement!;
    const base = {
      agreementId: a.id,
      version: a.version,
      language: a.language,
      sha256: a.sha256,
      decision: 'agree' as const,
      confirmations: a.confirmations.map((c) => c.id),
      guardian: false,
      scrolledToEnd: true,
    };
    await expectHexinError(
      h.orchestrator.decideConsent({ ...base, scrolledToEnd: false }),
      'CONSENT_INCOMPLETE',
    );
    const withoutSensitive = base.confirmations.filter((c) => c !== 'sensitive-personal-information');
    await expectHexinError(
      h.orchestrator.decideConsent({ ...base, confirmations: withoutSensitive }),
      'CONSENT_INCOMPLETE',
    );
    await expectHexinError(
      h.orchestrator.decideConsent({ ...base, sha256: '0'.repeat(64) }),
      'CONSENT_STALE',
    );
    // A decision the contract does not know is refused by the dispatcher before the session sees it.
    expect(await h.call('decideConsent', { ...base, decision: 'maybe' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(h.orchestrator.view().step).toBe('consent');
    expect(h.receipts).toHaveLength(0);
  });

  it('ends on refusal with a receipt, shows the alternatives, then returns to attract', async () => {
    const h = await makeHarness();
    await h.orchestrator.start({});
    const a = at(h.orchestrator.view(), 'consent').agreement!;
    await h.orchestrator.decideConsent({
      agreementId: a.id,
      version: a.version,
      language: a.language,
      sha256: a.sha256,
      decision: 'refuse',
      confirmations: [],
      guardian: false,
      scrolledToEnd: false,
    });
    expect(h.orchestrator.view().step).toBe('refused');
    expect(h.receipts[0]?.decision).toBe('refuse');
    expect(h.cards.requested).toBe(false);
    h.clock.advance(15_000);
    expect(h.orchestrator.view().step).toBe('attract');
  });

  it('records one receipt and moves on once when "agree" is tapped twice', async () => {
    let release: () => void = () => undefined;
    const h = await makeHarness();
    // A receipt store that answers only when told to, so the second tap arrives while the first is recorded.
    h.ports.consent.record = (r) =>
      new Promise<void>((resolveRecord) => {
        release = () => {
          h.receipts.push(r);
          resolveRecord();
        };
      });
    await h.orchestrator.start({});
    const first = agree(h);
    await expectHexinError(agree(h), 'SESSION_WRONG_STEP');
    release();
    await first;
    expect(h.receipts).toHaveLength(1);
    expect(h.orchestrator.view().step).toBe('card');
  });

  it('will not run two sessions at once, and refuses commands out of step', async () => {
    const h = await makeHarness();
    await expectHexinError(() => h.orchestrator.confirmCard({ confirmed: true }), 'SESSION_NOT_ACTIVE');
    await h.orchestrator.start({});
    await expectHexinError(h.orchestrator.start({}), 'SESSION_WRONG_STEP');
    await expectHexinError(() => h.orchestrator.confirmCard({ confirmed: true }), 'SESSION_WRONG_STEP');
    await expectHexinError(() => h.orchestrator.retry({}), 'SESSION_WRONG_STEP');
  });
});

describe('card', () => {
  it('shows a read error, rejects an expired card, and lets the person decline the card read', async () => {
    const h = await makeHarness();
    await h.orchestrator.start({});
    await agree(h);
    h.cards.emit({ type: 'status', status: 'ready' });
    h.cards.emit({ type: 'read-error', code: 'CARD_READ_FAILED' });
    expect(at(h.orchestrator.view(), 'card').card).toMatchObject({
      readerStatus: 'ready',
      errorCode: 'CARD_READ_FAILED',
    });

    const expired = makeCard({ validUntil: '2020-01-01' });
    h.cards.insert(expired);
    expect(at(h.orchestrator.view(), 'card').card).toMatchObject({
      summary: null,
      errorCode: 'SESSION_CARD_EXPIRED',
    });
    expect(expired.photo.data.every((b) => b === 0)).toBe(true);
    expect(h.cards.requested).toBe(true);

    const other = makeCard();
    h.cards.insert(other);
    h.orchestrator.confirmCard({ confirmed: false });
    expect(other.photo.data.every((b) => b === 0)).toBe(true);
    expect(at(h.orchestrator.view(), 'card').card.summary).toBeNull();
    expect(h.cards.requested).toBe(true);
  });

  it('never keeps a card it did not ask for', async () => {
    const h = await makeHarness();
    const stray = makeCard();
    h.cards.emit({ type: 'card', card: stray });
    expect(stray.photo.data.every((b) => b === 0)).toBe(true);
    expect(h.orchestrator.view().step).toBe('attract');
  });

  it('ends the session and wipes everything when the card is pulled out mid-capture', async () => {
    const h = await makeHarness();
    const card = await toCapture(h);
    h.clock.advance(100);
    h.orchestrator.submitFrame(frame(1));
    await h.orchestrator.settled();
    h.cards.emit({ type: 'card-removed' });
    expect(h.orchestrator.view()).toMatchObject({ step: 'error', error: { code: 'SESSION_CARD_REMOVED' } });
    await expectNothingPersonal(h, card);
    expect(h.audit.all().find((e) => e.type === 'session.ended')?.data.reason).toBe('card-removed');
  });
});

describe('guardian', () => {
  it('asks a guardian to confirm for a 16-year-old and records a guardian receipt', async () => {
    const h = await makeHarness();
    await toCapture(h, makeCard({ birthDate: '2009-06-01' }));
    expect(h.orchestrator.view()).toMatchObject({
      step: 'guardian',
      guardian: { age: 16, mandatory: false },
    });
    await h.orchestrator.confirmGuardian({ confirmed: true });
    expect(h.orchestrator.view().step).toBe('capture');
    expect(h.receipts.map((r) => r.guardian)).toEqual([false, true]);
  });

  it('routes a 12-year-old to staff and drops the card', async () => {
    const h = await makeHarness();
    const card = await toCapture(h, makeCard({ birthDate: '2013-06-01' }));
    expect(h.orchestrator.view().step).toBe('staff-required');
    await expectNothingPersonal(h, card);
  });

  it('follows the configured ages, and can be switched off', async () => {
    const h = await makeHarness({ guardian: { guardianAge: 20, staffAssistedAge: 10 } });
    await toCapture(h, makeCard({ birthDate: '2007-01-01' })); // 19
    expect(h.orchestrator.view().step).toBe('guardian');
    const off = await makeHarness({ guardian: { enabled: false } });
    await toCapture(off, makeCard({ birthDate: '2013-06-01' }));
    expect(off.orchestrator.view().step).toBe('capture');
  });

  it('ends as refused when the guardian declines', async () => {
    const h = await makeHarness();
    const card = await toCapture(h, makeCard({ birthDate: '2009-06-01' }));
    await h.orchestrator.confirmGuardian({ confirmed: false });
    expect(h.orchestrator.view().step).toBe('refused');
    await expectNothingPersonal(h, card);
  });
});

describe('retries and lock-out', () => {
  it('offers a retry after a mismatch, three times, then fails with the staff counter', async () => {
    const h = await makeHarness();
    h.faces.live = unitVector(99); // another person
    const card = await toCapture(h);
    for (const left of [3, 2, 1]) {
      await feedFrames(h);
      expect(h.orchestrator.view()).toMatchObject({
        step: 'retry',
        retry: { reason: 'NOT_MATCHED', retriesLeft: left },
      });
      expect(h.orchestrator.personalDataHeld().probes).toBe(0);
      h.orchestrator.retry({});
      expect(h.orchestrator.view().step).toBe('capture');
    }
    await feedFrames(h);
    expect(h.orchestrator.view()).toMatchObject({
      step: 'result',
      result: { outcome: 'fail', reason: 'NOT_MATCHED', next: 'staff-counter' },
    });
    await expectNothingPersonal(h, card);
    expect(h.orchestrator.staffRecords()[0]).toMatchObject({ outcome: 'fail', attempts: 4 });
  });

  it('passes on a retry when the right person comes back', async () => {
    const h = await makeHarness();
    h.faces.live = unitVector(99);
    await toCapture(h);
    await feedFrames(h);
    h.faces.live = unitVector(1);
    h.orchestrator.retry({});
    await feedFrames(h);
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass' });
  });

  it('locks a card out after 5 failures within 30 minutes, for 30 minutes, and only that card', async () => {
    const h = await makeHarness();
    h.faces.live = unitVector(99);
    await toCapture(h);
    for (let i = 0; i < 3; i++) {
      await feedFrames(h);
      h.orchestrator.retry({});
    }
    await feedFrames(h); // 4th failure: final fail
    expect(at(h.orchestrator.view(), 'result').result.next).toBe('staff-counter');
    h.clock.advance(15_000);

    await toCapture(h); // same card, 5th failure locks it
    await feedFrames(h);
    expect(h.orchestrator.view()).toMatchObject({ step: 'locked', lock: { minutesLeft: 30 } });
    await expectNothingPersonal(h);
    h.clock.advance(15_000);

    // The locked card is turned away at the reader; another card is not.
    await h.orchestrator.start({});
    await agree(h);
    const again = makeCard();
    h.cards.insert(again);
    expect(h.orchestrator.view().step).toBe('locked');
    expect(again.photo.data.every((b) => b === 0)).toBe(true);
    h.clock.advance(15_000);
    await toCapture(h, makeCard({ idNumber: '110105199003078059' }));
    expect(h.orchestrator.view().step).toBe('capture');
    h.orchestrator.cancel({});

    // After the lock time, the card may try again.
    h.clock.advance(30 * 60_000);
    await toCapture(h);
    expect(h.orchestrator.view().step).toBe('capture');
  });

  it('does not count failures older than the window', async () => {
    const h = await makeHarness({ lockout: { maxFailures: 2, windowMinutes: 10, lockMinutes: 5 } });
    h.faces.live = unitVector(99);
    await toCapture(h);
    await feedFrames(h);
    h.orchestrator.cancel({});
    h.clock.advance(11 * 60_000);
    await toCapture(h);
    await feedFrames(h);
    expect(h.orchestrator.view().step).toBe('retry');
    h.orchestrator.retry({});
    await feedFrames(h);
    expect(h.orchestrator.view()).toMatchObject({ step: 'locked', lock: { minutesLeft: 5 } });
  });

  it('fails the attempt when liveness fails, and counts it toward the lock-out', async () => {
    const h = await makeHarness({ lockout: { maxFailures: 1 } });
    h.liveness.script = [{ state: 'failed', reason: 'frozen-feed' }];
    const card = await toCapture(h);
    await feedFrames(h);
    expect(h.orchestrator.view().step).toBe('locked');
    expect(h.liveness.disposed).toBe(h.liveness.created);
    await expectNothingPersonal(h, card);
  });
});

describe('liveness prompts and failures', () => {
  it('passes the prompt and its parameters to the screen, and says why liveness failed when the person can act on it', async () => {
    const h = await makeHarness();
    h.liveness.script = [
      { state: 'running', prompt: 'liveness.challenge', params: { index: 1, total: 2 }, progress: 0.25 },
      { state: 'failed', reason: 'LIVENESS_MULTIPLE_FACES' },
    ];
    await toCapture(h);
    await feedFrames(h);
    const prompted = h.views.find((v) => v.step === 'liveness' && v.liveness.prompt === 'liveness.challenge');
    expect(prompted && at(prompted, 'liveness').liveness).toEqual({
      prompt: 'liveness.challenge',
      params: { index: 1, total: 2 },
      progress: 0.25,
    });
    expect(at(h.orchestrator.view(), 'retry').retry).toEqual({
      reason: 'LIVENESS_FAILED',
      detail: 'LIVENESS_MULTIPLE_FACES',
      retriesLeft: 3,
    });
    h.liveness.script = [{ state: 'failed', reason: 'some-internal-code' }];
    h.orchestrator.retry({});
    await feedFrames(h);
    expect(at(h.orchestrator.view(), 'retry').retry).toEqual({ reason: 'LIVENESS_FAILED', retriesLeft: 2 });
    expect(
      h.audit
        .all()
        .filter((e) => e.type === 'attempt.failed')
        .map((e) => e.data.detail),
    ).toEqual(['LIVENESS_MULTIPLE_FACES', 'some-internal-code']);
  });
});

describe('timers', () => {
  it('counts the idle time down, warns in the last 15 s, and wipes everything at 60 s', async () => {
    const h = await makeHarness();
    await h.orchestrator.start({});
    await agree(h);
    const card = makeCard();
    h.cards.insert(card);
    h.clock.advance(44_000);
    expect(at(h.orchestrator.view(), 'card').idle).toEqual({ secondsLeft: 16, warning: false });
    h.clock.advance(1_000);
    expect(at(h.orchestrator.view(), 'card').idle).toEqual({ secondsLeft: 15, warning: true });
    const countdown = h.views.filter(isRunning).map((v) => v.idle.secondsLeft);
    expect(countdown).toContain(30);
    h.clock.advance(15_000);
    expect(h.orchestrator.view().step).toBe('attract');
    await expectNothingPersonal(h, card);
    expect(h.audit.all().find((e) => e.type === 'session.ended')?.data.reason).toBe('idle');
    expect(h.clock.pending()).toBe(0);
  });

  it('restarts the idle countdown on every touch, and while a face is in front of the camera', async () => {
    const h = await makeHarness({ session: { idleTimeoutSeconds: 20, idleWarningSeconds: 5 } });
    h.liveness.script = [{ state: 'running', prompt: 'turn-left', progress: 0.2 }];
    await toCapture(h);
    for (let i = 0; i < 25; i++) {
      h.clock.advance(1000);
      h.orchestrator.submitFrame(frame(i + 1));
      await h.orchestrator.settled();
    }
    expect(h.orchestrator.view().step).toBe('liveness');
    h.faces.guidance = 'NO_FACE';
    for (let i = 0; i < 19; i++) {
      h.clock.advance(1000);
      h.orchestrator.submitFrame(frame(100 + i));
      await h.orchestrator.settled();
    }
    expect(at(h.orchestrator.view(), 'liveness').idle.secondsLeft).toBe(1);
  });

  it('leaves the retry offer up until the idle countdown ends it', async () => {
    const h = await makeHarness();
    h.faces.live = unitVector(99);
    const card = await toCapture(h);
    await feedFrames(h);
    expect(h.orchestrator.view().step).toBe('retry');
    h.clock.advance(59_000);
    expect(h.orchestrator.view()).toMatchObject({ step: 'retry', idle: { secondsLeft: 1, warning: true } });
    h.clock.advance(1_000);
    expect(h.orchestrator.view().step).toBe('attract');
    await expectNothingPersonal(h, card);
  });

  it('fails the attempt when capture times out, with a retry', async () => {
    const h = await makeHarness();
    h.faces.guidance = 'MOVE_CLOSER';
    await toCapture(h);
    await feedFrames(h, 5);
    expect(at(h.orchestrator.view(), 'capture').capture.guidance).toBe('MOVE_CLOSER');
    h.clock.advance(30_000);
    expect(h.orchestrator.view()).toMatchObject({ step: 'retry', retry: { reason: 'CAPTURE_TIMEOUT' } });
  });

  it('ends a session left at the consent step with a timeout screen', async () => {
    const h = await makeHarness({
      session: { idleTimeoutSeconds: 600, stepTimeoutsSeconds: { consent: 100 } },
    });
    await h.orchestrator.start({});
    h.clock.advance(100_000);
    expect(h.orchestrator.view()).toMatchObject({ step: 'error', error: { code: 'SESSION_TIMEOUT' } });
  });
});

describe('frames', () => {
  it('drops frames above the rate, while one is analysed, with old timestamps, and outside capture', async () => {
    const h = await makeHarness();
    await h.orchestrator.start({});
    expect(h.orchestrator.submitFrame(frame(1))).toEqual({ accepted: false, reason: 'not-capturing' });
    await agree(h);
    h.cards.insert(makeCard());
    h.orchestrator.confirmCard({ confirmed: true });

    h.faces.hold = true;
    expect(h.orchestrator.submitFrame(frame(10))).toEqual({ accepted: true, reason: 'analysing' });
    h.clock.advance(500);
    expect(h.orchestrator.submitFrame(frame(20))).toEqual({ accepted: false, reason: 'busy' });
    h.faces.release();
    await h.orchestrator.settled();
    expect(h.orchestrator.submitFrame(frame(5))).toEqual({ accepted: false, reason: 'stale-timestamp' });
    expect(h.orchestrator.submitFrame(frame(30))).toEqual({ accepted: true, reason: 'analysing' });
    await h.orchestrator.settled();
    h.clock.advance(50); // 10 fps → 100 ms apart
    expect(h.orchestrator.submitFrame(frame(40))).toEqual({ accepted: false, reason: 'rate' });
    expect(h.faces.framesSeen).toHaveLength(2);
  });

  it('rejects malformed and oversized frames with a clear error', async () => {
    const h = await makeHarness();
    await toCapture(h);
    const bad = [
      { ...frame(1), data: new Uint8Array(10) },
      { ...frame(1), channels: 2 },
      { ...frame(1), width: 10_000 },
      { width: 640, height: 480, channels: 4, data: new Uint8Array(FRAME_MAX_BYTES + 4), timestampMs: 1 },
      { ...frame(1), data: Array.from(new Uint8Array(32 * 24 * 4)) },
      null,
    ];
    for (const f of bad)
      expect(await h.call('submitFrame', f)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(h.faces.framesSeen).toHaveLength(0);
  });

  it('wipes a late analysis that returns after the session was cancelled', async () => {
    const h = await makeHarness();
    const card = await toCapture(h);
    h.faces.hold = true;
    h.orchestrator.submitFrame(frame(1));
    h.orchestrator.cancel({});
    expect(h.orchestrator.view().step).toBe('attract');
    h.faces.release();
    await h.orchestrator.settled();
    expect(h.orchestrator.view().step).toBe('attract');
    await expectNothingPersonal(h, card);
  });

  it('fails with a clear error when the card photo holds no usable face', async () => {
    const h = await makeHarness();
    h.faces.referenceError = new HexinError('FACE_NOT_FOUND', 'no face in the reference image');
    const card = await toCapture(h);
    await feedFrames(h);
    expect(h.orchestrator.view()).toMatchObject({
      step: 'error',
      error: { code: 'SESSION_REFERENCE_UNUSABLE' },
    });
    await expectNothingPersonal(h, card);
  });
});
