// What the renderer says about the camera it uses, and how a label names a USB camera. Shared by the renderer
// (which sees the MediaStreamTrack) and main (which judges it: main/devices/camera).
import { z } from 'zod';

const hex4 = z.string().regex(/^[0-9a-f]{4}$/, 'four lower-case hex digits');

export const usbIdsSchema = z.strictObject({ vendorId: hex4, productId: hex4 });
export type UsbIds = z.infer<typeof usbIdsSchema>;

/**
 * Chromium names a USB (UVC) camera "<name> (<vendor>:<product>)" on Linux, Windows and macOS, e.g.
 * "HD Pro Webcam C920 (046d:082d)"; other cameras (built-in, virtual, Chromium's fake device) carry no ids.
 */
export function usbIdsOfLabel(label: string): UsbIds | null {
  const m = /\(([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\)\s*$/.exec(label);
  return m ? { vendorId: (m[1] as string).toLowerCase(), productId: (m[2] as string).toLowerCase() } : null;
}

/** The label without a trailing USB id, e.g. "HD Pro Webcam C920". */
export function cameraName(label: string): string {
  return label.replace(/\s*\([0-9a-fA-F]{4}:[0-9a-fA-F]{4}\)\s*$/, '').trim();
}
