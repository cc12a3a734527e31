// Replies that arrive after the session moved on — the authority's verdict, the card photo's embedding the match
// waits for, the signed result — change nothing: no new screen, no decision, no second end, nothing personal kept.
import { describe, expect, it } from 'vitest';
import type {
  AuthorityCheck,
  AuthorityResult,
  DeliveryInput,
  ResultDelivery,
} from '../../../main/session/ports';
import type { SessionEvent } from '../../../main/session/events';
import { isRunning } from '../../../common/session';
import { at, frame, makeCard, makeHarness, toCapture, type Harness } from './harness';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Frames 100 ms apart until the session reaches the match step (whose work is held here, so never settled()). */
async function toMatch(h: Harness): Promise<void> {
  for (let i = 0; i < 20 && h.orchestrator.view().step !== 'match'; i++) {
    h.clock.advance(100);
    h.orchestrator.submitFrame(frame(1000 + i * 100));
    for (let j = 0; j < 5; j++) await flush();
  }
  expect(h.orchestrator.view().step).toBe('match');
}

class HeldAuthority implements AuthorityCheck {
  private held: ((r: AuthorityResult) => void)[] = [];
  async check(): Promise<AuthorityResult> {
    return new Promise<AuthorityResult>((resolve) => this.held.push(resolve));
  }
  answer(r: AuthorityResult): void {
    for (const resolve of this.held.splice(0)) resolve(r);
  }
}

/** A delivery port that signs only when released, and like the real one (ResultDeliveryAdapter) issues nothing
 *  once the session aborted it. */
class HeldDelivery implements ResultDelivery {
  delivered: DeliveryInput[] = [];
  signals: AbortSignal[] = [];
  private held: (() => void)[] = [];
  async deliver(input: DeliveryInput, signal?: AbortSignal): Promise<{ token: string }> {
    if (signal) this.signals.push(signal);
    await new Promise<void>((resolve) => this.held.push(resolve));
    signal?.throwIfAborted();
    this.delivered.push(input);
    return { token: 'late-token' };
  }
  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

const PARTY = { id: 'bank-accounts', name: '某某银行开户系统' };
const BOTH = { authority: { policy: 'both', provider: { endpoint: 'https://authority.invalid' } } };

function recordEvents(h: Harness): SessionEvent[] {
  const events: SessionEvent[] = [];
  h.orchestrator.onEvent((e) => void events.push(e));
  return events;
}

/** What the kiosk shows and holds, and what it told and logged, for comparing before and after a late reply. */
function state(h: Harness, events: SessionEvent[]) {
  const shown = h.orchestrator.view();
  // The idle countdown moves with the clock; everything else must stay as it was.
  const view = isRunning(shown) ? { ...shown, idle: null } : shown;
  return {
    view,
    held: h.orchestrator.personalDataHeld(),
    events: events.map((e) => e.type),
    audit: h.audit.types(),
  };
}

describe('a late reply changes nothing', () => {
  it("the authority's verdict after the person cancelled", async () => {
    const authority = new HeldAuthority();
    const h = await makeHarness(BOTH, { authority });
    const events = recordEvents(h);
    await toCapture(h);
    await toMatch(h);
    h.orchestrator.cancel({ reason: 'user' });
    const before = state(h, events);
    authority.answer({ status: 'match', score: 95 });
    await h.orchestrator.settled();
    expect(state(h, events)).toEqual(before);
    expect(before.view.step).toBe('attract');
    expect(before.events).not.toContain('decided');
  });

  it("the authority's verdict after the match step timed out (AUTHORITY_UNAVAILABLE stands)", async () => {
    const authority = new HeldAuthority();
    const h = await makeHarness(BOTH, { authority });
    const events = recordEvents(h);
    await toCapture(h);
    await toMatch(h);
    h.clock.advance(20_000); // the match step's timeout (session.stepTimeoutsSeconds.match)
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ reason: 'AUTHORITY_UNAVAILABLE' });
    const before = state(h, events);
    authority.answer({ status: 'match', score: 95 });
    await h.orchestrator.settled();
    expect(state(h, events)).toEqual(before);
  });

