// Config sections of areas that have not published their own schema yet. [Note: placeholder sections] Each is
// strict like every section (a key the area does not read yet is a typo until it does); when the area lands its
// schema (e.g. `readerConfigSchema` in main/devices/idcard/config.ts), main/config/schema.ts imports it instead.
import { z } from 'zod';

/** main/vision — where the models live and how many threads inference may use. */
export const visionSectionPlaceholder = z.strictObject({
  modelsDir: z.string().min(1).optional(),
  threads: z.number().int().min(1).max(8).default(1),
});

const threshold = z.number().min(0.2).max(0.95);

/**
 * main/verify — the match threshold policy per reference type. Unset: the shipped thresholds (verify/match.ts,
 * from the match benchmark); a bank sets its own after running `npm run bench:match` on its population. Bounded:
 * below 0.2 strangers match, above 0.95 nobody does.
 */
export const verifySectionPlaceholder = z.strictObject({
  thresholds: z
    .strictObject({ full: threshold.optional(), chip: threshold.optional(), authority: threshold.optional() })
    .prefault({}),
});
