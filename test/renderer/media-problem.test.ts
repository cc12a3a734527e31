// What a failed getUserMedia means for the kiosk, one reading for the camera (renderer/src/camera/use-camera.ts)
// and the microphone (renderer/src/intent/mic-recorder.ts). NotReadableError — the device is there and permitted
// but cannot be read: held by another application, or an OS or driver fault — is a device fault for staff to act
// on ('error'), not a missing device: nobody needs to plug a camera or microphone in. The microphone used to call it
// 'missing'. (No fake device in Chromium can be made busy or broken, so this is checked on the mapping itself.)
import { describe, expect, it } from 'vitest';
import { mediaProblemOf } from '../../renderer/src/media-problem';

describe('mediaProblemOf (the camera and the microphone)', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
    ['NotReadableError', 'error'],
    ['AbortError', 'error'],
  ])('%s is %s', (name, problem) => {
    expect(mediaProblemOf(new DOMException('could not start source', name))).toBe(problem);
  });

  it('anything but a DOMException is a fault', () => {
    expect(mediaProblemOf(new TypeError('no constraints'))).toBe('error');
    expect(mediaProblemOf('odd')).toBe('error');
  });
});
