// Records configuration: where the encrypted store and its key live, how long each record type is kept, how often
// the sweeper runs, and the calendar for data-subject-request deadlines. Defaults are deliberately short.
import path from 'node:path';
import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Days = z.number().int().min(0).max(3650);

export const RetentionDaysSchema = z.strictObject({
  /** Consent receipts: proof of what the person agreed to, kept as long as the result it covers. */
  consent: Days.default(30),
  /** Verification results (decision, scores, model versions). */
  result: Days.default(30),
  /** Session summary and the kiosk's device environment at the time. */
  session: Days.default(30),
  /** Data-subject requests and their outcomes: kept longer to show they were answered. */
  dsr: Days.default(365),
  /** Audit events; they carry no personal data beyond keyed hashes. */
  audit: Days.default(90),
});

/** The kiosk's registered profile, against which each session's device environment is checked. */
export const DeviceProfileSchema = z.strictObject({
  /** This kiosk's device id (from provisioning); empty: the id derived from the OS machine id (`hexin env`). */
  deviceId: z.string().max(128).default(''),
  /** Device ids the back office registered for this kiosk; none registered means not provisioned. */
  registeredDeviceIds: z.array(z.string().min(1).max(128)).max(16).default([]),
  /**
   * SHA-256 (hex) of the built application files (`out/`: main, preload, renderer), as shipped; unset: the check
   * is reported as not made. `hexin env --app-dir out` prints the value of a build.
   */
  appIntegritySha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'appIntegritySha256: 64 lowercase hex digits')
    .optional(),
  maxClockSkewSeconds: z.number().int().min(1).max(86_400).default(120),
  /**
   * A clock the kiosk trusts (an NTP-synchronised server of the bank): its HTTP `Date` header is read at start and
   * every `clockReferenceMinutes`. Unset: the clock skew is reported as not checked.
   */
  clockReferenceUrl: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'clockReferenceUrl: http or https only')
    .optional(),
  clockReferenceMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  /**
   * What an untrusted verdict does. 'warn': recorded with each session and shown in staff health. 'block': the
   * kiosk refuses to start sessions and shows the person "this terminal needs attention, please go to the counter".
   */
  onUntrusted: z.enum(['warn', 'block']).default('warn'),
});

export const RecordsConfigSchema = z.strictObject({
  /** Relative paths are taken from the app data dir (see resolveRecordsPaths). */
  dataDir: z.string().min(1).default('records'),
  /** The 0600 key file used by the web host and the CLI; the Electron host seals the key with safeStorage instead. */
  keyFile: z.string().min(1).default('keys/records.key'),
  /**
   * The audit seal key (an Ed25519 seed, in a 0600 file or sealed like the records key); never derived from the
   * records key. Default: audit-seal.key beside keyFile.
   */
  auditKeyFile: z.string().min(1).optional(),
  kioskId: z.string().min(1).max(64).default('kiosk-dev'),
  retentionDays: RetentionDaysSchema.default(() => RetentionDaysSchema.parse({})),
  sweepIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** Audit entries per signed seal; a seal is also written when the log is closed. */
  auditBatchSize: z.number().int().min(1).max(10_000).default(32),
  environment: DeviceProfileSchema.default(() => DeviceProfileSchema.parse({})),
  dsr: z
    .strictObject({
      deadlineWorkingDays: z.number().int().min(1).max(60).default(15),
      /** Public holidays (non-working days) in China, YYYY-MM-DD, as published each year by the State Council. */
      holidays: z.array(IsoDate).default([]),
      /** Weekend days that are working days (调休), YYYY-MM-DD. */
      makeupWorkdays: z.array(IsoDate).default([]),
    })
    .default(() => ({ deadlineWorkingDays: 15, holidays: [], makeupWorkdays: [] })),
});

export type DeviceProfile = z.infer<typeof DeviceProfileSchema>;
export type RetentionDays = z.infer<typeof RetentionDaysSchema>;
export type RecordsConfig = z.infer<typeof RecordsConfigSchema>;

/** The config with `dataDir` and `keyFile` made absolute against the app data dir. */
export function resolveRecordsPaths(config: RecordsConfig, appDataDir: string): RecordsConfig {
  const abs = (p: string): string => (path.isAbsolute(p) ? p : path.resolve(appDataDir, p));
  return {
    ...config,
    dataDir: abs(config.dataDir),
    keyFile: abs(config.keyFile),
    auditKeyFile: abs(auditKeyFileOf(config)),
  };
}

/** Where the audit seal key is kept: `auditKeyFile`, else audit-seal.key beside the records key. */
export function auditKeyFileOf(config: RecordsConfig): string {
  return config.auditKeyFile ?? path.join(path.dirname(config.keyFile), 'audit-seal.key');
}
