// The app config: one zod schema composed from a section per area, with production defaults. Every value a
// deployment can set is here; `appConfigSchema.parse({})` is the default config. Every section,
// and every object in it, is strict (test/main/config/strict.test.ts walks the schema) so a typo fails loudly,
// naming the nearest known key, instead of silently keeping a default; every number is bounded.
import { z } from 'zod';
import { ConsentConfigSchema } from '../consent/config';
import { intentConfigSchema } from '../intent/config';
import { livenessConfigSchema } from '../liveness/config';
import { deliveryConfigSchema } from '../verify/delivery/config';
import { PIN_HASH_PATTERN } from './pin';
import { readerConfigSchema } from '../devices/idcard/config';
import { cameraConfigSchema } from '../devices/camera/config';
import { RecordsConfigSchema } from '../records/config';
import { authorityConfigSchema } from '../verify/authority/config';
import { apiConfigSchema } from '../api/config';
import { fleetConfigSchema } from '../fleet/config';
import { accessibilityConfigSchema } from '../accessibility/config';
import { verifySectionPlaceholder, visionSectionPlaceholder } from './sections';

const language = z.enum(['zh-CN', 'en']);
const seconds = (def: number, min: number, max: number) => z.number().int().min(min).max(max).default(def);

export const kioskSectionSchema = z.strictObject({
  /** Names this terminal in receipts, audit events and result tokens. */
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      'kiosk id: letters, digits, dot, dash, underscore; at most 64',
    )
    .default('kiosk-dev'),
});

export const languagesSectionSchema = z
  .strictObject({
    default: language.default('zh-CN'),
    available: z.array(language).min(1).default(['zh-CN', 'en']),
  })
  .refine((l) => l.available.includes(l.default), {
    message: 'the default language must be one of available',
  });

export const stepTimeoutsSchema = z.strictObject({
  consent: seconds(180, 10, 1800),
  card: seconds(90, 10, 600),
  guardian: seconds(90, 10, 600),
  capture: seconds(30, 5, 300),
  liveness: seconds(45, 5, 300),
  match: seconds(20, 2, 120),
  intent: seconds(90, 10, 600),
  /** How long a terminal screen (result, refused, locked, staff-required, error) stays before attract. */
  terminal: seconds(15, 3, 300),
});

export const sessionSectionSchema = z
  .strictObject({
    /** No touch for this long ends the session (everything personal wiped) and returns to attract. */
    idleTimeoutSeconds: seconds(60, 10, 3600),
    /** The idle countdown becomes prominent in these last seconds. */
    idleWarningSeconds: seconds(15, 0, 600),
    /** Failed attempts allowed per session (match, liveness or capture failure) before the final fail. */
    maxRetries: z.number().int().min(1).max(10).default(3),
    stepTimeoutsSeconds: stepTimeoutsSchema.prefault({}),
    /** Frames above this rate are dropped before analysis. */
    maxFramesPerSecond: z.number().int().min(1).max(30).default(10),
    /** Consecutive well-placed frames (guidance OK) before capture moves on. */
    settleFrames: z.number().int().min(1).max(60).default(3),
    /** Good live embeddings averaged into the probe (models.md: averaging helps against the chip photo). */
    probeEmbeddings: z.number().int().min(1).max(10).default(3),
  })
  .refine((s) => s.idleWarningSeconds < s.idleTimeoutSeconds, {
    message: 'idleWarningSeconds must be below idleTimeoutSeconds',
  });

/** Risk rule: this many failures for one card within the window lock that card out for lockMinutes. */
export const lockoutSectionSchema = z.strictObject({
  maxFailures: z.number().int().min(1).max(100).default(5),
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  lockMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
});

export const guardianSectionSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** Under this age a guardian confirms (中国: 18). */
    guardianAge: z.number().int().min(1).max(30).default(18),
    /** Under this age guardian consent is mandatory and the kiosk routes to staff-assisted mode (14). */
    staffAssistedAge: z.number().int().min(0).max(30).default(14),
  })
  .refine((g) => g.staffAssistedAge <= g.guardianAge, {
    message: 'staffAssistedAge must not exceed guardianAge',
  });

export const staffSectionSchema = z.strictObject({
  /** scrypt hash from `hexin config hash-pin`; null = staff mode disabled. A plain PIN is rejected. */
  pinHash: z
    .string()
    .regex(
      PIN_HASH_PATTERN,
      'staff.pinHash must be a scrypt hash (hexin config hash-pin), never the PIN itself',
    )
    .nullable()
    .default(null),
});

export const appConfigSchema = z.strictObject({
  kiosk: kioskSectionSchema.prefault({}),
  languages: languagesSectionSchema.prefault({}),
  /** Which agreement is shown and the deployment's words for its blanks (company, product, contact channel…). */
  consent: ConsentConfigSchema.prefault({}),
  session: sessionSectionSchema.prefault({}),
  lockout: lockoutSectionSchema.prefault({}),
  guardian: guardianSectionSchema.prefault({}),
  staff: staffSectionSchema.prefault({}),
  liveness: livenessConfigSchema.prefault({}),
  intent: intentConfigSchema.prefault({}),
  reader: readerConfigSchema.prefault({}),
  /** Which cameras a session may use (virtual cameras and files are refused; main/devices/camera). */
  camera: cameraConfigSchema.prefault({}),
  vision: visionSectionPlaceholder.prefault({}),
  verify: verifySectionPlaceholder.prefault({}),
  records: RecordsConfigSchema.prefault({}),
  authority: authorityConfigSchema.prefault({}),
  delivery: deliveryConfigSchema.prefault({}),
  /** The business-app API on 127.0.0.1 (main/api); off by default. */
  api: apiConfigSchema.prefault({}),
  /** The fleet back office link (main/fleet): off unless configured. */
  fleet: fleetConfigSchema.prefault({}),
  /** Elderly mode (长辈模式): larger text, higher contrast, slower pace, a way to staff (main/accessibility). */
  accessibility: accessibilityConfigSchema.prefault({}),
});

export type AppConfig = z.infer<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;
export type SessionConfig = AppConfig['session'];
export type LockoutConfig = AppConfig['lockout'];
export type GuardianConfig = AppConfig['guardian'];
