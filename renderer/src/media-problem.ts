// What a failed getUserMedia means for the kiosk — one reading for the camera and the microphone, so staff health,
// the screens and the audit log name the same failure the same way.
//
// NotReadableError says the device is there and permitted but could not be read: another application holds it, or
// the OS or its driver failed. On a kiosk either needs staff at the machine (close the other app, reconnect, restart),
// so it is a fault ('error': "Fault" in staff health), never 'missing' ("Not connected"), which would send them to
// look for a device that is plugged in.
export type MediaProblem = 'missing' | 'denied' | 'error';

export function mediaProblemOf(error: unknown): MediaProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  // NotReadableError, AbortError, anything else: the device did not work.
  return 'error';
}
