// The staff console's data-subject-request methods, through the real dispatcher and a real RecordsService on a
// temp dir: refused while staff mode is locked, bad arguments refused before any handler runs, and a whole
// request lifecycle (verification → access → copy → correct → withdraw → second look-up) audited without a plain
// ID number anywhere on disk.
import { createHash } from 'node:crypto';
import { readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatcher';
import { verifyAuditDir } from '../../../main/records/audit';
import { scanDirectory } from '../../../main/records/biometric-scan';
import { DsrService } from '../../../main/records/dsr';
import { SessionRecordKeeper } from '../../../main/session/adapters/session-record-keeper';
import { DsrConsole, dsrHandlers, EXPORT_KEEP_MS } from '../../../main/staff/dsr-console';
import { silentLogger } from '../../../main/util/log';
import { agreeToCurrent, idNumberFrom, openTestKiosk, type TestKiosk } from '../records/helpers';

const ALICE = idNumberFrom('11010119900307451');
const BOB = idNumberFrom('44030419851201002');
const CTX = { host: 'web' } as const;

async function consoleKiosk() {
  const k = await openTestKiosk();
  const exportDir = path.join(k.root, 'dsr-exports');
  const console = new DsrConsole({
    dsr: new DsrService(k.records, k.consent),
    exportDir,
    now: () => new Date(k.clock.t),
  });
  const staff = { unlocked: true };
  // Only the DSR methods are wired: any other method reaching a handler would be a bug in this test.
  const dispatch = createDispatcher({
    handlers: dsrHandlers(console) as Handlers,
    staffUnlocked: () => staff.unlocked,
    log: silentLogger,
  });
  const call = async (name: string, args: unknown) => dispatch(name, args, CTX);
  const value = async <T = Record<string, unknown>>(name: string, args: unknown): Promise<T> => {
    const r = await call(name, args);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return { k, exportDir, console, staff, call, value };
}

/** One verification the way the kiosk keeps it: consent receipt, card accepted (link), the decision (result). */
async function verify(k: TestKiosk, sessionId: string, idNumber: string): Promise<void> {
  await agreeToCurrent(k, sessionId);
  const keeper = new SessionRecordKeeper(k.records, silentLogger);
  const atMs = k.clock.t;
  await keeper.keep({ type: 'cardAccepted', sessionId, atMs, idNumber, source: 'chip' });
  await keeper.keep({
    type: 'decided',
    sessionId,
    atMs,
    outcome: 'pass',
    reason: 'MATCHED',
    attempts: 1,
    score: 0.71,
    threshold: 0.4,
    next: 'done',
  });
}

describe('staff console: data-subject requests', () => {
  it('refuses every DSR method while staff mode is locked, and writes nothing', async () => {
    const { k, staff, call, value } = await consoleKiosk();
    staff.unlocked = false;
    const requestId = '00000000-0000-4000-8000-000000000000';
    const attempts: [string, unknown][] = [
      ['openDsrRequest', { kind: 'access', idNumber: ALICE }],
      ['listDsrRequests', {}],
      ['locateDsrRecords', { requestId, idNumber: ALICE }],
      ['exportDsrCopy', { requestId, idNumber: ALICE }],
      ['correctDsrRecord', { requestId, idNumber: ALICE, recordId: requestId, field: 'purpose', value: 'x' }],
      ['eraseDsrRecords', { requestId, idNumber: ALICE }],
      ['withdrawDsrConsent', { requestId, idNumber: ALICE }],
      ['closeDsrRequest', { requestId, status: 'done', outcome: 'x' }],
    ];
    for (const [name, args] of attempts) {
      const r = await call(name, args);
      expect(r, name).toMatchObject({ ok: false, error: { code: 'STAFF_LOCKED' } });
    }
    staff.unlocked = true;
    expect(await value('listDsrRequests', { includeClosed: true })).toEqual([]);
    const { records } = await k.records.store.readAll();
    expect(records).toEqual([]);
  });

  it('refuses bad arguments before any handler runs', async () => {
    const { call, value } = await consoleKiosk();
    const wrongCheck = ALICE.slice(0, 17) + (ALICE[17] === '1' ? '2' : '1');
    const bad: [string, unknown][] = [
      ['openDsrRequest', { kind: 'access', idNumber: wrongCheck }], // check character
      ['openDsrRequest', { kind: 'access', idNumber: '110101199002301234' }], // 2月30日 (and its check)
      ['openDsrRequest', { kind: 'access', idNumber: '11010119900307' }], // too short
      ['openDsrRequest', { kind: 'snoop', idNumber: ALICE }],
      ['openDsrRequest', { kind: 'access', idNumber: ALICE, note: 'x'.repeat(501) }],
      ['openDsrRequest', { kind: 'access', idNumber: ALICE, channel: 'phone' }], // unknown field
      ['openDsrRequest', null],
      ['locateDsrRecords', { requestId: '../../etc/passwd', idNumber: ALICE }],
      ['listDsrRequests', { includeClosed: 'yes' }],
      [
        'correctDsrRecord',
        {
          requestId: '00000000-0000-4000-8000-000000000000',
          idNumber: ALICE,
          recordId: '00000000-0000-4000-8000-000000000000',
          field: '__proto__',
          value: 'x',
        },
      ],
      [
        'closeDsrRequest',
        { requestId: '00000000-0000-4000-8000-000000000000', status: 'done', outcome: ' ' },
      ],
      [
        'closeDsrRequest',
        { requestId: '00000000-0000-4000-8000-000000000000', status: 'open', outcome: 'x' },
      ],
    ];
    for (const [name, args] of bad) {
      const r = await call(name, args);
      expect(r, `${name} ${JSON.stringify(args)}`).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
    }
    expect(await value('listDsrRequests', { includeClosed: true })).toEqual([]);
    // Spaces and a lower-case x are how people type; they are normalised, not refused.
    const spaced = `${ALICE.slice(0, 6)} ${ALICE.slice(6, 14)} ${ALICE.slice(14)}`.toLowerCase();
    expect((await call('openDsrRequest', { kind: 'access', idNumber: spaced })).ok).toBe(true);
  });

  it('runs a request lifecycle: access, copy, correct, withdraw, and a second look-up finds only receipts', async () => {
    const { k, exportDir, call, value } = await consoleKiosk();
    k.clock.t = Date.parse('2026-09-25T03:00:00Z'); // a Friday in Beijing
    await verify(k, 's-alice', ALICE);
    await verify(k, 's-bob', BOB);

    // Access (查阅): what is held, by type and date, receipts listed; nothing of Bob's.
    const access = await value<{ requestId: string; dueBy: string; workingDaysLeft: number; status: string }>(
      'openDsrRequest',
      { kind: 'access', idNumber: ALICE, note: '本人到柜台申请' },
    );
    expect(access).toMatchObject({ status: 'open', dueBy: '2026-10-16', workingDaysLeft: 15 });
    expect(access).not.toHaveProperty('subject');
    const listed = await value<{ requestId: string; overdue: boolean }[]>('listDsrRequests', {});
    expect(listed.map((r) => r.requestId)).toEqual([access.requestId]);
    // The number must belong to the request.
    expect(await call('locateDsrRecords', { requestId: access.requestId, idNumber: BOB })).toMatchObject({
      ok: false,
      error: { code: 'DSR_INVALID' },
    });
    const held = await value<{
      counts: Record<string, number>;
      receipts: { decision: string }[];
      records: { recordId: string; type: string; kind: string | null; correctable: boolean }[];
      firstAt: string | null;
    }>('locateDsrRecords', { requestId: access.requestId, idNumber: ALICE });
    expect(held.counts).toEqual({ consent: 1, result: 1, session: 1 });
    expect(held.receipts.map((r) => r.decision)).toEqual(['agree']);
    expect(held.firstAt).toMatch(/^2026-09-25T/);
    expect(held.records.map((r) => [r.type, r.kind, r.correctable]).sort()).toEqual([
      ['consent', 'receipt', false],
      ['result', 'verification', true],
      ['session', 'subject-link', false],
    ]);

    // Copy (复制): a 0600 JSON file with the person's records and its SHA-256.
    const copy = await value<{ path: string; sha256: string; records: number }>('exportDsrCopy', {
      requestId: access.requestId,
      idNumber: ALICE,
    });
    expect(path.dirname(copy.path)).toBe(exportDir);
    expect(copy.records).toBe(3);
    const text = await readFile(copy.path, 'utf8');
    expect(createHash('sha256').update(text).digest('hex')).toBe(copy.sha256);
    expect((await stat(copy.path)).mode & 0o777).toBe(0o600);
    expect((await stat(exportDir)).mode & 0o777).toBe(0o700);
    const exported = JSON.parse(text) as { records: { sessionId?: string }[] };
    expect(exported.records.every((r) => r.sessionId === 's-alice')).toBe(true);
    expect(text).not.toContain(ALICE);

    // Correct (更改): a result field yes; a receipt or a field that says what the record is, no.
    const result = held.records.find((r) => r.type === 'result')!;
    const receipt = held.records.find((r) => r.type === 'consent')!;
    expect(
      await value('correctDsrRecord', {
        requestId: access.requestId,
        idNumber: ALICE,
        recordId: result.recordId,
        field: 'purpose',
        value: 'account-opening',
      }),
    ).toEqual({ recordId: result.recordId, field: 'purpose' });
    for (const [recordId, field] of [
      [receipt.recordId, 'decision'],
      [result.recordId, 'kind'],
    ] as const) {
      expect(
        await call('correctDsrRecord', {
          requestId: access.requestId,
          idNumber: ALICE,
          recordId,
          field,
          value: 'x',
        }),
      ).toMatchObject({ ok: false, error: { code: 'DSR_NOT_CORRECTABLE' } });
    }
    const closed = await value<{ status: string; outcome: string }>('closeDsrRequest', {
      requestId: access.requestId,
      status: 'done',
      outcome: '已出示并提供副本',
    });
    expect(closed).toMatchObject({ status: 'done', outcome: '已出示并提供副本' });
    // Closed stays closed, and is gone from the open list.
    expect(
      await call('closeDsrRequest', { requestId: access.requestId, status: 'rejected', outcome: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'DSR_INVALID' } });
    expect(await call('exportDsrCopy', { requestId: access.requestId, idNumber: ALICE })).toMatchObject({
      ok: false,
      error: { code: 'DSR_INVALID' },
    });
    expect(await value('listDsrRequests', {})).toEqual([]);
    expect(await value<unknown[]>('listDsrRequests', { includeClosed: true })).toHaveLength(1);

    // Withdraw consent (撤回同意): the result goes, a withdrawal receipt stays.
    const withdraw = await value<{ requestId: string }>('openDsrRequest', {
      kind: 'withdraw',
      idNumber: ALICE,
    });
    const out = await value<{ deleted: number; receiptId: string; receiptSha256: string }>(
      'withdrawDsrConsent',
      { requestId: withdraw.requestId, idNumber: ALICE },
    );
    expect(out.deleted).toBe(1);
    const after = await value<typeof held>('locateDsrRecords', {
      requestId: withdraw.requestId,
      idNumber: ALICE,
    });
    expect(after.counts.result).toBe(0);
    expect(after.receipts.map((r) => r.decision)).toEqual(['agree', 'withdraw']);
    expect(after.receipts[1]).toMatchObject({ receiptId: out.receiptId, deletedRecords: 1 });
    expect(after.records.filter((r) => r.type === 'session').map((r) => r.kind)).toEqual(['subject-link']);
    await value('closeDsrRequest', { requestId: withdraw.requestId, status: 'done', outcome: '已撤回' });

    // Bob's records are untouched; an erase request takes everything of his.
    const erase = await value<{ requestId: string }>('openDsrRequest', { kind: 'delete', idNumber: BOB });
    expect(await value('eraseDsrRecords', { requestId: erase.requestId, idNumber: BOB })).toEqual({
      deleted: 3,
    });

    // Every step is in the audit log, which verifies; no plain ID number anywhere under the kiosk's root
    // (export folder included), no images or embeddings.
    await k.records.close();
    expect((await verifyAuditDir(k.records.auditDir)).ok).toBe(true);
    const auditText = (
      await Promise.all(
        (await readdir(k.records.auditDir)).map((f) => readFile(path.join(k.records.auditDir, f), 'utf8')),
      )
    ).join('');
    for (const type of [
      'dsr.received',
      'dsr.located',
      'dsr.exported',
      'dsr.corrected',
      'dsr.withdrawn',
      'dsr.erased',
      'dsr.completed',
    ]) {
      expect(auditText, type).toContain(`"${type}"`);
    }
    const scan = await scanDirectory(k.root, [ALICE, BOB]);
    expect(scan.findings.filter((f) => f.kind === 'id-number')).toEqual([]);
  });

  it('shows a request as overdue after its 15 working days', async () => {
    const { k, value } = await consoleKiosk();
    k.clock.t = Date.parse('2026-03-02T02:00:00Z');
    await value('openDsrRequest', { kind: 'copy', idNumber: ALICE });
    k.clock.t = Date.parse('2026-03-30T02:00:00Z');
    const [r] = await value<{ overdue: boolean; workingDaysLeft: number }[]>('listDsrRequests', {});
    expect(r).toMatchObject({ overdue: true });
    expect(r!.workingDaysLeft).toBeLessThan(0);
  });

  it('deletes copies older than a day and leaves other files alone', async () => {
    const { k, exportDir, console, value } = await consoleKiosk();
    await verify(k, 's-alice', ALICE);
    const req = await value<{ requestId: string }>('openDsrRequest', { kind: 'copy', idNumber: ALICE });
    const copy = await value<{ path: string }>('exportDsrCopy', {
      requestId: req.requestId,
      idNumber: ALICE,
    });
    const keep = path.join(exportDir, 'README.txt');
    await writeFile(keep, 'not an export');
    expect(await console.pruneExports()).toBe(0);
    const old = new Date(k.clock.t - EXPORT_KEEP_MS - 60_000);
    await utimes(copy.path, old, old);
    expect(await console.pruneExports()).toBe(1);
    expect((await readdir(exportDir)).sort()).toEqual(['README.txt']);
  });
});
