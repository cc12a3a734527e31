// Issue 14 item 9: every decision leaves a result record in the encrypted store (for data-subject requests and the
// bank's own review), also when the session then ends by cancel, idle or a lock-out rather than at a result
// screen. Runs the orchestrator on the real records service, wired as main/app.ts wires it.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionRecordKeeper } from '../../../main/session/adapters/session-record-keeper';
import { openTestKiosk, type TestKiosk } from '../records/helpers';
import { at, feedFrames, makeHarness, toCapture, unitVector, type Harness } from './harness';

const kiosks: TestKiosk[] = [];
afterEach(async () => {
  for (const k of kiosks.splice(0)) await k.records.close();
});

async function kioskWithRecords(config: unknown = {}): Promise<{ h: Harness; k: TestKiosk }> {
  const k = await openTestKiosk();
  kiosks.push(k);
  const keeper = new SessionRecordKeeper(k.records, { error: (m) => expect.fail(m) });
  const h = await makeHarness(config);
  keeper.attach(h.orchestrator);
  return { h, k };
}

async function resultsOf(k: TestKiosk, sessionId: string) {
  const { records } = await k.records.store.readAll();
  return records.filter((r) => r.type === 'result' && r.sessionId === sessionId).map((r) => r.data);
}

async function subjectLinked(k: TestKiosk, sessionId: string): Promise<boolean> {
  const { records } = await k.records.store.readAll();
  return records.some(
    (r) => r.sessionId === sessionId && (r.data as { kind?: string }).kind === 'subject-link',
  );
}

describe('every decision is recorded', () => {
  it('a failed attempt, then cancel at the retry offer: one fail record with its reason and score', async () => {
    const { h, k } = await kioskWithRecords();
    h.faces.live = unitVector(99); // another person
    await toCapture(h);
    const sessionId = h.orchestrator.view().sessionId!;
    await feedFrames(h);
    expect(h.orchestrator.view().step).toBe('retry');
    h.orchestrator.cancel({ reason: 'user' });
    await h.orchestrator.settled();
    expect(await subjectLinked(k, sessionId)).toBe(true);
    expect(await resultsOf(k, sessionId)).toEqual([
      expect.objectContaining({
        kind: 'verification',
        decision: 'fail',
        reason: 'NOT_MATCHED',
        attempts: 1,
        score: expect.any(Number),
        threshold: expect.any(Number),
      }),
    ]);
  });

  it('failed attempts that end in a lock-out: each decision recorded', async () => {
    const { h, k } = await kioskWithRecords({ lockout: { maxFailures: 2 } });
    h.faces.live = unitVector(99);
    await toCapture(h);
    const sessionId = h.orchestrator.view().sessionId!;
    await feedFrames(h);
    h.orchestrator.retry({});
    await feedFrames(h);
    expect(h.orchestrator.view().step).toBe('locked');
    await h.orchestrator.settled();
    expect(await resultsOf(k, sessionId)).toEqual([
      expect.objectContaining({ decision: 'fail', reason: 'NOT_MATCHED', attempts: 1 }),
      expect.objectContaining({ decision: 'fail', reason: 'NOT_MATCHED', attempts: 2 }),
    ]);
  });

  it('a fail then a pass on the retry: both decisions, the pass last', async () => {
    const { h, k } = await kioskWithRecords();
    h.faces.live = unitVector(99);
    await toCapture(h);
    const sessionId = h.orchestrator.view().sessionId!;
    await feedFrames(h);
    h.faces.live = unitVector(1);
    h.orchestrator.retry({});
    await feedFrames(h);
    expect(at(h.orchestrator.view(), 'result').result).toMatchObject({ outcome: 'pass' });
    await h.orchestrator.settled();
    expect(await resultsOf(k, sessionId)).toEqual([
      expect.objectContaining({ decision: 'fail', reason: 'NOT_MATCHED', attempts: 1 }),
      expect.objectContaining({ decision: 'pass', reason: 'MATCHED', attempts: 2 }),
    ]);
  });

  it('a session cancelled before any decision keeps no result', async () => {
    const { h, k } = await kioskWithRecords();
    await toCapture(h);
    const sessionId = h.orchestrator.view().sessionId!;
    h.orchestrator.cancel({ reason: 'user' });
    await h.orchestrator.settled();
    expect(await resultsOf(k, sessionId)).toEqual([]);
  });
});
