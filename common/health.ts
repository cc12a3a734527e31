// What the staff health panel shows: the state of each device and model, as main sees it.
import { z } from 'zod';

export const componentHealthSchema = z.object({
  state: z.enum(['ok', 'degraded', 'missing', 'error', 'starting']),
  /** A short technical detail for staff (device name, model file, error code). */
  detail: z.string().max(500),
});

export const healthSchema = z.object({
  reader: componentHealthSchema,
  camera: componentHealthSchema,
  models: componentHealthSchema,
  /** ISO time of this report. */
  at: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

export const cameraReportSchema = z.object({
  state: z.enum(['ok', 'missing', 'denied', 'error']),
  label: z.string().max(200).default(''),
});
export type CameraReport = z.infer<typeof cameraReportSchema>;
