// Consent receipts: written for agree and refuse, readable back, checked against the text shown, with the
// separate confirmations and guardian flag; withdrawal deletes what the consent covered and leaves a receipt.
import { describe, expect, it } from 'vitest';
import { ReceiptSummarySchema } from '../../../common/consent';
import { ConsentReceiptSchema, receiptHash } from '../../../main/consent/receipt';
import { verifyAuditDir } from '../../../main/records/audit';
import { agreeToCurrent, idNumberFrom, openTestKiosk } from '../records/helpers';

const ID = idNumberFrom('11010119900307451');

describe('ConsentService', () => {
  it('shows the default agreement with config placeholders and records an agree receipt', async () => {
    const k = await openTestKiosk();
    const shown = await k.consent.current('zh-CN');
    expect(shown.blocks.length).toBeGreaterThan(10);
    expect(JSON.stringify(shown.blocks)).toContain('示例银行');
    expect(JSON.stringify(shown.blocks)).toContain('保存期限为30天');
    const { receipt, summary } = await agreeToCurrent(k, 'sess-1', { guardian: true });
    expect(receipt).toMatchObject({
      decision: 'agree',
      kioskId: 'kiosk-test-01',
      sessionId: 'sess-1',
      guardian: true,
      controller: '示例银行',
      notice: {
        agreementId: 'hexin-pi-authorization',
        version: '1.0.0',
        language: 'zh-CN',
        textSha256: shown.sha256,
      },
      confirmations: [
        { id: 'sensitive-personal-information', given: true },
        { id: 'result-to-third-party', given: true },
      ],
    });
    ReceiptSummarySchema.parse(summary);
    expect(summary.receiptSha256).toBe(receiptHash(receipt));
    expect(summary.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Readable back from the encrypted store, exactly as written.
    const { records } = await k.records.store.readAll();
    const stored = records.find((r) => r.type === 'consent')!;
    expect(ConsentReceiptSchema.parse(stored.data.receipt)).toEqual(receipt);
    await k.records.close();
    const audit = await verifyAuditDir(k.records.auditDir);
    expect(audit.ok).toBe(true);
  });

  it('records a refusal without confirmations, and refuses an agree that lacks one', async () => {
    const k = await openTestKiosk();
    const shown = await k.consent.current('en');
    const base = {
      sessionId: 's',
      agreementId: shown.id,
      version: shown.version,
      language: 'en' as const,
      sha256: shown.sha256,
      guardian: false,
    };
    const { receipt } = await k.consent.record({ ...base, decision: 'refuse', confirmations: [] });
    expect(receipt.confirmations.every((c) => !c.given)).toBe(true);
    await expect(
      k.consent.record({ ...base, decision: 'agree', confirmations: ['result-to-third-party'] }),
    ).rejects.toMatchObject({
      code: 'CONSENT_INVALID',
      details: { missing: ['sensitive-personal-information'] },
    });
    await expect(
      k.consent.record({
        ...base,
        decision: 'agree',
        confirmations: ['sensitive-personal-information', 'result-to-third-party', 'bogus'],
      }),
    ).rejects.toMatchObject({
      code: 'CONSENT_INVALID',
    });
  });

  it('refuses a decision on a text other than the one shown', async () => {
    const k = await openTestKiosk();
    const shown = await k.consent.current('zh-CN');
    const d = {
      sessionId: 's',
      agreementId: shown.id,
      version: shown.version,
      language: 'zh-CN' as const,
      decision: 'agree' as const,
      confirmations: ['sensitive-personal-information', 'result-to-third-party'],
      guardian: false,
    };
    await expect(k.consent.record({ ...d, sha256: 'a'.repeat(64) })).rejects.toMatchObject({
      code: 'CONSENT_TEXT_MISMATCH',
    });
    await expect(k.consent.record({ ...d, sha256: shown.sha256, version: '9.9.9' })).rejects.toMatchObject({
      code: 'CONSENT_TEXT_MISMATCH',
    });
    await expect(k.consent.record({ ...d, sha256: 'nothex' })).rejects.toMatchObject({
      code: 'CONSENT_INVALID',
    });
  });

  it('withdrawal deletes what the consent covered and leaves a receipt', async () => {
    const k = await openTestKiosk();
    const first = await agreeToCurrent(k, 's1');
    const subject = await k.records.linkSubject('s1', ID);
    await k.records.saveResult({ sessionId: 's1', decision: 'pass', score: 0.62, threshold: 0.4 }, subject);
    await k.records.saveSession('s1', { outcome: 'pass' });
    // Someone else's session is untouched.
    await agreeToCurrent(k, 's2');
    await k.records.linkSubject('s2', idNumberFrom('44030419851201002'));
    await k.records.saveResult({ sessionId: 's2', decision: 'fail' });

    const out = await k.consent.withdraw(ID, { requestId: 'req-1' });
    expect(out.deletedRecords).toBe(2); // result and session summary of s1; the subject link stays
    expect(out.receipt).toMatchObject({
      decision: 'withdraw',
      subject,
      withdraws: [first.receipt.receiptId],
      requestId: 'req-1',
      deletedRecords: 2,
    });
    const { records } = await k.records.store.readAll();
    expect(
      records.filter((r) => r.sessionId === 's1').map((r) => [r.type, r.data.kind ?? 'receipt']),
    ).toEqual([
      ['consent', 'receipt'],
      ['session', 'subject-link'],
    ]);
    expect(records.filter((r) => r.sessionId === 's2').length).toBe(3);
    const receipts = records
      .filter((r) => r.type === 'consent')
      .map((r) => ConsentReceiptSchema.parse(r.data.receipt));
    expect(receipts.find((r) => r.decision === 'withdraw')).toEqual(out.receipt);
    await k.records.close();
    expect((await verifyAuditDir(k.records.auditDir)).ok).toBe(true);
  });
});
