// The port the business-app API drives: whatever runs a verification on the kiosk screen (the session
// orchestrator) implements VerificationStarter. The API knows nothing about cards, cameras or models.
import { z } from 'zod';

export const verificationRequestSchema = z.strictObject({
  /** What the verification is for, shown to the person, e.g. "open-account". */
  purpose: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and -, at most 64'),
  /** The third party the result is for; must be configured (delivery.thirdParties). */
  thirdPartyId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ -, at most 64'),
  /** The business app's own reference, echoed back; opaque to the kiosk and never shown. */
  reference: z.string().min(1).max(64).optional(),
  language: z.enum(['zh-CN', 'en']).optional(),
});
export type VerificationRequest = z.infer<typeof verificationRequestSchema>;

export type VerificationOutcome =
  | {
      status: 'completed';
      decision: 'pass' | 'fail';
      /** The signed result (JWS) for the third party, as also delivered to its callback: pass and fail alike. */
      token?: string;
      finishedAt: Date;
    }
  | {
      /** Ended without a decision: the person cancelled, refused consent, walked away, or something failed. */
      status: 'cancelled' | 'consent_refused' | 'timed_out' | 'error';
      code?: string;
      finishedAt: Date;
    };

export interface StartedVerification {
  sessionId: string;
  /** Settles when the session ends; never rejects (failures are an 'error' outcome). */
  outcome: Promise<VerificationOutcome>;
  /** Ends the session early (the business app withdrew the request). */
  cancel(): void;
}

export interface VerificationStarter {
  /**
   * Starts a session on the kiosk screen. Rejects with HexinError API_BUSY when a session is already running,
   * THIRD_PARTY_UNKNOWN for an unconfigured third party, or another HexinError when it cannot start.
   */
  start(request: VerificationRequest): Promise<StartedVerification>;
}
