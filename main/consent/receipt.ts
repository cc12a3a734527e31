// The consent receipt: a machine-readable record of one decision (agree, refuse, withdraw), in the spirit of
// ISO/IEC TS 27560 consent records — who decided (kiosk, session, keyed subject hash when known), on exactly
// which notice (id, version, language, SHA-256 of the text shown), for which purposes and data, with which
// separate confirmations, and when. Its own SHA-256 goes on the person's QR code.
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { ConsentDecisionKindSchema, LanguageSchema, type ReceiptSummary } from '../../common/consent';

export const RECEIPT_SCHEMA = 'hexin-consent-receipt/1';

export const ConsentReceiptSchema = z.strictObject({
  schema: z.literal(RECEIPT_SCHEMA),
  receiptId: z.string().uuid(),
  time: z.string(),
  kioskId: z.string().min(1).max(64),
  sessionId: z.string().max(64).optional(),
  /** Keyed hash of the ID number, when known (withdrawals; agree/refuse happen before the card is read). */
  subject: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  controller: z.string().max(200),
  decision: ConsentDecisionKindSchema,
  notice: z.strictObject({
    agreementId: z.string(),
    version: z.string(),
    language: LanguageSchema,
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  purposes: z.array(z.string()),
  /** Data categories the notice covers; `sensitive` ones needed the separate confirmation. */
  dataCategories: z.array(z.strictObject({ id: z.string(), sensitive: z.boolean() })),
  confirmations: z.array(z.strictObject({ id: z.string(), given: z.boolean() })),
  guardian: z.boolean(),
  /** The third party the person authorised to receive the result (named in the text shown), when there was one. */
  thirdParty: z.strictObject({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) }).optional(),
  /** For withdrawals: the receipts withdrawn and how many records were deleted as a result. */
  withdraws: z.array(z.string()).optional(),
  deletedRecords: z.number().int().min(0).optional(),
  /** The data-subject request this decision answered, if any. */
  requestId: z.string().max(64).optional(),
});
export type ConsentReceipt = z.infer<typeof ConsentReceiptSchema>;

export const PURPOSES = ['identity-verification', 'result-to-authorised-third-party'] as const;
export const DATA_CATEGORIES: ConsentReceipt['dataCategories'] = [
  { id: 'name', sensitive: false },
  { id: 'id-number', sensitive: true },
  { id: 'id-photo', sensitive: true },
  { id: 'face-image', sensitive: true },
  { id: 'voice', sensitive: true },
  { id: 'device-environment', sensitive: false },
];

/** SHA-256 of the receipt's canonical JSON (fields in schema order, as stored). */
export function receiptHash(receipt: ConsentReceipt): string {
  return createHash('sha256')
    .update(JSON.stringify(ConsentReceiptSchema.parse(receipt)))
    .digest('hex');
}

/** What the person may see or print: id, hash, and a QR code (SVG) of `hexin-receipt:<id>:<sha256>`. */
export async function receiptSummary(receipt: ConsentReceipt): Promise<ReceiptSummary> {
  const receiptSha256 = receiptHash(receipt);
  const qrSvg = await QRCode.toString(`hexin-receipt:${receipt.receiptId}:${receiptSha256}`, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  });
  return {
    receiptId: receipt.receiptId,
    decision: receipt.decision,
    agreementId: receipt.notice.agreementId,
    version: receipt.notice.version,
    time: receipt.time,
    receiptSha256,
    qrSvg,
  };
}
