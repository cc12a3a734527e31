// Config sub-schema for the business-app API (zod, with defaults), to be embedded in the kiosk's
// electron-store schema by main/config. The API only ever listens on loopback.
import { z } from 'zod';

export const apiConfigSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** 0 picks a free port (tests). */
  port: z.number().int().min(0).max(65_535).default(8723),
  host: z.enum(['127.0.0.1', '::1']).default('127.0.0.1'),
  /** Bearer token file (0600, created on first start); relative to the data dir unless absolute. */
  tokenFile: z.string().default('keys/api-token'),
  maxBodyBytes: z.number().int().min(256).max(1_048_576).default(16_384),
  /** Longest a GET may wait for the outcome (?wait=seconds). */
  maxWaitSeconds: z.number().int().min(0).max(300).default(60),
  /** How long a finished verification stays retrievable. */
  keepResultsSeconds: z.number().int().min(10).max(86_400).default(600),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
