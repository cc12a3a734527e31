// Config sub-schema for the authority check (zod, with defaults), to be embedded in the kiosk's electron-store
// schema by main/config. File paths are relative to the data dir unless absolute.
import { z } from 'zod';

export const matchPolicySchema = z.enum(['local', 'authority', 'both']);
export type MatchPolicy = z.infer<typeof matchPolicySchema>;

export const requestSigningSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** HMAC-SHA256 over timestamp, nonce and body hash with a secret shared with the provider. */
  z.strictObject({ kind: z.literal('hmac-sha256'), keyId: z.string().min(1), secretFile: z.string().min(1) }),
]);
export type RequestSigning = z.infer<typeof requestSigningSchema>;

export const authorityProviderSchema = z
  .strictObject({
    /** Short id used in verdicts, logs and the breaker's name. */
    id: z.string().min(1).default('mps'),
    endpoint: z.url().optional(),
    allowInsecureHttp: z.boolean().default(false),
    tls: z
      .strictObject({
        caFile: z.string().optional(),
        certFile: z.string().optional(),
        keyFile: z.string().optional(),
        keyPassphraseFile: z.string().optional(),
      })
      .prefault({}),
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(10).default(3),
        initialDelayMs: z.number().int().min(0).max(60_000).default(200),
        maxDelayMs: z.number().int().min(0).max(300_000).default(2_000),
      })
      .prefault({}),
    breaker: z
      .strictObject({
        failureThreshold: z.number().int().min(1).max(1_000).default(5),
        cooldownMs: z.number().int().min(10).max(3_600_000).default(30_000),
      })
      .prefault({}),
    signing: requestSigningSchema.default({ kind: 'none' }),
    /** The national platform compares name + number + photo; other providers may need the number only. */
    sendName: z.boolean().default(true),
    maxImageBytes: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024)
      .default(512 * 1024),
  })
  .superRefine((p, ctx) => {
    if (p.endpoint) {
      const protocol = new URL(p.endpoint).protocol;
      if (protocol !== 'https:' && !(protocol === 'http:' && p.allowInsecureHttp)) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoint'],
          message: 'must be https (http only with allowInsecureHttp)',
        });
      }
    }
    if (Boolean(p.tls.certFile) !== Boolean(p.tls.keyFile)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tls'],
        message: 'certFile and keyFile go together (mutual TLS)',
      });
    }
  });
export type AuthorityProviderConfig = z.infer<typeof authorityProviderSchema>;

export const authorityConfigSchema = z
  .strictObject({
    /** local: the kiosk's own 1:1 match decides; authority: the provider decides; both: both must match. */
    policy: matchPolicySchema.default('local'),
    provider: authorityProviderSchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.policy !== 'local' && !c.provider.endpoint) {
      ctx.addIssue({
        code: 'custom',
        path: ['provider', 'endpoint'],
        message: `required when policy is ${c.policy}`,
      });
    }
  });
export type AuthorityConfig = z.infer<typeof authorityConfigSchema>;
