// Tells main whether a camera exists, without opening it (the camera is opened only during capture, after consent).
import { api } from '../api';

export async function reportCameraPresence(): Promise<void> {
  if (!navigator.mediaDevices?.enumerateDevices) {
    await api.reportCamera({ state: 'error', label: 'mediaDevices unavailable (not a secure context?)' });
    return;
  }
  const devices = await navigator.mediaDevices.enumerateDevices();
  const cameras = devices.filter((d) => d.kind === 'videoinput');
  await api.reportCamera(
    cameras.length > 0 ? { state: 'ok', label: cameras[0]?.label ?? '' } : { state: 'missing', label: '' },
  );
}