  it('the card photo embedding the match waits for, after the match step timed out', async () => {
    const h = await makeHarness();
    const events = recordEvents(h);
    let release: () => void = () => undefined;
    const embed = h.faces.embedReference.bind(h.faces);
    h.faces.embedReference = async () => {
      await new Promise<void>((r) => (release = r));
      return embed();
    };
    await toCapture(h);
    await toMatch(h);
    h.clock.advance(20_000); // the match step's timeout (session.stepTimeoutsSeconds.match)
    expect(h.orchestrator.view()).toMatchObject({
      step: 'error',
      error: { code: 'SESSION_ANALYSIS_FAILED' },
    });
    const before = state(h, events);
    release();
    await h.orchestrator.settled();
    expect(state(h, events)).toEqual(before);
    // The late embedding is zeroed, not kept.
    const late = h.faces.handedOut.at(-1)!;
    expect(late.every((x) => x === 0)).toBe(true);
  });

  it('the signed result after staff reset the kiosk while it was being signed: aborted, no token', async () => {
    const delivery = new HeldDelivery();
    const h = await makeHarness({}, { delivery });
    const events = recordEvents(h);
    await toCapture(h, makeCard(), { purpose: 'open-account' }, { thirdParty: PARTY });
    await toMatch(h); // held while the result is signed
    h.orchestrator.reset();
    const before = state(h, events);
    expect(events.filter((e) => e.type === 'ended')).toMatchObject([{ reason: 'reset', token: null }]);
    delivery.release();
    await h.orchestrator.settled();
    // The delivery was aborted with the session: no token issued, nothing logged as issued, nothing else changed.
    expect(delivery.signals).toHaveLength(1);
    expect(delivery.signals[0]!.aborted).toBe(true);
    expect(delivery.delivered).toEqual([]);
    expect(state(h, events)).toEqual(before);
    expect(before.audit).not.toContain('result.issued');
    expect(before.view.step).toBe('attract');
  });

  it.each([
    ['the person cancelled', (h: Harness) => h.orchestrator.cancel({ reason: 'user' }), 'cancel'],
    ['the idle countdown ran out', (h: Harness) => h.clock.advance(60_000), 'idle'],
    ['the card was taken out', (h: Harness) => h.cards.emit({ type: 'card-removed' }), 'card-removed'],
  ] as const)(
    'the signed result after %s while it was being signed: aborted, no token',
    async (_, end, reason) => {
      const delivery = new HeldDelivery();
      const h = await makeHarness({}, { delivery });
      const events = recordEvents(h);
      await toCapture(h, makeCard(), { purpose: 'open-account' }, { thirdParty: PARTY });
      await toMatch(h);
      expect(h.orchestrator.view().step).toBe('match'); // the screen stays at the step that decided
      end(h);
      expect(events.filter((e) => e.type === 'ended')).toMatchObject([{ reason, token: null }]);
      const before = state(h, events);
      delivery.release();
      await h.orchestrator.settled();
      expect(delivery.signals[0]!.aborted).toBe(true);
      expect(delivery.delivered).toEqual([]);
      expect(state(h, events)).toEqual(before);
    },
  );

  it("a frame's analysis after its capture step timed out and the person took the retry: not counted", async () => {
    const h = await makeHarness();
    const events = recordEvents(h);
    await toCapture(h);
    h.faces.hold = true;
    h.clock.advance(100);
    expect(h.orchestrator.submitFrame(frame(1000))).toMatchObject({ accepted: true });
    h.clock.advance(30_000); // the capture step's timeout: a failed attempt, the retry offer
    h.orchestrator.retry({});
    expect(h.orchestrator.view().step).toBe('capture');
    const before = state(h, events);
    h.faces.release();
    await h.orchestrator.settled();
    // The frame belonged to the attempt that timed out: no probe, no guidance, no move in the new one.
    expect(before.held.frameInAnalysis).toBe(true);
    expect(state(h, events)).toEqual({ ...before, held: { ...before.held, frameInAnalysis: false } });
    expect(h.orchestrator.personalDataHeld().probes).toBe(0);
  });
});
