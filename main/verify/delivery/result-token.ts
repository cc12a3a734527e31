// The signed result a third party receives: a compact JWS (EdDSA / Ed25519, via jose) carrying the decision and
// how it was reached, never images, embeddings or raw scores unless the deployment enables scores. The ID number
// appears only as a keyed hash (HMAC-SHA256 with a key shared with that third party), so a token proves "this
// person" to the party that already knows the number and nothing to anyone else.
import { createHmac, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, errors as joseErrors, importJWK, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import { HexinError } from '../../../common/errors';
import { matchPolicySchema } from '../authority/config';
import type { SigningKey } from './signing-key';

/** The media type put in the header so a token cannot be confused with another JWT the party accepts. */
export const RESULT_TOKEN_TYPE = 'hexin-result+jwt';

export const decisionSchema = z.enum(['pass', 'fail']);

export const resultClaimsSchema = z.object({
  iss: z.string().min(1),
  aud: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(16),
  sid: z.string().min(1),
  decision: decisionSchema,
  /** Why, as a code (MATCHED, NOT_MATCHED, AUTHORITY_UNAVAILABLE, …): lets the party tell a mismatch from an outage. */
  reason: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,63}$/)
    .optional(),
  liveness: z.string().min(1),
  policy: matchPolicySchema,
  purpose: z.string().min(1),
  /** When the verification finished (seconds since epoch); iat is when the token was signed. */
  verified_at: z.number().int(),
  idh: z.string().min(1),
  scores: z.object({ local: z.number().optional(), authority: z.number().optional() }).optional(),
  /** Present (true) when the card came from the simulated reader (reader.mode "simulator"): a demo, not a verification. */
  sim: z.literal(true).optional(),
});
export type ResultClaims = z.infer<typeof resultClaimsSchema>;

export interface ResultFacts {
  kioskId: string;
  thirdPartyId: string;
  sessionId: string;
  decision: z.infer<typeof decisionSchema>;
  /** Result reason code (common/session.ts), never anything personal. */
  reason?: string;
  livenessMode: string;
  matchPolicy: z.infer<typeof matchPolicySchema>;
  purpose: string;
  verifiedAt: Date;
  idNumber: string;
  /** Included only when the deployment enables scores (see IssueOptions.includeScores). */
  scores?: { local?: number; authority?: number };
  /** The kiosk ran on the simulated reader (reader.mode "simulator"). */
  simulated?: boolean;
}

export interface IssueOptions {
  /** The key shared with this third party for the ID-number hash. */
  idHashKey: Buffer;
  ttlSeconds: number;
  includeScores: boolean;
  now?: () => Date;
}

/** Keyed hash of an ID number, as the third party recomputes it: base64url(HMAC-SHA256(key, upper(number))). */
export function idNumberHash(idHashKey: Buffer, idNumber: string): string {
  return createHmac('sha256', idHashKey).update(idNumber.trim().toUpperCase(), 'utf8').digest('base64url');
}

/** Signs the result for one third party (the audience). */
export async function signResultToken(
  key: SigningKey,
  facts: ResultFacts,
  options: IssueOptions,
): Promise<string> {
  if (options.idHashKey.length < 16) throw new Error('idHashKey must be at least 16 bytes');
  if (facts.reason !== undefined && !/^[A-Z][A-Z0-9_]{1,63}$/.test(facts.reason))
    throw new Error('reason must be an UPPER_SNAKE code');
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const claims: Omit<ResultClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'jti'> = {
    sid: facts.sessionId,
    decision: facts.decision,
    ...(facts.reason !== undefined ? { reason: facts.reason } : {}),
    liveness: facts.livenessMode,
    policy: facts.matchPolicy,
    purpose: facts.purpose,
    verified_at: Math.floor(facts.verifiedAt.getTime() / 1000),
    idh: idNumberHash(options.idHashKey, facts.idNumber),
    ...(facts.simulated ? { sim: true as const } : {}),
  };
  if (options.includeScores && facts.scores) claims.scores = facts.scores;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: RESULT_TOKEN_TYPE })
    .setIssuer(facts.kioskId)
    .setAudience(facts.thirdPartyId)
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key.privateKey);
}

export interface VerifyOptions {
  audience: string;
  issuer?: string;
  clockToleranceSeconds?: number;
  currentDate?: Date;
}

/**
 * Checks a token as a third party would: signature with the kiosk's public key (JWK from `hexin keys export`,
 * or a KeyObject), algorithm, type, audience, expiry, and the claim shapes.
 */
export async function verifyResultToken(
  token: string,
  publicKey: JWK | KeyObject,
  options: VerifyOptions,
): Promise<ResultClaims> {
  const key = 'kty' in publicKey ? await importJWK(publicKey, 'EdDSA') : publicKey;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['EdDSA'],
      typ: RESULT_TOKEN_TYPE,
      audience: options.audience,
      ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
      clockTolerance: options.clockToleranceSeconds ?? 0,
      ...(options.currentDate ? { currentDate: options.currentDate } : {}),
    });
    const parsed = resultClaimsSchema.safeParse(payload);
    if (!parsed.success) {
      throw new HexinError(
        'RESULT_TOKEN_INVALID',
        `token claims malformed: ${z.prettifyError(parsed.error)}`,
      );
    }
    return parsed.data;
  } catch (e) {
    if (e instanceof HexinError) throw e;
    if (e instanceof joseErrors.JWTExpired) {
      throw new HexinError('RESULT_TOKEN_EXPIRED', 'result token has expired', undefined, { cause: e });
    }
    if (e instanceof joseErrors.JOSEError) {
      throw new HexinError(
        'RESULT_TOKEN_INVALID',
        `result token rejected: ${e.code}: ${e.message}`,
        undefined,
        {
          cause: e,
        },
      );
    }
    throw e;
  }
}
