// The retention sweeper deletes expired records only, per type, and trims the audit log at a signed boundary.
import { describe, expect, it } from 'vitest';
import { verifyAuditDir } from '../../../main/records/audit';
import { RetentionSweeper } from '../../../main/records/retention';
import { openTestKiosk } from './helpers';

const DAY = 86_400_000;

describe('RetentionSweeper', () => {
  it('purges expired records only, per record type', async () => {
    const k = await openTestKiosk({
      retentionDays: { consent: 30, result: 7, session: 7, dsr: 365, audit: 90 },
      auditBatchSize: 2,
    });
    const now = k.clock.t;
    const at = (daysAgo: number): Date => new Date(now - daysAgo * DAY);
    const keep = [
      await k.records.store.append({ type: 'result', time: at(6.9), data: { n: 'result-fresh' } }),
      await k.records.store.append({ type: 'consent', time: at(20), data: { n: 'consent-fresh' } }),
      await k.records.store.append({ type: 'dsr', time: at(300), data: { n: 'dsr-fresh' } }),
    ];
    const gone = [
      await k.records.store.append({ type: 'result', time: at(7.1), data: { n: 'result-old' } }),
      await k.records.store.append({ type: 'session', time: at(8), data: { n: 'session-old' } }),
      await k.records.store.append({ type: 'consent', time: at(31), data: { n: 'consent-old' } }),
      await k.records.store.append({ type: 'dsr', time: at(366), data: { n: 'dsr-old' } }),
    ];
    const report = await new RetentionSweeper(k.records).sweep();
    expect(report.counts).toEqual({ consent: 1, result: 1, session: 1, dsr: 1 });
    const { records } = await k.records.store.readAll();
    expect(records.map((r) => r.id).sort()).toEqual(keep.map((r) => r.id).sort());
    expect(records.some((r) => gone.some((g) => g.id === r.id))).toBe(false);
    // A second sweep finds nothing more.
    expect((await new RetentionSweeper(k.records).sweep()).counts).toEqual({
      consent: 0,
      result: 0,
      session: 0,
      dsr: 0,
    });
  });

  it('drops audit entries older than their retention and the log still verifies', async () => {
    const k = await openTestKiosk({ auditBatchSize: 2 });
    for (let i = 0; i < 6; i++) await k.records.log({ type: 'session.started', sessionId: `old-${i}` });
    k.clock.t += 100 * DAY;
    for (let i = 0; i < 3; i++) await k.records.log({ type: 'session.started', sessionId: `new-${i}` });
    const report = await new RetentionSweeper(k.records).sweep();
    expect(report.auditEntriesDropped).toBe(9); // 6 events + 3 seals, up to the last seal before the new entries
    await k.records.close();
    const v = await verifyAuditDir(k.records.auditDir);
    expect(v.ok).toBe(true);
  });

  it('start() sweeps at once and stop() cancels the timer', async () => {
    const k = await openTestKiosk();
    await k.records.store.append({ type: 'result', time: new Date(k.clock.t - 400 * DAY), data: {} });
    const sweeper = new RetentionSweeper(k.records);
    const first = await sweeper.start();
    sweeper.stop();
    expect(first.counts.result).toBe(1);
  });
});
