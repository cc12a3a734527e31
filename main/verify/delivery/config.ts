// Config sub-schema for signed results and their delivery (zod, with defaults), to be embedded in the kiosk's
// electron-store schema by main/config. Paths are relative to the data dir unless absolute.
import path from 'node:path';
import { z } from 'zod';

const base64Key = z
  .string()
  .refine((s) => /^[A-Za-z0-9+/_-]+=*$/.test(s) && Buffer.from(s, 'base64').length >= 16, {
    message: 'must be base64 of at least 16 bytes',
  });

export const thirdPartySchema = z.strictObject({
  /** The audience of the token; what the business-app API names as thirdPartyId. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ - (max 64)'),
  /** Shown to the person at consent time (the consent screen and the agreement's `{{thirdParty}}`). */
  name: z.string().min(1).max(200),
  /** The name per screen language, where it differs (e.g. an English name); `name` otherwise. */
  names: z
    .strictObject({
      'zh-CN': z.string().min(1).max(200).optional(),
      en: z.string().min(1).max(200).optional(),
    })
    .optional(),
  /** Where results are POSTed. https unless delivery.allowInsecureHttp (demo mode only). */
  callbackUrl: z.url(),
  /** Key shared with this party for the keyed hash of the ID number (base64, >= 16 bytes). */
  idHashKey: base64Key,
  /** PEM bundle to trust for this party's TLS server instead of the system roots. */
  caFile: z.string().optional(),
});
export type ThirdPartyConfig = z.infer<typeof thirdPartySchema>;

export const deliveryConfigSchema = z
  .strictObject({
    signingKeyFile: z.string().default('keys/result-signing.pem'),
    outboxDir: z.string().default('outbox/results'),
    tokenTtlSeconds: z.number().int().min(30).max(86_400).default(600),
    /** Raw match scores in tokens: off unless the deployment's agreement covers it. */
    includeScores: z.boolean().default(false),
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    retry: z
      .strictObject({
        initialDelayMs: z.number().int().min(1).max(3_600_000).default(2_000),
        maxDelayMs: z.number().int().min(1).max(86_400_000).default(60_000),
        maxAttempts: z.number().int().min(1).max(1_000).default(30),
      })
      .prefault({}),
    /** Plain-HTTP callbacks, for demo mode and loopback tests only. */
    allowInsecureHttp: z.boolean().default(false),
    thirdParties: z.array(thirdPartySchema).default([]),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.thirdParties.forEach((tp, i) => {
      if (seen.has(tp.id))
        ctx.addIssue({ code: 'custom', path: ['thirdParties', i, 'id'], message: 'duplicate id' });
      seen.add(tp.id);
      const protocol = new URL(tp.callbackUrl).protocol;
      if (protocol !== 'https:' && !(protocol === 'http:' && c.allowInsecureHttp)) {
        ctx.addIssue({
          code: 'custom',
          path: ['thirdParties', i, 'callbackUrl'],
          message: 'must be https (http only with allowInsecureHttp)',
        });
      }
    });
  });
export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;

/** A configured path resolved against the data dir. */
export function resolveDataPath(dataDir: string, p: string): string {
  return path.isAbsolute(p) ? p : path.join(dataDir, p);
}
