// The session record keeper links a session to the card holder only for the card the orchestrator accepted while
// that card's event was being delivered, keeps the result at the end, and never lets a records failure reach the
// session.
import { describe, expect, it } from 'vitest';
import { SessionRecordKeeper } from '../../../../main/session/adapters/session-record-keeper';
import type { CardSourceEvent, SessionAuditEvent, SessionCard } from '../../../../main/session/ports';

function fakeRecords(fail = false) {
  const calls: { link: [string, string][]; results: unknown[]; audit: string[] } = {
    link: [],
    results: [],
    audit: [],
  };
  return {
    calls,
    records: {
      append: async (e: SessionAuditEvent) => void calls.audit.push(e.type),
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

const ev = (type: string, sessionId: string, data: SessionAuditEvent['data'] = {}): SessionAuditEvent => ({
  type,
  sessionId,
  kioskId: 'k',
  atMs: 0,
  data,
});

function source() {
  let emit: (e: CardSourceEvent) => void = () => {};
  return {
    emit: (e: CardSourceEvent) => emit(e),
    source: {
      subscribe: (l: (e: CardSourceEvent) => void) => {
        emit = l;
        return () => {};
      },
      requestCard: () => {},
      cancelRequest: () => {},
    },
  };
}

const card = (idNumber: string) => ({ type: 'card', card: { idNumber } as SessionCard }) as const;

describe('SessionRecordKeeper', () => {
  it('links the accepted card and keeps the result with its score', async () => {
    const { calls, records } = fakeRecords();
    const keeper = new SessionRecordKeeper(records, { error: () => {} });
    const s = source();
    const pending: Promise<void>[] = [];
    keeper.cards(s.source).subscribe((e) => {
      if (e.type === 'card') pending.push(keeper.append(ev('card.read', 's1', { cardType: 'resident' })));
    });
    s.emit(card('110101198008120036'));
    await Promise.all(pending);
    await keeper.append(ev('match.decided', 's1', { passed: true, score: 0.62, threshold: 0.4 }));
    await keeper.append(ev('session.ended', 's1', { outcome: 'pass', resultReason: 'MATCHED', attempts: 1 }));
    expect(calls.link).toEqual([['s1', '110101198008120036']]);
    expect(calls.results).toEqual([
      { sessionId: 's1', decision: 'pass', score: 0.62, threshold: 0.4, attempts: 1, reason: 'MATCHED' },
    ]);
    expect(calls.audit).toEqual(['card.read', 'match.decided', 'session.ended']);
  });

  it('never links a card.read outside the delivery of a card, and keeps no result for a cancelled session', async () => {
    const { calls, records } = fakeRecords();
    const keeper = new SessionRecordKeeper(records, { error: () => {} });
    const s = source();
    keeper.cards(s.source).subscribe(() => {});
    s.emit(card('110101198008120036')); // delivered, but the session did not take it
    await keeper.append(ev('card.read', 's2', { cardType: 'resident' }));
    await keeper.append(ev('session.ended', 's2', { outcome: null, reason: 'cancelled' }));
    expect(calls.link).toEqual([]);
    expect(calls.results).toEqual([]);
  });

  it('a failing records store is logged, never thrown at the session', async () => {
    const { records } = fakeRecords(true);
    const errors: string[] = [];
    const keeper = new SessionRecordKeeper(records, { error: (m) => errors.push(m) });
    const s = source();
    const pending: Promise<void>[] = [];
    keeper.cards(s.source).subscribe(() => pending.push(keeper.append(ev('card.read', 's3'))));
    s.emit(card('110101198008120036'));
    await expect(Promise.all(pending)).resolves.toBeDefined();
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
    await keeper.append(ev('session.started', 's-0'));
    check = { environment, verdict };
    await keeper.append(ev('session.started', 's-1'));
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
