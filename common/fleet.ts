// The kiosk ↔ fleet back office wire (zod): what a kiosk ships in a signed batch, how it enrols, asks about a
// lock-out and reports. Pure and shared: main/fleet (the kiosk side) builds these, backoffice/ validates them.
// Nothing here may carry biometrics or an ID number: a person appears only as a fleet subject, the keyed hash of
// their ID number under a numbered fleet pseudonymisation key.
import { z } from 'zod';

export const FLEET_WIRE_VERSION = 1;
export const KIOSK_ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Iso = z.iso.datetime({ offset: true });
const Code = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/);
const ShortText = z.string().max(200);

/** A person across the fleet: HMAC-SHA-256 of the ID number under fleet key version `v`. */
export const FleetSubjectSchema = z.strictObject({ v: z.number().int().min(1), h: Hex64 });
export type FleetSubject = z.infer<typeof FleetSubjectSchema>;

export const FleetItemSchema = z.discriminatedUnion('kind', [
  /** One audit-log entry as the kiosk wrote it (validated and chain-checked by the back office). */
  z.strictObject({ kind: z.literal('audit'), entry: z.record(z.string(), z.unknown()) }),
  /** The outcome of one verification: decision and reason, never scores' inputs, images or the ID number. */
  z.strictObject({
    kind: z.literal('result'),
    sessionId: z.string().min(1).max(64),
    at: Iso,
    decision: z.enum(['pass', 'fail', 'locked']),
    reason: z.string().max(64).nullable(),
    subject: FleetSubjectSchema.nullable(),
  }),
  z.strictObject({
    kind: z.literal('health'),
    at: Iso,
    version: z.string().max(64),
    components: z
      .record(z.string().max(32), z.strictObject({ state: z.string().max(16), detail: ShortText }))
      .refine((c) => Object.keys(c).length <= 16, 'too many components'),
  }),
  z.strictObject({
    kind: z.literal('environment'),
    at: Iso,
    trusted: z.boolean(),
    reasons: z.array(Code).max(16),
  }),
  /** A card locked out at this kiosk (also sent at once; here so it survives the link being down). */
  z.strictObject({
    kind: z.literal('lockout'),
    at: Iso,
    subject: FleetSubjectSchema,
    until: Iso,
  }),
  /**
   * A data-subject request staff recorded at this kiosk (main/staff/dsr-console.ts): the back office tracks it
   * with the deadline the kiosk gave, and finds the person's records on every kiosk. The person appears only as
   * their fleet subjects (under every fleet key the kiosk holds), never the ID number.
   */
  z.strictObject({
    kind: z.literal('dsr'),
    at: Iso,
    requestId: z.string().regex(/^[0-9a-f-]{36}$/),
    dsrKind: z.enum(['access', 'copy', 'correct', 'delete', 'withdraw']),
    subjects: z.array(FleetSubjectSchema).min(1).max(8),
    /** The deadline the kiosk computed with its working-day calendar (YYYY-MM-DD, Beijing). */
    dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  /** The kiosk's audit log holds fewer entries than it already shipped: someone cut it. */
  z.strictObject({
    kind: z.literal('audit-truncated'),
    at: Iso,
    shippedUpToSeq: z.number().int().min(0),
    logEndsAtSeq: z.number().int().min(-1),
  }),
]);
export type FleetItem = z.infer<typeof FleetItemSchema>;

export const MAX_BATCH_ITEMS = 1000;

/** The payload of one signed batch (a compact JWS, EdDSA, with the kiosk's batch key). */
export const FleetBatchSchema = z.strictObject({
  v: z.literal(FLEET_WIRE_VERSION),
  kioskId: KIOSK_ID,
  /** 1, 2, 3…: per kiosk, no gaps; the back office stores batch N only after N-1. */
  seq: z.number().int().min(1),
  createdAt: Iso,
  items: z.array(FleetItemSchema).max(MAX_BATCH_ITEMS),
});
export type FleetBatch = z.infer<typeof FleetBatchSchema>;

export const IngestReplySchema = z.strictObject({
  status: z.enum(['stored', 'duplicate']),
  seq: z.number().int(),
  alerts: z.array(z.string()).optional(),
});
export type IngestReply = z.infer<typeof IngestReplySchema>;

/** 409 from ingest: the back office expects this batch seq next (the kiosk skipped or repeated one). */
export const IngestConflictSchema = z.object({
  error: z.enum(['OUT_OF_ORDER', 'BATCH_CONFLICT']),
  expectedSeq: z.number().int(),
  message: z.string(),
});

export const Ed25519JwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

export const EnrolRequestSchema = z.strictObject({
  token: z.string().min(16).max(200),
  kioskId: KIOSK_ID,
  version: z.string().max(64),
  /** Verifies this kiosk's batches. */
  batchKey: Ed25519JwkSchema,
  /** Verifies the seals of this kiosk's audit log (RecordsService.auditPublicKeyPem). */
  auditKeyPem: z.string().max(2000).startsWith('-----BEGIN PUBLIC KEY-----'),
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const FleetKeySchema = z.strictObject({
  version: z.number().int().min(1),
  /** base64 of 32 bytes. */
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});
export type FleetKey = z.infer<typeof FleetKeySchema>;

export const EnrolReplySchema = z.strictObject({
  kioskId: KIOSK_ID,
  group: z.string().max(64),
  /** Every fleet key still in use, newest last: the kiosk hashes with the newest, looks up with all. */
  fleetKeys: z.array(FleetKeySchema).min(1),
  /** Verifies the config the back office pushes (an Ed25519 public JWK). */
  configKey: Ed25519JwkSchema,
});
export type EnrolReply = z.infer<typeof EnrolReplySchema>;

export const LockoutCheckSchema = z.strictObject({ subjects: z.array(FleetSubjectSchema).min(1).max(8) });
export const LockoutReplySchema = z.strictObject({ locked: z.boolean(), until: Iso.nullable() });
export type LockoutReply = z.infer<typeof LockoutReplySchema>;
export const LockoutReportSchema = z.strictObject({ subject: FleetSubjectSchema, until: Iso });

const DsrOrderPayloadSchema = z.strictObject({
  requestId: z.string().min(1).max(64),
  subjects: z.array(FleetSubjectSchema).min(1).max(8),
});

/** An order from the back office, to be carried out and acknowledged. */
export const FleetOrderSchema = z.discriminatedUnion('kind', [
  /** Erase (删除): every record of the person. */
  z.strictObject({
    id: z.string().regex(/^\d{1,18}$/),
    kind: z.literal('dsr.erase'),
    payload: DsrOrderPayloadSchema,
  }),
  /**
   * Withdraw consent (撤回同意): stop processing — what the consents covered (results, session records) goes and
   * unsent outbox items about the person are dropped — keeping what the law requires (the consent receipts, a
   * withdrawal receipt, the links that find them), as the kiosk's own withdraw does.
   */
  z.strictObject({
    id: z.string().regex(/^\d{1,18}$/),
    kind: z.literal('dsr.withdraw'),
    payload: DsrOrderPayloadSchema,
  }),
  /**
   * Locate (for access, copy or correction requests): the kiosk says how many records of the person it holds, so
   * staff know where the request must be answered.
   */
  z.strictObject({
    id: z.string().regex(/^\d{1,18}$/),
    kind: z.literal('dsr.locate'),
    payload: DsrOrderPayloadSchema,
  }),
  z.strictObject({
    id: z.string().regex(/^\d{1,18}$/),
    kind: z.literal('config'),
    /** A compact JWS (EdDSA, the back office's config key) of SignedConfig. */
    payload: z.strictObject({ jws: z.string().max(256 * 1024) }),
  }),
]);
export type FleetOrder = z.infer<typeof FleetOrderSchema>;
export const OrdersReplySchema = z.strictObject({
  orders: z.array(FleetOrderSchema).max(100),
  /** The fleet keys in use now: a rotation reaches the kiosk with its next pull. */
  fleetKeys: z.array(FleetKeySchema).min(1),
});

/** What a config order signs: a group's config version (the sections it sets, merged over the kiosk's own). */
export const SignedConfigSchema = z.strictObject({
  group: z.string().max(64),
  version: z.number().int().min(1),
  config: z.record(z.string(), z.unknown()),
});
export type SignedConfig = z.infer<typeof SignedConfigSchema>;

export const OrderAckSchema = z.strictObject({
  id: z.string().regex(/^\d{1,18}$/),
  ok: z.boolean(),
  detail: z.string().max(500),
  /** Records erased, deleted by the withdrawal or held (dsr.erase, dsr.withdraw, dsr.locate). */
  affected: z.number().int().min(0).optional(),
  appliedVersion: z.number().int().min(1).optional(),
  /** Config: what the kiosk stored but applies only at its next start (sections or paths), empty when all is live. */
  pendingRestart: z.array(z.string().max(100)).max(50).optional(),
});
export type OrderAck = z.infer<typeof OrderAckSchema>;
