// The consent service: shows the current agreement (catalogue + placeholders from config), checks a decision
// against exactly what was shown, writes the receipt to the encrypted store and the audit log, and handles
// withdrawal (delete what the consent covered, keep a receipt of the withdrawal).
import { randomUUID } from 'node:crypto';
import { HexinError } from '../../common/errors';
import { ConsentDecisionSchema, type RenderedAgreement, type ReceiptSummary } from '../../common/consent';
import type { Language } from '../../common/messages';
import type { ConsentReceiptInput } from '../session/ports';
import type { RecordsService } from '../records/service';
import type { StoredRecord } from '../records/store';
import type { AgreementCatalogue } from './catalogue';
import type { ConsentConfig } from './config';
import {
  ConsentReceiptSchema,
  DATA_CATEGORIES,
  PURPOSES,
  receiptSummary,
  RECEIPT_SCHEMA,
  type ConsentReceipt,
} from './receipt';

/** main/session's ConsentReceiptInput (the decision plus session, kiosk and time); kiosk and time may be left out. */
export type ConsentRecordInput = Omit<ConsentReceiptInput, 'kioskId' | 'atMs'> &
  Partial<Pick<ConsentReceiptInput, 'kioskId' | 'atMs'>>;

export interface WithdrawalOutcome {
  receipt: ConsentReceipt;
  summary: ReceiptSummary;
  deletedRecords: number;
}

export class ConsentService {
  constructor(
    private readonly catalogue: AgreementCatalogue,
    private readonly config: ConsentConfig,
    private readonly records: RecordsService,
  ) {}

  private placeholders(thirdParty?: string): Record<string, string | undefined> {
    // Retention in the text comes from the records config, so the promise shown is the one the sweeper keeps.
    return {
      retentionDays: String(this.records.config.retentionDays.result),
      ...this.config.placeholders,
      // The party a business app named for this session replaces the deployment's generic words.
      ...(thirdParty ? { thirdParty } : {}),
    };
  }

  /** `AgreementSource.current` for main/session: the agreement to show now. */
  async current(language: Language, options: { thirdParty?: string } = {}): Promise<RenderedAgreement> {
    const { text: _text, ...shown } = await this.catalogue.render(
      this.config.agreementId,
      language,
      this.placeholders(options.thirdParty),
    );
    return shown;
  }

  /**
   * `ConsentRecorder.record` for main/session. Refuses a decision on a text other than the one this kiosk shows
   * for that id+version (CONSENT_TEXT_MISMATCH), and an agreement without every required confirmation.
   */
  async record(input: ConsentRecordInput): Promise<{ receipt: ConsentReceipt; summary: ReceiptSummary }> {
    const parsed = ConsentDecisionSchema.safeParse({
      agreementId: input.agreementId,
      version: input.version,
      language: input.language,
      sha256: input.sha256,
      decision: input.decision,
      confirmations: [...input.confirmations],
      guardian: input.guardian,
    });
    if (!parsed.success || parsed.data.decision === 'withdraw') {
      throw new HexinError(
        'CONSENT_INVALID',
        `consent decision is invalid: ${parsed.success ? 'withdraw is not a session decision' : parsed.error.message}`,
      );
    }
    const d = parsed.data;
    const shown = await this.catalogue
      .render(d.agreementId, d.language, this.placeholders(input.thirdParty?.name), d.version)
      .catch((e: unknown) => {
        throw new HexinError(
          'CONSENT_TEXT_MISMATCH',
          `agreement ${d.agreementId}@${d.version} is not in the catalogue`,
          undefined,
          { cause: e },
        );
      });
    if (shown.sha256 !== d.sha256) {
      throw new HexinError(
        'CONSENT_TEXT_MISMATCH',
        'the agreement text hash does not match the text this kiosk shows',
      );
    }
    const given = new Set(d.confirmations);
    const unknown = d.confirmations.filter((c) => !shown.confirmations.some((x) => x.id === c));
    if (unknown.length > 0)
      throw new HexinError('CONSENT_INVALID', `unknown confirmations: ${unknown.join(', ')}`);
    const missing = shown.confirmations.filter((c) => c.required && !given.has(c.id)).map((c) => c.id);
    if (d.decision === 'agree' && missing.length > 0) {
      throw new HexinError('CONSENT_INVALID', `agree without required confirmations: ${missing.join(', ')}`, {
        missing,
      });
    }
    const time = input.atMs !== undefined ? new Date(input.atMs) : this.records.now();
    const receipt: ConsentReceipt = ConsentReceiptSchema.parse({
      schema: RECEIPT_SCHEMA,
      receiptId: randomUUID(),
      time: time.toISOString(),
      kioskId: input.kioskId ?? this.records.config.kioskId,
      sessionId: input.sessionId,
      controller: this.config.placeholders.company,
      decision: d.decision,
      notice: { agreementId: d.agreementId, version: d.version, language: d.language, textSha256: d.sha256 },
      purposes: [...PURPOSES],
      dataCategories: DATA_CATEGORIES,
      confirmations: shown.confirmations.map((c) => ({ id: c.id, given: given.has(c.id) })),
      guardian: d.guardian,
      ...(input.thirdParty ? { thirdParty: { id: input.thirdParty.id, name: input.thirdParty.name } } : {}),
    });
    await this.records.store.append({ type: 'consent', sessionId: input.sessionId, time, data: { receipt } });
    await this.records.log({
      type: d.decision === 'agree' ? 'consent.given' : 'consent.refused',
      sessionId: input.sessionId,
      receiptId: receipt.receiptId,
      agreementId: d.agreementId,
      version: d.version,
      textSha256: d.sha256,
    });
    return { receipt, summary: await receiptSummary(receipt) };
  }

