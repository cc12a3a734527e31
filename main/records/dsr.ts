// Data-subject requests (查阅、复制、更改、删除、撤回同意): record a request with its 15-working-day deadline, find
// the person's records by the keyed hash of their ID number, export a copy, correct, erase, withdraw consent,
// and close the request. Each request and each change of its state is an encrypted `dsr` record (latest wins),
// and each action is an audit event.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import type { ConsentService } from '../consent/service';
import { recordsOfSubject, type RecordsService } from './service';
import type { StoredRecord } from './store';
import { addWorkingDays, beijingDate, workingDaysBetween } from './working-days';

export const DSR_KINDS = ['access', 'copy', 'correct', 'delete', 'withdraw'] as const;
export type DsrKind = (typeof DSR_KINDS)[number];

export const DsrRequestSchema = z.strictObject({
  requestId: z.string(),
  kind: z.enum(DSR_KINDS),
  subject: z.string().regex(/^[0-9a-f]{64}$/),
  status: z.enum(['open', 'done', 'rejected']),
  receivedAt: z.string(),
  /** Beijing date by which the person must have an answer. */
  dueBy: z.string(),
  /** How the request came in (counter, phone, letter…), as staff typed it. */
  channel: z.string().max(100),
  note: z.string().max(500).optional(),
  outcome: z.string().max(500).optional(),
  updatedAt: z.string(),
});
export type DsrRequest = z.infer<typeof DsrRequestSchema>;

export interface DsrView extends DsrRequest {
  /** Working days left until dueBy (negative when overdue) as of now. */
  workingDaysLeft: number;
  overdue: boolean;
}

/** A copy for the person: their records decrypted, with nothing of anyone else's. */
export interface DsrExport {
  schema: 'hexin-dsr-export/1';
  requestId: string;
  subject: string;
  exportedAt: string;
  records: StoredRecord[];
}

const CorrectionValue = z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]);
export const CorrectionSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), CorrectionValue);

/**
 * Consent receipts are proof of what the person decided, and the subject link is what lets later requests find
 * their records: neither is "corrected" (a withdrawal or a new decision supersedes a receipt instead).
 */
export function correctable(r: StoredRecord): boolean {
  return r.type !== 'consent' && r.type !== 'dsr' && r.data.kind !== 'subject-link';
}

/** Fields that say what a record is, or which request touched it: changing them would falsify the record. */
const PROTECTED_FIELDS = new Set(['kind', 'correctedBy', 'receipt', 'request', 'environment', 'verdict']);

export class DsrService {
  constructor(
    private readonly records: RecordsService,
    private readonly consent: ConsentService,
  ) {}

  private calendar() {
    return this.records.config.dsr;
  }

  /** Records a new request; the deadline counts working days after the (Beijing) day it was received. */
  async create(input: { kind: DsrKind; idNumber: string; channel: string; note?: string }): Promise<DsrView> {
    const kind = z.enum(DSR_KINDS).safeParse(input.kind);
    if (!kind.success) throw new HexinError('DSR_INVALID', `unknown request kind ${String(input.kind)}`);
    if (!input.channel || input.channel.length > 100)
      throw new HexinError('DSR_INVALID', 'channel must be 1-100 characters');
    if (input.note !== undefined && input.note.length > 500)
      throw new HexinError('DSR_INVALID', 'note must be at most 500 characters');
    const subject = this.records.subjectOf(input.idNumber);
    const now = this.records.now();
    const request: DsrRequest = {
      requestId: randomUUID(),
      kind: kind.data,
      subject,
      status: 'open',
      receivedAt: now.toISOString(),
      dueBy: addWorkingDays(beijingDate(now), this.calendar().deadlineWorkingDays, this.calendar()),
      channel: input.channel,
      ...(input.note !== undefined ? { note: input.note } : {}),
      updatedAt: now.toISOString(),
    };
    await this.save(request);
    await this.records.log({ type: 'dsr.received', requestId: request.requestId, subject });
    return this.view(request);
  }

  private async save(r: DsrRequest): Promise<void> {
    await this.records.store.append({
      type: 'dsr',
      subject: r.subject,
      data: { request: DsrRequestSchema.parse(r) },
    });
  }

  private view(r: DsrRequest): DsrView {
    const left = workingDaysBetween(beijingDate(this.records.now()), r.dueBy, this.calendar());
    return { ...r, workingDaysLeft: left, overdue: r.status === 'open' && left < 0 };
  }

  /** Every request in its latest state, oldest first. */
  async list(): Promise<DsrView[]> {
    return this.requestsIn((await this.records.store.readAll()).records);
  }

  private requestsIn(records: readonly StoredRecord[]): DsrView[] {
    const latest = new Map<string, DsrRequest>();
    for (const r of records) {
      if (r.type !== 'dsr') continue;
      const parsed = DsrRequestSchema.safeParse(r.data.request);
      if (!parsed.success) continue;
      const prev = latest.get(parsed.data.requestId);
      if (!prev || prev.updatedAt <= parsed.data.updatedAt) latest.set(parsed.data.requestId, parsed.data);
    }
    return [...latest.values()]
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .map((r) => this.view(r));
  }

  async get(requestId: string): Promise<DsrView> {
    return this.found(await this.list(), requestId);
  }

  private found(requests: readonly DsrView[], requestId: string): DsrView {
    const found = requests.find((r) => r.requestId === requestId);
    if (!found) throw new HexinError('DSR_NOT_FOUND', `no request ${requestId}`);
    return found;
  }

