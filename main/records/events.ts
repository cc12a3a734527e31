// What the audit log may say. Every event is a strict schema of short, non-personal fields: what happened,
// never who looked like what. The person appears only as a keyed hash of their ID number (`subject`).
import { z } from 'zod';

const Id = z.string().min(1).max(64);
const Reason = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'an UPPER_SNAKE reason code');
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A scalar an event may carry. Strings are short and may not hold a run of 15+ digits (an ID number, a phone
 * number, a card number): the log describes what happened, the keyed `subject` hash says who.
 */
const SafeScalar = z.union([
  z
    .string()
    .max(64)
    .refine((s) => !/\d{15,}/.test(s.replace(/[\s-]/g, '')), 'looks like an identifying number'),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

/** Events of the session orchestrator (main/session), which names its own event types: a bounded, scalar-only shape. */
export const SessionEventSchema = z.strictObject({
  type: z.string().regex(/^[a-z]+(\.[a-z][a-z-]*)+$/),
  sessionId: Id,
  kioskId: z.string().max(64).optional(),
  data: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), SafeScalar)
    .refine((d) => Object.keys(d).length <= 16, 'too many fields'),
});

/** Events records, consent and privacy code write themselves, each with its exact fields. */
export const RecordsEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('session.started'), sessionId: Id }),
  z.strictObject({
    type: z.literal('session.ended'),
    sessionId: Id,
    outcome: z.enum(['pass', 'fail', 'cancelled', 'idle', 'card-removed', 'refused', 'error']),
  }),
  z.strictObject({
    type: z.enum(['consent.given', 'consent.refused', 'consent.withdrawn']),
    sessionId: Id.optional(),
    receiptId: Id,
    agreementId: Id,
    version: z.string().min(1).max(32),
    textSha256: Hash,
  }),
  z.strictObject({
    type: z.literal('card.read'),
    sessionId: Id,
    subject: Hash,
    cardType: z.enum(['resident', 'foreign-permanent', 'hk-macao-taiwan']),
  }),
  z.strictObject({ type: z.literal('card.failed'), sessionId: Id, reason: Reason }),
  z.strictObject({ type: z.literal('liveness.passed'), sessionId: Id }),
  z.strictObject({ type: z.literal('liveness.failed'), sessionId: Id, reason: Reason }),
  // Decision only: scores live in the encrypted result record, the plain audit log does not need them.
  z.strictObject({
    type: z.literal('match.result'),
    sessionId: Id,
    decision: z.enum(['pass', 'retry', 'fail']),
    modelVersion: z.string().max(64).optional(),
  }),
  z.strictObject({
    type: z.literal('risk.locked'),
    sessionId: Id.optional(),
    subject: Hash,
    untilIso: z.string().max(40),
  }),
  z.strictObject({
    type: z.literal('environment.checked'),
    sessionId: Id.optional(),
    trusted: z.boolean(),
    reasons: z.array(Reason).max(16),
  }),
  z.strictObject({ type: z.literal('result.delivered'), sessionId: Id, recipient: z.string().max(64) }),
  z.strictObject({
    type: z.literal('records.purged'),
    counts: z.record(z.string().max(16), z.number().int().min(0)),
    auditEntriesDropped: z.number().int().min(0),
  }),
  z.strictObject({
    type: z.enum([
      'dsr.received',
      'dsr.located',
      'dsr.exported',
      'dsr.corrected',
      'dsr.erased',
      'dsr.withdrawn',
      'dsr.completed',
    ]),
    requestId: Id,
    subject: Hash,
    affected: z.number().int().min(0).optional(),
  }),
  z.strictObject({ type: z.literal('audit.repaired'), droppedBytes: z.number().int().min(0) }),
  /** The Electron host reloaded the kiosk window after its page crashed or hung (Chromium's reason code). */
  z.strictObject({
    type: z.literal('kiosk.window-reloaded'),
    cause: z.enum(['render-process-gone', 'unresponsive']),
    reason: z.string().regex(/^[a-z][a-z-]{0,31}$/),
  }),
  /** The first entry under a new seal key: where the closed log of the old key was set aside, and its head. */
  z.strictObject({
    type: z.literal('audit.rekeyed'),
    legacyDir: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
    legacyEntries: z.number().int().min(0),
    legacyLastHash: Hash,
  }),
]);

export const AuditEventSchema = z.union([RecordsEventSchema, SessionEventSchema]);

export type RecordsEvent = z.infer<typeof RecordsEventSchema>;
export type SessionEvent = z.infer<typeof SessionEventSchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
