// The wire format of the kiosk's authority gateway protocol ("hexin-authority/1"), shared by the HTTPS client and
// the simulator so both sides parse the same schemas. A bank's gateway to the national platform (or another
// provider) speaks this; docs/integrations.md describes it for the gateway's implementers.
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';

export const COMPARE_PATH = '/v1/photo-compare';

export const ID_NUMBER = /^\d{17}[\dX]$/;

/** What the kiosk sends: the minimum for a photo comparison — number, (name), one face image. */
export const compareRequestSchema = z.strictObject({
  requestId: z.string().min(8).max(64),
  idNumber: z.string().regex(ID_NUMBER),
  name: z.string().min(1).max(64).optional(),
  image: z.base64().min(4),
  imageFormat: z.enum(['jpeg', 'png']),
});
export type CompareRequest = z.infer<typeof compareRequestSchema>;

/** The parts of an answer the kiosk reads; anything else in the reply (photos, names…) is dropped unread. */
export const compareReplySchema = z.object({
  requestId: z.string(),
  result: z.enum(['match', 'no_match', 'no_photo']),
  score: z.number().min(0).max(100).optional(),
  reference: z.string().min(1).max(128),
});
export type CompareReply = z.infer<typeof compareReplySchema>;

export const SIGNATURE_HEADERS = {
  keyId: 'x-hexin-key-id',
  timestamp: 'x-hexin-timestamp',
  nonce: 'x-hexin-nonce',
  signature: 'x-hexin-signature',
} as const;

/** The string the HMAC covers: method, path, timestamp, nonce and the body's SHA-256, one per line. */
export function signingInput(path: string, timestamp: string, nonce: string, body: Buffer): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return ['POST', path, timestamp, nonce, bodyHash].join('\n');
}

export function hmacSignature(secret: Buffer, input: string): string {
  return createHmac('sha256', secret).update(input, 'utf8').digest('base64url');
}
