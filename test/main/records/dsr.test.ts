// Data-subject requests: deadline in working days with a holiday calendar, locate by ID number, export, correct,
// erase, withdraw, complete — each touching only the person's own records.
import { describe, expect, it } from 'vitest';
import { verifyAuditDir } from '../../../main/records/audit';
import { DsrService } from '../../../main/records/dsr';
import { addWorkingDays, workingDaysBetween } from '../../../main/records/working-days';
import { agreeToCurrent, idNumberFrom, openTestKiosk } from './helpers';

const ALICE = idNumberFrom('11010119900307451');
const BOB = idNumberFrom('44030419851201002');
const cal = {
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeupWorkdays: ['2026-09-27'],
};

describe('working days', () => {
  it('skips weekends and holidays and counts make-up working days', () => {
    expect(addWorkingDays('2026-09-25', 15, cal)).toBe('2026-10-22');
    expect(addWorkingDays('2026-09-25', 15, { holidays: [], makeupWorkdays: [] })).toBe('2026-10-16');
    expect(workingDaysBetween('2026-09-25', '2026-10-22', cal)).toBe(15);
    expect(workingDaysBetween('2026-10-22', '2026-10-20', cal)).toBe(-2);
  });
});

async function kioskWithTwoPeople() {
  const k = await openTestKiosk({ dsr: { deadlineWorkingDays: 15, ...cal } });
  for (const [sessionId, id] of [
    ['s-alice', ALICE],
    ['s-bob', BOB],
  ] as const) {
    await agreeToCurrent(k, sessionId);
    const subject = await k.records.linkSubject(sessionId, id);
    await k.records.saveResult({ sessionId, decision: 'pass', score: 0.7, threshold: 0.4 }, subject);
  }
  return { k, dsr: new DsrService(k.records, k.consent) };
}

describe('DsrService', () => {
  it('records a request with its deadline and tracks overdue requests', async () => {
    const { k, dsr } = await kioskWithTwoPeople();
    k.clock.t = Date.parse('2026-09-25T03:00:00Z'); // Friday in Beijing
    const req = await dsr.create({ kind: 'access', idNumber: ALICE, channel: '柜台' });
    expect(req).toMatchObject({ status: 'open', dueBy: '2026-10-22', workingDaysLeft: 15, overdue: false });
    k.clock.t = Date.parse('2026-10-23T03:00:00Z');
    expect((await dsr.get(req.requestId)).overdue).toBe(true);
    const done = await dsr.complete(req.requestId, 'done', 'shown at the counter');
    expect(done).toMatchObject({ status: 'done', overdue: false });
    expect((await dsr.list()).map((r) => r.status)).toEqual(['done']);
    await expect(dsr.create({ kind: 'access', idNumber: '123', channel: 'x' })).rejects.toMatchObject({
      code: 'ID_NUMBER_INVALID',
    });
    await expect(dsr.get('nope')).rejects.toMatchObject({ code: 'DSR_NOT_FOUND' });
  });

  it('locates and exports only the person’s own records', async () => {
    const { dsr } = await kioskWithTwoPeople();
    const req = await dsr.create({ kind: 'copy', idNumber: ALICE, channel: 'phone' });
    const copy = await dsr.exportCopy(req.requestId, ALICE);
    expect(copy.records.map((r) => r.type).sort()).toEqual(['consent', 'result', 'session']);
    expect(copy.records.every((r) => r.sessionId === 's-alice')).toBe(true);
    await expect(dsr.exportCopy(req.requestId, BOB)).rejects.toMatchObject({ code: 'DSR_INVALID' });
  });

  it('corrects one field of the person’s record and refuses others’ records', async () => {
    const { dsr } = await kioskWithTwoPeople();
    const req = await dsr.create({ kind: 'correct', idNumber: ALICE, channel: 'counter' });
    const result = (await dsr.locate(ALICE)).find((r) => r.type === 'result')!;
    const fixed = await dsr.correct(req.requestId, ALICE, result.id, { disputed: true });
    expect(fixed.data).toMatchObject({ decision: 'pass', disputed: true, correctedBy: req.requestId });
    expect((await dsr.locate(ALICE)).find((r) => r.id === result.id)?.data.disputed).toBe(true);
    const bobs = (await dsr.locate(BOB)).find((r) => r.type === 'result')!;
    await expect(dsr.correct(req.requestId, ALICE, bobs.id, { disputed: true })).rejects.toMatchObject({
      code: 'DSR_NOT_FOUND',
    });
    await expect(
      dsr.correct(req.requestId, ALICE, result.id, { photo: 'x'.repeat(500) }),
    ).rejects.toMatchObject({ code: 'DSR_INVALID' });
  });

  it('refuses to correct evidence whoever asks: receipts, the subject link, fields that say what a record is', async () => {
    const { dsr } = await kioskWithTwoPeople();
    const req = await dsr.create({ kind: 'correct', idNumber: ALICE, channel: 'counter' });
    const mine = await dsr.locate(ALICE);
    const receipt = mine.find((r) => r.type === 'consent')!;
    const link = mine.find((r) => r.data.kind === 'subject-link')!;
    const result = mine.find((r) => r.type === 'result')!;
    for (const [recordId, changes] of [
      [receipt.id, { decision: 'refuse' }],
      [link.id, { disputed: true }],
      [result.id, { kind: 'x' }],
      [result.id, { disputed: true, correctedBy: 'someone' }],
    ] as const) {
      await expect(dsr.correct(req.requestId, ALICE, recordId, changes)).rejects.toMatchObject({
        code: 'DSR_NOT_CORRECTABLE',
      });
    }
    expect(await dsr.locate(ALICE)).toEqual(mine);
  });

  it('erases every record of the person and keeps the request and the other person’s records', async () => {
    const { k, dsr } = await kioskWithTwoPeople();
    const req = await dsr.create({ kind: 'delete', idNumber: ALICE, channel: 'counter' });
    expect(await dsr.erase(req.requestId, ALICE)).toBe(3); // receipt, subject link, result; nothing of Bob's
    expect(await dsr.locate(ALICE)).toEqual([]);
    expect((await dsr.locate(BOB)).length).toBe(3);
    expect((await dsr.get(req.requestId)).status).toBe('open');
    await k.records.close();
    expect((await verifyAuditDir(k.records.auditDir)).ok).toBe(true);
  });

  it('withdraws consent through a request, leaving a withdrawal receipt', async () => {
    const { dsr } = await kioskWithTwoPeople();
    const req = await dsr.create({ kind: 'withdraw', idNumber: ALICE, channel: 'counter' });
    const out = await dsr.withdraw(req.requestId, ALICE);
    expect(out.deletedRecords).toBe(1); // the result
    expect(out.receipt).toMatchObject({ decision: 'withdraw', requestId: req.requestId });
    const left = await dsr.locate(ALICE);
    expect(left.map((r) => r.type).sort()).toEqual(['consent', 'consent', 'session']);
    expect(left.some((r) => r.type === 'result')).toBe(false);
  });
});