  /** The person's records (not the request bookkeeping), for access (查阅). */
  async locate(idNumber: string): Promise<StoredRecord[]> {
    const subject = this.records.subjectOf(idNumber);
    return this.personsRecords((await this.records.store.readAll()).records, subject);
  }

  private personsRecords(records: readonly StoredRecord[], subject: string): StoredRecord[] {
    return recordsOfSubject(records, subject).filter((r) => r.type !== 'dsr');
  }

  /** The open request, checked against the ID number, and the person's records, from one read of the store. */
  private async checkedRequest(
    requestId: string,
    idNumber: string,
  ): Promise<{ req: DsrView; mine: StoredRecord[] }> {
    const { records } = await this.records.store.readAll();
    const req = this.found(this.requestsIn(records), requestId);
    if (req.subject !== this.records.subjectOf(idNumber)) {
      throw new HexinError('DSR_INVALID', 'the ID number does not belong to this request');
    }
    if (req.status !== 'open')
      throw new HexinError('DSR_INVALID', `request ${requestId} is already ${req.status}`);
    return { req, mine: this.personsRecords(records, req.subject) };
  }

  /** The person's records for an open request of theirs (查阅), with the look-up in the audit log. */
  async locateFor(requestId: string, idNumber: string): Promise<StoredRecord[]> {
    const { req, mine } = await this.checkedRequest(requestId, idNumber);
    await this.records.log({
      type: 'dsr.located',
      requestId,
      subject: req.subject,
      affected: mine.length,
    });
    return mine;
  }

  /** A copy of the person's records (复制). */
  async exportCopy(requestId: string, idNumber: string): Promise<DsrExport> {
    const { req, mine } = await this.checkedRequest(requestId, idNumber);
    await this.records.log({
      type: 'dsr.exported',
      requestId,
      subject: req.subject,
      affected: mine.length,
    });
    return {
      schema: 'hexin-dsr-export/1',
      requestId,
      subject: req.subject,
      exportedAt: this.records.now().toISOString(),
      records: mine,
    };
  }

  /**
   * Corrects fields of one of the person's records (更改), noting which request changed it. Refuses evidence
   * (see `correctable`) and fields that say what a record is, whoever asks (staff console or CLI).
   */
  async correct(
    requestId: string,
    idNumber: string,
    recordId: string,
    changes: unknown,
  ): Promise<StoredRecord> {
    const field = Object.keys(changes ?? {}).find((f) => PROTECTED_FIELDS.has(f));
    if (field !== undefined)
      throw new HexinError('DSR_NOT_CORRECTABLE', `field ${field} says what the record is`);
    const { req, mine } = await this.checkedRequest(requestId, idNumber);
    const parsed = CorrectionSchema.safeParse(changes);
    if (!parsed.success || Object.keys(parsed.data).length === 0) {
      throw new HexinError('DSR_INVALID', 'corrections must be a non-empty object of short scalar fields');
    }
    const target = mine.find((r) => r.id === recordId);
    if (!target)
      throw new HexinError('DSR_NOT_FOUND', `record ${recordId} is not one of this person's records`);
    if (!correctable(target))
      throw new HexinError('DSR_NOT_CORRECTABLE', `record ${recordId} is evidence and is not corrected`);
    let updated: StoredRecord | undefined;
    await this.records.store.rewrite((r) => {
      if (r.id !== recordId) return true;
      updated = { ...r, data: { ...r.data, ...parsed.data, correctedBy: requestId } };
      return updated;
    });
    if (!updated) throw new HexinError('DSR_NOT_FOUND', `record ${recordId} disappeared during correction`);
    await this.records.log({ type: 'dsr.corrected', requestId, subject: req.subject, affected: 1 });
    return updated;
  }

  /** Deletes every record of the person (删除); the request bookkeeping stays to show it was answered. */
  async erase(requestId: string, idNumber: string): Promise<number> {
    const { req, mine } = await this.checkedRequest(requestId, idNumber);
    const ids = new Set(mine.map((r) => r.id));
    const { removed } = await this.records.store.rewrite((r) => !ids.has(r.id));
    await this.records.log({ type: 'dsr.erased', requestId, subject: req.subject, affected: removed.length });
    return removed.length;
  }

  /** Withdraws consent (撤回同意): deletes what it covered and writes a withdrawal receipt. */
  async withdraw(requestId: string, idNumber: string) {
    const { req } = await this.checkedRequest(requestId, idNumber);
    const out = await this.consent.withdraw(idNumber, { requestId });
    await this.records.log({
      type: 'dsr.withdrawn',
      requestId,
      subject: req.subject,
      affected: out.deletedRecords,
    });
    return out;
  }

  /** Closes a request with what the person was told. */
  async complete(requestId: string, status: 'done' | 'rejected', outcome: string): Promise<DsrView> {
    const req = await this.get(requestId);
    // A closed request stays closed: its outcome is what the person was told.
    if (req.status !== 'open')
      throw new HexinError('DSR_INVALID', `request ${requestId} is already ${req.status}`);
    if (outcome.length > 500) throw new HexinError('DSR_INVALID', 'outcome must be at most 500 characters');
    const { workingDaysLeft: _l, overdue: _o, ...stored } = req;
    const next: DsrRequest = { ...stored, status, outcome, updatedAt: this.records.now().toISOString() };
    await this.save(next);
    await this.records.log({ type: 'dsr.completed', requestId, subject: req.subject });
    return this.view(next);
  }
}