  /** The person's consent receipts (found through their linked sessions). */
  async receiptsOf(subject: string): Promise<ConsentReceipt[]> {
    return (await this.records.recordsOf(subject)).flatMap(receiptOf);
  }

  /**
   * Withdraws every consent the person gave: deletes what those consents covered (results and session records
   * of those sessions), keeps the original receipts (proof of the earlier lawful basis) and the keyed-hash link
   * that finds them, and writes a withdrawal receipt listing them.
   */
  async withdraw(
    idNumber: string,
    opts: { requestId?: string; kioskId?: string } = {},
  ): Promise<WithdrawalOutcome> {
    return this.withdrawSubject(this.records.subjectOf(idNumber), opts);
  }

  /** `withdraw` for a person known by their local keyed hash (a fleet order names people only by hashes). */
  async withdrawSubject(
    subject: string,
    opts: { requestId?: string; kioskId?: string } = {},
  ): Promise<WithdrawalOutcome> {
    const mine = await this.records.recordsOf(subject);
    const agreed = mine.flatMap(receiptOf).filter((r) => r.decision === 'agree');
    const sessions = new Set(agreed.map((r) => r.sessionId).filter((s): s is string => s !== undefined));
    const ids = new Set(
      mine
        .filter(
          (r) =>
            (r.type === 'result' || r.type === 'session') &&
            // The subject link and the fleet-subject note stay: they still tie the kept receipts to the person for
            // later requests (an erasure next year, here or from the fleet).
            r.data.kind !== 'subject-link' &&
            r.data.kind !== 'fleet-subject' &&
            (r.subject === subject || sessions.has(r.sessionId ?? '')),
        )
        .map((r) => r.id),
    );
    const { removed } = await this.records.store.rewrite((r) => !ids.has(r.id));
    const latest = agreed[agreed.length - 1];
    const receipt: ConsentReceipt = ConsentReceiptSchema.parse({
      schema: RECEIPT_SCHEMA,
      receiptId: randomUUID(),
      time: this.records.now().toISOString(),
      kioskId: opts.kioskId ?? this.records.config.kioskId,
      subject,
      controller: this.config.placeholders.company,
      decision: 'withdraw',
      notice: latest?.notice ?? {
        agreementId: this.config.agreementId,
        version: '-',
        language: 'zh-CN',
        textSha256: '0'.repeat(64),
      },
      purposes: [...PURPOSES],
      dataCategories: DATA_CATEGORIES,
      confirmations: [],
      guardian: false,
      withdraws: agreed.map((r) => r.receiptId),
      deletedRecords: removed.length,
      ...(opts.requestId ? { requestId: opts.requestId } : {}),
    });
    await this.records.store.append({ type: 'consent', subject, data: { receipt } });
    await this.records.log({
      type: 'consent.withdrawn',
      receiptId: receipt.receiptId,
      agreementId: receipt.notice.agreementId,
      version: receipt.notice.version,
      textSha256: receipt.notice.textSha256,
    });
    return { receipt, summary: await receiptSummary(receipt), deletedRecords: removed.length };
  }
}

function receiptOf(r: StoredRecord): ConsentReceipt[] {
  if (r.type !== 'consent') return [];
  const parsed = ConsentReceiptSchema.safeParse(r.data.receipt);
  return parsed.success ? [parsed.data] : [];
}
