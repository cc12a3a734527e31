// Config section `fleet`: whether and how this kiosk reports to the fleet back office. Off unless configured; when
// on, the back office URL (https) and the mutual-TLS files are required. Paths are relative to the data dir.
import { z } from 'zod';

export const fleetConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** The back office, e.g. https://fleet.bank.example:8443 */
    url: z.url().optional(),
    /** The back office's CA (PEM) and this kiosk's client certificate and key from the fleet CA. */
    caFile: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** One-time token from `npm run backoffice -- enrol-token`; used once, while not yet enrolled. */
    enrolmentToken: z.string().min(16).max(200).optional(),
    /** Where the link keeps its batch key, queue and progress. */
    stateDir: z.string().default('fleet'),
    /** How often the outbox is shipped when nothing new kicks it. */
    shipIntervalSeconds: z.number().int().min(1).max(3600).default(30),
    batchMaxItems: z.number().int().min(1).max(1000).default(500),
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** How long a card waits for the fleet lock-out answer before the kiosk decides on its own list. */
    lockoutCheckTimeoutMs: z.number().int().min(50).max(10_000).default(1_500),
  })
  .superRefine((c, ctx) => {
    if (!c.enabled) return;
    for (const key of ['url', 'caFile', 'certFile', 'keyFile'] as const)
      if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required when fleet.enabled` });
    if (c.url && new URL(c.url).protocol !== 'https:')
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'the back office is reached over https only' });
  });
export type FleetConfig = z.infer<typeof fleetConfigSchema>;
