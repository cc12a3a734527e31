// The session record keeper keeps what the session's typed events say happened: the subject link for the card the
// session accepted, every decision (issue 14 item 9), the environment checked at start — and never lets a records
// failure reach the session.
import { describe, expect, it } from 'vitest';
import { SessionRecordKeeper } from '../../../../main/session/adapters/session-record-keeper';
import { SessionEvents, type SessionEvent } from '../../../../main/session/events';

function fakeRecords(fail = false) {
  const calls: { link: [string, string][]; results: unknown[] } = { link: [], results: [] };
  return {
    calls,
    records: {
      linkSubject: async (sessionId: string, idNumber: string) => {
        if (fail) throw new Error('disk full');
        calls.link.push([sessionId, idNumber]);
        return 'f'.repeat(64);
      },
      saveResult: async (input: unknown) => {
        calls.results.push(input);
        return {} as never;
      },
    },
  };
}

const started = (sessionId: string): SessionEvent => ({
  type: 'started',
  sessionId,
  atMs: 0,
  purpose: null,
  language: 'zh-CN',
  thirdPartyId: null,
});
const accepted = (sessionId: string, idNumber: string): SessionEvent => ({
  type: 'cardAccepted',
  sessionId,
  atMs: 0,
  idNumber,
  source: 'chip',
});
const decided = (
  sessionId: string,
  d: Partial<Extract<SessionEvent, { type: 'decided' }>>,
): SessionEvent => ({
  type: 'decided',
  sessionId,
  atMs: 0,
  outcome: 'fail',
  reason: 'NOT_MATCHED',
  attempts: 1,
  score: null,
  threshold: null,
  next: 'retry',
  ...d,
});

describe('SessionRecordKeeper', () => {
  it('links the accepted card and keeps each decision with its score', async () => {
    const { calls, records } = fakeRecords();
    const keeper = new SessionRecordKeeper(records, { error: () => {} });
    const pending: Promise<void>[] = [];
    const events = new SessionEvents({ error: () => {} }, (p) => pending.push(p));
    keeper.attach(events);
    events.emit(accepted('s1', '110101198008120036'));
    events.emit(decided('s1', { score: 0.2, threshold: 0.4 }));
    events.emit(
      decided('s1', { outcome: 'pass', reason: 'MATCHED', attempts: 2, score: 0.62, threshold: 0.4 }),
    );
    await Promise.all(pending);
    expect(calls.link).toEqual([['s1', '110101198008120036']]);
    expect(calls.results).toEqual([
      { sessionId: 's1', decision: 'fail', score: 0.2, threshold: 0.4, attempts: 1, reason: 'NOT_MATCHED' },
      { sessionId: 's1', decision: 'pass', score: 0.62, threshold: 0.4, attempts: 2, reason: 'MATCHED' },
    ]);
  });

  it('keeps a decision without a match (liveness failed) without a score, and nothing for an end', async () => {
    const { calls, records } = fakeRecords();
    const keeper = new SessionRecordKeeper(records, { error: () => {} });
    await keeper.keep(decided('s2', { reason: 'LIVENESS_FAILED' }));
    await keeper.keep({
      type: 'ended',
      sessionId: 's2',
      atMs: 0,
      reason: 'cancel',
      token: null,
      record: {
        sessionId: 's2',
        startedAtMs: 0,
        endedAtMs: 0,
        endReason: 'cancel',
        outcome: null,
        resultReason: null,
        score: null,
        threshold: null,
        attempts: 1,
      },
    });
    expect(calls.link).toEqual([]);
    expect(calls.results).toEqual([
      { sessionId: 's2', decision: 'fail', attempts: 1, reason: 'LIVENESS_FAILED' },
    ]);
  });

  it('a failing records store is logged, never thrown at the session', async () => {
    const { records } = fakeRecords(true);
    const errors: string[] = [];
    const keeper = new SessionRecordKeeper(records, { error: (m) => errors.push(m) });
    await expect(keeper.keep(accepted('s3', '110101198008120036'))).resolves.toBeUndefined();
    expect(errors).toEqual(['session records for s3: disk full']);
  });
});

describe('SessionRecordKeeper and the device environment', () => {
  it('keeps the environment checked for a session when it starts, on the real records service', async () => {
    const { openTestKiosk } = await import('../../records/helpers');
    const { DeviceProfileSchema } = await import('../../../../main/records/config');
    const { checkEnvironment, collectDeviceEnvironment } =
      await import('../../../../main/records/device-environment');
    const k = await openTestKiosk();
    const environment = await collectDeviceEnvironment({ deviceId: 'K-1', softwareVersion: '9.9.9' });
    const verdict = checkEnvironment(
      environment,
      DeviceProfileSchema.parse({ registeredDeviceIds: ['K-2'] }),
      {
        authorityRequired: false,
      },
    );
    let check: { environment: typeof environment; verdict: typeof verdict } | null = null;
    const keeper = new SessionRecordKeeper(k.records, { error: () => {} }, () => check);
    // No check made yet: nothing to keep (and nothing breaks).
    await keeper.keep(started('s-0'));
    check = { environment, verdict };
    await keeper.keep(started('s-1'));
    const { records } = await k.records.store.readAll();
    const kept = records.filter((r) => (r.data as { kind?: string }).kind === 'environment');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      type: 'session',
      sessionId: 's-1',
      data: {
        environment: { deviceId: 'K-1', softwareVersion: '9.9.9' },
        verdict: { reasons: ['UNKNOWN_DEVICE_ID'] },
      },
    });
    await k.records.close();
  });
});
