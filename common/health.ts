// What the staff health panel shows: the state of each device and model, as main sees it.
import { z } from 'zod';
import { usbIdsSchema } from './camera';
import { ENVIRONMENT_MODES, ENVIRONMENT_REASONS, ENVIRONMENT_UNCHECKED } from './environment';

export const componentHealthSchema = z.object({
  state: z.enum(['ok', 'degraded', 'missing', 'error', 'starting']),
  /** A short technical detail for staff (device name, model file, error code). */
  detail: z.string().max(500),
});
export type ComponentHealth = z.infer<typeof componentHealthSchema>;

/** The trusted-environment verdict (records.environment): reasons, checks not made, and whether it blocks. */
export const environmentHealthSchema = componentHealthSchema.extend({
  /** null until the first check finished. */
  trusted: z.boolean().nullable(),
  reasons: z.array(z.enum(ENVIRONMENT_REASONS)).max(ENVIRONMENT_REASONS.length),
  unchecked: z.array(z.enum(ENVIRONMENT_UNCHECKED)).max(ENVIRONMENT_UNCHECKED.length),
  mode: z.enum(ENVIRONMENT_MODES),
  /** True when the kiosk refuses to start sessions (block mode and an untrusted verdict). */
  blocking: z.boolean(),
  /** Measured clock skew in seconds against the reference, when there was one. */
  clockSkewSeconds: z.number().int().nullable(),
  checkedAt: z.string().max(40).nullable(),
});
export type EnvironmentHealth = z.infer<typeof environmentHealthSchema>;

export const healthSchema = z.object({
  reader: componentHealthSchema,
  camera: componentHealthSchema,
  models: componentHealthSchema,
  environment: environmentHealthSchema,
  /** The kiosk window (Electron host only): degraded after its page crashed or hung and was reloaded. */
  display: componentHealthSchema.optional(),
  /** The spoken prompts (main/voice/prompt-manifest.ts): present and as built, or which are missing or altered. */
  prompts: componentHealthSchema.optional(),
  /**
   * A person pressed 呼叫工作人员 / Call staff (elderly mode): when, and on which step; null when nobody is waiting.
   * Cleared when staff lock staff mode again after opening it (someone came and saw it).
   */
  assistance: z
    .strictObject({ requestedAt: z.string(), step: z.string().max(40) })
    .nullable()
    .default(null),
  /** ISO time of this report. */
  at: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

export const cameraReportSchema = z.object({
  state: z.enum(['ok', 'missing', 'denied', 'error']),
  label: z.string().max(200).default(''),
  /** The track's deviceId (getSettings()), when a camera was opened; main pins it per session. */
  deviceId: z.string().max(256).optional(),
  /** USB vendor/product id, where the label exposes them (usbIdsOfLabel); main checks them against the label. */
  usb: usbIdsSchema.optional(),
});
export type CameraReport = z.infer<typeof cameraReportSchema>;
