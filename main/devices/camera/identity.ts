// Which camera is this? Rules on what the renderer reports (label, deviceId, USB ids): virtual cameras by name,
// the deployment's allow-list, file sources. Pure functions, so the session, health and tests judge alike.
import { cameraName, usbIdsOfLabel, type UsbIds } from '../../../common/camera';
import type { CameraConfig } from './config';

export interface CameraIdentity {
  label: string;
  deviceId: string | null;
  usb: UsbIds | null;
}

/**
 * Virtual cameras: software that shows the OS a camera whose pictures it makes up (a prepared video, a face swap,
 * a screen). Matched case-insensitively anywhere in the label. "Dummy video device" is v4l2loopback's default name
 * on Linux; the rest are the products' own device names.
 */
export const VIRTUAL_CAMERA_NAMES = [
  'obs virtual camera',
  'obs-camera',
  'obs camera',
  'v4l2loopback',
  'dummy video device',
  'loopback',
  'manycam',
  'snap camera',
  'xsplit vcam',
  'splitcam',
  'e2esoft',
  'vcam',
  'youcam',
  'camtwist',
  'mmhmm',
  'nvidia broadcast',
  'elgato virtual',
  'streamlabs',
  'vmix video',
  'altercam',
  'webcamoid',
  'droidcam',
  'iriun',
  'epoccam',
  'ivcam',
  'camo',
  'virtual camera',
  'virtual cam',
  'virtualcam',
  'fake webcam',
  'deepfake',
] as const;

/** Chromium's fake capture device: "fake_device_0", or the file it plays (--use-file-for-fake-video-capture). */
export function isFileSource(label: string): boolean {
  const l = label.trim().toLowerCase();
  return /\.(y4m|mjpeg|mjpg)$/.test(l) || /^fake_device_\d+$/.test(l);
}

/** The virtual-camera name the label contains, or null. Word-boundary match, so "Camo" is not "Camouflage". */
export function virtualCameraName(label: string, extra: readonly string[] = []): string | null {
  const l = label.toLowerCase();
  for (const name of [...VIRTUAL_CAMERA_NAMES, ...extra.map((n) => n.toLowerCase())]) {
    const at = l.indexOf(name);
    if (at < 0) continue;
    const before = at === 0 ? '' : (l[at - 1] as string);
    const after = l[at + name.length] ?? '';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return name;
  }
  return null;
}

export function identityOf(report: {
  label: string;
  deviceId?: string | undefined;
  usb?: UsbIds | undefined;
}): CameraIdentity {
  // The label is what the OS says; ids the renderer sent that contradict it are not believed.
  const fromLabel = usbIdsOfLabel(report.label);
  return { label: report.label, deviceId: report.deviceId || null, usb: fromLabel ?? null };
}

/** Whether the camera is one of `allowed` (see CameraConfig.allowed). */
export function isAllowed(id: CameraIdentity, allowed: readonly string[]): boolean {
  const label = id.label.toLowerCase();
  const name = cameraName(id.label).toLowerCase();
  const usb = id.usb ? `${id.usb.vendorId}:${id.usb.productId}` : null;
  return allowed.some((a) => {
    const e = a.toLowerCase();
    return e === label || (name !== '' && e === name) || (usb !== null && e === usb) || a === id.deviceId;
  });
}

export type IdentityRefusal = 'CAMERA_VIRTUAL' | 'CAMERA_NOT_ALLOWED' | 'CAMERA_FILE_SOURCE';

/** Why this camera may not be used, or null. A virtual camera is refused even when listed in `allowed`. */
export function judgeIdentity(
  id: CameraIdentity,
  config: CameraConfig,
): { code: IdentityRefusal; detail: string } | null {
  const virtual = virtualCameraName(id.label, config.deniedNames);
  if (virtual) return { code: 'CAMERA_VIRTUAL', detail: `virtual camera "${virtual}" in the label` };
  const file = isFileSource(id.label);
  if (file && !config.allowFileSource)
    return {
      code: 'CAMERA_FILE_SOURCE',
      detail: 'a file played as a camera (camera.allowFileSource is off)',
    };
  if (config.allowed.length > 0 && !isAllowed(id, config.allowed))
    return { code: 'CAMERA_NOT_ALLOWED', detail: 'not in camera.allowed' };
  return null;
}
