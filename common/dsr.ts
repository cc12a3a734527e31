// The staff console's side of data-subject requests (查阅、复制、更改、删除、撤回同意) in the contract: what staff
// send (every field bounded, ID numbers checked with their check character) and what they get back. The console
// sees what is held about a person — counts, dates, receipts — never biometrics (none exist on disk) and never the
// ID number in plain: requests carry only its keyed hash in main, so each action asks for the number again.
import { z } from 'zod';
import { idNumberSchema } from './id-number';

export const DSR_KINDS = ['access', 'copy', 'correct', 'delete', 'withdraw'] as const;
export const dsrKindSchema = z.enum(DSR_KINDS);
export type DsrKindName = z.infer<typeof dsrKindSchema>;

const requestId = z.string().regex(/^[0-9a-f-]{36}$/, 'a request id');
const recordId = z.string().regex(/^[0-9a-f-]{36}$/, 'a record id');
const isoTime = z.string().max(40);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().min(0);

export const dsrOpenArgsSchema = z.strictObject({
  kind: dsrKindSchema,
  idNumber: idNumberSchema,
  note: z.string().trim().max(500).optional(),
});

export const dsrRequestViewSchema = z.object({
  requestId,
  kind: dsrKindSchema,
  status: z.enum(['open', 'done', 'rejected']),
  receivedAt: isoTime,
  /** Beijing date by which the person must have an answer (15 working days by default). */
  dueBy: isoDate,
  /** Working days left (negative when overdue). */
  workingDaysLeft: z.number().int(),
  overdue: z.boolean(),
  note: z.string().max(500).optional(),
  outcome: z.string().max(500).optional(),
  updatedAt: isoTime,
});
export type DsrRequestView = z.infer<typeof dsrRequestViewSchema>;

export const dsrListArgsSchema = z.strictObject({ includeClosed: z.boolean().optional() });
export const dsrListSchema = z.array(dsrRequestViewSchema).max(1000);

/** Every action on a request names it and the person's ID number, which must hash to the request's subject. */
export const dsrSubjectArgsSchema = z.strictObject({ requestId, idNumber: idNumberSchema });

export const dsrReceiptSummarySchema = z.object({
  receiptId: z.string().max(64),
  decision: z.enum(['agree', 'refuse', 'withdraw']),
  time: isoTime,
  agreementId: z.string().max(64),
  version: z.string().max(32),
  /** For a withdrawal receipt: how many records it deleted. */
  deletedRecords: count.optional(),
});

export const dsrHeldRecordSchema = z.object({
  recordId,
  type: z.enum(['consent', 'result', 'session']),
  /** What the record is (verification, summary, environment, subject-link…), never its content. */
  kind: z.string().max(32).nullable(),
  time: isoTime,
  /** Whether the console may correct it (receipts are evidence and are not corrected). */
  correctable: z.boolean(),
});

/** What the kiosk holds about the person: counts by type, first and last date, receipts, the records by id. */
export const dsrHoldingsSchema = z.object({
  requestId,
  counts: z.object({ consent: count, result: count, session: count }),
  firstAt: isoTime.nullable(),
  lastAt: isoTime.nullable(),
  receipts: z.array(dsrReceiptSummarySchema).max(500),
  records: z.array(dsrHeldRecordSchema).max(1000),
});
export type DsrHoldings = z.infer<typeof dsrHoldingsSchema>;

export const dsrExportResultSchema = z.object({
  /** Absolute path of the JSON copy on the kiosk (see main/staff/dsr-console.ts for why a file). */
  path: z.string().max(1000),
  fileName: z.string().max(200),
  records: count,
  /** SHA-256 of the file, so whoever receives it can check it is the copy handed over. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const dsrCorrectArgsSchema = z.strictObject({
  requestId,
  idNumber: idNumberSchema,
  recordId,
  field: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a field name'),
  value: z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]),
});
export const dsrCorrectResultSchema = z.object({ recordId, field: z.string().max(32) });

export const dsrEraseResultSchema = z.object({ deleted: count });

export const dsrWithdrawResultSchema = z.object({
  deleted: count,
  receiptId: z.string().max(64),
  receiptSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const dsrCloseArgsSchema = z.strictObject({
  requestId,
  status: z.enum(['done', 'rejected']),
  outcome: z.string().trim().min(1).max(500),
});
